//! The definitions card that reconciles meetload with other tools: each row
//! puts meetload's default beside Viva Insights' and Clockwise/Multitudes'
//! variants, and the two that differ most are computed both ways.

use serde::Serialize;

use crate::analysis::summary::Summary;
use crate::config::Options;

/// One metric as meetload and two other tools define it.
#[derive(Debug, Clone, Serialize)]
pub struct Reconcile {
    pub metric: &'static str,
    pub meetload: String,
    pub viva: &'static str,
    pub clockwise_multitudes: &'static str,
    /// Medians per person-week: meetload's default and the variant, hours.
    pub default_h: Option<f64>,
    pub variant_h: Option<f64>,
    pub variant: &'static str,
}

/// The reconciliation rows for the summary's medians.
pub fn rows(s: &Summary, opts: &Options) -> Vec<Reconcile> {
    vec![
        Reconcile {
            metric: "Focus time",
            meetload: format!(
                "free blocks of {} min or more inside working hours",
                opts.focus_block.num_minutes()
            ),
            viva: "focus hours: 2 h+ blocks; \"uninterrupted hours\": 1 h+ blocks",
            clockwise_multitudes: "Clockwise: 2 h+ blocks; Multitudes: not a metric",
            default_h: Some(s.focus_h_median),
            variant_h: Some(s.focus_1h_h_median),
            variant: "1 h+ blocks",
        },
        Reconcile {
            metric: "Meeting hours",
            meetload: "overlapping meetings merged (a double-booked hour counts once)".into(),
            viva: "overlaps merged",
            clockwise_multitudes: "Multitudes: each meeting counted (overlaps twice)",
            default_h: Some(s.meeting_h_median),
            variant_h: Some(s.meeting_raw_h_median),
            variant: "overlaps counted twice",
        },
        Reconcile {
            metric: "Large meeting",
            meetload: format!("{}+ invitees (rooms excluded)", opts.large_meeting),
            viva: "9+ attendees",
            clockwise_multitudes: "not a fixed threshold",
            default_h: None,
            variant_h: None,
            variant: "",
        },
        Reconcile {
            metric: "After hours",
            meetload: "meeting time outside each person's working hours in their own zone".into(),
            viva: "outside the person's Outlook working hours",
            clockwise_multitudes: "Multitudes: out-of-hours work from calendar and commits",
            default_h: Some(s.meeting_after_hours_h_median),
            variant_h: None,
            variant: "",
        },
    ]
}

/// A row as the template prints it: the two medians in one text.
#[derive(Serialize)]
pub struct Shown<'a> {
    metric: &'a str,
    meetload: &'a str,
    viva: &'a str,
    clockwise_multitudes: &'a str,
    shown: String,
}

impl<'a> From<&'a Reconcile> for Shown<'a> {
    fn from(r: &'a Reconcile) -> Self {
        let shown = match (r.default_h, r.variant_h) {
            (Some(d), Some(v)) => format!("{:.1} / {:.1} ({})", d, v, r.variant),
            (Some(d), None) => format!("{d:.1}"),
            _ => String::new(),
        };
        Shown {
            metric: r.metric,
            meetload: &r.meetload,
            viva: r.viva,
            clockwise_multitudes: r.clockwise_multitudes,
            shown,
        }
    }
}

//! The hygiene section's view: for the team and each roster group, the share
//! of meeting hours that is large, long, short notice, recurring, after
//! hours or on a weekend, with the cost when `hourly_rate` is set, and the
//! costliest series (numbers from `analysis::hygiene`; markup in
//! assets/templates/report.html).

use serde::Serialize;

use crate::analysis::hygiene::{Flag, Scope};
use crate::analysis::privacy;
use crate::analysis::Analysis;
use crate::config::Options;
use crate::model::Kind;

/// The costliest series shown on the page.
const SERIES_SHOWN: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct HygieneLine {
    pub scope: Scope,
    pub column: String,
    pub name: String,
    pub people: usize,
    pub meeting_h: f64,
    /// Shares (0-1) in [`Flag::ALL`] order.
    pub shares: Vec<f64>,
    pub cost: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesCost {
    pub title: String,
    /// Implicit series of one title differ by organizer.
    pub organizer: String,
    pub kind: Kind,
    pub person_hours: f64,
    pub cost: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HygieneView {
    /// Column headings, one per flag, with the configured thresholds.
    pub flags: Vec<String>,
    /// `hourly_rate` is set.
    pub priced: bool,
    /// The team, then each roster group.
    pub rows: Vec<HygieneLine>,
    /// The costliest series (with a rate only).
    pub series_cost: Vec<SeriesCost>,
}

fn heading(flag: Flag, opts: &Options) -> String {
    match flag {
        Flag::Large => format!("Large ({}+)", opts.large_meeting),
        Flag::Long => format!("Long (> {} min)", opts.long_meeting_minutes),
        Flag::ShortNotice => format!("Short notice (< {} h)", opts.short_notice_hours),
        Flag::Recurring => "Recurring".into(),
        Flag::AfterHours => "After hours".into(),
        Flag::Weekend => "Weekend".into(),
    }
}

pub fn build(a: &Analysis, opts: &Options) -> HygieneView {
    let rows = a.hygiene.iter().filter(|r| r.scope != Scope::Person);
    let mut series: Vec<&crate::analysis::series::Series> = a.series.iter().collect();
    series.sort_by(|x, y| y.person_hours.total_cmp(&x.person_hours));
    HygieneView {
        flags: Flag::ALL.iter().map(|&f| heading(f, opts)).collect(),
        priced: opts.hourly_rate.is_some(),
        rows: rows
            .map(|r| HygieneLine {
                scope: r.scope,
                column: r.column.clone(),
                name: r.name.clone(),
                people: r.people,
                meeting_h: r.tally.meeting_h(),
                shares: Flag::ALL.iter().map(|&f| r.tally.share(f)).collect(),
                cost: r.tally.cost(opts),
            })
            .collect(),
        series_cost: opts
            .hourly_rate
            .map(|rate| {
                let top = series.iter().take(SERIES_SHOWN);
                top.map(|s| SeriesCost {
                    title: privacy::title(&s.title, &s.key, opts.privacy),
                    organizer: s
                        .organizer
                        .as_deref()
                        .map(|o| privacy::person(o, opts.privacy))
                        .unwrap_or_default(),
                    kind: s.kind,
                    person_hours: s.person_hours,
                    cost: rate * s.person_hours,
                })
                .collect()
            })
            .unwrap_or_default(),
    }
}

//! The metrics a comparison looks at, by name: what each one is, its unit,
//! which direction is better and how it is read from a person-week.

use serde::{Deserialize, Serialize};

use crate::analysis::weeks::WeekSums;

/// A per-person, per-week metric compared between two periods. Its name is
/// the person_week column of the same quantity (unit suffix included); the
/// aliases read comparison.json files written before the names had units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Metric {
    #[serde(rename = "meeting_h", alias = "meeting_hours")]
    MeetingHours,
    #[serde(rename = "focus_h", alias = "focus_hours")]
    FocusHours,
    #[serde(rename = "fragmented_h", alias = "fragmented_hours")]
    FragmentedHours,
    #[serde(rename = "fragmented_share", alias = "fragmentation_ratio")]
    FragmentationRatio,
    #[serde(rename = "meeting_after_hours_h", alias = "after_hours_meeting_hours")]
    AfterHoursMeetingHours,
    #[serde(rename = "status_meeting_h", alias = "status_meeting_hours")]
    StatusMeetingHours,
    #[serde(rename = "meetings")]
    Meetings,
    #[serde(rename = "back_to_back_chains")]
    BackToBackChains,
}

/// What a metric's values count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Hours per person-week.
    Hours,
    /// A share between 0 and 1.
    Ratio,
    /// A count per person-week.
    Count,
}

impl Unit {
    /// The unit as the tables' `unit` column writes it; a metric's name ends
    /// with `_h` or `_share` for the first two (a count is a plain noun, as in
    /// person_week).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Hours => "h",
            Unit::Ratio => "share",
            Unit::Count => "count",
        }
    }
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Lower,
    Higher,
}

impl Metric {
    /// Every metric, in the order tables and pages list them.
    pub const ALL: [Metric; 8] = [
        Metric::MeetingHours,
        Metric::FocusHours,
        Metric::FragmentedHours,
        Metric::FragmentationRatio,
        Metric::AfterHoursMeetingHours,
        Metric::StatusMeetingHours,
        Metric::Meetings,
        Metric::BackToBackChains,
    ];

    /// The name used in tables and JSON: the person_week column of the same
    /// quantity, so it ends with its unit (`_h`, `_share`; a count is a plain noun).
    pub fn name(self) -> &'static str {
        match self {
            Metric::MeetingHours => "meeting_h",
            Metric::FocusHours => "focus_h",
            Metric::FragmentedHours => "fragmented_h",
            Metric::FragmentationRatio => "fragmented_share",
            Metric::AfterHoursMeetingHours => "meeting_after_hours_h",
            Metric::StatusMeetingHours => "status_meeting_h",
            Metric::Meetings => "meetings",
            Metric::BackToBackChains => "back_to_back_chains",
        }
    }

    /// A label for people, without the unit.
    pub fn label(self) -> &'static str {
        match self {
            Metric::MeetingHours => "Meeting hours",
            Metric::FocusHours => "Focus hours",
            Metric::FragmentedHours => "Fragmented hours",
            Metric::FragmentationRatio => "Fragmentation ratio",
            Metric::AfterHoursMeetingHours => "After-hours meeting hours",
            Metric::StatusMeetingHours => "Status-meeting hours",
            Metric::Meetings => "Meetings",
            Metric::BackToBackChains => "Back-to-back chains",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::FragmentationRatio => Unit::Ratio,
            Metric::Meetings | Metric::BackToBackChains => Unit::Count,
            _ => Unit::Hours,
        }
    }

    pub fn better(self) -> Better {
        match self {
            Metric::FocusHours => Better::Higher,
            _ => Better::Lower,
        }
    }

    /// The label with its unit, e.g. `Meeting hours (h/week)`.
    pub fn label_with_unit(self) -> String {
        let unit = match self.unit() {
            Unit::Hours => "h/week",
            Unit::Ratio => "share 0-1",
            Unit::Count => "per week",
        };
        format!("{} ({unit})", self.label())
    }

    /// Decimals worth showing: a ratio needs more than hours.
    pub fn decimals(self) -> usize {
        match self.unit() {
            Unit::Ratio => 3,
            Unit::Hours | Unit::Count => 2,
        }
    }

    /// A value (or change, with `signed`) at the metric's precision.
    pub fn format(self, v: f64, signed: bool) -> String {
        let d = self.decimals();
        let factor = 10f64.powi(d as i32);
        // a value that rounds to zero is shown as 0, not -0
        let v = if (v * factor).round() == 0.0 { 0.0 } else { v };
        if signed {
            format!("{v:+.d$}")
        } else {
            format!("{v:.d$}")
        }
    }

    /// The metric's value for one person-week.
    pub fn of(self, w: &WeekSums) -> f64 {
        let hours = |min: i64| min as f64 / 60.0;
        match self {
            Metric::MeetingHours => hours(w.meeting),
            Metric::FocusHours => hours(w.focus),
            Metric::FragmentedHours => hours(w.fragmented),
            Metric::FragmentationRatio if w.focus + w.fragmented > 0 => {
                w.fragmented as f64 / (w.focus + w.fragmented) as f64
            }
            Metric::FragmentationRatio => 0.0,
            Metric::AfterHoursMeetingHours => hours(w.after_hours),
            Metric::StatusMeetingHours => hours(w.status),
            Metric::Meetings => w.meetings as f64,
            Metric::BackToBackChains => w.back_to_back_chains as f64,
        }
    }
}

/// A value per metric: per-person means, predicted changes...
pub type ByMetric = std::collections::BTreeMap<Metric, f64>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_read_their_own_field_and_name_themselves() {
        let w = WeekSums {
            meeting: 90,
            focus: 300,
            fragmented: 100,
            meetings: 4,
            ..WeekSums::default()
        };
        assert_eq!(Metric::MeetingHours.of(&w), 1.5);
        assert_eq!(Metric::FocusHours.of(&w), 5.0);
        assert_eq!(Metric::FragmentationRatio.of(&w), 0.25);
        assert_eq!(Metric::Meetings.of(&w), 4.0);
        assert_eq!(Metric::FragmentationRatio.of(&WeekSums::default()), 0.0);
        let names: std::collections::BTreeSet<&str> =
            Metric::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(names.len(), Metric::ALL.len());
        assert_eq!(
            serde_json::to_string(&Metric::AfterHoursMeetingHours).unwrap(),
            "\"meeting_after_hours_h\""
        );
        assert_eq!(Metric::FragmentationRatio.format(0.1234, false), "0.123");
        assert_eq!(Metric::MeetingHours.format(-0.001, true), "+0.00");
        assert_eq!(Metric::MeetingHours.format(-1.5, true), "-1.50");
        assert_eq!(Metric::FocusHours.better(), Better::Higher);
    }

    #[test]
    fn every_metric_name_carries_its_unit_and_is_its_json_name() {
        for m in Metric::ALL {
            let name = m.name();
            match m.unit() {
                Unit::Hours => assert!(name.ends_with("_h"), "{name}"),
                Unit::Ratio => assert!(name.ends_with("_share"), "{name}"),
                // counts are plain nouns, as in person_week
                Unit::Count => assert!(!name.ends_with("_h") && !name.ends_with("_share")),
            }
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{name}\""));
            let back: Metric = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(back, m);
        }
    }

    #[test]
    fn metric_names_without_units_from_older_files_still_read() {
        let old = r#"{"meeting_hours": 1.0, "focus_hours": 2.0, "fragmented_hours": 3.0,
            "fragmentation_ratio": 0.5, "after_hours_meeting_hours": 4.0,
            "status_meeting_hours": 5.0, "meetings": 6.0, "back_to_back_chains": 7.0}"#;
        let read: ByMetric = serde_json::from_str(old).unwrap();
        assert_eq!(read.len(), Metric::ALL.len());
        assert_eq!(read[&Metric::FragmentationRatio], 0.5);
        assert_eq!(read[&Metric::AfterHoursMeetingHours], 4.0);
        assert_eq!(read[&Metric::StatusMeetingHours], 5.0);
    }
}

//! Person-weeks: the sums of a person's days per ISO week, keeping only weeks
//! that are mostly worked (at least 3 working days), so a vacation week or a
//! week cut by the window does not pass for a week without meetings.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Datelike;

use super::person::PersonDay;

/// Minutes summed over a person-week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekSums {
    pub meeting: i64,
    /// Meeting minutes with overlaps counted twice (Multitudes' way).
    pub meeting_raw: i64,
    pub focus: i64,
    /// Focus from 1 h blocks (Viva Insights' "uninterrupted" hours).
    pub focus_1h: i64,
    pub fragmented: i64,
    pub after_hours: i64,
    pub double_booked: i64,
    pub back_to_back_chains: i64,
    pub status: i64,
    pub meetings: i64,
    pub working: i64,
    /// Length of the person's full working day.
    pub workday: i64,
}

/// A week counts when it has at least this many full working days.
pub const MIN_WORKING_DAYS: i64 = 3;

/// Kept person-weeks: (person, ISO year, ISO week) -> sums.
pub type PersonWeeks = BTreeMap<(Arc<str>, i32, u32), WeekSums>;

/// (person, ISO year, ISO week) -> sums, for mostly-worked weeks only. The
/// reduce works the team's out once ([`super::Analysis::person_weeks`]);
/// the map, one person's.
pub fn person_weeks<'a>(days: impl IntoIterator<Item = &'a PersonDay>) -> PersonWeeks {
    let mut out = PersonWeeks::new();
    for d in days {
        let w = d.date.iso_week();
        let e = out
            .entry((d.person.clone(), w.year(), w.week()))
            .or_default();
        e.meeting += d.meeting_min;
        e.meeting_raw += d.meeting_raw_min;
        e.focus += d.focus_min;
        e.focus_1h += d.focus_1h_min;
        e.fragmented += d.fragmented_min;
        e.after_hours += d.meeting_after_hours_min;
        e.double_booked += d.double_booked_min;
        e.back_to_back_chains += i64::from(d.back_to_back_chains);
        e.status += d.status_meeting_min;
        e.meetings += i64::from(d.meetings);
        e.working += d.working_min;
        e.workday = d.workday_min;
    }
    out.retain(|_, w| w.working >= MIN_WORKING_DAYS * w.workday);
    out
}

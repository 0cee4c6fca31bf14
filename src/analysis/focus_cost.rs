//! The focus time each meeting destroys: for every attendee whose calendar is
//! in the input, focus time on that day without the meeting minus focus time
//! with it, per meeting instance and summed per series.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rustc_hash::FxHashMap;

use super::classified::{Classified, Slot};
use super::intervals::{gaps, union, Interval};
use super::person::{focus_of, working_window};
use crate::config::Options;

/// Focus minutes lost, per series key.
pub type FocusCost = FxHashMap<Arc<str>, i64>;

/// Focus minutes lost per meeting instance: (start, UID) -> minutes.
pub type MeetingCost = FxHashMap<(DateTime<Utc>, String), i64>;

/// Focus inside working window `w` with `busy` (any order) in place.
pub(crate) fn day_focus(w: Interval, busy: Vec<Interval>, block: Duration) -> Duration {
    focus_of(&gaps(w, &union(busy)), block)
}

/// Focus minutes lost in one classified calendar, per series key and per
/// meeting instance (one pass; the series cost is the sum of its meetings').
pub fn focus_cost(c: &Classified, opts: &Options) -> (FocusCost, MeetingCost) {
    let mut by_series = FocusCost::default();
    let mut by_meeting = MeetingCost::default();
    for (slot, lost) in meeting_costs(c, opts) {
        *by_series.entry(slot.series.clone()).or_default() += lost;
        *by_meeting
            .entry((slot.start, slot.occ.event.uid.clone()))
            .or_default() += lost;
    }
    (by_series, by_meeting)
}

/// Each meeting of `c` that costs focus, with the minutes it costs.
fn meeting_costs<'c, 'a>(c: &'c Classified<'a>, opts: &Options) -> Vec<(&'c Slot<'a>, i64)> {
    let mut busy: Vec<(Interval, Option<&Slot>)> = c
        .meetings
        .iter()
        .map(|s| ((s.start, s.end), Some(s)))
        .chain(c.other_busy.iter().map(|i| (*i, None)))
        .collect();
    busy.sort_by_key(|(i, _)| *i);
    // focus inside working window `w`, leaving out busy block `skip`
    let focus = |w: Interval, skip: Option<usize>| {
        let lo = busy.partition_point(|((s, _), _)| *s < w.0 - Duration::days(2));
        let hi = busy.partition_point(|((s, _), _)| *s < w.1);
        let list: Vec<Interval> = (lo..hi)
            .filter(|i| Some(*i) != skip && busy[*i].0 .1 > w.0)
            .map(|i| busy[i].0)
            .collect();
        day_focus(w, list, opts.focus_block)
    };
    let mut cost = Vec::new();
    // per local day: its working window and the focus with every busy block in place
    let mut day: Option<(NaiveDate, Option<(Interval, Duration)>)> = None;
    for (idx, (_, slot)) in busy.iter().enumerate() {
        let Some(slot) = slot else { continue };
        if day.map(|(date, _)| date) != Some(slot.date) {
            let window = working_window(slot.date, c.tz, &c.hours)
                .filter(|_| !c.days_off.contains(&slot.date));
            day = Some((slot.date, window.map(|w| (w, focus(w, None)))));
        }
        let Some((_, Some((w, with_all)))) = day else {
            continue;
        };
        let lost = (focus(w, Some(idx)) - with_all).num_minutes();
        if lost > 0 {
            cost.push((*slot, lost));
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classified::classify;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn a_meeting_in_the_middle_of_a_free_day_costs_the_focus_it_splits() {
        // 09-17 free except 12:00-13:00: focus 3h + 4h = 7h; without it 8h -> cost 60 min.
        // A meeting at 09:00-09:30 leaves 7.5h... its own cost: with both, focus = 2.5h (09:30-12) + 4h = 6.5h;
        // without the 09:00 one: 3h + 4h = 7h -> cost 30 min.
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:noon\nSUMMARY:Noon\nDTSTART:20240108T120000Z\nDTEND:20240108T130000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:early\nSUMMARY:Early\nDTSTART:20240108T090000Z\nDTEND:20240108T093000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        let opts = Options::default();
        let (cost, _) = focus_cost(&classify(&cal, &opts), &opts);
        assert_eq!(cost.get("title:noon|a@x.org"), Some(&60));
        assert_eq!(cost.get("title:early|a@x.org"), Some(&30));
    }
}

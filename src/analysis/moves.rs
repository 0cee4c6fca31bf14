//! The costliest single meetings in focus time, and for each the one move on
//! the same day that restores the most focus across its attendees. Offline:
//! only the calendars in the input are consulted, and a move must stay inside
//! every such attendee's working hours and clear of their other busy time.

use std::cell::OnceCell;

use chrono::{DateTime, Duration, Utc};
use rayon::prelude::*;

use super::focus_cost::day_focus;
use super::intervals::Interval;
use super::partial::PersonPartial;
use super::person::working_window;
use super::series::Meeting;
use crate::config::Options;

/// Where to move a meeting, and the focus minutes that would come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub focus_restored_min: i64,
}

/// One of the costliest meetings.
#[derive(Debug, Clone)]
pub struct CostlyMeeting {
    pub series: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub focus_cost_min: i64,
    /// Attendees whose calendars are in the input (the ones the cost is for).
    pub known_attendees: usize,
    /// `None`: no free slot that day gives focus back.
    pub best_move: Option<Move>,
}

/// One attendee's day: their working window and their other busy time.
type AttendeeDay = (Interval, Vec<Interval>);

/// The `opts.costly_meetings` meetings with the highest focus cost (ties:
/// earlier first), each with its best move.
pub fn costly_meetings(
    meetings: &[Meeting],
    people: &[PersonPartial],
    opts: &Options,
) -> Vec<CostlyMeeting> {
    let top = costliest(meetings, opts.costly_meetings);
    let days = attendee_days(&top, people);
    // each meeting tries every start for all its attendees: on both cores
    top.into_par_iter()
        .zip(days)
        .map(|(m, days)| CostlyMeeting {
            series: m.series.to_string(),
            title: m.title.to_string(),
            start: m.start,
            end: m.end,
            focus_cost_min: m.focus_cost_min,
            known_attendees: days.len(),
            best_move: best_move((m.start, m.end), &days, opts.focus_block),
        })
        .collect()
}

/// The `n` meetings with the highest focus cost above 0 (ties: earlier
/// first, then in the order of `meetings`), costliest first. Picked before
/// they are sorted: a sort of every meeting with a cost took a quarter of
/// this module's work (callgrind, analyze of /tmp/sub200: 7.2 M).
fn costliest(meetings: &[Meeting], n: usize) -> Vec<&Meeting> {
    // the position makes every key different: no tie left to the sorts
    let key = |(k, m): &(usize, &Meeting)| (std::cmp::Reverse(m.focus_cost_min), m.start, *k);
    let mut top: Vec<(usize, &Meeting)> = (meetings.iter().enumerate())
        .filter(|(_, m)| m.focus_cost_min > 0)
        .collect();
    if n < top.len() {
        top.select_nth_unstable_by_key(n, key);
        top.truncate(n);
    }
    top.sort_unstable_by_key(key);
    top.into_iter().map(|(_, m)| m).collect()
}

/// For each meeting of `top`, the day of every person attending it who
/// works that day, without it (in the order of `people`). Each person is
/// read once for all of `top` (on both cores), and only their busy time
/// that can reach into the day is looked at (see [`busy_around`]): read
/// whole for each meeting and attendee, an attendee of most of the top
/// meetings had their year read up to ten times (perf, bench corpus: 1.2%
/// of the run's samples; callgrind, analyze of /tmp/sub200, 1,600
/// attendee-days: costly_meetings 29.0 -> 14.5 M with [`costliest`]).
fn attendee_days(top: &[&Meeting], people: &[PersonPartial]) -> Vec<Vec<AttendeeDay>> {
    let found: Vec<Vec<Option<AttendeeDay>>> = people
        .par_iter()
        .map(|c| {
            let ends = OnceCell::new();
            top.iter().map(|m| attendee_day(m, c, &ends)).collect()
        })
        .collect();
    let mut days: Vec<Vec<AttendeeDay>> = top.iter().map(|_| Vec::new()).collect();
    for person in found {
        for (of_meeting, day) in days.iter_mut().zip(person) {
            of_meeting.extend(day);
        }
    }
    days
}

/// The day of `c` if they attend `m` and work that day, without `m`
/// (`ends`: [`ends_so_far`] of `c`, worked out for an attendee only).
fn attendee_day(
    m: &Meeting,
    c: &PersonPartial,
    ends: &OnceCell<Vec<DateTime<Utc>>>,
) -> Option<AttendeeDay> {
    let from = c.meetings.partition_point(|s| s.start < m.start);
    let slot = c.meetings[from..]
        .iter()
        .take_while(|s| s.start == m.start)
        .find(|s| *s.event.uid == *m.uid)?;
    let w = working_window(slot.date, c.meta.zone, &c.meta.hours)
        .filter(|_| !c.days_off.contains(&slot.date))?;
    let mut others = busy_around(c, w, ends.get_or_init(|| ends_so_far(c)));
    let me = others.iter().position(|i| *i == (m.start, m.end))?;
    others.swap_remove(me);
    Some((w, others))
}

/// The latest end of each run of `c`'s meetings from the first (they are
/// sorted by start): where it is no later than a time, every meeting of
/// the run ended by then.
fn ends_so_far(c: &PersonPartial) -> Vec<DateTime<Utc>> {
    let mut latest = None;
    (c.meetings.iter())
        .map(|s| *latest.insert(latest.map_or(s.end, |l: DateTime<Utc>| l.max(s.end))))
        .collect()
}

/// The busy time of `c` that overlaps `w`: their meetings (of those, only
/// the ones after the run `ends` shows over by `w`'s start and starting
/// before its end are looked at), then their other busy time.
fn busy_around(c: &PersonPartial, w: Interval, ends: &[DateTime<Utc>]) -> Vec<Interval> {
    let first = ends.partition_point(|e| *e <= w.0);
    let last = c.meetings.partition_point(|s| s.start < w.1).max(first);
    c.meetings[first..last]
        .iter()
        .map(|s| (s.start, s.end))
        .chain(c.other_busy.iter().copied())
        .filter(|i| i.1 > w.0 && i.0 < w.1)
        .collect()
}

/// Total focus of the attendees with the meeting at `at`.
fn total_focus(at: Interval, days: &[AttendeeDay], block: Duration) -> Duration {
    days.iter()
        .map(|(w, others)| {
            let mut busy = others.clone();
            busy.push(at);
            day_focus(*w, busy, block)
        })
        .fold(Duration::zero(), |a, b| a + b)
}

/// Starts on a 15-minute grid and right after or before other busy time,
/// kept when the meeting fits every attendee's window and clashes with
/// nothing; the one with the most focus (then the nearest to the original).
pub fn best_move(now: Interval, days: &[AttendeeDay], block: Duration) -> Option<Move> {
    let len = now.1 - now.0;
    let (lo, hi) = days.iter().fold(None, |acc: Option<Interval>, (w, _)| {
        Some(acc.map_or(*w, |(a, b)| (a.max(w.0), b.min(w.1))))
    })?;
    let grid = (0..)
        .map(|k| lo + Duration::minutes(15 * k))
        .take_while(|s| *s + len <= hi);
    let edges = days
        .iter()
        .flat_map(|(_, o)| o.iter().flat_map(|i| [i.1, i.0 - len]));
    let fits = |s: &DateTime<Utc>| {
        *s >= lo
            && *s + len <= hi
            && *s != now.0
            && days
                .iter()
                .all(|(_, o)| o.iter().all(|i| i.1 <= *s || i.0 >= *s + len))
    };
    let base = total_focus(now, days, block);
    let mut starts: Vec<DateTime<Utc>> = grid.chain(edges).filter(fits).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .map(|s| {
            let gain = (total_focus((s, s + len), days, block) - base).num_minutes();
            (gain, std::cmp::Reverse((s - now.0).num_minutes().abs()), s)
        })
        .filter(|(gain, ..)| *gain > 0)
        .max()
        .map(|(gain, _, s)| Move {
            start: s,
            end: s + len,
            focus_restored_min: gain,
        })
}

#[cfg(test)]
mod tests {
    use crate::config::Options;
    use crate::ics::{import_bytes, ImportOptions};

    fn person(owner: &str, events: &str) -> crate::people::Person {
        let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240109T000000Z\n{events}END:VCALENDAR\n");
        let cal = import_bytes(text.as_bytes(), owner, &ImportOptions::default());
        crate::people::one_person(cal, &Options::default())
    }

    fn ev(uid: &str, from: &str, to: &str, who: &str) -> String {
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:20240108T{from}00Z\nDTEND:20240108T{to}00Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:{who}\nEND:VEVENT\n")
    }

    #[test]
    fn a_meeting_costs_both_attendees_focus_and_the_best_move_is_to_the_end_of_the_day() {
        // M 12-13 with a and b; a also meets 09-10 (with c), b 15-16 (with d); hours 09-17.
        // a: with M focus 10-12 + 13-17 = 6 h, without 10-17 = 7 h -> 60 min;
        // b: with M 9-12 + 13-15 = 5 h (16-17 is a fragment), without 9-15 = 6 h -> 60 min.
        let m = ev("M", "1200", "1300", "b@x.org");
        let a = person(
            "a@x.org",
            &format!("{m}{}", ev("A", "0900", "1000", "c@x.org")),
        );
        let b = person(
            "b@x.org",
            &format!("{m}{}", ev("B", "1500", "1600", "d@x.org")),
        );
        let opts = Options::default();
        let analysis = crate::analysis::analyze(&[a, b], &opts);
        let got = analysis.meetings.iter().find(|m| &*m.uid == "M").unwrap();
        assert_eq!(got.focus_cost_min, 120);
        let top = &analysis.costly[0];
        assert_eq!((top.title.as_str(), top.known_attendees), ("M", 2));
        // at 16-17: a keeps 10-16 (6 h), b keeps 9-15 (6 h): 12 h against 11 h now.
        // 10-11 gives 6 + 4 h, 13-14 gives 6 + 4 h, 14-15 gives 6 + 5 h: no gain.
        let mv = top.best_move.unwrap();
        assert_eq!(mv.start.to_rfc3339(), "2024-01-08T16:00:00+00:00");
        assert_eq!(mv.focus_restored_min, 60);
    }

    #[test]
    fn the_busy_time_around_a_day_keeps_a_long_meeting_begun_before_it() {
        // L 07-10 began before the window (09-17) and runs into it; S 07:30-08
        // (after L, by start) is over before it; M 12-13 is in it
        let events = [
            ev("L", "0700", "1000", "c@x.org"),
            ev("S", "0730", "0800", "d@x.org"),
            ev("M", "1200", "1300", "b@x.org"),
        ];
        let parts =
            crate::analysis::map_people([person("a@x.org", &events.concat())], &Options::default());
        let c = &parts[0];
        let at = |hhmm: &str| format!("2024-01-08T{hhmm}:00Z").parse().unwrap();
        let ends = super::ends_so_far(c);
        assert_eq!(ends, [at("10:00"), at("10:00"), at("13:00")]);
        let busy = super::busy_around(c, (at("09:00"), at("17:00")), &ends);
        assert_eq!(
            busy,
            [(at("07:00"), at("10:00")), (at("12:00"), at("13:00"))]
        );
    }
}

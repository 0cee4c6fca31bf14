//! The core collaboration window of each group: the longest span, at least
//! `core_min_minutes` long, inside every member's working hours on most of
//! their working days (a UTC time of day, on a 15-minute grid); when no such
//! span exists, the `core_min_minutes` span that costs the fewest minutes
//! outside members' hours (then the smallest worst loss, then the earliest),
//! with who loses how much. Also how many meeting hours already fall inside it.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rayon::prelude::*;

use super::burden::groups_of;
use super::classified::Classified;
use super::intervals::{day_and_rest, nanos, span, whole_minutes, Nanos, DAY};
use super::partial::{PersonMeta, PersonPartial};
use super::person::working_window;
use crate::config::Options;

/// Slots of the UTC day.
pub const SLOTS: usize = 96;
const SLOT_MIN: i64 = 15;

/// One group's window.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreWindow {
    pub column: String,
    pub group: String,
    pub people: usize,
    /// Start as a UTC time of day, and length.
    pub start_utc: NaiveTime,
    pub minutes: i64,
    /// Inside everyone's hours (false: the best compromise).
    pub common: bool,
    /// Per member: the window in their local time, and minutes of it
    /// outside their hours (0 for a common window).
    pub members: Vec<(Arc<str>, String, i64)>,
    /// Members' meeting hours, and the part inside the window.
    pub meeting_h: f64,
    pub meeting_in_window_h: f64,
}

/// Per slot of the UTC day: is it inside the member's hours on most of their working days?
pub fn hours_mask(c: &Classified) -> [bool; SLOTS] {
    let Some(period) = c.period else {
        return [false; SLOTS];
    };
    let mut days = 0;
    let windows = period
        .first
        .iter_days()
        .take_while(|d| *d <= period.last)
        .filter_map(|d| working_window(d, c.tz, &c.hours).filter(|_| !c.days_off.contains(&d)))
        .map(|(ws, we)| {
            days += 1;
            // chrono's lengths, by `span`: a window's start and its UTC midnight
            // share a day, so no date arithmetic
            let midnight = ws.date_naive().and_time(NaiveTime::MIN).and_utc();
            let from = span(midnight, ws).num_minutes() / SLOT_MIN;
            (from, span(ws, we).num_minutes() / SLOT_MIN)
        });
    let counts = slot_counts(windows);
    counts.map(|n| n * 2 > days)
}

/// How many of the runs `(first slot, slots)` cover each slot of the day,
/// a run wrapping past midnight (and a run longer than a day, such as a
/// 24-hour working day on a clock change, covering some slots twice). Each
/// run notes where it begins and ends and one running sum counts them: a
/// slot at a time, a year of working days was 12 million steps at full size.
fn slot_counts(runs: impl Iterator<Item = (i64, i64)>) -> [i64; SLOTS] {
    let slots = SLOTS as i64;
    // the change of the count at each slot, and what every slot has
    let (mut steps, mut everywhere) = ([0i64; SLOTS + 1], 0);
    for (from, len) in runs {
        let (from, len) = (from.rem_euclid(slots), len.max(0));
        everywhere += len / slots;
        let to = from + len % slots;
        steps[from as usize] += 1;
        if to <= slots {
            steps[to as usize] -= 1;
        } else {
            steps[SLOTS] -= 1;
            steps[0] += 1;
            steps[(to - slots) as usize] -= 1;
        }
    }
    let mut count = everywhere;
    std::array::from_fn(|i| {
        count += steps[i];
        count
    })
}

/// The longest circular run of slots inside every mask: (start, length).
fn longest_common(masks: &[[bool; SLOTS]]) -> (usize, usize) {
    let all: Vec<bool> = (0..SLOTS).map(|i| masks.iter().all(|m| m[i])).collect();
    if all.iter().all(|x| *x) {
        return (0, SLOTS);
    }
    let mut best = (0, 0);
    for start in (0..SLOTS).filter(|i| all[*i] && !all[(i + SLOTS - 1) % SLOTS]) {
        let len = (0..SLOTS).take_while(|k| all[(start + k) % SLOTS]).count();
        if len > best.1 {
            best = (start, len);
        }
    }
    best
}

/// Minutes of the window (start, len) outside each mask.
fn losses(masks: &[[bool; SLOTS]], start: usize, len: usize) -> Vec<i64> {
    masks
        .iter()
        .map(|m| (0..len).filter(|k| !m[(start + k) % SLOTS]).count() as i64 * SLOT_MIN)
        .collect()
}

/// The window of one group: common when long enough, else the compromise.
pub fn window(masks: &[[bool; SLOTS]], min_minutes: i64) -> (usize, usize, bool) {
    let need = ((min_minutes + SLOT_MIN - 1) / SLOT_MIN) as usize;
    let (start, len) = longest_common(masks);
    if len >= need && len > 0 {
        return (start, len, true);
    }
    let best = (0..SLOTS)
        .min_by_key(|s| {
            let l = losses(masks, *s, need);
            (
                l.iter().sum::<i64>(),
                l.iter().max().copied().unwrap_or(0),
                *s,
            )
        })
        .unwrap_or(0);
    (best, need, false)
}

/// Minutes of `[a, b)` inside the daily window (start slot, length), each
/// day's as chrono's `Duration` counts them, worked out in [`Nanos`]: on
/// chrono's dates and durations, this was most of the core hours' time.
/// The days are found by [`day_and_rest`], not by two `i128` divisions per
/// meeting, and [`group_window`] takes a meeting's length by [`span`], not
/// by chrono's subtraction: callgrind, analyze of /tmp/sub200, 1 thread:
/// group_window 71.7 -> 43.2 M.
fn inside(a: DateTime<Utc>, b: DateTime<Utc>, start: usize, len: usize) -> i64 {
    const MINUTE: Nanos = 60_000_000_000;
    let (a, b) = (nanos(a), nanos(b));
    let offset = start as Nanos * Nanos::from(SLOT_MIN) * MINUTE;
    let length = len as Nanos * Nanos::from(SLOT_MIN) * MINUTE;
    // from the day before the start's (its window may reach past midnight)
    (day_and_rest(a).0 - 1..=day_and_rest(b).0)
        .map(|day| {
            let ws = Nanos::from(day) * DAY + offset;
            whole_minutes(b.min(ws + length) - a.max(ws)).max(0)
        })
        .sum()
}

/// Every group's window (groups under `min_group` left out); `as_of` is the
/// date whose offsets turn the UTC window into local times.
pub fn core_windows(
    parts: &[PersonPartial],
    people: &[&PersonMeta],
    as_of: NaiveDate,
    opts: &Options,
) -> Vec<CoreWindow> {
    let by_id: BTreeMap<&str, &PersonPartial> = parts.iter().map(|p| (&*p.meta.id, p)).collect();
    let mut groups: BTreeMap<(String, String), Vec<&PersonPartial>> = BTreeMap::new();
    for m in groups_of(people, opts) {
        if let Some(c) = by_id.get(&*m.person) {
            groups.entry((m.column, m.group)).or_default().push(c);
        }
    }
    // each group's window is its own (a meeting is measured against the
    // window once per group of its person), so the groups run in parallel
    groups
        .into_par_iter()
        .filter(|(_, v)| opts.min_group == 0 || v.len() >= opts.min_group)
        .map(|((column, group), members)| group_window(column, group, &members, as_of, opts))
        .collect()
}

fn group_window(
    column: String,
    group: String,
    members: &[&PersonPartial],
    as_of: NaiveDate,
    opts: &Options,
) -> CoreWindow {
    let masks: Vec<[bool; SLOTS]> = members.iter().map(|p| p.hours_mask).collect();
    let (start, len, common) = window(&masks, opts.core_min_minutes);
    let lost = losses(&masks, start, len);
    let at = as_of.and_time(NaiveTime::MIN).and_utc() + Duration::minutes(start as i64 * SLOT_MIN);
    let end = at + Duration::minutes(len as i64 * SLOT_MIN);
    let local = |p: &PersonPartial| {
        let tz = p.meta.zone;
        let (a, b) = (at.with_timezone(&tz), end.with_timezone(&tz));
        format!("{}-{} {}", a.format("%H:%M"), b.format("%H:%M"), tz.name())
    };
    let meetings = members.iter().flat_map(|c| c.meetings.iter());
    let (total, within) = meetings.fold((0, 0), |(t, w), s| {
        (
            (t + span(s.start, s.end).num_minutes()),
            w + inside(s.start, s.end, start, len),
        )
    });
    CoreWindow {
        column,
        group,
        people: members.len(),
        start_utc: at.time(),
        minutes: len as i64 * SLOT_MIN,
        common,
        members: members
            .iter()
            .zip(lost)
            .map(|(p, l)| (p.meta.id.clone(), local(p), l))
            .collect(),
        meeting_h: total as f64 / 60.0,
        meeting_in_window_h: within as f64 / 60.0,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::config::{Options, PersonSettings, WorkingHours};
    use crate::ics::{import_bytes, ImportOptions};
    use chrono::NaiveTime;

    #[test]
    fn slot_counts_are_the_runs_counted_slot_by_slot() {
        let slots = super::SLOTS as i64;
        // inside the day, up to midnight, past it, a whole day and more, empty, reversed
        let runs = [
            (36, 32),
            (64, 32),
            (90, 20),
            (95, 1),
            (4, 100),
            (0, 96),
            (10, 0),
            (20, -3),
        ];
        for n in 1..=runs.len() {
            let runs = &runs[..n];
            let mut slow = [0i64; super::SLOTS];
            for &(from, len) in runs {
                for k in 0..len {
                    slow[((from + k) % slots) as usize] += 1;
                }
            }
            assert_eq!(super::slot_counts(runs.iter().copied()), slow, "{runs:?}");
        }
    }

    #[test]
    fn minutes_inside_a_window_past_midnight_count_from_the_day_before() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32, m: u32, s: u32| {
            chrono::Utc.with_ymd_and_hms(2024, 1, d, h, m, s).unwrap()
        };
        // the window: 22:00 UTC (slot 88) for 4 h, to 02:00 the next day
        let (start, len) = (88, 16);
        // 01:00-03:00 on the 9th: 01:00-02:00 is in the 8th's window
        assert_eq!(
            super::inside(at(9, 1, 0, 0), at(9, 3, 0, 0), start, len),
            60
        );
        // 21:00 on the 9th to 01:00 on the 11th: 22:00-02:00 and 22:00-01:00
        assert_eq!(
            super::inside(at(9, 21, 0, 0), at(11, 1, 0, 0), start, len),
            240 + 180
        );
        // whole minutes, as chrono counts them: 22:00:00-22:01:30 is 1
        assert_eq!(
            super::inside(at(9, 21, 59, 30), at(9, 22, 1, 30), start, len),
            1
        );
        assert_eq!(
            super::inside(at(9, 12, 0, 0), at(9, 13, 0, 0), start, len),
            0
        );
    }

    /// A person in `zone` analysed over the week of 8 January 2024 (winter time).
    fn person(owner: &str, zone: &str, events: &str, opts: &Options) -> crate::people::Person {
        let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:{zone}\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240113T000000Z\n{events}END:VCALENDAR\n");
        crate::people::one_person(
            import_bytes(text.as_bytes(), owner, &ImportOptions::default()),
            opts,
        )
    }

    fn meeting(uid: &str, from: &str, to: &str) -> String {
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:20240109T{from}00Z\nDTEND:20240109T{to}00Z\nORGANIZER:mailto:ber@x.org\nATTENDEE:mailto:ny@x.org\nEND:VEVENT\n")
    }

    fn opts() -> Options {
        let mut o = Options {
            min_group: 0,
            ..Options::default()
        };
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let ny = WorkingHours {
            start: t(8),
            end: t(17),
            ..WorkingHours::default()
        };
        o.people.insert(
            "ny@x.org".into(),
            PersonSettings {
                zone: None,
                hours: Some(ny),
            },
        );
        o
    }

    #[test]
    fn berlin_and_new_york_share_three_hours_and_the_new_york_morning_carries_the_burden() {
        let o = opts();
        // 09-10 UTC: 10-11 Berlin, 04-05 New York (an hour before 08:00);
        // 13:30-14:30 UTC: 14:30-15:30 Berlin, 08:30-09:30 New York (inside both)
        let events = format!(
            "{}{}",
            meeting("early", "0900", "1000"),
            meeting("shared", "1330", "1430")
        );
        let people = [
            person("ber@x.org", "Europe/Berlin", &events, &o),
            person("ny@x.org", "America/New_York", &events, &o),
        ];
        let a = analyze(&people, &o);
        let w = &a.core[0];
        // Berlin 09-17 = 08-16 UTC, New York 08-17 = 13-22 UTC: 13-16 UTC
        assert!(w.common);
        assert_eq!(
            (w.start_utc, w.minutes),
            (NaiveTime::from_hms_opt(13, 0, 0).unwrap(), 180)
        );
        assert_eq!(w.members[0].1, "14:00-17:00 Europe/Berlin");
        assert_eq!(w.members[1].1, "08:00-11:00 America/New_York");
        // each member's two 1-hour meetings: 4 h, of which the 13:30 one (2 x 1 h) is inside
        assert_eq!((w.meeting_h, w.meeting_in_window_h), (4.0, 2.0));
        let ny = a.burden.iter().find(|r| r.name == "ny@x.org").unwrap();
        assert_eq!(
            (
                ny.burden.before_min,
                ny.burden.after_min,
                ny.burden.outside_share()
            ),
            (60, 0, 0.5)
        );
        let team = a.burden.iter().find(|r| r.name == "(all)").unwrap();
        assert_eq!(
            (team.people, team.burden.meetings, team.burden.before_min),
            (2, 4, 60)
        );
    }

    #[test]
    fn berlin_kolkata_and_los_angeles_have_no_common_two_hours_and_los_angeles_pays() {
        let o = Options {
            min_group: 0,
            ..Options::default()
        };
        let people = [
            person("ber@x.org", "Europe/Berlin", "", &o),
            person("kol@x.org", "Asia/Kolkata", "", &o),
            person("la@x.org", "America/Los_Angeles", "", &o),
        ];
        let a = analyze(&people, &o);
        let w = &a.core[0];
        // 09-17 local: Berlin 08-16 UTC, Kolkata 03:30-11:30 UTC, Los Angeles 17-01 UTC.
        // Any 2 h costs someone: 08-10 UTC costs only Los Angeles 2 h (total 120, the least;
        // 08:15 ... 09:30 tie, the earliest wins); 16-18 UTC would cost Berlin 2 h + Kolkata 2 h.
        assert!(!w.common);
        assert_eq!(
            (w.start_utc, w.minutes),
            (NaiveTime::from_hms_opt(8, 0, 0).unwrap(), 120)
        );
        let paid: Vec<(&str, &str, i64)> = w
            .members
            .iter()
            .map(|(p, l, m)| (&**p, l.as_str(), *m))
            .collect();
        assert_eq!(
            paid,
            [
                ("ber@x.org", "09:00-11:00 Europe/Berlin", 0),
                ("kol@x.org", "13:30-15:30 Asia/Kolkata", 0),
                ("la@x.org", "00:00-02:00 America/Los_Angeles", 120),
            ]
        );
    }
}

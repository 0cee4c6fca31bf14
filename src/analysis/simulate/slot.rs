//! Finding a new slot for a meeting moved off a no-meeting day: the first
//! slot free for every attendee whose calendar is in the input, inside
//! everyone's working hours where possible.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};

use super::shared::{Meetings, Shared};
use crate::analysis::classify::{role, Role};
use crate::config::Options;
use crate::model::Span;
use crate::people::Person;

/// Marks busy time that is not a decided meeting.
const OTHER: usize = usize::MAX;

/// One busy interval: (start, end, index of the decided meeting or [`OTHER`]).
type Interval = (DateTime<Utc>, DateTime<Utc>, usize);

/// A slot: start and end.
type Slot = (DateTime<Utc>, DateTime<Utc>);

/// Busy time per calendar as the projection stands.
pub struct Busy {
    by_cal: Vec<BTreeSet<Interval>>,
    /// The longest busy interval per calendar, to bound overlap look-ups.
    longest: Vec<Duration>,
}

impl Busy {
    /// Meetings and other busy time of every calendar, with the decisions so far applied.
    pub fn of(calendars: &[Person], meetings: &Meetings, opts: &Options) -> Busy {
        let by_cal: Vec<BTreeSet<_>> = calendars
            .iter()
            .map(|cal| {
                cal.calendar
                    .occurrences
                    .iter()
                    .filter(|o| matches!(role(&cal.calendar, o, opts), Role::Meeting | Role::Busy))
                    .filter_map(|o| match (meetings.of(o), o.span) {
                        (Some((i, s)), _) => s.kept_for(cal).then_some((s.start, s.end, i)),
                        (None, Span::Timed { start, end }) => Some((start, end, OTHER)),
                        (None, Span::AllDay { .. }) => None,
                    })
                    .collect()
            })
            .collect();
        let longest = by_cal
            .iter()
            .map(|set| {
                set.iter()
                    .map(|(s, e, _)| *e - *s)
                    .max()
                    .unwrap_or_default()
            })
            .collect();
        Busy { by_cal, longest }
    }

    /// Whether calendar `c` has nothing but meeting `own` between `start` and `end`.
    fn free(&self, c: usize, start: DateTime<Utc>, end: DateTime<Utc>, own: usize) -> bool {
        let (Some(set), Some(longest)) = (self.by_cal.get(c), self.longest.get(c)) else {
            return true;
        };
        let from = (start - *longest, DateTime::<Utc>::MIN_UTC, 0);
        !set.range(from..(end, DateTime::<Utc>::MIN_UTC, 0))
            .any(|(s, e, i)| *i != own && *s < end && start < *e)
    }

    /// Moves meeting `i` of the holders from `old` to `new`.
    pub fn moved(&mut self, i: usize, holders: &[usize], old: Slot, new: Slot) {
        for &c in holders {
            if let (Some(set), Some(longest)) = (self.by_cal.get_mut(c), self.longest.get_mut(c)) {
                if set.remove(&(old.0, old.1, i)) {
                    set.insert((new.0, new.1, i));
                    *longest = (*longest).max(new.1 - new.0);
                }
            }
        }
    }
}

/// Whether `start..end` lies inside `cal`'s owner's working hours on one working day other than `off`.
fn inside_hours(cal: &Person, start: DateTime<Utc>, end: DateTime<Utc>, off: Weekday) -> bool {
    let tz = cal.zone;
    let hours = cal.hours;
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    s.date_naive() == e.date_naive()
        && s.weekday() != off
        && hours.works_on(s.weekday())
        && s.time() >= hours.start
        && e.time() <= hours.end
}

/// Days tried, nearest first (the later one on a tie).
const OFFSETS: [i64; 4] = [1, -1, 2, -2];
/// Start times tried besides the meeting's own, from the start of the working day.
const STEP_MINUTES: i64 = 15;

/// Start times to try on a day: the meeting's own time first, then every
/// quarter hour of the decider's working day.
fn times(own: NaiveTime, day_start: NaiveTime, day_end: NaiveTime) -> Vec<NaiveTime> {
    let mut out = vec![own];
    let mut t = day_start;
    while t < day_end {
        if t != own {
            out.push(t);
        }
        let (next, wrapped) = t.overflowing_add_signed(Duration::minutes(STEP_MINUTES));
        if wrapped != 0 {
            break;
        }
        t = next;
    }
    out
}

/// The first slot for meeting `i` off weekday `off`: free for every holder
/// still invited and inside all their working hours; failing that, free for
/// all and inside the decider's hours. None when no nearby day has one.
pub fn find(i: usize, s: &Shared, off: Weekday, calendars: &[Person], busy: &Busy) -> Option<Slot> {
    let people: Vec<usize> = s
        .holders
        .iter()
        .copied()
        .filter(|&c| calendars.get(c).is_some_and(|cal| s.kept_for(cal)))
        .collect();
    let candidates = candidates(s, calendars.get(s.decider)?);
    let all_free = |(a, b): Slot| people.iter().all(|&c| busy.free(c, a, b, i));
    let in_hours = |c: usize, (a, b): Slot| {
        calendars
            .get(c)
            .is_some_and(|cal| inside_hours(cal, a, b, off))
    };
    let first = |ok: &dyn Fn(Slot) -> bool| candidates.iter().copied().find(|&slot| ok(slot));
    first(&|slot| all_free(slot) && people.iter().all(|&c| in_hours(c, slot)))
        .or_else(|| first(&|slot| all_free(slot) && in_hours(s.decider, slot)))
}

/// The slots to try, in order: nearby days (see [`OFFSETS`]) in the deciding
/// calendar's zone, at the times of [`times`]; wall-clock times that do not
/// exist or repeat (a DST change) are skipped.
fn candidates(s: &Shared, decider: &Person) -> Vec<Slot> {
    let tz = decider.zone;
    let hours = decider.hours;
    let local = s.start.with_timezone(&tz);
    let length = s.end - s.start;
    OFFSETS
        .iter()
        .filter_map(|&d| local.date_naive().checked_add_signed(Duration::days(d)))
        .flat_map(|date| {
            times(local.time(), hours.start, hours.end)
                .into_iter()
                .map(move |t| date.and_time(t))
        })
        .filter_map(|naive| tz.from_local_datetime(&naive).single())
        .map(|start| start.with_timezone(&Utc))
        .map(|start| (start, start + length))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meeting_time_is_tried_first_then_each_quarter_hour() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let got = times(t(10, 0), t(9, 0), t(10, 0));
        assert_eq!(got, vec![t(10, 0), t(9, 0), t(9, 15), t(9, 30), t(9, 45)]);
    }
}

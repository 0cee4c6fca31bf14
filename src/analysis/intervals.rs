//! Sorted-interval arithmetic in plain Rust (faster than any table for this):
//! union, overlap (double-booking) and the free gaps inside a window.

use chrono::{DateTime, Duration, Utc};

pub type Interval = (DateTime<Utc>, DateTime<Utc>);

/// `to - from`, the same `Duration` chrono's subtraction gives, without
/// its calendar arithmetic (years, 400-year cycles) when both fall on one
/// UTC day, as nearly every meeting and gap does: the map subtracts times
/// millions of times, and chrono's way was the largest item of its profile.
#[inline]
pub fn span(from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    let (from, to) = (from.naive_utc(), to.naive_utc());
    if from.date() == to.date() {
        to.time() - from.time()
    } else {
        to - from
    }
}

/// A point in time that intervals are made of: chrono's (what the
/// calendars hold) or a count of nanoseconds ([`Nanos`], what a day's
/// metrics are worked out in, see [`nanos`]). The functions below are the
/// same for both.
pub trait Time: Ord + Copy {
    /// The length of an interval: a `Duration`, or nanoseconds.
    type Length: Ord + Copy + Default + std::ops::Add<Output = Self::Length>;
    /// `to - from`.
    fn span(from: Self, to: Self) -> Self::Length;
}

impl Time for DateTime<Utc> {
    type Length = Duration;
    #[inline]
    fn span(from: Self, to: Self) -> Duration {
        span(from, to)
    }
}

/// Nanoseconds since 1970, exact for every time chrono holds (an `i64`
/// would end in 2262): a day's minutes worked out on these are the minutes
/// of chrono's own `Duration`s, at a fraction of the cost of its date
/// arithmetic, which was most of the map's person-day work.
pub type Nanos = i128;

/// An [`Interval`] in [`Nanos`].
pub type NanoInterval = (Nanos, Nanos);

impl Time for Nanos {
    type Length = Nanos;
    #[inline]
    fn span(from: Self, to: Self) -> Nanos {
        to - from
    }
}

/// `t` in [`Nanos`].
#[inline]
pub fn nanos(t: DateTime<Utc>) -> Nanos {
    Nanos::from(t.timestamp()) * 1_000_000_000 + Nanos::from(t.timestamp_subsec_nanos())
}

/// `d` in [`Nanos`].
pub fn nanos_of(d: Duration) -> Nanos {
    Nanos::from(d.num_seconds()) * 1_000_000_000 + Nanos::from(d.subsec_nanos())
}

/// Whole minutes of `d` nanoseconds, as [`Duration::num_minutes`] counts
/// them (towards zero). A day's lengths fit an `i64`, whose division is a
/// tenth of the cost of an `i128`'s.
pub fn whole_minutes(d: Nanos) -> i64 {
    const MINUTE: i64 = 60_000_000_000;
    match i64::try_from(d) {
        Ok(d) => d / MINUTE,
        Err(_) => (d / Nanos::from(MINUTE)) as i64,
    }
}

/// Nanoseconds in a day.
pub const DAY: Nanos = 86_400_000_000_000;

/// The day of `t` (days since 1 January 1970, rounded down) and the
/// nanoseconds into it, as `div_euclid` and `rem_euclid` give them. An
/// `i64`'s division is a tenth of the cost of an `i128`'s: the years past
/// 2262 take the slow way.
pub fn day_and_rest(t: Nanos) -> (i64, i64) {
    match i64::try_from(t) {
        Ok(t) => (t.div_euclid(DAY as i64), t.rem_euclid(DAY as i64)),
        Err(_) => (t.div_euclid(DAY) as i64, t.rem_euclid(DAY) as i64),
    }
}

/// Merges overlapping or touching intervals; the result is sorted and disjoint.
pub fn union<T: Ord + Copy>(mut items: Vec<(T, T)>) -> Vec<(T, T)> {
    union_in_place(&mut items);
    items
}

/// [`union`] in `items`' own memory: the map unions a few intervals per
/// day and per working window, and a new list each time was most of that
/// work's allocations.
pub fn union_in_place<T: Ord + Copy>(items: &mut Vec<(T, T)>) {
    items.retain(|(s, e)| e > s);
    items.sort();
    let mut kept: usize = 0;
    for i in 0..items.len() {
        let (s, e) = items[i];
        match kept.checked_sub(1).map(|k| &mut items[k]) {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => {
                items[kept] = (s, e);
                kept += 1;
            }
        }
    }
    items.truncate(kept);
}

pub fn total<T: Time>(items: &[(T, T)]) -> T::Length {
    items
        .iter()
        .map(|(s, e)| T::span(*s, *e))
        .fold(T::Length::default(), |a, b| a + b)
}

/// Time covered by two or more intervals.
pub fn double_booked<T: Time>(items: &[(T, T)]) -> T::Length {
    // most days' meetings come sorted and apart: nothing to sweep
    let mut reach = None;
    let apart = items.iter().all(|&(s, e)| {
        let ok = s <= e && reach.is_none_or(|r| r <= s);
        reach = Some(e);
        ok
    });
    if apart {
        return T::Length::default();
    }
    let mut edges: Vec<(T, i32)> = items
        .iter()
        .flat_map(|(s, e)| [(*s, 1), (*e, -1)])
        .collect();
    edges.sort();
    let (mut depth, mut out, mut prev) = (0, T::Length::default(), None);
    for (at, step) in edges {
        if let Some(p) = prev {
            if depth >= 2 {
                out = out + T::span(p, at);
            }
        }
        depth += step;
        prev = Some(at);
    }
    out
}

/// Free gaps of `window` not covered by the disjoint sorted `busy` intervals.
pub fn gaps<T: Ord + Copy>(window: (T, T), busy: &[(T, T)]) -> Vec<(T, T)> {
    let mut out = Vec::new();
    gaps_into(window, busy, &mut out);
    out
}

/// [`gaps`], written into `out` (cleared first), whose memory the map
/// reuses from day to day.
pub fn gaps_into<T: Ord + Copy>(window: (T, T), busy: &[(T, T)], out: &mut Vec<(T, T)>) {
    out.clear();
    let mut cursor = window.0;
    for &(s, e) in busy {
        if e <= cursor || s >= window.1 {
            continue;
        }
        if s > cursor {
            out.push((cursor, s.min(window.1)));
        }
        cursor = cursor.max(e);
    }
    if cursor < window.1 {
        out.push((cursor, window.1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 8, h, m, 0).unwrap()
    }

    #[test]
    fn union_double_booking_and_gaps_by_hand() {
        let meetings = vec![
            (t(10, 0), t(11, 0)),
            (t(10, 30), t(11, 30)),
            (t(14, 0), t(15, 0)),
        ];
        let u = union(meetings.clone());
        assert_eq!(u, vec![(t(10, 0), t(11, 30)), (t(14, 0), t(15, 0))]);
        assert_eq!(total(&u), Duration::minutes(150));
        assert_eq!(double_booked(&meetings), Duration::minutes(30));
        let free = gaps((t(9, 0), t(17, 0)), &u);
        assert_eq!(
            free,
            vec![
                (t(9, 0), t(10, 0)),
                (t(11, 30), t(14, 0)),
                (t(15, 0), t(17, 0))
            ]
        );
    }

    #[test]
    fn a_span_is_chronos_difference_on_one_day_and_across_days_and_years() {
        let at = |y, m, d, h, mi, s, ns| {
            Utc.with_ymd_and_hms(y, m, d, h, mi, s).unwrap() + Duration::nanoseconds(ns)
        };
        let pairs = [
            (t(9, 0), t(10, 30)),
            (t(10, 30), t(9, 0)),
            (at(2024, 1, 8, 9, 0, 1, 700), at(2024, 1, 8, 9, 0, 0, 900)),
            (at(2024, 1, 8, 23, 30, 0, 0), at(2024, 1, 9, 0, 15, 0, 0)),
            (at(2023, 12, 31, 23, 59, 59, 5), at(2024, 3, 1, 0, 0, 0, 0)),
            (at(2024, 3, 1, 0, 0, 0, 0), at(1999, 2, 28, 12, 0, 0, 1)),
        ];
        for (a, b) in pairs {
            assert_eq!(span(a, b), b - a, "{a} to {b}");
        }
    }

    #[test]
    fn nanoseconds_give_chronos_lengths_and_minutes() {
        let at = |y, m, d, h, mi, s, ns| {
            Utc.with_ymd_and_hms(y, m, d, h, mi, s).unwrap() + Duration::nanoseconds(ns)
        };
        let times = [
            t(9, 0),
            at(2024, 1, 8, 9, 0, 1, 700),
            at(1969, 12, 31, 23, 59, 59, 999_999_999),
            at(1969, 7, 20, 20, 17, 40, 1),
            at(2024, 3, 1, 0, 0, 0, 0),
            at(9999, 12, 31, 23, 59, 59, 0),
            at(-4000, 1, 1, 0, 0, 0, 5),
        ];
        for a in times {
            for b in times {
                let (chrono, ns) = (b - a, nanos(b) - nanos(a));
                assert_eq!(nanos_of(chrono), ns, "{a} to {b}");
                assert_eq!(whole_minutes(ns), chrono.num_minutes(), "{a} to {b}");
            }
        }
        // the same arithmetic on either kind of time
        let meetings = [(t(10, 0), t(11, 0)), (t(10, 30), t(11, 45))];
        let in_nanos = meetings.map(|(s, e)| (nanos(s), nanos(e)));
        assert_eq!(nanos_of(double_booked(&meetings)), double_booked(&in_nanos));
        assert_eq!(
            nanos_of(total(&union(meetings.to_vec()))),
            total(&union(in_nanos.to_vec()))
        );
    }

    #[test]
    fn gaps_clip_busy_time_outside_the_window() {
        let busy = vec![(t(7, 0), t(9, 30)), (t(16, 30), t(19, 0))];
        assert_eq!(
            gaps((t(9, 0), t(17, 0)), &busy),
            vec![(t(9, 30), t(16, 30))]
        );
    }
}

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

/// Merges overlapping or touching intervals; the result is sorted and disjoint.
pub fn union(mut items: Vec<Interval>) -> Vec<Interval> {
    items.retain(|(s, e)| e > s);
    items.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(items.len());
    for (s, e) in items {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

pub fn total(items: &[Interval]) -> Duration {
    items
        .iter()
        .map(|(s, e)| span(*s, *e))
        .fold(Duration::zero(), |a, b| a + b)
}

/// Time covered by two or more intervals.
pub fn double_booked(items: &[Interval]) -> Duration {
    let mut edges: Vec<(DateTime<Utc>, i32)> = items
        .iter()
        .flat_map(|(s, e)| [(*s, 1), (*e, -1)])
        .collect();
    edges.sort();
    let (mut depth, mut out, mut prev) = (0, Duration::zero(), None);
    for (at, step) in edges {
        if let Some(p) = prev {
            if depth >= 2 {
                out += span(p, at);
            }
        }
        depth += step;
        prev = Some(at);
    }
    out
}

/// Free gaps of `window` not covered by the disjoint sorted `busy` intervals.
pub fn gaps(window: Interval, busy: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
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
    out
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
    fn gaps_clip_busy_time_outside_the_window() {
        let busy = vec![(t(7, 0), t(9, 30)), (t(16, 30), t(19, 0))];
        assert_eq!(
            gaps((t(9, 0), t(17, 0)), &busy),
            vec![(t(9, 30), t(16, 30))]
        );
    }
}

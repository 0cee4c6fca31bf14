//! Meeting load by weekday and hour of day, in each person's own local time.

use chrono::Datelike;
use rayon::prelude::*;

use super::classified::Classified;
use super::intervals::{day_and_rest, nanos, whole_minutes, Nanos};
use super::partial::PersonPartial;
use super::person::PersonDay;
use super::weeks::kept_weeks;

/// `[weekday Mon=0][hour]`: meeting hours per person and week in that slot.
pub type Heatmap = [[f64; 24]; 7];

/// Adds everyone's meeting hours of their kept person-weeks (see
/// [`super::weeks::person_weeks`]; worked out per person by [`person_grid`]), then
/// divides by the number of those weeks.
pub fn heatmap(people: &[PersonPartial], person_weeks: usize) -> Heatmap {
    let mut grid = people.par_iter().map(|p| p.heatmap).reduce(
        || [[0.0; 24]; 7],
        |mut a, b| {
            a.iter_mut()
                .flatten()
                .zip(b.iter().flatten())
                .for_each(|(x, y)| *x += y);
            a
        },
    );
    let weeks = person_weeks.max(1) as f64;
    grid.iter_mut().flatten().for_each(|v| *v /= weeks);
    grid
}

/// One person's meeting hours per local weekday and hour, in the weeks of
/// theirs that count (their own days decide which).
pub fn person_grid(c: &Classified, days: &[PersonDay]) -> Heatmap {
    let kept = kept_weeks(days);
    let mut grid = [[0.0; 24]; 7];
    for s in &c.meetings {
        let week = s.date.iso_week();
        if !kept.contains(&(week.year(), week.week())) {
            continue;
        }
        // walk local hour boundaries (zones such as Kolkata are offset by half an
        // hour), in local nanoseconds: chrono's date arithmetic per step cost more
        // than the rest of the grid
        let local = |t: chrono::NaiveDateTime| nanos(t.and_utc());
        let (mut t, end) = (
            local(s.local_start),
            local(s.end.with_timezone(&c.tz).naive_local()),
        );
        while t < end {
            let hour_end = (hour_start(t) + HOUR).min(end);
            let (weekday, hour) = weekday_hour(t);
            grid[weekday][hour] += whole_minutes(hour_end - t) as f64 / 60.0;
            t = hour_end;
        }
    }
    grid
}

const HOUR: Nanos = 3_600_000_000_000;

/// The weekday (Monday 0) and hour of local time `t`.
fn weekday_hour(t: Nanos) -> (usize, usize) {
    let (day, of_day) = day_and_rest(t);
    // 1 January 1970 was a Thursday (3 days after a Monday)
    (
        (day + 3).rem_euclid(7) as usize,
        (of_day / HOUR as i64) as usize,
    )
}

/// The start of the hour of local time `t`, as chrono's `duration_trunc`
/// gives it: `t` itself where chrono has no nanosecond count for it (before
/// 1677 or after 2262).
fn hour_start(t: Nanos) -> Nanos {
    match i64::try_from(t) {
        Ok(stamp) => t - Nanos::from(stamp.rem_euclid(HOUR as i64)),
        Err(_) => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classified::classify;
    use crate::analysis::interned::Interned;
    use crate::config::Options;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn an_hours_start_weekday_and_hour_are_chronos_far_from_1970_too() {
        use chrono::{Duration, DurationRound, NaiveDate, Timelike};
        let at = |y, m, d, h, mi, s| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap()
        };
        let times = [
            at(2024, 1, 8, 9, 30, 5),
            at(2024, 1, 8, 9, 0, 0),
            at(1969, 12, 31, 23, 59, 59),
            at(1970, 1, 1, 0, 10, 0),
            at(1900, 6, 1, 13, 45, 0),
            at(1600, 6, 1, 13, 45, 0),
            at(3000, 6, 1, 13, 45, 0),
        ];
        for t in times
            .into_iter()
            .chain([at(8000, 2, 29, 23, 0, 0), at(1500, 3, 1, 0, 0, 0)])
        {
            let chrono = t.duration_trunc(Duration::hours(1)).unwrap_or(t);
            let ns = nanos(t.and_utc());
            assert_eq!(hour_start(ns), nanos(chrono.and_utc()), "{t}");
            let day = t.weekday().num_days_from_monday() as usize;
            assert_eq!(weekday_hour(ns), (day, t.hour() as usize), "{t}");
        }
    }

    #[test]
    fn a_berlin_meeting_lands_in_a_kolkata_persons_local_evening() {
        // 16:00-17:30 Berlin (CET) on Monday 2024-01-08 = 20:30-22:00 in Kolkata (+05:30)
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:Asia/Kolkata\nBEGIN:VEVENT\nUID:m\nDTSTART;TZID=Europe/Berlin:20240108T160000\nDTEND;TZID=Europe/Berlin:20240108T173000\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:later\nDTSTART;TZID=Europe/Berlin:20240115T160000\nDTEND;TZID=Europe/Berlin:20240115T170000\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        let opts = Options::default();
        // a full working week around the first meeting, so that week counts; the second
        // meeting's week has no working days and is left out
        let days: Vec<PersonDay> = (8..13)
            .map(|d| PersonDay {
                date: chrono::NaiveDate::from_ymd_opt(2024, 1, d).unwrap(),
                working_min: 480,
                person: "me@x.org".into(),
                ..PersonDay::default()
            })
            .collect();
        let grid = person_grid(&classify(&cal, &opts, &Interned::default()), &days);
        assert_eq!(grid[0][20], 0.5);
        assert_eq!(grid[0][21], 1.0);
        assert_eq!(grid.iter().flatten().sum::<f64>(), 1.5);
    }
}

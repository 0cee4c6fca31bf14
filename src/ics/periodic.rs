//! The commonest RRULEs expanded directly: WEEKLY with plain weekdays
//! (`FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU`) and DAILY without BY
//! parts. Nine in ten rules of real exports are weekly; the rrule crate
//! builds a year's day masks for them and costs about a thousand times
//! more per instance than stepping through the weeks.
//!
//! These rules yield the same days in every period (a week starting on
//! WKST, or `INTERVAL` days), at the time of DTSTART, from DTSTART on, and
//! every period but the first yields at least one. Any other rule (other
//! BY parts, a BYDAY with an ordinal, a start with fractions of a second)
//! is left to the crate; the tests check that both give the same instants.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::rule::{weekday, Freq, Rule};

/// A rule whose periods all yield the same days (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Periodic {
    /// Days from one period's start to the next.
    period_days: i64,
    /// For WEEKLY, the days after the week's start (WKST) with an instance,
    /// ascending and distinct; `None` for DAILY (the period's only day).
    week_days: Option<Vec<i64>>,
    wkst: Weekday,
}

impl Periodic {
    /// The rule as a [`Periodic`] one, if it is one.
    pub fn of(rule: &Rule) -> Option<Periodic> {
        let interval = i64::from(rule.interval);
        let wkst = rule.wkst.unwrap_or(Weekday::Mon);
        match (rule.freq, rule.by.as_slice()) {
            (Freq::Daily, []) => Some(Periodic {
                period_days: interval,
                week_days: None,
                wkst,
            }),
            (Freq::Weekly, []) => Some(Periodic {
                period_days: 7 * interval,
                week_days: Some(Vec::new()),
                wkst,
            }),
            (Freq::Weekly, [(name, days)]) if name == "BYDAY" => {
                let mut offsets = days
                    .split(',')
                    .map(|d| weekday(d).map(|w| days_after(wkst, w)))
                    .collect::<Option<Vec<i64>>>()?;
                offsets.sort_unstable();
                offsets.dedup();
                Some(Periodic {
                    period_days: 7 * interval,
                    week_days: Some(offsets),
                    wkst,
                })
            }
            _ => None,
        }
    }

    /// How long `periods` periods last, if that is a duration chrono has.
    pub fn periods(&self, periods: u64) -> Option<Duration> {
        i64::try_from(periods)
            .ok()?
            .checked_mul(self.period_days)
            .and_then(Duration::try_days)
    }

    /// The instants from `start` (DTSTART, wall-clock) on, in order, until
    /// the calendar ends; `None` for a start with fractions of a second.
    pub fn instants(&self, start: NaiveDateTime) -> Option<Instants> {
        if start.nanosecond() != 0 {
            return None;
        }
        let day = start.date();
        let own = days_after(self.wkst, day.weekday());
        let week = day.checked_sub_signed(Duration::days(own))?;
        let (base, offsets) = match &self.week_days {
            None => (day, &[0][..]),
            Some(offsets) if offsets.is_empty() => (week, &[own][..]),
            Some(offsets) => (week, &offsets[..]),
        };
        let mut days = [0; 7];
        days[..offsets.len()].copy_from_slice(offsets);
        Some(Instants {
            base,
            days,
            len: offsets.len(),
            next: 0,
            step: Duration::try_days(self.period_days)?,
            first: day,
            time: start.time(),
        })
    }
}

/// The instants of a [`Periodic`] rule, period by period.
#[derive(Debug, Clone)]
pub struct Instants {
    /// The start of the current period.
    base: NaiveDate,
    /// The days of each period with an instance, after its start
    /// (`days[..len]`), and the next one to give.
    days: [i64; 7],
    len: usize,
    next: usize,
    step: Duration,
    /// DTSTART's day: days of the first period before it are none.
    first: NaiveDate,
    time: NaiveTime,
}

impl Iterator for Instants {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        loop {
            if self.next == self.len {
                self.base = self.base.checked_add_signed(self.step)?;
                self.next = 0;
            }
            let day = self.days.get(self.next).copied()?;
            self.next += 1;
            let date = self.base.checked_add_signed(Duration::days(day))?;
            if date >= self.first {
                return Some(date.and_time(self.time));
            }
        }
    }
}

/// Days from `from` to the next `to` (0 to 6).
fn days_after(from: Weekday, to: Weekday) -> i64 {
    i64::from((to.num_days_from_monday() + 7 - from.num_days_from_monday()) % 7)
}

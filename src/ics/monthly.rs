//! Monthly rules on one weekday of the month (`FREQ=MONTHLY;BYDAY=1TH`,
//! `BYDAY=-1FR`, `BYDAY=TH;BYSETPOS=1`) expanded directly: after the
//! weekly ones, the commonest rules of real exports. The rrule crate costs
//! about as much per instance of these as for a weekly rule (see
//! [`super::periodic`]), a tenth of the expansion's instructions for one
//! rule in ten.
//!
//! Only the first to fourth weekday and the last are taken: every month has
//! them, so every month of the rule (every `INTERVAL`th from DTSTART's) has
//! an instance, at the time of DTSTART, from DTSTART on. A fifth weekday, a
//! list of days or any other part is left to the crate; the tests check
//! that both give the same instants.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::rule::{weekday, Freq, Rule};

/// A monthly rule on one weekday of the month (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monthly {
    /// Months from one instance's month to the next.
    interval: u32,
    day: Weekday,
    /// Which of the month's `day`s: 1 to 4, or -1 for the last.
    nth: i8,
}

impl Monthly {
    /// The rule as a [`Monthly`] one, if it is one.
    pub fn of(rule: &Rule) -> Option<Monthly> {
        if rule.freq != Freq::Monthly {
            return None;
        }
        let (day, nth) = match rule.by.as_slice() {
            [(name, value)] if name == "BYDAY" => {
                let cut = value.len().checked_sub(2)?;
                (weekday(value.get(cut..)?)?, value.get(..cut)?)
            }
            [(a, day), (b, nth)] | [(b, nth), (a, day)] if a == "BYDAY" && b == "BYSETPOS" => {
                (weekday(day)?, nth.as_str())
            }
            _ => return None,
        };
        let nth = match nth {
            "1" | "+1" => 1,
            "2" | "+2" => 2,
            "3" | "+3" => 3,
            "4" | "+4" => 4,
            "-1" => -1,
            _ => return None,
        };
        Some(Monthly {
            interval: rule.interval,
            day,
            nth,
        })
    }

    /// Months from `at`'s month to where `periods` periods end, at most.
    pub fn months(&self, periods: u64) -> Option<u64> {
        periods.checked_mul(u64::from(self.interval))
    }

    /// The instants from `start` (DTSTART, wall-clock) on, in order; `None`
    /// for a start with fractions of a second.
    pub fn instants(&self, start: NaiveDateTime) -> Option<MonthlyInstants> {
        if start.nanosecond() != 0 {
            return None;
        }
        Some(MonthlyInstants {
            rule: self.clone(),
            month: i64::from(start.year()) * 12 + i64::from(start.month0()),
            first: start,
            time: start.time(),
        })
    }

    /// The rule's day in a month (counted from year 0); none past chrono's range.
    fn day_in(&self, month: i64) -> Option<NaiveDate> {
        let first = |month: i64| {
            let year = i32::try_from(month.div_euclid(12)).ok()?;
            let month0 = u32::try_from(month.rem_euclid(12)).ok()?;
            NaiveDate::from_ymd_opt(year, month0 + 1, 1)
        };
        let to = self.day.num_days_from_monday();
        if self.nth > 0 {
            let first = first(month)?;
            let ahead = (to + 7 - first.weekday().num_days_from_monday()) % 7;
            let days = i64::from(ahead) + 7 * i64::from(self.nth - 1);
            first.checked_add_signed(Duration::days(days))
        } else {
            let last = first(month.checked_add(1)?)?.pred_opt()?;
            let back = (last.weekday().num_days_from_monday() + 7 - to) % 7;
            last.checked_sub_signed(Duration::days(i64::from(back)))
        }
    }
}

/// The instants of a [`Monthly`] rule, month by month.
#[derive(Debug, Clone)]
pub struct MonthlyInstants {
    rule: Monthly,
    /// The next month to give (counted from year 0).
    month: i64,
    /// DTSTART: the first month's day before it is none.
    first: NaiveDateTime,
    time: NaiveTime,
}

impl Iterator for MonthlyInstants {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        loop {
            let day = self.rule.day_in(self.month)?;
            self.month = self.month.checked_add(i64::from(self.rule.interval))?;
            let at = day.and_time(self.time);
            if at >= self.first {
                return Some(at);
            }
        }
    }
}

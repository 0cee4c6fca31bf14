//! RFC 7529 `RSCALE=GREGORIAN` rules with `SKIP=BACKWARD` or `SKIP=FORWARD`:
//! a monthly or yearly series on a day that some months lack (the 31st,
//! 29 February) moves that instance to the last valid day before it or the
//! first one after it instead of leaving it out. `SKIP=OMIT` is what plain
//! RFC 5545 rules do and is left to the rrule crate.
//!
//! Handled here: FREQ=MONTHLY or YEARLY with at most BYMONTH and positive
//! BYMONTHDAY values (the forms clients write for such series). Other rule
//! forms with SKIP are expanded as OMIT, with a note.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::rule::{Freq, Rule, Skip};

/// Whether `rule` is a form whose SKIP is applied here.
pub fn handles(rule: &Rule) -> bool {
    matches!(rule.freq, Freq::Monthly | Freq::Yearly)
        && rule.by.iter().all(|(k, v)| match k.as_str() {
            "BYMONTH" => in_range(v, 12),
            "BYMONTHDAY" => in_range(v, 31),
            _ => false,
        })
}

/// Every value of a list is a whole number from 1 to `max`.
fn in_range(list: &str, max: u32) -> bool {
    list.split(',').all(|n| {
        n.trim_start_matches('+')
            .parse::<u32>()
            .is_ok_and(|n| (1..=max).contains(&n))
    })
}

/// The rule's instants from `start` (wall-clock) up to `stop`, in order. The
/// day-of-month and month default to DTSTART's (RFC 5545 §3.3.10).
pub fn instants(
    rule: &Rule,
    start: NaiveDateTime,
    stop: NaiveDateTime,
) -> impl Iterator<Item = NaiveDateTime> {
    let days = list(rule.by_part("BYMONTHDAY"), start.day());
    let months = list(rule.by_part("BYMONTH"), start.month());
    let every_month = rule.by_part("BYMONTH").is_none();
    let (step, freq, skip) = (rule.interval, rule.freq, rule.skip);
    let first = start.year() * 12 + start.month0() as i32;
    let months_per_period = if freq == Freq::Yearly { 12 } else { 1 };
    let mut period: i64 = 0;
    let mut buffer: Vec<NaiveDateTime> = Vec::new();
    std::iter::from_fn(move || loop {
        if let Some(next) = buffer.pop() {
            return Some(next);
        }
        let index = i64::from(first) + period * i64::from(step) * months_per_period;
        period += 1;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month_starts = NaiveDate::from_ymd_opt(year, 1, 1)?.and_time(start.time());
        if month_starts > stop {
            return None;
        }
        let in_period: Vec<u32> = match freq {
            Freq::Yearly => months.clone(),
            _ => Some(index.rem_euclid(12) as u32 + 1)
                .filter(|m| every_month || months.contains(m))
                .into_iter()
                .collect(),
        };
        let mut found: Vec<NaiveDateTime> = in_period
            .iter()
            .flat_map(|&m| days.iter().filter_map(move |&d| day_of(year, m, d, skip)))
            .map(|d| d.and_time(start.time()))
            .filter(|t| *t >= start)
            .collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.dedup();
        buffer = found;
    })
}

/// Values of a BY part, or DTSTART's when the part is absent.
fn list(part: Option<&str>, default: u32) -> Vec<u32> {
    part.map_or_else(
        || vec![default],
        |v| {
            v.split(',')
                .filter_map(|n| n.trim_start_matches('+').parse().ok())
                .collect()
        },
    )
}

/// Day `day` of a month, or where SKIP puts it when the month is too short.
fn day_of(year: i32, month: u32, day: u32, skip: Skip) -> Option<NaiveDate> {
    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
        return Some(date);
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next_month = first.checked_add_months(chrono::Months::new(1))?;
    match skip {
        Skip::Omit => None,
        Skip::Backward => next_month.pred_opt(),
        Skip::Forward => Some(next_month),
    }
}

#[cfg(test)]
mod tests {
    use super::super::recur::expand_naive;
    use super::*;

    fn at(y: i32, mo: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn run(rule: &str, start: NaiveDateTime) -> Vec<String> {
        expand_naive(rule, start, at(2100, 1, 1), 100, &|u| u)
            .unwrap()
            .starts
            .iter()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .collect()
    }

    #[test]
    fn a_29_february_anniversary_moves_or_is_left_out() {
        let start = at(2024, 2, 29);
        let rule = |skip: &str| format!("RSCALE=GREGORIAN;FREQ=YEARLY;SKIP={skip};COUNT=5");
        assert_eq!(
            run(&rule("BACKWARD"), start),
            [
                "2024-02-29",
                "2025-02-28",
                "2026-02-28",
                "2027-02-28",
                "2028-02-29"
            ]
        );
        assert_eq!(
            run(&rule("FORWARD"), start),
            [
                "2024-02-29",
                "2025-03-01",
                "2026-03-01",
                "2027-03-01",
                "2028-02-29"
            ]
        );
        assert_eq!(
            run(&rule("OMIT"), start),
            [
                "2024-02-29",
                "2028-02-29",
                "2032-02-29",
                "2036-02-29",
                "2040-02-29"
            ]
        );
    }

    #[test]
    fn a_monthly_31st_moves_into_short_months() {
        let start = at(2025, 1, 31);
        assert_eq!(
            run("RSCALE=GREGORIAN;FREQ=MONTHLY;SKIP=BACKWARD;COUNT=4", start),
            ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]
        );
        assert_eq!(
            run(
                "RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=31;SKIP=FORWARD;COUNT=4",
                start
            ),
            ["2025-01-31", "2025-03-01", "2025-03-31", "2025-05-01"]
        );
        // two days that land on one: counted once (RFC 7529 §4.2)
        assert_eq!(
            run(
                "RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=30,31;SKIP=BACKWARD;COUNT=3",
                start
            ),
            ["2025-01-31", "2025-02-28", "2025-03-30"]
        );
    }

    #[test]
    fn yearly_bymonth_and_interval_are_followed() {
        assert_eq!(
            run(
                "RSCALE=GREGORIAN;FREQ=YEARLY;INTERVAL=2;BYMONTH=2,4;BYMONTHDAY=31;SKIP=BACKWARD;UNTIL=20290101",
                at(2025, 1, 1)
            ),
            ["2025-02-28", "2025-04-30", "2027-02-28", "2027-04-30"]
        );
    }
}

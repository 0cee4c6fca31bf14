//! Public holidays of the sample's countries, as the holiday calendars of a
//! Google Takeout export list them.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

/// The country whose holiday calendar a person in `zone` subscribes to.
pub fn country(zone: Tz) -> &'static str {
    match zone {
        Tz::America__New_York | Tz::America__Los_Angeles => "United States",
        Tz::Asia__Kolkata => "India",
        _ => "Germany",
    }
}

/// The `n`th (1-based) `weekday` of a month, or with `n = 0` the last one.
fn nth(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        let next = NaiveDate::from_ymd_opt(year + (month / 12) as i32, month % 12 + 1, 1)?;
        let last = next - Duration::days(1);
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Some(last - Duration::days(back.into()));
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// Easter Sunday (the anonymous Gregorian algorithm).
fn easter(year: i32) -> Option<NaiveDate> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The holidays of `country` in `year`.
fn of_year(country: &str, year: i32) -> Vec<(Option<NaiveDate>, &'static str)> {
    let on = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let after_easter = |days: i64| easter(year).map(|e| e + Duration::days(days));
    match country {
        "United States" => vec![
            (on(1, 1), "New Year's Day"),
            (nth(year, 1, Weekday::Mon, 3), "Martin Luther King Jr. Day"),
            (nth(year, 2, Weekday::Mon, 3), "Presidents' Day"),
            (nth(year, 5, Weekday::Mon, 0), "Memorial Day"),
            (on(7, 4), "Independence Day"),
            (nth(year, 9, Weekday::Mon, 1), "Labor Day"),
            (nth(year, 11, Weekday::Thu, 4), "Thanksgiving Day"),
            (on(12, 25), "Christmas Day"),
        ],
        "India" => vec![
            (on(1, 26), "Republic Day"),
            (on(8, 15), "Independence Day"),
            (on(10, 2), "Mahatma Gandhi Jayanti"),
            (on(12, 25), "Christmas"),
        ],
        _ => vec![
            (on(1, 1), "New Year's Day"),
            (after_easter(-2), "Good Friday"),
            (after_easter(1), "Easter Monday"),
            (on(5, 1), "Labour Day"),
            (after_easter(39), "Ascension Day"),
            (after_easter(50), "Whit Monday"),
            (on(10, 3), "Day of German Unity"),
            (on(12, 25), "Christmas Day"),
            (on(12, 26), "Second Day of Christmas"),
        ],
    }
}

/// The holidays of `country` from `from` up to (not including) `to`, by date.
pub fn between(country: &str, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, &'static str)> {
    let mut out: Vec<(NaiveDate, &'static str)> = (from.year()..=to.year())
        .flat_map(|y| of_year(country, y))
        .filter_map(|(d, name)| d.map(|d| (d, name)))
        .filter(|(d, _)| *d >= from && *d < to)
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_and_floating_holidays_fall_on_their_known_dates() {
        // Easter Sunday 2025 was 20 April, 2026 is 5 April
        assert_eq!(easter(2025), Some(day(2025, 4, 20)));
        assert_eq!(easter(2026), Some(day(2026, 4, 5)));
        // MLK day 2025: 20 January; Memorial Day 2025: 26 May (the last Monday)
        assert_eq!(nth(2025, 1, Weekday::Mon, 3), Some(day(2025, 1, 20)));
        assert_eq!(nth(2025, 5, Weekday::Mon, 0), Some(day(2025, 5, 26)));
        assert_eq!(nth(2025, 12, Weekday::Wed, 0), Some(day(2025, 12, 31)));
    }

    #[test]
    fn only_the_holidays_inside_the_period_are_listed() {
        let q1 = between("United States", day(2025, 1, 6), day(2025, 4, 7));
        assert_eq!(
            q1,
            vec![
                (day(2025, 1, 20), "Martin Luther King Jr. Day"),
                (day(2025, 2, 17), "Presidents' Day")
            ]
        );
        let q2 = between("Germany", day(2025, 4, 7), day(2025, 7, 7));
        assert_eq!(q2.first(), Some(&(day(2025, 4, 18), "Good Friday")));
        assert_eq!(q2.len(), 5, "{q2:?}");
    }
}

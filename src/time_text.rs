//! Times as the text the tables write (`2025-01-06T09:30:00Z`,
//! `2025-01-06`), without chrono's strftime. `export` writes three or four
//! times per occurrence, and interpreting a format string for each was an
//! eighth of a CSV export; these write the digits directly and give the same
//! text as the format strings named on each function.

use std::fmt::Write;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

/// `t.format("%Y-%m-%dT%H:%M:%SZ")`.
pub fn utc_text(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(20);
    push_utc(&mut out, t);
    out
}

/// [`utc_text`] appended to `out` (a column builder reuses one buffer).
pub fn push_utc(out: &mut String, t: DateTime<Utc>) {
    push_naive(out, t.naive_utc());
    out.push('Z');
}

/// `t.format("%Y-%m-%dT%H:%M:%S")` appended to `out`.
pub fn push_naive(out: &mut String, t: NaiveDateTime) {
    push_date(out, t.date());
    out.push('T');
    push_two(out, t.hour());
    out.push(':');
    push_two(out, t.minute());
    out.push(':');
    // a leap second is written as second 60, as strftime writes it
    push_two(out, t.second() + t.nanosecond() / 1_000_000_000);
}

/// `d.format("%Y-%m-%d")` (also how a date displays) appended to `out`.
pub fn push_date(out: &mut String, d: NaiveDate) {
    if !push_year(out, d.year()) {
        // outside 0-9999 strftime adds a sign; such years are rare enough to format slowly
        let _ = write!(out, "{}", d.format("%Y"));
    }
    out.push('-');
    push_two(out, d.month());
    out.push('-');
    push_two(out, d.day());
}

/// `format!("{year:04}-{month:02}")`: a series' month as the tables write
/// it (`2024-03`).
pub fn month_text(year: i32, month: u32) -> String {
    let mut out = String::with_capacity(7);
    if !push_year(&mut out, year) {
        let _ = write!(out, "{year:04}");
    }
    out.push('-');
    push_two(&mut out, month);
    out
}

/// The four digits of a year of 0-9999 appended to `out`; false (nothing
/// written) for any other year, whose text depends on the format.
fn push_year(out: &mut String, year: i32) -> bool {
    match u32::try_from(year) {
        Ok(year) if year <= 9999 => {
            push_two(out, year / 100);
            push_two(out, year % 100);
            true
        }
        _ => false,
    }
}

/// "00" to "99" one after the other: the digits of `n` are
/// `DIGITS[2 * n..2 * n + 2]`.
const DIGITS: &str = concat!(
    "00010203040506070809101112131415161718192021222324",
    "25262728293031323334353637383940414243444546474849",
    "50515253545556575859606162636465666768697071727374",
    "75767778798081828384858687888990919293949596979899",
);

/// The last two decimal digits of `n` (0-99 as `00`-`99`), two bytes of
/// [`DIGITS`] (the CSV writer's integer cells and person_day's weeks take
/// them too).
pub(crate) fn two_digits(n: u32) -> &'static str {
    let at = 2 * (n % 100) as usize;
    &DIGITS[at..at + 2]
}

/// [`two_digits`] appended to `out`. Copied as two bytes: pushed one `char`
/// at a time, as they were, each digit took `String::push`'s test for a
/// multi-byte character (callgrind, export of /tmp/sub200, 1 thread: the
/// whole run 5,180.4 -> 5,135.9 M, push_naive 125.6 -> 82.1 M).
fn push_two(out: &mut String, n: u32) {
    out.push_str(two_digits(n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn naive_text(t: NaiveDateTime) -> String {
        let mut out = String::new();
        push_naive(&mut out, t);
        out
    }

    fn date_text(d: NaiveDate) -> String {
        let mut out = String::new();
        push_date(&mut out, d);
        out
    }

    #[test]
    fn times_read_as_strftime_writes_them() {
        let times = [
            Utc.with_ymd_and_hms(2025, 1, 6, 9, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(33, 7, 4, 0, 0, 5).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2025, 3, 30, 1, 2, 3).unwrap()
                + chrono::Duration::milliseconds(999),
        ];
        for t in times {
            assert_eq!(utc_text(t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            let naive = t.naive_utc();
            assert_eq!(
                naive_text(naive),
                naive.format("%Y-%m-%dT%H:%M:%S").to_string()
            );
            assert_eq!(date_text(naive.date()), naive.date().to_string());
            assert_eq!(
                date_text(naive.date()),
                naive.date().format("%Y-%m-%d").to_string()
            );
        }
    }

    #[test]
    fn every_day_of_three_centuries_and_every_second_of_a_day_read_as_strftime() {
        let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        for d in first.iter_days().take(3 * 36_525) {
            assert_eq!(date_text(d), d.format("%Y-%m-%d").to_string());
        }
        let midnight = first.and_hms_opt(0, 0, 0).unwrap();
        for s in 0..86_400 {
            let t = midnight + chrono::Duration::seconds(s);
            assert_eq!(naive_text(t), t.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }

    #[test]
    fn pushing_appends_to_what_the_buffer_holds() {
        let t = Utc.with_ymd_and_hms(2025, 1, 6, 9, 30, 0).unwrap();
        let mut out = String::from("x;");
        push_utc(&mut out, t);
        out.push(';');
        push_date(&mut out, t.date_naive());
        assert_eq!(out, "x;2025-01-06T09:30:00Z;2025-01-06");
    }

    #[test]
    fn a_leap_second_is_second_sixty_as_in_strftime() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .unwrap();
        assert_eq!(
            naive_text(leap),
            leap.format("%Y-%m-%dT%H:%M:%S").to_string()
        );
    }
}

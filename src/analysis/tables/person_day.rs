//! The person_day table: one row per person and analysed day, exact minutes.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::{column, text_column};
use crate::analysis::person::PersonDay;
use crate::analysis::privacy;
use crate::config::Options;
use crate::time_text::{push_date, two_digits};

/// A whole-number column of person_day: its name, its value of a day, and
/// whether person_week sums it (a day's longest chain or largest free block
/// does not add up over a week).
pub(super) type Number = (&'static str, fn(&PersonDay) -> i64, bool);

/// The whole-number columns of person_day, in the table's order: the one
/// definition both person_day and person_week read.
pub(super) const NUMBERS: &[Number] = &[
    ("working_min", |d| d.working_min, true),
    ("meeting_min", |d| d.meeting_min, true),
    ("meeting_raw_min", |d| d.meeting_raw_min, true),
    ("double_booked_min", |d| d.double_booked_min, true),
    ("meeting_in_hours_min", |d| d.meeting_in_hours_min, true),
    (
        "meeting_after_hours_min",
        |d| d.meeting_after_hours_min,
        true,
    ),
    ("meetings", |d| i64::from(d.meetings), true),
    ("status_meeting_min", |d| d.status_meeting_min, true),
    (
        "back_to_back_chains",
        |d| i64::from(d.back_to_back_chains),
        true,
    ),
    (
        "longest_chain_meetings",
        |d| i64::from(d.longest_chain),
        false,
    ),
    ("busy_in_hours_min", |d| d.busy_in_hours_min, true),
    ("focus_min", |d| d.focus_min, true),
    ("focus_1h_min", |d| d.focus_1h_min, true),
    ("fragmented_min", |d| d.fragmented_min, true),
    ("largest_free_min", |d| d.largest_free_min, false),
    ("weekend_meeting_min", |d| d.weekend_meeting_min, true),
    (
        "meeting_free_day",
        |d| i64::from(d.working_min > 0 && d.meetings == 0),
        true,
    ),
];

/// A day's ISO week as the tables write it (`2024-W07`, the text of
/// `format!("{}-W{:02}", year, week)`), appended to `out`. Digits written
/// directly: `format!` was two fifths of building person_day.
pub(super) fn push_week(out: &mut String, date: chrono::NaiveDate) {
    let iso = date.iso_week();
    out.push_str(itoa::Buffer::new().format(iso.year()));
    out.push_str("-W");
    // an ISO week is 1 to 53
    out.push_str(two_digits(iso.week()));
}

/// A day's text written by `write` of its date, worked out once per date:
/// a batch holds each date once for each person (a look-up cost less than
/// writing a date, and a fifth of working out its ISO week; callgrind,
/// analyze of /tmp/sub200: the text columns 105.6 -> 93.5 M).
fn by_date(write: fn(&mut String, NaiveDate)) -> impl FnMut(&mut String, &&PersonDay) {
    let mut texts: FxHashMap<NaiveDate, String> = FxHashMap::default();
    move |out, d| {
        let text = texts.entry(d.date).or_insert_with(|| {
            let mut text = String::new();
            write(&mut text, d.date);
            text
        });
        out.push_str(text);
    }
}

/// The person_day table of `days` (one batch of it, see [`super::BATCH_ROWS`]).
pub fn person_day_table(days: &[&PersonDay], opts: &Options) -> PolarsResult<DataFrame> {
    let d = days;
    // a person's days are side by side: their name (a pseudonym under
    // privacy) is worked out once for them, not once a day
    let mut shown: Option<(Arc<str>, String)> = None;
    let mut person = |out: &mut String, d: &&PersonDay| {
        let name = match &shown {
            Some((id, name)) if *id == d.person => name,
            _ => {
                let name = privacy::person(&d.person, opts.privacy);
                &shown.insert((d.person.clone(), name)).1
            }
        };
        out.push_str(name);
    };
    let mut columns = vec![
        text_column(d, "person", &mut person),
        text_column(d, "date", by_date(push_date)),
        text_column(d, "week", by_date(push_week)),
        column(d, "day_off", |d| d.day_off),
    ];
    columns.extend(
        NUMBERS
            .iter()
            .map(|(name, of, _)| column(d, name, |d| of(d))),
    );
    DataFrame::new(days.len(), columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_read_as_format_writes_them() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let starts = [
            day(2024, 12, 20),
            day(2020, 12, 25),
            day(999, 12, 25),
            day(-44, 3, 1),
            chrono::NaiveDate::MIN,
            chrono::NaiveDate::MAX - chrono::Days::new(30),
        ];
        for start in starts {
            for date in start.iter_days().take(30) {
                let iso = date.iso_week();
                let mut ours = String::new();
                push_week(&mut ours, date);
                assert_eq!(ours, format!("{}-W{:02}", iso.year(), iso.week()));
            }
        }
    }
}

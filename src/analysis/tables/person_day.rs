//! The person_day table: one row per person and analysed day, exact minutes.

use chrono::Datelike;
use polars::prelude::*;

use super::column;
use crate::analysis::person::PersonDay;
use crate::analysis::privacy;
use crate::config::Options;

/// The person_day table.
pub fn person_day_table(days: &[PersonDay], opts: &Options) -> PolarsResult<DataFrame> {
    let d = days;
    let week = |d: &PersonDay| {
        let iso = d.date.iso_week();
        format!("{}-W{:02}", iso.year(), iso.week())
    };
    DataFrame::new(
        days.len(),
        vec![
            column(d, "person", |d| privacy::person(&d.person, opts.privacy)),
            column(d, "date", |d| d.date.to_string()),
            column(d, "week", week),
            column(d, "day_off", |d| d.day_off),
            column(d, "working_min", |d| d.working_min),
            column(d, "meeting_min", |d| d.meeting_min),
            column(d, "meeting_raw_min", |d| d.meeting_raw_min),
            column(d, "double_booked_min", |d| d.double_booked_min),
            column(d, "meeting_in_hours_min", |d| d.meeting_in_hours_min),
            column(d, "meeting_after_hours_min", |d| d.meeting_after_hours_min),
            column(d, "meetings", |d| i64::from(d.meetings)),
            column(d, "status_meeting_min", |d| d.status_meeting_min),
            column(d, "back_to_back_chains", |d| {
                i64::from(d.back_to_back_chains)
            }),
            column(d, "longest_chain_meetings", |d| i64::from(d.longest_chain)),
            column(d, "busy_in_hours_min", |d| d.busy_in_hours_min),
            column(d, "focus_min", |d| d.focus_min),
            column(d, "focus_1h_min", |d| d.focus_1h_min),
            column(d, "fragmented_min", |d| d.fragmented_min),
            column(d, "largest_free_min", |d| d.largest_free_min),
            column(d, "weekend_meeting_min", |d| d.weekend_meeting_min),
            column(d, "meeting_free_day", |d| {
                i64::from(d.working_min > 0 && d.meetings == 0)
            }),
        ],
    )
}

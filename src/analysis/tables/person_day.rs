//! The person_day table: one row per person and analysed day, exact minutes.

use chrono::Datelike;
use polars::prelude::*;

use crate::analysis::person::PersonDay;
use crate::analysis::privacy;
use crate::config::Options;

/// The person_day table.
pub fn person_day_table(days: &[PersonDay], opts: &Options) -> PolarsResult<DataFrame> {
    let col = |name: &str, f: &dyn Fn(&PersonDay) -> i64| {
        Column::new(name.into(), days.iter().map(f).collect::<Vec<i64>>())
    };
    let week = |d: &PersonDay| {
        format!(
            "{}-W{:02}",
            d.date.iso_week().year(),
            d.date.iso_week().week()
        )
    };
    DataFrame::new(
        days.len(),
        vec![
            Column::new(
                "person".into(),
                days.iter()
                    .map(|d| privacy::person(&d.person, opts.privacy))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "date".into(),
                days.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
            ),
            Column::new("week".into(), days.iter().map(week).collect::<Vec<_>>()),
            Column::new(
                "day_off".into(),
                days.iter().map(|d| d.day_off).collect::<Vec<_>>(),
            ),
            col("working_min", &|d| d.working_min),
            col("meeting_min", &|d| d.meeting_min),
            col("meeting_raw_min", &|d| d.meeting_raw_min),
            col("double_booked_min", &|d| d.double_booked_min),
            col("meeting_in_hours_min", &|d| d.meeting_in_hours_min),
            col("meeting_after_hours_min", &|d| d.meeting_after_hours_min),
            col("meetings", &|d| i64::from(d.meetings)),
            col("status_meeting_min", &|d| d.status_meeting_min),
            col("back_to_back_chains", &|d| i64::from(d.back_to_back_chains)),
            col("longest_chain", &|d| i64::from(d.longest_chain)),
            col("busy_in_hours_min", &|d| d.busy_in_hours_min),
            col("focus_min", &|d| d.focus_min),
            col("focus_1h_min", &|d| d.focus_1h_min),
            col("fragmented_min", &|d| d.fragmented_min),
            col("largest_free_min", &|d| d.largest_free_min),
            col("weekend_meeting_min", &|d| d.weekend_meeting_min),
            col("meeting_free_day", &|d| {
                i64::from(d.working_min > 0 && d.meetings == 0)
            }),
        ],
    )
}

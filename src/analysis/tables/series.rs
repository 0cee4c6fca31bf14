//! The series table: one row per explicit, implicit or one-off series.

use polars::prelude::*;

use super::{rfc3339, strings};
use crate::analysis::privacy;
use crate::analysis::series::Series;
use crate::config::Options;

/// series: one row per explicit, implicit or one-off series.
pub fn series_table(series: &[Series], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        series.len(),
        vec![
            Column::new(
                "series".into(),
                strings(series, |s| privacy::title(&s.key, &s.key, p)),
            ),
            Column::new("source".into(), strings(series, |s| s.source.to_string())),
            Column::new(
                "title".into(),
                strings(series, |s| privacy::title(&s.title, &s.key, p)),
            ),
            Column::new(
                "kind".into(),
                strings(series, |s| s.kind.as_str().to_string()),
            ),
            Column::new(
                "organizer".into(),
                strings(series, |s| {
                    s.organizer
                        .as_deref()
                        .map(|o| privacy::person(o, p))
                        .unwrap_or_default()
                }),
            ),
            Column::new(
                "occurrences".into(),
                series
                    .iter()
                    .map(|s| s.occurrences as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "cadence".into(),
                strings(series, |s| s.cadence.as_str().to_string()),
            ),
            Column::new(
                "typical_minutes".into(),
                series
                    .iter()
                    .map(|s| s.typical_minutes)
                    .collect::<Vec<i64>>(),
            ),
            Column::new(
                "typical_invitees".into(),
                series
                    .iter()
                    .map(|s| s.typical_invitees as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new("first".into(), strings(series, |s| rfc3339(s.first))),
            Column::new(
                "first_in_window".into(),
                strings(series, |s| rfc3339(s.first_in_window)),
            ),
            Column::new("last".into(), strings(series, |s| rfc3339(s.last))),
            Column::new(
                "has_end".into(),
                series.iter().map(|s| s.has_end).collect::<Vec<bool>>(),
            ),
            Column::new(
                "person_hours".into(),
                series.iter().map(|s| s.person_hours).collect::<Vec<f64>>(),
            ),
            Column::new(
                "hours_per_month".into(),
                series
                    .iter()
                    .map(|s| s.hours_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "decline_share".into(),
                series.iter().map(|s| s.decline_rate).collect::<Vec<f64>>(),
            ),
            Column::new(
                "tentative_share".into(),
                series
                    .iter()
                    .map(|s| s.tentative_rate)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "has_agenda".into(),
                series.iter().map(|s| s.has_agenda).collect::<Vec<bool>>(),
            ),
            Column::new(
                "zones".into(),
                series.iter().map(|s| s.zones as u32).collect::<Vec<u32>>(),
            ),
            Column::new(
                "outside_hours_share".into(),
                series
                    .iter()
                    .map(|s| s.outside_hours_share)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "focus_cost_hours_per_month".into(),
                series
                    .iter()
                    .map(|s| s.focus_cost_hours_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "short_notice".into(),
                series
                    .iter()
                    .map(|s| s.short_notice as u32)
                    .collect::<Vec<u32>>(),
            ),
            // cost of the series' person-hours at `hourly_rate`, when set
            Column::new(
                "cost".into(),
                series
                    .iter()
                    .map(|s| opts.hourly_rate.map(|r| r * s.person_hours))
                    .collect::<Vec<Option<f64>>>(),
            ),
        ],
    )
}

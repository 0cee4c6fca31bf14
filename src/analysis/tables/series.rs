//! The series table: one row per explicit, implicit or one-off series.

use polars::prelude::*;

use super::{column, text_column};
use crate::analysis::privacy;
use crate::analysis::series::Series;
use crate::config::Options;
use crate::time_text::push_utc;

/// series: one row per explicit, implicit or one-off series.
pub fn series_table(series: &[Series], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    let s = series;
    DataFrame::new(
        s.len(),
        vec![
            text_column(s, "series", |out, s| {
                out.push_str(&privacy::shown_title(&s.key, &s.key, p))
            }),
            column(s, "source", |s| s.source),
            text_column(s, "title", |out, s| {
                out.push_str(&privacy::shown_title(&s.title, &s.key, p))
            }),
            column(s, "kind", |s| s.kind.as_str()),
            // empty without an organizer
            text_column(s, "organizer", |out, s| {
                if let Some(o) = s.organizer.as_deref() {
                    out.push_str(&privacy::shown_person(o, p))
                }
            }),
            column(s, "occurrences", |s| s.occurrences as u32),
            column(s, "cadence", |s| s.cadence.as_str()),
            column(s, "typical_min", |s| s.typical_minutes),
            column(s, "typical_invitees", |s| s.typical_invitees as u32),
            text_column(s, "first", |out, s| push_utc(out, s.first)),
            text_column(s, "first_in_window", |out, s| {
                push_utc(out, s.first_in_window)
            }),
            text_column(s, "last", |out, s| push_utc(out, s.last)),
            column(s, "has_end", |s| s.has_end),
            column(s, "person_h", |s| s.person_hours),
            column(s, "per_month_h", |s| s.hours_per_month),
            column(s, "decline_share", |s| s.decline_rate),
            column(s, "tentative_share", |s| s.tentative_rate),
            column(s, "has_agenda", |s| s.has_agenda),
            column(s, "zones", |s| s.zones as u32),
            column(s, "outside_hours_share", |s| s.outside_hours_share),
            column(s, "focus_cost_per_month_h", |s| {
                s.focus_cost_hours_per_month
            }),
            column(s, "short_notice_meetings", |s| s.short_notice as u32),
            // cost of the series' person-hours at `hourly_rate`, when set
            column(s, "cost", |s| opts.hourly_rate.map(|r| r * s.person_hours)),
            // lifecycle (see `analysis::lifecycle`)
            column(s, "age_months", |s| s.life.age_months),
            column(s, "instances_so_far", |s| s.life.instances_so_far as u64),
            column(s, "instances_estimated", |s| s.life.estimated),
            column(s, "zombie", |s| s.life.zombie),
            column(s, "zombie_reasons", |s| s.life.reasons.join("; ")),
            column(s, "zombie_action", |s| {
                s.life.action.unwrap_or("").to_string()
            }),
        ],
    )
}

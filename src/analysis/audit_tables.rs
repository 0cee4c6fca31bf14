//! The audit tables (issue 16): series lifecycle columns, series_month and
//! costly_meetings; burden and core_hours live beside their computation's
//! rows here too, so tables.rs stays the core tables.

use polars::prelude::*;

use super::lifecycle::SeriesMonth;
use super::moves::CostlyMeeting;
use super::privacy;
use super::series::Series;
use crate::config::Options;

/// Lifecycle columns appended to the series table.
pub fn lifecycle_columns(series: &[Series]) -> Vec<Column> {
    let life = |f: &dyn Fn(&super::lifecycle::Lifecycle) -> String| {
        series.iter().map(|s| f(&s.life)).collect::<Vec<String>>()
    };
    vec![
        Column::new(
            "age_months".into(),
            series.iter().map(|s| s.life.age_months).collect::<Vec<f64>>(),
        ),
        Column::new(
            "instances_so_far".into(),
            series
                .iter()
                .map(|s| s.life.instances_so_far as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "instances_estimated".into(),
            series.iter().map(|s| s.life.estimated).collect::<Vec<bool>>(),
        ),
        Column::new(
            "zombie".into(),
            series.iter().map(|s| s.life.zombie).collect::<Vec<bool>>(),
        ),
        Column::new("zombie_reasons".into(), life(&|l| l.reasons.join("; "))),
        Column::new(
            "zombie_action".into(),
            life(&|l| l.action.unwrap_or("").to_string()),
        ),
    ]
}

/// series_month: each series month by month.
pub fn series_month_table(rows: &[SeriesMonth], opts: &Options) -> PolarsResult<DataFrame> {
    let f = |g: fn(&SeriesMonth) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
    df!(
        "series" => rows.iter().map(|r| privacy::title(&r.series, &r.series, opts.privacy)).collect::<Vec<_>>(),
        "month" => rows.iter().map(|r| r.month.clone()).collect::<Vec<_>>(),
        "meetings" => rows.iter().map(|r| r.meetings as u64).collect::<Vec<_>>(),
        "invitees_mean" => f(|r| r.invitees_mean),
        "accepted_rate" => f(|r| r.accepted_rate),
        "declined_rate" => f(|r| r.declined_rate),
        "tentative_rate" => f(|r| r.tentative_rate),
        "no_answer_rate" => f(|r| r.no_answer_rate),
        "minutes_mean" => f(|r| r.minutes_mean),
        "organizer_declined" => rows.iter().map(|r| r.organizer_declined as u64).collect::<Vec<_>>(),
    )
}

/// costly_meetings: the meetings that cost the most focus, with the best move.
pub fn costly_meetings_table(rows: &[CostlyMeeting], opts: &Options) -> PolarsResult<DataFrame> {
    let time = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let moved = |f: fn(&super::moves::Move) -> String| {
        rows.iter()
            .map(|r| r.best_move.as_ref().map(f).unwrap_or_default())
            .collect::<Vec<String>>()
    };
    df!(
        "series" => rows.iter().map(|r| privacy::title(&r.series, &r.series, opts.privacy)).collect::<Vec<_>>(),
        "title" => rows.iter().map(|r| privacy::title(&r.title, &r.series, opts.privacy)).collect::<Vec<_>>(),
        "start" => rows.iter().map(|r| time(r.start)).collect::<Vec<_>>(),
        "end" => rows.iter().map(|r| time(r.end)).collect::<Vec<_>>(),
        "focus_cost_h" => rows.iter().map(|r| r.focus_cost_min as f64 / 60.0).collect::<Vec<_>>(),
        "known_attendees" => rows.iter().map(|r| r.known_attendees as u64).collect::<Vec<_>>(),
        "move_start" => moved(|m| m.start.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        "move_end" => moved(|m| m.end.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        "focus_restored_h" => rows.iter().map(|r| r.best_move.map(|m| m.focus_restored_min as f64 / 60.0)).collect::<Vec<_>>(),
    )
}

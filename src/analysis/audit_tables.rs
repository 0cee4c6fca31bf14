//! The audit tables: series lifecycle columns, series_month,
//! costly_meetings, burden and core_hours (tables.rs holds the core tables).

use polars::prelude::*;

use super::burden::{Burden, BurdenRow};
use super::core_hours::CoreWindow;
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
            series
                .iter()
                .map(|s| s.life.age_months)
                .collect::<Vec<f64>>(),
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
            series
                .iter()
                .map(|s| s.life.estimated)
                .collect::<Vec<bool>>(),
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
        "accepted_share" => f(|r| r.accepted_rate),
        "declined_share" => f(|r| r.declined_rate),
        "tentative_share" => f(|r| r.tentative_rate),
        "no_answer_share" => f(|r| r.no_answer_rate),
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

/// burden: per person (`column` empty; hidden under privacy with fewer
/// people than `min_group`) and per group, meeting hours outside hours.
pub fn burden_table(rows: &[BurdenRow], opts: &Options) -> PolarsResult<DataFrame> {
    let people = rows.iter().filter(|r| r.column.is_empty()).count();
    let hide_people = opts.privacy && people < opts.min_group;
    let rows: Vec<&BurdenRow> = rows
        .iter()
        .filter(|r| !(hide_people && r.column.is_empty()))
        .collect();
    let h = |f: fn(&Burden) -> i64| {
        rows.iter()
            .map(|r| f(&r.burden) as f64 / 60.0)
            .collect::<Vec<f64>>()
    };
    df!(
        "scope" => rows.iter().map(|r| if r.column.is_empty() { "person" } else { "group" }).collect::<Vec<_>>(),
        "column" => rows.iter().map(|r| r.column.as_str()).collect::<Vec<_>>(),
        "name" => rows.iter().map(|r| if r.column.is_empty() { privacy::person(&r.name, opts.privacy) } else { r.name.clone() }).collect::<Vec<_>>(),
        "people" => rows.iter().map(|r| r.people as u64).collect::<Vec<_>>(),
        "meetings" => rows.iter().map(|r| r.burden.meetings as u64).collect::<Vec<_>>(),
        "meeting_h" => h(|b| b.meeting_min),
        "before_hours_h" => h(|b| b.before_min),
        "after_hours_h" => h(|b| b.after_min),
        "off_day_h" => h(|b| b.off_day_min),
        "outside_share" => rows.iter().map(|r| r.burden.outside_share()).collect::<Vec<_>>(),
    )
}

/// core_hours: each group's core collaboration window.
pub fn core_hours_table(rows: &[CoreWindow], opts: &Options) -> PolarsResult<DataFrame> {
    let join = |r: &CoreWindow, f: &dyn Fn(&str, &str, i64) -> Option<String>| {
        r.members
            .iter()
            .filter_map(|(p, local, lost)| f(&privacy::person(p, opts.privacy), local, *lost))
            .collect::<Vec<_>>()
            .join("; ")
    };
    df!(
        "column" => rows.iter().map(|r| r.column.as_str()).collect::<Vec<_>>(),
        "group" => rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        "people" => rows.iter().map(|r| r.people as u64).collect::<Vec<_>>(),
        "start_utc" => rows.iter().map(|r| r.start_utc.format("%H:%M").to_string()).collect::<Vec<_>>(),
        "minutes" => rows.iter().map(|r| r.minutes).collect::<Vec<_>>(),
        "common" => rows.iter().map(|r| r.common).collect::<Vec<_>>(),
        "local_windows" => rows.iter().map(|r| join(r, &|p, l, _| Some(format!("{p}: {l}")))).collect::<Vec<_>>(),
        "who_pays" => rows.iter().map(|r| join(r, &|p, _, m| (m > 0).then(|| format!("{p}: {m} min outside hours")))).collect::<Vec<_>>(),
        "meeting_h" => rows.iter().map(|r| r.meeting_h).collect::<Vec<_>>(),
        "meeting_h_inside" => rows.iter().map(|r| r.meeting_h_inside).collect::<Vec<_>>(),
    )
}

//! The comparison as tables (CSV/Parquet): effects, person_changes, weekday,
//! series_changes, and the forecast check when there is one.

use polars::prelude::*;

use super::forecast::Forecast;
use super::{Comparison, Metric};
use crate::analysis::privacy;
use crate::config::Options;

/// The comparison tables: effects, person_changes, weekday and series_changes
/// (and forecast, forecast_people with `compare --predicted`).
pub fn comparison_tables(
    c: &Comparison,
    opts: &Options,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let e = &c.effects;
    let effects = df!(
        "metric" => e.iter().map(|x| x.metric.name()).collect::<Vec<_>>(),
        "people" => e.iter().map(|x| x.people as u32).collect::<Vec<_>>(),
        "mean_before" => e.iter().map(|x| x.mean_before).collect::<Vec<_>>(),
        "mean_after" => e.iter().map(|x| x.mean_after).collect::<Vec<_>>(),
        "mean_change" => e.iter().map(|x| x.mean_change).collect::<Vec<_>>(),
        "mean_change_low" => e.iter().map(|x| x.mean_change_ci.low).collect::<Vec<_>>(),
        "mean_change_high" => e.iter().map(|x| x.mean_change_ci.high).collect::<Vec<_>>(),
        "median_change" => e.iter().map(|x| x.median_change).collect::<Vec<_>>(),
        "median_change_low" => e.iter().map(|x| x.median_change_ci.low).collect::<Vec<_>>(),
        "median_change_high" => e.iter().map(|x| x.median_change_ci.high).collect::<Vec<_>>(),
        "p_value" => e.iter().map(|x| x.p_value).collect::<Vec<_>>(),
        "did" => e.iter().map(|x| x.did).collect::<Vec<_>>(),
        "did_low" => e.iter().map(|x| x.did_ci.map(|c| c.low)).collect::<Vec<_>>(),
        "did_high" => e.iter().map(|x| x.did_ci.map(|c| c.high)).collect::<Vec<_>>(),
        "label" => e.iter().map(|x| x.metric.label_with_unit()).collect::<Vec<_>>()
    )?;
    let mut people_cols = vec![Column::new(
        "person".into(),
        c.people
            .iter()
            .map(|p| privacy::person(&p.person, opts.privacy))
            .collect::<Vec<_>>(),
    )];
    for m in Metric::ALL {
        people_cols.push(Column::new(
            format!("{}_before", m.name()).into(),
            c.people
                .iter()
                .map(|p| p.value_before(m))
                .collect::<Vec<_>>(),
        ));
        people_cols.push(Column::new(
            format!("{}_after", m.name()).into(),
            c.people
                .iter()
                .map(|p| p.value_after(m))
                .collect::<Vec<_>>(),
        ));
    }
    let people = DataFrame::new(c.people.len(), people_cols)?;
    let weekday = df!(
        "weekday" => c.weekday.iter().map(|w| w.weekday.clone()).collect::<Vec<_>>(),
        "meeting_hours_before" => c.weekday.iter().map(|w| w.before).collect::<Vec<_>>(),
        "meeting_hours_after" => c.weekday.iter().map(|w| w.after).collect::<Vec<_>>()
    )?;
    let series = df!(
        "series" => c.series_changes.iter().map(|s| privacy::title(&s.title, &s.title, opts.privacy)).collect::<Vec<_>>(),
        "change" => c.series_changes.iter().map(|s| s.change.clone()).collect::<Vec<_>>(),
        "hours_per_month_before" => c.series_changes.iter().map(|s| s.hours_per_month_before).collect::<Vec<_>>(),
        "hours_per_month_after" => c.series_changes.iter().map(|s| s.hours_per_month_after).collect::<Vec<_>>()
    )?;
    let g: Vec<(&super::GroupEffects, &super::Effect)> = c
        .groups
        .iter()
        .flat_map(|g| g.effects.iter().map(move |e| (g, e)))
        .collect();
    let group_effects = df!(
        "group_by" => g.iter().map(|(g, _)| g.column.as_str()).collect::<Vec<_>>(),
        "group" => g.iter().map(|(g, _)| g.group.as_str()).collect::<Vec<_>>(),
        "metric" => g.iter().map(|(_, e)| e.metric.name()).collect::<Vec<_>>(),
        "people" => g.iter().map(|(_, e)| e.people as u32).collect::<Vec<_>>(),
        "mean_before" => g.iter().map(|(_, e)| e.mean_before).collect::<Vec<_>>(),
        "mean_after" => g.iter().map(|(_, e)| e.mean_after).collect::<Vec<_>>(),
        "mean_change" => g.iter().map(|(_, e)| e.mean_change).collect::<Vec<_>>(),
        "mean_change_low" => g.iter().map(|(_, e)| e.mean_change_ci.low).collect::<Vec<_>>(),
        "mean_change_high" => g.iter().map(|(_, e)| e.mean_change_ci.high).collect::<Vec<_>>(),
        "p_value" => g.iter().map(|(_, e)| e.p_value).collect::<Vec<_>>()
    )?;
    let mut out = vec![
        ("effects", effects),
        ("person_changes", people),
        ("weekday", weekday),
        ("series_changes", series),
        ("group_effects", group_effects),
    ];
    if let Some(f) = &c.forecast {
        out.extend(forecast_tables(f, opts)?);
    }
    Ok(out)
}

/// Forecast accuracy: per metric, and per person and metric.
fn forecast_tables(f: &Forecast, opts: &Options) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let m = &f.metrics;
    let metrics = df!(
        "metric" => m.iter().map(|x| x.metric.name()).collect::<Vec<_>>(),
        "people" => m.iter().map(|x| x.people as u32).collect::<Vec<_>>(),
        "predicted_change" => m.iter().map(|x| x.predicted_change).collect::<Vec<_>>(),
        "actual_change" => m.iter().map(|x| x.actual_change).collect::<Vec<_>>(),
        "error" => m.iter().map(|x| x.error).collect::<Vec<_>>(),
        "mean_absolute_error" => m.iter().map(|x| x.mean_absolute_error).collect::<Vec<_>>(),
        "within_interval" => m.iter().map(|x| x.within_interval).collect::<Vec<_>>()
    )?;
    let p = &f.people;
    let people = df!(
        "person" => p.iter().map(|x| privacy::person(&x.person, opts.privacy)).collect::<Vec<_>>(),
        "metric" => p.iter().map(|x| x.metric.name()).collect::<Vec<_>>(),
        "predicted_change" => p.iter().map(|x| x.predicted_change).collect::<Vec<_>>(),
        "actual_change" => p.iter().map(|x| x.actual_change).collect::<Vec<_>>(),
        "error" => p.iter().map(|x| x.error).collect::<Vec<_>>()
    )?;
    Ok(vec![("forecast", metrics), ("forecast_people", people)])
}

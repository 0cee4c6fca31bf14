//! The comparison as tables (CSV/Parquet): effects, person_changes, weekday,
//! series_changes, group_effects, and the forecast check when there is one.
//! Names carry units as the analysis tables do (docs/schema.md): a column of
//! one quantity ends with `_h` or `_share`; a table with one row per metric
//! names the metric (whose name ends with its unit) and its `unit`, and its
//! values are in that unit.

use polars::prelude::*;

use super::forecast::Forecast;
use super::{Comparison, Effect, GroupEffects, Metric};
use crate::analysis::privacy;
use crate::analysis::tables::column;
use crate::config::Options;

/// The comparison tables: effects, person_changes, weekday, series_changes
/// and group_effects (and forecast, forecast_people with `compare --predicted`).
pub fn comparison_tables(
    c: &Comparison,
    opts: &Options,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let mut out = vec![
        ("effects", effects_table(&c.effects)?),
        ("person_changes", person_changes_table(c, opts)?),
        ("weekday", weekday_table(c)?),
        ("series_changes", series_changes_table(c, opts)?),
        ("group_effects", group_effects_table(&c.groups)?),
    ];
    if let Some(f) = &c.forecast {
        out.extend(forecast_tables(f, opts)?);
    }
    Ok(out)
}

/// `metric` and `unit`: the first columns of a table with a row per metric,
/// whose values are in that unit.
fn metric_columns<R>(rows: &[R], metric: impl Fn(&R) -> Metric) -> [Column; 2] {
    [
        column(rows, "metric", |x| metric(x).name()),
        column(rows, "unit", |x| metric(x).unit().name()),
    ]
}

/// The metric, its unit, the people and the mean change with its interval
/// and p-value: what the team and the group effects share.
fn effect_columns(e: &[&Effect]) -> Vec<Column> {
    let mut cols = metric_columns(e, |x| x.metric).to_vec();
    cols.extend([
        column(e, "people", |x| x.people as u32),
        column(e, "mean_before", |x| x.mean_before),
        column(e, "mean_after", |x| x.mean_after),
        column(e, "mean_change", |x| x.mean_change),
        column(e, "mean_change_low", |x| x.mean_change_ci.low),
        column(e, "mean_change_high", |x| x.mean_change_ci.high),
        column(e, "p_value", |x| x.p_value),
    ]);
    cols
}

/// The team effect per metric: the shared columns, the median change and,
/// with a control group, the difference-in-differences.
fn effects_table(effects: &[Effect]) -> PolarsResult<DataFrame> {
    let e: Vec<&Effect> = effects.iter().collect();
    let mut cols = effect_columns(&e);
    cols.extend([
        column(&e, "median_change", |x| x.median_change),
        column(&e, "median_change_low", |x| x.median_change_ci.low),
        column(&e, "median_change_high", |x| x.median_change_ci.high),
        column(&e, "did", |x| x.did),
        column(&e, "did_low", |x| x.did_ci.map(|c| c.low)),
        column(&e, "did_high", |x| x.did_ci.map(|c| c.high)),
        column(&e, "label", |x| x.metric.label_with_unit()),
    ]);
    DataFrame::new(e.len(), cols)
}

/// Per person, each metric's mean in each period: `<metric>_before`, `<metric>_after`.
fn person_changes_table(c: &Comparison, opts: &Options) -> PolarsResult<DataFrame> {
    let p = &c.people;
    let mut cols = vec![column(p, "person", |x| {
        privacy::person(&x.person, opts.privacy)
    })];
    for m in Metric::ALL {
        cols.push(column(p, &format!("{}_before", m.name()), |x| {
            x.value_before(m)
        }));
        cols.push(column(p, &format!("{}_after", m.name()), |x| {
            x.value_after(m)
        }));
    }
    DataFrame::new(p.len(), cols)
}

fn weekday_table(c: &Comparison) -> PolarsResult<DataFrame> {
    let w = &c.weekday;
    DataFrame::new(
        w.len(),
        vec![
            column(w, "weekday", |x| x.weekday.clone()),
            column(w, "meeting_h_before", |x| x.meeting_h_before),
            column(w, "meeting_h_after", |x| x.meeting_h_after),
        ],
    )
}

fn series_changes_table(c: &Comparison, opts: &Options) -> PolarsResult<DataFrame> {
    let s = &c.series_changes;
    DataFrame::new(
        s.len(),
        vec![
            column(s, "series", |x| {
                privacy::title(&x.title, &x.title, opts.privacy)
            }),
            column(s, "change", |x| x.change.clone()),
            column(s, "per_month_h_before", |x| x.per_month_h_before),
            column(s, "per_month_h_after", |x| x.per_month_h_after),
        ],
    )
}

/// Each roster group's effects: the group, then the shared effect columns.
fn group_effects_table(groups: &[GroupEffects]) -> PolarsResult<DataFrame> {
    let g: Vec<(&GroupEffects, &Effect)> = groups
        .iter()
        .flat_map(|g| g.effects.iter().map(move |e| (g, e)))
        .collect();
    let e: Vec<&Effect> = g.iter().map(|(_, e)| *e).collect();
    let mut cols = vec![
        column(&g, "group_by", |(g, _)| g.column.clone()),
        column(&g, "group", |(g, _)| g.group.clone()),
    ];
    cols.extend(effect_columns(&e));
    DataFrame::new(g.len(), cols)
}

/// Forecast accuracy: per metric, and per person and metric, in the metric's unit.
fn forecast_tables(f: &Forecast, opts: &Options) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let m = &f.metrics;
    let mut cols = metric_columns(m, |x| x.metric).to_vec();
    cols.extend([
        column(m, "people", |x| x.people as u32),
        column(m, "predicted_change", |x| x.predicted_change),
        column(m, "actual_change", |x| x.actual_change),
        column(m, "error", |x| x.error),
        column(m, "mean_absolute_error", |x| x.mean_absolute_error),
        column(m, "within_interval", |x| x.within_interval),
    ]);
    let metrics = DataFrame::new(m.len(), cols)?;
    let p = &f.people;
    let mut cols = vec![column(p, "person", |x| {
        privacy::person(&x.person, opts.privacy)
    })];
    cols.extend(metric_columns(p, |x| x.metric));
    cols.extend([
        column(p, "predicted_change", |x| x.predicted_change),
        column(p, "actual_change", |x| x.actual_change),
        column(p, "error", |x| x.error),
    ]);
    let people = DataFrame::new(p.len(), cols)?;
    Ok(vec![("forecast", metrics), ("forecast_people", people)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::effect::tests::person;
    use crate::analysis::compare::{effects, forecast::forecast, SeriesChange, WeekdayLoad};
    use crate::analysis::naming::{assert_json_unit_named, assert_table_unit_named};

    fn full_comparison() -> Comparison {
        let people = vec![person("ana", 10.0, 6.0), person("bob", 8.0, 7.0)];
        let control = [person("cy", 9.0, 9.0)];
        let mut c = Comparison {
            effects: effects(&people, Some(&control)),
            groups: vec![GroupEffects {
                column: "team".into(),
                group: "Platform".into(),
                effects: effects(&people, None),
            }],
            people,
            excluded_weeks: 1,
            excluded_people: vec!["dee".into()],
            weekday: vec![WeekdayLoad {
                weekday: "Mon".into(),
                meeting_h_before: 2.0,
                meeting_h_after: 1.5,
            }],
            displacement: None,
            series_changes: vec![SeriesChange {
                title: "Weekly status".into(),
                change: "deleted".into(),
                per_month_h_before: 12.0,
                per_month_h_after: 0.0,
            }],
            forecast: None,
        };
        c.forecast = Some(forecast(&c.clone(), &c));
        c
    }

    #[test]
    fn every_comparison_column_and_json_field_carries_its_unit() {
        let c = full_comparison();
        let tables = comparison_tables(&c, &Options::default()).unwrap();
        assert_eq!(tables.len(), 7, "with groups and a forecast");
        for (table, df) in &tables {
            assert_table_unit_named(table, df);
        }
        let json = serde_json::to_value(&c).unwrap();
        assert_json_unit_named("comparison.json", &json, false);
        assert!(json["forecast"]["metrics"][0]["mean_absolute_error"].is_f64());
        assert!(json["people"][0]["before"]["meeting_h"].is_f64());
    }
}

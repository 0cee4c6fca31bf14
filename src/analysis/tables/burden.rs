//! The burden table: meeting hours outside working hours, per person and group.

use polars::prelude::*;

use super::column;
use crate::analysis::burden::BurdenRow;
use crate::analysis::privacy;
use crate::config::Options;

/// burden: per person (`column` empty; hidden under privacy with fewer
/// people than `min_group`) and per group, meeting hours outside hours.
pub fn burden_table(rows: &[BurdenRow], opts: &Options) -> PolarsResult<DataFrame> {
    let people = rows.iter().filter(|r| r.column.is_empty()).count();
    let hide_people = opts.privacy && people < opts.min_group;
    let rows: Vec<&BurdenRow> = rows
        .iter()
        .filter(|r| !(hide_people && r.column.is_empty()))
        .collect();
    let r = &rows;
    let hours = |name: &str, f: fn(&BurdenRow) -> i64| column(r, name, move |r| f(r) as f64 / 60.0);
    DataFrame::new(
        rows.len(),
        vec![
            column(r, "scope", |r| match r.column.is_empty() {
                true => "person",
                false => "group",
            }),
            column(r, "column", |r| r.column.clone()),
            column(r, "name", |r| match r.column.is_empty() {
                true => privacy::person(&r.name, opts.privacy),
                false => r.name.clone(),
            }),
            column(r, "people", |r| r.people as u64),
            column(r, "meetings", |r| r.burden.meetings as u64),
            hours("meeting_h", |r| r.burden.meeting_min),
            hours("before_hours_h", |r| r.burden.before_min),
            hours("after_hours_h", |r| r.burden.after_min),
            hours("off_day_h", |r| r.burden.off_day_min),
            column(r, "outside_share", |r| r.burden.outside_share()),
        ],
    )
}

//! The core_hours table: each group's core collaboration window.

use polars::prelude::*;

use super::column;
use crate::analysis::core_hours::CoreWindow;
use crate::analysis::privacy;
use crate::config::Options;

/// core_hours: each group's core collaboration window, every member's local
/// window and who pays how many minutes outside their hours.
pub fn core_hours_table(rows: &[CoreWindow], opts: &Options) -> PolarsResult<DataFrame> {
    let join = |r: &CoreWindow, f: &dyn Fn(&str, &str, i64) -> Option<String>| {
        r.members
            .iter()
            .filter_map(|(p, local, lost)| f(&privacy::person(p, opts.privacy), local, *lost))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let r = rows;
    DataFrame::new(
        rows.len(),
        vec![
            column(r, "column", |r| r.column.clone()),
            column(r, "group", |r| r.group.clone()),
            column(r, "people", |r| r.people as u64),
            column(r, "start_utc", |r| r.start_utc.format("%H:%M").to_string()),
            column(r, "length_min", |r| r.minutes),
            column(r, "common", |r| r.common),
            column(r, "local_windows", |r| {
                join(r, &|p, l, _| Some(format!("{p}: {l}")))
            }),
            column(r, "who_pays", |r| {
                join(r, &|p, _, m| {
                    (m > 0).then(|| format!("{p}: {m} min outside hours"))
                })
            }),
            column(r, "meeting_h", |r| r.meeting_h),
            column(r, "meeting_in_window_h", |r| r.meeting_in_window_h),
        ],
    )
}

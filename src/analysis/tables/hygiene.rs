//! The hygiene table: the whole team, each roster group and each person,
//! with the share of their meeting hours that carries each flag and its cost.

use polars::prelude::*;

use super::column;
use crate::analysis::hygiene::{Flag, HygieneRow, Scope};
use crate::analysis::privacy;
use crate::config::Options;

/// hygiene: `scope` (team, group, person), `column`, `name`, `people`,
/// `meeting_h`, one `<flag>_share` per [`Flag`], and `cost` (with
/// `hourly_rate`). Person rows are left out when privacy hides people.
pub fn hygiene_table(rows: &[HygieneRow], opts: &Options) -> PolarsResult<DataFrame> {
    let people = rows.iter().filter(|r| r.scope == Scope::Person).count();
    let hide_people = opts.privacy && people < opts.min_group;
    let rows: Vec<&HygieneRow> = rows
        .iter()
        .filter(|r| !(hide_people && r.scope == Scope::Person))
        .collect();
    let r = &rows;
    let mut columns = vec![
        column(r, "scope", |r| r.scope.name()),
        column(r, "column", |r| r.column.clone()),
        column(r, "name", |r| match r.scope {
            Scope::Person => privacy::person(&r.name, opts.privacy),
            _ => r.name.clone(),
        }),
        column(r, "people", |r| r.people as u32),
        column(r, "meeting_h", |r| r.tally.meeting_h()),
    ];
    for flag in Flag::ALL {
        let name = format!("{}_share", flag.name());
        columns.push(column(r, &name, |r| r.tally.share(flag)));
    }
    columns.push(column(r, "cost", |r| r.tally.cost(opts)));
    DataFrame::new(rows.len(), columns)
}

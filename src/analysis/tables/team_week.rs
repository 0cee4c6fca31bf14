//! The team_week table: per ISO week, mean, median and p90 across people.

use polars::prelude::*;

use super::in_hours;
use crate::config::Options;

/// team_week: per ISO week, the number of people and the mean, median and
/// 90th percentile across them of meeting, focus and fragmented minutes.
/// Weeks with fewer people than `min_group` are left out (unless it is 0), so
/// a team table never shows a small group.
#[allow(deprecated)]
pub fn team_week_table(person_week: &DataFrame, opts: &Options) -> PolarsResult<DataFrame> {
    let cols = ["meeting_h", "focus_h", "fragmented_h"];
    // the groups are found once and shared by the four aggregations (each
    // finding them hashed every row's week text again)
    let groups = person_week.group_by_stable(["week"])?;
    let people = groups.clone().select(["person"]).count()?;
    let join = |a: DataFrame, b: DataFrame| {
        a.join(&b, ["week"], ["week"], JoinArgs::new(JoinType::Left), None)
    };
    let table = join(people, groups.clone().select(cols).mean()?)?;
    let table = join(table, groups.clone().select(cols).median()?)?;
    let table = join(
        table,
        groups.select(cols).quantile(0.9, QuantileMethod::Linear)?,
    )?;
    let table = in_hours(table)?;
    let counts = table
        .column("people")?
        .as_materialized_series()
        .cast(&DataType::UInt64)?;
    let keep: BooleanChunked = counts
        .u64()?
        .iter()
        .map(|n| Some(opts.min_group == 0 || n.unwrap_or(0) as usize >= opts.min_group))
        .collect();
    table.filter(&keep)?.sort(["week"], Default::default())
}

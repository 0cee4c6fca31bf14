//! The group_week table: per roster group and ISO week.

use polars::prelude::*;

use crate::analysis::groups::GroupWeek;

/// group_week: per roster group and ISO week, the people and the mean,
/// median and 90th percentile of their meeting, focus and fragmented hours
/// (groups under `min_group` left out; see [`super::groups`]).
pub fn group_week_table(rows: &[GroupWeek]) -> PolarsResult<DataFrame> {
    let hours = |f: fn(&GroupWeek) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    df!(
        "group_by" => rows.iter().map(|r| r.column.as_str()).collect::<Vec<_>>(),
        "group" => rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        "iso_year" => rows.iter().map(|r| r.iso_year).collect::<Vec<i32>>(),
        "week" => rows.iter().map(|r| r.week).collect::<Vec<u32>>(),
        "people" => rows.iter().map(|r| r.people as u32).collect::<Vec<u32>>(),
        "meeting_h_mean" => hours(|r| r.meeting_h.mean),
        "meeting_h_median" => hours(|r| r.meeting_h.median),
        "meeting_h_p90" => hours(|r| r.meeting_h.p90),
        "focus_h_mean" => hours(|r| r.focus_h.mean),
        "focus_h_median" => hours(|r| r.focus_h.median),
        "focus_h_p90" => hours(|r| r.focus_h.p90),
        "fragmented_h_mean" => hours(|r| r.fragmented_h.mean),
        "fragmented_h_median" => hours(|r| r.fragmented_h.median),
        "fragmented_h_p90" => hours(|r| r.fragmented_h.p90),
    )
}

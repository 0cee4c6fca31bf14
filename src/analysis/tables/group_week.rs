//! The group_week table: per roster group and ISO week.

use polars::prelude::*;

use super::column;
use crate::analysis::groups::GroupWeek;

/// group_week: per roster group and ISO week, the people and the mean,
/// median and 90th percentile of their meeting, focus and fragmented hours
/// (groups under `min_group` left out; see [`crate::analysis::groups`]).
pub fn group_week_table(rows: &[GroupWeek]) -> PolarsResult<DataFrame> {
    let r = rows;
    DataFrame::new(
        rows.len(),
        vec![
            column(r, "group_by", |r| r.column.clone()),
            column(r, "group", |r| r.group.clone()),
            column(r, "iso_year", |r| r.iso_year),
            column(r, "week", |r| r.week),
            column(r, "people", |r| r.people as u32),
            column(r, "meeting_h_mean", |r| r.meeting_h.mean),
            column(r, "meeting_h_median", |r| r.meeting_h.median),
            column(r, "meeting_h_p90", |r| r.meeting_h.p90),
            column(r, "focus_h_mean", |r| r.focus_h.mean),
            column(r, "focus_h_median", |r| r.focus_h.median),
            column(r, "focus_h_p90", |r| r.focus_h.p90),
            column(r, "fragmented_h_mean", |r| r.fragmented_h.mean),
            column(r, "fragmented_h_median", |r| r.fragmented_h.median),
            column(r, "fragmented_h_p90", |r| r.fragmented_h.p90),
        ],
    )
}

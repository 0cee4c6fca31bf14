//! The costly_meetings table: the meetings that cost the most focus.

use polars::prelude::*;

use super::column;
use crate::analysis::moves::CostlyMeeting;
use crate::analysis::privacy;
use crate::config::Options;
use crate::time_text::utc_text;

/// costly_meetings: the meetings that cost the most focus, with the best
/// same-day move (move columns empty when none gives focus back).
pub fn costly_meetings_table(rows: &[CostlyMeeting], opts: &Options) -> PolarsResult<DataFrame> {
    let (r, p) = (rows, opts.privacy);
    let moved = |r: &CostlyMeeting, f: fn(&crate::analysis::moves::Move) -> String| {
        r.best_move.as_ref().map(f).unwrap_or_default()
    };
    DataFrame::new(
        rows.len(),
        vec![
            column(r, "series", |r| privacy::title(&r.series, &r.series, p)),
            column(r, "title", |r| privacy::title(&r.title, &r.series, p)),
            column(r, "start", |r| utc_text(r.start)),
            column(r, "end", |r| utc_text(r.end)),
            column(r, "focus_cost_h", |r| r.focus_cost_min as f64 / 60.0),
            column(r, "known_attendees", |r| r.known_attendees as u64),
            column(r, "move_start", |r| moved(r, |m| utc_text(m.start))),
            column(r, "move_end", |r| moved(r, |m| utc_text(m.end))),
            column(r, "focus_restored_h", |r| {
                r.best_move.map(|m| m.focus_restored_min as f64 / 60.0)
            }),
        ],
    )
}

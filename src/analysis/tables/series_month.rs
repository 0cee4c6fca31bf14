//! The series_month table: each series month by month.

use polars::prelude::*;

use super::{column, text_column};
use crate::analysis::lifecycle::SeriesMonth;
use crate::analysis::privacy;
use crate::config::Options;

/// series_month: each series month by month (invitations' answers as shares).
pub fn series_month_table(rows: &[SeriesMonth], opts: &Options) -> PolarsResult<DataFrame> {
    let r = rows;
    DataFrame::new(
        rows.len(),
        vec![
            text_column(r, "series", |out, r| {
                out.push_str(&privacy::shown_title(&r.series, &r.series, opts.privacy))
            }),
            text_column(r, "month", |out, r| out.push_str(&r.month)),
            column(r, "meetings", |r| r.meetings as u64),
            column(r, "invitees_mean", |r| r.invitees_mean),
            column(r, "accepted_share", |r| r.accepted_rate),
            column(r, "declined_share", |r| r.declined_rate),
            column(r, "tentative_share", |r| r.tentative_rate),
            column(r, "no_answer_share", |r| r.no_answer_rate),
            column(r, "length_mean_min", |r| r.minutes_mean),
            column(r, "organizer_declined_meetings", |r| {
                r.organizer_declined as u64
            }),
        ],
    )
}

//! The candidates table: the scored series, best first.

use polars::prelude::*;

use super::column;
use crate::analysis::candidates::Candidate;
use crate::analysis::privacy;
use crate::config::Options;

/// candidates: the scored series, best first.
pub fn candidates_table(candidates: &[Candidate], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    let c = candidates;
    DataFrame::new(
        c.len(),
        vec![
            column(c, "series", |c| {
                privacy::title(&c.series.key, &c.series.key, p)
            }),
            column(c, "title", |c| {
                privacy::title(&c.series.title, &c.series.key, p)
            }),
            column(c, "kind", |c| c.series.kind.as_str()),
            column(c, "recommendation", |c| c.recommendation.as_str()),
            column(c, "score", |c| c.score),
            column(c, "reasons", |c| c.reasons.join("; ")),
            column(c, "freed_per_month_h", |c| c.hours_freed_per_month),
            column(c, "focus_recovered_per_month_h", |c| {
                c.focus_recovered_per_month
            }),
            column(c, "template", |c| c.template.to_string()),
        ],
    )
}

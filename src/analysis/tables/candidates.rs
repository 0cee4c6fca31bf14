//! The candidates table: the scored series, best first.

use polars::prelude::*;

use super::strings;
use crate::analysis::candidates::Candidate;
use crate::analysis::privacy;
use crate::config::Options;

/// candidates: the scored series, best first.
pub fn candidates_table(candidates: &[Candidate], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        candidates.len(),
        vec![
            Column::new(
                "series".into(),
                strings(candidates, |c| {
                    privacy::title(&c.series.key, &c.series.key, p)
                }),
            ),
            Column::new(
                "title".into(),
                strings(candidates, |c| {
                    privacy::title(&c.series.title, &c.series.key, p)
                }),
            ),
            Column::new(
                "kind".into(),
                strings(candidates, |c| c.series.kind.as_str().to_string()),
            ),
            Column::new(
                "recommendation".into(),
                strings(candidates, |c| c.recommendation.as_str().to_string()),
            ),
            Column::new(
                "score".into(),
                candidates.iter().map(|c| c.score).collect::<Vec<i32>>(),
            ),
            Column::new(
                "reasons".into(),
                strings(candidates, |c| c.reasons.join("; ")),
            ),
            Column::new(
                "hours_freed_per_month".into(),
                candidates
                    .iter()
                    .map(|c| c.hours_freed_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "focus_recovered_per_month".into(),
                candidates
                    .iter()
                    .map(|c| c.focus_recovered_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "template".into(),
                strings(candidates, |c| c.template.to_string()),
            ),
        ],
    )
}

//! The hygiene table: one row per flag, for the whole team.

use polars::prelude::*;

use crate::analysis::hygiene::HygieneRow;

/// hygiene: one row per flag (`flag`, `meeting_h`, `share`, `cost`).
pub fn hygiene_table(rows: &[HygieneRow]) -> PolarsResult<DataFrame> {
    df!(
        "flag" => rows.iter().map(|r| r.flag.name()).collect::<Vec<&str>>(),
        "meeting_h" => rows.iter().map(|r| r.meeting_h).collect::<Vec<f64>>(),
        "share" => rows.iter().map(|r| r.share).collect::<Vec<f64>>(),
        "cost" => rows.iter().map(|r| r.cost).collect::<Vec<Option<f64>>>(),
    )
}

//! The data_quality table: one row per input calendar.

use polars::prelude::*;

use crate::analysis::exclusions::Rule;
use crate::analysis::quality::QualityRow;

/// data_quality: one row per input calendar (and per roster row without
/// one); columns as [`QualityRow`].
pub fn data_quality_table(rows: &[QualityRow]) -> PolarsResult<DataFrame> {
    let text =
        |f: fn(&QualityRow) -> &String| rows.iter().map(|r| f(r).as_str()).collect::<Vec<&str>>();
    let count =
        |f: fn(&QualityRow) -> usize| rows.iter().map(|r| f(r) as u64).collect::<Vec<u64>>();
    df!(
        "calendar" => text(|r| &r.calendar),
        "person" => text(|r| &r.person),
        "role" => text(|r| &r.role),
        "owner" => text(|r| &r.owner),
        "owner_found_by" => text(|r| &r.owner_found_by),
        "zone" => text(|r| &r.zone),
        "zone_from" => text(|r| &r.zone_from),
        "hours" => text(|r| &r.hours),
        "hours_from" => text(|r| &r.hours_from),
        "coverage_first" => text(|r| &r.coverage_first),
        "coverage_last" => text(|r| &r.coverage_last),
        "coverage_from" => text(|r| &r.coverage_from),
        "analysed_first" => text(|r| &r.analysed_first),
        "analysed_last" => text(|r| &r.analysed_last),
        "events" => count(|r| r.events),
        "occurrences" => count(|r| r.occurrences),
        "left_out_before" => count(|r| r.left_out_before),
        "left_out_after" => count(|r| r.left_out_after),
        "not_theirs" => count(|r| r.not_theirs),
        "duplicates" => count(|r| r.duplicates),
        "skipped" => count(|r| r.skipped),
        "warnings" => count(|r| r.warnings),
        "unknown_zones" => text(|r| &r.unknown_zones),
        "no_attendee_data" => rows.iter().map(|r| r.no_attendee_data).collect::<Vec<bool>>(),
        "note" => text(|r| &r.note),
    )?
    .hstack(&exclusion_columns(rows))
}

/// `<rule>_n` and `<rule>_h` per exclusion rule (malformed: `skipped`).
fn exclusion_columns(rows: &[QualityRow]) -> Vec<Column> {
    let mut cols = Vec::new();
    for rule in Rule::ALL {
        let (n, h): (Vec<u64>, Vec<f64>) = rows
            .iter()
            .map(|r| {
                let (n, min) = r.excluded.get(rule);
                (n as u64, min as f64 / 60.0)
            })
            .unzip();
        cols.push(Column::new(format!("{}_n", rule.as_str()).into(), n));
        cols.push(Column::new(format!("{}_h", rule.as_str()).into(), h));
    }
    cols
}

//! The data_quality table: one row per input calendar.

use polars::prelude::*;

use super::column;
use crate::analysis::exclusions::Rule;
use crate::analysis::quality::QualityRow;

/// data_quality: one row per input calendar (and per roster row without
/// one); columns as [`QualityRow`].
pub fn data_quality_table(rows: &[QualityRow]) -> PolarsResult<DataFrame> {
    let r = rows;
    let text = |name: &str, f: fn(&QualityRow) -> &String| column(r, name, |r| f(r).clone());
    let count = |name: &str, f: fn(&QualityRow) -> usize| column(r, name, |r| f(r) as u64);
    let mut columns = vec![
        text("calendar", |r| &r.calendar),
        text("person", |r| &r.person),
        text("role", |r| &r.role),
        text("owner", |r| &r.owner),
        text("owner_found_by", |r| &r.owner_found_by),
        text("zone", |r| &r.zone),
        text("zone_from", |r| &r.zone_from),
        text("hours", |r| &r.hours),
        text("hours_from", |r| &r.hours_from),
        text("coverage_first", |r| &r.coverage_first),
        text("coverage_last", |r| &r.coverage_last),
        text("coverage_from", |r| &r.coverage_from),
        text("analysed_first", |r| &r.analysed_first),
        text("analysed_last", |r| &r.analysed_last),
        count("events", |r| r.events),
        count("occurrences", |r| r.occurrences),
        count("left_out_before", |r| r.left_out_before),
        count("left_out_after", |r| r.left_out_after),
        count("not_theirs", |r| r.not_theirs),
        count("duplicates", |r| r.duplicates),
        count("skipped", |r| r.skipped),
        count("warnings", |r| r.warnings),
        text("unknown_zones", |r| &r.unknown_zones),
        column(r, "no_attendee_data", |r| r.no_attendee_data),
        text("note", |r| &r.note),
    ];
    // `<rule>_n` and `<rule>_h` per exclusion rule (malformed: `skipped`)
    for rule in Rule::ALL {
        let name = rule.as_str();
        columns.push(column(r, &format!("{name}_n"), |r| {
            r.excluded.get(rule).0 as u64
        }));
        columns.push(column(r, &format!("{name}_h"), |r| {
            r.excluded.get(rule).1 as f64 / 60.0
        }));
    }
    DataFrame::new(rows.len(), columns)
}

//! The entry points the fuzz targets (fuzz/) and the replay of their saved
//! corpus (tests/fuzz_corpus.rs) share, so CI checks exactly what was
//! fuzzed.

pub mod pipeline;

use crate::analysis::quality::quality_rows;
use crate::analysis::tables::all_tables;
use crate::config::Options;
use crate::export::{Csv, Exporter};

/// Imports `data` as one calendar (one person) and runs the whole `analyze` pipeline on
/// it: [`pipeline::analysis_of_bytes`], then every table written as CSV (to nowhere).
/// Panics on a table that cannot be written, which the fuzzer reports.
pub fn analyze_bytes(data: &[u8]) {
    let (team, analysis) = pipeline::analysis_of_bytes(data);
    let opts = Options::default();
    let tables = all_tables(&analysis, &quality_rows(&team, &opts), &opts);
    for (name, mut table) in tables.unwrap_or_else(|e| panic!("tables: {e}")) {
        if let Err(e) = Csv::default().write(&mut table, &mut std::io::sink()) {
            panic!("{name}: {e}");
        }
    }
}

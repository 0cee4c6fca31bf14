//! The entry points the fuzz targets (fuzz/) and the replay of their saved
//! corpus (tests/fuzz_corpus.rs) share, so CI checks exactly what was
//! fuzzed.

pub mod pipeline;

use crate::analysis::tables::for_each_table;
use crate::config::Options;
use crate::export::{write_batches, Csv};

/// Imports `data` as one calendar (one person) and runs the whole `analyze` pipeline on
/// it: [`pipeline::analysis_of_bytes`], then every table written as CSV (to nowhere).
/// Panics on a table that cannot be written, which the fuzzer reports.
pub fn analyze_bytes(data: &[u8]) {
    let (analysis, quality) = pipeline::analysis_of_bytes(data);
    let opts = Options::default();
    let written = for_each_table(&analysis, &quality, &opts, &|name, batches| {
        write_batches(&Csv::default(), batches, &mut std::io::sink())
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))
    });
    if let Err(e) = written {
        panic!("tables: {e:#}");
    }
}

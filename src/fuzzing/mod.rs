//! The entry point the `analyze` fuzz target (fuzz/) and the replay of its
//! saved corpus (tests/fuzz_corpus.rs) share, so CI checks exactly what was
//! fuzzed.

use crate::analysis::{analyze, summary::summarize, tables::all_tables};
use crate::config::Options;
use crate::export::{Csv, Exporter};
use crate::ics::{import_bytes, ImportOptions};
use crate::people::{assemble, Window};

/// Imports `data` as one calendar (one person) and runs the whole `analyze` pipeline on
/// it: analysis, every table written as CSV (to nowhere) and the summary.
/// Panics on a table that cannot be written, which the fuzzer reports.
pub fn analyze_bytes(data: &[u8]) {
    let opts = Options::default();
    let calendar = import_bytes(data, "fuzz.ics", &ImportOptions::default());
    let team = assemble(vec![calendar], &opts, None, Window::default());
    let analysis = analyze(&team.people, &opts);
    let tables = all_tables(&analysis, &team, &opts);
    for (name, mut table) in tables.unwrap_or_else(|e| panic!("tables: {e}")) {
        if let Err(e) = Csv::default().write(&mut table, &mut std::io::sink()) {
            panic!("{name}: {e}");
        }
    }
    let summary = summarize(&analysis, &team, &opts);
    assert!(summary.meeting_hours_per_week.is_finite() || summary.person_weeks == 0);
}

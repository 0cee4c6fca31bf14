//! The `analyze` pipeline up to the tables (import, people, analysis and the
//! summary) on one calendar's bytes. It uses no polars, so the lighter fuzz
//! crate fuzz/pipeline compiles it (with the importer, people and analysis)
//! in minutes, where the whole crate with coverage takes about an hour.

use crate::analysis::quality::{quality_rows, QualityRow};
use crate::analysis::{analyze, exclusions_of, summary::summarize, Analysis};
use crate::config::Options;
use crate::ics::{import_bytes, ImportOptions};
use crate::people::{assemble, Window};

/// Imports `data` as one calendar (one person), analyses it with the default
/// options and checks the summary; returns the team and the analysis for the tables.
pub fn analysis_of_bytes(data: &[u8]) -> (Analysis, Vec<QualityRow>) {
    let opts = Options::default();
    let calendar = import_bytes(data, "fuzz.ics", &ImportOptions::default());
    let team = assemble(vec![calendar], &opts, None, Window::default());
    let analysis = analyze(&team.people, &opts);
    let quality = quality_rows(&team, &exclusions_of(&team.people, &opts), &opts);
    let summary = summarize(&analysis, team.people.len(), &quality, &opts);
    assert!(summary.meeting_h_median.is_finite() || summary.person_weeks == 0);
    (analysis, quality)
}

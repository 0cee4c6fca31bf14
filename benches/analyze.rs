//! End-to-end analysis (`cargo bench --bench analyze`): a generated
//! organisation is imported, analysed and its tables written, with both
//! cores; prints the time of each stage and the peak memory of the process,
//! per run and as the median of several runs.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use meetload::analysis::{analyze, tables::all_tables};
use meetload::config::Options;
use meetload::export::{write_tables, Csv, OutputDir};
use meetload::ics::{discover, import_sources, ImportOptions};
use meetload::people::{assemble, Window};

fn run(dir: &str) {
    let opts = Options::default();
    let start = Instant::now();
    let sources = discover(&[PathBuf::from(dir)]).expect("discover").sources;
    let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).expect("import");
    let imported = start.elapsed().as_secs_f64();
    let import_peak = common::peak_mib();
    let occurrences: usize = calendars.iter().map(|c| c.occurrences.len()).sum();
    let files = calendars.len();
    let team = assemble(calendars, &opts, None, Window::default());
    let analysis = analyze(&team.people, &opts);
    let analysed = start.elapsed().as_secs_f64();
    let out = tempfile::tempdir().expect("output folder");
    let quality = meetload::analysis::quality::quality_rows(&team, &opts);
    let mut tables = all_tables(&analysis, &quality, &opts).expect("tables");
    let set = OutputDir::begin(&out.path().join("tables"), &[]).expect("output folder");
    write_tables(&set, &mut tables, Csv::default()).expect("write");
    set.commit().expect("write");
    let total = start.elapsed().as_secs_f64();
    println!(
        "{} calendars, {occurrences} person-occurrences, {} meetings: import {imported:.2} s, analysis {:.2} s, tables {:.2} s, total {total:.2} s; peak memory {:.0} MiB ({import_peak:.0} MiB after import)",
        files,
        analysis.meetings.len(),
        analysed - imported,
        total - analysed,
        common::peak_mib()
    );
    common::report(&[
        ("import_s", imported),
        ("analysis_s", analysed - imported),
        ("tables_s", total - analysed),
        ("total_s", total),
        ("peak_mib", common::peak_mib()),
    ]);
}

fn main() {
    if let Ok(dir) = std::env::var("MEETLOAD_BENCH_DIR") {
        return run(&dir);
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = common::write_org(dir.path());
    common::rerun_on(dir.path(), bytes);
}

//! End-to-end analysis (`cargo bench --bench analyze`): a generated
//! organisation (every instance written out, one .ics per person) is
//! imported, analysed and its tables written, with both cores; prints the
//! time of each stage and the peak memory of the analysing process.
//! Size: MEETLOAD_BENCH_PEOPLE (default 1000) x MEETLOAD_BENCH_WEEKS (52).

use std::path::PathBuf;
use std::time::Instant;

use meetload::analysis::{analyze, tables::all_tables};
use meetload::config::Options;
use meetload::export::write_tables;
use meetload::ics::{discover, import_sources, ImportOptions};
use meetload::sample::{files, Policy, SampleOptions};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn run(dir: &str) {
    let opts = Options::default();
    let start = Instant::now();
    let sources = discover(&[PathBuf::from(dir)]).expect("discover");
    let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).expect("import");
    let imported = start.elapsed().as_secs_f64();
    let occurrences: usize = calendars.iter().map(|c| c.occurrences.len()).sum();
    let analysis = analyze(&calendars, &opts);
    let analysed = start.elapsed().as_secs_f64();
    let out = tempfile::tempdir().expect("output folder");
    let mut tables = all_tables(&analysis, &calendars, &opts).expect("tables");
    write_tables(out.path(), &mut tables, &[]).expect("write");
    let total = start.elapsed().as_secs_f64();
    println!(
        "{} calendars, {occurrences} person-occurrences, {} meetings: import {imported:.2} s, analysis {:.2} s, tables {:.2} s, total {total:.2} s",
        calendars.len(),
        analysis.meetings.len(),
        analysed - imported,
        total - analysed
    );
    println!(
        "peak memory of the analysing process: {:.0} MiB",
        peak_mib()
    );
}

fn main() {
    if let Ok(dir) = std::env::var("MEETLOAD_BENCH_DIR") {
        return run(&dir);
    }
    let people = env_or("MEETLOAD_BENCH_PEOPLE", 1000);
    let weeks = env_or("MEETLOAD_BENCH_WEEKS", 52) as u32;
    let dir = tempfile::tempdir().expect("temporary folder");
    let opts = SampleOptions {
        people,
        weeks,
        start: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).expect("date"),
        seed: 7,
        policy: Policy::None,
        expanded: true,
    };
    let mut bytes = 0usize;
    for (name, text) in files(&opts) {
        bytes += text.len();
        std::fs::write(dir.path().join(name), text).expect("write sample");
    }
    println!(
        "corpus: {people} people x {weeks} weeks, {:.0} MB of ICS",
        bytes as f64 / 1e6
    );
    let status = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env("MEETLOAD_BENCH_DIR", dir.path())
        .status()
        .expect("run the analysis");
    assert!(status.success(), "analysis run failed");
}

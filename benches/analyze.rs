//! End to end (`cargo bench --bench analyze`): `meetload analyze` (import,
//! analysis, every table and summary.json written) and `meetload export` to
//! Parquet, each run as the command line runs it, on the realistic corpus
//! when it is there (see `common::corpus`), with 1 and 2 threads in fresh
//! processes; prints wall and CPU time, MB/s, occurrences/s and peak memory, per run
//! and as the median and range of several runs.

mod common;

use std::time::Instant;

use clap::Parser;
use meetload::cli::Cli;

/// Runs one command in this (measured) process.
fn run_task(m: &common::Measured, task: &str) {
    let out = tempfile::tempdir().expect("output folder");
    let dir = m.dir.display().to_string();
    let mut args: Vec<String> = vec!["meetload".into(), task.into(), dir, "-q".into()];
    if let Some(people) = &m.people {
        args.extend(["--people".into(), people.display().to_string()]);
    }
    match task {
        "analyze" => args.extend([
            "--out".into(),
            out.path().join("tables").display().to_string(),
        ]),
        _ => args.extend([
            "-o".into(),
            out.path().join("x.parquet").display().to_string(),
        ]),
    }
    let cli = Cli::parse_from(&args);
    let start = Instant::now();
    meetload::run(&cli).expect("the measured command");
    m.report(start.elapsed().as_secs_f64());
}

fn main() {
    if let Some(m) = common::Measured::from_env() {
        let task = std::env::var("MEETLOAD_BENCH_TASK").unwrap_or_else(|_| "analyze".into());
        return run_task(&m, &task);
    }
    let corpus = common::corpus();
    let occurrences = common::count_occurrences(&corpus.dir);
    println!("{occurrences} person-occurrences");
    for task in ["analyze", "export"] {
        for threads in common::thread_counts() {
            common::rerun_on(&corpus, occurrences, task, threads);
        }
    }
}

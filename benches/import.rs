//! Import throughput (`cargo bench --bench import`): generates an organisation
//! with every meeting instance written out (one .ics per person), then times
//! read + parse + zone resolution + expansion of all files with 1 and 2
//! threads and prints MB/s, occurrences/s and the peak memory of the process.
//! Size: MEETLOAD_BENCH_PEOPLE (default 1000) x MEETLOAD_BENCH_WEEKS (52).

use std::path::PathBuf;
use std::time::Instant;

use meetload::ics::{discover, import_sources, ImportOptions};
use meetload::sample::{files, Policy, SampleOptions};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Imports the folder with 1 and 2 threads; run in a child process so its
/// peak memory is the importer's alone.
fn import_only(dir: &str, bytes: usize) {
    let sources = discover(&[PathBuf::from(dir)]).expect("discover");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let start = Instant::now();
        let calendars = pool
            .install(|| import_sources(&sources, &ImportOptions::default(), &|| {}))
            .expect("import");
        let secs = start.elapsed().as_secs_f64();
        let occurrences: usize = calendars.iter().map(|c| c.occurrences.len()).sum();
        println!(
            "threads={threads}: {secs:.2} s, {:.0} MB/s, {:.0} occurrences/s ({occurrences} occurrences)",
            bytes as f64 / 1e6 / secs,
            occurrences as f64 / secs
        );
    }
    println!("peak memory of the import process: {:.0} MiB", peak_mib());
}

fn main() {
    if let (Ok(dir), Ok(bytes)) = (
        std::env::var("MEETLOAD_BENCH_DIR"),
        std::env::var("MEETLOAD_BENCH_BYTES"),
    ) {
        return import_only(&dir, bytes.parse().unwrap_or(1));
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
    let mut count = 0;
    for (name, text) in files(&opts) {
        bytes += text.len();
        count += 1;
        std::fs::write(dir.path().join(name), text).expect("write sample");
    }
    println!(
        "corpus: {people} people x {weeks} weeks, {count} files, {:.0} MB",
        bytes as f64 / 1e6
    );
    let status = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env("MEETLOAD_BENCH_DIR", dir.path())
        .env("MEETLOAD_BENCH_BYTES", bytes.to_string())
        .status()
        .expect("run the import");
    assert!(status.success(), "import run failed");
}

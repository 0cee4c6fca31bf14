//! Import throughput (`cargo bench --bench import`): read + parse + zone
//! resolution + expansion of a generated organisation (one .ics per person,
//! see `common::write_org`) with 1 and then 2 threads, each in fresh
//! processes; prints MB/s, occurrences/s and the peak memory of the importing
//! process, per run and as the median of several runs.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use meetload::ics::{discover, import_sources, ImportOptions};

fn import_only(dir: &str, bytes: usize) {
    let sources = discover(&[PathBuf::from(dir)]).expect("discover").sources;
    let threads = common::env_or("MEETLOAD_BENCH_THREADS", 2);
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
        "{secs:.2} s, {:.0} MB/s, {:.0} occurrences/s ({occurrences} occurrences), peak memory {:.0} MiB",
        bytes as f64 / 1e6 / secs,
        occurrences as f64 / secs,
        common::peak_mib()
    );
    common::report(&[
        ("mb_per_s", bytes as f64 / 1e6 / secs),
        ("occurrences_per_s", occurrences as f64 / secs),
        ("peak_mib", common::peak_mib()),
    ]);
}

fn main() {
    if let (Ok(dir), Ok(bytes)) = (
        std::env::var("MEETLOAD_BENCH_DIR"),
        std::env::var("MEETLOAD_BENCH_BYTES"),
    ) {
        return import_only(&dir, bytes.parse().unwrap_or(1));
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = common::write_org(dir.path());
    for threads in [1, 2] {
        println!("{threads} thread(s):");
        std::env::set_var("MEETLOAD_BENCH_THREADS", threads.to_string());
        common::rerun_on(dir.path(), bytes);
    }
}

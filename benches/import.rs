//! Import throughput (`cargo bench --bench import`): read + parse + zone
//! resolution + expansion of every calendar of the corpus (see
//! `common::corpus`), with 1 and then 2 threads, each in fresh processes;
//! prints wall and CPU time, MB/s, occurrences/s and the peak memory of the
//! importing process, per run and as the median and range of several runs.

mod common;

use std::time::Instant;

use meetload::ics::{discover, import_sources, ImportOptions};

fn import_only(m: &common::Measured) {
    let start = Instant::now();
    let sources = discover(std::slice::from_ref(&m.dir))
        .expect("discover")
        .sources;
    let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).expect("import");
    m.report(start.elapsed().as_secs_f64());
    std::mem::forget(calendars); // as the command does: the process ends here
}

fn main() {
    if let Some(m) = common::Measured::from_env() {
        return import_only(&m);
    }
    let corpus = common::corpus();
    let occurrences = common::count_occurrences(&corpus.dir);
    println!("{occurrences} person-occurrences");
    for threads in common::thread_counts() {
        common::rerun_on(&corpus, occurrences, "import", threads);
    }
}

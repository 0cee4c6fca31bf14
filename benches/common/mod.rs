//! What the benchmarks share: sizes from the environment, the generated
//! organisation written to a folder, and the peak memory of the process.

use std::path::Path;

use meetload::sample::{files, Policy, SampleOptions};

pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process so far, in MiB (Linux).
pub fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// Writes MEETLOAD_BENCH_PEOPLE x MEETLOAD_BENCH_WEEKS (1000 x 52) people's
/// calendars into `dir`; returns the bytes written. MEETLOAD_BENCH_EXPANDED
/// percent of the people (default 50) have exports that write every instance
/// out as its own VEVENT, the others RRULE masters with their overrides: the
/// default gives about 1 GB of ICS, the size the analysis target names.
pub fn write_org(dir: &Path) -> usize {
    let people = env_or("MEETLOAD_BENCH_PEOPLE", 1000);
    let weeks = env_or("MEETLOAD_BENCH_WEEKS", 52) as u32;
    let percent = env_or("MEETLOAD_BENCH_EXPANDED", 50).min(100);
    let opts = |expanded| SampleOptions {
        people,
        weeks,
        start: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).expect("date"),
        seed: 7,
        policy: Policy::None,
        expanded,
    };
    let masters = files(&opts(false)).expect("generate the sample");
    let expanded = if percent > 0 {
        files(&opts(true)).expect("generate the sample")
    } else {
        Vec::new()
    };
    let mut bytes = 0usize;
    for (i, (name, text)) in masters.into_iter().enumerate() {
        let text = match expanded.get(i) {
            Some((_, every)) if i % 100 < percent => every,
            _ => &text,
        };
        bytes += text.len();
        std::fs::write(dir.join(name), text).expect("write sample");
    }
    println!(
        "corpus: {people} people x {weeks} weeks, {percent}% of the exports with every instance written out, {:.0} MB of ICS",
        bytes as f64 / 1e6
    );
    bytes
}

/// Runs this benchmark MEETLOAD_BENCH_RUNS times (default 5) in a child
/// process with `MEETLOAD_BENCH_DIR` set, so each measured process's peak
/// memory is its own, and prints the median and range of every figure the
/// children report with [`report`]: one run on a shared 2-core machine can be
/// off by a fifth.
pub fn rerun_on(dir: &Path, bytes: usize) {
    let runs = env_or("MEETLOAD_BENCH_RUNS", 5).max(1);
    let mut figures: Vec<(String, Vec<f64>)> = Vec::new();
    for run in 1..=runs {
        let out = std::process::Command::new(std::env::current_exe().expect("own path"))
            .env("MEETLOAD_BENCH_DIR", dir)
            .env("MEETLOAD_BENCH_BYTES", bytes.to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("run the measured process");
        assert!(out.status.success(), "the measured run failed");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Some(pairs) = line.strip_prefix(MEASURED) else {
                println!("run {run}: {line}");
                continue;
            };
            for (key, value) in pairs.split_whitespace().filter_map(|p| p.split_once('=')) {
                let Ok(value) = value.parse::<f64>() else {
                    continue;
                };
                match figures.iter_mut().find(|(k, _)| k == key) {
                    Some((_, values)) => values.push(value),
                    None => figures.push((key.to_string(), vec![value])),
                }
            }
        }
    }
    println!("over {runs} runs (median, min-max):");
    for (key, mut values) in figures {
        values.sort_by(f64::total_cmp);
        println!(
            "  {key}: {:.2} ({:.2}-{:.2})",
            values[values.len() / 2],
            values[0],
            values[values.len() - 1]
        );
    }
}

const MEASURED: &str = "measured:";

/// Prints figures of a measured run for [`rerun_on`] to summarise.
pub fn report(figures: &[(&str, f64)]) {
    let pairs: Vec<String> = figures.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("{MEASURED} {}", pairs.join(" "));
}

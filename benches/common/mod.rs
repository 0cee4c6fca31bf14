//! What the benchmarks share: the corpus (the realistic 1,000-person year of
//! `../shared/bench-corpus` when it is there, else a generated organisation),
//! fresh measured processes per run with 1 and 2 threads, and the peak
//! memory of the process.

#![allow(dead_code)] // each bench uses a part

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// CPU time of this process so far (all its threads, ended ones included),
/// user and system, in seconds (Linux: `/proc/self/stat`, in the kernel's
/// 1/100 s ticks). Wall time on a shared 2-core machine moves by a fifth
/// from one run to the next as the host gets busy; the CPU time moves less,
/// and the system part tells the kernel's share (reading the files,
/// zeroing new pages) from meetload's own.
pub fn cpu_s() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // after the command name (in parentheses, which may hold blanks): the
    // state is field 3, utime and stime fields 14 and 15
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) / 100.0, ticks(12) / 100.0)
}

/// The calendars a benchmark reads.
pub struct Corpus {
    /// Folder of .ics files.
    pub dir: PathBuf,
    /// The roster that goes with them (`--people`), if any.
    pub people: Option<PathBuf>,
    pub bytes: usize,
    /// The realistic corpus itself (not generated, not copied): the one
    /// issue 12's targets are set on.
    pub realistic: bool,
    /// Keeps a generated corpus until the benchmark ends.
    _generated: Option<tempfile::TempDir>,
}

/// The realistic corpus (`MEETLOAD_BENCH_CORPUS`, default
/// `../shared/bench-corpus/org1000.tar.zst`) when it is there and `zstd` can
/// unpack it, else a generated organisation (see [`write_org`]). With
/// `MEETLOAD_BENCH_COPIES=N` (N > 1), N copies of it as one larger
/// organisation (see [`copies`]), to measure how memory grows with people.
pub fn corpus() -> Corpus {
    println!("machine: {}", machine());
    let copies = env_or("MEETLOAD_BENCH_COPIES", 1);
    if let Some(c) = realistic() {
        return if copies > 1 {
            self::copies(&c, copies)
        } else {
            c
        };
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = write_org(dir.path());
    Corpus {
        dir: dir.path().to_path_buf(),
        people: None,
        bytes,
        realistic: false,
        _generated: Some(dir),
    }
}

/// The processor and the cores this process may use: the same binary ran
/// 2.1 s on one 2-core machine of this workplace and 5.3 s on another
/// (2026-12-02), so a figure means little without the machine it came from.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown processor", |(_, name)| name.trim());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores available")
}

fn realistic() -> Option<Corpus> {
    let archive = std::env::var_os("MEETLOAD_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench-corpus/org1000.tar.zst")
        });
    let meta = std::fs::metadata(&archive).ok()?;
    let dir = unpacked(&archive, &meta)?.join("ics");
    let bytes = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len() as usize)
        .sum();
    let people = archive.with_file_name("people.csv");
    println!(
        "corpus: {} ({:.0} MB of ICS, unpacked in {})",
        archive.display(),
        bytes as f64 / 1e6,
        dir.display()
    );
    Some(Corpus {
        dir,
        people: people.is_file().then_some(people),
        bytes,
        realistic: true,
        _generated: None,
    })
}

/// `n` copies of a corpus as one organisation of n times its people: each
/// copy's addresses in another domain (`@x.example` becomes `@x1.example`,
/// ...), its UIDs prefixed (`UID:c1-...`) and its roster's teams suffixed, so
/// that no two copies share a person, a meeting or a team.
fn copies(one: &Corpus, n: usize) -> Corpus {
    let dir = tempfile::tempdir().expect("temporary folder");
    let ics = dir.path().join("ics");
    std::fs::create_dir(&ics).expect("copies folder");
    let renamed = |text: &str, k: usize| {
        let text = text.replace(".example", &format!("{k}.example"));
        text.replace("\nUID:", &format!("\nUID:c{k}-"))
    };
    let mut bytes = 0;
    for entry in std::fs::read_dir(&one.dir)
        .expect("corpus folder")
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).expect("corpus file");
        for k in 1..=n {
            let copy = renamed(&text, k);
            bytes += copy.len();
            let name = format!("c{k}-{}", entry.file_name().to_string_lossy());
            std::fs::write(ics.join(name), copy).expect("copy");
        }
    }
    let people = one.people.as_ref().map(|roster| {
        let text = std::fs::read_to_string(roster).expect("roster");
        // a plain roster (no quoted commas), as the bench corpus' is
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let team = header.split(',').position(|c| c.trim() == "team");
        let mut out = format!("{header}\n");
        for k in 1..=n {
            for line in lines.clone() {
                let mut cells: Vec<String> =
                    renamed(line, k).split(',').map(str::to_string).collect();
                if let Some(cell) = team.and_then(|t| cells.get_mut(t)) {
                    cell.push_str(&format!(" {k}"));
                }
                out.push_str(&cells.join(","));
                out.push('\n');
            }
        }
        let path = dir.path().join("people.csv");
        std::fs::write(&path, out).expect("roster copy");
        path
    });
    println!(
        "{n} copies: {:.0} MB of ICS in {}",
        bytes as f64 / 1e6,
        ics.display()
    );
    Corpus {
        dir: ics,
        people,
        bytes,
        realistic: false,
        _generated: Some(dir),
    }
}

/// The archive unpacked once into the temporary folder, in a folder named
/// for its size and modification time (so a changed archive is unpacked
/// anew); unpacked beside it first, so an interrupted unpack is never used.
fn unpacked(archive: &Path, meta: &std::fs::Metadata) -> Option<PathBuf> {
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let dir = std::env::temp_dir().join(format!("meetload-bench-corpus-{}-{mtime}", meta.len()));
    if dir.join("ics").is_dir() {
        return Some(dir);
    }
    let partial = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).ok()?;
    println!("unpacking {} into {} ...", archive.display(), dir.display());
    let unpack = format!(
        "zstd -dc --long=27 '{}' | tar x -C '{}'",
        archive.display(),
        partial.display()
    );
    let ok = Command::new("sh")
        .args(["-c", &unpack])
        .status()
        .is_ok_and(|s| s.success());
    if !ok || std::fs::rename(&partial, &dir).is_err() {
        println!("cannot unpack it (is zstd installed?): using a generated organisation");
        let _ = std::fs::remove_dir_all(&partial);
        return None;
    }
    Some(dir)
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

/// What a measured process is told: the corpus, and what it holds.
pub struct Measured {
    pub dir: PathBuf,
    pub people: Option<PathBuf>,
    pub bytes: usize,
    pub occurrences: usize,
}

impl Measured {
    /// Inside a measured process: what the parent passed (see [`rerun_on`]).
    pub fn from_env() -> Option<Measured> {
        Some(Measured {
            dir: std::env::var_os("MEETLOAD_BENCH_DIR")?.into(),
            people: std::env::var_os("MEETLOAD_BENCH_ROSTER").map(PathBuf::from),
            bytes: env_or("MEETLOAD_BENCH_BYTES", 1),
            occurrences: env_or("MEETLOAD_BENCH_OCCURRENCES", 0),
        })
    }

    /// Wall time, CPU time, throughput and peak memory of a run that took
    /// `secs`.
    pub fn report(&self, secs: f64) {
        let (user, system) = cpu_s();
        let (peak, mb_s, per_s) = (
            peak_mib(),
            self.bytes as f64 / 1e6 / secs,
            self.occurrences as f64 / secs,
        );
        println!(
            "{secs:.2} s (CPU {:.2} s, system {system:.2} s), {mb_s:.0} MB/s, {per_s:.0} occurrences/s, peak memory {peak:.0} MiB",
            user + system,
        );
        report(&[
            ("wall_s", secs),
            ("cpu_s", user + system),
            ("system_s", system),
            ("peak_mib", peak),
            ("mb_per_s", mb_s),
            ("occurrences_per_s", per_s),
        ]);
    }
}

/// Runs this benchmark MEETLOAD_BENCH_RUNS times (default 5) in a child
/// process with `MEETLOAD_BENCH_DIR` set and `threads` rayon threads, so each
/// measured process's peak memory is its own, and prints the median and range
/// of every figure the children report with [`report`]: one run on a shared
/// 2-core machine can be off by a fifth. `task` names what the child does.
pub fn rerun_on(corpus: &Corpus, occurrences: usize, task: &str, threads: usize) {
    println!("{task}, {threads} thread(s):");
    let runs = env_or("MEETLOAD_BENCH_RUNS", 5).max(1);
    let mut figures: Vec<(String, Vec<f64>)> = Vec::new();
    for run in 1..=runs {
        let mut child = Command::new(std::env::current_exe().expect("own path"));
        child
            .env("MEETLOAD_BENCH_DIR", &corpus.dir)
            .env("MEETLOAD_BENCH_BYTES", corpus.bytes.to_string())
            .env("MEETLOAD_BENCH_OCCURRENCES", occurrences.to_string())
            .env("MEETLOAD_BENCH_TASK", task)
            .env("RAYON_NUM_THREADS", threads.to_string())
            .stderr(std::process::Stdio::inherit());
        if let Some(people) = &corpus.people {
            child.env("MEETLOAD_BENCH_ROSTER", people);
        }
        let out = child.output().expect("run the measured process");
        assert!(out.status.success(), "the measured run failed");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Some(pairs) = line.strip_prefix(MEASURED) else {
                println!("  run {run}: {line}");
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
    println!("  over {runs} runs (median, min-max):");
    for (key, mut values) in figures {
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        println!(
            "    {key}: {median:.2} ({:.2}-{:.2})",
            values[0],
            values[values.len() - 1]
        );
        let targets = TARGETS
            .iter()
            .filter(|t| corpus.realistic && threads == 2 && t.0 == task && t.1 == key);
        for &(_, _, bound, at_most) in targets {
            let (sign, met) = match at_most {
                true => ("<=", median <= bound),
                false => (">=", median >= bound),
            };
            let verdict = if met { "met" } else { "NOT met" };
            println!("      issue 12 target {key} {sign} {bound}: {verdict}");
        }
    }
}

/// Issue 12's targets, on the realistic corpus with both threads: (task,
/// figure, bound, whether the figure must be at most the bound).
const TARGETS: &[(&str, &str, f64, bool)] = &[
    ("analyze", "wall_s", 1.5, true),
    ("analyze", "peak_mib", 600.0, true),
    ("export", "wall_s", 2.0, true),
    ("export", "peak_mib", 600.0, true),
    ("import", "mb_per_s", 1000.0, false),
];

const MEASURED: &str = "measured:";

/// Prints figures of a measured run for [`rerun_on`] to summarise.
pub fn report(figures: &[(&str, f64)]) {
    let pairs: Vec<String> = figures.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("{MEASURED} {}", pairs.join(" "));
}

/// Person-occurrences in the corpus (imported once, in this process).
pub fn count_occurrences(dir: &Path) -> usize {
    use meetload::ics::{discover, import_sources, ImportOptions};
    let sources = discover(&[dir.to_path_buf()]).expect("discover").sources;
    let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).expect("import");
    let n = calendars.iter().map(|c| c.occurrences.len()).sum();
    std::mem::forget(calendars); // freeing a gigabyte piece by piece only costs time
    n
}

/// The thread counts to measure (`MEETLOAD_BENCH_THREADS`, default 1 and 2).
pub fn thread_counts() -> Vec<usize> {
    match std::env::var("MEETLOAD_BENCH_THREADS") {
        Ok(t) => t.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![1, 2],
    }
}

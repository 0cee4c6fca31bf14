//! meetload: where a team's time goes, from exported calendars.
//!
//! Data flows one way: [`ics`] (bytes to occurrences) -> [`analysis`]
//! (occurrences to tables) -> [`report`] and [`export`] (tables to files),
//! with [`cli`] and [`cmd`] on top; [`time_text`] writes times for all of
//! them, and [`read_ahead`] makes a table's next batch while one is written.

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod export;
pub mod fuzzing;
pub mod ics;
pub mod model;
pub mod people;
pub mod read_ahead;
pub mod report;
pub mod rng;
pub mod sample;
pub mod text_key;
pub mod time_text;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: the importer makes many small,
/// short-lived allocations across threads, where glibc's malloc spends a
/// quarter of the import time (measured with perf on the import benchmark).
/// It is built with `no_thp`: with transparent huge pages the kernel zeroes
/// 2 MiB for every sparsely touched region, which cost the analysis
/// benchmark a fifth of its time. Its v2 line: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs one command.
pub fn run(cli: &cli::Cli) -> anyhow::Result<()> {
    use cli::Command;
    match &cli.command {
        Command::Analyze(a) => cmd::analyze::run(a, &cli.global),
        Command::Compare(a) => cmd::compare::run(a, &cli.global),
        Command::Config(a) => cmd::config::run(a),
        Command::Export(a) => cmd::export::run(a, &cli.global),
        Command::Reduce(a) => cmd::reduce::run(a, &cli.global),
        Command::Report(a) => cmd::report::run(a, &cli.global),
        Command::Sample(a) => cmd::sample::run(a, &cli.global),
        Command::Simulate(a) => cmd::simulate::run(a, &cli.global),
    }
}

/// The error and its causes joined by `: `, each said once: an error whose
/// text already ends with its cause's text (`cannot read x: Permission
/// denied`) does not repeat it.
pub fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) || out.contains(&format!("{text}: ")) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Exit codes (documented in the README): 0 success, 1 error, 2 usage
/// (clap), 3 nothing usable imported or `--strict` found a problem. A broken
/// pipe (`meetload export ... | head`) exits 0 quietly.
pub fn exit_for(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {}", message(err));
    if err.downcast_ref::<cmd::input::NothingImported>().is_some() {
        ExitCode::from(3)
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let text = io.to_string();
        let err = anyhow::Error::new(crate::ics::SourceError::Io {
            path: "x.ics".into(),
            source: io,
        })
        .context("import failed");
        assert_eq!(
            super::message(&err),
            format!("import failed: x.ics: cannot read: {text}")
        );
        let plain = anyhow::anyhow!("a").context("b");
        assert_eq!(super::message(&plain), "b: a");
    }
}

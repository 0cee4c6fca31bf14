//! The command line: global flags and one variant per subcommand. No clap
//! type travels past `cmd/`.

use clap::{Args, Parser, Subcommand};

use crate::cmd;

/// Where your team's time goes: meeting load, focus time and async candidates
/// from exported calendars (.ics). Everything runs on your machine.
#[derive(Debug, Parser)]
#[command(name = "meetload", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  meetload report sample-data/team-after --out reports/sample\n  meetload export my.ics --from 2024-01-01 --to 2024-04-01 -o occurrences.csv"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Print only errors (no summary, no progress bar).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every skipped item and warning, not just the first few.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Settings file (working hours, thresholds, privacy); `meetload config --example` prints one.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

impl Global {
    /// The analysis settings: the config file over the defaults.
    pub fn options(&self) -> anyhow::Result<crate::config::Options> {
        match &self.config {
            Some(path) => Ok(crate::config::ConfigFile::load(path)?),
            None => Ok(crate::config::Options::default()),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Analyze(cmd::analyze::AnalyzeArgs),
    Compare(cmd::compare::CompareArgs),
    Config(cmd::config::ConfigArgs),
    Export(cmd::export::ExportArgs),
    Report(cmd::report::ReportArgs),
    Sample(cmd::sample::SampleArgs),
    Simulate(cmd::simulate::SimulateArgs),
}

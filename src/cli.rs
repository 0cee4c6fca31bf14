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
    /// Secret for privacy pseudonyms (default: `<config>.privacy-key`, made on first use).
    #[arg(long, global = true, value_name = "FILE")]
    pub privacy_key_file: Option<std::path::PathBuf>,
    /// Write CSV cells exactly as they are, without the `'` that keeps a
    /// spreadsheet from running cells starting with = + - @ as formulas.
    #[arg(long, global = true)]
    pub raw_csv: bool,
}

impl Global {
    /// The analysis settings: the config file over the defaults.
    /// With privacy on, the pseudonym key is read (or made) and installed.
    pub fn options(&self) -> anyhow::Result<crate::config::Options> {
        let opts = match &self.config {
            Some(path) => crate::config::ConfigFile::load(path)?,
            None => crate::config::Options::default(),
        };
        if opts.privacy {
            let config = self
                .config
                .as_deref()
                .unwrap_or(std::path::Path::new("meetload.toml"));
            let key = cmd::privacy_key::key_path(config, self.privacy_key_file.as_deref());
            cmd::privacy_key::install(&key)?;
        }
        Ok(opts)
    }

    /// The CSV exporter these flags ask for.
    pub fn csv(&self) -> crate::export::Csv {
        crate::export::Csv { raw: self.raw_csv }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Analyze(cmd::analyze::AnalyzeArgs),
    Compare(cmd::compare::CompareArgs),
    Config(cmd::config::ConfigArgs),
    Export(cmd::export::ExportArgs),
    Reduce(cmd::reduce::ReduceArgs),
    Report(cmd::report::ReportArgs),
    Sample(cmd::sample::SampleArgs),
    Simulate(cmd::simulate::SimulateArgs),
}

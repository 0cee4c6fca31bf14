//! `meetload export`: the occurrence table, one row per concrete occurrence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::occurrences::occurrence_table;
use crate::cli::Global;
use crate::export::{to_bytes, write_atomic, Format};

/// Write every occurrence (recurrences expanded, overrides applied, times in
/// UTC) as CSV, JSON Lines or Parquet. Cancelled instances are kept with
/// status=cancelled. Columns: see docs/schema.md.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload export calendar.ics --from 2024-01-01 --to 2024-04-01 -o occurrences.csv\n  meetload export takeout.zip --format parquet -o team.parquet\n  cat work.ics | meetload export - --tz Europe/Berlin | head"
)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Output file (written atomically); default: standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ExportArgs, global: &Global) -> Result<()> {
    let calendars = args.input.load(global)?;
    let mut table = occurrence_table(&calendars).context("cannot build the occurrence table")?;
    let bytes = to_bytes(&mut table, args.format.exporter().as_ref())?;
    match &args.output {
        Some(path) => write_atomic(path, &bytes, &args.input.inputs),
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .context("cannot write to standard output"),
    }
}

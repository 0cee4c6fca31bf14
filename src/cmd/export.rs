//! `meetload export`: the occurrence table, one row per concrete occurrence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::occurrences::occurrence_table;
use crate::analysis::privacy::redact_calendars;
use crate::cli::Global;
use crate::export::{write_atomic_with, Format};

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
    /// Output format; default: from the extension of -o (.csv, .jsonl,
    /// .parquet), else CSV.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Output file (written atomically); default: standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ExportArgs, global: &Global) -> Result<()> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Csv);
    let exporter = format.exporter(global.raw_csv);
    let privacy = global.options()?.privacy;
    let calendars = args
        .input
        .flags
        .load_calendars(&args.input.inputs, global)?;
    let mut table = if privacy {
        occurrence_table(&redact_calendars(&calendars))
    } else {
        occurrence_table(&calendars)
    }
    .context("cannot build the occurrence table")?;
    let mut write = |out: &mut dyn Write| -> Result<()> {
        exporter
            .write(&mut table, out)
            .with_context(|| format!("cannot write the table as {}", exporter.extension()))
    };
    match &args.output {
        Some(path) => write_atomic_with(path, &args.input.inputs, write),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush().context("cannot write to standard output")
        }
    }
}

//! `meetload export`: the occurrence table, one row per concrete occurrence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::occurrences::occurrence_table;
use crate::analysis::privacy::redact_calendars;
use crate::cli::Global;
use crate::export::{write_atomic_with, write_batches, Format};
use crate::read_ahead::read_ahead;

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
    let flags = &args.input.flags;
    // discovery has remembered every input, so the write refuses any of them
    let mut calendars = flags.batches(&args.input.inputs, global)?;
    // a batch of calendars at a time: imported, made rows, written, dropped;
    // the next batch is imported while this one is written
    let write = |out: &mut dyn Write| -> Result<()> {
        let tables = std::iter::from_fn(|| {
            let batch = calendars.next_batch()?;
            let table = match privacy {
                true => occurrence_table(&redact_calendars(&batch)),
                false => occurrence_table(&batch),
            };
            // the calendars are freed on the pool, between its other work,
            // while this thread imports the next batch
            rayon::spawn(move || drop(batch));
            Some(table)
        });
        read_ahead(tables, |tables| write_batches(&*exporter, tables, out))
            .with_context(|| format!("cannot write the table as {}", exporter.extension()))?;
        // a failed check leaves no file behind (the write is atomic)
        calendars.finish(flags, global)
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

//! `meetload reduce`: the team tables from partials written by
//! `analyze --partials` (one or many map runs), without the calendars.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use polars::prelude::{DataFrame, ParquetReader, SerReader};

use super::analyze::Outputs;
use super::input::ImportFlags;
use crate::analysis::partial_tables::{from_tables, PartialError};
use crate::cli::Global;

/// Reduce partials (`meetload analyze --partials DIR`, possibly from several
/// map runs with different `--chunk` names) to the same tables and
/// summary.json a direct `analyze` writes. Give it the same config, roster
/// and grouping as the map runs. Schemas and the SQL equivalent: docs/scale-out.md.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  meetload analyze cals/ --people people.csv --partials parts --out direct\n  meetload reduce parts --people people.csv --out reduced"
)]
pub struct ReduceArgs {
    /// Folder of partials (`<kind>/<chunk>.parquet`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Folder for the tables.
    #[arg(long, default_value = "reports/analysis")]
    pub out: PathBuf,
    /// The roster the partials were mapped with (it decides the default grouping).
    #[arg(long, value_name = "FILE.csv")]
    pub people: Option<PathBuf>,
    /// Roster column to group team numbers by (as for `analyze`).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Vec<String>,
}

pub fn run(args: &ReduceArgs, global: &Global) -> Result<()> {
    let flags = ImportFlags {
        people: args.people.clone(),
        group_by: args.group_by.clone(),
        ..ImportFlags::default()
    };
    let (opts, _) = flags.settings(global)?;
    let load = |kind| read_kind(&args.dir, kind).map_err(|e| PartialError::Read(format!("{e:#}")));
    let (parts, quality) = from_tables(load)
        .with_context(|| format!("cannot read the partials in {}", args.dir.display()))?;
    let people = parts.len();
    let outputs = Outputs {
        people,
        quality: &quality,
        out: &args.out,
        inputs: std::slice::from_ref(&args.dir),
    };
    let analysis = outputs.write(parts, &opts, global)?;
    super::leave_to_exit(analysis);
    Ok(())
}

/// Every chunk of one kind, in file-name order, as one table.
fn read_kind(dir: &Path, kind: &str) -> Result<DataFrame> {
    let folder = dir.join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .with_context(|| {
            format!(
                "cannot read {} (write it with analyze --partials)",
                folder.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    files.sort();
    let mut all: Option<DataFrame> = None;
    for path in files {
        let file = std::fs::File::open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let df = ParquetReader::new(file)
            .finish()
            .with_context(|| format!("cannot read {}", path.display()))?;
        match &mut all {
            Some(a) => {
                a.vstack_mut(&df).with_context(|| {
                    format!("{}: another schema than the other chunks", path.display())
                })?;
            }
            None => all = Some(df),
        }
    }
    all.with_context(|| format!("no partials in {}", folder.display()))
}

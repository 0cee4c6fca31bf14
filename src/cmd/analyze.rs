//! `meetload analyze`: meeting load, focus time, series and async candidates.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::summary::summarize;
use crate::analysis::{analyze, tables::all_tables};
use crate::cli::Global;
use crate::export::{write_tables, OutputDir};

/// Measure meeting hours, double-booking, back-to-back chains and the focus
/// time left (free blocks of 2 h or more inside working hours, in each
/// person's zone); audit recurring series and score which could become
/// written updates. Prints a summary and writes the tables person_day,
/// person_week, team_week, meetings, series, candidates and data_quality as
/// CSV and Parquet, plus summary.json. Definitions: docs/metrics.md.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload analyze sample-data/team-after --out reports/sample\n  meetload analyze my.ics --from 2025-01-01 --to 2025-04-01 --config meetload.toml --out out/"
)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Folder for the tables.
    #[arg(long, default_value = "reports/analysis")]
    pub out: PathBuf,
}

pub fn run(args: &AnalyzeArgs, global: &Global) -> Result<()> {
    let (opts, team) = args.input.load(global)?;
    let analysis = analyze(&team.people, &opts);
    let mut tables = all_tables(&analysis, &team, &opts).context("cannot build the tables")?;
    let out = OutputDir::begin(&args.out, &args.input.inputs)?;
    write_tables(&out, &mut tables, global.csv())?;
    let summary = summarize(&analysis, &team, &opts);
    let json = serde_json::to_vec_pretty(&summary).context("cannot write summary.json")?;
    out.write("summary.json", &json)?;
    out.commit()?;
    if !global.quiet {
        print!("{}", crate::report::summary_text(&summary));
        println!("tables written to {}", args.out.display());
    }
    super::leave_to_exit((team, analysis, tables));
    Ok(())
}

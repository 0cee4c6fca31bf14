//! `meetload analyze`: meeting load and focus time per person, day and week.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use polars::prelude::DataFrame;

use super::InputArgs;
use crate::analysis::tables::{
    all_person_days, person_day_table, person_week_table, team_week_table,
};
use crate::cli::Global;
use crate::config::Options;
use crate::export::{to_bytes, write_atomic, Format};

/// Measure meeting hours, double-booking, back-to-back chains and the focus
/// time (free blocks of 2 h or more inside 09:00-17:00 on weekdays, in each
/// person's zone) left per person, day and week. Prints a summary and writes
/// person_day, person_week and team_week tables. Definitions: docs/metrics.md.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload analyze sample-data/team-after --out reports/sample\n  meetload analyze my.ics --from 2025-01-01 --to 2025-04-01 --format parquet --out out/"
)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Folder for the tables.
    #[arg(long, default_value = "reports/analysis")]
    pub out: PathBuf,
    /// Table format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

pub fn run(args: &AnalyzeArgs, global: &Global) -> Result<()> {
    let calendars = args.input.load(global)?;
    let opts = Options::default();
    let days = all_person_days(&calendars, &opts);
    let mut person_day = person_day_table(&days).context("cannot build person_day")?;
    let mut person_week = person_week_table(&person_day).context("cannot build person_week")?;
    let mut team_week = team_week_table(&person_week).context("cannot build team_week")?;
    let exporter = args.format.exporter();
    for (name, table) in [
        ("person_day", &mut person_day),
        ("person_week", &mut person_week),
        ("team_week", &mut team_week),
    ] {
        let path = args.out.join(format!("{name}.{}", exporter.extension()));
        write_atomic(
            &path,
            &to_bytes(table, exporter.as_ref())?,
            &args.input.inputs,
        )?;
    }
    if !global.quiet {
        println!("{}", summary(&person_week, calendars.len())?);
        println!("tables written to {}", args.out.display());
    }
    Ok(())
}

/// A few headline numbers: medians across person-weeks.
fn summary(person_week: &DataFrame, people: usize) -> Result<String> {
    let median_hours = |col: &str| -> Result<f64> {
        let s = person_week
            .column(col)?
            .as_materialized_series()
            .cast(&polars::prelude::DataType::Float64)?;
        Ok(s.median().unwrap_or(0.0) / 60.0)
    };
    Ok(format!(
        "{people} calendars, {} person-weeks\nmedian per person-week: {:.1} h in meetings, {:.1} h of focus time, {:.1} h fragmented, {:.1} h of meetings outside working hours",
        person_week.height(),
        median_hours("meeting_min_sum")?,
        median_hours("focus_min_sum")?,
        median_hours("fragmented_min_sum")?,
        median_hours("meeting_after_hours_min_sum")?,
    ))
}

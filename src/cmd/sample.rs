//! `meetload sample`: writes a synthetic organisation's calendars.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Args;

use crate::cli::Global;
use crate::export::write_atomic;
use crate::sample::{files, Policy, SampleOptions};

/// Generate a realistic synthetic organisation (per person an Outlook or
/// Apple .ics, or a Google Takeout zip with a holiday and a team calendar,
/// plus the people.csv roster), deterministic for a seed. The bundled
/// sample-data/ was made with it.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload sample --people 30 --weeks 13 --start 2025-01-06 --out sample-data/team-before\n  meetload sample --people 30 --weeks 13 --start 2025-04-07 --policy no-meeting-wednesday --out sample-data/team-after\n  meetload sample --people 1000 --weeks 52 --expanded --out /tmp/bench-org"
)]
pub struct SampleArgs {
    /// Number of people (teams of six).
    #[arg(long, default_value_t = 30)]
    pub people: usize,
    /// Number of weeks.
    #[arg(long, default_value_t = 13)]
    pub weeks: u32,
    /// First day (moved back to its Monday).
    #[arg(long, default_value = "2025-01-06")]
    pub start: NaiveDate,
    /// Seed: the same seed gives the same files.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Meeting policy in force during the period.
    #[arg(long, value_enum, default_value = "none")]
    pub policy: Policy,
    /// Write every instance of a recurring meeting as its own VEVENT (bigger files).
    #[arg(long)]
    pub expanded: bool,
    /// Folder to write into.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &SampleArgs, global: &Global) -> Result<()> {
    let opts = SampleOptions {
        people: args.people,
        weeks: args.weeks,
        start: args.start,
        seed: args.seed,
        policy: args.policy,
        expanded: args.expanded,
    };
    let written = files(&opts).context("could not build the sample's Takeout zips")?;
    for (name, bytes) in &written {
        write_atomic(&args.out.join(name), bytes, &[])?;
    }
    if !global.quiet {
        eprintln!("wrote {} files to {}", written.len(), args.out.display());
    }
    Ok(())
}

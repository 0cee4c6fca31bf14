//! `meetload simulate`: what would a policy do to these calendars?

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::compare::write_comparison;
use super::InputArgs;
use crate::analysis::analyze;
use crate::analysis::compare::compare;
use crate::analysis::privacy::redact_calendars;
use crate::analysis::simulate::actions::{actions_table, tally, tally_table};
use crate::analysis::simulate::{simulate, Policy};
use crate::cli::Global;
use crate::export::ics::{calendar_file_names, calendar_ics};
use crate::export::{input_folder_containing, write_tables, OutputDir};
use crate::model::Calendar;
use crate::report::compare_html::Labels;
use crate::report::compare_text::simulation_text;

/// Apply meeting policies to the real calendars and compare the projected
/// metrics with the current ones (same tables, charts and page as compare).
/// Each meeting is decided once and changed the same way in every attendee's
/// calendar; what each policy removed, moved, shortened and trimmed is printed
/// and written to simulation_actions and simulation_summary.
/// The projected calendars (one per person) are written to OUT/calendars/ as
/// .ics files, so the prediction can later be compared with the real
/// after-period: `meetload compare --before BEFORE --after real-after/ --predicted OUT`.
#[derive(Debug, Args)]
#[command(
    after_help = "Policies: async-status[=N]  no-meeting-day=WED[:drop]  cap=25/50  purge-recurring=N  max-attendees=N\n\nExamples:\n  meetload simulate sample-data/team-before --policy async-status --policy no-meeting-day=WED --out reports/simulate\n  meetload simulate team/ --policy cap=25/50 --policy max-attendees=8"
)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// A policy to apply (repeat for several, applied in order).
    #[arg(long = "policy", required = true, value_name = "POLICY")]
    pub policies: Vec<Policy>,
    /// Folder for the simulation.
    #[arg(long, default_value = "reports/simulate")]
    pub out: PathBuf,
    /// Folder for the projected calendars (default: OUT/calendars). Only a
    /// folder given here may lie inside an input folder.
    #[arg(long, value_name = "DIR")]
    pub calendars: Option<PathBuf>,
}

pub fn run(args: &SimulateArgs, global: &Global) -> Result<()> {
    let inputs = &args.input.inputs;
    if args.calendars.is_none() {
        if let Some(folder) = input_folder_containing(&args.out.join("calendars"), inputs) {
            bail!(
                "{}: the projected calendars would be written into the input folder {}, \
                 where the next run would read them as real ones; choose another --out, \
                 or --calendars DIR to put them there on purpose",
                args.out.join("calendars").display(),
                folder.display()
            );
        }
    }
    // the projected calendars are written back with their descriptions
    let mut input = args.input.clone();
    input.flags.keep_descriptions = true;
    let (opts, team) = input.load(global)?;
    let actual = analyze(&team.people, &opts);
    let sim = simulate(&team.people, &args.policies, &actual, &opts);
    let projected = analyze(&sim.people, &opts);
    let mut projected_calendars: Vec<Calendar> =
        sim.people.iter().map(|p| p.calendar.clone()).collect();
    if opts.privacy {
        projected_calendars = redact_calendars(&projected_calendars);
    }
    let out = OutputDir::begin(&args.out, inputs)?;
    match &args.calendars {
        None => write_calendars(&out, "calendars/", &projected_calendars)?,
        Some(dir) => {
            let own = OutputDir::begin(dir, inputs)?;
            write_calendars(&own, "", &projected_calendars)?;
            own.commit()?;
        }
    }
    let tallies = tally(&sim.actions);
    let mut tables = vec![
        ("simulation_actions", actions_table(&sim.actions, &opts)?),
        ("simulation_summary", tally_table(&tallies)?),
    ];
    write_tables(&out, &mut tables, global.csv()).context("cannot write the simulation tables")?;
    if !global.quiet {
        eprint!("{}", simulation_text(&args.policies, &tallies));
    }
    let c = compare(&actual, &projected, None, &opts);
    write_comparison(&c, &out, &opts, (Labels::SIMULATE, &tallies), global)?;
    out.commit()?;
    println!("{}", args.out.join("compare.html").display());
    Ok(())
}

/// Writes each calendar as `<prefix><unique name>.ics`.
fn write_calendars(out: &OutputDir, prefix: &str, calendars: &[Calendar]) -> Result<()> {
    for (cal, name) in calendars.iter().zip(calendar_file_names(calendars)) {
        out.write(&format!("{prefix}{name}"), calendar_ics(cal).as_bytes())?;
    }
    Ok(())
}

//! `meetload simulate`: what would a policy do to these calendars?

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::compare::write_comparison;
use super::InputArgs;
use crate::analysis::analyze;
use crate::analysis::compare::compare;
use crate::analysis::simulate::actions::{actions_table, tally, tally_table};
use crate::analysis::simulate::{simulate, Policy};
use crate::cli::Global;
use crate::export::{ics::calendar_ics, write_atomic, write_tables};
use crate::report::compare_html::Labels;
use crate::report::compare_text::simulation_text;

/// Apply meeting policies to the real calendars and compare the projected
/// metrics with the current ones (same tables, charts and page as compare).
/// Each meeting is decided once and changed the same way in every attendee's
/// calendar; what each policy removed, moved, shortened and trimmed is printed
/// and written to simulation_actions and simulation_summary.
/// The projected calendars are written to OUT/calendars/ as .ics files, so
/// the prediction can later be compared with the real after-period:
/// `meetload compare --before BEFORE --after real-after/ --predicted OUT`.
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
}

pub fn run(args: &SimulateArgs, global: &Global) -> Result<()> {
    let (opts, team) = args.input.load(global)?;
    let actual = analyze(&team.people, &opts);
    let sim = simulate(&team.people, &args.policies, &actual, &opts);
    let projected = analyze(&sim.people, &opts);
    for (i, cal) in sim.people.iter().map(|p| &p.calendar).enumerate() {
        let stem = cal.owner.as_deref().map_or_else(
            || format!("calendar-{i}"),
            |o| o.replace(['@', '/', '\\'], "_"),
        );
        write_atomic(
            &args.out.join("calendars").join(format!("{stem}.ics")),
            calendar_ics(cal).as_bytes(),
            &args.input.inputs,
        )?;
    }
    let tallies = tally(&sim.actions);
    let mut tables = vec![
        ("simulation_actions", actions_table(&sim.actions, &opts)?),
        ("simulation_summary", tally_table(&tallies)?),
    ];
    write_tables(&args.out, &mut tables, &args.input.inputs)
        .context("cannot write the simulation tables")?;
    if !global.quiet {
        eprint!("{}", simulation_text(&args.policies, &tallies));
    }
    let c = compare(&actual, &projected, None, &opts);
    write_comparison(
        &c,
        &args.out,
        &args.input.inputs,
        &opts,
        (Labels::SIMULATE, &tallies),
        global,
    )
}

//! `meetload compare`: did a policy change the numbers?

use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, Utc};
use clap::Args;

use super::input::{parse_instant, InputArgs};
use crate::analysis::compare::{compare, Comparison};
use crate::analysis::privacy::redact_comparison;
use crate::analysis::tables::comparison_tables;
use crate::analysis::{analyze, Analysis};
use crate::cli::Global;
use crate::config::Options;
use crate::export::{write_tables, OutputDir};
use crate::report::{compare_charts, compare_html};

/// Compare two periods, person by person: per-week meeting, focus and
/// fragmented hours, fragmentation, after-hours and status-meeting hours,
/// meetings and back-to-back chains; the team effect with bootstrap 95%
/// intervals and a Wilcoxon p-value; difference-in-differences against a
/// control group; whether meetings only moved to other weekdays; and what
/// became of each recurring series. Writes compare.html, charts and tables.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload compare --before sample-data/team-before --after sample-data/team-after --out reports/compare\n  meetload compare team/ --split 2025-04-07 --control other-team/\n  meetload compare --before q1/ --after q2/ --control-before other-q1/ --control-after other-q2/"
)]
pub struct CompareArgs {
    /// One export covering both periods (with --split).
    #[arg(value_name = "INPUT", conflicts_with_all = ["before", "after"], requires = "split")]
    pub inputs: Vec<PathBuf>,
    /// Everything before this date is the first period, from it on the second.
    #[arg(long, value_parser = parse_instant)]
    pub split: Option<DateTime<Utc>>,
    /// Calendars of the first period.
    #[arg(long, num_args = 1.., value_name = "INPUT", requires = "after")]
    pub before: Vec<PathBuf>,
    /// Calendars of the second period.
    #[arg(long, num_args = 1.., value_name = "INPUT", requires = "before")]
    pub after: Vec<PathBuf>,
    /// A comparison group that did not adopt the policy, split at the same date (with --split).
    #[arg(long, num_args = 1.., value_name = "INPUT", requires = "split")]
    pub control: Vec<PathBuf>,
    /// A comparison group that did not adopt the policy: its first period.
    #[arg(long, num_args = 1.., value_name = "INPUT", requires = "control_after")]
    pub control_before: Vec<PathBuf>,
    /// The comparison group's second period.
    #[arg(long, num_args = 1.., value_name = "INPUT", requires = "control_before")]
    pub control_after: Vec<PathBuf>,
    /// Fail (exit 3) on any skipped item, unknown zone or warning.
    #[arg(long)]
    pub strict: bool,
    /// Folder for the comparison.
    #[arg(long, default_value = "reports/compare")]
    pub out: PathBuf,
}

fn period(
    inputs: &[PathBuf],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    strict: bool,
    global: &Global,
    opts: &Options,
) -> Result<Analysis> {
    let args = InputArgs {
        inputs: inputs.to_vec(),
        from,
        to,
        tz: None,
        owner: None,
        strict,
    };
    let calendars = args.load(global)?;
    Ok(analyze(&calendars, opts))
}

pub fn run(args: &CompareArgs, global: &Global) -> Result<()> {
    let opts = global.options()?;
    let (before, after) = match (args.split, args.inputs.is_empty()) {
        (Some(split), false) => (
            period(&args.inputs, None, Some(split), args.strict, global, &opts)?,
            period(&args.inputs, Some(split), None, args.strict, global, &opts)?,
        ),
        (None, true) if !args.before.is_empty() => (
            period(&args.before, None, None, args.strict, global, &opts)?,
            period(&args.after, None, None, args.strict, global, &opts)?,
        ),
        _ => bail!("give --before INPUT... --after INPUT..., or INPUT... --split DATE"),
    };
    let control = match (args.control.is_empty(), args.control_before.is_empty(), args.split) {
        (false, _, Some(split)) => Some((
            period(&args.control, None, Some(split), args.strict, global, &opts)?,
            period(&args.control, Some(split), None, args.strict, global, &opts)?,
        )),
        (false, _, None) => bail!("--control goes with --split; with --before/--after give --control-before and --control-after"),
        (true, false, _) => Some((
            period(&args.control_before, None, None, args.strict, global, &opts)?,
            period(&args.control_after, None, None, args.strict, global, &opts)?,
        )),
        (true, true, _) => None,
    };
    let c = compare(
        &before,
        &after,
        control.as_ref().map(|(b, a)| (b, a)),
        &opts,
    );
    let inputs: Vec<PathBuf> = [
        &args.inputs,
        &args.before,
        &args.after,
        &args.control,
        &args.control_before,
        &args.control_after,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let out = OutputDir::begin(&args.out, &inputs)?;
    write_comparison(&c, &out, &opts, "Did the policy work?", global)?;
    out.commit()?;
    println!("{}", args.out.join("compare.html").display());
    Ok(())
}

/// Writes a comparison's tables, JSON, charts and page into `out` (and a
/// summary unless quiet). Shared by `compare` and `simulate`. Under privacy
/// every output gets the pseudonymised comparison.
pub(crate) fn write_comparison(
    c: &Comparison,
    out: &OutputDir,
    opts: &Options,
    heading: &str,
    global: &Global,
) -> Result<()> {
    let redacted;
    let c = if opts.privacy {
        redacted = redact_comparison(c, opts.min_group);
        &redacted
    } else {
        c
    };
    let mut tables = anyhow::Context::context(
        comparison_tables(c, opts),
        "cannot build the comparison tables",
    )?;
    write_tables(out, &mut tables, global.csv())?;
    out.write("comparison.json", &serde_json::to_vec_pretty(c)?)?;
    let charts = compare_charts::render(c, opts.privacy)
        .map_err(|e| anyhow!("cannot draw the charts: {e}"))?;
    for chart in &charts {
        out.write(&format!("{}.png", chart.name), &chart.png)?;
    }
    out.write(
        "compare.html",
        compare_html::page(c, &charts, heading).as_bytes(),
    )?;
    if !global.quiet {
        eprint!("{}", summary(c));
    }
    Ok(())
}

fn summary(c: &Comparison) -> String {
    let mut out = format!(
        "{} people paired, {} person-weeks left out\n",
        c.people.len(),
        c.excluded_weeks
    );
    for e in c.effects.iter().take(3) {
        out += &format!(
            "{}: {:.2} -> {:.2} per week, change {:+.2} [{:+.2}, {:+.2}], p = {:.4}\n",
            e.metric,
            e.mean_before,
            e.mean_after,
            e.mean_change,
            e.mean_change_ci.0,
            e.mean_change_ci.1,
            e.p_value
        );
    }
    if let Some(d) = &c.displacement {
        out += d;
        out.push('\n');
    }
    out
}

//! `meetload compare`: did a policy change the numbers?

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;

use super::input::{parse_instant, ImportFlags};
use crate::analysis::compare::forecast::forecast;
use crate::analysis::compare::redact_comparison;
use crate::analysis::compare::tables::comparison_tables;
use crate::analysis::compare::{compare, Comparison};
use crate::analysis::simulate::Tally;
use crate::analysis::{analyze, Analysis};
use crate::cli::Global;
use crate::config::Options;
use crate::export::{write_tables, OutputDir};
use crate::people::Roster;
use crate::report::compare_html::Labels;
use crate::report::{compare_charts, compare_html, compare_text};

/// Compare two periods, person by person: per-week meeting, focus and
/// fragmented hours, fragmentation, after-hours and status-meeting hours,
/// meetings and back-to-back chains; the team effect with bootstrap 95%
/// intervals and a Wilcoxon p-value; difference-in-differences against a
/// control group; whether meetings only moved to other weekdays; and what
/// became of each recurring series. Writes compare.html, charts and tables.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload compare --before sample-data/team-before --after sample-data/team-after --out reports/compare\n  meetload compare team/ --split 2025-04-07 --control other-team/\n  meetload compare --before q1/ --after q2/ --control-before other-q1/ --control-after other-q2/\n  meetload compare --before q1/ --after q2/ --predicted reports/simulate"
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
    /// First day of the first period (default: its calendars' coverage).
    #[arg(long, value_parser = parse_instant, requires = "before")]
    pub before_from: Option<DateTime<Utc>>,
    /// Day after the first period (exclusive; default: its calendars' coverage).
    #[arg(long, value_parser = parse_instant, requires = "before")]
    pub before_to: Option<DateTime<Utc>>,
    /// First day of the second period (default: its calendars' coverage).
    #[arg(long, value_parser = parse_instant, requires = "after")]
    pub after_from: Option<DateTime<Utc>>,
    /// Day after the second period (exclusive; default: its calendars' coverage).
    #[arg(long, value_parser = parse_instant, requires = "after")]
    pub after_to: Option<DateTime<Utc>>,
    /// Compare periods that overlap (with a warning) instead of refusing.
    #[arg(long)]
    pub allow_overlap: bool,
    /// A `simulate` output folder: set its predicted change beside the actual one (forecast check).
    #[arg(long, value_name = "SIMULATE_DIR")]
    pub predicted: Option<PathBuf>,
    /// --from/--to bound both periods of --split; --tz, --owner, --strict, --people and --group-by as for analyze.
    #[command(flatten)]
    pub flags: ImportFlags,
    /// Folder for the comparison.
    #[arg(long, default_value = "reports/compare")]
    pub out: PathBuf,
}

/// A period's window as given (`from` inclusive, `to` exclusive).
type Bounds = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The two periods' windows, from --split or the --before-*/--after-* flags.
fn windows(args: &CompareArgs) -> Result<(Bounds, Bounds)> {
    let f = &args.flags;
    match args.split {
        Some(split) => {
            if f.from.is_some_and(|t| t >= split) || f.to.is_some_and(|t| t <= split) {
                bail!("--split {split} must fall between --from and --to");
            }
            Ok(((f.from, Some(split)), (Some(split), f.to)))
        }
        None if f.from.is_some() || f.to.is_some() => {
            bail!("--from/--to go with --split; give --before-from/--before-to/--after-from/--after-to for --before/--after")
        }
        None => Ok((
            (args.before_from, args.before_to),
            (args.after_from, args.after_to),
        )),
    }
}

/// One period analysed: its team and the days it actually spans.
struct Period {
    analysis: Analysis,
    span: Option<(NaiveDate, NaiveDate)>,
}

fn period(
    inputs: &[PathBuf],
    (from, to): Bounds,
    args: &CompareArgs,
    global: &Global,
    (opts, roster): (&Options, Option<&Roster>),
) -> Result<Period> {
    let flags = ImportFlags {
        from,
        to,
        ..args.flags.clone()
    };
    flags.options()?;
    let team = flags.load_team(inputs, global, opts, roster)?;
    let first = team
        .people
        .iter()
        .filter_map(|p| p.days)
        .map(|d| d.first)
        .min();
    let last = team
        .people
        .iter()
        .filter_map(|p| p.days)
        .map(|d| d.last)
        .max();
    Ok(Period {
        analysis: analyze(&team.people, opts),
        span: first.zip(last),
    })
}

/// Prints the periods used and refuses overlapping ones (unless allowed).
fn check_periods(before: &Period, after: &Period, allow_overlap: bool, quiet: bool) -> Result<()> {
    let show = |p: &Period| {
        p.span
            .map_or("no days".to_string(), |(a, b)| format!("{a} to {b}"))
    };
    if !quiet {
        eprintln!("before: {}; after: {}", show(before), show(after));
    }
    let (Some((b0, b1)), Some((a0, a1))) = (before.span, after.span) else {
        return Ok(());
    };
    if b0 <= a1 && a0 <= b1 {
        let what = format!("the periods overlap ({} to {})", b0.max(a0), b1.min(a1));
        if !allow_overlap {
            bail!("{what}: give --before-to/--after-from (or --split) so they do not, or --allow-overlap");
        }
        eprintln!("warning: {what}");
    }
    Ok(())
}

pub fn run(args: &CompareArgs, global: &Global) -> Result<()> {
    let (opts, roster) = args.flags.settings(global)?;
    let settings = (&opts, roster.as_ref());
    let (bw, aw) = windows(args)?;
    let (treated_before, treated_after) = match (args.split, args.inputs.is_empty()) {
        (Some(_), false) => (&args.inputs, &args.inputs),
        (None, true) if !args.before.is_empty() => (&args.before, &args.after),
        _ => bail!("give --before INPUT... --after INPUT..., or INPUT... --split DATE"),
    };
    let before = period(treated_before, bw, args, global, settings)?;
    let after = period(treated_after, aw, args, global, settings)?;
    check_periods(&before, &after, args.allow_overlap, global.quiet)?;
    let control_inputs = match (args.control.is_empty(), args.control_before.is_empty(), args.split) {
        (false, _, Some(_)) => Some((&args.control, &args.control)),
        (false, _, None) => bail!("--control goes with --split; with --before/--after give --control-before and --control-after"),
        (true, false, _) => Some((&args.control_before, &args.control_after)),
        (true, true, _) => None,
    };
    let control = match control_inputs {
        Some((b, a)) => Some((
            period(b, bw, args, global, settings)?.analysis,
            period(a, aw, args, global, settings)?.analysis,
        )),
        None => None,
    };
    let mut c = compare(
        &before.analysis,
        &after.analysis,
        control.as_ref().map(|(b, a)| (b, a)),
        &opts,
    );
    if let Some(dir) = &args.predicted {
        c.forecast = Some(forecast(&read_prediction(dir)?, &c));
    }
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
    write_comparison(&c, &out, &opts, (Labels::COMPARE, &[]), global)?;
    out.commit()?;
    println!("{}", args.out.join("compare.html").display());
    Ok(())
}

/// The comparison a `simulate` run wrote (current against projected).
fn read_prediction(dir: &Path) -> Result<Comparison> {
    let path = dir.join("comparison.json");
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "{}: cannot read the prediction; --predicted takes the --out folder of `meetload simulate`",
            path.display()
        )
    })?;
    serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{}: not a comparison written by this version of meetload; run simulate again",
            path.display()
        )
    })
}

/// Writes a comparison's tables, JSON, charts and page into `out` (and a
/// summary unless quiet). Shared by `compare` and `simulate` (which adds
/// what its policies did). Under privacy every output gets the
/// pseudonymised comparison.
pub(crate) fn write_comparison(
    c: &Comparison,
    out: &OutputDir,
    opts: &Options,
    (labels, tallies): (Labels, &[Tally]),
    global: &Global,
) -> Result<()> {
    let redacted;
    let c = if opts.privacy {
        redacted = redact_comparison(c, opts.min_group);
        &redacted
    } else {
        c
    };
    let mut tables = comparison_tables(c, opts).context("cannot build the comparison tables")?;
    write_tables(out, &mut tables, global.csv())?;
    out.write("comparison.json", &serde_json::to_vec_pretty(c)?)?;
    let charts = compare_charts::render(c, opts.privacy, labels)
        .map_err(|e| anyhow!("cannot draw the charts: {e}"))?;
    for chart in &charts {
        out.write(&format!("{}.png", chart.name), &chart.png)?;
    }
    let html = compare_html::page(c, &charts, labels, tallies)
        .map_err(|e| anyhow!("cannot render the comparison page: {e}"))?;
    out.write("compare.html", html.as_bytes())?;
    if !global.quiet {
        eprint!("{}", compare_text::summary(c, labels.before, labels.after));
    }
    Ok(())
}

//! `meetload report`: the analysis as charts and one self-contained HTML page.

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::Args;

use super::analyze::reduce_into;
use super::InputArgs;
use crate::analysis::compare::redact_comparison;
use crate::cli::Global;
use crate::export::OutputDir;
use crate::report::compare_html::Labels;
use crate::report::{charts, compare_charts, html, summary_text, view};

/// Analyse the calendars and write a report folder: index.html (one file,
/// no network needed, safe to open), one PNG per chart, the analysis tables
/// (CSV and Parquet) and summary.json. Prints the path of the HTML file.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload report sample-data/team-after --out reports/sample\n  meetload --config meetload.toml report takeout.zip --out reports/me"
)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Folder for the report.
    #[arg(long, default_value = "reports/report")]
    pub out: PathBuf,
    /// Output folder of `meetload compare` or `simulate` to include as a section (repeatable).
    #[arg(long, value_name = "DIR")]
    pub comparison: Vec<PathBuf>,
}

/// Reads `DIR/comparison.json` written by compare or simulate.
fn load_comparison(
    dir: &std::path::Path,
) -> Result<(String, crate::analysis::compare::Comparison)> {
    let path = dir.join("comparison.json");
    let text = std::fs::read(&path).with_context(|| {
        format!(
            "{}: cannot read; give the --out folder of `meetload compare` or `simulate`",
            path.display()
        )
    })?;
    let c = serde_json::from_slice(&text)
        .with_context(|| format!("{}: not a meetload comparison", path.display()))?;
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, c))
}

pub fn run(args: &ReportArgs, global: &Global) -> Result<()> {
    let (opts, roster) = args.input.flags.settings(global)?;
    let comparisons = args
        .comparison
        .iter()
        .map(|d| load_comparison(d))
        .map(|loaded| {
            // a comparison written without privacy is pseudonymised before it is shown
            loaded.map(|(name, c)| match opts.privacy {
                true => (name, redact_comparison(&c, opts.min_group)),
                false => (name, c),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (team, parts, quality) = args.input.map(global, &opts, roster.as_ref())?;
    let out = OutputDir::begin(&args.out, &args.input.inputs)?;
    let (analysis, view) = reduce_into(&out, parts, &quality, &opts, global, |a| {
        view::build(a, &team, quality.clone(), &opts)
    })?;
    out.write("summary.json", &serde_json::to_vec_pretty(&view.summary)?)?;
    let charts = charts::render_all(&view).map_err(|e| anyhow!("cannot draw the charts: {e}"))?;
    for c in &charts {
        out.write(&format!("{}.png", c.name), &c.png)?;
    }
    let comparisons = comparisons
        .into_iter()
        .map(|(name, c)| {
            let drawn = compare_charts::render(&c, opts.privacy, Labels::COMPARE)
                .map_err(|e| anyhow!("cannot draw the charts of comparison {name}: {e}"))?;
            Ok((name, c, drawn))
        })
        .collect::<Result<Vec<_>>>()?;
    let page = html::page(&view, &charts, &comparisons)
        .map_err(|e| anyhow!("cannot render the report page: {e}"))?;
    out.write("index.html", page.as_bytes())?;
    out.commit()?;
    let index = args.out.join("index.html");
    if !global.quiet {
        eprint!("{}", summary_text(&view.summary));
    }
    println!("{}", index.display());
    super::leave_to_exit((team, analysis, view));
    Ok(())
}

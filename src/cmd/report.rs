//! `meetload report`: the analysis as charts and one self-contained HTML page.

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::{analyze, tables::all_tables};
use crate::cli::Global;
use crate::export::{write_atomic, write_tables};
use crate::report::{charts, html, summary_text, view};

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
    let comparisons = args
        .comparison
        .iter()
        .map(|d| load_comparison(d))
        .collect::<Result<Vec<_>>>()?;
    let (opts, team) = args.input.load(global)?;
    let analysis = analyze(&team.people, &opts);
    let mut tables = all_tables(&analysis, &team, &opts).context("cannot build the tables")?;
    write_tables(&args.out, &mut tables, &args.input.inputs)?;
    let view = view::build(&analysis, &team, &opts);
    write_atomic(
        &args.out.join("summary.json"),
        &serde_json::to_vec_pretty(&view.summary)?,
        &args.input.inputs,
    )?;
    let charts = charts::render_all(&view).map_err(|e| anyhow!("cannot draw the charts: {e}"))?;
    for c in &charts {
        write_atomic(
            &args.out.join(format!("{}.png", c.name)),
            &c.png,
            &args.input.inputs,
        )?;
    }
    let index = args.out.join("index.html");
    let page = html::page(&view, &charts, &comparisons)
        .map_err(|e| anyhow!("cannot render the report page: {e}"))?;
    write_atomic(&index, page.as_bytes(), &args.input.inputs)?;
    if !global.quiet {
        eprint!("{}", summary_text(&view.summary));
    }
    println!("{}", index.display());
    super::leave_to_exit((team, analysis, tables, view));
    Ok(())
}

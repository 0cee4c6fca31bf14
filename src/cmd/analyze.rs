//! `meetload analyze`: meeting load, focus time, series and async candidates.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;

use super::InputArgs;
use crate::analysis::partial::PersonPartial;
use crate::analysis::partial_tables::{partial_table, KINDS};
use crate::analysis::quality::QualityRow;
use crate::analysis::reduce::reduce_beside;
use crate::analysis::summary::summarize;
use crate::analysis::tables::{day_tables, other_tables};
use crate::analysis::Analysis;
use crate::cli::Global;
use crate::config::Options;
use crate::export::{write_table_batches, Batches, Exporter, OutputDir, Parquet};

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
    /// Also write each person's compact rows (the map's output) as Parquet
    /// into this folder, for `meetload reduce` or an SQL engine
    /// (docs/scale-out.md).
    #[arg(long, value_name = "DIR")]
    pub partials: Option<PathBuf>,
    /// Name of this run's files in the partials folder (one per map
    /// process; the reduce reads the chunks in name order).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "part-0",
        requires = "partials"
    )]
    pub chunk: String,
}

/// Maps every person to their partial, writes the partials when asked, and
/// reduces them to the tables (the same reduce as `meetload reduce`).
pub fn run(args: &AnalyzeArgs, global: &Global) -> Result<()> {
    // settings first: a refused `--partials` must not cost a whole import
    let (opts, roster) = args.input.flags.settings(global)?;
    if args.partials.is_some() && opts.privacy {
        bail!(
            "--partials: privacy is on, and the partials hold real addresses and titles \
             (the reduce needs them to count each meeting once); map with privacy off into a \
             folder only you can read, then run `meetload reduce` with privacy on"
        );
    }
    let (team, parts, quality) = args.input.map(global, &opts, roster.as_ref())?;
    let count = team.people.len();
    if let Some(dir) = &args.partials {
        write_partials(dir, &args.chunk, &parts, &quality, &args.input.inputs)?;
    }
    let outputs = Outputs {
        people: count,
        quality: &quality,
        out: &args.out,
        inputs: &args.input.inputs,
    };
    let analysis = outputs.write(parts, &opts, global)?;
    super::leave_to_exit((team, analysis));
    Ok(())
}

/// What `analyze` and `reduce` write besides the analysis: the team's size
/// and data-quality rows, and where.
pub struct Outputs<'a> {
    pub people: usize,
    pub quality: &'a [QualityRow],
    pub out: &'a Path,
    /// The inputs, never to be overwritten.
    pub inputs: &'a [PathBuf],
}

impl Outputs<'_> {
    /// Reduces the partials, writes every table and summary.json, and
    /// prints the summary.
    pub fn write(
        &self,
        parts: Vec<PersonPartial>,
        opts: &Options,
        global: &Global,
    ) -> Result<Analysis> {
        let out = OutputDir::begin(self.out, self.inputs)?;
        let (analysis, summary) = reduce_into(&out, parts, self.quality, opts, global, |a| {
            summarize(a, self.people, self.quality, opts)
        })?;
        let json = serde_json::to_vec_pretty(&summary).context("cannot write summary.json")?;
        out.write("summary.json", &json)?;
        out.commit()?;
        if !global.quiet {
            print!("{}", crate::report::summary_text(&summary));
            println!("tables written to {}", self.out.display());
        }
        Ok(analysis)
    }
}

/// Reduces the partials to the team's analysis and writes every analysis
/// table into `out` as CSV and Parquet, each as soon as it is built
/// (`analyze`, `reduce` and `report` alike). The tables made of the
/// person-days are written while the rest of the reduce runs (they need
/// nothing else of it), the others after it. The partials are left to
/// exit (see [`super::leave_to_exit`]): every command calling this exits
/// right after, and freeing them (each copy's shared texts' counts, from
/// both cores) held up the other tables (perf, bench corpus: 1.4% of the
/// run's samples, both cores busy with nothing else). The price: the
/// other tables cannot reuse their memory (peak 440-443 -> 454-462 MiB).
/// `beside` (the summary) runs on the analysis beside the other tables:
/// after them, it ran alone on one core at the very end of the run (perf,
/// bench corpus: 15-20 ms).
pub fn reduce_into<T: Send>(
    out: &OutputDir,
    parts: Vec<PersonPartial>,
    quality: &[QualityRow],
    opts: &Options,
    global: &Global,
    beside: impl FnOnce(&Analysis) -> T + Send,
) -> Result<(Analysis, T)> {
    let csv = global.csv();
    let sink = |name: &'static str, batches: Batches| write_table_batches(out, name, batches, csv);
    let (analysis, days) = reduce_beside(
        parts,
        opts,
        |days| day_tables(days, opts, &sink),
        super::leave_to_exit,
    );
    days?;
    let (tables, beside) = rayon::join(
        || other_tables(&analysis, quality, opts, &sink),
        || beside(&analysis),
    );
    tables?;
    Ok((analysis, beside))
}

/// Writes the partials as `DIR/<kind>/<chunk>.parquet` (other chunks in the
/// folder are left alone).
fn write_partials(
    dir: &Path,
    chunk: &str,
    parts: &[PersonPartial],
    quality: &[QualityRow],
    inputs: &[PathBuf],
) -> Result<()> {
    let out = OutputDir::begin(dir, inputs)?;
    // one table at a time: the partials are already in memory once
    for kind in KINDS {
        let mut table = partial_table(kind, parts, quality)
            .with_context(|| format!("cannot build the {kind} partial"))?;
        out.write_with(&format!("{kind}/{chunk}.parquet"), |w| {
            Parquet
                .write(&mut table, w)
                .with_context(|| format!("cannot write the {kind} partial"))
        })?;
    }
    out.commit()
}

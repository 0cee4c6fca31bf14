//! What every command that reads calendars shares: the inputs, the window,
//! the zone and owner options, the progress bar and the data-quality summary.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::Global;
use crate::ics::{discover, import_sources, Found, ImportOptions, Source};
use crate::model::Calendar;

/// Calendars to read and how to read them.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// .ics files, folders (searched recursively), .zip exports, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// First day (YYYY-MM-DD or RFC 3339) of the window; default: the earliest event.
    #[arg(long, value_parser = parse_instant)]
    pub from: Option<DateTime<Utc>>,
    /// Day after the window (exclusive); default: the day after the latest date written in each file.
    #[arg(long, value_parser = parse_instant)]
    pub to: Option<DateTime<Utc>>,
    /// Zone for floating times when a file names none (IANA name, e.g. Europe/Berlin).
    #[arg(long, value_parser = parse_zone)]
    pub tz: Option<Tz>,
    /// Owner address of the calendars (default: X-WR-CALNAME or the most frequent attendee).
    #[arg(long)]
    pub owner: Option<String>,
    /// Fail (exit 3) on any skipped item, unknown zone or warning.
    #[arg(long)]
    pub strict: bool,
}

/// `2024-01-31` (midnight UTC) or an RFC 3339 instant.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .map(|n| n.and_utc())
            .unwrap_or_default());
    }
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("`{s}` is not a date: write 2024-01-31 or 2024-01-31T09:00:00Z"))
}

fn parse_zone(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("`{s}` is not an IANA zone name (for example Europe/Berlin)"))
}

impl InputArgs {
    pub fn options(&self) -> Result<ImportOptions> {
        if let (Some(f), Some(t)) = (self.from, self.to) {
            if f >= t {
                bail!("--from {f} is not before --to {t}");
            }
        }
        Ok(ImportOptions {
            from: self.from,
            to: self.to,
            tz: self.tz,
            owner: self.owner.clone(),
        })
    }

    /// Imports every input, prints the data-quality summary, and applies the
    /// exit rules: nothing imported, or any problem under `--strict`, fails.
    pub fn load(&self, global: &Global) -> Result<Vec<Calendar>> {
        let opts = self.options()?;
        let privacy = global.options()?.privacy;
        let Found { sources, notes } = discover(&self.inputs)?;
        if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
            bail!("`-` (standard input) can be given only once");
        }
        if sources.is_empty() {
            bail!(NothingImported("no .ics files found in the inputs".into()));
        }
        let bar = progress(sources.len() as u64, global.quiet);
        let calendars = import_sources(&sources, &opts, &|| bar.inc(1)).context("import failed")?;
        bar.finish_and_clear();
        if !global.quiet {
            if privacy && !notes.is_empty() {
                eprintln!(
                    "{} input file(s) skipped (names hidden: privacy is on)",
                    notes.len()
                );
            } else {
                for note in &notes {
                    eprintln!("{}", crate::report::terminal_safe(note));
                }
            }
            eprint!(
                "{}",
                crate::report::quality_text(&calendars, global.verbose, privacy)
            );
        }
        let problems: usize = notes.len()
            + calendars
                .iter()
                .map(|c| c.quality.problem_count())
                .sum::<usize>();
        if self.strict && problems > 0 {
            bail!(NothingImported(format!(
                "--strict: {problems} problem(s) in the input (see above)"
            )));
        }
        if nothing_usable(&calendars) {
            bail!(NothingImported(
                "no event could be imported from the inputs".into()
            ));
        }
        Ok(calendars)
    }
}

/// No event was read, or every event read was skipped (exit 3, not 0).
fn nothing_usable(calendars: &[Calendar]) -> bool {
    let read: usize = calendars.iter().map(|c| c.quality.events_read).sum();
    let occurrences: usize = calendars.iter().map(|c| c.quality.occurrences).sum();
    let skipped: usize = calendars.iter().map(|c| c.quality.skipped.len()).sum();
    read == 0 || (occurrences == 0 && skipped >= read)
}

/// The error behind exit code 3: the input gave nothing usable.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NothingImported(pub String);

fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} calendars {elapsed}") {
        bar.set_style(style);
    }
    bar
}

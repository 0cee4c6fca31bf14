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
use crate::config::Options;
use crate::ics::{discover, import_sources, Found, ImportOptions, Source};
use crate::model::Calendar;
use crate::people::{assemble, Roster, Team, Window};

/// Calendars to read and how to read them.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// .ics files, folders (searched recursively), .zip exports, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub flags: ImportFlags,
}

/// How to read calendars and who is who (shared by every command that reads them).
#[derive(Debug, Args, Clone, Default)]
pub struct ImportFlags {
    /// First day (YYYY-MM-DD or RFC 3339) analysed; default: each export's coverage (docs/metrics.md).
    #[arg(long, value_parser = parse_instant)]
    pub from: Option<DateTime<Utc>>,
    /// Day after the last day analysed (exclusive); default: each export's coverage.
    #[arg(long, value_parser = parse_instant)]
    pub to: Option<DateTime<Utc>>,
    /// Zone for floating times when a file names none (IANA name, e.g. Europe/Berlin).
    #[arg(long, value_parser = parse_zone)]
    pub tz: Option<Tz>,
    /// Owner address of the calendars (default: X-OWNER, X-WR-CALNAME or the most frequent attendee).
    #[arg(long)]
    pub owner: Option<String>,
    /// Fail (exit 3) on any skipped item, unknown zone or warning.
    #[arg(long)]
    pub strict: bool,
    /// People roster (CSV: email, and optionally name, team, manager, zone, work_start, work_end, work_days, any other column).
    #[arg(long, value_name = "FILE.csv")]
    pub people: Option<PathBuf>,
    /// Roster column to group team numbers by (repeatable; default: team, when the roster has it).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Vec<String>,
    /// Keep the text of descriptions (not a flag: set by commands that write calendars back).
    #[arg(skip)]
    pub keep_descriptions: bool,
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

impl ImportFlags {
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
            descriptions: self.keep_descriptions,
            ..ImportOptions::default()
        })
    }

    /// The analysis settings: the config file, then the roster and grouping flags.
    pub fn settings(&self, global: &Global) -> Result<(Options, Option<Roster>)> {
        let mut opts = global.options()?;
        if let Some(path) = &self.people {
            opts.roster = Some(path.clone());
        }
        if !self.group_by.is_empty() {
            opts.group_by = self
                .group_by
                .iter()
                .map(|c| c.trim().to_lowercase())
                .collect();
        }
        let roster = match &opts.roster {
            Some(path) => Some(Roster::load(path, opts.hours)?),
            None => None,
        };
        if let Some(r) = &roster {
            if opts.group_by.is_empty() && r.columns.iter().any(|c| c == "team") {
                opts.group_by = vec!["team".into()];
            }
            if let Some(bad) = opts.group_by.iter().find(|g| !r.columns.contains(g)) {
                bail!(
                    "--group-by {bad}: the roster has no such column (it has: {})",
                    r.columns.join(", ")
                );
            }
        } else if let Some(g) = opts.group_by.first() {
            bail!("--group-by {g} needs a roster (--people FILE.csv)");
        }
        Ok((opts, roster))
    }

    /// The window as local dates, for the analysed days.
    pub fn window(&self) -> Window {
        Window {
            first: self.from.map(|f| f.date_naive()),
            last: self
                .to
                .map(|t| (t - chrono::Duration::seconds(1)).date_naive()),
        }
    }

    /// Imports every input, prints the data-quality summary, and applies the
    /// exit rules: nothing imported, or any problem under `--strict`, fails.
    pub fn load_calendars(&self, inputs: &[PathBuf], global: &Global) -> Result<Vec<Calendar>> {
        let opts = self.options()?;
        let privacy = global.options()?.privacy;
        let Found { sources, notes } = discover(inputs)?;
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

    /// Imports the inputs and makes them people (one per owner or roster row).
    pub fn load_team(
        &self,
        inputs: &[PathBuf],
        global: &Global,
        opts: &Options,
        roster: Option<&Roster>,
    ) -> Result<Team> {
        let calendars = self.load_calendars(inputs, global)?;
        let team = assemble(calendars, opts, roster, self.window());
        if !global.quiet {
            eprint!("{}", crate::report::people_text(&team, opts));
        }
        Ok(team)
    }
}

impl InputArgs {
    /// The settings and the team of these inputs.
    pub fn load(&self, global: &Global) -> Result<(Options, Team)> {
        let (opts, roster) = self.flags.settings(global)?;
        let team = self
            .flags
            .load_team(&self.inputs, global, &opts, roster.as_ref())?;
        Ok((opts, team))
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

//! What every command that reads calendars shares: the inputs, the window,
//! the zone and owner options, the progress bar and the data-quality summary.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::interned::Interned;
use crate::analysis::kind::KindRules;
use crate::analysis::partial::{self, PersonPartial};
use crate::analysis::quality::{quality_rows, QualityRow};
use crate::cli::Global;
use crate::config::Options;
use crate::ics::{
    discover, import_source, import_sources, Found, ImportOptions, RunBudget, Source,
};
use crate::model::Calendar;
use crate::people::{assemble, assemble_mapped, Person, Roster, Team, Window};

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
        let Found { sources, notes } = found(inputs)?;
        let bar = progress(sources.len() as u64, global.quiet);
        let calendars = import_sources(&sources, &opts, &|| bar.inc(1)).context("import failed")?;
        bar.finish_and_clear();
        self.check_import(&calendars, &notes, global)?;
        Ok(calendars)
    }

    /// The inputs' calendars, to be imported a batch at a time (see
    /// [`CalendarBatches`]).
    pub fn batches(&self, inputs: &[PathBuf], global: &Global) -> Result<CalendarBatches> {
        let Found { sources, notes } = found(inputs)?;
        let opts = self.options()?;
        Ok(CalendarBatches {
            bar: progress(sources.len() as u64, global.quiet),
            run: RunBudget::new(&opts.budgets),
            opts,
            sources,
            notes,
            next: 0,
            headers: Vec::new(),
            error: None,
        })
    }

    /// Prints the data-quality summary of the imported calendars and applies
    /// the exit rules: nothing imported, or any problem under `--strict`, fails.
    fn check_import(
        &self,
        calendars: &[Calendar],
        notes: &[String],
        global: &Global,
    ) -> Result<()> {
        let privacy = global.options()?.privacy;
        if !global.quiet {
            if privacy && !notes.is_empty() {
                eprintln!(
                    "{} input file(s) skipped (names hidden: privacy is on)",
                    notes.len()
                );
            } else {
                for note in notes {
                    eprintln!("{}", crate::report::terminal_safe(note));
                }
            }
            eprint!(
                "{}",
                crate::report::quality_text(calendars, global.verbose, privacy)
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
        if nothing_usable(calendars) {
            bail!(NothingImported(
                "no event could be imported from the inputs".into()
            ));
        }
        Ok(())
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

    /// [`Self::load_team`] with each person mapped by `map` as soon as they
    /// are known, each calendar freed once mapped (see
    /// [`crate::people::assemble_mapped`]): the team comes back without
    /// occurrences, and the results in the order of its people.
    pub fn map_team<T: Send>(
        &self,
        inputs: &[PathBuf],
        global: &Global,
        opts: &Options,
        roster: Option<&Roster>,
        map: &(dyn Fn(&Person) -> T + Sync),
    ) -> Result<(Team, Vec<T>)> {
        let import_opts = self.options()?;
        let Found { sources, notes } = found(inputs)?;
        let bar = progress(sources.len() as u64, global.quiet);
        let run = RunBudget::new(&import_opts.budgets);
        let import = |i: usize| {
            let calendar = import_source(&sources[i], &import_opts, &run);
            bar.inc(1);
            calendar
        };
        let (team, mapped) =
            assemble_mapped(sources.len(), &import, opts, roster, self.window(), map)
                .context("import failed")?;
        bar.finish_and_clear();
        let calendars: Vec<Calendar> = team.files.iter().map(|f| f.calendar.clone()).collect();
        self.check_import(&calendars, &notes, global)?;
        if !global.quiet {
            eprint!("{}", crate::report::people_text(&team, opts));
        }
        Ok((team, mapped))
    }
}

impl InputArgs {
    /// The analysis' map step of every person, run while the calendars are
    /// imported ([`ImportFlags::map_team`]; text shared across people): the
    /// team without occurrences, the partials in its order, and the
    /// data-quality rows (what was left out is counted in the same pass).
    pub fn map(
        &self,
        global: &Global,
        opts: &Options,
        roster: Option<&Roster>,
    ) -> Result<(Team, Vec<PersonPartial>, Vec<QualityRow>)> {
        let shared = Interned::new(KindRules::new(&opts.kind_words));
        let (team, mapped) = self
            .flags
            .map_team(&self.inputs, global, opts, roster, &|p| {
                partial::map(p, opts, &shared)
            })?;
        let (parts, excluded): (Vec<PersonPartial>, Vec<_>) = mapped.into_iter().unzip();
        let quality = quality_rows(&team, &excluded, opts);
        Ok((team, parts, quality))
    }

    /// The settings and the team of these inputs.
    pub fn load(&self, global: &Global) -> Result<(Options, Team)> {
        let (opts, roster) = self.flags.settings(global)?;
        let team = self
            .flags
            .load_team(&self.inputs, global, &opts, roster.as_ref())?;
        Ok((opts, team))
    }
}

/// The inputs' calendars imported a batch at a time, each batch in parallel,
/// so that a consumer that needs one calendar at a time (`export`) holds a
/// batch, never the whole input. What [`ImportFlags::load_calendars`] checks
/// is checked at the end, by [`CalendarBatches::finish`].
pub struct CalendarBatches {
    sources: Vec<Source>,
    notes: Vec<String>,
    opts: ImportOptions,
    run: RunBudget,
    bar: ProgressBar,
    next: usize,
    /// The imported calendars without their occurrences, for the checks.
    headers: Vec<Calendar>,
    /// The first source that could not be read: no batch after it.
    error: Option<crate::ics::SourceError>,
}

impl CalendarBatches {
    /// Calendars imported at once: enough to keep both cores busy, few
    /// enough that a batch of large exports stays small.
    const SIZE: usize = 32;

    /// The next batch, `None` after the last one or a source that cannot be read.
    pub fn next_batch(&mut self) -> Option<Vec<Calendar>> {
        use rayon::prelude::*;
        if self.error.is_some() || self.next >= self.sources.len() {
            return None;
        }
        let end = (self.next + Self::SIZE).min(self.sources.len());
        let batch: Result<Vec<Calendar>, _> = self.sources[self.next..end]
            .par_iter()
            // a calendar per job: rayon's own split left runs of 8 of the
            // 32 that one thread read alone while the other core waited
            .with_max_len(1)
            .map(|s| {
                let calendar = import_source(s, &self.opts, &self.run);
                self.bar.inc(1);
                calendar
            })
            .collect();
        self.next = end;
        match batch {
            Ok(calendars) => {
                (self.headers).extend(calendars.iter().map(Calendar::clone_without_occurrences));
                Some(calendars)
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// After the last batch: a source that could not be read fails, then
    /// the data-quality summary is printed and the exit rules applied.
    pub fn finish(self, flags: &ImportFlags, global: &Global) -> Result<()> {
        self.bar.finish_and_clear();
        if let Some(e) = self.error {
            return Err(anyhow::Error::new(e).context("import failed"));
        }
        flags.check_import(&self.headers, &self.notes, global)
    }
}

/// The calendars of the inputs; more than one `-`, or none at all, fails.
fn found(inputs: &[PathBuf]) -> Result<Found> {
    let found = discover(inputs)?;
    if found
        .sources
        .iter()
        .filter(|s| **s == Source::Stdin)
        .count()
        > 1
    {
        bail!("`-` (standard input) can be given only once");
    }
    if found.sources.is_empty() {
        bail!(NothingImported("no .ics files found in the inputs".into()));
    }
    Ok(found)
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

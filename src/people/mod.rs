//! Calendars to people. Every calendar of one owner is one person (a Google
//! Takeout holds a primary calendar, a holiday feed and shared calendars of
//! one person; `--owner` on several files names one person). Each person gets
//! the zone, working hours and local days they are analysed in, with where
//! each came from, so data_quality can say why a number is what it is.
//!
//! Sits between `ics` (files to calendars) and `analysis` (people to
//! tables); it reads `model` and `config` only.

mod assemble;
mod merge;
pub mod roster;
mod settings;
mod stream;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

pub use assemble::{assemble, local_date, Window, MAX_DAYS};
pub use roster::{Roster, RosterError, RosterRow};
pub use stream::assemble_mapped;

use crate::config::WorkingHours;
use crate::model::{Calendar, Span};

/// One calendar as one person, with the team's settings (tests and
/// single-calendar tools).
pub fn one_person(cal: Calendar, opts: &crate::config::Options) -> Person {
    let mut team = assemble(vec![cal], opts, None, Window::default());
    team.people.remove(0)
}

/// Where a person's zone or hours came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingSource {
    /// `[people."address"]` in the config file.
    Config,
    /// The `--people` roster.
    Roster,
    /// Outlook's X-MS-OLK-WKHRSTART/WKHREND/WKHRDAYS.
    OutlookHours,
    /// The calendar's zone (X-WR-TIMEZONE or its most used TZID).
    CalendarZone,
    /// The team's hours, or UTC.
    Default,
}

impl SettingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingSource::Config => "config",
            SettingSource::Roster => "roster",
            SettingSource::OutlookHours => "X-MS-OLK-WKHR*",
            SettingSource::CalendarZone => "calendar zone",
            SettingSource::Default => "default",
        }
    }
}

/// Which local days of a person are analysed, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Coverage of their own calendars, the team's (a calendar that states
    /// none), or their first and last occurrence (no coverage anywhere).
    pub source: &'static str,
}

impl Days {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// Where the local day an item counts on (see [`local_date`]) falls
    /// against these days: before them (`Less`), on one (`Equal`) or after
    /// (`Greater`). An offset from UTC is always less than a day (chrono's
    /// `FixedOffset`), so a timed item's local day is its UTC day or one
    /// next to it, and the zone is asked only when those three days do not
    /// all fall alike: nearly every item of a calendar is placed without a
    /// zone lookup (each cost a search of the zone's transitions).
    pub fn place(&self, zone: Tz, span: &Span) -> Ordering {
        let of = |d: NaiveDate| {
            if d < self.first {
                Ordering::Less
            } else if d > self.last {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        };
        match span {
            Span::Timed { start, .. } => {
                let utc = start.date_naive();
                match (utc.pred_opt().map(of), utc.succ_opt().map(of)) {
                    (Some(a), Some(b)) if a == b => a,
                    _ => of(start.with_timezone(&zone).date_naive()),
                }
            }
            Span::AllDay { start, .. } => of(*start),
        }
    }
}

/// One person: their calendars merged, and how to read them.
#[derive(Debug, Clone)]
pub struct Person {
    /// Lower-case owner address (the calendar's name when no owner is known).
    pub id: Arc<str>,
    /// Occurrences of all their calendars, a meeting in two of them once,
    /// sorted like an imported calendar's.
    pub calendar: Calendar,
    pub zone: Tz,
    pub zone_from: SettingSource,
    pub hours: WorkingHours,
    pub hours_from: SettingSource,
    /// The days analysed; `None` when nothing can be.
    pub days: Option<Days>,
    /// Occurrences before and after the analysed days (left out).
    pub outside: (usize, usize),
    /// Roster columns (name, team, manager, ...).
    pub attributes: BTreeMap<String, String>,
}

/// What a calendar file is to the people analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    /// The person's main calendar.
    Primary,
    /// Another calendar that names the same owner.
    Own,
    /// A calendar without an owner of its own (holiday feed, shared or
    /// subscribed calendar) that came with the person's export: only events
    /// they attend, and a holiday feed's days off, count.
    Secondary,
    /// Not attributed to anyone, with the reason.
    LeftOut(String),
}

impl FileRole {
    pub fn as_str(&self) -> &str {
        match self {
            FileRole::Primary => "primary",
            FileRole::Own => "own",
            FileRole::Secondary => "secondary",
            FileRole::LeftOut(_) => "left out",
        }
    }
}

/// One input calendar as data_quality reports it (occurrences moved to its person).
#[derive(Debug, Clone)]
pub struct FileRow {
    pub calendar: Calendar,
    /// The occurrences it had on import.
    pub occurrences: usize,
    pub person: Option<Arc<str>>,
    pub role: FileRole,
    /// Events of a secondary calendar the person does not attend.
    pub not_theirs: usize,
    /// Occurrences already present in another calendar of the person.
    pub duplicates: usize,
}

/// Everyone analysed, and every input calendar.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub people: Vec<Person>,
    pub files: Vec<FileRow>,
    /// Roster rows without any calendar.
    pub roster_without_calendar: Vec<String>,
    /// People (calendars) without a roster row, when a roster is given.
    pub without_roster_row: Vec<Arc<str>>,
}

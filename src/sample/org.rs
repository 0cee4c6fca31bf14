//! A synthetic organisation and its meetings, deterministic for a seed.
//!
//! Teams of six (a manager and five members) in Los Angeles, New York, Berlin
//! and Kolkata, with the meetings real teams have: stand-ups, weekly status,
//! cross-team project status, 1:1s, planning and retros, a monthly all-hands,
//! design reviews, brainstorms, interviews, incidents, socials, focus blocks,
//! vacations and holidays, plus declined, cancelled and moved instances.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::write::Style;
use crate::rng::Rng;

/// Policy the organisation follows in the generated period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Policy {
    /// Business as usual.
    None,
    /// No meetings on Wednesdays; stand-ups and status meetings become written updates.
    NoMeetingWednesday,
    /// Wednesday meetings only move to another day (a policy that frees nothing).
    WednesdayMoved,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub people: usize,
    pub weeks: u32,
    /// First day (moved back to its Monday).
    pub start: NaiveDate,
    pub seed: u64,
    pub policy: Policy,
    /// Write every instance as its own VEVENT (as some exporters do): bigger
    /// files for benchmarks.
    pub expanded: bool,
}

pub struct Person {
    pub name: String,
    pub email: String,
    pub team: usize,
    pub zone: Tz,
    pub manager: bool,
    pub style: Style,
}

#[derive(Debug, Clone, Copy)]
pub enum When {
    Timed { start: NaiveDateTime, minutes: i64 },
    AllDay { date: NaiveDate, days: i64 },
}

/// A moved or cancelled instance (RECURRENCE-ID).
pub struct Override {
    pub original: NaiveDateTime,
    pub new_start: Option<NaiveDateTime>,
    pub cancelled: bool,
}

pub struct Event {
    pub uid: String,
    pub title: String,
    pub description: Option<String>,
    /// `None` for a solo event (focus block, vacation).
    pub organizer: Option<usize>,
    pub attendees: Vec<usize>,
    /// Owner of a solo event.
    pub owner: usize,
    pub zone: Tz,
    pub when: When,
    pub rrule: Option<String>,
    pub exdates: Vec<NaiveDateTime>,
    pub overrides: Vec<Override>,
    pub declined: Vec<usize>,
    pub room: Option<String>,
    pub created: NaiveDateTime,
    pub transparent: bool,
    pub out_of_office: bool,
}

pub struct Org {
    pub people: Vec<Person>,
    pub events: Vec<Event>,
    /// The first day of the period (a Monday).
    pub start: NaiveDate,
    /// The day after the period (exclusive end).
    pub end: NaiveDate,
    /// The export time written as DTSTAMP: the end of the period.
    pub exported: NaiveDateTime,
}

impl Org {
    /// The events in `who`'s calendar: organised, attended, or their own.
    pub fn calendar_of(&self, who: usize) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| match e.organizer {
                Some(o) => o == who || e.attendees.contains(&who),
                None => e.owner == who,
            })
            .collect()
    }

    /// The readable name of team `team`: "Platform", then "Platform 2" once
    /// the names run out.
    pub fn team_name(&self, team: usize) -> String {
        let name = TEAMS[team % TEAMS.len()];
        match team / TEAMS.len() {
            0 => name.to_string(),
            n => format!("{name} {}", n + 1),
        }
    }
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik", "Wen", "Xavi",
    "Yara", "Zoe",
];
const LAST: &[&str] = &[
    "Silva", "Okafor", "Müller", "Patel", "Kim", "Novak", "Garcia", "Sato", "Haddad", "Nguyen",
    "Berg", "Rossi",
];
const TEAMS: &[&str] = &[
    "Platform", "Payments", "Search", "Mobile", "Data", "Growth", "Infra", "Identity",
];
const ZONES: &[Tz] = &[
    Tz::America__New_York,
    Tz::Europe__Berlin,
    Tz::America__Los_Angeles,
    Tz::Asia__Kolkata,
];
const ROOMS: &[&str] = &["Atlas", "Borealis", "Cosmos", "Delta"];

pub(super) struct Gen<'a> {
    pub(super) opts: &'a SampleOptions,
    pub(super) rng: Rng,
    pub(super) people: Vec<Person>,
    pub(super) events: Vec<Event>,
    pub(super) start: NaiveDate,
}

/// How long before the period the long-running series started: their
/// DTSTART lies a year (or half a year) before the export's first day, as in
/// real exports, while their exceptions stay inside the period. Even numbers
/// of weeks keep the fortnightly series on their weeks.
pub(super) const YEAR_AGO: Duration = Duration::weeks(52);
pub(super) const HALF_YEAR_AGO: Duration = Duration::weeks(26);

/// Generates the organisation.
pub fn generate(opts: &SampleOptions) -> Org {
    let start = opts.start - Duration::days(opts.start.weekday().num_days_from_monday().into());
    let mut g = Gen {
        opts,
        rng: Rng::new(opts.seed),
        people: Vec::new(),
        events: Vec::new(),
        start,
    };
    g.people();
    let teams = g.people.iter().map(|p| p.team).max().map_or(0, |t| t + 1);
    for team in 0..teams {
        g.team_meetings(team);
        g.team_load(team);
    }
    g.cross_team();
    g.managers();
    g.one_offs();
    g.personal();
    let end = g.end();
    Org {
        people: g.people,
        events: g.events,
        start,
        end,
        exported: end.and_time(NaiveTime::MIN),
    }
}

impl Gen<'_> {
    fn end(&self) -> NaiveDate {
        self.start + Duration::weeks(self.opts.weeks.into())
    }

    /// Meetings avoid Wednesdays.
    pub(super) fn wed_free(&self) -> bool {
        self.opts.policy != Policy::None
    }

    /// Stand-ups and status meetings are written updates instead.
    pub(super) fn status_async(&self) -> bool {
        self.opts.policy == Policy::NoMeetingWednesday
    }

    fn people(&mut self) {
        for i in 0..self.opts.people {
            let team = i / 6;
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len() + i * 7) % LAST.len()];
            let suffix = if i >= FIRST.len() {
                format!("{}", i / FIRST.len())
            } else {
                String::new()
            };
            let zone = if i % 6 == 5 {
                ZONES[(team + 1) % ZONES.len()]
            } else {
                ZONES[team % ZONES.len()]
            };
            // the member working from another team's zone exports from Outlook,
            // whose working hours then differ from most of their meetings' zone
            let style = if i % 6 == 5 {
                Style::Outlook
            } else {
                [Style::Google, Style::Outlook, Style::Apple][i % 3]
            };
            let email = format!(
                "{}.{}{suffix}@example.com",
                first.to_lowercase(),
                ascii(last).to_lowercase()
            );
            self.people.push(Person {
                name: format!("{first} {last}"),
                email,
                team,
                zone,
                manager: i % 6 == 0,
                style,
            });
        }
    }

    pub(super) fn members(&self, team: usize) -> Vec<usize> {
        (0..self.people.len())
            .filter(|&p| self.people[p].team == team)
            .collect()
    }

    /// The first `weekday` on or after the period start, at `h:m`.
    pub(super) fn first(&self, weekday: Weekday, h: u32, m: u32) -> NaiveDateTime {
        let offset =
            (7 + weekday.num_days_from_monday() - self.start.weekday().num_days_from_monday()) % 7;
        (self.start + Duration::days(offset.into()))
            .and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
    }

    pub(super) fn until(&self) -> String {
        format!(
            "UNTIL={}T235959Z",
            (self.end() - Duration::days(1)).format("%Y%m%d")
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn meeting(
        &mut self,
        title: &str,
        organizer: usize,
        attendees: Vec<usize>,
        start: NaiveDateTime,
        minutes: i64,
        rrule: Option<String>,
        description: Option<&str>,
    ) -> &mut Event {
        let zone = self.people[organizer].zone;
        let uid = format!("{:016x}@sample.meetload", self.rng.next_u64());
        let lead = if title.starts_with("Incident") {
            Duration::hours(2)
        } else {
            Duration::days(14)
        };
        let room = self
            .rng
            .chance(0.3)
            .then(|| self.rng.pick(ROOMS).to_string());
        self.events.push(Event {
            uid,
            title: title.to_string(),
            description: description.map(str::to_string),
            organizer: Some(organizer),
            attendees,
            owner: organizer,
            zone,
            when: When::Timed { start, minutes },
            rrule,
            exdates: Vec::new(),
            overrides: Vec::new(),
            declined: Vec::new(),
            room,
            created: start - lead,
            transparent: false,
            out_of_office: false,
        });
        let last = self.events.len() - 1;
        &mut self.events[last]
    }
}

/// The team's name without its number (see [`Org::team_name`]).
pub(super) fn team_label(team: usize) -> &'static str {
    TEAMS[team % TEAMS.len()]
}

fn ascii(s: &str) -> String {
    s.replace('ü', "ue")
}

//! Validated analysis settings (no clap types). Defaults follow the published
//! definitions of Microsoft Viva Insights and Clockwise so numbers can be
//! reconciled with theirs; docs/metrics.md states each one.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveTime, Weekday};
use chrono_tz::Tz;

use crate::model::Kind;

/// When a person works, in their own zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Monday first.
    pub days: [bool; 7],
}

impl WorkingHours {
    pub fn works_on(&self, day: Weekday) -> bool {
        self.days[day.num_days_from_monday() as usize]
    }

    /// Length of a working day in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// The working days, for display.
    pub fn day_names(&self) -> Vec<String> {
        (0..7u8)
            .filter(|i| self.days[*i as usize])
            .filter_map(|i| Weekday::try_from(i).ok())
            .map(|d| d.to_string())
            .collect()
    }
}

impl Default for WorkingHours {
    /// Monday to Friday, 09:00-17:00.
    fn default() -> WorkingHours {
        WorkingHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            days: [true, true, true, true, true, false, false],
        }
    }
}

/// Settings for one person that differ from the team's; they beat the
/// roster and what the calendar states.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSettings {
    /// Their zone, when the calendar's zone is not theirs.
    pub zone: Option<Tz>,
    /// Their hours, when any hours key is given (missing keys from the team's).
    pub hours: Option<WorkingHours>,
}

/// Thresholds and working hours used by the analysis.
#[derive(Debug, Clone)]
pub struct Options {
    /// Working hours, in each person's own zone.
    pub hours: WorkingHours,
    /// Per-person zone and hours, by lower-case address.
    pub people: HashMap<String, PersonSettings>,
    /// A free block at least this long is focus time (2 h).
    pub focus_block: Duration,
    /// Meetings closer than this are back-to-back (5 min).
    pub back_to_back_gap: Duration,
    /// Solo events with these words in the title protect focus instead of consuming it.
    pub focus_words: Vec<String>,
    /// Tentative and unanswered invitations count as meetings.
    pub count_tentative: bool,
    /// A meeting with at least this many invitees is large (9).
    pub large_meeting: usize,
    /// A meeting longer than this is long (60 min).
    pub long_meeting_minutes: i64,
    /// A status meeting longer than this is long for its kind (30 min).
    pub status_long_minutes: i64,
    /// A meeting created less than this many hours before its start is short-notice (24).
    pub short_notice_hours: i64,
    /// A series spanning this many time zones is hard to hold live (3).
    pub many_zones: usize,
    /// Repeated one-offs on a cadence form an implicit series from this many meetings (3).
    pub implicit_series_min: usize,
    /// Score at or above which a series is an async candidate (4).
    pub async_threshold: i32,
    /// Score at or above which a series should be shortened or trimmed (2).
    pub shorten_threshold: i32,
    /// Cost of a person-hour, for meeting cost in money (none by default).
    pub hourly_rate: Option<f64>,
    /// Hash person names and hide titles in tables and reports.
    pub privacy: bool,
    /// Team tables hide groups smaller than this (5) unless 0.
    pub min_group: usize,
    /// `compare` leaves out people with fewer meeting hours per week than this in the first period (1.0).
    pub near_empty_hours: f64,
    /// The people roster (CSV), when the config file names one.
    pub roster: Option<std::path::PathBuf>,
    /// Roster columns to group by (`team` when the roster has one and none is given).
    pub group_by: Vec<String>,
    /// The report lists this many costliest single meetings (10).
    pub costly_meetings: usize,
    /// A series at least this many months old may be a zombie (6).
    pub zombie_age_months: u32,
    /// Months over which a rising decline or no-answer rate is looked for (3).
    pub zombie_trend_months: usize,
    /// Rise, first to last of those months, of the decline + no-answer rate that counts (0.10).
    pub zombie_rise: f64,
    /// A core collaboration window must be at least this long (120 min).
    pub core_min_minutes: i64,
    /// Title keywords replacing the built-in list of a meeting kind (none by default).
    pub kind_words: BTreeMap<Kind, Vec<String>>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            hours: WorkingHours::default(),
            people: HashMap::new(),
            focus_block: Duration::hours(2),
            back_to_back_gap: Duration::minutes(5),
            focus_words: ["focus", "deep work", "heads down", "no meetings"]
                .map(String::from)
                .to_vec(),
            count_tentative: true,
            large_meeting: 9,
            long_meeting_minutes: 60,
            status_long_minutes: 30,
            short_notice_hours: 24,
            many_zones: 3,
            implicit_series_min: 3,
            async_threshold: 4,
            shorten_threshold: 2,
            hourly_rate: None,
            privacy: false,
            min_group: 5,
            near_empty_hours: 1.0,
            roster: None,
            group_by: Vec::new(),
            costly_meetings: 10,
            zombie_age_months: 6,
            zombie_trend_months: 3,
            zombie_rise: 0.10,
            core_min_minutes: 120,
            kind_words: BTreeMap::new(),
        }
    }
}

/// Working hours as written in the file (each key optional).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursFile {
    pub work_start: Option<String>,
    pub work_end: Option<String>,
    pub work_days: Option<Vec<String>>,
}

/// One `[people."address"]` table.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFile {
    pub zone: Option<String>,
    #[serde(flatten)]
    pub hours: HoursFile,
}

/// `meetload.toml`: every key optional; missing keys keep the defaults.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(flatten)]
    pub hours: HoursFile,
    pub focus_block_minutes: Option<i64>,
    pub back_to_back_gap_minutes: Option<i64>,
    pub focus_words: Option<Vec<String>>,
    pub count_tentative: Option<bool>,
    pub large_meeting: Option<usize>,
    pub long_meeting_minutes: Option<i64>,
    pub status_long_minutes: Option<i64>,
    pub short_notice_hours: Option<i64>,
    pub many_zones: Option<usize>,
    pub implicit_series_min: Option<usize>,
    pub async_threshold: Option<i32>,
    pub shorten_threshold: Option<i32>,
    pub hourly_rate: Option<f64>,
    pub privacy: Option<bool>,
    pub min_group: Option<usize>,
    pub near_empty_hours: Option<f64>,
    /// Path of the people roster, relative to the config file.
    pub roster: Option<String>,
    pub group_by: Option<Vec<String>>,
    pub costly_meetings: Option<usize>,
    pub zombie_age_months: Option<u32>,
    pub zombie_trend_months: Option<usize>,
    pub zombie_rise: Option<f64>,
    pub core_min_minutes: Option<i64>,
    pub kind_words: Option<BTreeMap<Kind, Vec<String>>>,
    pub people: Option<HashMap<String, PersonFile>>,
}

/// A config file that cannot be used, with what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message} (see `meetload config --example`)")]
    Invalid { path: String, message: String },
}

/// The documented example printed by `meetload config --example`; every value is the default.
pub const EXAMPLE: &str = r#"# meetload.toml: every key is optional; these are the defaults.

# Working hours and days, in each person's own time zone.
work_start = "09:00"
work_end = "17:00"
work_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]

# Free blocks at least this long are focus time; shorter ones are fragmented.
focus_block_minutes = 120
# Meetings closer than this are back-to-back.
back_to_back_gap_minutes = 5
# Solo events with these words in the title are focus blocks (they protect focus).
focus_words = ["focus", "deep work", "heads down", "no meetings"]
# Tentative and unanswered invitations count as meetings.
count_tentative = true

# Hygiene thresholds.
large_meeting = 9
long_meeting_minutes = 60
status_long_minutes = 30
short_notice_hours = 24
# A series whose invitees span this many time zones is hard to hold live.
many_zones = 3
# Repeated one-offs (same title and organizer) on a regular cadence form a series from this many meetings.
implicit_series_min = 3

# Async-candidate score: at or above async_threshold -> "async update",
# at or above shorten_threshold -> "shorten or trim attendees", else "keep live".
async_threshold = 4
shorten_threshold = 2

# Cost of one person-hour, to show meeting cost in money (off when absent).
# hourly_rate = 75.0

# Hash people and hide titles in tables and reports; hide team groups smaller than min_group.
privacy = false
min_group = 5

# `compare` leaves out people whose first period has fewer meeting hours per week than this
# (calendar-only data; Viva Insights uses 5 h of all collaboration).
near_empty_hours = 1.0

# A people roster (CSV: email, and optionally name, team, manager, zone, work_start,
# work_end, work_days and any other column), relative to this file; same as --people.
# roster = "people.csv"
# Roster columns to group team numbers by (default: team, when the roster has it).
# group_by = ["team"]
# Audits: the report lists this many costliest single meetings (focus cost).
costly_meetings = 10
# A series is a zombie when it is at least zombie_age_months old, has no end date, and shows
# decay: its decline + no-answer rate rose by zombie_rise or more over its last
# zombie_trend_months months, or its organiser declined its recent meetings.
zombie_age_months = 6
zombie_trend_months = 3
zombie_rise = 0.10
# The shortest core collaboration window a group is offered (minutes).
core_min_minutes = 120
# Meeting kinds come from title keywords, matched as whole words; the first kind in this order
# with a match wins: incident, interview, performance, one-on-one, decision, stand-up, all-hands,
# planning, brainstorm, review, customer, training, social, status (docs/metrics.md lists the
# built-in words). A list given here replaces that kind's built-in list, e.g.:
# [kind_words]
# decision = ["decision", "approval", "sign-off", "go/no-go", "council", "board", "committee", "steering"]
# status = ["status", "update", "weekly", "jour fixe"]

# Per person: a zone other than their calendar's, and other working hours.
# These beat the roster, which beats what an export states (Outlook's working hours).
# [people."ana.patel@example.com"]
# zone = "Asia/Kolkata"
# work_start = "10:00"
# work_end = "18:00"
# work_days = ["Mon", "Tue", "Wed", "Thu"]
"#;

fn time(v: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(v, "%H:%M").map_err(|_| format!("`{v}` is not a time like 09:00"))
}

fn weekday(v: &str) -> Result<Weekday, String> {
    v.trim()
        .parse::<Weekday>()
        .map_err(|_| format!("`{v}` is not a weekday like Mon"))
}

impl HoursFile {
    /// Whether any key is given.
    pub fn is_empty(&self) -> bool {
        self.work_start.is_none() && self.work_end.is_none() && self.work_days.is_none()
    }

    /// Applies the file's keys over `base`, checking them.
    pub fn apply(&self, base: WorkingHours) -> Result<WorkingHours, String> {
        let mut h = base;
        if let Some(v) = &self.work_start {
            h.start = time(v)?;
        }
        if let Some(v) = &self.work_end {
            h.end = time(v)?;
        }
        if h.end <= h.start {
            return Err("work_end must be after work_start".into());
        }
        if let Some(days) = &self.work_days {
            h.days = [false; 7];
            for d in days {
                h.days[weekday(d)?.num_days_from_monday() as usize] = true;
            }
        }
        Ok(h)
    }
}

impl ConfigFile {
    /// Reads and validates a file into [`Options`].
    pub fn load(path: &std::path::Path) -> Result<Options, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: name.clone(),
            source,
        })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: name.clone(),
            message: e.message().to_string(),
        })?;
        let base = path.parent().unwrap_or(std::path::Path::new("."));
        let roster = file.roster.as_ref().map(|r| base.join(r));
        let mut o = file
            .into_options()
            .map_err(|message| ConfigError::Invalid {
                path: name,
                message,
            })?;
        o.roster = roster;
        Ok(o)
    }

    /// Applies the file over the defaults, checking every value.
    pub fn into_options(self) -> Result<Options, String> {
        let mut o = Options {
            hours: self.hours.apply(WorkingHours::default())?,
            ..Options::default()
        };
        let minutes = |v: i64, key: &str| {
            if v > 0 && v <= 24 * 60 {
                Ok(Duration::minutes(v))
            } else {
                Err(format!("{key} must be between 1 and 1440"))
            }
        };
        if let Some(v) = self.focus_block_minutes {
            o.focus_block = minutes(v, "focus_block_minutes")?;
        }
        if let Some(v) = self.back_to_back_gap_minutes {
            o.back_to_back_gap = minutes(v, "back_to_back_gap_minutes")?;
        }
        o.focus_words = self
            .focus_words
            .map(|w| w.iter().map(|s| s.to_lowercase()).collect())
            .unwrap_or(o.focus_words);
        o.count_tentative = self.count_tentative.unwrap_or(o.count_tentative);
        o.large_meeting = self.large_meeting.unwrap_or(o.large_meeting);
        o.long_meeting_minutes = self.long_meeting_minutes.unwrap_or(o.long_meeting_minutes);
        o.status_long_minutes = self.status_long_minutes.unwrap_or(o.status_long_minutes);
        o.short_notice_hours = self.short_notice_hours.unwrap_or(o.short_notice_hours);
        o.many_zones = self.many_zones.unwrap_or(o.many_zones);
        o.implicit_series_min = self
            .implicit_series_min
            .unwrap_or(o.implicit_series_min)
            .max(2);
        o.async_threshold = self.async_threshold.unwrap_or(o.async_threshold);
        o.shorten_threshold = self.shorten_threshold.unwrap_or(o.shorten_threshold);
        if o.shorten_threshold > o.async_threshold {
            return Err("shorten_threshold must not be above async_threshold".into());
        }
        o.hourly_rate = self.hourly_rate.or(o.hourly_rate);
        o.privacy = self.privacy.unwrap_or(o.privacy);
        o.min_group = self.min_group.unwrap_or(o.min_group);
        o.near_empty_hours = self.near_empty_hours.unwrap_or(o.near_empty_hours);
        o.costly_meetings = self.costly_meetings.unwrap_or(o.costly_meetings);
        o.zombie_age_months = self.zombie_age_months.unwrap_or(o.zombie_age_months);
        o.zombie_trend_months = self
            .zombie_trend_months
            .unwrap_or(o.zombie_trend_months)
            .max(2);
        o.zombie_rise = self.zombie_rise.unwrap_or(o.zombie_rise);
        if !(0.0..=1.0).contains(&o.zombie_rise) {
            return Err("zombie_rise must be between 0 and 1 (a share of invitations)".into());
        }
        if let Some(v) = self.core_min_minutes {
            o.core_min_minutes = minutes(v, "core_min_minutes")?.num_minutes();
        }
        o.group_by = self
            .group_by
            .unwrap_or_default()
            .iter()
            .map(|c| c.trim().to_lowercase())
            .collect();
        for (kind, words) in self.kind_words.unwrap_or_default() {
            if words.iter().any(|w| w.trim().is_empty()) {
                return Err(format!("kind_words.{}: a keyword is empty", kind.as_str()));
            }
            o.kind_words.insert(kind, words);
        }
        for (address, p) in self.people.unwrap_or_default() {
            let zone = p
                .zone
                .as_deref()
                .map(|z| {
                    z.parse::<Tz>()
                        .map_err(|_| format!("people.\"{address}\": `{z}` is not an IANA zone"))
                })
                .transpose()?;
            let hours = (!p.hours.is_empty())
                .then(|| p.hours.apply(o.hours))
                .transpose()
                .map_err(|e| format!("people.\"{address}\": {e}"))?;
            o.people.insert(
                address.trim().trim_start_matches("mailto:").to_lowercase(),
                PersonSettings { zone, hours },
            );
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_parses_to_the_defaults() {
        let parsed: ConfigFile = toml::from_str(EXAMPLE).unwrap();
        let o = parsed.into_options().unwrap();
        let d = Options::default();
        assert_eq!(o.hours, d.hours);
        assert_eq!(
            (
                o.focus_block,
                o.back_to_back_gap,
                o.large_meeting,
                o.async_threshold
            ),
            (
                d.focus_block,
                d.back_to_back_gap,
                d.large_meeting,
                d.async_threshold
            )
        );
        assert_eq!(
            (o.short_notice_hours, o.many_zones, o.implicit_series_min),
            (24, 3, 3)
        );
        assert_eq!(o.focus_words, d.focus_words);
        assert!(o.people.is_empty());
        assert_eq!(
            (
                o.costly_meetings,
                o.zombie_age_months,
                o.zombie_trend_months
            ),
            (10, 6, 3)
        );
        assert_eq!((o.zombie_rise, o.core_min_minutes), (0.10, 120));
    }

    #[test]
    fn audit_thresholds_are_read_and_a_rise_above_one_is_refused() {
        let file: ConfigFile =
            toml::from_str("zombie_age_months = 12\ncore_min_minutes = 90\n").unwrap();
        let o = file.into_options().unwrap();
        assert_eq!((o.zombie_age_months, o.core_min_minutes), (12, 90));
        let file: ConfigFile = toml::from_str("zombie_rise = 1.5\n").unwrap();
        assert!(file.into_options().unwrap_err().contains("zombie_rise"));
    }

    #[test]
    fn bad_values_and_unknown_keys_are_refused_with_the_key_named() {
        let bad = |text: &str| {
            toml::from_str::<ConfigFile>(text)
                .map_err(|e| e.to_string())
                .and_then(ConfigFile::into_options)
                .err()
                .unwrap()
        };
        assert!(bad("work_start = \"9am\"").contains("09:00"));
        assert!(bad("work_start = \"18:00\"").contains("work_end"));
        assert!(bad("focus_block_minutes = 0").contains("focus_block_minutes"));
        assert!(bad("focus_blok_minutes = 60").contains("focus_blok_minutes"));
        assert!(bad("work_days = [\"Funday\"]").contains("Funday"));
        assert!(bad("[people.\"a@x.org\"]\nzone = \"Mars/Base\"").contains("a@x.org"));
        assert!(bad("[kind_words]\ncouncil = [\"x\"]").contains("council"));
        assert!(bad("[kind_words]\ndecision = [\" \"]").contains("kind_words.decision"));
    }

    #[test]
    fn a_file_changes_only_what_it_names_and_people_inherit_the_team_hours() {
        let text = "work_start = \"08:00\"\nfocus_block_minutes = 90\n[people.\"Ana@X.org\"]\nzone = \"Asia/Kolkata\"\nwork_days = [\"Mon\", \"Tue\"]\n";
        let o = toml::from_str::<ConfigFile>(text)
            .unwrap()
            .into_options()
            .unwrap();
        assert_eq!(o.hours.start, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(o.focus_block, Duration::minutes(90));
        assert_eq!(o.hours.end, WorkingHours::default().end);
        let ana = &o.people["ana@x.org"];
        let hours = ana.hours.unwrap();
        assert_eq!(
            (
                hours.start,
                hours.works_on(Weekday::Tue),
                hours.works_on(Weekday::Wed)
            ),
            (o.hours.start, true, false)
        );
        assert_eq!(ana.zone, Some(Tz::Asia__Kolkata));
        let zone_only = toml::from_str::<ConfigFile>("[people.\"bo@x.org\"]\nzone = \"UTC\"\n")
            .unwrap()
            .into_options()
            .unwrap();
        assert_eq!(zone_only.people["bo@x.org"].hours, None);
        let kinds = toml::from_str::<ConfigFile>(
            "[kind_words]\ndecision = [\"Tribunal\"]\none-on-one = [\"tête-à-tête\"]",
        )
        .unwrap()
        .into_options()
        .unwrap()
        .kind_words;
        assert_eq!(
            kinds.get(&Kind::Decision),
            Some(&vec!["Tribunal".to_string()])
        );
        assert!(kinds.contains_key(&Kind::OneOnOne));
    }
}

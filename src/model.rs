//! The occurrence table's row types: what every later stage reads.
//!
//! An [`Occurrence`] is one concrete instance of an event after recurrence,
//! overrides and zones have been applied. Per-event data (title, attendees)
//! is shared between the instances of a series through an `Arc`.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

/// Event or instance status (RFC 5545 STATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    Confirmed,
    Tentative,
    Cancelled,
    /// No STATUS property.
    #[default]
    None,
}

/// The value of the first of `names` that `v` (trimmed) is, in any ASCII
/// case. The parsers of enumerated values below run once per property line
/// (and PARTSTAT, ROLE and CUTYPE once per ATTENDEE line), so a value
/// written as exporters write it (a name exactly: upper case, nothing
/// around) is matched whole first; any other spelling is trimmed (with
/// Unicode look-ups) and compared in place instead of upper-casing a copy,
/// about 130 instructions a value. The names are distinct in any case, so
/// both ways find the same one.
fn one_of<T: Copy>(v: &str, names: &[(&str, T)]) -> Option<T> {
    (names.iter().find(|(name, _)| v == *name))
        .or_else(|| {
            let v = v.trim();
            names.iter().find(|(name, _)| v.eq_ignore_ascii_case(name))
        })
        .map(|&(_, value)| value)
}

impl Status {
    pub fn parse(v: &str) -> Status {
        let names = [
            ("CONFIRMED", Status::Confirmed),
            ("TENTATIVE", Status::Tentative),
            ("CANCELLED", Status::Cancelled),
            ("CANCELED", Status::Cancelled),
        ];
        one_of(v, &names).unwrap_or(Status::None)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Tentative => "tentative",
            Status::Cancelled => "cancelled",
            Status::None => "",
        }
    }
}

/// An attendee's answer (PARTSTAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartStat {
    NeedsAction,
    Accepted,
    Declined,
    Tentative,
    Delegated,
}

impl PartStat {
    pub fn parse(v: &str) -> PartStat {
        let names = [
            ("ACCEPTED", PartStat::Accepted),
            // the default, named so that it is matched whole (see `one_of`)
            ("NEEDS-ACTION", PartStat::NeedsAction),
            ("DECLINED", PartStat::Declined),
            ("TENTATIVE", PartStat::Tentative),
            ("DELEGATED", PartStat::Delegated),
        ];
        one_of(v, &names).unwrap_or(PartStat::NeedsAction)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PartStat::NeedsAction => "needs-action",
            PartStat::Accepted => "accepted",
            PartStat::Declined => "declined",
            PartStat::Tentative => "tentative",
            PartStat::Delegated => "delegated",
        }
    }
}

/// CUTYPE: rooms and resources are not people; a group counts as one invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CuType {
    Individual,
    Group,
    Room,
    Resource,
    Unknown,
}

impl CuType {
    pub fn parse(v: &str) -> CuType {
        let names = [
            ("INDIVIDUAL", CuType::Individual),
            ("", CuType::Individual),
            ("GROUP", CuType::Group),
            ("ROOM", CuType::Room),
            ("RESOURCE", CuType::Resource),
        ];
        one_of(v, &names).unwrap_or(CuType::Unknown)
    }

    pub fn is_person(self) -> bool {
        !matches!(self, CuType::Room | CuType::Resource)
    }
}

/// ROLE of an attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParticipationRole {
    Chair,
    Required,
    Optional,
    NonParticipant,
}

impl ParticipationRole {
    pub fn parse(v: &str) -> ParticipationRole {
        let names = [
            // the default, named so that it is matched whole (see `one_of`)
            ("REQ-PARTICIPANT", ParticipationRole::Required),
            ("CHAIR", ParticipationRole::Chair),
            ("OPT-PARTICIPANT", ParticipationRole::Optional),
            ("NON-PARTICIPANT", ParticipationRole::NonParticipant),
        ];
        one_of(v, &names).unwrap_or(ParticipationRole::Required)
    }
}

/// One ATTENDEE. Addresses are shared (`Arc<str>`) between the events of a
/// file: a 1,000-person all-hands repeats the same list weekly.
///
/// Its display name (CN) is not kept: no table, chart or export shows it,
/// people are told apart by address, and reading, interning and counting
/// references to a name per attendee line was work for nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// Lower-cased address without `mailto:`.
    pub email: Arc<str>,
    pub partstat: PartStat,
    pub role: ParticipationRole,
    pub cutype: CuType,
}

/// Outlook's X-MICROSOFT-CDO-BUSYSTATUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BusyStatus {
    Free,
    Tentative,
    Busy,
    Oof,
    WorkingElsewhere,
}

impl BusyStatus {
    pub fn parse(v: &str) -> Option<BusyStatus> {
        let names = [
            ("FREE", BusyStatus::Free),
            ("TENTATIVE", BusyStatus::Tentative),
            ("BUSY", BusyStatus::Busy),
            ("OOF", BusyStatus::Oof),
            ("WORKINGELSEWHERE", BusyStatus::WorkingElsewhere),
        ];
        one_of(v, &names)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BusyStatus::Free => "free",
            BusyStatus::Tentative => "tentative",
            BusyStatus::Busy => "busy",
            BusyStatus::Oof => "oof",
            BusyStatus::WorkingElsewhere => "working-elsewhere",
        }
    }
}

/// What the instances of one VEVENT (a master or an override) share.
#[derive(Debug, Clone, Default)]
pub struct EventInfo {
    pub uid: String,
    pub summary: String,
    /// What the analysis reads of DESCRIPTION (and its text, when kept).
    pub description: Option<Description>,
    /// The zone the event's times were resolved in (IANA name or VTIMEZONE
    /// TZID), one copy per zone and file (see `Converter::zone_name`).
    pub tzid: Option<Arc<str>>,
    pub status: Status,
    pub transparent: bool,
    pub busy_status: Option<BusyStatus>,
    pub organizer: Option<String>,
    /// Shared between the events of a file with the same list (an export
    /// that writes every instance out repeats each list all year).
    pub attendees: Arc<[Attendee]>,
    /// Has RRULE or RDATE, or is an override of such an event.
    pub is_recurring: bool,
    /// The series ends (COUNT or UNTIL on every RRULE, or only RDATEs).
    pub has_end: bool,
    pub created: Option<DateTime<Utc>>,
    pub dtstamp: Option<DateTime<Utc>>,
    /// DTSTART of a master: when its series began, whatever window is analysed.
    pub series_start: Option<DateTime<Utc>>,
    /// Line of BEGIN:VEVENT in the source file.
    pub line: usize,
    /// Distinct people among organizer and attendees (rooms and resources
    /// excluded, a group counting as one): a meeting needs two.
    pub participants: usize,
    /// The calendar owner's answer (PARTSTAT), when the owner is an attendee.
    pub owner_partstat: Option<PartStat>,
}

/// Distinct people among `organizer` and `attendees`, rooms and resources
/// left out. The addresses are sorted with their first eight bytes as a
/// number in front, which tells nearly all of them apart without a string
/// comparison (an all-hands list has a thousand addresses); equal addresses
/// still end up side by side.
pub fn count_participants(attendees: &[Attendee], organizer: Option<&str>) -> usize {
    let prefix = |s: &str| {
        let mut head = [0u8; 8];
        let n = s.len().min(8);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        u64::from_be_bytes(head)
    };
    // room for all at once: a filtered iterator would grow the list step by step
    let mut people: Vec<(u64, &str)> = Vec::with_capacity(attendees.len() + 1);
    people.extend(
        attendees
            .iter()
            .filter(|a| a.cutype.is_person())
            .map(|a| &*a.email)
            .chain(organizer)
            .map(|s| (prefix(s), s)),
    );
    people.sort_unstable();
    people.dedup();
    people.len()
}

impl EventInfo {
    pub fn has_description(&self) -> bool {
        self.description.as_ref().is_some_and(|d| d.non_blank)
    }

    /// Title or description carries an agenda: a word that names one, or a
    /// list of points (two, in title and description together). `title` is
    /// [`AgendaMarks::of`] the summary, given so that a title repeated by
    /// many events is read once.
    pub fn has_agenda(&self, title: AgendaMarks) -> bool {
        let text = self
            .description
            .as_ref()
            .map(|d| d.agenda)
            .unwrap_or_default();
        title.word || text.word || title.points + text.points >= 2
    }
}

/// What is read of a DESCRIPTION, worked out once at import from its first
/// 1,000 characters (unescaped): whether it says anything, and its agenda
/// marks. The text itself is kept only for outputs that write calendars
/// back (`ImportOptions::descriptions`): Outlook writes whole HTML mails
/// there, a fifth of an export's bytes, and the analysis reads none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Description {
    /// Holds more than white space.
    pub non_blank: bool,
    pub agenda: AgendaMarks,
    /// The first 1,000 characters, unescaped, when kept.
    pub text: Option<String>,
}

impl Description {
    /// What is read of `text` (the unescaped prefix); `keep` keeps the text too.
    pub fn of(text: &str, keep: bool) -> Description {
        Description {
            non_blank: !text.trim().is_empty(),
            agenda: AgendaMarks::of(text),
            text: keep.then(|| text.to_string()),
        }
    }
}

/// The words that name an agenda (ASCII, lower case), each with the index
/// of its `d`: the one letter all three hold, so a text is searched for one
/// letter (in either case) in one pass, and each word is tried where it
/// would have its `d`. Two letters (`g` for the first two, `j` for the
/// third) took two passes, and the bench corpus's descriptions (meeting
/// links and their boilerplate) hold more of them: 8.3 g's and 3.8 j's
/// against 6.8 d's per description. With the search skipped at two points
/// (see [`AgendaMarks::word`]), callgrind, analyze of the first 200 bench
/// calendars, 1 thread: describe 137.7 -> 95.2 M instructions.
const AGENDA_WORDS: [(&str, usize); 3] = [("agenda", 4), ("tagesordnung", 7), ("ordre du jour", 2)];

/// The marks of an agenda in one text: a word that names one, and the
/// points of a list (lines starting with `-`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgendaMarks {
    /// A word that names an agenda, looked for only while `points` is
    /// under two: two points show an agenda whatever the words (see
    /// [`EventInfo::has_agenda`]), and then this is false. A quarter of
    /// the bench corpus's descriptions have two points or more.
    pub word: bool,
    pub points: usize,
}

impl AgendaMarks {
    /// Scans the text where it lies instead of lower-casing a copy: the
    /// words are ASCII, and no other character lower-cases to an ASCII
    /// letter in them (only the Kelvin sign lower-cases to ASCII, `k`), so
    /// an ASCII case-insensitive search finds what a search of the
    /// lower-cased text finds.
    pub fn of(text: &str) -> AgendaMarks {
        let bytes = text.as_bytes();
        let points = memchr::memchr_iter(b'\n', bytes)
            .filter(|&i| bytes.get(i + 1) == Some(&b'-'))
            .count();
        AgendaMarks::with_points(bytes, points)
    }

    /// The marks of `text`, whose points are `points`: its words are
    /// searched only when they matter (see [`AgendaMarks::word`]).
    pub fn with_points(text: &[u8], points: usize) -> AgendaMarks {
        AgendaMarks {
            word: points < 2 && AgendaMarks::has_word(text),
            points,
        }
    }

    /// Whether `text` holds a word that names an agenda, in any ASCII case
    /// (see [`AGENDA_WORDS`]).
    fn has_word(text: &[u8]) -> bool {
        memchr::memchr2_iter(b'd', b'D', text).any(|i| {
            AGENDA_WORDS.iter().any(|&(word, d)| {
                i.checked_sub(d)
                    .and_then(|start| text.get(start..start + word.len()))
                    .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
            })
        })
    }
}

/// When an occurrence happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// A timed occurrence, in UTC.
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// An all-day occurrence; `end` is exclusive.
    AllDay { start: NaiveDate, end: NaiveDate },
}

/// The original start of an instance (RECURRENCE-ID), as a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    Timed(DateTime<Utc>),
    Date(NaiveDate),
}

impl InstanceKey {
    /// Appends the key as the tables write it: RFC 3339 UTC, or `YYYY-MM-DD`.
    pub fn push_text(self, out: &mut String) {
        match self {
            InstanceKey::Timed(t) => crate::time_text::push_utc(out, t),
            InstanceKey::Date(d) => crate::time_text::push_date(out, d),
        }
    }
}

/// One concrete occurrence.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub event: Arc<EventInfo>,
    /// Set for instances of a recurring event (the instance's original start).
    pub recurrence_id: Option<InstanceKey>,
    pub span: Span,
}

impl Occurrence {
    pub fn is_all_day(&self) -> bool {
        matches!(self.span, Span::AllDay { .. })
    }

    /// Length in minutes (all-day: whole days of 1,440 minutes).
    pub fn duration_min(&self) -> i64 {
        match self.span {
            Span::Timed { start, end } => (end - start).num_minutes(),
            Span::AllDay { start, end } => (end - start).num_days() * 1440,
        }
    }
}

/// How a calendar's owner was found, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OwnerSource {
    Option,
    /// Outlook's X-OWNER.
    XOwner,
    CalendarName,
    MostFrequent,
    Unknown,
}

impl OwnerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerSource::Option => "--owner",
            OwnerSource::XOwner => "X-OWNER",
            OwnerSource::CalendarName => "X-WR-CALNAME",
            OwnerSource::MostFrequent => "most frequent attendee",
            OwnerSource::Unknown => "unknown",
        }
    }

    /// The file itself (or the user) names the owner; a most-frequent
    /// attendee is only a guess.
    pub fn is_stated(self) -> bool {
        self <= OwnerSource::CalendarName
    }
}

/// Where a calendar's coverage came from (docs/metrics.md, "Coverage").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageSource {
    /// Outlook's X-CLIPSTART / X-CLIPEND: the range the user exported.
    Clip,
    /// `--from` / `--to`.
    Window,
    /// The span of what the file states outside recurrence rules (one-off
    /// events, overrides, EXDATEs, RDATEs).
    Evidence,
}

impl CoverageSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageSource::Clip => "X-CLIPSTART/X-CLIPEND",
            CoverageSource::Window => "--from/--to",
            CoverageSource::Evidence => "one-off events and exceptions",
        }
    }
}

/// The local dates an export really covers (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub source: CoverageSource,
}

/// Working hours an export states for its owner (Outlook's X-MS-OLK-WKHR*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedHours {
    /// The IANA zone of their TZID, when it resolves.
    pub zone: Option<chrono_tz::Tz>,
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
    /// Monday first.
    pub days: [bool; 7],
}

/// One imported calendar (a file, or one .ics inside a zip).
#[derive(Debug, Clone)]
pub struct Calendar {
    /// File name or `archive.zip/inner/path.ics`.
    pub name: String,
    pub owner: Option<String>,
    pub owner_source: OwnerSource,
    /// The calendar's zone (X-WR-TIMEZONE, the stated working hours' zone,
    /// dominant TZID, `--tz`, or UTC), as an IANA name where one matches.
    pub zone: String,
    /// The period the export covers; `None` when nothing in it says.
    pub coverage: Option<Coverage>,
    /// Working hours and zone stated in the file.
    pub stated_hours: Option<StatedHours>,
    /// The calendar names itself its mailbox's primary one (X-PRIMARY-CALENDAR).
    pub primary: bool,
    /// The name looks like a public-holiday feed (its all-day events are days off).
    pub holiday_feed: bool,
    /// What it came in: the zip archive, or the folder holding the file
    /// (calendars without an owner belong to the person they came with).
    pub container: String,
    pub occurrences: Vec<Occurrence>,
    pub quality: crate::ics::Quality,
}

impl Calendar {
    /// Everything but the occurrences (what data_quality reports of a file
    /// whose occurrences went to its person).
    pub fn clone_without_occurrences(&self) -> Calendar {
        Calendar {
            name: self.name.clone(),
            owner: self.owner.clone(),
            owner_source: self.owner_source,
            zone: self.zone.clone(),
            coverage: self.coverage,
            stated_hours: self.stated_hours.clone(),
            primary: self.primary,
            holiday_feed: self.holiday_feed,
            container: self.container.clone(),
            occurrences: Vec::new(),
            quality: self.quality.clone(),
        }
    }
}

/// What a meeting is for, from its title (rules in `analysis::kind`); the
/// config file names kinds in kebab-case (`decision`, `one-on-one`, `stand-up`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Incident,
    Interview,
    Performance,
    OneOnOne,
    StandUp,
    AllHands,
    Planning,
    Brainstorm,
    Decision,
    Review,
    Customer,
    Training,
    Social,
    Status,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Interview => "interview",
            Kind::Performance => "performance",
            Kind::OneOnOne => "1:1",
            Kind::StandUp => "stand-up",
            Kind::AllHands => "all-hands",
            Kind::Planning => "planning/retro",
            Kind::Brainstorm => "brainstorm/kickoff",
            Kind::Decision => "decision",
            Kind::Review => "review",
            Kind::Customer => "customer",
            Kind::Training => "training/onboarding",
            Kind::Social => "social",
            Kind::Status => "status",
            Kind::Other => "other",
        }
    }

    /// Kinds that usually deserve a live meeting (urgent, sensitive, creative, connection).
    pub fn keep_live(self) -> bool {
        matches!(
            self,
            Kind::Incident
                | Kind::Interview
                | Kind::Performance
                | Kind::OneOnOne
                | Kind::Planning
                | Kind::Brainstorm
                | Kind::Decision
                | Kind::Social
                | Kind::Training
        )
    }

    /// Routine information sharing: the classic async candidates.
    pub fn is_status(self) -> bool {
        matches!(self, Kind::Status | Kind::StandUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the parsers gave before a value spelled as a name was matched
    /// whole and before the defaults were named: the first of `names` the
    /// trimmed value is in any ASCII case, else `default`.
    fn any_spelling<T: Copy>(v: &str, names: &[(&str, T)], default: T) -> T {
        let v = v.trim();
        (names.iter().find(|(name, _)| v.eq_ignore_ascii_case(name))).map_or(default, |n| n.1)
    }

    #[test]
    fn partstat_role_and_cutype_are_read_alike_however_they_are_spelled() {
        // the spellings matched whole, and others: other cases, blanks, unknown words
        let mut values = vec![
            "ACCEPTED",
            "NEEDS-ACTION",
            "DECLINED",
            "TENTATIVE",
            "DELEGATED",
            "REQ-PARTICIPANT",
            "OPT-PARTICIPANT",
            "NON-PARTICIPANT",
            "CHAIR",
            "INDIVIDUAL",
            "ROOM",
            "RESOURCE",
            "GROUP",
            "UNKNOWN",
            "X-NAME",
            "",
            " ",
            "accepted",
            " ACCEPTED",
            "ACCEPTED ",
            "Room",
            "chair\u{a0}",
            "ACCEPTE",
            "ACCEPTEDX",
            "ROOMS",
        ];
        let words = values.clone();
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        values.extend(lower.iter().map(String::as_str));
        let partstats = [
            ("ACCEPTED", PartStat::Accepted),
            ("DECLINED", PartStat::Declined),
            ("TENTATIVE", PartStat::Tentative),
            ("DELEGATED", PartStat::Delegated),
        ];
        let roles = [
            ("CHAIR", ParticipationRole::Chair),
            ("OPT-PARTICIPANT", ParticipationRole::Optional),
            ("NON-PARTICIPANT", ParticipationRole::NonParticipant),
        ];
        let cutypes = [
            ("INDIVIDUAL", CuType::Individual),
            ("", CuType::Individual),
            ("GROUP", CuType::Group),
            ("ROOM", CuType::Room),
            ("RESOURCE", CuType::Resource),
        ];
        for v in values {
            let partstat = any_spelling(v, &partstats, PartStat::NeedsAction);
            assert_eq!(PartStat::parse(v), partstat, "{v:?}");
            let role = any_spelling(v, &roles, ParticipationRole::Required);
            assert_eq!(ParticipationRole::parse(v), role, "{v:?}");
            let cutype = any_spelling(v, &cutypes, CuType::Unknown);
            assert_eq!(CuType::parse(v), cutype, "{v:?}");
        }
    }

    #[test]
    fn agenda_words_are_found_in_any_ascii_case_anywhere_and_points_counted() {
        let marks = |t: &str| {
            let m = AgendaMarks::of(t);
            (m.word, m.points)
        };
        assert_eq!(marks("AGENDA"), (true, 0));
        assert_eq!(marks("see the agEnda"), (true, 0));
        assert_eq!(marks("Tagesordnung:\n- eins"), (true, 1));
        // with two points, the words are not looked for
        assert_eq!(marks("Tagesordnung:\n- eins\n- zwei"), (false, 2));
        assert_eq!(marks("ORDRE DU JOUR"), (true, 0));
        // a word cut at either end, or its letters apart, is no word
        assert_eq!(marks("genda agend ordre dujour"), (false, 0));
        assert_eq!(marks("g j \n-\n\n-x-\n"), (false, 2));
        assert_eq!(marks(""), (false, 0));
        // every word is looked for at its d
        for (word, d) in AGENDA_WORDS {
            assert_eq!(word.as_bytes()[d], b'd', "{word}");
        }
    }

    #[test]
    fn participants_are_the_distinct_people_with_the_organizer() {
        let person = |email: &str, cutype| Attendee {
            email: email.into(),
            partstat: PartStat::Accepted,
            role: ParticipationRole::Required,
            cutype,
        };
        let list = [
            person("ann.lee@x.org", CuType::Individual),
            person("ann.lee@x.org", CuType::Individual),
            person("ann.leer@x.org", CuType::Individual),
            person("ann", CuType::Individual),
            person("room1@x.org", CuType::Room),
            person("team@x.org", CuType::Group),
        ];
        assert_eq!(count_participants(&list, None), 4);
        assert_eq!(count_participants(&list, Some("ann.lee@x.org")), 4);
        assert_eq!(count_participants(&list, Some("bob@x.org")), 5);
        assert_eq!(count_participants(&list[..0], Some("bob@x.org")), 1);
    }

    #[test]
    fn a_description_keeps_its_text_only_when_asked() {
        let d = Description::of(" \n\t", false);
        assert_eq!((d.non_blank, d.text), (false, None));
        let d = Description::of("Agenda:\n- a", true);
        assert!(d.non_blank && d.agenda.word && d.agenda.points == 1);
        assert_eq!(d.text.as_deref(), Some("Agenda:\n- a"));
    }
}

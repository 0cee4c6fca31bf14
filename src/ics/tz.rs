//! Time zones: what a TZID means and how wall-clock times become UTC.
//!
//! A TZID resolves, in this order, to an IANA zone (chrono-tz, aliases and
//! Mozilla-style `/prefix/Europe/Berlin` paths included), the file's own
//! VTIMEZONE definition, a Windows zone name, an Outlook display label, and
//! finally the calendar's zone with a warning. Local times that fall in a
//! daylight-saving gap or overlap follow RFC 5545 §3.3.5 for every kind of zone.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;

use super::recur::expand_naive;
use super::utc_memo;
use super::windows_zones::{label_to_iana, windows_to_iana};

/// A resolved zone.
#[derive(Debug, Clone)]
pub enum Zone {
    Iana(Tz),
    /// Offsets computed from a VTIMEZONE in the file.
    Defined(Arc<Transitions>),
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::Iana(Tz::UTC)
    }

    /// A name for reports: the IANA name, else the IANA zone a VTIMEZONE
    /// keeps the same clocks as (see [`Transitions::iana`]), else its TZID.
    pub fn name(&self) -> &str {
        match self {
            Zone::Iana(tz) => tz.name(),
            Zone::Defined(t) => t.iana.map_or(t.tzid.as_str(), |tz| tz.name()),
        }
    }

    /// The IANA zone this zone is, or keeps the same clocks as.
    pub fn iana(&self) -> Option<Tz> {
        match self {
            Zone::Iana(tz) => Some(*tz),
            Zone::Defined(t) => t.iana,
        }
    }

    /// Seconds east of UTC in force at a UTC instant.
    pub fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self {
            // UTC (every DTSTART written with `Z`) has one offset: no look-up
            Zone::Iana(Tz::UTC) => 0,
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
            Zone::Defined(t) => t.offset_at(utc),
        }
    }

    /// Wall-clock time to UTC (RFC 5545 §3.3.5): an ambiguous time is the first
    /// occurrence; a time in a gap uses the offset before the gap. An IANA
    /// zone's offset is remembered by the thread ([`utc_memo`]); a VTIMEZONE
    /// table has its offsets by wall-clock time ([`Transitions::local_offset`]).
    pub fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            // one offset, zero: what `local_offset` works out with three look-ups
            Zone::Iana(Tz::UTC) => Utc.from_utc_datetime(&local),
            Zone::Iana(tz) => utc_memo::utc_at(*tz as u64, local, || self.local_offset(local)),
            Zone::Defined(t) => utc_memo::less(local, t.local_offset(local)),
        }
    }

    /// The offset [`Zone::to_utc`] subtracts from `local`, worked out.
    fn local_offset(&self, local: NaiveDateTime) -> i32 {
        local_offset_in(local, |utc| self.offset_at(utc))
    }

    /// UTC to wall-clock time in this zone.
    pub fn to_local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        let naive = utc.naive_utc();
        naive + Duration::seconds(self.offset_at(naive).into())
    }
}

/// The offset to subtract from wall-clock `local` in a zone whose offset at
/// each UTC instant `offset_at` gives (see [`Zone::to_utc`]).
fn local_offset_in(local: NaiveDateTime, offset_at: impl Fn(NaiveDateTime) -> i32) -> i32 {
    let before = offset_at(a_day_from(local, false));
    let after = offset_at(a_day_from(local, true));
    let valid = |off: i32| offset_at(local - Duration::seconds(off.into())) == off;
    // the same offset a day either side (nearly always) is the answer
    // whether it is valid or not: no third look-up
    if before == after || valid(before) || !valid(after) {
        before
    } else {
        after
    }
}

/// `t` plus or minus one day, as `t ± Duration::days(1)` gives it (which
/// panics past chrono's range, as before), by moving the date alone:
/// chrono's general arithmetic costs several times more, and every instance
/// is converted. A leap second (never read from a file) takes chrono's way.
fn a_day_from(t: NaiveDateTime, later: bool) -> NaiveDateTime {
    let leap = t.and_utc().timestamp_subsec_nanos() >= 1_000_000_000;
    let date = match later {
        _ if leap => None,
        true => t.date().succ_opt(),
        false => t.date().pred_opt(),
    };
    match date {
        Some(date) => date.and_time(t.time()),
        None if later => t + Duration::days(1),
        None => t - Duration::days(1),
    }
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Observance {
    pub start: Option<NaiveDateTime>,
    pub offset_from: Option<i32>,
    pub offset_to: Option<i32>,
    pub rrules: Vec<String>,
    pub rdates: Vec<NaiveDateTime>,
}

/// The offset changes of a VTIMEZONE as UTC instants, sorted.
#[derive(Debug)]
pub struct Transitions {
    pub tzid: String,
    initial: i32,
    changes: Vec<(NaiveDateTime, i32)>,
    /// The offsets [`Zone::to_utc`] subtracts, by wall-clock time: where
    /// each stretch with one offset starts (seconds from 1970 of the
    /// wall-clock time read as UTC), sorted, with its offset (see
    /// [`Transitions::local_offsets`]).
    local: Vec<(i64, i32)>,
    /// The offset of wall-clock times before the first stretch.
    local_before: i32,
    /// The IANA zone with the same offsets over the years built (the zone
    /// the TZID names when it is a Windows name or Outlook label and agrees,
    /// else the first CLDR zone that agrees): Outlook writes the owner's zone
    /// as "Customized Time Zone" or as a Windows name with its own rules, and
    /// reports and local times need a name people and chrono-tz know.
    pub iana: Option<Tz>,
}

/// At most this many transitions per observance (a weekly rule would be absurd).
const MAX_CHANGES: usize = 2_000;

/// At most this many tables are kept for [`Transitions::shared`] (a run
/// sees a few dozen distinct VTIMEZONEs; files that each invent their own
/// are built one by one past this).
const SHARED_TABLES: usize = 512;

/// What a transition table is built from: TZID, parts and years.
type TableKey = (String, Vec<Observance>, RangeInclusive<i32>);

impl Transitions {
    /// [`Transitions::build`], shared by the files of a run: exporters write
    /// the same few VTIMEZONEs into every calendar, and building one (its
    /// rules expanded over the years, then compared with the IANA zones)
    /// costs as much as reading a small file. The table depends only on
    /// what it is built from, so a file gets the table it would build.
    pub fn shared(
        tzid: &str,
        parts: &[Observance],
        years: RangeInclusive<i32>,
    ) -> Option<Arc<Transitions>> {
        type Tables = Mutex<FxHashMap<TableKey, Option<Arc<Transitions>>>>;
        static TABLES: LazyLock<Tables> = LazyLock::new(Tables::default);
        let key = (tzid.to_string(), parts.to_vec(), years.clone());
        let lock = || {
            TABLES
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(hit) = lock().get(&key) {
            return hit.clone();
        }
        let built = Transitions::build(tzid, parts, years).map(Arc::new);
        let mut tables = lock();
        if tables.len() < SHARED_TABLES {
            tables.insert(key, built.clone());
        }
        built
    }

    /// Builds the transition table for the years the import needs (rules are
    /// expanded only there; later instants keep the last offset); `None` when
    /// no part has usable offsets.
    pub fn build(
        tzid: &str,
        parts: &[Observance],
        years: RangeInclusive<i32>,
    ) -> Option<Transitions> {
        let mut changes = Vec::new();
        let mut first: Option<(NaiveDateTime, i32)> = None;
        for part in parts {
            let (Some(start), Some(to)) = (part.start, part.offset_to) else {
                continue;
            };
            let from = part.offset_from.unwrap_or(to);
            if first.is_none_or(|(at, _)| start < at) {
                first = Some((start, from));
            }
            let limit = NaiveDateTime::new(
                chrono::NaiveDate::from_ymd_opt(*years.end(), 12, 31)?,
                chrono::NaiveTime::MIN,
            );
            let mut locals = vec![start];
            for rule in &part.rrules {
                let until_to_local = |utc: NaiveDateTime| utc + Duration::seconds(from.into());
                let rule_start = yearly_start(rule, start, *years.start());
                if let Ok(more) =
                    expand_naive(rule, rule_start, limit, MAX_CHANGES, &until_to_local)
                {
                    locals.extend(more.starts);
                }
            }
            locals.extend(part.rdates.iter().copied());
            changes.extend(
                locals
                    .into_iter()
                    .map(|l| (l - Duration::seconds(from.into()), to)),
            );
        }
        let (_, initial) = first?;
        changes.sort();
        changes.dedup();
        let mut t = Transitions {
            tzid: tzid.to_string(),
            initial,
            changes,
            local: Vec::new(),
            local_before: initial,
            iana: None,
        };
        (t.local_before, t.local) = t.local_offsets();
        t.iana = t.same_clocks_as(years);
        Some(t)
    }

    /// [`local_offset_in`] of this table as a function of wall-clock time:
    /// the offset before the first stretch, and each stretch's start and
    /// offset. It reads the table at three instants, each the wall-clock
    /// time moved by a constant (a day either way, or less one of the
    /// table's offsets), and the table's offset at an instant changes only
    /// at a change, from the change on: so the answer changes only where
    /// the wall-clock time is a change moved back by one of those
    /// constants, and holds from each such time to the next. Those times
    /// are whole seconds, as the changes and offsets are.
    fn local_offsets(&self) -> (i32, Vec<(i64, i32)>) {
        let mut offsets: Vec<i32> = self.changes.iter().map(|(_, o)| *o).collect();
        offsets.push(self.initial);
        offsets.sort_unstable();
        offsets.dedup();
        const DAY: i64 = 86_400;
        let mut starts: Vec<i64> = (self.changes.iter())
            .map(|(at, _)| at.and_utc().timestamp())
            .flat_map(|at| {
                let moved = offsets.iter().map(move |o| at + i64::from(*o));
                [at - DAY, at + DAY].into_iter().chain(moved)
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let at = |second: i64| {
            let local = DateTime::from_timestamp(second, 0)?.naive_utc();
            Some(local_offset_in(local, |utc| self.offset_at(utc)))
        };
        let before = starts
            .first()
            .and_then(|first| at(first - 1))
            .unwrap_or(self.initial);
        let stretches = starts
            .into_iter()
            .filter_map(|start| Some((start, at(start)?)))
            .collect();
        (before, stretches)
    }

    /// [`local_offset_in`] of this table at `local`, from its stretches
    /// ([`Transitions::local_offsets`]): one binary search of a few dozen
    /// seconds. Remembering each conversion by the thread ([`utc_memo`]),
    /// as for IANA zones, missed half the time. callgrind, analyze of the
    /// first 200 bench calendars, 1 thread: Zone::to_utc 128.8 -> 107.1 M.
    fn local_offset(&self, local: NaiveDateTime) -> i32 {
        // a leap second (never read from a file) is worked out as before
        if local.nanosecond() >= 1_000_000_000 {
            return local_offset_in(local, |utc| self.offset_at(utc));
        }
        let second = local.and_utc().timestamp();
        match self.local.partition_point(|(start, _)| *start <= second) {
            0 => self.local_before,
            i => self.local[i - 1].1,
        }
    }

    /// The IANA zone whose offsets equal this table's at every probe
    /// instant of the last five of `years` (the export's era: IANA zones had
    /// other rules decades ago; twice a month, and an hour either side of
    /// each change): the named zone first, then CLDR's zones in order.
    fn same_clocks_as(&self, years: RangeInclusive<i32>) -> Option<Tz> {
        let probes = self.probes(years);
        let agrees = |tz: Tz| {
            probes.iter().all(|p| {
                tz.offset_from_utc_datetime(p).fix().local_minus_utc() == self.offset_at(*p)
            })
        };
        let named = windows_to_iana(&self.tzid)
            .map(str::to_string)
            .or_else(|| label_to_iana(&self.tzid, |z| Tz::from_str(z).is_ok()))
            .and_then(|n| Tz::from_str(&n).ok());
        named
            .into_iter()
            .chain(super::windows_zones::mapped_zones().filter_map(|n| Tz::from_str(n).ok()))
            .find(|tz| agrees(*tz))
    }

    fn probes(&self, years: RangeInclusive<i32>) -> Vec<NaiveDateTime> {
        let hour = Duration::hours(1);
        let last = *years.end();
        let first = (last - 4).max(*years.start());
        let mut probes: Vec<NaiveDateTime> = (first..=last)
            .flat_map(|y| (1..=12).flat_map(move |m| [1, 15].map(|d| (y, m, d))))
            .filter_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d))
            .filter_map(|d| d.and_hms_opt(12, 0, 0))
            .collect();
        probes.extend(
            self.changes
                .iter()
                .filter(|(at, _)| (first..=last).contains(&at.year()))
                .flat_map(|(at, _)| [*at - hour, *at + hour]),
        );
        probes
    }

    fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self.changes.partition_point(|(at, _)| *at <= utc) {
            0 => self.initial,
            i => self.changes[i - 1].1,
        }
    }
}

/// Yearly rules of old VTIMEZONEs often start in 1601 or even year 1; their
/// instances do not depend on the start year, so expansion starts the year
/// before the first year needed (same month, day and time) instead of
/// generating centuries nobody reads. The year before, because DTSTART's day
/// can fall after that year's instance (DTSTART 1601-11-04 with BYDAY=1SU:
/// the first Sunday of November 2024 is the 3rd), which would drop the first
/// year's change.
fn yearly_start(rule: &str, start: NaiveDateTime, first_year: i32) -> NaiveDateTime {
    let yearly = rule.to_ascii_uppercase().contains("FREQ=YEARLY");
    match start.date().with_year(first_year - 1) {
        Some(d) if yearly && start.year() < first_year - 1 => d.and_time(start.time()),
        _ => start,
    }
}

/// How a TZID was resolved, for the data-quality summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolvedBy {
    Iana,
    Vtimezone,
    Windows,
    OutlookLabel,
    /// Unknown: the calendar's zone was used.
    Fallback,
}

/// Resolves TZIDs for one file, caching answers.
#[derive(Debug, Default)]
pub struct Resolver {
    defined: HashMap<String, Arc<Transitions>>,
    cache: FxHashMap<String, Resolved>,
    /// The TZID asked last and its answer: a file names one or two zones,
    /// and every time value asks (comparing a short name costs less than
    /// hashing it).
    last: (String, Option<Resolved>),
}

/// What a TZID resolves to, and how.
type Resolved = (Option<Zone>, ResolvedBy);

impl Resolver {
    pub fn new(defined: HashMap<String, Arc<Transitions>>) -> Resolver {
        Resolver {
            defined,
            ..Resolver::default()
        }
    }

    /// The zone for a TZID, or `None` (with `Fallback`) when nothing matches.
    #[inline]
    pub fn resolve(&mut self, tzid: &str) -> Resolved {
        if let (last, Some(answer)) = &self.last {
            if last == tzid {
                return answer.clone();
            }
        }
        self.resolve_again(tzid)
    }

    /// [`Resolver::resolve`] of a TZID other than the last one asked.
    fn resolve_again(&mut self, tzid: &str) -> Resolved {
        let answer = match self.cache.get(tzid) {
            Some(hit) => hit.clone(),
            None => {
                let answer = self.lookup(tzid);
                self.cache.insert(tzid.to_string(), answer.clone());
                answer
            }
        };
        self.last.0.clear();
        self.last.0.push_str(tzid);
        self.last.1 = Some(answer.clone());
        answer
    }

    fn lookup(&self, tzid: &str) -> Resolved {
        // a globally unique TZID (§3.2.19: a leading solidus) is first the file's own definition
        if tzid.trim_start().starts_with('/') {
            if let Some(t) = self.defined.get(tzid) {
                return (Some(Zone::Defined(t.clone())), ResolvedBy::Vtimezone);
            }
        }
        if let Some(tz) = iana(tzid) {
            return (Some(Zone::Iana(tz)), ResolvedBy::Iana);
        }
        if let Some(t) = self.defined.get(tzid) {
            return (Some(Zone::Defined(t.clone())), ResolvedBy::Vtimezone);
        }
        if let Some(tz) = windows_to_iana(tzid).and_then(|name| Tz::from_str(name).ok()) {
            return (Some(Zone::Iana(tz)), ResolvedBy::Windows);
        }
        if let Some(tz) =
            label_to_iana(tzid, |z| Tz::from_str(z).is_ok()).and_then(|n| Tz::from_str(&n).ok())
        {
            return (Some(Zone::Iana(tz)), ResolvedBy::OutlookLabel);
        }
        (None, ResolvedBy::Fallback)
    }
}

/// An IANA name, also after a solidus (the globally unique TZIDs of §3.2.19,
/// `/America/New_York`, `/US/Eastern`) or inside paths such as
/// `/mozilla.org/20050126_1/America/New_York`, and with a `GMT`/`UTC` spelling.
pub fn iana(tzid: &str) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"');
    if let Ok(tz) = Tz::from_str(name) {
        return Some(tz);
    }
    if name.eq_ignore_ascii_case("utc")
        || name.eq_ignore_ascii_case("gmt")
        || name.eq_ignore_ascii_case("z")
    {
        return Some(Tz::UTC);
    }
    name.match_indices('/')
        .find_map(|(i, _)| Tz::from_str(&name[i + 1..]).ok())
}

/// An IANA zone for a zone name as meetload reports it: an IANA name or a
/// Windows name (a VTIMEZONE TZID such as "W. Europe Standard Time").
pub fn zone_by_name(name: &str) -> Option<Tz> {
    iana(name).or_else(|| windows_to_iana(name).and_then(|n| Tz::from_str(n).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(&at(y, mo, d, h, mi))
    }

    #[test]
    fn remembered_conversions_are_the_conversions() {
        // every 37 minutes through a year with both changes, twice: worked
        // out the first time, remembered the second (IANA zones), or read
        // from the table's offsets by wall-clock time (VTIMEZONE tables)
        let shifted = |hours: i32| Observance {
            start: Some(at(1970, 1, 1, 0, 0)),
            offset_from: Some(hours * 3600),
            offset_to: Some(hours * 3600),
            ..Observance::default()
        };
        let table =
            |hours| Transitions::build("Fixed", &[shifted(hours)], 2020..=2026).map(Arc::new);
        for zone in [
            Zone::Iana(chrono_tz::America::New_York),
            Zone::Iana(chrono_tz::Australia::Lord_Howe),
            Zone::utc(),
            Zone::Defined(Arc::new(berlin_vtimezone())),
            Zone::Defined(table(3).unwrap()),
            Zone::Defined(table(-7).unwrap()),
        ] {
            for round in 0..2 {
                for step in 0..(365 * 24 * 60 / 37) {
                    let local = at(2024, 1, 1, 0, 0) + Duration::minutes(step * 37);
                    let worked_out = local - Duration::seconds(zone.local_offset(local).into());
                    assert_eq!(
                        zone.to_utc(local).naive_utc(),
                        worked_out,
                        "{local} {round}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_day_either_side_is_adding_a_day() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap();
        let day = Duration::days(1);
        for t in [
            at(2024, 2, 28, 1, 30),
            at(2024, 12, 31, 23, 59),
            at(1, 1, 2, 0, 0),
            leap,
        ] {
            assert_eq!(a_day_from(t, true), t + day, "{t}");
            assert_eq!(a_day_from(t, false), t - day, "{t}");
        }
    }

    #[test]
    fn utc_has_no_offset_at_any_instant() {
        for year in [1, 1600, 1900, 1970, 2024, 2100, 9999] {
            let t = at(year, 6, 1, 12, 0);
            assert_eq!(
                Tz::UTC.offset_from_utc_datetime(&t).fix().local_minus_utc(),
                0
            );
            assert_eq!(Zone::utc().offset_at(t), 0);
        }
    }

    #[test]
    fn ambiguous_time_is_first_occurrence_and_gap_uses_offset_before() {
        let ny = Zone::Iana(Tz::America__New_York);
        // RFC 5545 §3.3.5's own examples
        assert_eq!(ny.to_utc(at(2007, 11, 4, 1, 30)), utc(2007, 11, 4, 5, 30));
        assert_eq!(ny.to_utc(at(2007, 3, 11, 2, 30)), utc(2007, 3, 11, 7, 30));
    }

    fn berlin_vtimezone() -> Transitions {
        let std = Observance {
            start: Some(at(1970, 10, 25, 3, 0)),
            offset_from: Some(7200),
            offset_to: Some(3600),
            rrules: vec!["FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".into()],
            rdates: vec![],
        };
        let dst = Observance {
            start: Some(at(1970, 3, 29, 2, 0)),
            offset_from: Some(3600),
            offset_to: Some(7200),
            rrules: vec!["FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".into()],
            rdates: vec![],
        };
        Transitions::build("Custom Berlin", &[std, dst], 1970..=2100).unwrap()
    }

    #[test]
    fn a_tables_offsets_by_wall_clock_time_are_the_offsets_worked_out() {
        // changes a few hours apart, to three offsets, besides yearly ones
        let part = |start, to, rdates: Vec<NaiveDateTime>| Observance {
            start: Some(start),
            offset_from: Some(3600),
            offset_to: Some(to),
            rrules: vec![],
            rdates,
        };
        let odd = [
            part(at(2024, 5, 1, 0, 0), 5400, vec![at(2024, 5, 2, 0, 0)]),
            part(at(2024, 5, 1, 3, 0), -1800, vec![at(2024, 5, 1, 20, 0)]),
            part(at(2024, 5, 1, 9, 0), 3600, vec![at(2024, 5, 3, 0, 0)]),
        ];
        let odd = Transitions::build("Odd", &odd, 2023..=2025).unwrap();
        for t in [berlin_vtimezone(), odd] {
            let worked_out = |local| local_offset_in(local, |utc| t.offset_at(utc));
            let second = Duration::seconds(1);
            // every start of a stretch and the second before it, and every
            // 7 minutes from two days before each change to two days after
            let starts = t
                .local
                .iter()
                .map(|(start, _)| DateTime::from_timestamp(*start, 0).unwrap().naive_utc());
            let around = t.changes.iter().flat_map(|(at, _)| {
                (-(2 * 24 * 60 / 7)..=(2 * 24 * 60 / 7))
                    .map(move |step| *at + Duration::minutes(step * 7))
            });
            for local in starts.flat_map(|s| [s, s - second]).chain(around) {
                assert_eq!(
                    t.local_offset(local),
                    worked_out(local),
                    "{} {local}",
                    t.tzid
                );
            }
            let first = t.changes[0].0 - Duration::days(400);
            assert_eq!(t.local_offset(first), worked_out(first));
        }
    }

    #[test]
    fn a_1601_outlook_vtimezone_keeps_the_first_years_change_and_is_named_after_its_iana_zone() {
        let std = Observance {
            start: Some(at(1601, 11, 4, 2, 0)),
            offset_from: Some(-4 * 3600),
            offset_to: Some(-5 * 3600),
            rrules: vec!["FREQ=YEARLY;BYDAY=1SU;BYMONTH=11".into()],
            rdates: vec![],
        };
        let dst = Observance {
            start: Some(at(1601, 3, 11, 2, 0)),
            offset_from: Some(-5 * 3600),
            offset_to: Some(-4 * 3600),
            rrules: vec!["FREQ=YEARLY;BYDAY=2SU;BYMONTH=3".into()],
            rdates: vec![],
        };
        let t = Transitions::build("Customized Time Zone", &[std, dst], 2024..=2026).unwrap();
        // the first Sunday of November 2024 is the 3rd, before DTSTART's day (the 4th)
        assert_eq!(t.offset_at(at(2024, 12, 1, 12, 0)), -5 * 3600);
        assert_eq!(t.iana, Some(Tz::America__New_York));
        assert_eq!(Zone::Defined(Arc::new(t)).name(), "America/New_York");
    }

    #[test]
    fn a_shared_table_is_the_table_its_file_would_build() {
        let part = |start, rule: &str, from, to| Observance {
            start: Some(start),
            offset_from: Some(from),
            offset_to: Some(to),
            rrules: vec![rule.into()],
            rdates: vec![],
        };
        let parts = [
            part(
                at(1601, 10, 28, 3, 0),
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                7200,
                3600,
            ),
            part(
                at(1601, 3, 25, 2, 0),
                "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                3600,
                7200,
            ),
        ];
        let built = Transitions::build("Shared Test Zone", &parts, 2023..=2026).unwrap();
        let first = Transitions::shared("Shared Test Zone", &parts, 2023..=2026).unwrap();
        let again = Transitions::shared("Shared Test Zone", &parts, 2023..=2026).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(
            (first.initial, &first.changes),
            (built.initial, &built.changes)
        );
        assert_eq!((first.iana, &first.tzid), (built.iana, &built.tzid));
        // other years or another TZID are another table
        let later = Transitions::shared("Shared Test Zone", &parts, 2024..=2027).unwrap();
        assert!(!Arc::ptr_eq(&first, &later));
        assert!(Transitions::shared("Shared Test Zone", &parts[..0], 2023..=2026).is_none());
    }

    #[test]
    fn vtimezone_rules_give_the_same_offsets_as_iana() {
        let custom = Zone::Defined(Arc::new(berlin_vtimezone()));
        let real = Zone::Iana(Tz::Europe__Berlin);
        for local in [
            at(2024, 3, 31, 1, 59),
            at(2024, 3, 31, 2, 30),
            at(2024, 3, 31, 3, 0),
            at(2024, 10, 27, 2, 30),
            at(2024, 7, 1, 10, 0),
            at(2025, 1, 15, 9, 0),
        ] {
            assert_eq!(custom.to_utc(local), real.to_utc(local), "{local}");
        }
        assert_eq!(custom.to_utc(at(2024, 7, 1, 10, 0)), utc(2024, 7, 1, 8, 0));
        assert_eq!(
            custom.to_local(utc(2024, 12, 1, 8, 0)),
            at(2024, 12, 1, 9, 0)
        );
    }

    #[test]
    fn a_vtimezone_starting_in_year_one_still_has_todays_rules() {
        let parts = [
            Observance {
                start: Some(at(1, 3, 25, 2, 0)),
                offset_from: Some(3600),
                offset_to: Some(7200),
                rrules: vec!["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3".into()],
                rdates: vec![],
            },
            Observance {
                start: Some(at(1, 10, 28, 3, 0)),
                offset_from: Some(7200),
                offset_to: Some(3600),
                rrules: vec!["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10".into()],
                rdates: vec![],
            },
        ];
        let zone = Zone::Defined(Arc::new(
            Transitions::build("W. Europe Standard Time", &parts, 2020..=2030).unwrap(),
        ));
        assert_eq!(zone.to_utc(at(2024, 6, 1, 10, 0)), utc(2024, 6, 1, 8, 0));
        assert_eq!(zone.to_utc(at(2024, 12, 1, 10, 0)), utc(2024, 12, 1, 9, 0));
    }

    #[test]
    fn resolves_in_documented_order() {
        let mut defined = HashMap::new();
        defined.insert("Custom Berlin".to_string(), Arc::new(berlin_vtimezone()));
        defined.insert("Europe/Paris".to_string(), Arc::new(berlin_vtimezone()));
        let mut r = Resolver::new(defined);
        assert_eq!(r.resolve("Europe/Paris").1, ResolvedBy::Iana);
        assert_eq!(r.resolve("US/Eastern").1, ResolvedBy::Iana);
        assert_eq!(
            r.resolve("/mozilla.org/20050126_1/America/New_York")
                .0
                .unwrap()
                .name(),
            "America/New_York"
        );
        assert_eq!(r.resolve("Custom Berlin").1, ResolvedBy::Vtimezone);
        assert_eq!(
            r.resolve("W. Europe Standard Time").0.unwrap().name(),
            "Europe/Berlin"
        );
        assert_eq!(
            r.resolve("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
                .1,
            ResolvedBy::OutlookLabel
        );
        assert_eq!(r.resolve("Middle Earth Time").1, ResolvedBy::Fallback);
    }

    #[test]
    fn globally_unique_tzids_name_the_zone_after_the_solidus() {
        let mut defined = HashMap::new();
        defined.insert("/Custom/Berlin".to_string(), Arc::new(berlin_vtimezone()));
        defined.insert("/Europe/Paris".to_string(), Arc::new(berlin_vtimezone()));
        let mut r = Resolver::new(defined);
        for (tzid, zone) in [
            ("/America/New_York", "America/New_York"),
            ("/US/Eastern", "US/Eastern"),
            (
                "/America/Argentina/Buenos_Aires",
                "America/Argentina/Buenos_Aires",
            ),
            ("//Europe/Berlin", "Europe/Berlin"),
            ("/mozilla.org/20050126_1/America/Boise", "America/Boise"),
        ] {
            assert_eq!(
                r.resolve(tzid).0.map(|z| z.name().to_string()).as_deref(),
                Some(zone),
                "{tzid}"
            );
        }
        // the file's VTIMEZONE of that exact TZID comes first
        assert_eq!(r.resolve("/Europe/Paris").1, ResolvedBy::Vtimezone);
        assert_eq!(
            r.resolve("/Custom/Berlin").0.unwrap().name(),
            "Custom Berlin"
        );
        // 09:00 in New York (EST) is 14:00Z, not 09:00Z
        let ny = r.resolve("/America/New_York").0.unwrap();
        assert_eq!(ny.to_utc(at(2024, 1, 15, 9, 0)), utc(2024, 1, 15, 14, 0));
    }
}

//! Raw times to UTC in the context of one file: its zones, its calendar zone
//! for floating times, and its quality record; plus the import window.

use std::hash::BuildHasher;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::parse::RawEvent;
use super::quality::Quality;
use super::rule::{read_rule, Rule};
use super::tz::{Resolver, Zone};
use super::values::{RawTime, SharedTexts};
use crate::model::{count_participants, Attendee, EventInfo, Span};

/// The UTC window occurrences must overlap (`from` inclusive, `to` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Where rules without COUNT or UNTIL stop (at most `to`).
    pub open_until: DateTime<Utc>,
}

impl Window {
    /// An occurrence is kept when it overlaps the window; a zero-length one
    /// when it starts inside. All-day dates are compared with the window's UTC dates.
    pub fn overlaps(&self, span: &Span) -> bool {
        match *span {
            Span::Timed { start, end } if start == end => start >= self.from && start < self.to,
            Span::Timed { start, end } => start < self.to && end > self.from,
            Span::AllDay { start, end } => {
                let to = self.to.date_naive()
                    + Duration::days(i64::from(self.to.time() != NaiveTime::MIN));
                start < to && end.max(start.succ_opt().unwrap_or(start)) > self.from.date_naive()
            }
        }
    }
}

/// Converts times of one file and builds the shared event data.
pub struct Converter {
    pub resolver: Resolver,
    calendar_zone: Zone,
    pub quality: Quality,
    /// The file's infos, one per (shared list, organizer), for their
    /// participants: counting sorts the list. Looked up with the event's
    /// organizer as it stands, and keyed by the first info's own list and
    /// organizer: a key that copied the organizer cost an allocation and a
    /// free per new list, most events' (see [`pair_hash`]).
    participants: HashTable<Arc<EventInfo>>,
    /// The addresses [`distinct_people`] sorts, one buffer for the file.
    people: Vec<*const u8>,
    /// Each distinct RRULE text of the file, read once: the event's info
    /// asks whether the rule ends, the expansion reads it again (reading
    /// one costs thousands of instructions), and series repeat rules.
    rules: FxHashMap<String, Rc<Result<Rule, String>>>,
    /// The owner's address as the file's attendees share it, once found
    /// (see [`Converter::owner_in`]).
    owner_email: Option<*const u8>,
    /// One copy of the name of each zone the file's events are in, which
    /// their infos share.
    zone_names: SharedTexts,
}

impl Converter {
    /// A converter for a file of `events` events. Its table of participant
    /// counts gets room for one entry per event (most attendee lists of a
    /// file are new): grown from nothing by doubling, it (and the file's
    /// lists, now [`AttendeeLists`](super::attendees::AttendeeLists)) were
    /// rehashed 16 times per bench calendar (callgrind, analyze of the
    /// first 200 bench calendars, 1 thread: take_info 183.5 -> 170.6 M).
    pub fn new(
        resolver: Resolver,
        calendar_zone: Zone,
        quality: Quality,
        events: usize,
    ) -> Converter {
        Converter {
            resolver,
            calendar_zone,
            participants: HashTable::with_capacity(events),
            people: Vec::new(),
            rules: FxHashMap::default(),
            owner_email: None,
            zone_names: SharedTexts::default(),
            quality,
        }
    }

    pub fn calendar_zone(&self) -> Zone {
        self.calendar_zone.clone()
    }

    /// The zone of a TZID, falling back to the calendar's zone (recorded once).
    pub fn zone_named(&mut self, tzid: &str) -> Zone {
        match self.resolver.resolve(tzid) {
            (Some(zone), _) => zone,
            (None, _) => {
                let fallback = self.calendar_zone.clone();
                if !self.quality.unknown_zones.iter().any(|(t, _)| t == tzid) {
                    self.quality
                        .unknown_zones
                        .push((tzid.to_string(), fallback.name().to_string()));
                }
                fallback
            }
        }
    }

    /// UTC instant of a value; floating times and dates use `default`.
    pub fn utc_of(&mut self, raw: &RawTime, default: &Zone) -> DateTime<Utc> {
        match raw {
            RawTime::Utc(at) => Utc.from_utc_datetime(at),
            RawTime::Local { at, tzid: Some(t) } => {
                let zone = self.zone_named(t);
                zone.to_utc(*at)
            }
            RawTime::Local { at, tzid: None } => default.to_utc(*at),
            RawTime::Date(_) => default.to_utc(raw.naive()),
        }
    }

    /// [`read_rule`] of an RRULE's text, read once per file.
    pub fn rule(&mut self, text: &str) -> Rc<Result<Rule, String>> {
        if let Some(read) = self.rules.get(text) {
            return read.clone();
        }
        let read = Rc::new(read_rule(text));
        self.rules.insert(text.to_string(), read.clone());
        read
    }

    /// (all-day, zone, wall-clock time) of a DTSTART (or RECURRENCE-ID);
    /// floating times belong to the calendar's zone.
    pub fn anchor_of(&mut self, start: &RawTime) -> (bool, Zone, NaiveDateTime) {
        match start {
            RawTime::Date(d) => (true, self.calendar_zone(), d.and_time(NaiveTime::MIN)),
            RawTime::Utc(at) => (false, Zone::utc(), *at),
            RawTime::Local { at, tzid: Some(t) } => (false, self.zone_named(t), *at),
            RawTime::Local { at, tzid: None } => (false, self.calendar_zone(), *at),
        }
    }

    /// Builds the data the instances of `ev` share, moving its UID, text and
    /// attendees out of the raw event (the UID is read from the info from
    /// then on, see [`RawEvent::uid`]), so a large file is not copied
    /// twice. `owner` is the file's owner, the same for every event (its
    /// shared address is remembered, see [`Converter::owner_in`]); `start`
    /// is DTSTART in UTC when the caller has worked it out (floating times
    /// in the calendar's zone).
    pub fn take_info(
        &mut self,
        ev: &mut RawEvent,
        owner: Option<&str>,
        start: Option<DateTime<Utc>>,
    ) -> Arc<EventInfo> {
        let utc = Zone::utc();
        let tzid = match ev.dtstart.as_ref().or(ev.recurrence_id.as_ref()) {
            Some(RawTime::Local { tzid: Some(t), .. }) => {
                let zone = self.zone_named(t);
                Some(self.zone_names.get(zone.name()))
            }
            Some(RawTime::Utc(_)) => Some(self.zone_names.get(utc.name())),
            Some(RawTime::Local { tzid: None, .. }) | Some(RawTime::Date(_)) => {
                Some(self.zone_names.get(self.calendar_zone.name()))
            }
            None => None,
        };
        let created = ev.created.as_ref().map(|t| self.utc_of(t, &utc));
        let dtstamp = ev.dtstamp.as_ref().map(|t| self.utc_of(t, &utc));
        let own_zone = self.calendar_zone();
        let series_start = ev
            .dtstart
            .as_ref()
            .filter(|_| ev.recurrence_id.is_none())
            .map(|t| start.unwrap_or_else(|| self.utc_of(t, &own_zone)));
        let attendees = std::mem::take(&mut ev.attendees);
        let pair = pair_hash(&attendees, ev.organizer.as_deref());
        let known = self.participants_known(pair, &attendees, ev.organizer.as_deref());
        let participants = known.unwrap_or_else(|| {
            distinct_people(&attendees, ev.organizer.as_deref(), &mut self.people)
        });
        let owner_partstat = owner
            .and_then(|o| self.owner_in(&attendees, o))
            .map(|a| a.partstat);
        let info = Arc::new(EventInfo {
            participants,
            owner_partstat,
            uid: ev.uid.take(),
            summary: std::mem::take(&mut ev.summary),
            description: ev.description.take(),
            tzid,
            status: ev.status,
            transparent: ev.transparent,
            busy_status: ev.busy_status,
            organizer: ev.organizer.take(),
            attendees,
            is_recurring: !ev.rrules.is_empty()
                || !ev.rdates.is_empty()
                || ev.recurrence_id.is_some(),
            has_end: ev
                .rrules
                .iter()
                .all(|r| matches!(&*self.rule(&r.text), Ok(rule) if rule.has_end())),
            created,
            dtstamp,
            series_start,
            line: ev.line,
        });
        if known.is_none() {
            self.participants
                .insert_unique(pair, info.clone(), |i| info_hash(i));
        }
        info
    }
}

impl Converter {
    /// The participants of the first info with shared list `list` and
    /// `organizer` (`pair` is their [`pair_hash`]), if there is one.
    fn participants_known(
        &self,
        pair: u64,
        list: &Arc<[Attendee]>,
        organizer: Option<&str>,
    ) -> Option<usize> {
        let same = |i: &Arc<EventInfo>| {
            Arc::ptr_eq(&i.attendees, list) && i.organizer.as_deref() == organizer
        };
        self.participants.find(pair, same).map(|i| i.participants)
    }

    /// The owner's entry in `list`. A file's addresses are interned (one
    /// `Arc` per distinct address, see [`super::attendees::AttendeeReader`]),
    /// so once the owner is found in one list, the others are searched for
    /// that pointer: no address is compared as a string again.
    fn owner_in<'l>(&mut self, list: &'l [Attendee], owner: &str) -> Option<&'l Attendee> {
        let address = |a: &Attendee| Arc::as_ptr(&a.email) as *const u8;
        if let Some(known) = self.owner_email {
            return list.iter().find(|a| address(a) == known);
        }
        let found = list.iter().find(|a| &*a.email == owner)?;
        self.owner_email = Some(address(found));
        debug_assert!(
            list.iter()
                .all(|a| (&*a.email == owner) == (address(a) == address(found))),
            "addresses not interned"
        );
        Some(found)
    }
}

/// The hash of a shared attendee list (by its address) and an organizer.
fn pair_hash(list: &Arc<[Attendee]>, organizer: Option<&str>) -> u64 {
    FxBuildHasher.hash_one((list.as_ptr(), organizer))
}

/// [`pair_hash`] of an info's list and organizer.
fn info_hash(info: &EventInfo) -> u64 {
    pair_hash(&info.attendees, info.organizer.as_deref())
}

/// [`count_participants`] of a list whose addresses are interned, one
/// `Arc` per distinct address (as a file's are, see
/// [`super::attendees::AttendeeReader`]): addresses are told apart by
/// pointer, not sorted as strings (a fortieth of the import's
/// instructions). `people` is a buffer to sort them in.
fn distinct_people(
    list: &[Attendee],
    organizer: Option<&str>,
    people: &mut Vec<*const u8>,
) -> usize {
    let persons = || list.iter().filter(|a| a.cutype.is_person());
    people.clear();
    people.extend(persons().map(|a| Arc::as_ptr(&a.email) as *const u8));
    people.sort_unstable();
    people.dedup();
    let apart = organizer.is_some_and(|o| !persons().any(|a| &*a.email == o));
    let n = people.len() + usize::from(apart);
    debug_assert_eq!(
        n,
        count_participants(list, organizer),
        "addresses not interned"
    );
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn window() -> Window {
        let to = Utc.with_ymd_and_hms(2024, 2, 1, 0, 0, 0).unwrap();
        Window {
            from: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
            to,
            open_until: to,
        }
    }

    fn timed(a: (u32, u32), b: (u32, u32)) -> Span {
        let t = |(m, d): (u32, u32)| Utc.with_ymd_and_hms(2024, m, d, 0, 0, 0).unwrap();
        Span::Timed {
            start: t(a),
            end: t(b),
        }
    }

    #[test]
    fn window_keeps_overlaps_and_zero_length_starts_inside() {
        let w = window();
        assert!(w.overlaps(&timed((1, 31), (2, 2))));
        assert!(!w.overlaps(&timed((2, 1), (2, 2))));
        assert!(w.overlaps(&timed((1, 1), (1, 1))));
        assert!(!w.overlaps(&timed((2, 1), (2, 1))));
        let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        assert!(w.overlaps(&Span::AllDay {
            start: day(1, 31),
            end: day(2, 1)
        }));
        assert!(!w.overlaps(&Span::AllDay {
            start: day(2, 1),
            end: day(2, 2)
        }));
        assert!(!w.overlaps(&Span::AllDay {
            start: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            end: day(1, 1)
        }));
    }

    /// A required individual attendee with that address and answer.
    fn who(email: &Arc<str>, partstat: crate::model::PartStat) -> Attendee {
        Attendee {
            email: email.clone(),
            partstat,
            role: crate::model::ParticipationRole::Required,
            cutype: crate::model::CuType::Individual,
        }
    }

    #[test]
    fn participants_are_the_distinct_people_of_a_list_and_its_organizer() {
        use crate::model::{CuType, PartStat, ParticipationRole};
        let mut conv = Converter::new(Resolver::default(), Zone::utc(), Quality::default(), 0);
        let (ann, bob, room): (Arc<str>, Arc<str>, Arc<str>) =
            ("ann@x.org".into(), "bob@x.org".into(), "room@x.org".into());
        let who = |email: &Arc<str>, cutype| Attendee {
            email: email.clone(),
            partstat: PartStat::Accepted,
            role: ParticipationRole::Required,
            cutype,
        };
        // Ann twice (another answer), Bob, and a room, which is no person
        let mut declined = who(&ann, CuType::Individual);
        declined.partstat = PartStat::Declined;
        // one shared list, as the parser makes them
        let list: Arc<[Attendee]> = Arc::new([
            who(&ann, CuType::Individual),
            who(&bob, CuType::Group),
            declined,
            who(&room, CuType::Room),
        ]);
        let mut participants = |attendees: &Arc<[Attendee]>, organizer: Option<&str>| {
            let mut ev = RawEvent {
                attendees: attendees.clone(),
                organizer: organizer.map(str::to_string),
                ..RawEvent::default()
            };
            conv.take_info(&mut ev, None, None).participants
        };
        for (organizer, want) in [
            (None, 2),
            (Some("ann@x.org"), 2),
            (Some("carol@x.org"), 3),
            (Some("room@x.org"), 3),
            // the same pair again is answered from the table
            (Some("carol@x.org"), 3),
            (None, 2),
        ] {
            assert_eq!(participants(&list, organizer), want, "{organizer:?}");
            assert_eq!(count_participants(&list, organizer), want, "{organizer:?}");
        }
        let none = Arc::default();
        assert_eq!(participants(&none, Some("bob@x.org")), 1);
        assert_eq!(participants(&none, None), 0);
        assert_eq!(conv.participants.len(), 6);
    }

    #[test]
    fn the_owner_is_found_by_address_then_by_the_files_shared_copy_of_it() {
        use crate::model::PartStat;
        let mut conv = Converter::new(Resolver::default(), Zone::utc(), Quality::default(), 0);
        let (ann, bob): (Arc<str>, Arc<str>) = ("ann@x.org".into(), "bob@x.org".into());
        let partstat = |conv: &mut Converter, list: &[Attendee]| {
            conv.owner_in(list, "bob@x.org").map(|a| a.partstat)
        };
        // not in the first list: nothing is remembered
        assert_eq!(partstat(&mut conv, &[who(&ann, PartStat::Accepted)]), None);
        assert_eq!(conv.owner_email, None);
        let first = [who(&ann, PartStat::Accepted), who(&bob, PartStat::Declined)];
        assert_eq!(partstat(&mut conv, &first), Some(PartStat::Declined));
        assert_eq!(conv.owner_email, Some(Arc::as_ptr(&bob) as *const u8));
        // then by the shared copy, wherever it stands, and not in a list without it
        let later = [
            who(&bob, PartStat::Tentative),
            who(&ann, PartStat::Accepted),
        ];
        assert_eq!(partstat(&mut conv, &later), Some(PartStat::Tentative));
        assert_eq!(partstat(&mut conv, &[who(&ann, PartStat::Accepted)]), None);
    }
}

//! Meetings as the policies see them: one entry per meeting (UID and start),
//! however many calendars hold a copy, decided from the best-informed copy
//! (the organizer's when it is in the input), and written back the same way
//! into every copy.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::analysis::classify::{role, Role};
use crate::config::Options;
use crate::model::{count_participants, Attendee, EventInfo, Occurrence, PartStat, Span};
use crate::people::Person;

/// A meeting's identity across calendars: UID and the start in the input.
pub type Key = (String, DateTime<Utc>);

/// One meeting, decided once for everyone who has it.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The deciding copy as it was in the input.
    pub occ: Occurrence,
    /// The calendar of the deciding copy.
    pub decider: usize,
    /// Calendars that hold the meeting as a meeting (their owners need the slot free).
    pub holders: Vec<usize>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub removed: bool,
    /// The invitee list now (trimmed by max-attendees).
    pub attendees: Arc<[Attendee]>,
    pub trimmed: bool,
}

impl Shared {
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Distinct people invited now, organizer included.
    pub fn invited(&self) -> usize {
        count_participants(&self.attendees, self.occ.event.organizer.as_deref())
    }

    /// People who spend the time: invitees (organizer included) minus those who declined.
    pub fn people(&self) -> usize {
        let invited = self.invited();
        let declined = self
            .attendees
            .iter()
            .filter(|a| a.cutype.is_person() && a.partstat == PartStat::Declined)
            .count();
        invited.saturating_sub(declined).max(1)
    }

    pub fn person_hours(&self) -> f64 {
        self.minutes() as f64 / 60.0 * self.people() as f64
    }

    /// Whether `person` is still invited (the organizer always is).
    pub fn invites(&self, person: &str) -> bool {
        self.occ.event.organizer.as_deref() == Some(person)
            || self.attendees.iter().any(|a| &*a.email == person)
    }

    /// Whether `cal`'s owner still has the meeting (not removed, not trimmed away).
    pub fn kept_for(&self, cal: &Person) -> bool {
        let trimmed_away = self.trimmed
            && cal
                .calendar
                .owner
                .as_deref()
                .is_some_and(|p| !self.invites(p));
        !self.removed && !trimmed_away
    }
}

/// The key of a timed occurrence.
pub fn key_of(o: &Occurrence) -> Option<Key> {
    match o.span {
        Span::Timed { start, .. } => Some((o.event.uid.clone(), start)),
        Span::AllDay { .. } => None,
    }
}

/// How well a copy is informed: the organizer's own copy first, then the one
/// with the most answers known.
fn rank(cal: &Person, o: &Occurrence) -> (bool, usize) {
    let own = cal.calendar.owner.is_some()
        && cal.calendar.owner.as_deref() == o.event.organizer.as_deref();
    let answers = o
        .event
        .attendees
        .iter()
        .filter(|a| a.cutype.is_person() && a.partstat != PartStat::NeedsAction)
        .count();
    (own, answers)
}

/// Every meeting of every calendar once, in order of start then UID, with
/// its position by key.
#[derive(Debug, Default)]
pub struct Meetings {
    pub list: Vec<Shared>,
    pub by_key: HashMap<Key, usize>,
}

impl Meetings {
    /// The meetings of `calendars`, each decided from its best-informed copy.
    pub fn index(calendars: &[Person], opts: &Options) -> Meetings {
        let mut found: HashMap<Key, Shared> = HashMap::new();
        for (i, cal) in calendars.iter().enumerate() {
            for o in &cal.calendar.occurrences {
                let (Some(key), Span::Timed { start, end }) = (key_of(o), o.span) else {
                    continue;
                };
                if role(&cal.calendar, o, opts) != Role::Meeting {
                    continue;
                }
                let entry = found.entry(key).or_insert_with(|| Shared {
                    occ: o.clone(),
                    decider: i,
                    holders: Vec::new(),
                    start,
                    end,
                    removed: false,
                    attendees: Arc::clone(&o.event.attendees),
                    trimmed: false,
                });
                entry.holders.push(i);
                if rank(cal, o) > rank(&calendars[entry.decider], &entry.occ) {
                    entry.occ = o.clone();
                    entry.decider = i;
                    entry.attendees = Arc::clone(&o.event.attendees);
                }
            }
        }
        let mut list: Vec<(Key, Shared)> = found.into_iter().collect();
        list.sort_by(|a, b| (a.0 .1, &a.0 .0).cmp(&(b.0 .1, &b.0 .0)));
        let by_key = list
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i))
            .collect();
        Meetings {
            list: list.into_iter().map(|(_, s)| s).collect(),
            by_key,
        }
    }

    /// The meeting an occurrence is a copy of.
    pub fn of(&self, o: &Occurrence) -> Option<(usize, &Shared)> {
        let i = *self.by_key.get(&key_of(o)?)?;
        self.list.get(i).map(|s| (i, s))
    }

    /// `cal` with every copy of a decided meeting rewritten: dropped when the
    /// meeting was removed or the owner trimmed from it, else moved, shortened
    /// and given the trimmed invitee list.
    pub fn write_back(&self, cal: &Person) -> Person {
        let mut out = cal.clone();
        out.calendar.occurrences = cal
            .calendar
            .occurrences
            .iter()
            .filter_map(|o| match self.of(o) {
                None => Some(o.clone()),
                Some((_, s)) if !s.kept_for(cal) => None,
                Some((_, s)) => Some(rewritten(o, s)),
            })
            .collect();
        out.calendar.occurrences.sort_by_key(|o| o.span);
        out.calendar.quality.occurrences = out.calendar.occurrences.len();
        out
    }
}

fn rewritten(o: &Occurrence, s: &Shared) -> Occurrence {
    let event = if s.trimmed {
        Arc::new(EventInfo {
            attendees: Arc::clone(&s.attendees),
            participants: count_participants(&s.attendees, o.event.organizer.as_deref()),
            ..(*o.event).clone()
        })
    } else {
        Arc::clone(&o.event)
    };
    Occurrence {
        event,
        recurrence_id: o.recurrence_id,
        span: Span::Timed {
            start: s.start,
            end: s.end,
        },
    }
}

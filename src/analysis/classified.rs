//! One pass over a calendar: every occurrence classified once for its owner
//! (see [`role`](super::classify::role)), with the per-event facts the later passes need (series
//! key, kind) worked out once per distinct event. Person-days, focus cost,
//! the heat map and the team's meeting list all read this, so none of them
//! classifies an occurrence again or lower-cases a title per instance.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};

use super::classify::{is_focus_title, participants, role_with, Role};
use super::exclusions::{rule_given, Exclusions};
use super::interned::Interned;
use super::intervals::Interval;
use super::kind::{by_size, Kind};
use super::series::series_key_with;
use crate::config::{Options, WorkingHours};
use crate::model::{AgendaMarks, Calendar, EventInfo, Occurrence, Span};
use crate::people::{Days, Person};

/// One meeting in its owner's calendar.
#[derive(Debug)]
pub struct Slot<'a> {
    pub occ: &'a Occurrence,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Local date of the start in the owner's zone: the day it counts in.
    pub date: NaiveDate,
    /// The start in the owner's zone, kept from the one zone lookup that
    /// gave `date` (the heat map walks local hours from it).
    pub local_start: NaiveDateTime,
    /// Series key (see [`series_key`](super::series::series_key)), shared between the instances.
    pub series: Arc<str>,
    pub kind: Kind,
    /// The run's copy of the title (see [`Interned::title`]).
    pub title: Arc<str>,
    /// What the title shows of an agenda, read once per distinct title.
    pub title_agenda: AgendaMarks,
}

/// A person's occurrences sorted into what their day is made of.
#[derive(Debug)]
pub struct Classified<'a> {
    /// The person's merged calendar.
    pub cal: &'a Calendar,
    /// The owner's address, or the calendar's name when no owner is known.
    pub person: Arc<str>,
    pub tz: Tz,
    pub hours: WorkingHours,
    /// Meetings on the analysed days, sorted by start.
    pub meetings: Vec<Slot<'a>>,
    /// Meetings on the analysed days the person declined (for series statistics only).
    pub declined: Vec<Slot<'a>>,
    /// Other busy timed time (appointments, lunch, room holds), unsorted.
    pub other_busy: Vec<Interval>,
    /// Analysed local dates taken by an opaque all-day event.
    pub days_off: FxHashSet<NaiveDate>,
    /// The analysed local days (see [`Person::days`]); `None`: nothing to analyse.
    pub period: Option<Days>,
    /// Every item left out, by the rule that left it out (data_quality).
    pub left_out: Exclusions,
}

/// Classifies every occurrence of a person once, and counts what is left
/// out by which rule from the same role and day (data_quality). Occurrences
/// outside the analysed days are left out, and an all-day event marks only
/// analysed days off, so the work never grows with an event's own span.
pub fn classify<'a>(p: &'a Person, opts: &Options, shared: &Interned) -> Classified<'a> {
    let cal = &p.calendar;
    let tz = p.zone;
    // the maps per event hold at most one entry per occurrence: made that
    // large at once, they are never grown (growing them step by step was
    // most of their cost)
    let events = cal.occurrences.len();
    let mut facts = EventFacts {
        shared,
        by_event: FxHashMap::with_capacity_and_hasher(events, Default::default()),
        by_text: FxHashMap::with_capacity_and_hasher(events, Default::default()),
    };
    // room for every occurrence at once (most are meetings): growing the
    // list step by step copied it a dozen times
    let mut meetings = Vec::with_capacity(cal.occurrences.len());
    let mut declined = Vec::new();
    let mut other_busy = Vec::new();
    let mut days_off = FxHashSet::default();
    let mut left_out = Exclusions::default();
    // whether an event's title names a focus block, per event (see [`role_with`])
    let mut focus_titles: FxHashMap<*const EventInfo, bool> =
        FxHashMap::with_capacity_and_hasher(events, Default::default());
    for o in &cal.occurrences {
        let role = role_with(cal, o, opts, |title| {
            *focus_titles
                .entry(Arc::as_ptr(&o.event))
                .or_insert_with(|| is_focus_title(title, opts))
        });
        let analysed = p.days.is_some_and(|d| d.place(tz, &o.span).is_eq());
        if let Some(rule) = rule_given(o, role, analysed) {
            left_out.note(rule, o);
        }
        match (role, o.span) {
            (Role::Meeting | Role::Declined, Span::Timed { start, end }) => {
                if !analysed {
                    continue;
                }
                // worked out once: a zone lookup
                let local_start = start.with_timezone(&tz).naive_local();
                let date = local_start.date();
                let Facts {
                    series,
                    kind,
                    title,
                    title_agenda,
                } = facts.of(o);
                let into = if role == Role::Meeting {
                    &mut meetings
                } else {
                    &mut declined
                };
                into.push(Slot {
                    occ: o,
                    start,
                    end,
                    date,
                    local_start,
                    series,
                    kind,
                    title,
                    title_agenda,
                });
            }
            (Role::Busy, Span::Timed { start, end }) => other_busy.push((start, end)),
            (Role::DayOff, Span::AllDay { start, end }) => {
                if let Some(days) = p.days {
                    let to = end.min(days.last.succ_opt().unwrap_or(days.last));
                    days_off.extend(start.max(days.first).iter_days().take_while(|d| *d < to));
                }
            }
            _ => {}
        }
    }
    meetings.sort_by_key(|s| (s.start, s.end));
    Classified {
        cal,
        person: p.id.clone(),
        tz,
        hours: p.hours,
        meetings,
        declined,
        other_busy,
        days_off,
        period: p.days,
        left_out,
    }
}

/// Series key, kind, the run's copy of the title and what the title shows
/// of an agenda, worked out once per distinct event (a shared `Arc`) and,
/// for files that repeat an event per instance, once per distinct
/// combination of what they depend on (see [`TextKey`]); what the title
/// says is looked up in the run's `shared` store, and the key is shared
/// with the other people's copies.
struct EventFacts<'a, 's> {
    shared: &'s Interned,
    by_event: FxHashMap<*const EventInfo, Facts>,
    by_text: FxHashMap<TextKey<'a>, Facts>,
}

/// What [`EventFacts`] works out for an event.
#[derive(Clone)]
struct Facts {
    series: Arc<str>,
    kind: Kind,
    title: Arc<str>,
    title_agenda: AgendaMarks,
}

/// What the series key (UID when recurring, else title and organizer) and
/// the kind (title and participants) depend on: (UID when recurring, title,
/// organizer, participants).
type TextKey<'a> = (Option<&'a str>, &'a str, &'a str, usize);

impl<'a> EventFacts<'a, '_> {
    fn of(&mut self, o: &'a Occurrence) -> Facts {
        let (by_text, shared) = (&mut self.by_text, self.shared);
        self.by_event
            .entry(Arc::as_ptr(&o.event))
            .or_insert_with(|| {
                let ev = &*o.event;
                let key = (
                    ev.is_recurring.then_some(ev.uid.as_str()),
                    ev.summary.as_str(),
                    ev.organizer.as_deref().unwrap_or(""),
                    ev.participants,
                );
                by_text
                    .entry(key)
                    .or_insert_with(|| {
                        let title = shared.title(&ev.summary);
                        Facts {
                            series: shared.str(&series_key_with(o, || title.normalised)),
                            kind: by_size(title.kind, participants(o)),
                            title: title.text,
                            title_agenda: title.agenda,
                        }
                    })
                    .clone()
            })
            .clone()
    }
}

impl Classified<'_> {
    /// All busy intervals (meetings and other busy time), unsorted.
    pub fn busy(&self) -> impl Iterator<Item = Interval> + '_ {
        self.meetings
            .iter()
            .map(|s| (s.start, s.end))
            .chain(self.other_busy.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::interned::Interned;
    use crate::ics::{import_bytes, ImportOptions};

    /// The calendar as one person, analysed from `from` to the day before `to`.
    fn person(text: &str, from: &str, to: &str) -> Person {
        let at = |d: &str| Some(format!("{d}T00:00:00Z").parse().unwrap());
        let window = ImportOptions {
            from: at(from),
            to: at(to),
            ..ImportOptions::default()
        };
        crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &window),
            &Options::default(),
        )
    }

    #[test]
    fn instances_share_one_series_key_and_each_role_lands_in_its_place() {
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:Europe/Berlin\n\
BEGIN:VEVENT\nUID:su\nSUMMARY:Daily stand-up\nDTSTART;TZID=Europe/Berlin:20240108T093000\nDTEND;TZID=Europe/Berlin:20240108T094500\nRRULE:FREQ=DAILY;COUNT=3\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:dentist\nSUMMARY:Dentist\nDTSTART;TZID=Europe/Berlin:20240109T140000\nDTEND;TZID=Europe/Berlin:20240109T150000\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:off\nSUMMARY:Vacation\nDTSTART;VALUE=DATE:20240111\nDTEND;VALUE=DATE:20240113\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:free\nSUMMARY:Maybe\nTRANSP:TRANSPARENT\nDTSTART;TZID=Europe/Berlin:20240109T160000\nDTEND;TZID=Europe/Berlin:20240109T170000\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n\
END:VCALENDAR\n";
        let cal = person(text, "2024-01-08", "2024-01-13");
        let c = classify(&cal, &Options::default(), &Interned::default());
        assert_eq!(c.meetings.len(), 3);
        assert!(Arc::ptr_eq(&c.meetings[0].series, &c.meetings[2].series));
        assert_eq!(&*c.meetings[0].series, "uid:su");
        assert_eq!(c.meetings[0].kind, Kind::StandUp);
        assert_eq!(c.other_busy.len(), 1);
        let d = |day| NaiveDate::from_ymd_opt(2024, 1, day).unwrap();
        assert_eq!(c.days_off.len(), 2);
        assert!(c.days_off.contains(&d(11)) && c.days_off.contains(&d(12)));
        assert_eq!(c.period.map(|p| (p.first, p.last)), Some((d(8), d(12))));
        assert_eq!(&*c.person, "me@x.org");
    }

    #[test]
    fn a_renamed_instance_keeps_its_series_but_gets_its_own_kind() {
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\n\
BEGIN:VEVENT\nUID:su\nSUMMARY:Daily stand-up\nDTSTART:20240108T093000Z\nDTEND:20240108T094500Z\nRRULE:FREQ=DAILY;COUNT=3\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:su\nRECURRENCE-ID:20240109T093000Z\nSUMMARY:Outage war room\nDTSTART:20240109T093000Z\nDTEND:20240109T103000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n\
END:VCALENDAR\n";
        let cal = person(text, "2024-01-08", "2024-01-11");
        let c = classify(&cal, &Options::default(), &Interned::default());
        let kinds: Vec<Kind> = c.meetings.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::StandUp, Kind::Incident, Kind::StandUp]);
        assert!(c.meetings.iter().all(|s| &*s.series == "uid:su"));
    }
}

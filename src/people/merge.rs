//! One person's calendars to one list of occurrences: a meeting found in two
//! of their calendars counts once, and a calendar without an owner of its own
//! contributes only what is the person's (events they organise or attend,
//! and a holiday feed's days off).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{EventInfo, Occurrence, Span};

/// What identifies one instance across calendars: the UID (the title when
/// there is none) and when it happens.
type InstanceId = (Arc<str>, Span);

/// Collects occurrences, first copy wins.
#[derive(Default)]
pub struct Merger {
    seen: FxHashSet<InstanceId>,
    pub occurrences: Vec<Occurrence>,
}

/// What one calendar added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub duplicates: usize,
    pub not_theirs: usize,
}

impl Merger {
    /// Adds an own calendar's occurrences (the owner is the person).
    pub fn own(&mut self, occurrences: Vec<Occurrence>) -> Added {
        let mut added = Added::default();
        for o in occurrences {
            added.duplicates += usize::from(!self.push(o));
        }
        added
    }

    /// Adds what of a secondary calendar is the person's: events they
    /// organise or attend (with their own answer), and on a holiday feed the
    /// all-day events, made opaque (feeds mark holidays free).
    pub fn secondary(
        &mut self,
        occurrences: Vec<Occurrence>,
        person: &str,
        holiday_feed: bool,
    ) -> Added {
        let mut added = Added::default();
        let mut as_theirs: FxHashMap<*const EventInfo, Option<Arc<EventInfo>>> =
            FxHashMap::default();
        for mut o in occurrences {
            let theirs = as_theirs
                .entry(Arc::as_ptr(&o.event))
                .or_insert_with(|| theirs(&o, person, holiday_feed))
                .clone();
            match theirs {
                Some(event) => {
                    o.event = event;
                    added.duplicates += usize::from(!self.push(o));
                }
                None => added.not_theirs += 1,
            }
        }
        added
    }

    fn push(&mut self, o: Occurrence) -> bool {
        let uid: Arc<str> = if o.event.uid.is_empty() {
            o.event.summary.as_str().into()
        } else {
            o.event.uid.as_str().into()
        };
        let fresh = self.seen.insert((uid, o.span));
        if fresh {
            self.occurrences.push(o);
        }
        fresh
    }

    /// The merged occurrences, sorted as the importer sorts them.
    pub fn finish(mut self) -> Vec<Occurrence> {
        self.occurrences.sort_by(|a, b| {
            a.span
                .cmp(&b.span)
                .then_with(|| a.event.uid.cmp(&b.event.uid))
        });
        self.occurrences
    }
}

/// The event as the person's, or `None` when it is not theirs.
fn theirs(o: &Occurrence, person: &str, holiday_feed: bool) -> Option<Arc<EventInfo>> {
    let ev = &o.event;
    if holiday_feed && matches!(o.span, Span::AllDay { .. }) {
        let mut opaque = (**ev).clone();
        opaque.transparent = false;
        opaque.busy_status = None;
        return Some(Arc::new(opaque));
    }
    let answer = ev
        .attendees
        .iter()
        .find(|a| &*a.email == person)
        .map(|a| a.partstat);
    let organises = ev.organizer.as_deref() == Some(person);
    if answer.is_none() && !organises {
        return None;
    }
    let mut mine = (**ev).clone();
    mine.owner_partstat = answer;
    Some(Arc::new(mine))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};
    use crate::model::PartStat;

    fn occurrences(body: &str) -> Vec<Occurrence> {
        let text = format!("BEGIN:VCALENDAR\n{body}END:VCALENDAR\n");
        import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()).occurrences
    }

    const SHARED: &str = "BEGIN:VEVENT\nUID:planning\nDTSTART:20250304T100000Z\nDTEND:20250304T110000Z\nORGANIZER:mailto:bo@x.org\nATTENDEE;PARTSTAT=TENTATIVE:mailto:ana@x.org\nEND:VEVENT\n";

    #[test]
    fn a_meeting_in_two_calendars_counts_once_and_others_events_are_not_theirs() {
        let mut m = Merger::default();
        assert_eq!(m.own(occurrences(SHARED)), Added::default());
        let team = format!("{SHARED}BEGIN:VEVENT\nUID:bo-1on1\nDTSTART:20250305T100000Z\nDTEND:20250305T110000Z\nORGANIZER:mailto:bo@x.org\nATTENDEE:mailto:cy@x.org\nEND:VEVENT\n");
        let added = m.secondary(occurrences(&team), "ana@x.org", false);
        assert_eq!(
            added,
            Added {
                duplicates: 1,
                not_theirs: 1
            }
        );
        let merged = m.finish();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].event.uid, "planning");
    }

    #[test]
    fn a_secondary_calendar_gets_the_persons_answer_and_holidays_become_opaque() {
        let holiday = "BEGIN:VEVENT\nUID:h\nDTSTART;VALUE=DATE:20250501\nDTEND;VALUE=DATE:20250502\nTRANSP:TRANSPARENT\nSUMMARY:Labour Day\nEND:VEVENT\n";
        let mut m = Merger::default();
        m.secondary(occurrences(SHARED), "ana@x.org", false);
        let added = m.secondary(occurrences(holiday), "ana@x.org", true);
        assert_eq!(added, Added::default());
        let merged = m.finish();
        assert_eq!(merged[0].event.owner_partstat, Some(PartStat::Tentative));
        assert!(!merged[1].event.transparent);
        // a holiday on a calendar that is no holiday feed is not the person's
        let mut other = Merger::default();
        assert_eq!(
            other
                .secondary(occurrences(holiday), "ana@x.org", false)
                .not_theirs,
            1
        );
    }
}

//! The MAP of the analysis: one person's calendar turned into compact, owned
//! rows (a [`PersonPartial`]) while it is in memory, so that everything
//! after (the REDUCE in [`super::reduce`]) reads only these rows and never a
//! calendar. A partial holds nothing proportional to the raw input: no
//! description, no attendee list per occurrence (one per event), no
//! occurrence outside the analysed days. Each person's term of a team
//! number that sums over attendees (focus cost, burden, heat map) depends
//! on their own calendar only, so it is worked out here; what needs several
//! people (meeting dedupe, series, groups, core windows, moves) is left to
//! the reduce. docs/scale-out.md lists the rows and their Parquet schema.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};

use super::burden::{person_burden, Burden};
use super::classified::{classify, Classified, Slot};
use super::core_hours::{hours_mask, SLOTS};
use super::exclusions::Exclusions;
use super::focus_cost::{focus_cost, FocusCost};
use super::heatmap::{person_grid, Heatmap};
use super::interned::Interned;
use super::intervals::Interval;
use super::person::{person_days, PersonDay};
use super::series::{CopyEvent, Invitations, MeetingCopy};
use crate::config::{Options, WorkingHours};
use crate::model::EventInfo;
use crate::people::Person;

/// Who a person is to the reduce: the settings and roster columns of a
/// [`Person`], without the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMeta {
    pub id: Arc<str>,
    /// The calendar's owner address: the name invitations use for them.
    pub owner: Option<String>,
    pub zone: Tz,
    pub hours: WorkingHours,
    /// The first and last analysed local day (`None`: nothing to analyse).
    pub analysed: Option<(NaiveDate, NaiveDate)>,
    /// Roster columns (the groups read them).
    pub attributes: BTreeMap<String, String>,
}

/// Everything the reduce needs from one person's calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonPartial {
    pub meta: PersonMeta,
    pub person_days: Vec<PersonDay>,
    /// Focus minutes this person lost, per series (per meeting: in each copy).
    pub focus: FocusCost,
    /// Copies of the meetings they attend on the analysed days, sorted by start.
    pub meetings: Vec<MeetingCopy>,
    /// Copies of the meetings they declined (series statistics only).
    pub declined: Vec<MeetingCopy>,
    /// Other busy time (the best move of a meeting must avoid it).
    pub other_busy: Vec<Interval>,
    /// Analysed dates taken by an all-day event.
    pub days_off: FxHashSet<NaiveDate>,
    pub burden: Burden,
    /// Per UTC quarter hour: inside their hours on most working days.
    pub hours_mask: [bool; SLOTS],
    /// Their meeting hours by local weekday and hour, over their counted
    /// weeks (summed, not yet divided by the team's person-weeks).
    pub heatmap: Heatmap,
}

/// The map step: classify the person's calendar once and keep the compact
/// rows, their text shared with the other people's through `shared`, and
/// what was left out of the calendar (for data_quality: counted in the same
/// pass, see [`classify`]).
pub fn map(p: &Person, opts: &Options, shared: &Interned) -> (PersonPartial, Exclusions) {
    let c = classify(p, opts, shared);
    let person_days = person_days(&c, opts);
    let (focus, focus_by_meeting) = focus_cost(&c, opts);
    let (meetings, declined) = copies(&c, &focus_by_meeting, shared);
    let mut partial = PersonPartial {
        meta: PersonMeta {
            id: p.id.clone(),
            owner: p.calendar.owner.clone(),
            zone: p.zone,
            hours: p.hours,
            analysed: p.days.map(|d| (d.first, d.last)),
            attributes: p.attributes.clone(),
        },
        focus,
        meetings,
        declined,
        other_busy: c.other_busy.clone(),
        burden: Burden::default(),
        hours_mask: hours_mask(&c),
        heatmap: person_grid(&c, &person_days),
        days_off: c.days_off,
        person_days,
    };
    let left_out = c.left_out;
    partial.burden = person_burden(&partial);
    (partial, left_out)
}

/// Owned copies of the attended meetings (with the focus minutes each cost,
/// in the order of `c.meetings`) and of the declined ones, the facts of each
/// event worked out once and shared by its instances.
fn copies<'a>(
    c: &Classified<'a>,
    focus_min: &[i64],
    shared: &'a Interned,
) -> (Vec<MeetingCopy>, Vec<MeetingCopy>) {
    // at most one event per copy: made that large at once, never grown
    let copies = c.meetings.len() + c.declined.len();
    let mut events: FxHashMap<*const EventInfo, Arc<CopyEvent>> =
        FxHashMap::with_capacity_and_hasher(copies, Default::default());
    let mut invitations = Invitations::new(shared);
    let mut copy = |s: &Slot<'a>, focus_min: i64| {
        let event = events
            .entry(Arc::as_ptr(&s.occ.event))
            .or_insert_with(|| Arc::new(CopyEvent::of(s, &mut invitations)))
            .clone();
        MeetingCopy::of(s, event, focus_min)
    };
    let meetings = c
        .meetings
        .iter()
        .zip(focus_min)
        .map(|(s, m)| copy(s, *m))
        .collect();
    let declined = c.declined.iter().map(|s| copy(s, 0)).collect();
    (meetings, declined)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};

    /// Ana's week of 8 January 2024: a daily stand-up (three instances, one
    /// declined), a dentist appointment, and a one-off on the 20th, after
    /// the analysed days.
    pub(crate) fn ana() -> Person {
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:ana@x.org\nX-WR-TIMEZONE:UTC\n\
X-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240113T000000Z\n\
BEGIN:VEVENT\nUID:su\nSUMMARY:Daily stand-up\nDESCRIPTION:Agenda: blockers\nDTSTART:20240108T093000Z\nDTEND:20240108T094500Z\nRRULE:FREQ=DAILY;COUNT=3\nORGANIZER:mailto:bo@x.org\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@x.org\nATTENDEE:mailto:cy@x.org\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:su\nRECURRENCE-ID:20240110T093000Z\nSUMMARY:Daily stand-up\nDTSTART:20240110T093000Z\nDTEND:20240110T094500Z\nORGANIZER:mailto:bo@x.org\nATTENDEE;PARTSTAT=DECLINED:mailto:ana@x.org\nATTENDEE:mailto:cy@x.org\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:dentist\nSUMMARY:Dentist\nDTSTART:20240109T140000Z\nDTEND:20240109T150000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:late\nSUMMARY:Late\nDTSTART:20240120T100000Z\nDTEND:20240120T110000Z\nORGANIZER:mailto:bo@x.org\nATTENDEE:mailto:ana@x.org\nEND:VEVENT\n\
END:VCALENDAR\n";
        let cal = import_bytes(text.as_bytes(), "ana.ics", &ImportOptions::default());
        crate::people::one_person(cal, &Options::default())
    }

    #[test]
    fn a_partial_keeps_owned_copies_on_the_analysed_days_with_one_event_per_series() {
        let (p, _) = map(&ana(), &Options::default(), &Interned::default());
        assert_eq!(&*p.meta.id, "ana@x.org");
        let d = |day| NaiveDate::from_ymd_opt(2024, 1, day).unwrap();
        assert_eq!(p.meta.analysed, Some((d(8), d(12))));
        // 8 and 9 January attended, the 10th declined (its override), the 20th not analysed
        let dates: Vec<NaiveDate> = p.meetings.iter().map(|c| c.date).collect();
        assert_eq!(dates, [d(8), d(9)]);
        assert_eq!(p.declined.len(), 1);
        assert!(Arc::ptr_eq(&p.meetings[0].event, &p.meetings[1].event));
        let ev = &p.meetings[0].event;
        // bo (organizer), ana and cy; ana's answer is the one known
        let invited: Vec<&str> = ev.invited.iter().map(|a| &**a).collect();
        assert_eq!(invited, ["ana@x.org", "cy@x.org", "bo@x.org"]);
        assert_eq!((ev.invitees, ev.answered, ev.has_agenda), (3, 1, true));
        assert_eq!(p.declined[0].event.declined, 1);
        // the dentist is other busy time; five person-days
        assert_eq!(p.other_busy.len(), 1);
        assert_eq!(p.person_days.len(), 5);
        assert_eq!(p.burden.meetings, 2);
    }

    #[test]
    fn events_with_one_attendee_list_share_its_answers_unless_their_organizers_differ() {
        // one list (the importer shares it), organized by bo twice and by cy
        // once; bo declined his own meeting, room1 is not a person
        let list = "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@x.org\nATTENDEE;PARTSTAT=DECLINED:mailto:bo@x.org\n\
ATTENDEE;PARTSTAT=TENTATIVE:mailto:cy@x.org\nATTENDEE:mailto:dee@x.org\nATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:room1@x.org\n";
        let event = |uid: &str, day: u32, organizer: &str| {
            format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:Review\nDTSTART:202401{day:02}T100000Z\nDTEND:202401{day:02}T110000Z\nORGANIZER:mailto:{organizer}@x.org\n{list}END:VEVENT\n")
        };
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:ana@x.org\nX-WR-TIMEZONE:UTC\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240113T000000Z\n{}{}{}END:VCALENDAR\n",
            event("r1", 8, "bo"),
            event("r2", 9, "bo"),
            event("r3", 10, "cy")
        );
        let cal = import_bytes(text.as_bytes(), "ana.ics", &ImportOptions::default());
        let person = crate::people::one_person(cal, &Options::default());
        let (p, _) = map(&person, &Options::default(), &Interned::default());
        let ev: Vec<&CopyEvent> = p.meetings.iter().map(|c| &*c.event).collect();
        assert_eq!(ev.len(), 3);
        assert!(Arc::ptr_eq(&ev[0].invited, &ev[1].invited));
        let invited = |e: &CopyEvent| e.invited.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        let people = ["ana@x.org", "bo@x.org", "cy@x.org", "dee@x.org"];
        assert_eq!(invited(ev[0]), [&people[..], &["bo@x.org"]].concat());
        assert_eq!(invited(ev[2]), [&people[..], &["cy@x.org"]].concat());
        for e in &ev {
            let counts = (e.accepted, e.declined, e.tentative, e.no_answer, e.answered);
            assert_eq!(counts, (1, 1, 1, 1, 3), "{}", e.uid);
        }
        // the organizer's own decline counts only where he organizes
        let declined: Vec<bool> = ev.iter().map(|e| e.organizer_declined).collect();
        assert_eq!(declined, [true, true, false]);
        assert_eq!(ev[2].organizer.as_deref(), Some("cy@x.org"));
    }
}

//! Hand-checked projections on tiny calendars.

use super::*;
use crate::analysis::analyze;
use crate::ics::{import_bytes, ImportOptions};
use crate::model::Span;

/// A VEVENT on January `day` 2024 (UTC; the 10th is a Wednesday).
fn event(uid: &str, day: u32, start: &str, end: &str, people: &[&str]) -> String {
    let attendees: String = people.iter().map(|p| format!("ATTENDEE;{p}\n")).collect();
    format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:202401{day:02}T{start}00Z\nDTEND:202401{day:02}T{end}00Z\nORGANIZER:mailto:ana@x.org\n{attendees}END:VEVENT\n")
}

fn calendar(owner: &str, events: &str) -> Person {
    let text = format!(
        "BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\n{events}END:VCALENDAR\n"
    );
    let cal = import_bytes(
        text.as_bytes(),
        &format!("{owner}.ics"),
        &ImportOptions::default(),
    );
    crate::people::one_person(cal, &Options::default())
}

fn run(calendars: &[Person], policy: &str) -> Simulation {
    let opts = Options::default();
    let a = analyze(calendars, &opts);
    simulate(calendars, &[policy.parse().unwrap()], &a, &opts)
}

/// (uid, "Thu 09:00-10:00") of each occurrence of calendar `i`.
fn slots(s: &Simulation, i: usize) -> Vec<(String, String)> {
    s.people[i]
        .calendar
        .occurrences
        .iter()
        .filter_map(|o| match o.span {
            Span::Timed { start, end } => Some((
                o.event.uid.clone(),
                format!("{}-{}", start.format("%a %H:%M"), end.format("%H:%M")),
            )),
            Span::AllDay { .. } => None,
        })
        .collect()
}

const BOB: &str = "mailto:bob@x.org";

#[test]
fn a_shared_wednesday_meeting_moves_to_the_same_thursday_slot_for_both() {
    // ana organizes Wed 10:00-11:00 with bob. Thursday 10:00 is free for ana but bob has
    // a meeting with cy then, so the meeting may not keep its time; the first quarter hour
    // of Thursday free for both inside 09:00-17:00 is 09:00 (bob's Thursday meeting is 10-11)
    let shared = event("weekly", 10, "1000", "1100", &[BOB]);
    let ana = calendar("ana@x.org", &shared);
    let bob_busy = "BEGIN:VEVENT\nUID:cy\nSUMMARY:cy\nDTSTART:20240111T100000Z\nDTEND:20240111T110000Z\nORGANIZER:mailto:cy@x.org\nATTENDEE:mailto:bob@x.org\nEND:VEVENT\n";
    let bob = calendar("bob@x.org", &(shared.clone() + bob_busy));
    let s = run(&[ana, bob], "no-meeting-day=WED");
    let moved = ("weekly".to_string(), "Thu 09:00-10:00".to_string());
    assert!(slots(&s, 0).contains(&moved), "{:?}", slots(&s, 0));
    assert!(slots(&s, 1).contains(&moved), "{:?}", slots(&s, 1));
    assert_eq!(s.actions.len(), 1);
    assert_eq!(s.actions[0].outcome, Outcome::Moved);
    // analysed again, the projection holds the meeting once, on Thursday
    let projected = analyze(&s.people, &Options::default());
    assert_eq!(
        projected
            .meetings
            .iter()
            .filter(|m| &*m.uid == "weekly")
            .count(),
        1
    );
}

#[test]
fn a_meeting_with_no_common_free_slot_is_kept_and_reported() {
    // bob is busy all of Tue, Thu, Mon and Fri 09:00-17:00
    let shared = event("weekly", 10, "1000", "1100", &[BOB]);
    let ana = calendar("ana@x.org", &shared);
    let blocks: String = [8u32, 9, 11, 12]
        .iter()
        .map(|d| format!("BEGIN:VEVENT\nUID:b{d}\nSUMMARY:block\nDTSTART:202401{d:02}T090000Z\nDTEND:202401{d:02}T170000Z\nORGANIZER:mailto:cy@x.org\nATTENDEE:mailto:bob@x.org\nEND:VEVENT\n"))
        .collect();
    let bob = calendar("bob@x.org", &(shared.clone() + &blocks));
    let s = run(&[ana, bob], "no-meeting-day=WED");
    assert_eq!(s.actions[0].outcome, Outcome::KeptNoSlot);
    assert!(slots(&s, 0).contains(&("weekly".into(), "Wed 10:00-11:00".into())));
    let dropped = run(&s.people, "no-meeting-day=WED:drop");
    assert!(dropped.people.iter().all(|c| c
        .calendar
        .occurrences
        .iter()
        .all(|o| o.event.uid != "weekly")));
}

#[test]
fn max_attendees_trims_the_invitee_list_and_the_person_hours() {
    // 6 people, 60 min: organizer ana; required+accepted dan, bob; required unanswered cy;
    // optional accepted eve; optional declined fay. max 3 keeps ana, then bob and dan
    // (required and accepted, by address); cy, eve and fay are cut.
    let people = [
        "PARTSTAT=ACCEPTED:mailto:dan@x.org",
        "PARTSTAT=ACCEPTED:mailto:bob@x.org",
        "PARTSTAT=NEEDS-ACTION:mailto:cy@x.org",
        "ROLE=OPT-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:eve@x.org",
        "ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:fay@x.org",
    ];
    let big = event("big", 8, "1000", "1100", &people);
    let cals: Vec<Person> = ["ana@x.org", "bob@x.org", "cy@x.org"]
        .iter()
        .map(|o| calendar(o, &big))
        .collect();
    let s = run(&cals, "max-attendees=3");
    let a = &s.actions[0];
    assert_eq!(a.outcome, Outcome::Trimmed);
    // before: 6 invited, fay declined -> 5 people, 5 person-hours; after: 3 people, 3 person-hours
    assert_eq!((a.people_before, a.people_after), (5, 3));
    assert_eq!((a.person_hours_before, a.person_hours_after), (5.0, 3.0));
    assert_eq!(a.person_hours(), 2.0);
    // cy was cut: gone from cy's calendar; ana's and bob's copies list three people
    assert!(s.people[2].calendar.occurrences.is_empty());
    for c in &s.people[..2] {
        let ev = &c.calendar.occurrences[0].event;
        assert_eq!(ev.participants, 3);
        let mut emails: Vec<&str> = ev.attendees.iter().map(|a| &*a.email).collect();
        emails.sort_unstable();
        assert_eq!(emails, ["bob@x.org", "dan@x.org"]);
    }
    let projected = analyze(&s.people, &Options::default());
    assert_eq!(projected.meetings[0].invitees, 3);
}

#[test]
fn cap_ends_every_meeting_early_by_the_outlook_rule() {
    // under 60 min: 5 min early; 60 min and more: 10 min early
    let events = event("a", 8, "0900", "0930", &[BOB])
        + &event("b", 8, "1000", "1045", &[BOB])
        + &event("c", 8, "1100", "1200", &[BOB])
        + &event("d", 8, "1300", "1430", &[BOB]);
    let s = run(&[calendar("ana@x.org", &events)], "cap=25/50");
    let got: Vec<String> = slots(&s, 0).into_iter().map(|x| x.1).collect();
    assert_eq!(
        got,
        [
            "Mon 09:00-09:25",
            "Mon 10:00-10:40",
            "Mon 11:00-11:50",
            "Mon 13:00-14:20"
        ]
    );
    assert!(s.actions.iter().all(|a| a.outcome == Outcome::Shortened));
    // two people each: 5, 5, 10 and 10 minutes saved, 1 person-hour in all
    let t = actions::tally(&s.actions);
    assert_eq!((t[0].meetings, t[0].person_hours), (4, 1.0));
    // configurable: cap=20/45 cuts 10 and 15 minutes
    let s = run(&[calendar("ana@x.org", &events)], "cap=20/45");
    assert_eq!(slots(&s, 0)[3].1, "Mon 13:00-14:15");
}

#[test]
fn purge_removes_recurring_series_of_that_size_from_every_calendar() {
    let weekly = "BEGIN:VEVENT\nUID:w\nSUMMARY:w\nDTSTART:20240108T090000Z\nDTEND:20240108T093000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nORGANIZER:mailto:ana@x.org\nATTENDEE:mailto:bob@x.org\nATTENDEE:mailto:cy@x.org\nEND:VEVENT\n";
    let cals = [calendar("ana@x.org", weekly), calendar("bob@x.org", weekly)];
    let s = run(&cals, "purge-recurring=3");
    assert!(s.people.iter().all(|c| c.calendar.occurrences.is_empty()));
    assert_eq!(s.actions.len(), 3);
    assert_eq!(
        run(&cals, "purge-recurring=4").people[1]
            .calendar
            .occurrences
            .len(),
        3
    );
}

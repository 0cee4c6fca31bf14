//! Whose calendar is this? `--owner`, else Outlook's X-OWNER, else X-WR-CALNAME when it is an
//! address (Google names calendars after their owner), else the address that
//! appears most often as attendee or organizer.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::attendees::address;
use super::parse::{ParsedFile, RawEvent};
use crate::model::OwnerSource;

pub fn find_owner(parsed: &ParsedFile, option: Option<&str>) -> (Option<String>, OwnerSource) {
    if let Some(o) = option.and_then(address) {
        return (Some(o), OwnerSource::Option);
    }
    if let Some(o) = parsed.header.owner.clone() {
        return (Some(o), OwnerSource::XOwner);
    }
    if let Some(name) = parsed
        .wr_calname
        .as_deref()
        .and_then(address)
        .filter(|a| looks_like_address(a))
    {
        return (Some(name), OwnerSource::CalendarName);
    }
    most_frequent(&parsed.events).map_or((None, OwnerSource::Unknown), |who| {
        (Some(who.to_string()), OwnerSource::MostFrequent)
    })
}

/// The address in most events as a person attendee or organizer. Each event
/// counts once per address; ties go to the address that is more often an
/// invited guest rather than the organizer (a manager organises the team's
/// meetings but is not in every one of a member's events), then to the
/// first in alphabetical order. Attendee addresses are interned per file, so they are
/// counted by pointer, each event's once (an all-hands list of a thousand
/// in every instance was sorted as strings, event by event, before).
fn most_frequent(events: &[RawEvent]) -> Option<&str> {
    // per address: (address, events, events not as organizer, last event counted)
    let mut attendees: FxHashMap<*const u8, (&str, usize, usize, usize)> = FxHashMap::default();
    let mut organizers: HashMap<&str, usize> = HashMap::new();
    for (i, ev) in events.iter().enumerate() {
        let organizer = ev.organizer.as_deref();
        let mut organizer_attends = false;
        for a in ev.attendees.iter().filter(|a| a.cutype.is_person()) {
            let is_organizer = organizer == Some(&*a.email);
            organizer_attends |= is_organizer;
            let at = Arc::as_ptr(&a.email) as *const u8;
            let seen = attendees.entry(at).or_insert((&a.email, 0, 0, usize::MAX));
            if seen.3 != i {
                *seen = (seen.0, seen.1 + 1, seen.2 + usize::from(!is_organizer), i);
            }
        }
        if let Some(o) = organizer.filter(|_| !organizer_attends) {
            *organizers.entry(o).or_default() += 1;
        }
    }
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (who, events, guest, _) in attendees.into_values() {
        let count = counts.entry(who).or_default();
        *count = (count.0 + events, count.1 + guest);
    }
    for (who, events) in organizers {
        counts.entry(who).or_default().0 += events;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(who, _)| who)
}

fn looks_like_address(s: &str) -> bool {
    s.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !s.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::parse::parse;

    const TWO_EVENTS: &str = "BEGIN:VCALENDAR\nX-WR-CALNAME:Team\nBEGIN:VEVENT\nUID:1\nDTSTART:20240101T100000Z\nORGANIZER:mailto:boss@x.org\nATTENDEE:mailto:me@x.org\nATTENDEE;CUTYPE=ROOM:mailto:room@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:2\nDTSTART:20240102T100000Z\nORGANIZER:mailto:other@x.org\nATTENDEE:mailto:Me@x.org\nATTENDEE;CUTYPE=ROOM:mailto:room@x.org\nATTENDEE;CUTYPE=ROOM:mailto:room@x.org\nEND:VEVENT\nEND:VCALENDAR\n";

    #[test]
    fn option_beats_calendar_name_beats_most_frequent_person() {
        let parsed = parse(TWO_EVENTS.as_bytes(), false);
        assert_eq!(
            find_owner(&parsed, Some("MAILTO:Chief@X.org")),
            (Some("chief@x.org".into()), OwnerSource::Option)
        );
        // rooms are not people, and me@ is in both events while each organizer is in one
        assert_eq!(
            find_owner(&parsed, None),
            (Some("me@x.org".into()), OwnerSource::MostFrequent)
        );
        let named = parse(
            TWO_EVENTS
                .replace("X-WR-CALNAME:Team", "X-WR-CALNAME:ann@x.org")
                .as_bytes(),
            false,
        );
        assert_eq!(
            find_owner(&named, None),
            (Some("ann@x.org".into()), OwnerSource::CalendarName)
        );
    }

    #[test]
    fn each_event_counts_an_address_once_and_ties_go_to_the_guest_then_the_alphabet() {
        let event = |uid: u32, organizer: &str, attendees: &[&str]| {
            let lines: String = attendees
                .iter()
                .map(|a| format!("ATTENDEE:mailto:{a}\n"))
                .collect();
            format!("BEGIN:VEVENT\nUID:{uid}\nDTSTART:20240101T100000Z\nORGANIZER:mailto:{organizer}\n{lines}END:VEVENT\n")
        };
        let file = |events: &[String]| {
            let ics = format!("BEGIN:VCALENDAR\n{}END:VCALENDAR\n", events.concat());
            find_owner(&parse(ics.as_bytes(), false), None).0
        };
        // boss@ organises and attends both (2, 0); ann@ is twice in one event and
        // a guest in both (2, 2): the guest wins
        let both = [
            event(1, "boss@x.org", &["boss@x.org", "ann@x.org", "ANN@x.org"]),
            event(2, "boss@x.org", &["ann@x.org", "boss@x.org"]),
        ];
        assert_eq!(file(&both).as_deref(), Some("ann@x.org"));
        // bob@ and cy@ are each guests of one event and organizer of the other
        // (2, 1): the first in alphabetical order
        let crossed = [
            event(1, "cy@x.org", &["bob@x.org"]),
            event(2, "bob@x.org", &["cy@x.org"]),
        ];
        assert_eq!(file(&crossed).as_deref(), Some("bob@x.org"));
        // three events for the organizer who never attends beats two as a guest
        let organizer = [
            event(1, "dan@x.org", &["eve@x.org"]),
            event(2, "dan@x.org", &["eve@x.org"]),
            event(3, "dan@x.org", &[]),
        ];
        assert_eq!(file(&organizer).as_deref(), Some("dan@x.org"));
    }
}

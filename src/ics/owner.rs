//! Whose calendar is this? `--owner`, else Outlook's X-OWNER, else X-WR-CALNAME when it is an
//! address (Google names calendars after their owner), else the address that
//! appears most often as attendee or organizer.

use std::collections::HashMap;

use super::attendees::address;
use super::parse::ParsedFile;
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
    // Each event counts once per address; ties go to the address that is more
    // often an invited guest rather than the organizer (a manager organises
    // the team's meetings but is not in every one of a member's events).
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for ev in &parsed.events {
        let mut present: Vec<&str> = ev
            .attendees
            .iter()
            .filter(|a| a.cutype.is_person())
            .map(|a| &*a.email)
            .collect();
        present.extend(ev.organizer.as_deref());
        present.sort_unstable();
        present.dedup();
        for who in present {
            let entry = counts.entry(who).or_default();
            entry.0 += 1;
            entry.1 += usize::from(ev.organizer.as_deref() != Some(who));
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map_or((None, OwnerSource::Unknown), |(who, _)| {
            (Some(who.to_string()), OwnerSource::MostFrequent)
        })
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
}

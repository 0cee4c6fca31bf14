//! Calendars back to iCalendar: every occurrence as its own VEVENT (UTC
//! times; RECURRENCE-ID keeps the series together). `simulate` writes the
//! projected calendars this way so they can later be compared with reality.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Component, Event, Property};

use crate::model::{Calendar, CuType, InstanceKey, Occurrence, Span, Status};

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(key: &str, d: NaiveDate) -> Property {
    Property::new(key, d.format("%Y%m%d").to_string())
        .add_parameter("VALUE", "DATE")
        .done()
}

fn cutype(c: CuType) -> &'static str {
    match c {
        CuType::Group => "GROUP",
        CuType::Room => "ROOM",
        CuType::Resource => "RESOURCE",
        CuType::Individual | CuType::Unknown => "INDIVIDUAL",
    }
}

/// The start of an occurrence, standing in for a missing DTSTAMP (the
/// icalendar crate would otherwise stamp the current time, and the same
/// calendar would not give the same file twice).
fn start_of(span: Span) -> DateTime<Utc> {
    match span {
        Span::Timed { start, .. } => start,
        Span::AllDay { start, .. } => start.and_time(chrono::NaiveTime::MIN).and_utc(),
    }
}

fn event(o: &Occurrence) -> Event {
    let ev = &o.event;
    let mut out = Event::new();
    out.add_property("UID", &ev.uid);
    match o.recurrence_id {
        Some(InstanceKey::Timed(t)) => out.add_property("RECURRENCE-ID", utc(t)),
        Some(InstanceKey::Date(d)) => out.append_property(date("RECURRENCE-ID", d)),
        None => &mut out,
    };
    out.add_property("DTSTAMP", utc(ev.dtstamp.unwrap_or(start_of(o.span))));
    if let Some(created) = ev.created {
        out.add_property("CREATED", utc(created));
    }
    match o.span {
        Span::Timed { start, end } => out
            .add_property("DTSTART", utc(start))
            .add_property("DTEND", utc(end)),
        Span::AllDay { start, end } => out
            .append_property(date("DTSTART", start))
            .append_property(date("DTEND", end)),
    };
    out.add_property("SUMMARY", &ev.summary);
    if let Some(d) = ev.description.as_ref().and_then(|d| d.text.as_deref()) {
        out.add_property("DESCRIPTION", d);
    }
    if ev.status != Status::None {
        out.add_property("STATUS", ev.status.as_str().to_uppercase());
    }
    let transp = if ev.transparent {
        "TRANSPARENT"
    } else {
        "OPAQUE"
    };
    out.add_property("TRANSP", transp);
    if let Some(o) = &ev.organizer {
        out.add_property("ORGANIZER", format!("mailto:{o}"));
    }
    for a in ev.attendees.iter() {
        let attendee = Property::new("ATTENDEE", format!("mailto:{}", a.email))
            .add_parameter("CUTYPE", cutype(a.cutype))
            .add_parameter("PARTSTAT", &a.partstat.as_str().to_uppercase())
            .done();
        out.append_multi_property(attendee);
    }
    out
}

/// The calendar as one iCalendar file, built with the icalendar crate.
pub fn calendar_ics(cal: &Calendar) -> String {
    let mut out = icalendar::Calendar::empty();
    out.append_property(Property::new("VERSION", "2.0"));
    out.append_property(Property::new(
        "PRODID",
        "-//meetload//simulated calendar//EN",
    ));
    if let Some(owner) = &cal.owner {
        out.append_property(Property::new("X-WR-CALNAME", owner));
    }
    if crate::ics::tz::zone_by_name(&cal.zone).is_some() {
        out.append_property(Property::new("X-WR-TIMEZONE", &cal.zone));
    }
    for o in &cal.occurrences {
        out.push(event(o));
    }
    out.to_string()
}

/// One file name per calendar, unique among them: the owner's address made
/// safe for a file system (letters, digits, `.`, `-`, `_`; at most 80
/// characters), `calendar` when the owner is unknown, and `-2`, `-3` ... for
/// a name already taken, so two calendars of one owner never overwrite each
/// other.
pub fn calendar_file_names(calendars: &[Calendar]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    calendars
        .iter()
        .map(|cal| {
            let stem: String = cal
                .owner
                .as_deref()
                .unwrap_or("calendar")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .take(80)
                .collect();
            let stem = if stem.is_empty() {
                "calendar".to_string()
            } else {
                stem
            };
            let name = (1..)
                .map(|n| {
                    if n == 1 {
                        format!("{stem}.ics")
                    } else {
                        format!("{stem}-{n}.ics")
                    }
                })
                .find(|name| !taken.contains(name))
                .unwrap_or_default();
            taken.insert(name.clone());
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn a_written_calendar_imports_to_the_same_occurrences() {
        let text = "BEGIN:VCALENDAR\r\nX-WR-CALNAME:me@x.org\r\nX-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Sync\\, weekly\r\nDTSTART;TZID=Europe/Berlin:20240304T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nORGANIZER:mailto:a@x.org\r\nATTENDEE;PARTSTAT=DECLINED:mailto:me@x.org\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:v\r\nDTSTART;VALUE=DATE:20240305\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let opts = ImportOptions {
            descriptions: true,
            ..ImportOptions::default()
        };
        let first = import_bytes(text.as_bytes(), "a.ics", &opts);
        let second = import_bytes(
            calendar_ics(&first).as_bytes(),
            "b.ics",
            &ImportOptions::default(),
        );
        let key = |c: &Calendar| {
            c.occurrences
                .iter()
                .map(|o| {
                    (
                        o.span,
                        o.event.summary.clone(),
                        o.recurrence_id,
                        o.event.owner_partstat,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&first), key(&second));
        assert_eq!(second.owner.as_deref(), Some("me@x.org"));
        assert_eq!(second.zone, "Europe/Berlin");
    }

    #[test]
    fn calendars_of_one_owner_get_distinct_safe_file_names() {
        let cal = |owner: Option<&str>| {
            let mut c = import_bytes(b"", "x.ics", &ImportOptions::default());
            c.owner = owner.map(str::to_string);
            c
        };
        let cals = [
            cal(Some("ana@x.org")),
            cal(Some("ana@x.org")),
            cal(Some("../../etc/passwd")),
            cal(None),
            cal(Some("ana_x_org-2")),
        ];
        assert_eq!(
            calendar_file_names(&cals),
            [
                "ana_x.org.ics",
                "ana_x.org-2.ics",
                ".._.._etc_passwd.ics",
                "calendar.ics",
                "ana_x_org-2.ics"
            ]
        );
    }

    #[test]
    fn text_is_escaped_and_folded_and_no_clock_time_is_stamped() {
        let long = "Sync; plan, review \\ 1:1 ".repeat(6);
        let escaped = long
            .replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,");
        let text = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:{escaped}\r\nDESCRIPTION:line one\\nline two\r\nDTSTART:20240304T100000Z\r\nDTEND:20240304T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let opts = ImportOptions {
            descriptions: true,
            ..ImportOptions::default()
        };
        let first = import_bytes(text.as_bytes(), "a.ics", &opts);
        let written = calendar_ics(&first);
        assert_eq!(
            written,
            calendar_ics(&first),
            "the same calendar gives the same file"
        );
        // no DTSTAMP in the source: the occurrence's start stands in for it
        assert!(written.contains("DTSTAMP:20240304T100000Z\r\n"));
        assert!(written.split("\r\n").all(|l| l.len() <= 75), "{written}");
        let second = import_bytes(written.as_bytes(), "b.ics", &opts);
        let ev = &second.occurrences[0].event;
        assert_eq!(ev.summary, long.trim());
        let description = ev.description.as_ref().and_then(|d| d.text.as_deref());
        assert_eq!(description, Some("line one\nline two"));
    }
}

//! Calendars back to iCalendar: every occurrence as its own VEVENT (UTC
//! times; RECURRENCE-ID keeps the series together). `simulate` writes the
//! projected calendars this way so they can later be compared with reality.

use crate::ics::write::{escape, fold, fold_all, transp};
use crate::model::{Calendar, CuType, Occurrence, Span, Status};

fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn cutype(c: CuType) -> &'static str {
    match c {
        CuType::Group => "GROUP",
        CuType::Room => "ROOM",
        CuType::Resource => "RESOURCE",
        CuType::Individual | CuType::Unknown => "INDIVIDUAL",
    }
}

fn event(o: &Occurrence, out: &mut String) {
    let ev = &o.event;
    let mut lines = vec!["BEGIN:VEVENT".to_string(), format!("UID:{}", ev.uid)];
    if let Some(rid) = o.recurrence_id {
        lines.push(match rid {
            crate::model::InstanceKey::Timed(t) => format!("RECURRENCE-ID:{}", utc(t)),
            crate::model::InstanceKey::Date(d) => {
                format!("RECURRENCE-ID;VALUE=DATE:{}", d.format("%Y%m%d"))
            }
        });
    }
    if let Some(stamp) = ev.dtstamp {
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
    }
    if let Some(created) = ev.created {
        lines.push(format!("CREATED:{}", utc(created)));
    }
    match o.span {
        Span::Timed { start, end } => {
            lines.push(format!("DTSTART:{}", utc(start)));
            lines.push(format!("DTEND:{}", utc(end)));
        }
        Span::AllDay { start, end } => {
            lines.push(format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")));
            lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&ev.summary)));
    if let Some(d) = &ev.description {
        lines.push(format!("DESCRIPTION:{}", escape(d)));
    }
    if ev.status != Status::None {
        lines.push(format!("STATUS:{}", ev.status.as_str().to_uppercase()));
    }
    lines.push(transp(ev.transparent));
    if let Some(o) = &ev.organizer {
        lines.push(format!("ORGANIZER:mailto:{o}"));
    }
    for a in ev.attendees.iter() {
        lines.push(format!(
            "ATTENDEE;CUTYPE={};PARTSTAT={}:mailto:{}",
            cutype(a.cutype),
            a.partstat.as_str().to_uppercase(),
            a.email
        ));
    }
    lines.push("END:VEVENT".into());
    fold_all(&lines, out);
}

/// The calendar as one iCalendar file.
pub fn calendar_ics(cal: &Calendar) -> String {
    let mut out = String::new();
    fold("BEGIN:VCALENDAR", &mut out);
    fold("VERSION:2.0", &mut out);
    fold("PRODID:-//meetload//simulated calendar//EN", &mut out);
    if let Some(owner) = &cal.owner {
        fold(&format!("X-WR-CALNAME:{owner}"), &mut out);
    }
    if crate::ics::tz::zone_by_name(&cal.zone).is_some() {
        fold(&format!("X-WR-TIMEZONE:{}", cal.zone), &mut out);
    }
    for o in &cal.occurrences {
        event(o, &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
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
        let first = import_bytes(text.as_bytes(), "a.ics", &ImportOptions::default());
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
}

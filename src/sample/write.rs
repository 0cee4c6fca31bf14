//! Writes one person's calendar in the style of Google, Outlook or Apple:
//! CRLF line ends, 75-octet folding, escaped text.
//!
//! A small writer of our own instead of the icalendar crate: the styles need
//! exact control over TZID spelling (Windows names), VTIMEZONE blocks and
//! vendor properties, and the generator must not pull a second parser into
//! the build.

use std::fmt::Write;

use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::org::{Event, Org, When};
use crate::ics::recur::expand_naive;
use crate::ics::write::{escape, fold, fold_all, transp};

/// Export styles of the three big calendar programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// X-WR-CALNAME is the owner's address, X-WR-TIMEZONE, one-offs in UTC.
    Google,
    /// Windows zone names with VTIMEZONE, X-MICROSOFT-CDO-BUSYSTATUS.
    Outlook,
    /// IANA TZIDs with VTIMEZONE, calendar named "Work".
    Apple,
}

/// The Windows name and the VTIMEZONE body of the zones the sample uses.
fn windows_zone(tz: Tz) -> (&'static str, &'static str) {
    match tz {
        Tz::America__Los_Angeles => ("Pacific Standard Time", RULES_US_PACIFIC),
        Tz::America__New_York => ("Eastern Standard Time", RULES_US_EASTERN),
        Tz::Asia__Kolkata => ("India Standard Time", RULES_INDIA),
        _ => ("W. Europe Standard Time", RULES_EU_CENTRAL),
    }
}

const RULES_US_PACIFIC: &str = "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n";
const RULES_US_EASTERN: &str = "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n";
const RULES_EU_CENTRAL: &str = "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n";
const RULES_INDIA: &str =
    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\n";

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// How a time is written in this style.
fn time(prop: &str, at: NaiveDateTime, tz: Tz, style: Style, recurring: bool) -> String {
    let local = at.format("%Y%m%dT%H%M%S");
    match style {
        Style::Google if !recurring => {
            let utc = tz
                .from_local_datetime(&at)
                .earliest()
                .map(|t| t.with_timezone(&Utc).naive_utc())
                .unwrap_or(at);
            format!("{prop}:{}", stamp(utc))
        }
        Style::Outlook => format!("{prop};TZID=\"{}\":{local}", windows_zone(tz).0),
        _ => format!("{prop};TZID={}:{local}", tz.name()),
    }
}

/// The whole calendar file of person `who`.
/// With `expanded`, every instance of a recurring event is written as its own
/// VEVENT (a RECURRENCE-ID without master), as some exporters do.
pub fn calendar(org: &Org, who: usize, events: &[&Event], style: Style, expanded: bool) -> String {
    let me = &org.people[who];
    let mut out = String::new();
    let mut line = |s: String| fold(&s, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:-//meetload//sample {style:?} style//EN"));
    match style {
        Style::Google => {
            line(format!("X-WR-CALNAME:{}", me.email));
            line(format!("X-WR-TIMEZONE:{}", me.zone.name()));
        }
        Style::Outlook => line("X-WR-CALNAME:Calendar".into()),
        Style::Apple => line("X-WR-CALNAME:Work".into()),
    }
    let mut zones: Vec<Tz> = events.iter().map(|e| e.zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    if style != Style::Google {
        for z in zones {
            let (windows, rules) = windows_zone(z);
            let id = if style == Style::Outlook {
                windows.to_string()
            } else {
                z.name().to_string()
            };
            let _ = write!(
                out,
                "BEGIN:VTIMEZONE\r\nTZID:{id}\r\n{rules}END:VTIMEZONE\r\n"
            );
        }
    }
    let end = org.end.and_time(chrono::NaiveTime::MIN);
    for ev in events {
        if expanded && ev.rrule.is_some() {
            for inst in instances(ev, end) {
                write_event(&mut out, org, who, ev, style, Some(&inst));
            }
            continue;
        }
        write_event(&mut out, org, who, ev, style, None);
        for ov in &ev.overrides {
            let inst = Instance {
                original: ov.original,
                start: ov.new_start.unwrap_or(ov.original),
                cancelled: ov.cancelled,
            };
            write_event(&mut out, org, who, ev, style, Some(&inst));
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// One instance written on its own (an override, or every instance when expanded).
struct Instance {
    original: NaiveDateTime,
    start: NaiveDateTime,
    cancelled: bool,
}

/// The instances of a recurring event up to `end`, with EXDATEs and overrides applied.
fn instances(ev: &Event, end: NaiveDateTime) -> Vec<Instance> {
    let (When::Timed { start, .. }, Some(rule)) = (ev.when, &ev.rrule) else {
        return Vec::new();
    };
    let starts = expand_naive(rule, start, end, 10_000, &|u| u)
        .map(|e| e.starts)
        .unwrap_or_default();
    let mut all: Vec<NaiveDateTime> = std::iter::once(start).chain(starts).collect();
    all.dedup();
    all.into_iter()
        .filter(|s| !ev.exdates.contains(s))
        .map(
            |original| match ev.overrides.iter().find(|o| o.original == original) {
                Some(o) => Instance {
                    original,
                    start: o.new_start.unwrap_or(original),
                    cancelled: o.cancelled,
                },
                None => Instance {
                    original,
                    start: original,
                    cancelled: false,
                },
            },
        )
        .collect()
}

fn write_event(
    out: &mut String,
    org: &Org,
    who: usize,
    ev: &Event,
    style: Style,
    inst: Option<&Instance>,
) {
    let recurring = ev.rrule.is_some();
    let mut lines = vec!["BEGIN:VEVENT".to_string(), format!("UID:{}", ev.uid)];
    if let Some(i) = inst {
        lines.push(time("RECURRENCE-ID", i.original, ev.zone, style, recurring));
    }
    lines.push(format!("DTSTAMP:{}", stamp(org.exported)));
    lines.push(format!("CREATED:{}", stamp(ev.created)));
    lines.push(format!("SUMMARY:{}", escape(&ev.title)));
    if let Some(d) = &ev.description {
        lines.push(format!("DESCRIPTION:{}", escape(d)));
    }
    match (ev.when, inst) {
        (When::AllDay { date, days }, _) => {
            lines.push(format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
            lines.push(format!(
                "DTEND;VALUE=DATE:{}",
                (date + Duration::days(days)).format("%Y%m%d")
            ));
        }
        (When::Timed { start, minutes }, i) => {
            let start = i.map_or(start, |i| i.start);
            lines.push(time("DTSTART", start, ev.zone, style, recurring));
            lines.push(time(
                "DTEND",
                start + Duration::minutes(minutes),
                ev.zone,
                style,
                recurring,
            ));
        }
    }
    if inst.is_none() {
        lines.extend(ev.rrule.iter().map(|r| format!("RRULE:{r}")));
        lines.extend(
            ev.exdates
                .iter()
                .map(|ex| time("EXDATE", *ex, ev.zone, style, recurring)),
        );
    }
    if inst.is_some_and(|i| i.cancelled) {
        lines.push("STATUS:CANCELLED".into());
    }
    lines.push(transp(ev.transparent));
    if style == Style::Outlook {
        let busy = if ev.transparent {
            "FREE"
        } else if ev.out_of_office {
            "OOF"
        } else {
            "BUSY"
        };
        lines.push(format!("X-MICROSOFT-CDO-BUSYSTATUS:{busy}"));
    }
    people_lines(&mut lines, org, who, ev);
    lines.push("END:VEVENT".into());
    fold_all(&lines, out);
}

fn people_lines(lines: &mut Vec<String>, org: &Org, who: usize, ev: &Event) {
    let Some(organizer) = ev.organizer else {
        return;
    };
    let o = &org.people[organizer];
    lines.push(format!("ORGANIZER;CN={}:mailto:{}", o.name, o.email));
    for &a in &ev.attendees {
        let p = &org.people[a];
        let stat = if ev.declined.contains(&a) {
            "DECLINED"
        } else if a == who && a != organizer && (a + ev.uid.len()).is_multiple_of(5) {
            "TENTATIVE"
        } else {
            "ACCEPTED"
        };
        lines.push(format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={stat}:mailto:{}",
            p.name, p.email
        ));
    }
    if let Some(room) = &ev.room {
        let address = room.to_lowercase();
        lines.push(format!(
            "ATTENDEE;CUTYPE=ROOM;CN={room};PARTSTAT=ACCEPTED:mailto:{address}@rooms.example.com"
        ));
    }
}

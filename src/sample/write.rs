//! Renders one person's calendar in the style of Google, Outlook or Apple,
//! built with the icalendar crate (escaping, folding and CRLF are its job).
//!
//! VTIMEZONE blocks are written as a run of calendar-level content lines
//! (`BEGIN:VTIMEZONE` ... `END:VTIMEZONE`) rather than as an icalendar
//! component: the crate's custom component type is not public, and every
//! component it writes gets a `DTSTAMP` of the current time and a random
//! `UID` when it has none, which would make the generator's output differ on
//! every run. The calendar's properties are written in order before its
//! events, which is where Outlook and Apple put their zones.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, Event as IcsEvent, Property};

use super::org::{Event, Org, When};
use super::zones::{vtimezone, windows_name};
use crate::ics::recur::expand_naive;

/// Export styles of the three big calendar programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// X-WR-CALNAME is the owner's address, X-WR-TIMEZONE, one-offs in UTC;
    /// exported as a Takeout zip with a holiday and a team calendar.
    Google,
    /// Windows zone names with VTIMEZONE, X-MICROSOFT-CDO-BUSYSTATUS, the
    /// owner, working hours and the clip of the export.
    Outlook,
    /// IANA TZIDs with VTIMEZONE, calendar named "Work".
    Apple,
}

/// Whose calendar is written, in which style: decides the header and the
/// owner's own PARTSTAT.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// The owner (`None` for a shared calendar).
    pub who: Option<usize>,
    pub style: Style,
    /// Every instance of a recurring event as its own VEVENT (a
    /// RECURRENCE-ID without master), as some exporters do.
    pub expanded: bool,
}

/// Turns calendar-level properties and events into iCalendar text.
pub fn render(header: Vec<Property>, events: Vec<IcsEvent>) -> String {
    let mut cal = Calendar::empty();
    for p in header {
        cal.append_property(p);
    }
    for e in events {
        cal.push(e);
    }
    cal.to_string()
}

/// A property with one parameter.
pub fn with_param(key: &str, value: &str, param: &str, param_value: &str) -> Property {
    Property::new(key, value)
        .add_parameter(param, param_value)
        .done()
}

/// `20250106T000000Z`.
pub fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `20250106`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The whole primary calendar file of person `who`.
pub fn calendar(org: &Org, who: usize, events: &[&Event], style: Style, expanded: bool) -> String {
    let view = View {
        who: Some(who),
        style,
        expanded,
    };
    let mut header = super::headers::primary(org, who, style);
    if style != Style::Google {
        header.extend(zone_blocks(events, style));
    }
    render(header, vevents(org, events, view))
}

/// The VTIMEZONE blocks of the zones `events` use, sorted by name.
fn zone_blocks(events: &[&Event], style: Style) -> Vec<Property> {
    let mut zones: Vec<Tz> = events.iter().map(|e| e.zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    zones
        .into_iter()
        .flat_map(|z| match style {
            Style::Outlook => vtimezone(windows_name(z), z),
            _ => vtimezone(z.name(), z),
        })
        .collect()
}

/// The VEVENTs of `events` as seen in `view`: masters with their overrides,
/// or every instance inside the sample's period when expanded.
pub fn vevents(org: &Org, events: &[&Event], view: View) -> Vec<IcsEvent> {
    let from = org.start.and_time(chrono::NaiveTime::MIN);
    let end = org.end.and_time(chrono::NaiveTime::MIN);
    let mut out = Vec::new();
    for ev in events {
        if view.expanded && ev.rrule.is_some() {
            for inst in instances(ev, end).iter().filter(|i| i.original >= from) {
                out.push(vevent(org, ev, view, Some(inst)));
            }
            continue;
        }
        out.push(vevent(org, ev, view, None));
        for ov in &ev.overrides {
            let inst = Instance {
                original: ov.original,
                start: ov.new_start.unwrap_or(ov.original),
                cancelled: ov.cancelled,
            };
            out.push(vevent(org, ev, view, Some(&inst)));
        }
    }
    out
}

/// How a time is written in this style.
fn time(key: &str, at: NaiveDateTime, tz: Tz, style: Style, recurring: bool) -> Property {
    let local = at.format("%Y%m%dT%H%M%S").to_string();
    match style {
        Style::Google if !recurring => {
            let utc = tz
                .from_local_datetime(&at)
                .earliest()
                .map(|t| t.with_timezone(&Utc).naive_utc())
                .unwrap_or(at);
            Property::new(key, stamp(utc))
        }
        Style::Outlook => with_param(key, &local, "TZID", &format!("\"{}\"", windows_name(tz))),
        _ => with_param(key, &local, "TZID", tz.name()),
    }
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
        .map(|original| {
            let ov = ev.overrides.iter().find(|o| o.original == original);
            Instance {
                original,
                start: ov.and_then(|o| o.new_start).unwrap_or(original),
                cancelled: ov.is_some_and(|o| o.cancelled),
            }
        })
        .collect()
}

fn vevent(org: &Org, ev: &Event, view: View, inst: Option<&Instance>) -> IcsEvent {
    let (style, recurring) = (view.style, ev.rrule.is_some());
    let mut out = IcsEvent::new();
    out.add_property("UID", &ev.uid);
    if let Some(i) = inst {
        out.append_property(time("RECURRENCE-ID", i.original, ev.zone, style, recurring));
    }
    out.add_property("DTSTAMP", stamp(org.exported));
    out.add_property("CREATED", stamp(ev.created));
    out.add_property("SUMMARY", &ev.title);
    if let Some(d) = &ev.description {
        out.add_property("DESCRIPTION", d);
    }
    match ev.when {
        When::AllDay { date: day, days } => {
            out.append_property(with_param("DTSTART", &date(day), "VALUE", "DATE"));
            let last = day + Duration::days(days);
            out.append_property(with_param("DTEND", &date(last), "VALUE", "DATE"));
        }
        When::Timed { start, minutes } => {
            let start = inst.map_or(start, |i| i.start);
            let end = start + Duration::minutes(minutes);
            out.append_property(time("DTSTART", start, ev.zone, style, recurring));
            out.append_property(time("DTEND", end, ev.zone, style, recurring));
        }
    }
    if inst.is_none() {
        if let Some(rule) = &ev.rrule {
            out.add_property("RRULE", rule);
        }
        for ex in &ev.exdates {
            out.append_multi_property(time("EXDATE", *ex, ev.zone, style, recurring));
        }
    }
    if inst.is_some_and(|i| i.cancelled) {
        out.add_property("STATUS", "CANCELLED");
    }
    let transp = if ev.transparent {
        "TRANSPARENT"
    } else {
        "OPAQUE"
    };
    out.add_property("TRANSP", transp);
    if style == Style::Outlook {
        out.add_property("X-MICROSOFT-CDO-BUSYSTATUS", busy_status(ev));
    }
    people(&mut out, org, view.who, ev);
    out
}

fn busy_status(ev: &Event) -> &'static str {
    if ev.transparent {
        "FREE"
    } else if ev.out_of_office {
        "OOF"
    } else {
        "BUSY"
    }
}

fn people(out: &mut IcsEvent, org: &Org, who: Option<usize>, ev: &Event) {
    let Some(organizer) = ev.organizer else {
        return;
    };
    let o = &org.people[organizer];
    out.append_property(with_param(
        "ORGANIZER",
        &format!("mailto:{}", o.email),
        "CN",
        &o.name,
    ));
    for &a in &ev.attendees {
        let p = &org.people[a];
        let stat = if ev.declined.contains(&a) {
            "DECLINED"
        } else if who == Some(a) && a != organizer && (a + ev.uid.len()).is_multiple_of(5) {
            "TENTATIVE"
        } else {
            "ACCEPTED"
        };
        let attendee = Property::new("ATTENDEE", format!("mailto:{}", p.email))
            .add_parameter("CN", &p.name)
            .add_parameter("ROLE", "REQ-PARTICIPANT")
            .add_parameter("PARTSTAT", stat)
            .done();
        out.append_multi_property(attendee);
    }
    if let Some(room) = &ev.room {
        let address = format!("mailto:{}@rooms.example.com", room.to_lowercase());
        let attendee = Property::new("ATTENDEE", address)
            .add_parameter("CUTYPE", "ROOM")
            .add_parameter("CN", room)
            .add_parameter("PARTSTAT", "ACCEPTED")
            .done();
        out.append_multi_property(attendee);
    }
}

//! Google people's exports: a Takeout zip holding the primary calendar, the
//! holiday calendar of their country and their team's shared calendar,
//! which repeats the team meetings they attend (same UID) and lists those
//! they don't.

use std::io::{Cursor, Write};

use chrono::Duration;
use icalendar::{Component, Event as IcsEvent, Property};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::headers::common;
use super::holidays;
use super::org::{Event, Org};
use super::write::{date, render, stamp, vevents, with_param, Style, View};

/// The Takeout zip of person `who`, whose primary calendar is `primary`.
pub fn zip(org: &Org, who: usize, primary: &str, expanded: bool) -> std::io::Result<Vec<u8>> {
    let me = &org.people[who];
    let country = holidays::country(me.zone);
    let team = org.team_name(me.team);
    let entries = [
        (
            format!("Takeout/Calendar/{}.ics", me.email),
            primary.to_string(),
        ),
        (
            format!("Takeout/Calendar/Holidays in {country}.ics"),
            holiday_calendar(org, country),
        ),
        (
            format!("Takeout/Calendar/Team {team}.ics"),
            team_calendar(org, me.team, expanded),
        ),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in entries {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `Holidays in <country>`: transparent all-day events without attendees.
fn holiday_calendar(org: &Org, country: &str) -> String {
    let mut header = common(Style::Google, &format!("Holidays in {country}"));
    header.push(Property::new(
        "X-WR-CALDESC",
        format!("Holidays and Observances in {country}"),
    ));
    let events = holidays::between(country, org.start, org.end)
        .into_iter()
        .map(|(day, name)| {
            let mut ev = IcsEvent::new();
            ev.add_property(
                "UID",
                format!(
                    "{}_{}@holiday.calendar.google.com",
                    date(day),
                    country.replace(' ', "")
                ),
            )
            .add_property("DTSTAMP", stamp(org.exported))
            .add_property("SUMMARY", name)
            .add_property("TRANSP", "TRANSPARENT")
            .append_property(with_param("DTSTART", &date(day), "VALUE", "DATE"))
            .append_property(with_param(
                "DTEND",
                &date(day + Duration::days(1)),
                "VALUE",
                "DATE",
            ));
            ev
        })
        .collect();
    render(header, events)
}

/// `Team <name>`: every meeting organised by a member of `team`.
fn team_calendar(org: &Org, team: usize, expanded: bool) -> String {
    let mut header = common(Style::Google, &format!("Team {}", org.team_name(team)));
    let zone = org.people.iter().find(|p| p.team == team).map(|p| p.zone);
    header.extend(zone.map(|z| Property::new("X-WR-TIMEZONE", z.name())));
    let events: Vec<&Event> = org
        .events
        .iter()
        .filter(|e| e.organizer.is_some_and(|o| org.people[o].team == team))
        .collect();
    let view = View {
        who: None,
        style: Style::Google,
        expanded,
    };
    render(header, vevents(org, &events, view))
}

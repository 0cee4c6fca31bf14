//! The calendar-level properties each export style writes before its events:
//! who owns the calendar, its zone, and for Outlook the owner's working hours
//! and the period the export was clipped to.

use chrono::NaiveTime;
use icalendar::Property;

use super::org::Org;
use super::write::{stamp, with_param, Style};
use super::zones::windows_name;

/// VERSION and PRODID, then `name` as X-WR-CALNAME.
pub fn common(style: Style, name: &str) -> Vec<Property> {
    vec![
        Property::new("VERSION", "2.0"),
        Property::new("PRODID", format!("-//meetload//sample {style:?} style//EN")),
        Property::new("X-WR-CALNAME", name),
    ]
}

/// The header of person `who`'s primary calendar.
pub fn primary(org: &Org, who: usize, style: Style) -> Vec<Property> {
    let me = &org.people[who];
    match style {
        Style::Google => {
            let mut out = common(style, &me.email);
            out.push(Property::new("X-WR-TIMEZONE", me.zone.name()));
            out
        }
        Style::Outlook => {
            let mut out = common(style, "Calendar");
            out.extend(outlook(org, who));
            out
        }
        Style::Apple => common(style, "Work"),
    }
}

/// Outlook's owner, working hours (in the owner's zone, which can differ
/// from the zone of most of their meetings) and clip of the export: UTC
/// midnight of the first day and of the day after the last.
fn outlook(org: &Org, who: usize) -> Vec<Property> {
    let me = &org.people[who];
    let zone = format!("\"{}\"", windows_name(me.zone));
    let midnight = |d: chrono::NaiveDate| stamp(d.and_time(NaiveTime::MIN));
    vec![
        Property::new("X-PRIMARY-CALENDAR", "TRUE"),
        with_param(
            "X-OWNER",
            &format!("mailto:{}", me.email),
            "CN",
            &format!("\"{}\"", me.name),
        ),
        with_param("X-MS-OLK-WKHRSTART", "090000", "TZID", &zone),
        with_param("X-MS-OLK-WKHREND", "170000", "TZID", &zone),
        Property::new("X-MS-OLK-WKHRDAYS", "MO,TU,WE,TH,FR"),
        Property::new("X-CLIPSTART", midnight(org.start)),
        Property::new("X-CLIPEND", midnight(org.end)),
    ]
}

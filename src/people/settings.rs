//! A person's zone and working hours, in order of precedence: the config
//! file's `[people."address"]`, the roster, what the export states (Outlook's
//! X-MS-OLK-WKHR*), then the calendar's zone and the team's hours.

use chrono_tz::Tz;

use super::roster::RosterRow;
use super::SettingSource;
use crate::config::{Options, WorkingHours};
use crate::model::Calendar;

/// The zone a person is analysed in.
pub fn zone(
    id: &str,
    opts: &Options,
    row: Option<&RosterRow>,
    cal: &Calendar,
) -> (Tz, SettingSource) {
    if let Some(z) = opts.people.get(id).and_then(|p| p.zone) {
        return (z, SettingSource::Config);
    }
    if let Some(z) = row.and_then(|r| r.zone) {
        return (z, SettingSource::Roster);
    }
    if let Some(z) = cal.stated_hours.as_ref().and_then(|h| h.zone) {
        return (z, SettingSource::OutlookHours);
    }
    match crate::ics::tz::zone_by_name(&cal.zone) {
        Some(z) => (z, SettingSource::CalendarZone),
        None => (Tz::UTC, SettingSource::Default),
    }
}

/// The working hours a person is analysed with.
pub fn hours(
    id: &str,
    opts: &Options,
    row: Option<&RosterRow>,
    cal: &Calendar,
) -> (WorkingHours, SettingSource) {
    if let Some(h) = opts.people.get(id).and_then(|p| p.hours) {
        return (h, SettingSource::Config);
    }
    if let Some(h) = row.and_then(|r| r.hours) {
        return (h, SettingSource::Roster);
    }
    let stated = cal.stated_hours.as_ref().map(|s| WorkingHours {
        start: s.start,
        end: s.end,
        days: s.days,
    });
    match stated.filter(|h| h.end > h.start) {
        Some(h) => (h, SettingSource::OutlookHours),
        None => (opts.hours, SettingSource::Default),
    }
}

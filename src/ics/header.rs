//! Calendar-level properties that say whose calendar this is, when its owner
//! works and which period the export covers: Outlook's `X-OWNER`,
//! `X-MS-OLK-WKHRSTART/WKHREND/WKHRDAYS` and `X-CLIPSTART/X-CLIPEND`, and the
//! `X-PRIMARY-CALENDAR` flag. They are read as written here; the importer
//! resolves their zones once the file's VTIMEZONEs are known.

use chrono::NaiveTime;

use super::attendees::address;
use super::lines::{unescape, Property};
use super::values::RawTime;

/// What the VCALENDAR itself says about its owner and its period.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// `X-OWNER` (Outlook): the mailbox the calendar belongs to.
    pub owner: Option<String>,
    /// `X-CLIPSTART` / `X-CLIPEND`: the date range the user chose when exporting.
    pub clip_start: Option<RawTime>,
    pub clip_end: Option<RawTime>,
    /// `X-MS-OLK-WKHRSTART` / `X-MS-OLK-WKHREND` with their TZID.
    pub work_start: Option<(NaiveTime, Option<String>)>,
    pub work_end: Option<(NaiveTime, Option<String>)>,
    /// `X-MS-OLK-WKHRDAYS`, Monday first.
    pub work_days: Option<[bool; 7]>,
    /// `X-PRIMARY-CALENDAR:TRUE` (Outlook) marks a mailbox's main calendar.
    pub primary: bool,
}

impl Header {
    /// Reads one calendar-level property; `false` when its value is unreadable.
    pub fn read(&mut self, prop: &Property) -> bool {
        let tzid = || prop.param("TZID").map(|t| t.trim().to_string());
        if prop.is("X-OWNER") {
            self.owner = address(prop.value);
            self.owner.is_some()
        } else if prop.is("X-CLIPSTART") {
            self.clip_start = RawTime::parse(prop.value, prop.param("TZID"));
            self.clip_start.is_some()
        } else if prop.is("X-CLIPEND") {
            self.clip_end = RawTime::parse(prop.value, prop.param("TZID"));
            self.clip_end.is_some()
        } else if prop.is("X-MS-OLK-WKHRSTART") {
            self.work_start = clock(prop.value).map(|t| (t, tzid()));
            self.work_start.is_some()
        } else if prop.is("X-MS-OLK-WKHREND") {
            self.work_end = clock(prop.value).map(|t| (t, tzid()));
            self.work_end.is_some()
        } else if prop.is("X-MS-OLK-WKHRDAYS") {
            // real Outlook writes the commas bare; TEXT-minded writers escape them
            self.work_days = weekdays(&unescape(prop.value));
            self.work_days.is_some()
        } else if prop.is("X-PRIMARY-CALENDAR") {
            self.primary = prop.value.trim().eq_ignore_ascii_case("TRUE");
            true
        } else {
            true
        }
    }
}

/// `090000` (also `0900` and `09:00:00`) to a wall-clock time.
fn clock(v: &str) -> Option<NaiveTime> {
    let digits: String = v.trim().chars().filter(|c| *c != ':').collect();
    let digits = digits.trim_end_matches(['Z', 'z']);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !(digits.len() == 4 || digits.len() == 6) {
        return None;
    }
    let h = digits.get(0..2)?.parse().ok()?;
    let m = digits.get(2..4)?.parse().ok()?;
    let s = digits.get(4..6).map_or(Some(0), |s| s.parse().ok())?;
    NaiveTime::from_hms_opt(h, m, s)
}

/// `MO,TU,WE,TH,FR` to a Monday-first set; `None` when any day is unknown.
fn weekdays(v: &str) -> Option<[bool; 7]> {
    const NAMES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let mut days = [false; 7];
    for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let i = NAMES.iter().position(|n| part.eq_ignore_ascii_case(n))?;
        days[i] = true;
    }
    days.iter().any(|d| *d).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::lines::split;

    fn read(lines: &[&str]) -> Header {
        let mut h = Header::default();
        for l in lines {
            let prop = split(l).unwrap();
            assert!(h.read(&prop), "{l}");
        }
        h
    }

    #[test]
    fn outlook_owner_hours_days_and_clip_are_read() {
        let h = read(&[
            "X-OWNER;CN=\"Mei Johnson\":mailto:Mei.Johnson@acme.example",
            "X-MS-OLK-WKHRSTART;TZID=\"Eastern Standard Time\":083000",
            "X-MS-OLK-WKHREND;TZID=\"Eastern Standard Time\":163000",
            "X-MS-OLK-WKHRDAYS:MO\\,TU,WE,TH",
            "X-CLIPSTART:20250106T000000Z",
            "X-CLIPEND:20250407T000000Z",
            "X-PRIMARY-CALENDAR:TRUE",
        ]);
        assert_eq!(h.owner.as_deref(), Some("mei.johnson@acme.example"));
        let (start, zone) = h.work_start.unwrap();
        assert_eq!(start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        assert_eq!(zone.as_deref(), Some("Eastern Standard Time"));
        assert_eq!(
            h.work_end.unwrap().0,
            NaiveTime::from_hms_opt(16, 30, 0).unwrap()
        );
        assert_eq!(
            h.work_days,
            Some([true, true, true, true, false, false, false])
        );
        assert!(matches!(h.clip_start, Some(RawTime::Utc(_))));
        assert!(h.primary);
    }

    #[test]
    fn unreadable_values_are_refused() {
        let mut h = Header::default();
        for bad in [
            "X-MS-OLK-WKHRSTART:9am",
            "X-MS-OLK-WKHRDAYS:MO,XX",
            "X-CLIPSTART:2025",
        ] {
            assert!(!h.read(&split(bad).unwrap()), "{bad}");
        }
        assert!(h.work_start.is_none() && h.work_days.is_none() && h.clip_start.is_none());
    }
}

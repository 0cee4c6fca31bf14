//! What the generator promises: the same bytes for a seed, exports that
//! meetload reads without a problem, the shapes of real exports (Outlook
//! clip and working hours, year-old series, Takeout zips, the roster), and
//! the policy's effect.

use std::io::Read;

use super::*;
use crate::ics::{import_bytes, ImportOptions};
use crate::model::{Calendar, Status};

fn opts(policy: Policy) -> SampleOptions {
    SampleOptions {
        people: 12,
        weeks: 4,
        start: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        seed: 7,
        policy,
        expanded: false,
    }
}

/// Every calendar of the organisation: `(file or zip entry name, text)`.
fn calendars(opts: &SampleOptions) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, bytes) in files(opts).unwrap() {
        if name.ends_with(".zip") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut text = String::new();
                entry.read_to_string(&mut text).unwrap();
                out.push((format!("{name}/{}", entry.name()), text));
            }
        } else if name.ends_with(".ics") {
            out.push((name, String::from_utf8(bytes).unwrap()));
        }
    }
    out
}

fn import(name: &str, text: &str) -> Calendar {
    import_bytes(text.as_bytes(), name, &ImportOptions::default())
}

/// The primary calendars: the .ics files and the address-named zip entries.
fn primaries(opts: &SampleOptions) -> Vec<(String, String)> {
    calendars(opts)
        .into_iter()
        .filter(|(n, _)| !n.contains("/Takeout/Calendar/Holidays") && !n.contains("/Takeout/Calendar/Team "))
        .collect()
}

#[test]
fn same_seed_gives_identical_files() {
    assert_eq!(files(&opts(Policy::None)).unwrap(), files(&opts(Policy::None)).unwrap());
}

#[test]
fn every_primary_calendar_imports_without_a_problem_and_names_its_owner() {
    for (name, text) in primaries(&opts(Policy::None)) {
        let cal = import(&name, &text);
        assert_eq!(cal.quality.problem_count(), 0, "{name}: {:?}", cal.quality);
        assert!(cal.occurrences.len() > 20, "{name}: {}", cal.occurrences.len());
        let stem = name.split(['.', '/']).next().unwrap();
        let owner = cal.owner.as_deref().unwrap_or_default();
        assert!(owner.starts_with(stem), "{name}: {owner:?}");
    }
}

#[test]
fn expanded_files_give_the_same_occurrences_inside_the_period() {
    let spans = |name: &str, t: &str| {
        let opts = ImportOptions {
            from: Some(chrono::DateTime::parse_from_rfc3339("2025-03-03T00:00:00Z").unwrap().to_utc()),
            to: Some(chrono::DateTime::parse_from_rfc3339("2025-03-31T00:00:00Z").unwrap().to_utc()),
            ..ImportOptions::default()
        };
        let cal = import_bytes(t.as_bytes(), name, &opts);
        let mut v: Vec<_> = cal
            .occurrences
            .iter()
            .filter(|o| o.event.status != Status::Cancelled)
            .map(|o| (o.span, o.event.summary.clone()))
            .collect();
        v.sort();
        v
    };
    let compact = calendars(&opts(Policy::None));
    let expanded = calendars(&SampleOptions { expanded: true, ..opts(Policy::None) });
    assert_eq!(compact.len(), expanded.len());
    for ((name, a), (_, b)) in compact.iter().zip(&expanded) {
        assert_eq!(spans(name, a), spans(name, b), "{name}");
    }
}

#[test]
fn the_policy_removes_wednesday_meetings_stand_ups_and_status_meetings() {
    let all: String = calendars(&opts(Policy::NoMeetingWednesday))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(!all.contains("stand-up"));
    assert!(!all.contains("status"));
    assert!(!all.contains("BYDAY=1WE"));
    let before: String = calendars(&opts(Policy::None)).into_iter().map(|(_, t)| t).collect();
    assert!(before.contains("stand-up") && before.contains("status update"));
}

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
        .filter(|(n, _)| {
            !n.contains("/Takeout/Calendar/Holidays") && !n.contains("/Takeout/Calendar/Team ")
        })
        .collect()
}

#[test]
fn same_seed_gives_identical_files() {
    assert_eq!(
        files(&opts(Policy::None)).unwrap(),
        files(&opts(Policy::None)).unwrap()
    );
}

#[test]
fn every_primary_calendar_imports_without_a_problem_and_names_its_owner() {
    for (name, text) in primaries(&opts(Policy::None)) {
        let cal = import(&name, &text);
        assert_eq!(cal.quality.problem_count(), 0, "{name}: {:?}", cal.quality);
        assert!(
            cal.occurrences.len() > 20,
            "{name}: {}",
            cal.occurrences.len()
        );
        let stem = name.split(['.', '/']).next().unwrap();
        let owner = cal.owner.as_deref().unwrap_or_default();
        assert!(owner.starts_with(stem), "{name}: {owner:?}");
    }
}

#[test]
fn expanded_files_give_the_same_occurrences_inside_the_period() {
    let spans = |name: &str, t: &str| {
        let opts = ImportOptions {
            from: Some(
                chrono::DateTime::parse_from_rfc3339("2025-03-03T00:00:00Z")
                    .unwrap()
                    .to_utc(),
            ),
            to: Some(
                chrono::DateTime::parse_from_rfc3339("2025-03-31T00:00:00Z")
                    .unwrap()
                    .to_utc(),
            ),
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
    let expanded = calendars(&SampleOptions {
        expanded: true,
        ..opts(Policy::None)
    });
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
    let before: String = calendars(&opts(Policy::None))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(before.contains("stand-up") && before.contains("status update"));
}

#[test]
fn outlook_exports_carry_owner_working_hours_and_their_clip() {
    let all = calendars(&SampleOptions {
        people: 24,
        ..opts(Policy::None)
    });
    // person 23 (i % 6 == 5 on the fourth team, Kolkata) lives in New York and exports from Outlook
    let (name, text) = all.iter().find(|(n, _)| n.starts_with("xavi.")).unwrap();
    assert!(name.ends_with(".ics"), "{name}");
    let unfolded = text.replace("\r\n ", "");
    for line in [
        "X-CLIPSTART:20250303T000000Z",
        "X-CLIPEND:20250331T000000Z",
        "X-OWNER;CN=\"Xavi Novak\":mailto:xavi.novak@example.com",
        "X-MS-OLK-WKHRSTART;TZID=\"Eastern Standard Time\":090000",
        "X-MS-OLK-WKHREND;TZID=\"Eastern Standard Time\":170000",
        "X-PRIMARY-CALENDAR:TRUE",
    ] {
        assert!(
            unfolded.contains(&format!("{line}\r\n")),
            "{line} missing in {name}"
        );
    }
    // most of their meetings are written in the Kolkata team's zone
    let india = unfolded
        .matches("DTSTART;TZID=\"India Standard Time\"")
        .count();
    let eastern = unfolded
        .matches("DTSTART;TZID=\"Eastern Standard Time\"")
        .count();
    assert!(india > 2 * eastern, "{india} India vs {eastern} Eastern");
    assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:India Standard Time\r\n"));
}

#[test]
fn series_start_a_year_early_while_exceptions_and_one_offs_stay_in_the_period() {
    let org = generate(&opts(Policy::None));
    let from = org.start.and_time(chrono::NaiveTime::MIN);
    let standup = org
        .events
        .iter()
        .find(|e| e.title.contains("stand-up"))
        .unwrap();
    let org::When::Timed { start, .. } = standup.when else {
        panic!("timed")
    };
    assert_eq!((from.date() - start.date()).num_weeks(), 52, "{start}");
    for weeks in 1..=4 {
        exceptions_and_one_offs_lie_inside(&generate(&SampleOptions {
            weeks,
            ..opts(Policy::None)
        }));
    }
}

/// EXDATEs, overridden instances and one-off events all fall inside the period, and no
/// instance is overridden twice.
fn exceptions_and_one_offs_lie_inside(org: &org::Org) {
    let from = org.start.and_time(chrono::NaiveTime::MIN);
    let to = org.end.and_time(chrono::NaiveTime::MIN);
    for ev in &org.events {
        let mut originals: Vec<_> = ev.overrides.iter().map(|o| o.original).collect();
        originals.dedup();
        assert_eq!(originals.len(), ev.overrides.len(), "{}", ev.title);
        let inside = |t: &chrono::NaiveDateTime| *t >= from && *t < to;
        assert!(ev.exdates.iter().all(inside), "{}", ev.title);
        assert!(
            ev.overrides.iter().all(|o| inside(&o.original)),
            "{}",
            ev.title
        );
        if let (org::When::Timed { start, .. }, None) = (ev.when, &ev.rrule) {
            assert!(inside(&start), "{}: {start}", ev.title);
        }
    }
}

#[test]
fn a_google_person_is_a_takeout_zip_with_primary_holiday_and_team_calendars() {
    let january = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let all = calendars(&SampleOptions {
        start: january,
        ..opts(Policy::None)
    });
    let ana: Vec<&(String, String)> = all
        .iter()
        .filter(|(n, _)| n.starts_with("ana.silva.zip/"))
        .collect();
    let names: Vec<&str> = ana.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ana.silva.zip/Takeout/Calendar/ana.silva@example.com.ics",
            "ana.silva.zip/Takeout/Calendar/Holidays in United States.ics",
            "ana.silva.zip/Takeout/Calendar/Team Platform.ics",
        ]
    );
    let primary = import(names[0], &ana[0].1);
    let holidays = &ana[1].1;
    assert!(holidays.contains("X-WR-CALNAME:Holidays in United States\r\n"));
    // Martin Luther King Jr. Day, 20 January 2025, is the one US holiday of the four weeks
    assert!(holidays.contains("SUMMARY:Martin Luther King Jr. Day\r\n"));
    assert!(holidays.contains("DTSTART;VALUE=DATE:20250120\r\n"));
    assert_eq!(holidays.matches("BEGIN:VEVENT").count(), 1);
    assert!(!holidays.contains("ATTENDEE") && holidays.contains("TRANSP:TRANSPARENT"));
    let team = import(names[2], &ana[2].1);
    assert!(ana[2].1.contains("X-WR-CALNAME:Team Platform\r\n"));
    let uids = |c: &Calendar| {
        c.occurrences
            .iter()
            .map(|o| o.event.uid.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (mine, teams) = (uids(&primary), uids(&team));
    assert!(
        mine.intersection(&teams).count() > 3,
        "the team's meetings she attends are in both"
    );
    assert!(
        teams.difference(&mine).count() > 0,
        "the team calendar lists 1:1s she is not in"
    );
}

#[test]
fn the_roster_names_teams_and_managers() {
    let files = files(&opts(Policy::None)).unwrap();
    let csv = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "people.csv")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "email,name,team,manager,zone,export_style");
    assert_eq!(
        rows[1],
        "ana.silva@example.com,Ana Silva,Platform,,America/New_York,google"
    );
    let second: Vec<&str> = rows[2].split(',').collect();
    assert_eq!(
        second[2..4],
        ["Platform", "ana.silva@example.com"],
        "{}",
        rows[2]
    );
    let seventh: Vec<&str> = rows[7].split(',').collect();
    assert_eq!(
        seventh[2..4],
        ["Payments", ""],
        "the second team's manager: {}",
        rows[7]
    );
    assert_eq!(rows.len(), 13);
}

#[test]
fn one_off_meetings_read_back_at_the_times_the_generator_chose() {
    use chrono::TimeZone;
    let o = opts(Policy::None);
    let org = generate(&o);
    for (name, text) in primaries(&o) {
        let cal = import(&name, &text);
        let who = org
            .people
            .iter()
            .position(|p| name.starts_with(p.email.split('@').next().unwrap()))
            .unwrap();
        for ev in org
            .calendar_of(who)
            .into_iter()
            .filter(|e| e.rrule.is_none())
        {
            let org::When::Timed { start, minutes } = ev.when else {
                continue;
            };
            let utc = ev
                .zone
                .from_local_datetime(&start)
                .earliest()
                .unwrap()
                .to_utc();
            let want = crate::model::Span::Timed {
                start: utc,
                end: utc + chrono::Duration::minutes(minutes),
            };
            assert!(
                cal.occurrences.iter().any(|c| c.event.uid == ev.uid
                    && c.span == want
                    && c.event.summary == ev.title),
                "{name}: {} at {start} {}",
                ev.title,
                ev.zone
            );
        }
    }
}

#[test]
fn a_year_old_stand_up_reads_back_with_its_exception_inside_the_period() {
    let from = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let window = ImportOptions {
        from: Some(from.and_time(chrono::NaiveTime::MIN).and_utc()),
        to: Some(
            (from + chrono::Duration::weeks(4))
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
        ),
        ..ImportOptions::default()
    };
    for (name, text) in primaries(&opts(Policy::None)) {
        let cal = import_bytes(text.as_bytes(), &name, &window);
        let standups: Vec<_> = cal
            .occurrences
            .iter()
            .filter(|o| o.event.summary.contains("stand-up"))
            .collect();
        // 4 weeks of 5 days, less the EXDATE of the second Tuesday
        assert_eq!(standups.len(), 19, "{name}");
        // the second Thursday (13 March) moved from 9:30 to 10:00 in the team's zone
        // (every zone's offset is whole hours or shifts all instances alike, so the moved
        // one is the only instance on another minute of the hour)
        use chrono::Timelike;
        let minutes: Vec<u32> = standups
            .iter()
            .filter_map(|o| match o.span {
                crate::model::Span::Timed { start, .. } => Some(start.minute()),
                _ => None,
            })
            .collect();
        let odd = minutes.iter().filter(|&&m| m != minutes[0]).count();
        assert_eq!(odd.min(minutes.len() - odd), 1, "{name}: {minutes:?}");
    }
}

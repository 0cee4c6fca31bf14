//! The importer on tiny named fixtures (tests/fixtures/importer/): real-world
//! forms of RFC 5545/7529 that other clients read (globally unique TZIDs,
//! floating/zoned mixes, RSCALE, legacy folding, orphan overrides, timed
//! RDATEs of all-day series), and hostile input that must be reported with
//! its line, bounded by the occurrence budgets, and never panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use meetload::ics::{import_bytes, import_in_run, Budgets, ImportOptions, RunBudget};
use meetload::model::{Calendar, Occurrence, Span};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/importer")
        .join(name)
}

fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0).unwrap()
}

fn window(from: DateTime<Utc>, to: DateTime<Utc>) -> ImportOptions {
    ImportOptions {
        from: Some(from),
        to: Some(to),
        ..ImportOptions::default()
    }
}

fn import(name: &str, opts: &ImportOptions) -> Calendar {
    import_bytes(&std::fs::read(fixture(name)).unwrap(), name, opts)
}

/// `uid start/end` per occurrence, times in UTC, all-day as dates.
fn spans(c: &Calendar) -> Vec<String> {
    let mut out: Vec<String> = c
        .occurrences
        .iter()
        .map(|o: &Occurrence| match o.span {
            Span::Timed { start, end } => format!(
                "{} {}/{}",
                o.event.uid,
                start.format("%Y-%m-%dT%H:%M"),
                end.format("%H:%M")
            ),
            Span::AllDay { start, end } => format!("{} {start}/{end}", o.event.uid),
        })
        .collect();
    out.sort();
    out
}

/// The (line, message) of every skipped item and warning containing `text`.
fn issues_with(c: &Calendar, text: &str) -> Vec<usize> {
    c.quality
        .skipped
        .iter()
        .chain(&c.quality.warnings)
        .filter(|i| i.message.contains(text))
        .map(|i| i.line)
        .collect()
}

#[test]
fn globally_unique_tzids_resolve_to_the_zone_after_the_solidus() {
    let c = import(
        "solidus_tzid.ics",
        &window(utc(2025, 1, 1, 0, 0), utc(2025, 2, 1, 0, 0)),
    );
    // New York and US/Eastern are UTC-5 in January, Buenos Aires UTC-3, the file's own /Custom/Plus3 UTC+3
    assert_eq!(
        spans(&c),
        [
            "ba 2025-01-17T12:00/12:30",
            "eastern 2025-01-16T14:00/14:30",
            "ny 2025-01-15T14:00/15:00",
            "own 2025-01-18T06:00/06:30",
        ]
    );
    assert!(
        c.quality.unknown_zones.is_empty(),
        "{:?}",
        c.quality.unknown_zones
    );
}

#[test]
fn a_floating_time_takes_the_zone_of_its_partner_and_tzid_with_z_is_utc() {
    let c = import(
        "floating_start_zoned_end.ics",
        &window(utc(2025, 8, 1, 0, 0), utc(2025, 9, 1, 0, 0)),
    );
    // 18:00-19:00 Brussels (CEST, +2); 09:00-09:30 Tokyo (+9); `Z` wins over TZID
    assert_eq!(
        spans(&c),
        [
            "floating-end 2025-08-15T00:00/00:30",
            "floating-start 2025-08-14T16:00/17:00",
            "tzid-and-z 2025-08-16T09:00/10:00",
        ]
    );
    assert_eq!(issues_with(&c, "partner's zone"), [4, 10]);
    assert_eq!(issues_with(&c, "read as UTC"), [18, 19]);
}

#[test]
fn rscale_gregorian_skip_moves_invalid_dates_and_other_scales_keep_dtstart() {
    let c = import(
        "rscale_skip.ics",
        &window(utc(2024, 1, 1, 0, 0), utc(2031, 1, 1, 0, 0)),
    );
    assert_eq!(
        spans(&c),
        [
            "chinese 2025-01-29/2025-01-30",
            "leap 2024-02-29/2024-03-01",
            "leap 2025-02-28/2025-03-01",
            "leap 2026-02-28/2026-03-01",
            "month-end 2025-01-31T09:00/10:00",
            "month-end 2025-03-01T09:00/10:00",
            "month-end 2025-03-31T09:00/10:00",
        ]
    );
    assert_eq!(issues_with(&c, "RSCALE=CHINESE"), [20]);
    assert_eq!(c.quality.problem_count(), 1);
}

#[test]
fn empty_lines_between_a_name_and_its_continuation_keep_the_property_whole() {
    let c = import("legacy_folding.ics", &ImportOptions::default());
    assert_eq!(spans(&c), ["956630271 2000-04-30T14:00/15:00"]);
    assert_eq!(c.occurrences[0].event.summary, "Sunbird meeting");
    assert_eq!(c.quality.problem_count(), 0, "{:?}", c.quality);
}

#[test]
fn an_orphan_override_is_kept_as_the_clients_that_wrote_it_show_it() {
    let c = import(
        "orphan_override.ics",
        &window(utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0)),
    );
    // the master now ends on 11 March; the instance of 25 March, moved to the 26th, stays
    assert_eq!(
        spans(&c),
        [
            "o 2024-03-04T09:00/10:00",
            "o 2024-03-11T09:00/10:00",
            "o 2024-03-26T10:00/11:00",
        ]
    );
}

#[test]
fn a_series_begun_years_ago_fills_todays_window_and_a_cut_is_reported() {
    let hour = window(utc(2025, 6, 2, 9, 0), utc(2025, 6, 2, 10, 0));
    let c = import("minutely_since_2015.ics", &hour);
    // 5.6 million minutes after DTSTART: each minute of the hour is there
    assert_eq!(c.occurrences.len(), 60);
    assert_eq!(spans(&c)[0], "tick 2025-06-02T09:00/09:01");
    assert!(issues_with(&c, "budget").is_empty());
    // a budget of 150 holds DTSTART (2015), the 121 instants of the margin (the window start less
    // the instance's minute and 2 hours of slack for daylight-saving folds) and 28 minutes of the hour
    let tight = ImportOptions {
        budgets: Budgets {
            per_event: 150,
            ..Budgets::default()
        },
        ..hour
    };
    let c = import("minutely_since_2015.ics", &tight);
    assert_eq!(c.occurrences.len(), 150 - 1 - 121);
    assert_eq!(issues_with(&c, "budget of 150 occurrences per event"), [4]);
}

#[test]
fn a_malformed_parameter_is_a_warning_with_its_line_and_fails_strict() {
    let c = import(
        "malformed_parameter.ics",
        &window(utc(2025, 1, 1, 0, 0), utc(2025, 2, 1, 0, 0)),
    );
    assert_eq!(
        issues_with(&c, "malformed parameter `TZIDAsia/Tehran`"),
        [7]
    );
    // the DTEND, now floating, is read in DTSTART's zone (Tehran, +3:30)
    assert_eq!(spans(&c), ["tehran 2025-01-01T05:30/06:30"]);
    let path = fixture("malformed_parameter.ics");
    let strict = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(["export", "-q", "--strict", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(3));
}

#[test]
fn timed_rdates_of_an_all_day_series_stay_separate_timed_instances() {
    let c = import(
        "all_day_timed_rdates.ics",
        &window(utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0)),
    );
    assert_eq!(
        spans(&c),
        [
            "d 2024-03-04/2024-03-05",
            "d 2024-03-06T09:00/09:00",
            "d 2024-03-06T15:00/15:00",
            "d 2024-03-11/2024-03-12",
        ]
    );
}

#[test]
fn a_non_ascii_weekday_is_skipped_with_its_line_in_events_and_zones() {
    let c = import(
        "rrule_non_ascii_byday.ics",
        &window(utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0)),
    );
    assert_eq!(spans(&c), ["bad-byday 2024-01-01T09:00/10:00"]);
    assert_eq!(issues_with(&c, "RRULE"), [10, 17]);
}

#[test]
fn nonsensical_count_interval_and_offset_are_reported_with_their_line() {
    let c = import(
        "nonsensical_count_interval_offset.ics",
        &window(utc(2024, 1, 1, 0, 0), utc(2024, 2, 1, 0, 0)),
    );
    let count = |uid: &str| c.occurrences.iter().filter(|o| o.event.uid == uid).count();
    // COUNT=-1 is ignored (UNTIL still ends it), a 64-bit COUNT is no end, INTERVAL=0 keeps DTSTART only
    assert_eq!(
        (count("minus-one"), count("huge"), count("zero")),
        (3, 31, 1)
    );
    assert_eq!(issues_with(&c, "COUNT=-1"), [15]);
    assert_eq!(issues_with(&c, "COUNT=18446744073709551615"), [20]);
    assert_eq!(issues_with(&c, "INTERVAL"), [25]);
    assert_eq!(issues_with(&c, "TZOFFSETFROM"), [8]);
    // the part keeps its TZOFFSETTO (+01:00): 12:00 there is 11:00Z
    assert!(spans(&c).contains(&"odd-zone 2024-01-01T11:00/11:00".to_string()));
}

/// A calendar with `events` VEVENTs, each with `rules` copies of `rule`.
fn generated(events: usize, rules: usize, rule: &str) -> Vec<u8> {
    let mut text = String::from("BEGIN:VCALENDAR\r\n");
    for e in 0..events {
        text +=
            &format!("BEGIN:VEVENT\r\nUID:g{e}\r\nDTSTART:20240101T090000Z\r\nDURATION:PT1S\r\n");
        for _ in 0..rules {
            text += &format!("RRULE:{rule}\r\n");
        }
        text += "END:VEVENT\r\n";
    }
    text.push_str("END:VCALENDAR\r\n");
    text.into_bytes()
}

#[test]
fn budgets_bound_many_rules_many_events_and_long_windows() {
    let year = window(utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0));
    let limits = Budgets::default();
    // one event with 1,000 minutely rules: one event's budget in all
    let c = import_bytes(&generated(1, 1000, "FREQ=MINUTELY"), "rules", &year);
    assert_eq!(c.occurrences.len(), limits.per_event);
    assert_eq!(issues_with(&c, "per event"), [2]);
    // 100 secondly events: the calendar's budget in all
    let c = import_bytes(&generated(100, 1, "FREQ=SECONDLY"), "events", &year);
    assert_eq!(c.occurrences.len(), limits.per_calendar);
    // one warning for the event the calendar's budget cut first, and all events after it
    assert_eq!(
        issues_with(&c, "per calendar"),
        [2 + 6 * (limits.per_calendar / limits.per_event)]
    );
    // a secondly meeting over ten years
    let decade = window(utc(2020, 1, 1, 0, 0), utc(2030, 1, 1, 0, 0));
    let c = import_bytes(&generated(1, 1, "FREQ=SECONDLY"), "long", &decade);
    assert_eq!(c.occurrences.len(), limits.per_event);
}

#[test]
fn the_run_budget_is_shared_by_the_calendars_of_a_run() {
    let opts = ImportOptions {
        budgets: Budgets {
            per_run: 1000,
            ..Budgets::default()
        },
        ..window(utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0))
    };
    let run = RunBudget::new(&opts.budgets);
    let data = generated(1, 1, "FREQ=HOURLY;COUNT=600");
    let a = import_in_run(&data, "a", &opts, &run);
    let b = import_in_run(&data, "b", &opts, &run);
    let c = import_in_run(&data, "c", &opts, &run);
    let counts = [&a, &b, &c].map(|cal| cal.occurrences.len());
    assert_eq!(counts, [600, 400, 0]);
    assert_eq!(
        [&a, &b, &c].map(|cal| issues_with(cal, "per run").len()),
        [0, 1, 1]
    );
}

#[test]
fn random_values_in_every_rule_part_never_panic() {
    // deterministic, so a failure reproduces
    let mut rng = meetload::rng::Rng::new(0x1CA1);
    let mut next = move |n: usize| rng.below(n);
    let alphabet: Vec<char> = "0123456789+-,;=MOTUWEFRSAHZé日\u{0}".chars().collect();
    let freqs = [
        "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY",
    ];
    let parts = [
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYSECOND",
        "BYMINUTE",
        "BYHOUR",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
        "RSCALE",
        "SKIP",
    ];
    let month = window(utc(2024, 1, 1, 0, 0), utc(2024, 2, 1, 0, 0));
    for _ in 0..400 {
        let value: String = (0..next(9))
            .map(|_| alphabet[next(alphabet.len())])
            .collect();
        let rule = format!(
            "FREQ={};{}={value}",
            freqs[next(freqs.len())],
            parts[next(parts.len())]
        );
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETTO:+0100\r\nRRULE:{rule}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:r\r\nDTSTART;TZID=Z:20240101T090000\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        let c = import_bytes(text.as_bytes(), "fuzz", &month);
        assert!(
            !c.occurrences.is_empty(),
            "{rule}: DTSTART is always an instance"
        );
    }
}

//! Coverage, people and rosters through the binary: what a default run on a
//! real team folder must get right (docs/metrics.md, "Coverage", "People",
//! "Roster and groups"). Every expectation is worked out by hand in a comment.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases/people")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(args)
        .output()
        .unwrap()
}

fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A CSV table as rows of column -> value.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn analyze(inputs: &[&Path], extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["analyze", "-q", "--out", out.path().to_str().unwrap()];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(extra);
    run_ok(&args);
    out
}

fn day<'a>(rows: &'a [BTreeMap<String, String>], date: &str) -> &'a BTreeMap<String, String> {
    rows.iter().find(|r| r["date"] == date).unwrap()
}

#[test]
fn an_outlook_export_clipped_to_a_quarter_is_analysed_over_the_clip_by_default() {
    let ics = fixture("outlook_clipped_new_york.ics");
    let default = analyze(&[&ics], &[]);
    let explicit = analyze(&[&ics], &["--from", "2025-01-06", "--to", "2025-04-07"]);
    for t in ["person_day.csv", "person_week.csv", "series.csv"] {
        let (a, b) = (
            std::fs::read(default.path().join(t)).unwrap(),
            std::fs::read(explicit.path().join(t)).unwrap(),
        );
        assert!(
            a == b,
            "{t} differs between the default and the explicit window"
        );
    }
    let days = table(&default.path().join("person_day.csv"));
    // 6 January to 6 April: 91 days, each a person-day whether or not it has events
    assert_eq!(days.len(), 91);
    assert_eq!(
        (days[0]["date"].as_str(), days[90]["date"].as_str()),
        ("2025-01-06", "2025-04-06")
    );
    let quality = table(&default.path().join("data_quality.csv"));
    let q = &quality[0];
    assert_eq!(
        (q["coverage_first"].as_str(), q["coverage_last"].as_str()),
        ("2025-01-06", "2025-04-06")
    );
    assert_eq!(q["coverage_from"], "X-CLIPSTART/X-CLIPEND");
    // two years of the daily sync (2023-01-02 to 2025-01-03: 260 + 262 + 3 weekdays) and the weekly
    // review (2023-01-05 to 2025-01-02: 105 Thursdays) lie before the clip
    assert_eq!(q["left_out_before"], (525 + 105).to_string());
    assert!(
        q["note"].contains("history before 2025-01-06"),
        "{}",
        q["note"]
    );
    assert_eq!(
        (q["owner"].as_str(), q["owner_found_by"].as_str()),
        ("nia@x.org", "X-OWNER")
    );
}

#[test]
fn a_new_york_person_meeting_mostly_in_india_time_is_analysed_in_new_york_hours() {
    let out = analyze(&[&fixture("outlook_clipped_new_york.ics")], &[]);
    let days = table(&out.path().join("person_day.csv"));
    // Tuesday 7 Jan: the 20:30 IST sync is 10:00-11:00 in New York (EST, UTC-5):
    // free 09-10 (fragmented, 60 min) and 11-17 (focus, 360 min)
    let tue = day(&days, "2025-01-07");
    assert_eq!(
        (tue["focus_min"].as_str(), tue["fragmented_min"].as_str()),
        ("360", "60")
    );
    assert_eq!(tue["meeting_in_hours_min"], "60");
    // Thursday 9 Jan adds the review 14-15: focus 11-14 and 15-17 (300), fragmented 09-10 (60)
    let thu = day(&days, "2025-01-09");
    assert_eq!(
        (thu["focus_min"].as_str(), thu["fragmented_min"].as_str()),
        ("300", "60")
    );
    // Wednesday 15 Jan adds a 19:00 IST design call, 08:30-09:30 New York: 30 min before the day
    // starts (after hours), free 09:30-10 (fragmented 30) and 11-17 (focus 360)
    let wed = day(&days, "2025-01-15");
    assert_eq!(
        (
            wed["focus_min"].as_str(),
            wed["fragmented_min"].as_str(),
            wed["meeting_after_hours_min"].as_str()
        ),
        ("360", "30", "30")
    );
    let q = &table(&out.path().join("data_quality.csv"))[0];
    assert_eq!(
        (q["zone"].as_str(), q["zone_from"].as_str()),
        ("America/New_York", "X-MS-OLK-WKHR*")
    );
}

#[test]
fn a_takeout_zip_of_three_calendars_is_one_person_with_shared_meetings_once() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("takeout.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let meeting = |uid: &str, day: u32, attendees: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART:202503{day:02}T100000Z\r\nDTEND:202503{day:02}T110000Z\r\nORGANIZER:mailto:bo@x.org\r\n{attendees}END:VEVENT\r\n")
    };
    let ana = "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@x.org\r\n";
    let cy = "ATTENDEE;PARTSTAT=ACCEPTED:mailto:cy@x.org\r\n";
    let files = [
        ("Takeout/Calendar/ana@x.org.ics", "X-WR-CALNAME:ana@x.org\r\n", meeting("planning", 4, ana) + &meeting("kickoff", 6, ana)),
        ("Takeout/Calendar/Team.ics", "X-WR-CALNAME:Team\r\n", meeting("planning", 4, ana) + &meeting("bo-cy", 5, cy)),
        (
            "Takeout/Calendar/Holidays in Germany.ics",
            "X-WR-CALNAME:Holidays in Germany\r\n",
            "BEGIN:VEVENT\r\nUID:h\r\nSUMMARY:Holiday\r\nDTSTART;VALUE=DATE:20250305\r\nDTEND;VALUE=DATE:20250306\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n".to_string(),
        ),
    ];
    for (name, header, body) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        write!(zip, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:UTC\r\n{header}{body}END:VCALENDAR\r\n").unwrap();
    }
    zip.finish().unwrap();
    let out = analyze(&[&zip_path], &[]);
    let days = table(&out.path().join("person_day.csv"));
    // one person, each day once: the week of 3 to 9 March (her own calendar's one-offs on
    // the 4th and 6th, rounded out to the whole ISO week)
    let people: Vec<&str> = days.iter().map(|d| d["person"].as_str()).collect();
    assert_eq!(people, ["ana@x.org"; 7]);
    assert_eq!(days[0]["date"], "2025-03-03");
    // planning (in two calendars) once; bo's meeting with cy is not hers; the 5th is a holiday
    assert_eq!(day(&days, "2025-03-04")["meeting_min"], "60");
    assert_eq!(day(&days, "2025-03-05")["working_min"], "0");
    assert_eq!(day(&days, "2025-03-05")["meeting_min"], "0");
    let quality = table(&out.path().join("data_quality.csv"));
    let roles: Vec<&str> = quality.iter().map(|q| q["role"].as_str()).collect();
    assert_eq!(roles, ["secondary", "secondary", "primary"]);
    let team = quality
        .iter()
        .find(|q| q["calendar"].ends_with("Team.ics"))
        .unwrap();
    assert_eq!(
        (team["duplicates"].as_str(), team["not_theirs"].as_str()),
        ("1", "1")
    );
}

#[test]
fn group_week_gives_each_teams_spread_and_hides_a_group_under_the_minimum() {
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(config.path(), "min_group = 3\n").unwrap();
    let out = analyze(
        &[&fixture("two_teams")],
        &[
            "--people",
            fixture("two_teams.csv").to_str().unwrap(),
            "--config",
            config.path().to_str().unwrap(),
        ],
    );
    let groups = table(&out.path().join("group_week.csv"));
    // Beta has two people (b1, b2) with calendars: under min_group 3, never shown
    assert_eq!(groups.len(), 1);
    let alpha = &groups[0];
    assert_eq!(
        (
            alpha["group_by"].as_str(),
            alpha["group"].as_str(),
            alpha["people"].as_str()
        ),
        ("team", "Alpha", "4")
    );
    // meetings 2, 4, 6, 8 h: mean 5, median 5, p90 at rank 2.7 = 6 + 0.7 * 2 = 7.4
    let h = |c: &str| alpha[c].parse::<f64>().unwrap();
    assert_eq!((h("meeting_h_mean"), h("meeting_h_median")), (5.0, 5.0));
    assert!((h("meeting_h_p90") - 7.4).abs() < 1e-9);
    // focus: Monday keeps 8 - n h in one block (n >= 2 leaves 6, 4, 2, 0), four more 8 h days:
    // 38, 36, 34, 32 h; p90 = 36 + 0.7 * 2 = 37.4
    assert_eq!((h("focus_h_mean"), h("focus_h_median")), (35.0, 35.0));
    assert!((h("focus_h_p90") - 37.4).abs() < 1e-9);
    let quality = table(&out.path().join("data_quality.csv"));
    assert!(quality
        .iter()
        .any(|q| q["person"] == "ghost@x.org" && q["role"] == "roster only"));
}

#[test]
fn a_bad_roster_row_is_an_error_naming_its_line_and_nothing_is_written() {
    let roster = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        roster.path(),
        "email,team,zone\na1@x.org,Alpha,Europe/Berlin\na2@x.org,Alpha,Mars/Base\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("out");
    let out = run(&[
        "analyze",
        fixture("two_teams").to_str().unwrap(),
        "--people",
        roster.path().to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("Mars/Base"), "{err}");
    assert!(!target.exists());
}

#[test]
fn compare_gives_each_roster_group_the_mean_change_of_its_own_people() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let out = tempfile::tempdir().unwrap();
    run_ok(&[
        "compare",
        "-q",
        "--before",
        data.join("team-before").to_str().unwrap(),
        "--after",
        data.join("team-after").to_str().unwrap(),
        "--people",
        data.join("team-after/people.csv").to_str().unwrap(),
        "--group-by",
        "team",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let roster = table(&data.join("team-after/people.csv"));
    let team_of: BTreeMap<&str, &str> = roster
        .iter()
        .map(|r| (r["email"].as_str(), r["team"].as_str()))
        .collect();
    let changes = table(&out.path().join("person_changes.csv"));
    let groups = table(&out.path().join("group_effects.csv"));
    let meeting: Vec<_> = groups
        .iter()
        .filter(|g| g["metric"] == "meeting_h")
        .collect();
    assert!(meeting.len() >= 2, "{meeting:?}");
    for g in meeting {
        let members: Vec<f64> = changes
            .iter()
            .filter(|p| team_of.get(p["person"].as_str()) == Some(&g["group"].as_str()))
            .map(|p| {
                p["meeting_h_after"].parse::<f64>().unwrap()
                    - p["meeting_h_before"].parse::<f64>().unwrap()
            })
            .collect();
        assert_eq!(g["people"], members.len().to_string());
        let mean = members.iter().sum::<f64>() / members.len() as f64;
        assert!(
            (g["mean_change"].parse::<f64>().unwrap() - mean).abs() < 1e-9,
            "{g:?}"
        );
    }
}

#[test]
fn compare_refuses_overlapping_periods_unless_allowed() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
    let out = tempfile::tempdir().unwrap();
    let args = |extra: &'static str| {
        let mut a = vec![
            "compare".to_string(),
            "-q".into(),
            "--before".into(),
            data.to_str().unwrap().into(),
            "--after".into(),
            data.to_str().unwrap().into(),
            "--out".into(),
            out.path().to_str().unwrap().into(),
        ];
        if !extra.is_empty() {
            a.push(extra.into());
        }
        a
    };
    let refused = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(args(""))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("the periods overlap (2025-01-06 to ")
    );
    let allowed = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(args("--allow-overlap"))
        .output()
        .unwrap();
    assert!(allowed.status.success());
    assert!(String::from_utf8_lossy(&allowed.stderr).contains("warning: the periods overlap"));
}

#[test]
fn compare_with_default_windows_recovers_the_change_despite_two_year_old_series() {
    let dir = fixture("old_series");
    let out = tempfile::tempdir().unwrap();
    run_ok(&[
        "compare",
        "-q",
        "--before",
        dir.join("before.ics").to_str().unwrap(),
        "--after",
        dir.join("after.ics").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let effects = table(&out.path().join("effects.csv"));
    let meeting = effects.iter().find(|e| e["metric"] == "meeting_h").unwrap();
    // both exports hold both series since January 2023; by their clips the first period
    // (6 Jan to 2 Feb: four full weeks) has the daily 1 h sync (5 h) and the weekly 1 h
    // review, the second (3 Feb to 2 Mar) only the review: 6 h -> 1 h, change -5 h exactly
    let h = |c: &str| meeting[c].parse::<f64>().unwrap();
    assert_eq!(
        (h("mean_before"), h("mean_after"), h("mean_change")),
        (6.0, 1.0, -5.0)
    );
}

//! Hostile and careless input against the binary: outputs that would replace
//! an input, link loops, pipes and devices in folders, a calendar given
//! twice, zip bombs, spreadsheet formulas, interrupted runs. Every test runs
//! the binary with a time limit, so a hang fails instead of blocking CI.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

/// Runs meetload with `args`, killing it after `limit` (then the test fails).
/// Output is collected while it runs, so a full pipe cannot stall the child.
fn meetload_within(limit: Duration, args: &[&Path]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match result.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("meetload {args:?} ran past {limit:?}");
        }
    }
}

fn meetload(args: &[&str]) -> Output {
    let paths: Vec<&Path> = args.iter().map(Path::new).collect();
    meetload_within(Duration::from_secs(60), &paths)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn rows(out: &Output) -> usize {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .count()
        .saturating_sub(1)
}

/// A folder `team/` with two calendars that differ (so neither is a copy).
fn team(dir: &Path) -> PathBuf {
    let team = dir.join("team");
    std::fs::create_dir(&team).unwrap();
    let text = std::fs::read_to_string(case("weekly_berlin_dst.ics")).unwrap();
    std::fs::write(team.join("ana.ics"), &text).unwrap();
    std::fs::write(team.join("ben.ics"), text.replace("weekly-1", "weekly-2")).unwrap();
    team
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_refuses_to_replace_a_calendar_found_inside_an_input_folder() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    let ana = team.join("ana.ics");
    let before = std::fs::read(&ana).unwrap();
    let out = meetload(&["export", "-q", s(&team), "-o", s(&ana)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("refusing to overwrite an input"));
    assert_eq!(std::fs::read(&ana).unwrap(), before);
    // also through another name for the same file (a hard link)
    let link = dir.path().join("alias.csv");
    std::fs::hard_link(&ana, &link).unwrap();
    let out = meetload(&["export", "-q", s(&team), "-o", s(&link)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&ana).unwrap(), before);
}

#[test]
fn simulate_refuses_to_write_projected_calendars_into_an_input_folder() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    std::fs::create_dir(&sim).unwrap();
    std::fs::rename(team(dir.path()), sim.join("calendars")).unwrap();
    let inputs = sim.join("calendars");
    let before = std::fs::read(inputs.join("ana.ics")).unwrap();
    let out = meetload(&[
        "simulate",
        "-q",
        s(&inputs),
        "--policy",
        "max-attendees=2",
        "--out",
        s(&sim),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("input folder"), "{}", stderr(&out));
    assert_eq!(std::fs::read(inputs.join("ana.ics")).unwrap(), before);
    assert_eq!(std::fs::read_dir(&inputs).unwrap().count(), 2);
}

#[test]
fn simulate_gives_two_calendars_of_one_owner_one_projected_file() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    let out_dir = dir.path().join("out");
    let out = meetload(&[
        "simulate",
        "-q",
        s(&team),
        "--owner",
        "b@x.org",
        "--policy",
        "max-attendees=8",
        "--out",
        s(&out_dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(out_dir.join("calendars"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // two calendars of one owner are one person (docs/metrics.md, "People"): one projected
    // calendar; distinct names for clashing owners are tested in export/ics.rs
    assert_eq!(names, ["b_x.org.ics"]);
    // asked for explicitly, the calendars may go into a folder of their own choosing
    let chosen = dir.path().join("chosen");
    let out = meetload(&[
        "simulate",
        "-q",
        s(&team),
        "--policy",
        "max-attendees=8",
        "--out",
        s(&out_dir),
        "--calendars",
        s(&chosen),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // both files name the same most frequent attendee: one person, one projected calendar
    assert_eq!(std::fs::read_dir(&chosen).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn folder_walking_skips_link_loops_outside_links_pipes_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    std::os::unix::fs::symlink(".", team.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", team.join("up")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", team.join("zero.ics")).unwrap();
    std::os::unix::fs::symlink(team.join("ana.ics"), team.join("again.ics")).unwrap();
    let fifo = team.join("pipe.ics");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = meetload_within(Duration::from_secs(20), &[Path::new("export"), &team]);
    assert!(out.status.success(), "{}", stderr(&out));
    // two calendars of two occurrences each, each read once
    assert_eq!(rows(&out), 4, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("zero.ics: skipped: a link to /dev/zero"),
        "{err}"
    );
    assert!(
        err.contains("pipe.ics: skipped: not a regular file"),
        "{err}"
    );
    assert!(err.contains("up: skipped: a link to"), "{err}");
    // ana.ics and the link again.ics are one file: listed once, the other name noted
    assert!(
        err.contains("skipped: the same file was already found"),
        "{err}"
    );
    // --strict counts what was skipped
    let strict = meetload(&["export", "-q", "--strict", s(&team)]);
    assert_eq!(strict.status.code(), Some(3));
}

#[test]
fn a_calendar_given_twice_is_read_once_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    let ana = team.join("ana.ics");
    let out = meetload(&["export", s(&ana), s(&ana)]);
    assert_eq!(rows(&out), 2, "{}", stderr(&out));
    let copy = dir.path().join("copy.ics");
    std::fs::copy(&ana, &copy).unwrap();
    let out = meetload(&["export", s(&team), s(&copy)]);
    assert_eq!(rows(&out), 4, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("copy.ics: skipped: the same bytes as"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn large_calendars_of_one_size_are_told_apart_by_their_last_bytes_too() {
    // 400 one-off events, some 100 KB: past the first 64 KiB that are
    // compared first
    let event = |k: usize, title: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{k}@x.org\r\nDTSTART:20240301T{:02}0000Z\r\nDURATION:PT30M\r\n\
             SUMMARY:{title}\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\n",
            8 + k % 8,
            "agenda ".repeat(20)
        )
    };
    let calendar = |last: &str| {
        let events: String = (0..400)
            .map(|k| event(k, if k == 399 { last } else { "Sync" }))
            .collect();
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n")
    };
    let dir = tempfile::tempdir().unwrap();
    let (ana, copy, late) = (calendar("Plan"), calendar("Plan"), calendar("Demo"));
    assert!(ana.len() > 100_000 && ana.len() == late.len() && ana != late);
    for (name, text) in [("ana.ics", &ana), ("copy.ics", &copy), ("late.ics", &late)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = meetload(&["export", s(dir.path())]);
    // ana and late (which differs in its last event only) are read, the copy is not
    assert_eq!(rows(&out), 800, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("copy.ics: skipped: the same bytes as"),
        "{err}"
    );
    assert!(!err.contains("late.ics: skipped"), "{err}");
}

#[test]
fn a_zip_entry_inflating_past_the_limit_is_skipped_and_the_rest_imported() {
    let out = meetload_within(
        Duration::from_secs(30),
        &[Path::new("export"), &case("zip_entry_too_large.zip")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(&out), 2);
    assert!(
        stderr(&out).contains("huge.ics: skipped: larger than 256 MiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_zip_of_ten_thousand_calendars_is_read_from_one_open_archive() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let text = std::fs::read_to_string(case("weekly_berlin_dst.ics")).unwrap();
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..10_000 {
        zip.start_file(format!("c{i}.ics"), options).unwrap();
        zip.write_all(text.replace("weekly-1", &format!("w{i}")).as_bytes())
            .unwrap();
    }
    zip.finish().unwrap();
    let start = Instant::now();
    let out = meetload_within(
        Duration::from_secs(60),
        &[Path::new("export"), Path::new("-q"), &path],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(&out), 20_000);
    // reopening the archive per entry took 74 s in a release build
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn every_event_skipped_exits_3() {
    let out = meetload(&["export", "-q", s(&case("all_events_skipped.ics"))]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn csv_cells_that_are_formulas_are_neutralised_unless_raw() {
    let input = case("formula_title.ics");
    let out = meetload(&["export", "-q", s(&input)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains(",'-2+3,"), "{text}");
    assert!(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"));
    let raw = meetload(&["export", "-q", "--raw-csv", s(&input)]);
    let text = String::from_utf8_lossy(&raw.stdout);
    assert!(
        text.contains("\"=HYPERLINK(") && text.contains(",-2+3,"),
        "{text}"
    );
}

#[test]
fn a_failed_run_leaves_the_old_outputs_and_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    let out_dir = dir.path().join("out");
    let ok = meetload(&["analyze", "-q", s(&team), "--out", s(&out_dir)]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = std::fs::read(out_dir.join("summary.json")).unwrap();
    // a folder where a table should go makes the run fail half-way
    std::fs::remove_file(out_dir.join("meetings.csv")).unwrap();
    std::fs::create_dir(out_dir.join("meetings.csv")).unwrap();
    std::fs::write(out_dir.join("meetings.csv").join("x"), b"x").unwrap();
    let failed = meetload(&[
        "analyze",
        "-q",
        s(&team),
        "--from",
        "2024-03-20",
        "--out",
        s(&out_dir),
    ]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".meetload-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(std::fs::read_dir(&out_dir).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".meetload-tmp")));
    // nothing of the failed run was moved into place
    assert_eq!(std::fs::read(out_dir.join("summary.json")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_run_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-after");
    let out_dir = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(["report", "-q", s(&sample), "--out", s(&out_dir)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // wait until the run has started writing, then stop it
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        let writing = std::fs::read_dir(dir.path()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".meetload-tmp")
        });
        if writing || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let status = child.wait().unwrap();
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".meetload-tmp")
        })
        .count();
    assert_eq!(leftovers, 0, "exit {status:?}");
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path());
    // what `kill -9` during a write leaves: a staging folder of a process that is gone
    // (4194304 is above the largest pid Linux hands out)
    let stale = dir.path().join(".meetload-tmp-4194304-abc");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("meetings.csv"), vec![b'x'; 1 << 20]).unwrap();
    let out = meetload(&[
        "analyze",
        "-q",
        s(&team),
        "--out",
        s(&dir.path().join("out")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists());
}

#[test]
fn five_thousand_one_second_meetings_in_a_day_analyse_quickly() {
    // one unbroken busy run of 5,000 back-to-back meetings: the focus each costs
    // once took a recomputation of the day per meeting (quadratic, seconds in release)
    let dir = tempfile::tempdir().unwrap();
    let events: String = (0..5_000)
        .map(|i| {
            let (m, s) = (i / 60, i % 60);
            format!(
                "BEGIN:VEVENT\r\nUID:s{i}\r\nSUMMARY:Tick {i}\r\nDTSTART:20240108T{:02}{:02}{s:02}Z\r\nDURATION:PT1S\r\nORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:me@x.org\r\nEND:VEVENT\r\n",
                9 + m / 60,
                m % 60
            )
        })
        .collect();
    let ics = dir.path().join("ticks.ics");
    std::fs::write(
        &ics,
        format!("BEGIN:VCALENDAR\r\nX-WR-CALNAME:me@x.org\r\nX-WR-TIMEZONE:UTC\r\n{events}END:VCALENDAR\r\n"),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let args = [
        Path::new("analyze"),
        Path::new("-q"),
        &ics,
        Path::new("--out"),
        &out_dir,
    ];
    let out = meetload_within(Duration::from_secs(30), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let meetings = std::fs::read_to_string(out_dir.join("meetings.csv")).unwrap();
    assert_eq!(meetings.lines().count(), 5_001);
}

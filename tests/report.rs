//! `meetload report` end to end: escaping of hostile titles, PNG files that
//! decode at the expected size, identical bytes on a second run, no external
//! requests, and the page loading in headless Chromium without errors.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meetload"))
}

/// A 12-person weekly status meeting titled with markup, plus a hostile description.
fn hostile_calendar(dir: &Path) -> PathBuf {
    let mut attendees = String::new();
    for i in 0..12 {
        attendees += &format!("ATTENDEE;CN=\"P{i}\";PARTSTAT=ACCEPTED:mailto:p{i}@x.org\r\n");
    }
    let text = format!(
        "BEGIN:VCALENDAR\r\nX-WR-CALNAME:p0@x.org\r\nX-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:<script>alert(1)</script> status\r\nDESCRIPTION:\"><img src=x onerror=alert(2)>\r\nDTSTART;TZID=Europe/Berlin:20250106T100000\r\nDTEND;TZID=Europe/Berlin:20250106T110000\r\nRRULE:FREQ=WEEKLY;COUNT=8\r\nORGANIZER:mailto:p1@x.org\r\n{attendees}END:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil2\r\nSUMMARY:\"><img src=x onerror=alert(3)> weekly sync\r\nDTSTART;TZID=Europe/Berlin:20250107T140000\r\nDTEND;TZID=Europe/Berlin:20250107T150000\r\nRRULE:FREQ=WEEKLY;COUNT=8\r\nORGANIZER:mailto:p2@x.org\r\n{attendees}END:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let path = dir.join("hostile.ics");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs meetload and asserts success, showing stderr when it fails.
fn run_ok(args: &[&str]) -> std::process::Output {
    let res = bin().args(args).output().unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    res
}

fn report(input: &Path, out: &Path) {
    let res = run_ok(&[
        "-q",
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        String::from_utf8_lossy(&res.stdout).trim(),
        out.join("index.html").display().to_string()
    );
}

#[test]
fn calendar_text_is_escaped_and_the_page_makes_no_external_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_calendar(dir.path());
    let out = dir.path().join("r");
    report(&input, &out);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; status"),
        "title shown as text"
    );
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt; weekly sync"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only meetload's own sorting script"
    );
    assert!(
        !html.contains("src=\"http")
            && !html.contains("href=\"http")
            && !html.contains("<link")
            && !html.contains("@import")
    );
}

#[test]
fn every_chart_is_a_png_of_the_expected_size_and_a_second_run_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    report(&sample, &a);
    report(&sample, &b);
    for chart in [
        "weekly",
        "heatmap",
        "candidates",
        "focus",
        "kinds",
        "people",
    ] {
        let bytes = std::fs::read(a.join(format!("{chart}.png"))).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (960, 480), "{chart}");
        // not blank: a chart has many colours
        let rgb = img.to_rgb8();
        let distinct: std::collections::HashSet<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
        assert!(distinct.len() > 8, "{chart} looks blank");
        assert_eq!(
            bytes,
            std::fs::read(b.join(format!("{chart}.png"))).unwrap(),
            "{chart} differs between runs"
        );
    }
    assert_eq!(
        std::fs::read(a.join("index.html")).unwrap(),
        std::fs::read(b.join("index.html")).unwrap()
    );
}

fn chromium() -> PathBuf {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(move |dir| dir.join(name)).collect::<Vec<_>>())
        .find(|p| p.is_file())
        .expect("headless Chromium is needed for this test: install it with `apt-get install chromium` (.ci/run does)")
}

fn headless(profile: &Path) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn the_report_loads_in_headless_chromium_without_console_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_calendar(dir.path());
    let out = dir.path().join("r");
    report(&input, &out);
    let url = format!("file://{}", out.join("index.html").display());
    let dom = headless(&dir.path().join("profile"))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&dom.stdout);
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(
        stdout.contains("data-ready=\"yes\""),
        "the page script did not run:\n{stderr}"
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(
        !stdout.contains("<img src=\"x\""),
        "hostile markup became an element"
    );
    let shot = dir.path().join("screenshot.png");
    let res = headless(&dir.path().join("profile2"))
        .args([
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".to_string(),
            url,
        ])
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let img = image::open(&shot).unwrap();
    assert_eq!((img.width(), img.height()), (1280, 2400));
}

#[test]
fn a_comparison_becomes_a_section_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cmp = dir.path().join("policy");
    let sample = |name: &str| root.join("sample-data").join(name).display().to_string();
    let (cmp_s, out) = (cmp.display().to_string(), dir.path().join("r"));
    run_ok(&[
        "-q",
        "compare",
        "--before",
        &sample("team-before"),
        "--after",
        &sample("team-after"),
        "--out",
        &cmp_s,
    ]);
    run_ok(&[
        "-q",
        "report",
        &sample("team-after"),
        "--comparison",
        &cmp_s,
        "--out",
        &out.display().to_string(),
    ]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("Comparison: policy")
            && html.contains("Meeting hours (h/week)")
            && html.contains("Wilcoxon p")
    );
    // the comparison's own charts are embedded in its section, after the effects
    let section = &html[html.find("Comparison: policy").unwrap()..];
    for title in [
        "Meeting hours per week, each person in both periods",
        "Focus hours per week: distribution in both periods",
        "Meeting hours per person-week by weekday, in both periods",
    ] {
        assert!(
            section.contains(&format!(
                "<img alt=\"{title}\" src=\"data:image/png;base64,"
            )),
            "{title} is not embedded in the comparison section"
        );
    }
    let missing = bin()
        .args(["-q", "report"])
        .arg(root.join("sample-data/team-after"))
        .arg("--comparison")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("comparison.json"));
}

#[test]
fn the_report_shows_the_audit_sections_for_a_berlin_and_new_york_pair() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("meetload.toml");
    std::fs::write(&config, "min_group = 0\n").unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/audits");
    let out = dir.path().join("out");
    let res = run_ok(&[
        "--config",
        config.to_str().unwrap(),
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let terminal = String::from_utf8_lossy(&res.stderr);
    // each calendar holds the cancelled review once
    assert!(
        terminal.contains("2 items left out: 2 cancelled (2.0 h)"),
        "{terminal}"
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    // Berlin 09-17 = 08-16 UTC, New York 09-17 = 14-22 UTC in January
    assert!(html.contains("14:00-16:00 UTC (2.0 h)"));
    assert!(html.contains("ny@x.org: 09:00-11:00 America/New_York"));
    assert!(html.contains("Costliest single meetings") && html.contains("Zombie series"));
    let core = std::fs::read_to_string(out.join("core_hours.csv")).unwrap();
    assert!(
        core.lines()
            .nth(1)
            .unwrap()
            .starts_with("team,(all),2,14:00,120,true"),
        "{core}"
    );
}

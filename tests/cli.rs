//! The binary on tiny named fixtures: file, folder, zip and stdin inputs,
//! exit codes, strict mode, and the refusal to overwrite an input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meetload"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// Runs and asserts success, showing stderr when it fails.
fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The `column` cell of the row whose first cell is `key` (a metric, a weekday) in a CSV text.
fn cell(csv: &str, key: &str, column: &str) -> f64 {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header
        .iter()
        .position(|h| *h == column)
        .unwrap_or_else(|| panic!("no {column} in {header:?}"));
    let row = lines
        .find(|l| l.split(',').next() == Some(key))
        .unwrap_or_else(|| panic!("no {key} row in {csv}"));
    row.split(',').nth(i).unwrap().parse().unwrap()
}

/// No CSV cell and no number in comparison.json of `dir` is negative zero.
fn assert_no_negative_zero(dir: &Path) {
    fn walk(v: &serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                let x = n.as_f64().unwrap();
                assert!(!(x == 0.0 && x.is_sign_negative()), "{n}");
            }
            serde_json::Value::Array(a) => a.iter().for_each(walk),
            serde_json::Value::Object(o) => o.values().for_each(walk),
            _ => {}
        }
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = || std::fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => {
                for c in text().lines().flat_map(|l| l.split(',')) {
                    let negative_zero =
                        c.parse::<f64>().is_ok_and(|x| x == 0.0) && c.starts_with('-');
                    assert!(!negative_zero, "{}: {c}", path.display());
                }
            }
            Some("json") => walk(&serde_json::from_str(&text()).unwrap()),
            _ => {}
        }
    }
}

fn csv_rows(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn export_expands_a_weekly_meeting_across_a_dst_change_at_the_same_wall_clock_time() {
    let out = run_ok(&[
        "export",
        "-q",
        fixture("weekly_berlin_dst.ics").to_str().unwrap(),
    ]);
    let rows = csv_rows(&out);
    // 10:00 Berlin is 09:00Z in winter and 08:00Z in summer; the 2024-03-26 instance is an EXDATE
    let starts: Vec<&str> = rows.iter().map(|r| r.split(',').nth(5).unwrap()).collect();
    assert_eq!(starts, vec!["2024-03-19T09:00:00Z", "2024-04-02T08:00:00Z"]);
}

#[test]
fn export_picks_the_format_from_the_output_extension_unless_told() {
    let input = fixture("weekly_berlin_dst.ics");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let mut args = vec![
            "export",
            "-q",
            input.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ];
        args.extend(extra);
        run_ok(&args);
        std::fs::read(path).unwrap()
    };
    assert!(write("a.parquet", &[]).starts_with(b"PAR1"));
    assert!(write("a.jsonl", &[]).starts_with(b"{"));
    assert!(write("a.csv", &[]).starts_with(b"calendar,"));
    // an explicit --format wins over the extension
    assert!(write("b.parquet", &["--format", "csv"]).starts_with(b"calendar,"));
}

#[test]
fn export_reads_a_folder_a_zip_and_stdin_alike() {
    let file = fixture("weekly_berlin_dst.ics");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&file, dir.path().join("a.ics")).unwrap();
    let zip_path = dir.path().join("takeout.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    zip.start_file(
        "Takeout/Calendar/me.ics",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(&std::fs::read(&file).unwrap()).unwrap();
    zip.finish().unwrap();
    let from_file = csv_rows(&run(&["export", "-q", file.to_str().unwrap()])).len();
    let from_folder = csv_rows(&run(&["export", "-q", dir.path().to_str().unwrap()])).len();
    let from_zip = run(&["export", "-q", zip_path.to_str().unwrap()]);
    let zip_rows = csv_rows(&from_zip);
    assert_eq!(from_file, 2);
    assert_eq!(
        from_folder, 2,
        "the folder holds the file and a zip of the same bytes: read once"
    );
    assert!(zip_rows[0].starts_with(&format!("{}/Takeout/Calendar/me.ics,", zip_path.display())));
    let mut child = bin()
        .args(["export", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&file).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(csv_rows(&out).len(), 2);
    assert!(csv_rows(&out)[0].starts_with("stdin,"));
}

#[test]
fn a_bad_line_is_reported_with_its_line_and_the_rest_imported_unless_strict() {
    let path = fixture("one_bad_line.ics");
    let out = run_ok(&["export", path.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("one_bad_line.ics:6: skipped: malformed line"),
        "{err}"
    );
    assert_eq!(csv_rows(&out).len(), 2);
    let strict = run(&["export", "--strict", path.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(3));
}

/// `export` imports and writes a batch of calendars at a time: 70 calendars
/// (three batches) give one header, every row once in input order, the same
/// rows in every format, and a `--strict` failure found after the rows were
/// made still leaves no file.
#[test]
fn export_writes_many_calendars_in_batches_as_one_table_and_strict_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let text = std::fs::read_to_string(fixture("weekly_berlin_dst.ics")).unwrap();
    for i in 0..70 {
        let named = text.replace("weekly-1", &format!("weekly-{i:02}"));
        std::fs::write(team.join(format!("p{i:02}.ics")), named).unwrap();
    }
    let out = |name: &str| dir.path().join(name);
    let export = |name: &str| {
        run_ok(&[
            "export",
            "-q",
            team.to_str().unwrap(),
            "-o",
            out(name).to_str().unwrap(),
        ]);
        std::fs::read(out(name)).unwrap()
    };
    let csv = String::from_utf8(export("all.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("calendar,")).count(),
        1
    );
    // two occurrences per calendar, the calendars in file order
    assert_eq!(lines.len(), 1 + 140);
    assert!(
        lines[1].contains("p00.ics") && lines[140].contains("p69.ics"),
        "{}",
        lines[140]
    );
    let jsonl = String::from_utf8(export("all.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 140);
    let parquet = export("all.parquet");
    use polars::prelude::{ParquetReader, SerReader};
    let table = ParquetReader::new(std::io::Cursor::new(parquet))
        .finish()
        .unwrap();
    assert_eq!(table.height(), 140);
    // a problem in the last batch fails --strict after the rows were written: no file
    std::fs::write(
        team.join("p99.ics"),
        text.replace("SUMMARY", "SUMMARY;BAD=\""),
    )
    .unwrap();
    let strict = run(&[
        "export",
        "-q",
        "--strict",
        team.to_str().unwrap(),
        "-o",
        out("strict.csv").to_str().unwrap(),
    ]);
    assert_eq!(strict.status.code(), Some(3));
    assert!(!out("strict.csv").exists());
}

#[test]
fn exit_codes_for_missing_input_and_nothing_imported() {
    assert_eq!(run(&["export", "/no/such/file.ics"]).status.code(), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ics");
    std::fs::write(&junk, "not a calendar").unwrap();
    assert_eq!(
        run(&["export", "-q", junk.to_str().unwrap()]).status.code(),
        Some(3)
    );
    assert_eq!(run(&["export"]).status.code(), Some(2));
}

#[test]
fn export_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cal.ics");
    std::fs::copy(fixture("weekly_berlin_dst.ics"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = run(&[
        "export",
        "-q",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in ["analyze", "compare", "config", "export", "report", "sample"] {
        let out = run(&[cmd, "--help"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Examples:") && text.contains(&format!("meetload {cmd}")),
            "{cmd}: {text}"
        );
    }
}

#[test]
fn cli_definition_is_consistent() {
    use clap::CommandFactory;
    meetload::cli::Cli::command().debug_assert();
}

#[test]
fn analyze_writes_tables_whose_focus_fragmented_and_busy_add_up_to_working_time() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
    let out = run(&[
        "analyze",
        sample.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(dir.path().join("person_day.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let idx = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (f1, weekend, date) = (idx("focus_1h_min"), idx("weekend_meeting_min"), idx("date"));
    let (w, f, fr, b, m, raw) = (
        idx("working_min"),
        idx("focus_min"),
        idx("fragmented_min"),
        idx("busy_in_hours_min"),
        idx("meeting_min"),
        idx("meeting_raw_min"),
    );
    let mut days = 0;
    for line in lines {
        let v: Vec<i64> = line.split(',').map(|x| x.parse().unwrap_or(0)).collect();
        assert_eq!(v[f] + v[fr] + v[b], v[w], "{line}");
        assert!(v[m] <= v[raw], "{line}");
        // 1 h blocks include every 2 h block, and fit in free working time
        assert!(v[f] <= v[f1] && v[f1] <= v[f] + v[fr], "{line}");
        let day = chrono::NaiveDate::parse_from_str(line.split(',').nth(date).unwrap(), "%Y-%m-%d");
        let weekday = chrono::Datelike::weekday(&day.unwrap());
        if v[weekend] > 0 {
            assert!(
                matches!(weekday, chrono::Weekday::Sat | chrono::Weekday::Sun),
                "{line}"
            );
            assert_eq!(v[weekend], v[m], "{line}");
        }
        days += 1;
    }
    assert!(days > 30 * 80, "{days} person-days");
    assert!(String::from_utf8_lossy(&out.stdout).contains("per person-week (median)"));
    for table in [
        "person_day",
        "person_week",
        "team_week",
        "meetings",
        "series",
        "candidates",
        "hygiene",
        "data_quality",
        "series_month",
        "costly_meetings",
        "burden",
        "core_hours",
    ] {
        for ext in ["csv", "parquet"] {
            assert!(
                dir.path().join(format!("{table}.{ext}")).is_file(),
                "{table}.{ext}"
            );
        }
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["people"], 30);
    assert_no_negative_zero(dir.path());
    let median = |name: &str| summary[name].as_f64().unwrap();
    assert!(median("meeting_h_median") > 1.0);
    assert!(median("meeting_raw_h_median") >= median("meeting_h_median"));
    assert!(median("focus_1h_h_median") >= median("focus_h_median"));
    let hygiene = std::fs::read_to_string(dir.path().join("hygiene.csv")).unwrap();
    assert!(hygiene.starts_with("scope,column,name,people,meeting_h,large_share,long_share,short_notice_share,recurring_share,after_hours_share,weekend_share,cost\n"));
    // the team, then its 30 people (no roster, so no groups)
    let scopes: Vec<&str> = hygiene
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(scopes.len(), 1 + 30);
    assert_eq!(&scopes[..2], ["team", "person"]);
    let candidates = std::fs::read_to_string(dir.path().join("candidates.csv")).unwrap();
    let first = candidates.lines().nth(1).unwrap();
    assert!(first.contains("async update"), "{first}");
    // "keep live" series free no time: never among the top candidates
    assert!(candidates.contains("keep live"));
    let top = summary["top_candidates"].as_array().unwrap();
    assert!(!top.is_empty());
    assert!(
        top.iter().all(|c| c["recommendation"] != "keep live"),
        "{top:?}"
    );
}

#[test]
fn privacy_hides_every_address_and_title() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("meetload.toml");
    std::fs::write(&config, "privacy = true\n").unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
    let out_dir = dir.path().join("out");
    run_ok(&[
        "-q",
        "--config",
        config.to_str().unwrap(),
        "analyze",
        sample.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    for table in [
        "person_day",
        "person_week",
        "meetings",
        "series",
        "candidates",
        "data_quality",
        "series_month",
        "costly_meetings",
        "burden",
        "core_hours",
    ] {
        let text = std::fs::read_to_string(out_dir.join(format!("{table}.csv"))).unwrap();
        assert!(
            !text.contains("@example.com")
                && !text.contains("stand-up meeting,")
                && !text.contains("Platform"),
            "{table} leaks"
        );
    }
    let summary = std::fs::read_to_string(out_dir.join("summary.json")).unwrap();
    assert!(!summary.contains("Platform") && !summary.contains("@example.com"));
}

#[test]
fn config_example_prints_a_file_that_analyze_accepts() {
    let out = run(&["config", "--example"]);
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("meetload.toml");
    std::fs::write(&config, &out.stdout).unwrap();
    run_ok(&[
        "-q",
        "--config",
        config.to_str().unwrap(),
        "analyze",
        fixture("weekly_berlin_dst.ics").to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    std::fs::write(&config, "focus_blok = 1\n").unwrap();
    let bad = run(&[
        "--config",
        config.to_str().unwrap(),
        "analyze",
        fixture("weekly_berlin_dst.ics").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("meetload config --example"));
}

#[test]
fn compare_runs_on_the_bundled_before_and_after_data_and_on_a_split_export() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (before, after) = (
        root.join("sample-data/team-before"),
        root.join("sample-data/team-after"),
    );
    let out = dir.path().join("cmp");
    run_ok(&[
        "-q",
        "compare",
        "--before",
        before.to_str().unwrap(),
        "--after",
        after.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    for file in [
        "compare.html",
        "effects.csv",
        "person_changes.csv",
        "weekday.csv",
        "series_changes.csv",
        "comparison.json",
        "compare-people.png",
        "compare-focus.png",
        "compare-weekday.png",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let effects = std::fs::read_to_string(out.join("effects.csv")).unwrap();
    let change = cell(&effects, "meeting_h", "mean_change");
    assert!(change < -1.5, "{effects}");
    let weekday = std::fs::read_to_string(out.join("weekday.csv")).unwrap();
    assert!(cell(&weekday, "Wed", "meeting_h_after") < cell(&weekday, "Wed", "meeting_h_before"));
    let series = std::fs::read_to_string(out.join("series_changes.csv")).unwrap();
    assert!(series.starts_with("series,change,per_month_h_before,per_month_h_after\n"));
    assert_no_negative_zero(&out);
    // the page: labels with units, the ratio at three decimals, p-values people can read
    let page = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(page.contains("<td>Fragmentation ratio (share 0-1)</td>"));
    // the fragmentation row prints its values with three decimals (0.ddd)
    let ratio_row = page
        .split("<tr>")
        .find(|r| r.contains("<td>Fragmentation ratio (share 0-1)</td>"))
        .unwrap();
    let three_decimals = ratio_row.split('>').any(|cell| {
        let v = cell.trim_end_matches("</td");
        v.len() == 5 && v.starts_with("0.") && v[2..].bytes().all(|b| b.is_ascii_digit())
    });
    assert!(three_decimals, "{ratio_row}");
    assert!(page.contains(">p &lt; 0.001</td>"));
    assert!(!page.contains("p = 0.0000") && !page.contains("<td>meeting_h</td>"));
    // JSON names every field: per-person values keyed by metric, intervals low/high
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("comparison.json")).unwrap()).unwrap();
    assert!(json["people"][0]["before"]["meeting_h"].is_f64());
    assert!(json["people"][0]["after"]["fragmented_share"].is_f64());
    assert!(json["effects"][0]["mean_change_ci"]["low"].is_f64());
    assert_eq!(json["effects"][0]["metric"], "meeting_h");
    assert!(json["weekday"][0]["meeting_h_before"].is_f64());
    assert!(json["series_changes"][0]["per_month_h_before"].is_f64());
    // both quarters in one folder, split by date
    let both = dir.path().join("both");
    std::fs::create_dir(&both).unwrap();
    for (tag, src) in [("b", &before), ("a", &after)] {
        for f in std::fs::read_dir(src).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "ics") {
                std::fs::copy(
                    &p,
                    both.join(format!(
                        "{tag}-{}",
                        p.file_name().unwrap().to_string_lossy()
                    )),
                )
                .unwrap();
            }
        }
    }
    run_ok(&[
        "-q",
        "compare",
        both.to_str().unwrap(),
        "--split",
        "2025-04-07",
        "--control",
        both.to_str().unwrap(),
        "--out",
        dir.path().join("split").to_str().unwrap(),
    ]);
    // the control is the same group, so the difference-in-differences is zero
    let effects = std::fs::read_to_string(dir.path().join("split/effects.csv")).unwrap();
    let value = cell(&effects, "meeting_h", "did");
    assert!(value.abs() < 1e-9, "{effects}");
    assert_eq!(
        run(&["compare", "--before", before.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn simulate_projects_a_policy_and_its_calendars_compare_with_the_real_after_period() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = root.join("sample-data/team-before");
    let out = dir.path().join("sim");
    run_ok(&[
        "-q",
        "simulate",
        before.to_str().unwrap(),
        "--policy",
        "async-status",
        "--policy",
        "no-meeting-day=WED",
        "--out",
        out.to_str().unwrap(),
    ]);
    let effects = std::fs::read_to_string(out.join("effects.csv")).unwrap();
    let after = cell(&effects, "status_meeting_h", "mean_after");
    assert!(after < 0.01, "status meetings should be gone: {effects}");
    assert_no_negative_zero(&out);
    assert_eq!(
        std::fs::read_dir(out.join("calendars")).unwrap().count(),
        30
    );
    let summary = std::fs::read_to_string(out.join("simulation_summary.csv")).unwrap();
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("async-status,removed,")),
        "{summary}"
    );
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("no-meeting-day=Wed,moved,")),
        "{summary}"
    );
    assert!(out.join("simulation_actions.parquet").is_file());
    let page = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(
        page.contains("Projected vs Current")
            && page.contains("<th>Current</th><th>Projected</th>")
    );
    // forecast check: the real before and after quarters beside the prediction
    let real = root.join("sample-data/team-after");
    let pva = dir.path().join("pva");
    run_ok(&[
        "-q",
        "compare",
        "--before",
        before.to_str().unwrap(),
        "--after",
        real.to_str().unwrap(),
        "--predicted",
        out.to_str().unwrap(),
        "--out",
        pva.to_str().unwrap(),
    ]);
    let forecast = std::fs::read_to_string(pva.join("forecast.csv")).unwrap();
    let row = |metric: &str| -> Vec<f64> {
        ["predicted_change", "actual_change", "error"]
            .map(|c| cell(&forecast, metric, c))
            .to_vec()
    };
    // by construction the after quarter replaces every stand-up and status meeting with a
    // written update, which is what async-status removes: predicted = actual
    let status = row("status_meeting_h");
    assert!(status[0] < -2.0 && status[2].abs() < 0.05, "{forecast}");
    // the real quarter's other meetings are drawn afresh on days other than Wednesday, while
    // the projection moves the same meetings: close, within an hour per person-week (the
    // quarters' one-offs are independent draws of the calibrated generator)
    let meeting = row("meeting_h");
    assert!(
        meeting[0] < -2.0 && meeting[1] < -2.0 && meeting[2].abs() < 1.0,
        "{forecast}"
    );
    assert!(pva.join("forecast_people.csv").is_file());
    assert_no_negative_zero(&pva);
    assert!(
        run(&["simulate", before.to_str().unwrap(), "--policy", "teleport"])
            .status
            .code()
            == Some(2)
    );
}

#[test]
fn an_event_without_an_end_is_a_data_quality_warning_and_not_a_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(&[
        "analyze",
        fixture("no_end_event.ics").to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no DTEND or DURATION"), "{err}");
    let quality = std::fs::read_to_string(dir.path().join("data_quality.csv")).unwrap();
    let header: Vec<&str> = quality.lines().next().unwrap().split(',').collect();
    let warnings = header.iter().position(|h| *h == "warnings").unwrap();
    let row: Vec<&str> = quality.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[warnings], "1", "{quality}");
    // only the one-hour planning is a meeting
    let meetings = std::fs::read_to_string(dir.path().join("meetings.csv")).unwrap();
    assert_eq!(meetings.lines().count(), 2, "{meetings}");
    assert!(
        meetings.contains("Planning") && !meetings.contains("Reminder"),
        "{meetings}"
    );
}

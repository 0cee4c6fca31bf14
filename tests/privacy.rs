//! A privacy run leaks nothing: every command over the sample organisation
//! with `privacy = true`, then every text output file, stdout and stderr
//! searched for every real address, name, file name and title of the input,
//! and for the privacy key itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use meetload::ics::{discover, import_sources, read_into, ImportOptions};

/// Every address, display name, calendar file stem and title in `folders`.
fn secrets(folders: &[PathBuf]) -> BTreeSet<String> {
    let sources = discover(folders).unwrap().sources;
    let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).unwrap();
    let mut out = BTreeSet::new();
    // display names (CN) as written: the importer does not keep them
    for source in &sources {
        let mut bytes = Vec::new();
        read_into(source, &mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes)
            .replace("\r\n ", "")
            .replace("\n ", "");
        out.extend(text.split("CN=").skip(1).filter_map(|rest| {
            let name = rest.split([';', ':', '\r', '\n']).next()?.trim_matches('"');
            (!name.is_empty()).then(|| name.to_string())
        }));
    }
    assert!(
        out.contains("Ana Silva"),
        "display names found: {}",
        out.len()
    );
    for c in &calendars {
        out.extend(c.owner.clone());
        if let Some(stem) = Path::new(&c.name).file_stem() {
            out.insert(stem.to_string_lossy().into_owned());
        }
        for o in &c.occurrences {
            let e = &o.event;
            out.insert(e.summary.clone());
            out.extend(e.organizer.clone());
            for a in e.attendees.iter() {
                out.insert(a.email.to_string());
            }
            // the people named in 1:1 titles
            if let Some(pair) = e.summary.strip_prefix("1:1 ") {
                out.extend(pair.split(" / ").map(str::to_string));
            }
        }
    }
    out
}

/// Text of every file under `dir` (PNG excepted: pixels, checked as view
/// data; Parquet excepted: the same columns as the CSV beside it).
fn texts(dir: &Path, into: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            texts(&path, into);
        } else if !path
            .extension()
            .is_some_and(|e| e == "png" || e == "parquet")
        {
            into.push((
                path.clone(),
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
            ));
        }
    }
}

fn meetload(config: &Path, args: &[&str], texts: &mut Vec<(PathBuf, String)>) {
    let out = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let name = PathBuf::from(format!("{} {}", args[0], stream));
        texts.push((name, String::from_utf8_lossy(bytes).into_owned()));
    }
}

#[test]
fn a_privacy_run_writes_no_real_address_name_or_title_anywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let (before, after) = (root.join("team-before"), root.join("team-after"));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("meetload.toml");
    std::fs::write(&config, "privacy = true\n").unwrap();
    let out = |name: &str| {
        dir.path()
            .join("out")
            .join(name)
            .to_str()
            .unwrap()
            .to_string()
    };
    let (b, a) = (before.to_str().unwrap(), after.to_str().unwrap());
    let mut written = Vec::new();
    meetload(
        &config,
        &["analyze", a, "--out", &out("analyze")],
        &mut written,
    );
    meetload(
        &config,
        &[
            "compare",
            "--before",
            b,
            "--after",
            a,
            "--out",
            &out("compare"),
        ],
        &mut written,
    );
    meetload(
        &config,
        &[
            "simulate",
            b,
            "--policy",
            "async-status",
            "--out",
            &out("simulate"),
        ],
        &mut written,
    );
    meetload(
        &config,
        &[
            "report",
            a,
            "--comparison",
            &out("compare"),
            "--out",
            &out("report"),
        ],
        &mut written,
    );
    meetload(
        &config,
        &["export", a, "-o", &out("export.csv")],
        &mut written,
    );
    meetload(&config, &["export", "--format", "jsonl", a], &mut written);
    texts(&dir.path().join("out"), &mut written);
    assert!(written.len() > 40, "{} outputs", written.len());

    let key = std::fs::read_to_string(dir.path().join("meetload.toml.privacy-key")).unwrap();
    let mut secrets = secrets(&[before, after]);
    secrets.insert(key.trim().to_string());
    // a heading of the report's definitions, in every report whatever the input
    secrets.remove("Focus time");
    assert!(secrets.len() > 100, "{} secrets", secrets.len());
    let mut leaks = Vec::new();
    for (path, text) in &written {
        for secret in &secrets {
            if text.contains(secret.as_str()) {
                leaks.push(format!("{}: {secret}", path.display()));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

#[test]
fn a_group_under_min_group_gets_no_per_person_rows() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("meetload.toml");
    std::fs::write(&config, "privacy = true\nmin_group = 5\n").unwrap();
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/weekly_berlin_dst.ics");
    let out_dir = dir.path().join("out");
    let mut written = Vec::new();
    let (i, o) = (input.to_str().unwrap(), out_dir.to_str().unwrap());
    meetload(&config, &["analyze", i, "--out", o], &mut written);
    for table in ["person_day", "person_week"] {
        let text = std::fs::read_to_string(out_dir.join(format!("{table}.csv"))).unwrap();
        assert_eq!(text.lines().count(), 1, "{table}: only the header\n{text}");
    }
}

//! meetload's export against an independent implementation (icalendar 7.3.0 +
//! recurring-ical-events 3.8.2) on 372 real-world files from five calendar
//! projects (tests/fixtures/ics-corpus, see its README and LICENSES.md).
//!
//! Every file the peer reads must give the same occurrences (uid, start, end,
//! all-day, status), except the files listed in docs/corpus-differences.md
//! where the peer departs from RFC 5545. A listed file that starts to agree
//! fails the test too, so the list stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use meetload::ics::{import_bytes, ImportOptions};
use meetload::model::{Occurrence, Span};

type Row = (String, String, String, bool, String);

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ics-corpus")
}

/// The peer's rows per file, and the files it could not read.
fn expected() -> (BTreeMap<String, Vec<Row>>, BTreeSet<String>) {
    let file = std::fs::File::open(corpus().join("expected/lenient-2000-2030.jsonl.gz")).unwrap();
    let mut rows: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut errors = BTreeSet::new();
    for line in BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let name = v["file"].as_str().unwrap().to_string();
        if v.get("error").is_some() {
            errors.insert(name);
            continue;
        }
        let floating = v.get("floating").and_then(|f| f.as_bool()).unwrap_or(false);
        let time = |k: &str| {
            let s = v[k].as_str().unwrap().to_string();
            if floating {
                format!("~{}", s.trim_end_matches('Z'))
            } else {
                s
            }
        };
        let row = (
            v["uid"].as_str().unwrap_or("").to_string(),
            time("start"),
            time("end"),
            v["all_day"].as_bool().unwrap(),
            v["status"].as_str().unwrap_or("").to_ascii_lowercase(),
        );
        rows.entry(name).or_default().push(row);
    }
    (rows, errors)
}

/// Differences documented in docs/corpus-differences.md (lines `- \`path\``).
fn documented() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/corpus-differences.md"),
    )
    .unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

fn window_options() -> ImportOptions {
    ImportOptions {
        from: Some(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()),
        to: Some(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()),
        ..ImportOptions::default()
    }
}

fn row_of(o: &Occurrence, floating: bool) -> Row {
    let (start, end) = match o.span {
        Span::Timed { start, end } if floating => {
            let tz = o
                .event
                .tzid
                .as_deref()
                .and_then(meetload::ics::tz::iana)
                .unwrap_or(chrono_tz::UTC);
            let f = |t: chrono::DateTime<Utc>| {
                format!("~{}", t.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S"))
            };
            (f(start), f(end))
        }
        Span::Timed { start, end } => {
            let f = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            (f(start), f(end))
        }
        Span::AllDay { start, end } => (start.to_string(), end.to_string()),
    };
    (
        o.event.uid.clone(),
        start,
        end,
        o.is_all_day(),
        o.event.status.as_str().to_string(),
    )
}

fn all_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, into);
        } else if p.extension().is_some_and(|x| x == "ics") {
            into.push(p);
        }
    }
}

#[test]
fn every_corpus_file_matches_the_peer_or_is_a_documented_difference() {
    let (expected, peer_errors) = expected();
    let documented = documented();
    let mut files = Vec::new();
    all_files(&corpus(), &mut files);
    assert_eq!(files.len(), 372);
    let mut differing = BTreeSet::new();
    let mut report = String::new();
    for path in &files {
        let name = path
            .strip_prefix(corpus())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let cal = import_bytes(&std::fs::read(path).unwrap(), &name, &window_options());
        if peer_errors.contains(&name) {
            continue;
        }
        let want = expected.get(&name).cloned().unwrap_or_default();
        let floating_uids: BTreeSet<&str> = want
            .iter()
            .filter(|r| r.1.starts_with('~'))
            .map(|r| r.0.as_str())
            .collect();
        let mut got: Vec<Row> = cal
            .occurrences
            .iter()
            .map(|o| row_of(o, floating_uids.contains(o.event.uid.as_str())))
            .collect();
        let mut want = want;
        got.sort();
        want.sort();
        if got != want {
            differing.insert(name.clone());
            if !documented.contains(&name) {
                let extra: Vec<_> = got.iter().filter(|r| !want.contains(r)).take(3).collect();
                let missing: Vec<_> = want.iter().filter(|r| !got.contains(r)).take(3).collect();
                report += &format!(
                    "\n{name}: meetload {} vs peer {}\n  only meetload: {extra:?}\n  only peer: {missing:?}\n",
                    got.len(),
                    want.len()
                );
            }
        }
    }
    let stale: Vec<_> = documented
        .iter()
        .filter(|d| !differing.contains(*d))
        .collect();
    assert!(
        report.is_empty(),
        "undocumented differences ({}):{report}",
        differing.difference(&documented).count()
    );
    assert!(
        stale.is_empty(),
        "documented differences that no longer differ: {stale:?}"
    );
}

//! A week never depends on the window drawn around it (docs/metrics.md,
//! "Coverage"): for seeded random windows around a fixed week, every sample
//! calendar gives that week the same person-day rows as with no window.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use meetload::analysis::{analyze, person::PersonDay};
use meetload::config::Options;
use meetload::ics::{import_bytes, ImportOptions};
use meetload::people::{assemble, Window};

fn week_rows(
    text: &[u8],
    name: &str,
    window: Option<(NaiveDate, NaiveDate)>,
    week: NaiveDate,
) -> Vec<PersonDay> {
    let at = |d: NaiveDate| -> DateTime<Utc> { d.and_hms_opt(0, 0, 0).unwrap().and_utc() };
    let import = ImportOptions {
        from: window.map(|w| at(w.0)),
        to: window.map(|w| at(w.1)),
        ..ImportOptions::default()
    };
    let opts = Options::default();
    let cal = import_bytes(text, name, &import);
    let days = Window {
        first: window.map(|w| w.0),
        last: window.map(|w| w.1 - Duration::days(1)),
    };
    let team = assemble(vec![cal], &opts, None, days);
    let analysis = analyze(&team.people, &opts);
    analysis
        .person_days
        .into_iter()
        .filter(|d| d.date >= week && d.date < week + Duration::days(7))
        .collect()
}

#[test]
fn a_weeks_person_days_are_the_same_whatever_window_surrounds_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
    // a mid-quarter week, away from the coverage edges of every sample calendar
    let week = NaiveDate::from_ymd_opt(2025, 2, 10).unwrap();
    let mut rng = meetload::rng::Rng::new(0x5eed);
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ics") {
            continue;
        }
        let text = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let reference = week_rows(&text, &name, None, week);
        assert_eq!(
            reference.len(),
            7,
            "{name}: the week lies inside the coverage"
        );
        for _ in 0..6 {
            let from = week - Duration::days(rng.below(400) as i64);
            let to = week + Duration::days(7 + rng.below(400) as i64);
            let rows = week_rows(&text, &name, Some((from, to)), week);
            assert_eq!(rows, reference, "{name} with the window {from} to {to}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} calendars");
}

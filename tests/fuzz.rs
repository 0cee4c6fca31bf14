//! The importer never panics: random bytes, and corpus files with random
//! mutations (bytes flipped, lines dropped or duplicated, truncation).
//! Deterministic (seeded), so a failure reproduces.

use std::path::Path;

use meetload::ics::{import_bytes, ImportOptions};

use meetload::rng::Rng;

fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..1 + rng.below(8) {
        if out.is_empty() {
            break;
        }
        let at = rng.below(out.len());
        match rng.below(4) {
            0 => out[at] = rng.next_u64() as u8,
            1 => out.truncate(at),
            2 => {
                let end = (at + rng.below(200)).min(out.len());
                out.drain(at..end);
            }
            _ => {
                let end = (at + rng.below(200)).min(out.len());
                let chunk = out[at..end].to_vec();
                out.splice(at..at, chunk);
            }
        }
    }
    out
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng::new(0x5EED);
    for _ in 0..300 {
        let len = rng.below(2000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        let cal = import_bytes(&bytes, "random", &ImportOptions::default());
        assert_eq!(cal.quality.occurrences, cal.occurrences.len());
    }
}

#[test]
fn mutated_corpus_files_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics-corpus/recurring_ical_events/test/calendars");
    let mut rng = Rng::new(0xC0FFEE);
    let mut files: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut imported = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
    {
        let data = std::fs::read(path).unwrap();
        for _ in 0..4 {
            let cal = import_bytes(
                &mutate(&data, &mut rng),
                "mutated",
                &ImportOptions::default(),
            );
            imported += cal.occurrences.len();
        }
    }
    assert!(
        imported > 0,
        "mutations should leave most files partly readable"
    );
}

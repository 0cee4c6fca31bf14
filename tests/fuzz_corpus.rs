//! Replays the saved fuzz corpus (fuzz/corpus/, minimized) and every fuzz
//! finding (tests/fixtures/fuzz-findings/) through the same entry points the
//! fuzz targets call: no input may panic. This is not fuzzing; the README's
//! development section says how to run the fuzzer itself.

use std::path::{Path, PathBuf};

use meetload::ics::{import_bytes, ImportOptions};

fn files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn the_saved_import_corpus_and_findings_import_without_panic() {
    let inputs = [
        files("fuzz/corpus/import"),
        files("tests/fixtures/fuzz-findings"),
    ]
    .concat();
    assert!(!inputs.is_empty(), "the fuzz corpus is missing");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let cal = import_bytes(&data, "fuzz.ics", &ImportOptions::default());
        assert_eq!(
            cal.quality.occurrences,
            cal.occurrences.len(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_saved_analyze_corpus_and_findings_analyze_without_panic() {
    let inputs = [
        files("fuzz/corpus/analyze"),
        files("tests/fixtures/fuzz-findings"),
    ]
    .concat();
    assert!(!inputs.is_empty(), "the fuzz corpus is missing");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| meetload::fuzzing::analyze_bytes(&data));
        assert!(result.is_ok(), "{} panics", path.display());
    }
}

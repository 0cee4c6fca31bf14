//! The importer on arbitrary bytes: it must never panic, hang or run away
//! with memory, whatever the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meetload_fuzz_importer::ics::{import_bytes, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let cal = import_bytes(data, "fuzz.ics", &ImportOptions::default());
    assert_eq!(cal.quality.occurrences, cal.occurrences.len());
});

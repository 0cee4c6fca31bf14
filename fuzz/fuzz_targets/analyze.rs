//! The whole `analyze` pipeline on arbitrary bytes: import, analysis,
//! every table and the summary.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    meetload::fuzzing::analyze_bytes(data);
});

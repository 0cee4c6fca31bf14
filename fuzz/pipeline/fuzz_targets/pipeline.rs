//! The `analyze` pipeline up to the tables on arbitrary bytes: import,
//! people, analysis and the summary must never panic, hang or run away with
//! memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    meetload_fuzz_pipeline::pipeline::analysis_of_bytes(data);
});

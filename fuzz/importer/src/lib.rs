//! meetload's importer compiled on its own for fuzzing (see Cargo.toml).
#![allow(dead_code, unused_imports)]

#[path = "../../../src/ics/mod.rs"]
pub mod ics;
#[path = "../../../src/model.rs"]
pub mod model;
#[path = "../../../src/time_text.rs"]
pub mod time_text;

//! meetload's importer, people and analysis compiled on their own for
//! fuzzing (see Cargo.toml): every polars-free module the analysis run needs.
#![allow(dead_code, unused_imports)]

#[path = "../../../src/config.rs"]
pub mod config;
#[path = "../../../src/ics/mod.rs"]
pub mod ics;
#[path = "../../../src/model.rs"]
pub mod model;
#[path = "../../../src/time_text.rs"]
pub mod time_text;
#[path = "../../../src/rng.rs"]
pub mod rng;
#[path = "../../../src/text_key.rs"]
pub mod text_key;
#[path = "../../../src/people/mod.rs"]
pub mod people;

pub mod analysis;

#[path = "../../../src/fuzzing/pipeline.rs"]
pub mod pipeline;

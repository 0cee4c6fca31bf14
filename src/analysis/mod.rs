//! Occurrences to tables: classification, per-person interval work in plain
//! Rust, and polars DataFrames for the tables and group-bys.

pub mod classify;
pub mod intervals;
pub mod occurrences;
pub mod person;
pub mod tables;

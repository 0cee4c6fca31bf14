//! Occurrences to tables (polars lives here).

pub mod occurrences;

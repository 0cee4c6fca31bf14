//! Occurrences to tables, as a map and a reduce: [`partial::map`] turns one
//! person's calendar into compact owned rows (classification and the
//! per-person interval work in plain Rust), and [`reduce::reduce`] works out
//! the team from those rows alone; polars DataFrames for the tables and
//! group-bys. docs/scale-out.md describes the split and the partials.

pub mod burden;
pub mod candidates;
pub mod classified;
pub mod classify;
pub mod compare;
pub mod core_hours;
pub mod exclusions;
pub mod focus_cost;
pub mod groups;
pub mod heatmap;
pub mod hygiene;
pub mod interned;
pub mod intervals;
pub mod kind;
pub mod lifecycle;
pub mod moves;
#[cfg(test)]
pub(crate) mod naming;
pub mod occurrences;
pub mod partial;
pub mod partial_tables;
pub mod person;
pub mod privacy;
pub mod quality;
pub mod reduce;
mod run;
pub mod series;
pub mod simulate;
pub mod stats;
pub mod summary;
pub mod tables;
pub mod title_key;
pub mod weeks;

pub use run::{analyze, exclusions_of, map_people, Analysis};

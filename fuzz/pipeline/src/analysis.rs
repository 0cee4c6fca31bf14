//! meetload's analysis modules without the table, compare and simulate ones.

#[path = "../../../src/analysis/burden.rs"]
pub mod burden;
#[path = "../../../src/analysis/candidates.rs"]
pub mod candidates;
#[path = "../../../src/analysis/classified.rs"]
pub mod classified;
#[path = "../../../src/analysis/classify.rs"]
pub mod classify;
#[path = "../../../src/analysis/core_hours.rs"]
pub mod core_hours;
#[path = "../../../src/analysis/exclusions.rs"]
pub mod exclusions;
#[path = "../../../src/analysis/focus_cost.rs"]
pub mod focus_cost;
#[path = "../../../src/analysis/groups.rs"]
pub mod groups;
#[path = "../../../src/analysis/heatmap.rs"]
pub mod heatmap;
#[path = "../../../src/analysis/hygiene.rs"]
pub mod hygiene;
#[path = "../../../src/analysis/interned.rs"]
pub mod interned;
#[path = "../../../src/analysis/intervals.rs"]
pub mod intervals;
#[path = "../../../src/analysis/kind.rs"]
pub mod kind;
#[path = "../../../src/analysis/lifecycle.rs"]
pub mod lifecycle;
#[path = "../../../src/analysis/moves.rs"]
pub mod moves;
#[path = "../../../src/analysis/partial.rs"]
pub mod partial;
#[path = "../../../src/analysis/person.rs"]
pub mod person;
#[path = "../../../src/analysis/privacy.rs"]
pub mod privacy;
#[path = "../../../src/analysis/quality.rs"]
pub mod quality;
#[path = "../../../src/analysis/reduce.rs"]
pub mod reduce;
#[path = "../../../src/analysis/run.rs"]
mod run;
#[path = "../../../src/analysis/series.rs"]
pub mod series;
#[path = "../../../src/analysis/stats.rs"]
pub mod stats;
#[path = "../../../src/analysis/summary.rs"]
pub mod summary;
#[path = "../../../src/analysis/title_key.rs"]
pub mod title_key;
#[path = "../../../src/analysis/weeks.rs"]
pub mod weeks;

pub use run::{analyze, exclusions_of, map_people, Analysis};

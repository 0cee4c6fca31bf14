//! Bytes to occurrences. The only module that knows iCalendar.
//!
//! `lines` unfolds and splits content lines without copying, `parse` builds
//! raw components (`memo` remembers the lines a file repeats), `tz` and `windows_zones` resolve TZIDs, `recur` expands
//! one RRULE after `rule` checked it (`rscale` adds RFC 7529 SKIP,
//! `periodic` expands the commonest weekly and daily rules itself),
//! `generate` gives a master's own instances (kept in key order by
//! `instances`) and `expand` applies overrides, within the `budget`;
//! `import` does one file, `discover` finds calendars in folders and zips,
//! and `source` reads them (file, zip entry, stdin).

mod attendees;
mod budget;
mod convert;
mod coverage;
mod describe;
pub mod discover;
mod expand;
mod generate;
pub mod header;
pub mod import;
mod instances;
pub mod lines;
mod memo;
mod mixed;
mod monthly;
mod owner;
pub mod parse;
mod periodic;
mod quality;
pub mod recur;
mod rscale;
pub mod rule;
mod same_bytes;
pub mod source;
pub mod tz;
mod utc_memo;
mod utf16;
pub mod values;
mod windows_zones;

pub use budget::{Budgets, RunBudget};
pub use convert::Window;
pub use discover::{discover, Found};
pub use import::{import_bytes, import_in_run, ImportOptions};
pub use quality::{Issue, Quality};
pub use source::{import_source, import_sources, read_into, was_read, Source, SourceError};

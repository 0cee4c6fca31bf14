//! Bytes to occurrences. The only module that knows iCalendar.
//!
//! `lines` unfolds and splits content lines without copying, `parse` builds raw
//! components, `tz` and `windows_zones` resolve TZIDs, `recur` expands one
//! RRULE, `expand` turns a series into occurrences, `import` does one file and
//! `source` finds files in folders, zips and stdin.

mod convert;
mod expand;
pub mod import;
pub mod lines;
mod owner;
pub mod parse;
mod quality;
pub mod recur;
pub mod source;
pub mod tz;
pub mod values;
mod windows_zones;

pub use convert::Window;
pub use import::{import_bytes, ImportOptions};
pub use quality::{Issue, Quality};
pub use source::{discover, import_sources, Source, SourceError};

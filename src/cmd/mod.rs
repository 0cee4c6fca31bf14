//! One file per subcommand: its arguments (whose doc comments are the help
//! text) and a short `run` that turns them into options and calls the stages.

pub mod analyze;
pub mod compare;
pub mod config;
pub mod export;
pub mod input;
pub mod privacy_key;
pub mod reduce;
pub mod report;
pub mod sample;
pub mod simulate;

pub use input::InputArgs;

/// Leaves a command's data to the operating system instead of freeing it:
/// the process exits right after, and freeing a gigabyte of imported
/// calendars one allocation at a time costs a tenth of a second or more
/// (measured with perf on the analysis benchmark).
pub fn leave_to_exit<T>(data: T) {
    std::mem::forget(data);
}

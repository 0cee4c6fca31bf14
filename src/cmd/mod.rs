//! One file per subcommand: its arguments (whose doc comments are the help
//! text) and a short `run` that turns them into options and calls the stages.

pub mod analyze;
pub mod compare;
pub mod config;
pub mod export;
pub mod input;
pub mod report;
pub mod sample;
pub mod simulate;

pub use input::InputArgs;

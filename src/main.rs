//! The `meetload` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use meetload::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match meetload::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => meetload::exit_for(&err),
    }
}

//! `meetload config`: prints the documented example settings file.

use anyhow::{bail, Result};
use clap::Args;

use crate::config::EXAMPLE;

/// Print an example meetload.toml with every setting, its meaning and its
/// default. Use it with `--config FILE` on any command.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  meetload config --example > meetload.toml\n  meetload --config meetload.toml analyze team/"
)]
pub struct ConfigArgs {
    /// Print the example file.
    #[arg(long)]
    pub example: bool,
}

pub fn run(args: &ConfigArgs) -> Result<()> {
    if !args.example {
        bail!("nothing to do: use `meetload config --example > meetload.toml`");
    }
    print!("{EXAMPLE}");
    Ok(())
}

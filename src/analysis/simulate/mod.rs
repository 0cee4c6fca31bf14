//! What would a policy do? Each policy decides every meeting once, from its
//! best-informed copy, and the same outcome is written into every attendee's
//! calendar; the analysis then runs on the projected calendars and `compare`
//! sets them against the current ones. Rules in docs/metrics.md.

pub mod actions;
mod policy;
mod rules;
mod shared;
mod slot;

pub use actions::{Action, Outcome, Tally};
pub use policy::Policy;

use super::Analysis;
use crate::config::Options;
use crate::model::Calendar;
use shared::Meetings;

/// The projected calendars and what each policy did.
#[derive(Debug)]
pub struct Simulation {
    /// The calendars with the policies applied, in input order.
    pub calendars: Vec<Calendar>,
    /// Every meeting each policy changed (or could not move), policy by policy.
    pub actions: Vec<Action>,
}

/// Applies `policies` in order to the meetings of `calendars`; `analysis` is
/// the analysis of the same calendars (for the async candidates).
pub fn simulate(
    calendars: &[Calendar],
    policies: &[Policy],
    analysis: &Analysis,
    opts: &Options,
) -> Simulation {
    let mut meetings = Meetings::index(calendars, opts);
    let actions = policies
        .iter()
        .flat_map(|p| rules::apply(p, &mut meetings, calendars, analysis, opts))
        .collect();
    Simulation {
        calendars: calendars.iter().map(|c| meetings.write_back(c)).collect(),
        actions,
    }
}

#[cfg(test)]
mod tests;

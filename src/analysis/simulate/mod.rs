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
use crate::people::Person;
use shared::Meetings;

/// The projected people and what each policy did.
#[derive(Debug)]
pub struct Simulation {
    /// The people with the policies applied to their calendars, in input order.
    pub people: Vec<Person>,
    /// Every meeting each policy changed (or could not move), policy by policy.
    pub actions: Vec<Action>,
}

/// Applies `policies` in order to the meetings of `calendars` (people);
/// `analysis` is the analysis of the same people (for the async candidates).
pub fn simulate(
    calendars: &[Person],
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
        people: calendars.iter().map(|c| meetings.write_back(c)).collect(),
        actions,
    }
}

#[cfg(test)]
mod tests;

//! What each policy did, meeting by meeting, and the totals per policy: the
//! list `simulate` prints and writes as a table.

use chrono::{DateTime, Utc};
use polars::prelude::*;
use serde::Serialize;

use super::shared::Shared;
use crate::analysis::privacy;
use crate::analysis::series::series_key;
use crate::config::Options;

/// What a policy did to one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Removed,
    Moved,
    Shortened,
    /// Invitees cut by max-attendees (removed from their calendars).
    Trimmed,
    /// To be moved, but no common free slot nearby: left where it was.
    KeptNoSlot,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Removed => "removed",
            Outcome::Moved => "moved",
            Outcome::Shortened => "shortened",
            Outcome::Trimmed => "trimmed",
            Outcome::KeptNoSlot => "kept (no free slot)",
        }
    }
}

/// One meeting changed (or not moved) by one policy.
#[derive(Debug, Clone)]
pub struct Action {
    /// The policy as typed, e.g. `cap=25/50`.
    pub policy: String,
    pub outcome: Outcome,
    pub uid: String,
    pub title: String,
    pub series_key: String,
    pub start: DateTime<Utc>,
    pub new_start: DateTime<Utc>,
    pub minutes_before: i64,
    pub minutes_after: i64,
    /// Invitees who spend the time (declines left out), before and after.
    pub people_before: usize,
    pub people_after: usize,
    pub person_hours_before: f64,
    pub person_hours_after: f64,
}

impl Action {
    /// The action taking meeting `before` to `after` under `policy`.
    pub fn new(policy: &str, outcome: Outcome, before: &Shared, after: &Shared) -> Action {
        let gone = outcome == Outcome::Removed;
        Action {
            policy: policy.to_string(),
            outcome,
            uid: before.occ.event.uid.clone(),
            title: before.occ.event.summary.clone(),
            series_key: series_key(&before.occ),
            start: before.start,
            new_start: after.start,
            minutes_before: before.minutes(),
            minutes_after: if gone { 0 } else { after.minutes() },
            people_before: before.people(),
            people_after: if gone { 0 } else { after.people() },
            person_hours_before: before.person_hours(),
            person_hours_after: if gone { 0.0 } else { after.person_hours() },
        }
    }

    /// Person-minutes the action concerns: all of a removed, moved or unmoved
    /// meeting's, the saving of a shortened or trimmed one (integers, so totals add up exactly).
    pub fn person_minutes(&self) -> i64 {
        let before = self.minutes_before * self.people_before as i64;
        match self.outcome {
            Outcome::Shortened | Outcome::Trimmed => {
                before - self.minutes_after * self.people_after as i64
            }
            _ => before,
        }
    }

    /// [`Action::person_minutes`] in hours.
    pub fn person_hours(&self) -> f64 {
        self.person_minutes() as f64 / 60.0
    }
}

/// Totals of one outcome of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub policy: String,
    pub outcome: Outcome,
    pub meetings: usize,
    pub person_hours: f64,
}

/// Per policy (in the order applied) and outcome: meetings and person-hours.
pub fn tally(actions: &[Action]) -> Vec<Tally> {
    let mut sums: Vec<(&str, Outcome, usize, i64)> = Vec::new();
    for a in actions {
        match sums
            .iter_mut()
            .find(|t| t.0 == a.policy && t.1 == a.outcome)
        {
            Some(t) => {
                t.2 += 1;
                t.3 += a.person_minutes();
            }
            None => sums.push((&a.policy, a.outcome, 1, a.person_minutes())),
        }
    }
    sums.into_iter()
        .map(|(policy, outcome, meetings, minutes)| Tally {
            policy: policy.to_string(),
            outcome,
            meetings,
            person_hours: minutes as f64 / 60.0,
        })
        .collect()
}

/// The actions as a table (`simulation_actions`); titles hidden under privacy.
pub fn actions_table(actions: &[Action], opts: &Options) -> PolarsResult<DataFrame> {
    let col = |f: &dyn Fn(&Action) -> String| actions.iter().map(f).collect::<Vec<_>>();
    let time = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    df!(
        "policy" => col(&|a| a.policy.clone()),
        "outcome" => col(&|a| a.outcome.as_str().to_string()),
        "uid" => col(&|a| if opts.privacy { privacy::pseudonym("event", &a.uid) } else { a.uid.clone() }),
        "title" => col(&|a| privacy::title(&a.title, &a.series_key, opts.privacy)),
        "start" => col(&|a| time(a.start)),
        "new_start" => col(&|a| time(a.new_start)),
        "length_before_min" => actions.iter().map(|a| a.minutes_before).collect::<Vec<_>>(),
        "length_after_min" => actions.iter().map(|a| a.minutes_after).collect::<Vec<_>>(),
        "people_before" => actions.iter().map(|a| a.people_before as u32).collect::<Vec<_>>(),
        "people_after" => actions.iter().map(|a| a.people_after as u32).collect::<Vec<_>>(),
        "person_before_h" => actions.iter().map(|a| a.person_hours_before).collect::<Vec<_>>(),
        "person_after_h" => actions.iter().map(|a| a.person_hours_after).collect::<Vec<_>>()
    )
}

/// The totals as a table (`simulation_summary`).
pub fn tally_table(tallies: &[Tally]) -> PolarsResult<DataFrame> {
    df!(
        "policy" => tallies.iter().map(|t| t.policy.clone()).collect::<Vec<_>>(),
        "outcome" => tallies.iter().map(|t| t.outcome.as_str()).collect::<Vec<_>>(),
        "meetings" => tallies.iter().map(|t| t.meetings as u32).collect::<Vec<_>>(),
        "person_h" => tallies.iter().map(|t| t.person_hours).collect::<Vec<_>>()
    )
}

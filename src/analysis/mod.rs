//! Occurrences to tables: classification, per-person interval work in plain
//! Rust, and polars DataFrames for the tables and group-bys.

pub mod candidates;
pub mod classified;
pub mod classify;
pub mod compare;
pub mod focus_cost;
pub mod groups;
pub mod heatmap;
pub mod hygiene;
pub mod intervals;
pub mod kind;
pub mod occurrences;
pub mod person;
pub mod privacy;
pub mod quality;
pub mod series;
pub mod simulate;
pub mod stats;
pub mod summary;
pub mod tables;
pub mod title_key;
pub mod weeks;

use rayon::prelude::*;

use classified::{classify, Classified};
use focus_cost::FocusCost;

use crate::config::Options;
use crate::people::Person;

/// Everything `analyze` computes, before it becomes tables.
#[derive(Debug)]
pub struct Analysis {
    pub person_days: Vec<person::PersonDay>,
    pub meetings: Vec<series::Meeting>,
    pub series: Vec<series::Series>,
    pub candidates: Vec<candidates::Candidate>,
    /// Length of the analysed period in months: the span of everyone's
    /// analysed days (per-month figures divide by it; no clamp to a month).
    pub months: f64,
    /// Meeting hours per person-week by local weekday and hour.
    pub heatmap: heatmap::Heatmap,
    /// Per roster group and ISO week (empty without `group_by`).
    pub group_weeks: Vec<groups::GroupWeek>,
    /// Per roster group over the whole period.
    pub group_totals: Vec<groups::GroupWeek>,
    /// Who is in which group: (person, column, group), for per-group effects.
    pub membership: Vec<groups::Member>,
}

/// Runs the analysis: each person classified once and their person-days and
/// focus cost worked out in parallel (rayon), then the team view.
pub fn analyze(people: &[Person], opts: &Options) -> Analysis {
    let classified: Vec<Classified> = people.par_iter().map(|p| classify(p, opts)).collect();
    let per_calendar: Vec<(Vec<person::PersonDay>, FocusCost)> = classified
        .par_iter()
        .map(|c| {
            (
                person::person_days(c, opts),
                focus_cost::focus_cost(c, opts),
            )
        })
        .collect();
    let mut person_days = Vec::with_capacity(per_calendar.iter().map(|(d, _)| d.len()).sum());
    let mut focus = FocusCost::default();
    for (days, cost) in per_calendar {
        person_days.extend(days);
        for (k, v) in cost {
            *focus.entry(k).or_default() += v;
        }
    }
    let meetings = series::collect_meetings(&classified);
    let months = months_covered(people);
    let series = series::series_table(&meetings, months, &focus, opts);
    let candidates = candidates::candidates(&series, opts);
    let heatmap = heatmap::heatmap(&classified, &person_days);
    let group_weeks = groups::group_weeks(&person_days, people, opts);
    let group_totals = groups::group_totals(&person_days, people, opts);
    Analysis {
        group_weeks,
        group_totals,
        membership: groups::membership(people, opts),
        person_days,
        meetings,
        series,
        candidates,
        months,
        heatmap,
    }
}

/// Months between the first and the last analysed day of anyone (days / 30.44).
fn months_covered(people: &[Person]) -> f64 {
    let first = people.iter().filter_map(|p| p.days).map(|d| d.first).min();
    let last = people.iter().filter_map(|p| p.days).map(|d| d.last).max();
    match (first, last) {
        (Some(a), Some(b)) => ((b - a).num_days() + 1) as f64 / 30.44,
        _ => 0.0,
    }
}

//! Occurrences to tables: classification, per-person interval work in plain
//! Rust, and polars DataFrames for the tables and group-bys.

pub mod burden;
pub mod candidates;
pub mod classified;
pub mod classify;
pub mod compare;
pub mod core_hours;
pub mod exclusions;
pub mod focus_cost;
pub mod groups;
pub mod heatmap;
pub mod hygiene;
pub mod intervals;
pub mod kind;
pub mod lifecycle;
pub mod moves;
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
use focus_cost::{FocusCost, MeetingCost};

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
    /// The costliest single meetings in focus, with the move that restores the most.
    pub costly: Vec<moves::CostlyMeeting>,
    /// Each series month by month (invitees, answers, length).
    pub series_months: Vec<lifecycle::SeriesMonth>,
    /// Time-zone burden per person and per group.
    pub burden: Vec<burden::BurdenRow>,
    /// Each group's core collaboration window.
    pub core: Vec<core_hours::CoreWindow>,
    /// Hygiene shares and cost: the team, each roster group, each person.
    pub hygiene: Vec<hygiene::HygieneRow>,
}

/// Runs the analysis: each person classified once and their person-days and
/// focus cost worked out in parallel (rayon), then the team view.
pub fn analyze(people: &[Person], opts: &Options) -> Analysis {
    let classified: Vec<Classified> = people.par_iter().map(|p| classify(p, opts)).collect();
    let (person_days, focus, by_meeting) = per_person(&classified, opts);
    let mut meetings = series::collect_meetings(&classified);
    for m in &mut meetings {
        m.focus_cost_min = by_meeting
            .get(&(m.start, m.uid.clone()))
            .copied()
            .unwrap_or(0);
    }
    let costly = moves::costly_meetings(&meetings, &classified, opts);
    let months = months_covered(people);
    let mut series = series::series_table(&meetings, months, &focus, opts);
    let as_of = people.iter().filter_map(|p| p.days).map(|d| d.last).max();
    let burden = burden::burden_rows(&classified, people, opts);
    let hygiene = hygiene::hygiene_rows(&classified, &meetings, people, opts);
    let core = as_of
        .map(|d| core_hours::core_windows(&classified, people, d, opts))
        .unwrap_or_default();
    let series_months = as_of
        .map(|d| lifecycle::annotate(&mut series, &meetings, d, opts))
        .unwrap_or_default();
    let candidates = candidates::candidates(&series, opts);
    let heatmap = heatmap::heatmap(&classified, &person_days);
    let group_weeks = groups::group_weeks(&person_days, people, opts);
    let group_totals = groups::group_totals(&person_days, people, opts);
    Analysis {
        group_weeks,
        group_totals,
        membership: groups::membership(people, opts),
        costly,
        series_months,
        burden,
        core,
        hygiene,
        person_days,
        meetings,
        series,
        candidates,
        months,
        heatmap,
    }
}

/// Everyone's person-days and focus costs, per calendar in parallel, merged.
fn per_person(
    classified: &[Classified],
    opts: &Options,
) -> (Vec<person::PersonDay>, FocusCost, MeetingCost) {
    let per_calendar: Vec<(Vec<person::PersonDay>, (FocusCost, MeetingCost))> = classified
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
    let mut by_meeting = MeetingCost::default();
    for (days, (cost, per_meeting)) in per_calendar {
        person_days.extend(days);
        for (k, v) in cost {
            *focus.entry(k).or_default() += v;
        }
        for (k, v) in per_meeting {
            *by_meeting.entry(k).or_default() += v;
        }
    }
    (person_days, focus, by_meeting)
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

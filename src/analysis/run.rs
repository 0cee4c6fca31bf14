//! The analysis run itself, free of polars (the tables come after it), so
//! the lighter fuzz crate (fuzz/pipeline) can compile it without them: the
//! map of every person ([`super::partial::map`]) and the reduce of the team
//! ([`super::reduce::reduce`]).

use std::borrow::Borrow;

use rayon::prelude::*;

use super::exclusions::{self, Exclusions};
use super::interned::Interned;
use super::kind::KindRules;
use super::{
    burden, candidates, core_hours, groups, heatmap, hygiene, lifecycle, moves, partial, person,
    reduce, series,
};
use crate::config::Options;
use crate::people::Person;

/// Everything `analyze` computes, before it becomes tables.
#[derive(Debug)]
pub struct Analysis {
    pub person_days: person::PersonDays,
    /// The person-weeks that count (see [`super::weeks::person_weeks`]): the
    /// summary, groups, heat map, report and compare all read these.
    pub person_weeks: super::weeks::PersonWeeks,
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

/// Runs the analysis as a map and a reduce: each person's calendar becomes
/// a compact partial in parallel (rayon), and the team view is worked out
/// from the partials alone, the same reduce `meetload reduce` runs on
/// partials read back from disk.
pub fn analyze(people: &[Person], opts: &Options) -> Analysis {
    reduce::reduce(map_people(people, opts), opts)
}

/// Everything left out of each person's calendar, in the order of `people`
/// (for data_quality, when the calendars are all in memory).
pub fn exclusions_of(people: &[Person], opts: &Options) -> Vec<Exclusions> {
    people.iter().map(|p| exclusions::count(p, opts)).collect()
}

/// The map step for everyone, in parallel, in roster order. Given the
/// people by value (`analyze` does), each calendar is freed as soon as its
/// partial is made, so the reduce runs beside the compact rows only.
pub fn map_people<P: Borrow<Person> + Send>(
    people: impl IntoParallelIterator<Item = P>,
    opts: &Options,
) -> Vec<partial::PersonPartial> {
    let shared = Interned::new(KindRules::new(&opts.kind_words));
    people
        .into_par_iter()
        .map(|p| partial::map(p.borrow(), opts, &shared).0)
        .collect()
}

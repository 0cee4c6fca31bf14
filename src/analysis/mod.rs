//! Occurrences to tables: classification, per-person interval work in plain
//! Rust, and polars DataFrames for the tables and group-bys.

pub mod candidates;
pub mod classified;
pub mod classify;
pub mod compare;
pub mod focus_cost;
pub mod heatmap;
pub mod intervals;
pub mod kind;
pub mod occurrences;
pub mod person;
pub mod privacy;
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
use crate::model::Calendar;

/// Everything `analyze` computes, before it becomes tables.
#[derive(Debug)]
pub struct Analysis {
    pub person_days: Vec<person::PersonDay>,
    pub meetings: Vec<series::Meeting>,
    pub series: Vec<series::Series>,
    pub candidates: Vec<candidates::Candidate>,
    /// Length of the analysed period in months (at least 1).
    pub months: f64,
    /// Meeting hours per person-week by local weekday and hour.
    pub heatmap: heatmap::Heatmap,
}

/// Runs the analysis: each calendar classified once and its person-days and
/// focus cost worked out in parallel (rayon), then the team view.
pub fn analyze(calendars: &[Calendar], opts: &Options) -> Analysis {
    let classified: Vec<Classified> = calendars.par_iter().map(|c| classify(c, opts)).collect();
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
    let months = match (meetings.first(), meetings.last()) {
        (Some(a), Some(b)) => ((b.end - a.start).num_days() as f64 / 30.44).max(1.0),
        _ => 1.0,
    };
    let series = series::series_table(&meetings, months, &focus, opts);
    let candidates = candidates::candidates(&series, opts);
    let heatmap = heatmap::heatmap(&classified, opts, &person_days);
    Analysis {
        person_days,
        meetings,
        series,
        candidates,
        months,
        heatmap,
    }
}

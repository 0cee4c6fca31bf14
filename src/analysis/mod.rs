//! Occurrences to tables: classification, per-person interval work in plain
//! Rust, and polars DataFrames for the tables and group-bys.

pub mod candidates;
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
pub mod weeks;

use std::collections::HashMap;

use rayon::prelude::*;

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

/// Runs the analysis: per-calendar work in parallel (rayon), then the team view.
pub fn analyze(calendars: &[Calendar], opts: &Options) -> Analysis {
    let person_days = tables::all_person_days(calendars, opts);
    let focus = calendars
        .par_iter()
        .map(|c| focus_cost::focus_cost(c, opts))
        .reduce(HashMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    let meetings = series::collect_meetings(calendars, opts);
    let months = match (meetings.first(), meetings.last()) {
        (Some(a), Some(b)) => ((b.end - a.start).num_days() as f64 / 30.44).max(1.0),
        _ => 1.0,
    };
    let series = series::series_table(&meetings, months, &focus, opts);
    let candidates = candidates::candidates(&series, opts);
    let mut analysis = Analysis {
        person_days,
        meetings,
        series,
        candidates,
        months,
        heatmap: [[0.0; 24]; 7],
    };
    analysis.heatmap = heatmap::heatmap(calendars, opts, &analysis.person_days);
    analysis
}

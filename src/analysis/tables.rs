//! Person-day rows to polars tables: person_day, person_week (sums per ISO
//! week in the person's zone) and team_week (median and p90 across people).

use chrono::Datelike;
use polars::prelude::*;
use rayon::prelude::*;

use super::person::{person_days, PersonDay};
use crate::config::Options;
use crate::model::Calendar;

/// Person-days of every calendar, computed in parallel (one calendar per task).
pub fn all_person_days(calendars: &[Calendar], opts: &Options) -> Vec<PersonDay> {
    calendars
        .par_iter()
        .flat_map_iter(|c| person_days(c, opts))
        .collect()
}

const METRICS: &[&str] = &[
    "working_min",
    "meeting_min",
    "meeting_raw_min",
    "double_booked_min",
    "meeting_in_hours_min",
    "meeting_after_hours_min",
    "meetings",
    "back_to_back_chains",
    "busy_in_hours_min",
    "focus_min",
    "fragmented_min",
];

/// The person_day table.
pub fn person_day_table(days: &[PersonDay]) -> PolarsResult<DataFrame> {
    let col = |name: &str, f: &dyn Fn(&PersonDay) -> i64| {
        Column::new(name.into(), days.iter().map(f).collect::<Vec<i64>>())
    };
    let week = |d: &PersonDay| {
        format!(
            "{}-W{:02}",
            d.date.iso_week().year(),
            d.date.iso_week().week()
        )
    };
    DataFrame::new(
        days.len(),
        vec![
            Column::new(
                "person".into(),
                days.iter().map(|d| d.person.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "date".into(),
                days.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
            ),
            Column::new("week".into(), days.iter().map(week).collect::<Vec<_>>()),
            Column::new(
                "day_off".into(),
                days.iter().map(|d| d.day_off).collect::<Vec<_>>(),
            ),
            col("working_min", &|d| d.working_min),
            col("meeting_min", &|d| d.meeting_min),
            col("meeting_raw_min", &|d| d.meeting_raw_min),
            col("double_booked_min", &|d| d.double_booked_min),
            col("meeting_in_hours_min", &|d| d.meeting_in_hours_min),
            col("meeting_after_hours_min", &|d| d.meeting_after_hours_min),
            col("meetings", &|d| i64::from(d.meetings)),
            col("back_to_back_chains", &|d| i64::from(d.back_to_back_chains)),
            col("busy_in_hours_min", &|d| d.busy_in_hours_min),
            col("focus_min", &|d| d.focus_min),
            col("fragmented_min", &|d| d.fragmented_min),
            col("largest_free_min", &|d| d.largest_free_min),
            col("meeting_free_day", &|d| {
                i64::from(d.working_min > 0 && d.meetings == 0)
            }),
        ],
    )
}

// polars marks its eager group-by aggregations deprecated in favour of the
// lazy API; the lazy feature would add polars-lazy, polars-plan and
// polars-stream to every cold build (minutes on 2 cores) for three group-bys.
/// person_week: the sums of person_day per person and ISO week.
#[allow(deprecated)]
pub fn person_week_table(person_day: &DataFrame) -> PolarsResult<DataFrame> {
    let mut cols: Vec<&str> = METRICS.to_vec();
    cols.push("meeting_free_day");
    person_day
        .group_by_stable(["person", "week"])?
        .select(cols)
        .sum()?
        .sort(["person", "week"], Default::default())
}

/// team_week: per ISO week, the median and 90th percentile across people of
/// meeting and focus minutes.
#[allow(deprecated)]
pub fn team_week_table(person_week: &DataFrame) -> PolarsResult<DataFrame> {
    let cols = ["meeting_min_sum", "focus_min_sum", "fragmented_min_sum"];
    let median = person_week
        .group_by_stable(["week"])?
        .select(cols)
        .median()?;
    let p90 = person_week
        .group_by_stable(["week"])?
        .select(cols)
        .quantile(0.9, QuantileMethod::Linear)?;
    median
        .join(
            &p90,
            ["week"],
            ["week"],
            JoinArgs::new(JoinType::Left),
            None,
        )?
        .sort(["week"], Default::default())
}

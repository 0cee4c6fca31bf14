//! The person_week table: person_day summed per person and ISO week, in hours.

use polars::prelude::*;

use super::in_hours;

const METRICS: &[&str] = &[
    "working_min",
    "meeting_min",
    "meeting_raw_min",
    "double_booked_min",
    "meeting_in_hours_min",
    "meeting_after_hours_min",
    "meetings",
    "status_meeting_min",
    "back_to_back_chains",
    "busy_in_hours_min",
    "focus_min",
    "focus_1h_min",
    "fragmented_min",
    "weekend_meeting_min",
];

// polars marks its eager group-by aggregations deprecated in favour of the
// lazy API; the lazy feature would add polars-lazy, polars-plan and
// polars-stream to every cold build (minutes on 2 cores) for three group-bys.
/// person_week: the sums of person_day per person and ISO week.
#[allow(deprecated)]
pub fn person_week_table(person_day: &DataFrame) -> PolarsResult<DataFrame> {
    let mut cols: Vec<&str> = METRICS.to_vec();
    cols.push("meeting_free_day");
    let mut weeks = person_day
        .group_by_stable(["person", "week"])?
        .select(cols)
        .sum()?
        .sort(["person", "week"], Default::default())?;
    // fragmented share of free working time
    let minutes = |name: &str| -> PolarsResult<Vec<f64>> {
        let s = weeks
            .column(name)?
            .as_materialized_series()
            .cast(&DataType::Float64)?;
        Ok(s.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
    };
    let (focus, fragmented) = (minutes("focus_min_sum")?, minutes("fragmented_min_sum")?);
    let ratio: Vec<f64> = focus
        .iter()
        .zip(&fragmented)
        .map(|(f, g)| if f + g > 0.0 { g / (f + g) } else { 0.0 })
        .collect();
    weeks.with_column(Column::new("fragmented_share".into(), ratio))?;
    in_hours(weeks)
}

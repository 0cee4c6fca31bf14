//! The person_week table: person_day summed per person and ISO week, in hours.

use polars::prelude::*;
use rustc_hash::FxHashMap;

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

/// person_week: the sums of person_day per person and ISO week, sorted by
/// person and week.
///
/// Grouped here rather than with polars' group-by: its row encoding of two
/// text keys cost more than the rest of the table work together (a tenth of
/// `analyze`'s instructions on a 1,000-person year), and the sums are plain
/// integer sums either way.
pub fn person_week_table(person_day: &DataFrame) -> PolarsResult<DataFrame> {
    let text = |name: &str| -> PolarsResult<Vec<&str>> {
        Ok(person_day
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or(""))
            .collect())
    };
    let (person, week) = (text("person")?, text("week")?);
    // each row's group, groups numbered in order of (person, week)
    let mut first_seen: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let row_group: Vec<usize> = person
        .iter()
        .zip(&week)
        .map(|(p, w)| {
            let next = first_seen.len();
            *first_seen.entry((*p, *w)).or_insert(next)
        })
        .collect();
    let mut keys: Vec<((&str, &str), usize)> = first_seen.into_iter().collect();
    keys.sort_unstable();
    let mut rank = vec![0; keys.len()];
    for (at, (_, group)) in keys.iter().enumerate() {
        rank[*group] = at;
    }
    let mut columns = vec![
        Column::new(
            "person".into(),
            keys.iter().map(|k| k.0 .0).collect::<Vec<&str>>(),
        ),
        Column::new(
            "week".into(),
            keys.iter().map(|k| k.0 .1).collect::<Vec<&str>>(),
        ),
    ];
    let sums = |name: &str| -> PolarsResult<Vec<i64>> {
        let mut sum = vec![0i64; keys.len()];
        let values = person_day.column(name)?.i64()?;
        for (v, g) in values.iter().zip(&row_group) {
            sum[rank[*g]] += v.unwrap_or(0);
        }
        Ok(sum)
    };
    let names: Vec<&str> = METRICS
        .iter()
        .chain(&["meeting_free_day"])
        .copied()
        .collect();
    let totals = names
        .iter()
        .map(|n| sums(n))
        .collect::<PolarsResult<Vec<_>>>()?;
    let of = |name: &str| -> PolarsResult<&Vec<i64>> {
        let at = names.iter().position(|n| *n == name);
        at.map(|i| &totals[i])
            .ok_or_else(|| polars_err!(ColumnNotFound: "{name}"))
    };
    // fragmented share of free working time
    let ratio: Vec<f64> = of("focus_min")?
        .iter()
        .zip(of("fragmented_min")?)
        .map(|(&f, &g)| {
            let (f, g) = (f as f64, g as f64);
            if f + g > 0.0 {
                g / (f + g)
            } else {
                0.0
            }
        })
        .collect();
    for (name, sum) in names.iter().zip(totals) {
        columns.push(Column::new(format!("{name}_sum").into(), sum));
    }
    columns.push(Column::new("fragmented_share".into(), ratio));
    in_hours(DataFrame::new(keys.len(), columns)?)
}

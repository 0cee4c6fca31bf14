//! The person_week table: person_day summed per person and ISO week, in hours.

use chrono::Datelike;
use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::in_hours;
use super::person_day::{push_week, Number, NUMBERS};
use crate::analysis::person::{PersonDay, PersonDays};
use crate::analysis::privacy;
use crate::config::Options;

/// person_week: the sums of person_day (`days`, its rows) per person and ISO
/// week, sorted by person and week as the table writes them.
///
/// Grouped here rather than with polars' group-by: its row encoding of two
/// text keys cost more than the rest of the table work together (a tenth of
/// `analyze`'s instructions on a 1,000-person year), and the sums are plain
/// integer sums either way. It reads the person-days, not the person_day
/// table, which is written in batches and never whole.
pub fn person_week_table(days: &PersonDays, opts: &Options) -> PolarsResult<DataFrame> {
    let summed: Vec<&Number> = NUMBERS.iter().filter(|(_, _, summed)| *summed).collect();
    // each person-week's sums, in order of first appearance
    let mut at: FxHashMap<(&str, i32, u32), usize> = FxHashMap::default();
    let mut weeks: Vec<(&PersonDay, Vec<i64>)> = Vec::new();
    // the week of the day before: a person's days come one after the other
    // and mostly in order, so most days are in it and need no look-up (the
    // look-ups, each hashing a name, were a quarter of this table's work)
    let mut last: Option<(&str, i32, u32, usize)> = None;
    for d in days.iter() {
        let iso = d.date.iso_week();
        let key = (&*d.person, iso.year(), iso.week());
        let i = match last {
            // one person's days share their name's bytes: compared by address first
            Some((person, year, week, i))
                if (year, week) == (key.1, key.2)
                    && (std::ptr::eq(person, key.0) || person == key.0) =>
            {
                i
            }
            _ => {
                let next = weeks.len();
                let i = *at.entry(key).or_insert(next);
                if i == next {
                    weeks.push((d, vec![0; summed.len()]));
                }
                i
            }
        };
        last = Some((key.0, key.1, key.2, i));
        for (sum, (_, of, _)) in weeks[i].1.iter_mut().zip(&summed) {
            *sum += of(d);
        }
    }
    // the keys as written (a pseudonym under privacy), in text order
    let mut rows: Vec<(String, String, Vec<i64>)> = weeks
        .into_iter()
        .map(|(d, sums)| {
            let person = privacy::person(&d.person, opts.privacy);
            let mut week = String::with_capacity(8);
            push_week(&mut week, d.date);
            (person, week, sums)
        })
        .collect();
    rows.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut columns = vec![
        Column::new(
            "person".into(),
            rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "week".into(),
            rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ),
    ];
    let sum_of = |name: &str| -> PolarsResult<Vec<i64>> {
        let k = summed.iter().position(|(n, _, _)| *n == name);
        let k = k.ok_or_else(|| polars_err!(ColumnNotFound: "{name}"))?;
        Ok(rows.iter().map(|r| r.2[k]).collect())
    };
    // fragmented share of free working time
    let ratio: Vec<f64> = sum_of("focus_min")?
        .iter()
        .zip(sum_of("fragmented_min")?)
        .map(|(&f, g)| {
            let (f, g) = (f as f64, g as f64);
            if f + g > 0.0 {
                g / (f + g)
            } else {
                0.0
            }
        })
        .collect();
    for (k, (name, _, _)) in summed.iter().enumerate() {
        let sums: Vec<i64> = rows.iter().map(|r| r.2[k]).collect();
        columns.push(Column::new(format!("{name}_sum").into(), sums));
    }
    columns.push(Column::new("fragmented_share".into(), ratio));
    in_hours(DataFrame::new(rows.len(), columns)?)
}

//! Analysis rows to polars tables, one file per table (docs/schema.md lists
//! every column): person_day (exact minutes per day), person_week and
//! team_week (hours), group_week, meetings, series, series_month,
//! costly_meetings, burden, core_hours, candidates, hygiene and data_quality.
//! Names carry units: `_min`, `_h`, `_share`.

use polars::prelude::*;

use super::person::PersonDays;
use super::quality::QualityRow;
use crate::config::Options;
use crate::read_ahead::read_ahead;

mod burden;
mod candidates;
mod core_hours;
mod costly_meetings;
mod data_quality;
mod group_week;
mod hygiene;
mod meetings;
mod person_day;
mod person_week;
mod series;
mod series_month;
mod team_week;

pub use burden::burden_table;
pub use candidates::candidates_table;
pub use core_hours::core_hours_table;
pub use costly_meetings::costly_meetings_table;
pub use data_quality::data_quality_table;
pub use group_week::group_week_table;
pub use hygiene::hygiene_table;
pub use meetings::meetings_table;
pub use person_day::person_day_table;
pub use person_week::person_week_table;
pub use series::series_table;
pub use series_month::series_month_table;
pub use team_week::team_week_table;

/// Weekly names and units: `x_min_sum` becomes `x_h` (hours), a count's
/// `_sum` goes, and polars' `_quantile_0.90` becomes `_p90`, so no aggregate
/// artifact reaches a file (docs/schema.md).
pub(super) fn in_hours(table: DataFrame) -> PolarsResult<DataFrame> {
    let mut columns = Vec::with_capacity(table.width());
    for column in table.columns() {
        let name = column.name().as_str();
        let renamed = name
            .replace("_min_sum", "_h")
            .replace("_quantile_0.90", "_p90")
            .replace("meeting_free_day_sum", "meeting_free_days")
            .replace("_sum", "")
            .replace("person_count", "people");
        let mut series = column.as_materialized_series().clone();
        if name.ends_with("_min_sum") {
            series = &series.cast(&DataType::Float64)? / 60.0;
        }
        columns.push(series.with_name(renamed.as_str().into()).into_column());
    }
    DataFrame::new(table.height(), columns)
}

/// One column from each row: the helper every table is built with.
pub(crate) fn column<R, V: Cell>(rows: &[R], name: &str, f: impl Fn(&R) -> V) -> Column {
    V::column(name, rows.iter().map(f).collect())
}

/// A value a [`column()`] is made of.
pub(crate) trait Cell: Sized {
    /// The column `name` of `values`.
    fn column(name: &str, values: Vec<Self>) -> Column;
}

/// Numbers: their vector becomes the column's buffer as it is (polars'
/// `Column::new` copies it, about 25 M instructions of analyze of
/// /tmp/sub200 in callgrind, 16 M of them in `memcpy`).
macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn column(name: &str, values: Vec<$t>) -> Column {
                Series::from_vec(name.into(), values).into_column()
            }
        }
    )*};
}
numbers!(i32, i64, u32, u64, f64);

/// Anything else polars takes as a slice (texts, flags, numbers that may
/// be missing).
macro_rules! copied {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn column(name: &str, values: Vec<$t>) -> Column {
                Column::new(name.into(), values)
            }
        }
    )*};
}
copied!(
    bool,
    String,
    &str,
    Option<f64>,
    Option<i64>,
    Option<String>,
    Option<&str>
);

/// A text column written row by row into one reused buffer: no `String`
/// per row (person_day writes three texts for each of 370,000 rows).
pub(crate) fn text_column<R>(
    rows: &[R],
    name: &str,
    mut write: impl FnMut(&mut String, &R),
) -> Column {
    let mut column = StringChunkedBuilder::new(name.into(), rows.len());
    let mut buf = String::with_capacity(32);
    for r in rows {
        buf.clear();
        write(&mut buf, r);
        column.append_value(&buf);
    }
    column.finish().into_column()
}

/// Privacy is on and the group has fewer than `min_group` people (and
/// `min_group` is above 0): no per-person row is written, only team rows.
pub fn people_hidden(days: &PersonDays, opts: &Options) -> bool {
    if !opts.privacy || opts.min_group == 0 {
        return false;
    }
    let people: std::collections::HashSet<&str> = days.iter().map(|d| &*d.person).collect();
    people.len() < opts.min_group
}

/// Rows per batch of the tables made and written a batch at a time, never
/// whole (person_day: a row per person and day, 370,000 for 1,000 people a
/// year; meetings: 145,000), and so per Parquet row group of theirs.
pub const BATCH_ROWS: usize = 65_536;

/// `rows` made into tables [`BATCH_ROWS`] at a time by `build`. A table
/// without rows is still one batch, so that its columns are written.
fn in_batches<'r, R: Send + 'r>(
    rows: impl Iterator<Item = R> + Send + 'r,
    build: impl Fn(&[R]) -> PolarsResult<DataFrame> + Send + 'r,
) -> impl Iterator<Item = PolarsResult<DataFrame>> + Send + 'r {
    let mut rows = rows.peekable();
    let mut first = true;
    std::iter::from_fn(move || {
        let wanted = rows.peek().is_some() || first;
        first = false;
        wanted.then(|| build(&rows.by_ref().take(BATCH_ROWS).collect::<Vec<R>>()))
    })
}

/// Where each built table goes (a writer): it takes the table's batches of
/// rows (most tables are one batch) and drops each once written.
pub type Sink<'s> = dyn Fn(&'static str, &mut dyn Iterator<Item = PolarsResult<DataFrame>>) -> anyhow::Result<()>
    + Sync
    + 's;

/// Builds every analysis table and hands it to `sink` as soon as it is built,
/// two at a time (rayon): only the tables being written are in memory, never
/// all of them, and person_day (a row per person and day) only a batch at a
/// time. `quality` is the data-quality rows (see
/// [`super::quality::quality_rows`]): they come from the files, not from the
/// analysis, so they are passed apart.
pub fn for_each_table(
    a: &super::Analysis,
    quality: &[QualityRow],
    opts: &Options,
    sink: &Sink,
) -> anyhow::Result<()> {
    let (days, others) = rayon::join(
        || day_tables(&a.person_days, opts, sink),
        || other_tables(a, quality, opts, sink),
    );
    days.and(others)
}

/// The tables made of the person-days: person_day, then person_week and
/// team_week (made of person_week). One after the other: built beside
/// person_day, the week tables added about 50 MB to the peak of a
/// 1,000-person year. They need nothing else of the analysis, so
/// `analyze` writes them while the rest of the reduce runs (see
/// [`super::reduce::reduce_beside`]).
pub fn day_tables(days: &PersonDays, opts: &Options, sink: &Sink) -> anyhow::Result<()> {
    // a group too small to show gets person_day and person_week without rows
    let hidden = people_hidden(days, opts);
    person_day(days, hidden, opts, sink)?;
    week_tables(days, hidden, opts, sink)
}

/// person_day, the largest table, a batch at a time: the next batch is
/// built on a thread of its own while the last one is written.
fn person_day(days: &PersonDays, hidden: bool, opts: &Options, sink: &Sink) -> anyhow::Result<()> {
    let rows = days.iter().take(if hidden { 0 } else { usize::MAX });
    let batches = in_batches(rows, |batch| person_day_table(batch, opts));
    read_ahead(batches, |batches| sink("person_day", batches))
}

/// person_week and team_week (made of person_week).
fn week_tables(days: &PersonDays, hidden: bool, opts: &Options, sink: &Sink) -> anyhow::Result<()> {
    let person_week = built("person_week", person_week_table(days, opts))?;
    let team_week = built("team_week", team_week_table(&person_week, opts))?;
    let person_week = if hidden {
        person_week.head(Some(0))
    } else {
        person_week
    };
    whole(sink, "person_week", person_week)?;
    whole(sink, "team_week", team_week)
}

/// Hands a whole table to `sink` as its one batch.
fn whole(sink: &Sink, name: &'static str, table: DataFrame) -> anyhow::Result<()> {
    sink(name, &mut std::iter::once(Ok(table)))
}

/// Every table not made of the person-days, two at a time (rayon).
pub fn other_tables(
    a: &super::Analysis,
    quality: &[QualityRow],
    opts: &Options,
    sink: &Sink,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    type Build<'b> = &'b (dyn Fn() -> PolarsResult<DataFrame> + Sync);
    let others: [(&'static str, Build); 9] = [
        ("series", &|| series_table(&a.series, opts)),
        ("group_week", &|| group_week_table(&a.group_weeks)),
        ("series_month", &|| {
            series_month_table(&a.series_months, opts)
        }),
        ("costly_meetings", &|| {
            costly_meetings_table(&a.costly, opts)
        }),
        ("burden", &|| burden_table(&a.burden, opts)),
        ("core_hours", &|| core_hours_table(&a.core, opts)),
        ("candidates", &|| candidates_table(&a.candidates, opts)),
        ("hygiene", &|| hygiene_table(&a.hygiene, opts)),
        ("data_quality", &|| data_quality_table(quality)),
    ];
    let meetings = || {
        let mut batches = in_batches(a.meetings.iter(), |batch| meetings_table(batch, opts));
        sink("meetings", &mut batches)
    };
    let (meetings, rest) = rayon::join(meetings, || {
        others
            .par_iter()
            .try_for_each(|(name, build)| whole(sink, name, built(name, build())?))
    });
    meetings.and(rest)
}

/// A table, or why it could not be built.
fn built(name: &str, table: PolarsResult<DataFrame>) -> anyhow::Result<DataFrame> {
    table.map_err(|e| anyhow::anyhow!("cannot build the {name} table: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::person::PersonDay;

    fn day(
        person: &str,
        date: (i32, u32, u32),
        meeting: i64,
        focus: i64,
        fragmented: i64,
    ) -> PersonDay {
        PersonDay {
            person: person.into(),
            date: chrono::NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            working_min: 480,
            workday_min: 480,
            day_off: false,
            meeting_min: meeting,
            meeting_raw_min: meeting,
            double_booked_min: 0,
            meeting_in_hours_min: meeting,
            meeting_after_hours_min: 0,
            meetings: 1,
            status_meeting_min: 0,
            back_to_back_chains: 0,
            longest_chain: 1,
            busy_in_hours_min: meeting,
            focus_min: focus,
            fragmented_min: fragmented,
            largest_free_min: focus,
            focus_1h_min: focus,
            weekend_meeting_min: 0,
        }
    }

    #[test]
    fn weeks_sum_days_and_small_groups_are_hidden_from_team_tables() {
        let days = vec![
            day("a", (2024, 1, 8), 60, 300, 120),
            day("a", (2024, 1, 9), 0, 480, 0),
            day("b", (2024, 1, 8), 120, 240, 120),
        ];
        let pw = weeks_of(days);
        assert_eq!(pw.height(), 2);
        let ratio = pw
            .column("fragmented_share")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((ratio - 120.0 / 900.0).abs() < 1e-9);
        // a's week: 60 + 0 meeting minutes is 1 h; focus 300 + 480 is 13 h
        let hours = |name: &str| pw.column(name).unwrap().f64().unwrap().get(0).unwrap();
        assert_eq!((hours("meeting_h"), hours("focus_h")), (1.0, 13.0));
        let names: Vec<&str> = pw.get_column_names().iter().map(|n| n.as_str()).collect();
        assert!(names.iter().all(|n| !n.contains("_sum")), "{names:?}");
        assert_eq!(
            team_week_table(&pw, &Options::default()).unwrap().height(),
            0,
            "2 people < min_group 5"
        );
        let all = team_week_table(
            &pw,
            &Options {
                min_group: 0,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(all.height(), 1);
        let names: Vec<&str> = all.get_column_names().iter().map(|n| n.as_str()).collect();
        assert!(
            names.contains(&"meeting_h_p90") && names.contains(&"people"),
            "{names:?}"
        );
        let mean = all
            .column("meeting_h_mean")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        // a 1 h, b 2 h: mean 1.5 h
        assert_eq!(mean, 1.5);
    }

    /// One table from its batches.
    fn concat(batches: &mut dyn Iterator<Item = PolarsResult<DataFrame>>) -> DataFrame {
        let mut batches = batches.map(Result::unwrap);
        let mut whole = batches.next().expect("at least one batch");
        for b in batches {
            whole.vstack_mut(&b).unwrap();
        }
        whole
    }

    /// person_week of one list of days, default options.
    fn weeks_of(days: Vec<PersonDay>) -> DataFrame {
        person_week_table(&PersonDays::from_iter([days]), &Options::default()).unwrap()
    }

    /// A column's values, as text.
    fn texts(table: &DataFrame, name: &str) -> Vec<String> {
        let column = table.column(name).unwrap().as_materialized_series();
        let text = column.cast(&DataType::String).unwrap();
        let text = text.str().unwrap();
        text.iter().map(|v| v.unwrap().to_string()).collect()
    }

    #[test]
    fn person_weeks_group_each_persons_iso_weeks_in_text_order() {
        // b before a, a's two weeks interleaved, and a week across New Year:
        // 2024-12-30 (Monday) and 2025-01-02 are both in 2025-W01
        let days = vec![
            day("b", (2024, 12, 30), 30, 0, 0),
            day("a", (2025, 1, 6), 10, 0, 0),
            day("a", (2024, 12, 30), 20, 0, 0),
            day("b", (2025, 1, 2), 60, 0, 0),
            day("a", (2025, 1, 7), 50, 0, 0),
        ];
        let pw = weeks_of(days);
        assert_eq!(texts(&pw, "person"), ["a", "a", "b"]);
        assert_eq!(texts(&pw, "week"), ["2025-W01", "2025-W02", "2025-W01"]);
        let hours = pw.column("meeting_h").unwrap().f64().unwrap().clone();
        let hours: Vec<f64> = hours.into_no_null_iter().collect();
        assert_eq!(hours, [20.0 / 60.0, 1.0, 1.5]);
        // every day is a working day here: no meeting-free day, 3 meetings in b's
        assert_eq!(texts(&pw, "meeting_free_days"), ["0", "0", "0"]);
        assert_eq!(texts(&pw, "meetings"), ["1", "2", "2"]);
    }

    #[test]
    fn each_person_day_row_names_its_own_person_under_privacy_too() {
        let days = [
            day("a@x.org", (2024, 1, 8), 0, 0, 0),
            day("a@x.org", (2024, 1, 9), 0, 0, 0),
            day("b@x.org", (2024, 1, 8), 0, 0, 0),
            day("a@x.org", (2024, 1, 10), 0, 0, 0),
        ];
        let rows: Vec<&PersonDay> = days.iter().collect();
        for privacy in [false, true] {
            let opts = Options {
                privacy,
                ..Options::default()
            };
            let table = person_day_table(&rows, &opts).unwrap();
            let shown = texts(&table, "person");
            let expected: Vec<String> = days
                .iter()
                .map(|d| crate::analysis::privacy::person(&d.person, privacy))
                .collect();
            assert_eq!(shown, expected);
            assert_eq!(shown[0] == "a@x.org", !privacy);
            let dates = texts(&table, "date");
            assert_eq!(
                dates,
                ["2024-01-08", "2024-01-09", "2024-01-08", "2024-01-10"]
            );
            assert_eq!(texts(&table, "week"), ["2024-W02"; 4]);
        }
    }

    #[test]
    fn rows_come_in_full_batches_and_no_rows_still_make_one_table() {
        let heights = |n: usize| -> Vec<usize> {
            let build =
                |rows: &[usize]| df!("n" => rows.iter().map(|&r| r as u64).collect::<Vec<_>>());
            in_batches(0..n, build)
                .map(|b| b.unwrap().height())
                .collect()
        };
        assert_eq!(heights(0), [0]);
        assert_eq!(heights(3), [3]);
        assert_eq!(heights(BATCH_ROWS), [BATCH_ROWS]);
        assert_eq!(heights(2 * BATCH_ROWS + 1), [BATCH_ROWS, BATCH_ROWS, 1]);
    }

    #[test]
    fn person_day_comes_in_batches_that_make_the_whole_table() {
        let rows = BATCH_ROWS + 10;
        let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let days: Vec<PersonDay> = (0..rows)
            .map(|i| PersonDay {
                person: format!("p{}", i / 1000).into(),
                date: start + chrono::Days::new((i % 1000) as u64),
                meeting_min: i as i64 % 480,
                ..day("x", (2020, 1, 1), 0, 0, 0)
            })
            .collect();
        let opts = Options::default();
        let a = crate::analysis::Analysis {
            person_days: PersonDays::from_iter([days.clone()]),
            ..crate::analysis::reduce::reduce(Vec::new(), &opts)
        };
        let heights = std::sync::Mutex::new(Vec::new());
        let person_day = std::sync::Mutex::new(None);
        for_each_table(&a, &[], &opts, &|name, batches| {
            if name == "person_day" {
                let batches: Vec<DataFrame> = batches.map(Result::unwrap).collect();
                heights
                    .lock()
                    .unwrap()
                    .extend(batches.iter().map(DataFrame::height));
                *person_day.lock().unwrap() = Some(concat(&mut batches.into_iter().map(Ok)));
            } else {
                batches.for_each(drop);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(heights.into_inner().unwrap(), [BATCH_ROWS, 10]);
        let whole = person_day_table(&days.iter().collect::<Vec<_>>(), &opts).unwrap();
        assert!(person_day.into_inner().unwrap().unwrap().equals(&whole));
    }

    #[test]
    fn a_hidden_group_gets_person_day_once_with_its_columns_and_no_rows() {
        let opts = Options {
            privacy: true,
            min_group: 5,
            ..Options::default()
        };
        let a = crate::analysis::Analysis {
            person_days: PersonDays::from_iter([vec![day("a", (2024, 1, 8), 60, 300, 120)]]),
            ..crate::analysis::reduce::reduce(Vec::new(), &opts)
        };
        let seen = std::sync::Mutex::new(Vec::new());
        for_each_table(&a, &[], &opts, &|name, batches| {
            if matches!(name, "person_day" | "person_week") {
                let batches: Vec<DataFrame> = batches.map(Result::unwrap).collect();
                let shape: Vec<(usize, usize)> = batches.iter().map(DataFrame::shape).collect();
                seen.lock().unwrap().push((name, shape));
            } else {
                batches.for_each(drop);
            }
            Ok(())
        })
        .unwrap();
        let mut seen = seen.into_inner().unwrap();
        seen.sort();
        assert_eq!(
            seen,
            [
                ("person_day", vec![(0, 21)]),
                ("person_week", vec![(0, 18)])
            ]
        );
    }

    /// The tables and summary.json `analyze` writes for the committed sample,
    /// with its roster (so group_week has rows) and an hourly rate (so the
    /// cost columns hold numbers).
    fn sample_outputs() -> (Vec<(&'static str, DataFrame)>, serde_json::Value) {
        use crate::analysis::{analyze, exclusions_of, quality::quality_rows, summary::summarize};
        use crate::ics::{discover, import_sources, ImportOptions};
        use crate::people::{assemble, Roster, Window};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/team-before");
        let opts = Options {
            hourly_rate: Some(80.0),
            group_by: vec!["team".into()],
            ..Options::default()
        };
        let sources = discover(std::slice::from_ref(&dir)).unwrap().sources;
        let calendars = import_sources(&sources, &ImportOptions::default(), &|| {}).unwrap();
        let roster = Roster::load(&dir.join("people.csv"), opts.hours).unwrap();
        let team = assemble(calendars, &opts, Some(&roster), Window::default());
        let a = analyze(&team.people, &opts);
        let quality = quality_rows(&team, &exclusions_of(&team.people, &opts), &opts);
        let tables = std::sync::Mutex::new(Vec::new());
        for_each_table(&a, &quality, &opts, &|name, batches| {
            let whole = concat(batches);
            tables.lock().unwrap().push((name, whole));
            Ok(())
        })
        .unwrap();
        let summary = summarize(&a, team.people.len(), &quality, &opts);
        let json = serde_json::to_value(summary).unwrap();
        (tables.into_inner().unwrap(), json)
    }

    #[test]
    fn every_analysis_column_and_summary_field_carries_its_unit() {
        use crate::analysis::naming::{assert_json_unit_named, assert_table_unit_named};
        let (tables, summary) = sample_outputs();
        assert_eq!(tables.len(), 13, "every table");
        for (table, df) in &tables {
            assert_table_unit_named(table, df);
        }
        assert_json_unit_named("summary.json", &summary, false);
        // the shapes the check walked: a group's hours as group_week names
        // them, exclusions as data_quality names them, a candidate's hours
        assert!(summary["groups"][0]["meeting_h_median"].is_f64());
        assert!(summary["excluded"]["declined_h"].is_f64());
        assert!(summary["top_candidates"][0]["freed_per_month_h"].is_f64());
    }
}

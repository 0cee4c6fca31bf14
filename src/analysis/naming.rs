//! The naming scheme of every output (docs/schema.md), as the one rule the
//! tests of the analysis tables, summary.json and the comparison check their
//! outputs with: a numeric column or JSON field carries its unit at the end
//! of its name (before a qualifier such as `_median` or `_before`), or is a
//! count named by what it counts, or is one of a few documented numbers
//! without a unit. No number is negative zero.

use polars::prelude::DataFrame;

/// Qualifiers after a unit: `meeting_h_before`, `meeting_h_mean`, `mean_change_low`.
const QUALIFIERS: [&str; 7] = [
    "_before", "_after", "_mean", "_median", "_p90", "_low", "_high",
];

/// Exact minutes, hours, 0-1 fractions, and months of 30.44 days.
const UNITS: [&str; 4] = ["_min", "_h", "_share", "_months"];

/// A count is a plain noun naming what it counts, alone or at the end
/// (`people`, `back_to_back_chains`, `known_attendees`, `declined_n`).
const COUNTED: [&str; 14] = [
    "people",
    "meetings",
    "invitees",
    "attendees",
    "occurrences",
    "events",
    "chains",
    "weeks",
    "days",
    "zones",
    "series",
    "duplicates",
    "warnings",
    "n",
];

/// Numbers without a unit, each documented in docs/schema.md.
const UNITLESS: [&str; 10] = [
    // group_week: the ISO week
    "iso_year",
    "week",
    // candidates: the sum of the rules' points
    "score",
    // a probability, named as statisticians name it
    "p_value",
    // person_day: 0/1, summed to person_week's meeting_free_days
    "meeting_free_day",
    // money: hours at `hourly_rate`, in its currency
    "cost",
    // series: meetings since DTSTART
    "instances_so_far",
    // data_quality: occurrences left out (`left_out_before`, `_after`),
    // events not the owner's, malformed events and properties skipped
    "left_out",
    "not_theirs",
    "skipped",
];

/// In a row of one metric, values are in that metric's unit (named by
/// `metric` and, in the tables, `unit`); `low`/`high` are its intervals.
const IN_METRIC_UNIT: [&str; 8] = [
    "mean",
    "mean_change",
    "median_change",
    "did",
    "predicted_change",
    "actual_change",
    "error",
    "mean_absolute_error",
];

/// A numeric column or field: its unit is in its name, it is a count, it is
/// one of the documented unit-less numbers, or (in a row of one metric) it
/// is in the metric's unit.
pub fn unit_named(name: &str, in_metric_row: bool) -> bool {
    let mut base = name;
    while let Some(q) = QUALIFIERS.iter().find(|q| base.ends_with(*q)) {
        base = &base[..base.len() - q.len()];
    }
    let counts = |noun: &&str| base == *noun || base.ends_with(&format!("_{noun}"));
    UNITS.iter().any(|u| base.ends_with(u))
        || COUNTED.iter().any(counts)
        || UNITLESS.contains(&base)
        || (in_metric_row && (IN_METRIC_UNIT.contains(&base) || ["low", "high"].contains(&name)))
}

/// Every numeric column of `table` is unit-named; a table with a row per
/// metric (`metric` and `unit` columns) names metrics that carry their unit.
/// The table must have rows, so its columns have their real types.
pub fn assert_table_unit_named(table: &str, df: &DataFrame) {
    assert!(
        df.height() > 0,
        "{table} has rows, so its columns are typed"
    );
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    let metric_rows = names.contains(&"metric") && names.contains(&"unit");
    for name in &names {
        let numeric = df.column(name).unwrap().dtype().is_primitive_numeric();
        assert!(!numeric || unit_named(name, metric_rows), "{table}.{name}");
    }
    if metric_rows {
        for m in df.column("metric").unwrap().str().unwrap().iter().flatten() {
            assert!(unit_named(m, false), "{table}: metric {m}");
        }
    }
}

/// Every numeric field of `v` (the JSON `file`) is unit-named and not
/// negative zero; inside an object with a `metric` field it may be in that
/// metric's unit.
pub fn assert_json_unit_named(file: &str, v: &serde_json::Value, in_metric_row: bool) {
    match v {
        serde_json::Value::Object(o) => {
            let in_metric_row = in_metric_row || o.contains_key("metric");
            for (k, x) in o {
                if let Some(n) = x.as_f64() {
                    assert!(unit_named(k, in_metric_row), "{file}: {k}");
                    assert!(!(n == 0.0 && n.is_sign_negative()), "{file}: {k} is -0");
                }
                assert_json_unit_named(file, x, in_metric_row);
            }
        }
        serde_json::Value::Array(a) => a
            .iter()
            .for_each(|x| assert_json_unit_named(file, x, in_metric_row)),
        _ => {}
    }
}

#[test]
fn a_unit_or_counted_noun_ends_the_name_before_its_qualifiers() {
    for good in [
        "meeting_h_median",
        "focus_1h_h",
        "length_mean_min",
        "weeks_under_10h_focus_share",
        "age_months",
        "back_to_back_chains",
        "declined_n",
        "weeks_before",
        "score",
    ] {
        assert!(unit_named(good, false), "{good}");
    }
    // an hour word, a unit inside the name, or a bare participle fail
    for bad in [
        "meeting_hours_before",
        "hours_per_month_before",
        "meeting_h_inside",
        "longest_chain",
        "declined",
        "short_notice",
        "months",
    ] {
        assert!(!unit_named(bad, false), "{bad}");
    }
    assert!(!unit_named("mean_before", false) && unit_named("mean_before", true));
}

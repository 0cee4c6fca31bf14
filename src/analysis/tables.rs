//! Analysis rows to polars tables: person_day, person_week (sums per ISO
//! week in the person's zone), team_week (median and p90 across people),
//! meetings, series, candidates and data_quality.

use chrono::Datelike;
use polars::prelude::*;

use super::candidates::Candidate;
use super::groups::GroupWeek;
use super::person::PersonDay;
use super::privacy;
use super::quality::{quality_rows, QualityRow};
use super::series::{Meeting, Series};
use crate::config::Options;
use crate::people::Team;

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

/// The person_day table.
pub fn person_day_table(days: &[PersonDay], opts: &Options) -> PolarsResult<DataFrame> {
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
                days.iter()
                    .map(|d| privacy::person(&d.person, opts.privacy))
                    .collect::<Vec<_>>(),
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
            col("status_meeting_min", &|d| d.status_meeting_min),
            col("back_to_back_chains", &|d| i64::from(d.back_to_back_chains)),
            col("longest_chain", &|d| i64::from(d.longest_chain)),
            col("busy_in_hours_min", &|d| d.busy_in_hours_min),
            col("focus_min", &|d| d.focus_min),
            col("focus_1h_min", &|d| d.focus_1h_min),
            col("fragmented_min", &|d| d.fragmented_min),
            col("largest_free_min", &|d| d.largest_free_min),
            col("weekend_meeting_min", &|d| d.weekend_meeting_min),
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

/// Weekly names and units: `x_min_sum` becomes `x_h` (hours), a count's
/// `_sum` goes, and polars' `_quantile_0.90` becomes `_p90`, so no aggregate
/// artifact reaches a file (docs/schema.md).
fn in_hours(table: DataFrame) -> PolarsResult<DataFrame> {
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

/// team_week: per ISO week, the number of people and the mean, median and
/// 90th percentile across them of meeting, focus and fragmented minutes.
/// Weeks with fewer people than `min_group` are left out (unless it is 0), so
/// a team table never shows a small group.
#[allow(deprecated)]
pub fn team_week_table(person_week: &DataFrame, opts: &Options) -> PolarsResult<DataFrame> {
    let cols = ["meeting_h", "focus_h", "fragmented_h"];
    let grouped = || person_week.group_by_stable(["week"]);
    let people = grouped()?.select(["person"]).count()?;
    let join = |a: DataFrame, b: DataFrame| {
        a.join(&b, ["week"], ["week"], JoinArgs::new(JoinType::Left), None)
    };
    let table = join(people, grouped()?.select(cols).mean()?)?;
    let table = join(table, grouped()?.select(cols).median()?)?;
    let table = join(
        table,
        grouped()?
            .select(cols)
            .quantile(0.9, QuantileMethod::Linear)?,
    )?;
    let table = in_hours(table)?;
    let counts = table
        .column("people")?
        .as_materialized_series()
        .cast(&DataType::UInt64)?;
    let keep: BooleanChunked = counts
        .u64()?
        .iter()
        .map(|n| Some(opts.min_group == 0 || n.unwrap_or(0) as usize >= opts.min_group))
        .collect();
    table.filter(&keep)?.sort(["week"], Default::default())
}

fn strings<T>(rows: &[T], f: impl Fn(&T) -> String) -> Vec<String> {
    rows.iter().map(f).collect()
}

/// `2025-01-06T09:00:00Z` (plain integer formatting: chrono's strftime
/// parses its pattern on every call, a tenth of a second per 100k meetings).
fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// meetings: each meeting once for the team.
pub fn meetings_table(meetings: &[Meeting], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        meetings.len(),
        vec![
            Column::new(
                "series".into(),
                strings(meetings, |m| privacy::title(&m.series, &m.series, p)),
            ),
            Column::new(
                "title".into(),
                strings(meetings, |m| privacy::title(&m.title, &m.series, p)),
            ),
            Column::new(
                "kind".into(),
                strings(meetings, |m| m.kind.as_str().to_string()),
            ),
            Column::new(
                "organizer".into(),
                strings(meetings, |m| {
                    m.organizer
                        .as_deref()
                        .map(|o| privacy::person(o, p))
                        .unwrap_or_default()
                }),
            ),
            Column::new("start".into(), strings(meetings, |m| rfc3339(m.start))),
            Column::new("end".into(), strings(meetings, |m| rfc3339(m.end))),
            Column::new(
                "minutes".into(),
                meetings.iter().map(Meeting::minutes).collect::<Vec<i64>>(),
            ),
            Column::new(
                "invitees".into(),
                meetings
                    .iter()
                    .map(|m| m.invitees as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "declined".into(),
                meetings
                    .iter()
                    .map(|m| m.declined as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "person_hours".into(),
                meetings
                    .iter()
                    .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "large".into(),
                meetings
                    .iter()
                    .map(|m| m.invitees >= opts.large_meeting)
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "long".into(),
                meetings
                    .iter()
                    .map(|m| m.minutes() > opts.long_meeting_minutes)
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "short_notice".into(),
                meetings
                    .iter()
                    .map(|m| m.notice_hours.is_some_and(|h| h < opts.short_notice_hours))
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "cost".into(),
                meetings
                    .iter()
                    .map(|m| {
                        opts.hourly_rate
                            .map(|r| r * m.minutes() as f64 / 60.0 * m.attendees() as f64)
                    })
                    .collect::<Vec<Option<f64>>>(),
            ),
        ],
    )
}

/// series: one row per explicit, implicit or one-off series.
pub fn series_frame(series: &[Series], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        series.len(),
        vec![
            Column::new(
                "series".into(),
                strings(series, |s| privacy::title(&s.key, &s.key, p)),
            ),
            Column::new("source".into(), strings(series, |s| s.source.to_string())),
            Column::new(
                "title".into(),
                strings(series, |s| privacy::title(&s.title, &s.key, p)),
            ),
            Column::new(
                "kind".into(),
                strings(series, |s| s.kind.as_str().to_string()),
            ),
            Column::new(
                "organizer".into(),
                strings(series, |s| {
                    s.organizer
                        .as_deref()
                        .map(|o| privacy::person(o, p))
                        .unwrap_or_default()
                }),
            ),
            Column::new(
                "occurrences".into(),
                series
                    .iter()
                    .map(|s| s.occurrences as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "cadence".into(),
                strings(series, |s| s.cadence.as_str().to_string()),
            ),
            Column::new(
                "typical_minutes".into(),
                series
                    .iter()
                    .map(|s| s.typical_minutes)
                    .collect::<Vec<i64>>(),
            ),
            Column::new(
                "typical_invitees".into(),
                series
                    .iter()
                    .map(|s| s.typical_invitees as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new("first".into(), strings(series, |s| rfc3339(s.first))),
            Column::new(
                "first_in_window".into(),
                strings(series, |s| rfc3339(s.first_in_window)),
            ),
            Column::new("last".into(), strings(series, |s| rfc3339(s.last))),
            Column::new(
                "has_end".into(),
                series.iter().map(|s| s.has_end).collect::<Vec<bool>>(),
            ),
            Column::new(
                "person_hours".into(),
                series.iter().map(|s| s.person_hours).collect::<Vec<f64>>(),
            ),
            Column::new(
                "hours_per_month".into(),
                series
                    .iter()
                    .map(|s| s.hours_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "decline_share".into(),
                series.iter().map(|s| s.decline_rate).collect::<Vec<f64>>(),
            ),
            Column::new(
                "tentative_share".into(),
                series
                    .iter()
                    .map(|s| s.tentative_rate)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "has_agenda".into(),
                series.iter().map(|s| s.has_agenda).collect::<Vec<bool>>(),
            ),
            Column::new(
                "zones".into(),
                series.iter().map(|s| s.zones as u32).collect::<Vec<u32>>(),
            ),
            Column::new(
                "outside_hours_share".into(),
                series
                    .iter()
                    .map(|s| s.outside_hours_share)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "focus_cost_hours_per_month".into(),
                series
                    .iter()
                    .map(|s| s.focus_cost_hours_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "short_notice".into(),
                series
                    .iter()
                    .map(|s| s.short_notice as u32)
                    .collect::<Vec<u32>>(),
            ),
            // cost of the series' person-hours at `hourly_rate`, when set
            Column::new(
                "cost".into(),
                series
                    .iter()
                    .map(|s| opts.hourly_rate.map(|r| r * s.person_hours))
                    .collect::<Vec<Option<f64>>>(),
            ),
        ],
    )
}

/// candidates: the scored series, best first.
pub fn candidates_frame(candidates: &[Candidate], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        candidates.len(),
        vec![
            Column::new(
                "series".into(),
                strings(candidates, |c| {
                    privacy::title(&c.series.key, &c.series.key, p)
                }),
            ),
            Column::new(
                "title".into(),
                strings(candidates, |c| {
                    privacy::title(&c.series.title, &c.series.key, p)
                }),
            ),
            Column::new(
                "kind".into(),
                strings(candidates, |c| c.series.kind.as_str().to_string()),
            ),
            Column::new(
                "recommendation".into(),
                strings(candidates, |c| c.recommendation.as_str().to_string()),
            ),
            Column::new(
                "score".into(),
                candidates.iter().map(|c| c.score).collect::<Vec<i32>>(),
            ),
            Column::new(
                "reasons".into(),
                strings(candidates, |c| c.reasons.join("; ")),
            ),
            Column::new(
                "hours_freed_per_month".into(),
                candidates
                    .iter()
                    .map(|c| c.hours_freed_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "focus_recovered_per_month".into(),
                candidates
                    .iter()
                    .map(|c| c.focus_recovered_per_month)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "template".into(),
                strings(candidates, |c| c.template.to_string()),
            ),
        ],
    )
}

/// group_week: per roster group and ISO week, the people and the mean,
/// median and 90th percentile of their meeting, focus and fragmented hours
/// (groups under `min_group` left out; see [`super::groups`]).
pub fn group_week_table(rows: &[GroupWeek]) -> PolarsResult<DataFrame> {
    let hours = |f: fn(&GroupWeek) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    df!(
        "group_by" => rows.iter().map(|r| r.column.as_str()).collect::<Vec<_>>(),
        "group" => rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        "iso_year" => rows.iter().map(|r| r.iso_year).collect::<Vec<i32>>(),
        "week" => rows.iter().map(|r| r.week).collect::<Vec<u32>>(),
        "people" => rows.iter().map(|r| r.people as u32).collect::<Vec<u32>>(),
        "meeting_h_mean" => hours(|r| r.meeting_h.mean),
        "meeting_h_median" => hours(|r| r.meeting_h.median),
        "meeting_h_p90" => hours(|r| r.meeting_h.p90),
        "focus_h_mean" => hours(|r| r.focus_h.mean),
        "focus_h_median" => hours(|r| r.focus_h.median),
        "focus_h_p90" => hours(|r| r.focus_h.p90),
        "fragmented_h_mean" => hours(|r| r.fragmented_h.mean),
        "fragmented_h_median" => hours(|r| r.fragmented_h.median),
        "fragmented_h_p90" => hours(|r| r.fragmented_h.p90),
    )
}

/// data_quality: one row per input calendar (and per roster row without
/// one); columns as [`QualityRow`].
pub fn data_quality_frame(rows: &[QualityRow]) -> PolarsResult<DataFrame> {
    let text =
        |f: fn(&QualityRow) -> &String| rows.iter().map(|r| f(r).as_str()).collect::<Vec<&str>>();
    let count =
        |f: fn(&QualityRow) -> usize| rows.iter().map(|r| f(r) as u64).collect::<Vec<u64>>();
    df!(
        "calendar" => text(|r| &r.calendar),
        "person" => text(|r| &r.person),
        "role" => text(|r| &r.role),
        "owner" => text(|r| &r.owner),
        "owner_found_by" => text(|r| &r.owner_found_by),
        "zone" => text(|r| &r.zone),
        "zone_from" => text(|r| &r.zone_from),
        "hours" => text(|r| &r.hours),
        "hours_from" => text(|r| &r.hours_from),
        "coverage_first" => text(|r| &r.coverage_first),
        "coverage_last" => text(|r| &r.coverage_last),
        "coverage_from" => text(|r| &r.coverage_from),
        "analysed_first" => text(|r| &r.analysed_first),
        "analysed_last" => text(|r| &r.analysed_last),
        "events" => count(|r| r.events),
        "occurrences" => count(|r| r.occurrences),
        "left_out_before" => count(|r| r.left_out_before),
        "left_out_after" => count(|r| r.left_out_after),
        "not_theirs" => count(|r| r.not_theirs),
        "duplicates" => count(|r| r.duplicates),
        "skipped" => count(|r| r.skipped),
        "warnings" => count(|r| r.warnings),
        "unknown_zones" => text(|r| &r.unknown_zones),
        "no_attendee_data" => rows.iter().map(|r| r.no_attendee_data).collect::<Vec<bool>>(),
        "note" => text(|r| &r.note),
    )
}

/// Every analysis table by name, in the order they are written.
pub fn all_tables(
    a: &super::Analysis,
    team: &Team,
    opts: &Options,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let person_day = person_day_table(&a.person_days, opts)?;
    let person_week = person_week_table(&person_day)?;
    let team_week = team_week_table(&person_week, opts)?;
    Ok(vec![
        ("person_day", person_day),
        ("person_week", person_week),
        ("team_week", team_week),
        ("group_week", group_week_table(&a.group_weeks)?),
        ("meetings", meetings_table(&a.meetings, opts)?),
        ("series", series_frame(&a.series, opts)?),
        ("candidates", candidates_frame(&a.candidates, opts)?),
        (
            "hygiene",
            super::hygiene::hygiene_table(&super::hygiene::hygiene(&a.meetings, opts))?,
        ),
        (
            "data_quality",
            data_quality_frame(&quality_rows(team, opts))?,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_utc_rfc3339() {
        use chrono::TimeZone;
        let t = chrono::Utc.with_ymd_and_hms(2025, 3, 9, 7, 5, 3).unwrap();
        assert_eq!(rfc3339(t), "2025-03-09T07:05:03Z");
    }

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
        let pd = person_day_table(&days, &Options::default()).unwrap();
        let pw = person_week_table(&pd).unwrap();
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
}

//! Analysis rows to polars tables: person_day, person_week (sums per ISO
//! week in the person's zone), team_week (median and p90 across people),
//! meetings, series, candidates and data_quality.

use chrono::Datelike;
use polars::prelude::*;
use rayon::prelude::*;

use super::candidates::Candidate;
use super::person::{person_days, PersonDay};
use super::privacy;
use super::series::{Meeting, Series};
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
    "status_meeting_min",
    "back_to_back_chains",
    "busy_in_hours_min",
    "focus_min",
    "fragmented_min",
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

fn strings<T>(rows: &[T], f: impl Fn(&T) -> String) -> Vec<String> {
    rows.iter().map(f).collect()
}

fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
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
                    .map(|m| m.notice_hours.is_some_and(|h| h < 24))
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
                "decline_rate".into(),
                series.iter().map(|s| s.decline_rate).collect::<Vec<f64>>(),
            ),
            Column::new(
                "tentative_rate".into(),
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

/// data_quality: one row per calendar.
pub fn data_quality_frame(calendars: &[Calendar], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        calendars.len(),
        vec![
            Column::new(
                "calendar".into(),
                strings(calendars, |c| {
                    if p {
                        privacy::pseudonym("calendar", &c.name)
                    } else {
                        c.name.clone()
                    }
                }),
            ),
            Column::new(
                "owner".into(),
                strings(calendars, |c| {
                    c.owner
                        .as_deref()
                        .map(|o| privacy::person(o, p))
                        .unwrap_or_default()
                }),
            ),
            Column::new(
                "owner_found_by".into(),
                strings(calendars, |c| c.owner_source.as_str().to_string()),
            ),
            Column::new("zone".into(), strings(calendars, |c| c.zone.clone())),
            Column::new(
                "events".into(),
                calendars
                    .iter()
                    .map(|c| c.quality.events_read as u64)
                    .collect::<Vec<u64>>(),
            ),
            Column::new(
                "occurrences".into(),
                calendars
                    .iter()
                    .map(|c| c.quality.occurrences as u64)
                    .collect::<Vec<u64>>(),
            ),
            Column::new(
                "skipped".into(),
                calendars
                    .iter()
                    .map(|c| c.quality.skipped.len() as u64)
                    .collect::<Vec<u64>>(),
            ),
            Column::new(
                "warnings".into(),
                calendars
                    .iter()
                    .map(|c| c.quality.warnings.len() as u64)
                    .collect::<Vec<u64>>(),
            ),
            Column::new(
                "unknown_zones".into(),
                strings(calendars, |c| {
                    c.quality
                        .unknown_zones
                        .iter()
                        .map(|(z, used)| format!("{z} -> {used}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
            ),
            Column::new(
                "no_attendee_data".into(),
                calendars
                    .iter()
                    .map(|c| c.quality.no_attendee_data)
                    .collect::<Vec<bool>>(),
            ),
        ],
    )
}

/// Every analysis table by name, in the order they are written.
pub fn all_tables(
    a: &super::Analysis,
    calendars: &[Calendar],
    opts: &Options,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let person_day = person_day_table(&a.person_days, opts)?;
    let person_week = person_week_table(&person_day)?;
    let team_week = team_week_table(&person_week)?;
    Ok(vec![
        ("person_day", person_day),
        ("person_week", person_week),
        ("team_week", team_week),
        ("meetings", meetings_table(&a.meetings, opts)?),
        ("series", series_frame(&a.series, opts)?),
        ("candidates", candidates_frame(&a.candidates, opts)?),
        ("data_quality", data_quality_frame(calendars, opts)?),
    ])
}

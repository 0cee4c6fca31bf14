//! The occurrence table: one row per concrete occurrence, the schema that
//! `meetload export` writes (documented column by column in docs/schema.md).

use polars::prelude::*;

use crate::model::{Calendar, Occurrence, Span};

fn utc_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `start`/`end` as text: RFC 3339 UTC for timed, `YYYY-MM-DD` for all-day.
fn span_text(span: &Span) -> (String, String) {
    match span {
        Span::Timed { start, end } => (utc_text(*start), utc_text(*end)),
        Span::AllDay { start, end } => (start.to_string(), end.to_string()),
    }
}

/// Wall-clock start in the event's zone (empty for all-day).
fn local_start(o: &Occurrence) -> String {
    let (Span::Timed { start, .. }, Some(tzid)) = (o.span, o.event.tzid.as_deref()) else {
        return String::new();
    };
    match crate::ics::tz::iana(tzid) {
        Some(tz) => start
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        None => String::new(),
    }
}

/// Builds the occurrence table from imported calendars.
pub fn occurrence_table(calendars: &[Calendar]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&Calendar, &Occurrence)> = calendars
        .iter()
        .flat_map(|c| c.occurrences.iter().map(move |o| (c, o)))
        .collect();
    let text = |f: &dyn Fn(&Calendar, &Occurrence) -> String| {
        rows.iter().map(|(c, o)| f(c, o)).collect::<Vec<_>>()
    };
    let opt = |f: &dyn Fn(&Calendar, &Occurrence) -> Option<String>| {
        rows.iter()
            .map(|(c, o)| f(c, o))
            .collect::<Vec<Option<String>>>()
    };
    let flag =
        |f: &dyn Fn(&Occurrence) -> bool| rows.iter().map(|(_, o)| f(o)).collect::<Vec<bool>>();
    let spans: Vec<(String, String)> = rows.iter().map(|(_, o)| span_text(&o.span)).collect();
    let n = rows.len();
    DataFrame::new(
        n,
        vec![
            Column::new("calendar".into(), text(&|c, _| c.name.clone())),
            Column::new("owner".into(), opt(&|c, _| c.owner.clone())),
            Column::new("uid".into(), text(&|_, o| o.event.uid.clone())),
            Column::new(
                "recurrence_id".into(),
                opt(&|_, o| o.recurrence_id.map(|k| k.to_text())),
            ),
            Column::new("summary".into(), text(&|_, o| o.event.summary.clone())),
            Column::new(
                "start".into(),
                spans.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "end".into(),
                spans.iter().map(|s| s.1.clone()).collect::<Vec<_>>(),
            ),
            Column::new("start_local".into(), text(&|_, o| local_start(o))),
            Column::new("all_day".into(), flag(&|o| o.is_all_day())),
            Column::new("tzid".into(), opt(&|_, o| o.event.tzid.clone())),
            Column::new(
                "duration_min".into(),
                rows.iter()
                    .map(|(_, o)| o.duration_min())
                    .collect::<Vec<i64>>(),
            ),
            Column::new(
                "status".into(),
                text(&|_, o| o.event.status.as_str().to_string()),
            ),
            Column::new("transparent".into(), flag(&|o| o.event.transparent)),
            Column::new(
                "busy_status".into(),
                opt(&|_, o| o.event.busy_status.map(|b| b.as_str().to_string())),
            ),
            Column::new("organizer".into(), opt(&|_, o| o.event.organizer.clone())),
            Column::new("attendees".into(), text(&|_, o| people(o).join(";"))),
            Column::new(
                "attendee_count".into(),
                rows.iter()
                    .map(|(_, o)| people(o).len() as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new("owner_partstat".into(), opt(&|_, o| owner_partstat(o))),
            Column::new("is_recurring".into(), flag(&|o| o.event.is_recurring)),
            Column::new("has_end".into(), flag(&|o| o.event.has_end)),
            Column::new(
                "has_description".into(),
                flag(&|o| o.event.has_description()),
            ),
            Column::new("created".into(), opt(&|_, o| o.event.created.map(utc_text))),
            Column::new("dtstamp".into(), opt(&|_, o| o.event.dtstamp.map(utc_text))),
            Column::new(
                "line".into(),
                rows.iter()
                    .map(|(_, o)| o.event.line as u64)
                    .collect::<Vec<u64>>(),
            ),
        ],
    )
}

/// Attendee addresses of people (rooms and resources left out).
fn people(o: &Occurrence) -> Vec<&str> {
    o.event
        .attendees
        .iter()
        .filter(|a| a.cutype.is_person())
        .map(|a| &*a.email)
        .collect()
}

fn owner_partstat(o: &Occurrence) -> Option<String> {
    o.event.owner_partstat.map(|p| p.as_str().to_string())
}

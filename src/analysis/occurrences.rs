//! The occurrence table: one row per concrete occurrence, the schema that
//! `meetload export` writes (documented column by column in docs/schema.md).

use polars::prelude::*;
use rayon::prelude::*;

use crate::model::{Calendar, Occurrence, Span};
use crate::time_text::{date_text, naive_text, utc_text};

/// The start (or with `end`, the end) as text: RFC 3339 UTC for timed,
/// `YYYY-MM-DD` for all-day.
fn span_text(span: &Span, end: bool) -> String {
    match *span {
        Span::Timed { start, end: e } => utc_text(if end { e } else { start }),
        Span::AllDay { start, end: e } => date_text(if end { e } else { start }),
    }
}

/// Wall-clock start in the event's zone (empty for all-day).
fn local_start(o: &Occurrence) -> String {
    let (Span::Timed { start, .. }, Some(tzid)) = (o.span, o.event.tzid.as_deref()) else {
        return String::new();
    };
    match crate::ics::tz::iana(tzid) {
        Some(tz) => naive_text(start.with_timezone(&tz).naive_local()),
        None => String::new(),
    }
}

/// One row of the table: an occurrence and the calendar it came from.
type Row<'a> = (&'a Calendar, &'a Occurrence);

/// The columns in order. Each is built on its own from all rows, so the
/// columns are built in parallel (a 1,000-person year has 850,000 rows).
const COLUMNS: &[&str] = &[
    "calendar",
    "owner",
    "uid",
    "recurrence_id",
    "summary",
    "start",
    "end",
    "start_local",
    "all_day",
    "tzid",
    "duration_min",
    "status",
    "transparent",
    "busy_status",
    "organizer",
    "attendees",
    "attendee_count",
    "owner_partstat",
    "is_recurring",
    "has_end",
    "has_description",
    "created",
    "dtstamp",
    "line",
];

/// Builds the occurrence table from imported calendars.
pub fn occurrence_table(calendars: &[Calendar]) -> PolarsResult<DataFrame> {
    let rows: Vec<Row> = calendars
        .iter()
        .flat_map(|c| c.occurrences.iter().map(move |o| (c, o)))
        .collect();
    let columns: Vec<Column> = COLUMNS.par_iter().map(|name| column(name, &rows)).collect();
    DataFrame::new(rows.len(), columns)
}

/// The column `name` of the occurrence table (schema: docs/schema.md).
fn column<'a>(name: &str, rows: &[Row<'a>]) -> Column {
    let text = |f: fn(&'a Calendar, &'a Occurrence) -> &'a str| {
        Column::new(
            name.into(),
            rows.iter().map(|&(c, o)| f(c, o)).collect::<Vec<&str>>(),
        )
    };
    let opt = |f: fn(&'a Calendar, &'a Occurrence) -> Option<&'a str>| {
        Column::new(
            name.into(),
            rows.iter()
                .map(|&(c, o)| f(c, o))
                .collect::<Vec<Option<&str>>>(),
        )
    };
    let owned = |f: fn(&Occurrence) -> Option<String>| {
        Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| f(o))
                .collect::<Vec<Option<String>>>(),
        )
    };
    let flag = |f: fn(&Occurrence) -> bool| {
        Column::new(
            name.into(),
            rows.iter().map(|(_, o)| f(o)).collect::<Vec<bool>>(),
        )
    };
    let span = |end: bool| {
        Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| span_text(&o.span, end))
                .collect::<Vec<String>>(),
        )
    };
    match name {
        "calendar" => text(|c, _| &c.name),
        "owner" => opt(|c, _| c.owner.as_deref()),
        "uid" => text(|_, o| &o.event.uid),
        "recurrence_id" => owned(|o| o.recurrence_id.map(|k| k.to_text())),
        "summary" => text(|_, o| &o.event.summary),
        "start" => span(false),
        "end" => span(true),
        "start_local" => Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| local_start(o))
                .collect::<Vec<String>>(),
        ),
        "all_day" => flag(|o| o.is_all_day()),
        "tzid" => opt(|_, o| o.event.tzid.as_deref()),
        "duration_min" => Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| o.duration_min())
                .collect::<Vec<i64>>(),
        ),
        "status" => text(|_, o| o.event.status.as_str()),
        "transparent" => flag(|o| o.event.transparent),
        "busy_status" => opt(|_, o| o.event.busy_status.map(|b| b.as_str())),
        "organizer" => opt(|_, o| o.event.organizer.as_deref()),
        "attendees" => Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| people(o).join(";"))
                .collect::<Vec<String>>(),
        ),
        "attendee_count" => Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| people(o).len() as u32)
                .collect::<Vec<u32>>(),
        ),
        "owner_partstat" => opt(|_, o| o.event.owner_partstat.map(|p| p.as_str())),
        "is_recurring" => flag(|o| o.event.is_recurring),
        "has_end" => flag(|o| o.event.has_end),
        "has_description" => flag(|o| o.event.has_description()),
        "created" => owned(|o| o.event.created.map(utc_text)),
        "dtstamp" => owned(|o| o.event.dtstamp.map(utc_text)),
        "line" => Column::new(
            name.into(),
            rows.iter()
                .map(|(_, o)| o.event.line as u64)
                .collect::<Vec<u64>>(),
        ),
        other => unreachable!("no occurrence column {other}"),
    }
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

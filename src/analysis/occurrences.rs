//! The occurrence table: one row per concrete occurrence, the schema that
//! `meetload export` writes (documented column by column in docs/schema.md).

use polars::prelude::*;
use rayon::prelude::*;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::model::{Calendar, EventInfo, Occurrence, Span};
use crate::time_text::{push_date, push_naive, push_utc};

/// Appends the start (or with `end`, the end) as text: RFC 3339 UTC for
/// timed, `YYYY-MM-DD` for all-day.
fn push_span(out: &mut String, span: &Span, end: bool) {
    match *span {
        Span::Timed { start, end: e } => push_utc(out, if end { e } else { start }),
        Span::AllDay { start, end: e } => push_date(out, if end { e } else { start }),
    }
}

/// Appends the wall-clock start in the event's zone (nothing for all-day).
fn push_local_start(out: &mut String, o: &Occurrence) {
    let (Span::Timed { start, .. }, Some(tzid)) = (o.span, o.event.tzid.as_deref()) else {
        return;
    };
    if let Some(tz) = crate::ics::tz::iana(tzid) {
        push_naive(out, start.with_timezone(&tz).naive_local());
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
    // text written per row into one reused buffer (850,000 rows: no String
    // each); `f` returns false for a null
    let written = |f: &mut dyn FnMut(&mut String, &Occurrence) -> bool| {
        let mut column = StringChunkedBuilder::new(name.into(), rows.len());
        let mut buf = String::with_capacity(32);
        for (_, o) in rows {
            buf.clear();
            match f(&mut buf, o) {
                true => column.append_value(&buf),
                false => column.append_null(),
            }
        }
        column.finish().into_column()
    };
    let flag = |f: fn(&Occurrence) -> bool| {
        Column::new(
            name.into(),
            rows.iter().map(|(_, o)| f(o)).collect::<Vec<bool>>(),
        )
    };
    let span = |end: bool| {
        written(&mut |out, o| {
            push_span(out, &o.span, end);
            true
        })
    };
    let utc = |f: fn(&Occurrence) -> Option<chrono::DateTime<chrono::Utc>>| {
        written(&mut |out, o| f(o).map(|t| push_utc(out, t)).is_some())
    };
    match name {
        "calendar" => text(|c, _| &c.name),
        "owner" => opt(|c, _| c.owner.as_deref()),
        "uid" => text(|_, o| &o.event.uid),
        "recurrence_id" => {
            written(&mut |out, o| o.recurrence_id.map(|k| k.push_text(out)).is_some())
        }
        "summary" => text(|_, o| &o.event.summary),
        "start" => span(false),
        "end" => span(true),
        "start_local" => written(&mut |out, o| {
            push_local_start(out, o);
            true
        }),
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
        "attendees" => {
            // joined once per event: an all-hands' list is the same in each of its rows
            let mut joined: FxHashMap<*const EventInfo, String> = FxHashMap::default();
            written(&mut |out, o| {
                let list = joined
                    .entry(Arc::as_ptr(&o.event))
                    .or_insert_with(|| people(o).join(";"));
                out.push_str(list);
                true
            })
        }
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
        "created" => utc(|o| o.event.created),
        "dtstamp" => utc(|o| o.event.dtstamp),
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

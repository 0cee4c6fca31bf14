//! The occurrence table: one row per concrete occurrence, the schema that
//! `meetload export` writes (documented column by column in docs/schema.md).
//!
//! Most text of a row belongs to its event (uid, title, attendees, ...) or
//! its calendar, and an event has many rows (a weekly meeting, an all-hands
//! list copied into a thousand calendars' events). Such a column is built
//! as its distinct values, each written once, and gathered by row: Arrow's
//! string views of every row of one event point at the same bytes, so a
//! 1,000-person attendee list is stored once per batch, not once per row.
//! The values a file or reader sees are the same as with one copy per row.

use polars::prelude::*;
use rayon::prelude::*;

use std::sync::Arc;

use chrono_tz::Tz;
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

/// Appends the wall-clock start in `zone`, the event's (nothing for all-day
/// or without a known zone).
fn push_local_start(out: &mut String, o: &Occurrence, zone: Option<Tz>) {
    if let (Span::Timed { start, .. }, Some(tz)) = (o.span, zone) {
        push_naive(out, start.with_timezone(&tz).naive_local());
    }
}

/// The rows of a batch, and for each the calendar and the event it shows
/// (indexes into `calendars` and `events`, for the gathered columns).
struct Rows<'a> {
    calendars: &'a [Calendar],
    /// The distinct events, in order of their first row.
    events: Vec<&'a EventInfo>,
    rows: Vec<&'a Occurrence>,
    calendar_of: Vec<IdxSize>,
    event_of: Vec<IdxSize>,
}

impl<'a> Rows<'a> {
    fn new(calendars: &'a [Calendar]) -> PolarsResult<Rows<'a>> {
        let len: usize = calendars.iter().map(|c| c.occurrences.len()).sum();
        polars_ensure!(
            IdxSize::try_from(len.max(calendars.len())).is_ok(),
            ComputeError: "{len} occurrences are too many for one batch"
        );
        let mut rows = Rows {
            calendars,
            events: Vec::new(),
            rows: Vec::with_capacity(len),
            calendar_of: Vec::with_capacity(len),
            event_of: Vec::with_capacity(len),
        };
        // the instances of a series follow each other: the last event is
        // checked before the map
        let mut seen: FxHashMap<*const EventInfo, IdxSize> = FxHashMap::default();
        let mut last: Option<(*const EventInfo, IdxSize)> = None;
        for (c, calendar) in calendars.iter().enumerate() {
            for o in &calendar.occurrences {
                let key = Arc::as_ptr(&o.event);
                let event = match last {
                    Some((k, e)) if k == key => e,
                    _ => *seen.entry(key).or_insert_with(|| {
                        rows.events.push(&o.event);
                        (rows.events.len() - 1) as IdxSize
                    }),
                };
                last = Some((key, event));
                rows.rows.push(o);
                rows.calendar_of.push(c as IdxSize);
                rows.event_of.push(event);
            }
        }
        Ok(rows)
    }

    fn len(&self) -> usize {
        self.rows.len()
    }
}

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
    let rows = Rows::new(calendars)?;
    let columns = COLUMNS
        .par_iter()
        .map(|name| column(name, &rows))
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(rows.len(), columns)
}

/// Text written per item into one reused buffer (850,000 rows: no String
/// each); `f` returns false for a null.
fn written<T>(
    items: impl ExactSizeIterator<Item = T>,
    mut f: impl FnMut(&mut String, T) -> bool,
) -> StringChunked {
    let mut column = StringChunkedBuilder::new(PlSmallStr::EMPTY, items.len());
    let mut buf = String::with_capacity(32);
    for item in items {
        buf.clear();
        match f(&mut buf, item) {
            true => column.append_value(&buf),
            false => column.append_null(),
        }
    }
    column.finish()
}

/// The column `name` of rows each showing `values[index[row]]`: the values
/// are gathered, so the rows of one value share its bytes.
fn gathered(name: &str, values: StringChunked, index: &[IdxSize]) -> PolarsResult<Column> {
    Ok(values.take(index)?.with_name(name.into()).into_column())
}

/// The column `name` of the occurrence table (schema: docs/schema.md).
fn column(name: &str, rows: &Rows) -> PolarsResult<Column> {
    let calendar_text = |f: fn(&Calendar) -> Option<&str>| {
        gathered(
            name,
            rows.calendars.iter().map(f).collect(),
            &rows.calendar_of,
        )
    };
    let event_text = |f: fn(&EventInfo) -> Option<&str>| {
        gathered(
            name,
            rows.events.iter().map(|e| f(e)).collect(),
            &rows.event_of,
        )
    };
    let event_written = |f: &dyn Fn(&mut String, &EventInfo) -> bool| {
        let values = written(rows.events.iter(), |out, e| f(out, e));
        gathered(name, values, &rows.event_of)
    };
    let row_written = |f: &dyn Fn(&mut String, &Occurrence) -> bool| {
        let values = written(rows.rows.iter(), |out, o| f(out, o));
        Ok(values.with_name(name.into()).into_column())
    };
    let per_row = |c: Column| Ok(c.with_name(name.into()));
    let flag = |f: fn(&Occurrence) -> bool| {
        per_row(Column::new(
            PlSmallStr::EMPTY,
            rows.rows.iter().map(|o| f(o)).collect::<Vec<bool>>(),
        ))
    };
    let span = |end: bool| {
        row_written(&|out, o| {
            push_span(out, &o.span, end);
            true
        })
    };
    let utc = |f: fn(&EventInfo) -> Option<chrono::DateTime<chrono::Utc>>| {
        event_written(&|out, e| f(e).map(|t| push_utc(out, t)).is_some())
    };
    match name {
        "calendar" => calendar_text(|c| Some(&c.name)),
        "owner" => calendar_text(|c| c.owner.as_deref()),
        "uid" => event_text(|e| Some(&e.uid)),
        "recurrence_id" => {
            row_written(&|out, o| o.recurrence_id.map(|k| k.push_text(out)).is_some())
        }
        "summary" => event_text(|e| Some(&e.summary)),
        "start" => span(false),
        "end" => span(true),
        "start_local" => {
            // the zone is looked up once per event
            let zones: Vec<Option<Tz>> = rows
                .events
                .iter()
                .map(|e| e.tzid.as_deref().and_then(crate::ics::tz::iana))
                .collect();
            let items = rows.rows.iter().zip(&rows.event_of);
            let values = written(items, |out, (o, &e)| {
                push_local_start(out, o, zones[e as usize]);
                true
            });
            Ok(values.with_name(name.into()).into_column())
        }
        "all_day" => flag(|o| o.is_all_day()),
        "tzid" => event_text(|e| e.tzid.as_deref()),
        "duration_min" => per_row(Column::new(
            PlSmallStr::EMPTY,
            rows.rows
                .iter()
                .map(|o| o.duration_min())
                .collect::<Vec<i64>>(),
        )),
        "status" => event_text(|e| Some(e.status.as_str())),
        "transparent" => flag(|o| o.event.transparent),
        "busy_status" => event_text(|e| e.busy_status.map(|b| b.as_str())),
        "organizer" => event_text(|e| e.organizer.as_deref()),
        "attendees" => event_written(&|out, e| {
            join_people(out, e);
            true
        }),
        "attendee_count" => {
            let counts: Vec<u32> = rows
                .events
                .iter()
                .map(|e| people(e).count() as u32)
                .collect();
            per_row(Column::new(
                PlSmallStr::EMPTY,
                rows.event_of
                    .iter()
                    .map(|&e| counts[e as usize])
                    .collect::<Vec<u32>>(),
            ))
        }
        "owner_partstat" => event_text(|e| e.owner_partstat.map(|p| p.as_str())),
        "is_recurring" => flag(|o| o.event.is_recurring),
        "has_end" => flag(|o| o.event.has_end),
        "has_description" => flag(|o| o.event.has_description()),
        "created" => utc(|e| e.created),
        "dtstamp" => utc(|e| e.dtstamp),
        "line" => per_row(Column::new(
            PlSmallStr::EMPTY,
            rows.rows
                .iter()
                .map(|o| o.event.line as u64)
                .collect::<Vec<u64>>(),
        )),
        other => unreachable!("no occurrence column {other}"),
    }
}

/// Attendee addresses of people (rooms and resources left out).
fn people(e: &EventInfo) -> impl Iterator<Item = &str> {
    e.attendees
        .iter()
        .filter(|a| a.cutype.is_person())
        .map(|a| &*a.email)
}

/// Appends the people's addresses joined by `;`.
fn join_people(out: &mut String, e: &EventInfo) {
    for (i, address) in people(e).enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(address);
    }
}

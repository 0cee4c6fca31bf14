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

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;

use crate::model::{Calendar, EventInfo, InstanceKey, Occurrence, Span};
use crate::time_text::{push_naive, push_utc};

/// The start (or with `end`, the end) as the key of its text: RFC 3339
/// UTC for timed, `YYYY-MM-DD` for all-day.
fn span_key(span: &Span, end: bool) -> InstanceKey {
    match *span {
        Span::Timed { start, end: e } => InstanceKey::Timed(if end { e } else { start }),
        Span::AllDay { start, end: e } => InstanceKey::Date(if end { e } else { start }),
    }
}

/// The wall-clock start is a function of the UTC start and the event's
/// zone (none for all-day or without a known zone).
type LocalStart = Option<(DateTime<Utc>, Tz)>;

/// Appends the wall-clock start (nothing without one).
fn push_local_start(out: &mut String, local: LocalStart) {
    if let Some((start, tz)) = local {
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
        let mut seen: FxHashMap<*const EventInfo, IdxSize> =
            FxHashMap::with_capacity_and_hasher(len, Default::default());
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

/// The column `name` of rows whose text is a function of a key (a time):
/// each distinct key of the rows is written once and gathered, so equal
/// times share their bytes too (a meeting's start is in every attendee's
/// calendar).
fn keyed<K: Copy + Eq + std::hash::Hash>(
    name: &str,
    keys: impl Iterator<Item = K>,
    write: impl Fn(&mut String, K) -> bool,
) -> PolarsResult<Column> {
    // room for every row at once: growing the map step by step rehashed
    // each key several times
    let mut seen: FxHashMap<K, IdxSize> =
        FxHashMap::with_capacity_and_hasher(keys.size_hint().0, Default::default());
    let mut distinct: Vec<K> = Vec::new();
    let index: Vec<IdxSize> = keys
        .map(|key| {
            *seen.entry(key).or_insert_with(|| {
                distinct.push(key);
                (distinct.len() - 1) as IdxSize
            })
        })
        .collect();
    let values = written(distinct.into_iter(), write);
    gathered(name, values, &index)
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
    let per_row = |c: Column| Ok(c.with_name(name.into()));
    let flag = |f: fn(&Occurrence) -> bool| {
        per_row(Column::new(
            PlSmallStr::EMPTY,
            rows.rows.iter().map(|o| f(o)).collect::<Vec<bool>>(),
        ))
    };
    let span = |end: bool| {
        let keys = rows.rows.iter().map(|o| span_key(&o.span, end));
        keyed(name, keys, |out, key| {
            key.push_text(out);
            true
        })
    };
    let utc = |f: fn(&EventInfo) -> Option<DateTime<Utc>>| {
        event_written(&|out, e| f(e).map(|t| push_utc(out, t)).is_some())
    };
    match name {
        "calendar" => calendar_text(|c| Some(&c.name)),
        "owner" => calendar_text(|c| c.owner.as_deref()),
        "uid" => event_text(|e| Some(&e.uid)),
        "recurrence_id" => keyed(
            name,
            rows.rows.iter().map(|o| o.recurrence_id),
            |out, key| key.map(|k| k.push_text(out)).is_some(),
        ),
        "summary" => event_text(|e| Some(&e.summary)),
        "start" => span(false),
        "end" => span(true),
        "start_local" => {
            // the zone is looked up once per zone name: the importer shares
            // one copy of each per file, told apart here by address (reading
            // the name cost 350 instructions an event: callgrind, export of
            // the first 200 bench calendars, 1 thread: whole run 4,924.3 ->
            // 4,876.3 M; remembering the last name alone, 4,889.3 M)
            let mut known: FxHashMap<*const u8, Option<Tz>> = FxHashMap::default();
            let zones: Vec<Option<Tz>> = (rows.events.iter())
                .map(|e| {
                    let name = e.tzid.as_ref()?;
                    *known
                        .entry(Arc::as_ptr(name) as *const u8)
                        .or_insert_with(|| crate::ics::tz::iana(name))
                })
                .collect();
            let keys = rows.rows.iter().zip(&rows.event_of).map(|(o, &e)| {
                match (o.span, zones[e as usize]) {
                    (Span::Timed { start, .. }, Some(tz)) => Some((start, tz)),
                    _ => None,
                }
            });
            keyed(name, keys, |out, local| {
                push_local_start(out, local);
                true
            })
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
        "attendees" => {
            // joined once per list: a file that repeats an all-hands' list
            // in every instance's event shares one list among them
            let lists = rows
                .event_of
                .iter()
                .map(|&e| ListOf(rows.events[e as usize]));
            keyed(name, lists, |out, list| {
                join_people(out, list.0);
                true
            })
        }
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

/// An event as the key of its attendee list, which is compared by address
/// (the importer shares one list among the events of a file that repeat it).
#[derive(Clone, Copy)]
struct ListOf<'a>(&'a EventInfo);

impl PartialEq for ListOf<'_> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.attendees, &other.0.attendees)
    }
}

impl Eq for ListOf<'_> {}

impl std::hash::Hash for ListOf<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0.attendees).cast::<u8>().hash(state)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};

    /// Two calendars: a weekly series in a zone (one event, many rows), an
    /// all-day event, and events without zone, organizer or attendees.
    fn calendars() -> Vec<Calendar> {
        let ics = |owner: &str, extra: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:{owner}\r\n\
                 BEGIN:VEVENT\r\nUID:weekly-sync-with-a-long-uid@example.com\r\n\
                 DTSTART;TZID=Europe/Berlin:20250106T093000\r\nDURATION:PT30M\r\n\
                 RRULE:FREQ=WEEKLY;COUNT=6\r\nSUMMARY:Weekly sync of the whole team\r\n\
                 CREATED:20241201T120000Z\r\nDTSTAMP:20241202T120000Z\r\n\
                 ORGANIZER:mailto:lead@example.com\r\n\
                 ATTENDEE:mailto:ann@example.com\r\nATTENDEE:mailto:bob@example.com\r\n\
                 ATTENDEE;CUTYPE=ROOM:mailto:room@example.com\r\nEND:VEVENT\r\n\
                 BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20250110\r\nSUMMARY:Off\r\n\
                 END:VEVENT\r\n\
                 BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20250107T080000Z\r\nDTEND:20250107T083000Z\r\n\
                 SUMMARY:=1+1\r\nEND:VEVENT\r\n\
                 BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20250108T080000Z\r\nDURATION:PT1H\r\n\
                 ATTENDEE:mailto:ann@example.com\r\nATTENDEE:mailto:bob@example.com\r\n\
                 ATTENDEE;CUTYPE=ROOM:mailto:room@example.com\r\nEND:VEVENT\r\n\
                 {extra}END:VCALENDAR\r\n"
            )
        };
        vec![
            import_bytes(
                ics("ann@example.com", "").as_bytes(),
                "ann.ics",
                &Default::default(),
            ),
            import_bytes(
                ics("bob@example.com", "").as_bytes(),
                "bob.ics",
                &ImportOptions::default(),
            ),
        ]
    }

    fn texts(df: &DataFrame, name: &str) -> Vec<Option<String>> {
        let column = df.column(name).unwrap().str().unwrap();
        column.iter().map(|v| v.map(str::to_string)).collect()
    }

    #[test]
    fn gathered_columns_hold_each_rows_own_values() {
        let calendars = calendars();
        let df = occurrence_table(&calendars).unwrap();
        let rows: Vec<(&Calendar, &Occurrence)> = (calendars.iter())
            .flat_map(|c| c.occurrences.iter().map(move |o| (c, o)))
            .collect();
        assert_eq!(df.height(), rows.len());
        assert_eq!(rows.len(), 2 * (6 + 1 + 1 + 1));
        // each row as written one row at a time, the way the table was built before
        let expect = |f: &dyn Fn(&Calendar, &Occurrence) -> Option<String>| -> Vec<Option<String>> {
            rows.iter().map(|&(c, o)| f(c, o)).collect()
        };
        let text = |f: fn(&mut String, &Occurrence) -> bool| {
            expect(&|_, o| {
                let mut out = String::new();
                f(&mut out, o).then_some(out)
            })
        };
        assert_eq!(texts(&df, "calendar"), expect(&|c, _| Some(c.name.clone())));
        assert_eq!(texts(&df, "owner"), expect(&|c, _| c.owner.clone()));
        assert_eq!(texts(&df, "uid"), expect(&|_, o| Some(o.event.uid.clone())));
        assert_eq!(
            texts(&df, "summary"),
            expect(&|_, o| Some(o.event.summary.clone()))
        );
        assert_eq!(
            texts(&df, "tzid"),
            expect(&|_, o| o.event.tzid.as_deref().map(str::to_string))
        );
        assert_eq!(
            texts(&df, "organizer"),
            expect(&|_, o| o.event.organizer.clone())
        );
        assert_eq!(
            texts(&df, "attendees"),
            expect(&|_, o| Some(people(&o.event).collect::<Vec<_>>().join(";")))
        );
        assert_eq!(
            texts(&df, "start"),
            text(|out, o| {
                span_key(&o.span, false).push_text(out);
                true
            })
        );
        assert_eq!(
            texts(&df, "end"),
            text(|out, o| {
                span_key(&o.span, true).push_text(out);
                true
            })
        );
        assert_eq!(
            texts(&df, "recurrence_id"),
            text(|out, o| o.recurrence_id.map(|k| k.push_text(out)).is_some())
        );
        assert_eq!(
            texts(&df, "created"),
            text(|out, o| o.event.created.map(|t| push_utc(out, t)).is_some())
        );
        // hand-checked: the series is 09:30 in Berlin, 08:30 UTC in winter
        let local = texts(&df, "start_local");
        assert_eq!(local[0].as_deref(), Some("2025-01-06T09:30:00"));
        assert_eq!(
            texts(&df, "start")[0].as_deref(),
            Some("2025-01-06T08:30:00Z")
        );
        assert!(
            local.contains(&Some(String::new())),
            "all-day and UTC rows: empty"
        );
        let attendees = texts(&df, "attendees");
        assert_eq!(
            attendees[0].as_deref(),
            Some("ann@example.com;bob@example.com")
        );
        let count = df.column("attendee_count").unwrap().u32().unwrap();
        let uids = texts(&df, "uid");
        for (count, uid) in count.iter().zip(&uids) {
            let listed = uid.as_deref() == uids[0].as_deref() || uid.as_deref() == Some("c");
            assert_eq!(count, Some(if listed { 2 } else { 0 }));
        }
    }

    #[test]
    fn rows_of_one_value_share_its_bytes() {
        let calendars = calendars();
        let df = occurrence_table(&calendars).unwrap();
        let views = |name: &str| {
            let column = df.column(name).unwrap().str().unwrap().rechunk();
            let array = column.downcast_as_array().clone();
            let views: Vec<u128> = array.views().iter().map(|v| v.as_u128()).collect();
            (views, array)
        };
        // the rows of the weekly series in each calendar
        let uids = texts(&df, "uid");
        let names = texts(&df, "calendar");
        let series = |calendar: &str| -> Vec<usize> {
            (0..df.height())
                .filter(|&row| {
                    uids[row]
                        .as_deref()
                        .is_some_and(|u| u.starts_with("weekly"))
                })
                .filter(|&row| names[row].as_deref() == Some(calendar))
                .collect()
        };
        let (ann, bob) = (series("ann.ics"), series("bob.ics"));
        assert_eq!((ann.len(), bob.len()), (6, 6));
        // the six instances in one calendar are one event: one view, in a
        // buffer (long) or inline (12 bytes or fewer: "ann.ics", "CONFIRMED")
        for name in [
            "uid",
            "attendees",
            "organizer",
            "calendar",
            "status",
            "created",
        ] {
            let (views, _) = views(name);
            assert!(ann.iter().all(|&row| views[row] == views[ann[0]]), "{name}");
        }
        // event c repeats the series' attendee list (one list in the file):
        // it is joined once and both events' rows share it
        let (attendees, _) = views("attendees");
        let c = (0..df.height()).find(|&row| {
            uids[row].as_deref() == Some("c") && names[row].as_deref() == Some("ann.ics")
        });
        assert_eq!(attendees[c.unwrap()], attendees[ann[0]]);
        // equal times share their bytes in any event or calendar: the
        // second calendar's copy of the series starts alike
        let (start, _) = views("start");
        assert_ne!(start[ann[0]], start[ann[1]]);
        assert!(ann.iter().zip(&bob).all(|(&a, &b)| start[a] == start[b]));
        // the buffers hold each long value once, not once per row
        for name in ["uid", "attendees", "start"] {
            let (_, array) = views(name);
            assert!(array.total_buffer_len() < array.total_bytes_len(), "{name}");
        }
    }

    #[test]
    fn no_calendars_and_no_occurrences_give_an_empty_table_with_every_column() {
        for calendars in [Vec::new(), {
            let mut c = calendars();
            c.iter_mut().for_each(|c| c.occurrences.clear());
            c
        }] {
            let df = occurrence_table(&calendars).unwrap();
            assert_eq!(df.height(), 0);
            assert_eq!(df.width(), COLUMNS.len());
        }
    }
}

//! The partials (see [`super::partial`]) as plain tables, one per kind of
//! row, for `analyze --partials` to write as Parquet and `reduce` (or any
//! SQL engine) to read back. Every row names its person; times are seconds
//! since 1970 UTC (`_unix`), dates ISO `YYYY-MM-DD` in the person's zone,
//! minutes and hours as the column name says. docs/scale-out.md lists the
//! columns; [`read`] turns the tables back into partials.

use std::sync::Arc;

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::exclusions::Rule;
use super::partial::PersonPartial;
use super::quality::QualityRow;
use super::series::{CopyEvent, MeetingCopy};
use super::tables::column;

mod read;

pub use read::{from_tables, PartialError};

/// The kinds of partial table, in the order they are written.
pub const KINDS: [&str; 10] = [
    "person",
    "person_attribute",
    "person_day",
    "meeting_event",
    "meeting_copy",
    "focus_series",
    "busy",
    "day_off",
    "heatmap",
    "data_quality",
];

/// The partial table of one kind (one of [`KINDS`]), so that a writer can
/// hold one table at a time.
pub fn partial_table(
    kind: &str,
    parts: &[PersonPartial],
    quality: &[QualityRow],
) -> PolarsResult<DataFrame> {
    match kind {
        "person" => person_table(parts),
        "person_attribute" => attribute_table(parts),
        "person_day" => person_day_table(parts),
        "meeting_event" => event_table(parts),
        "meeting_copy" => copy_table(parts),
        "focus_series" => focus_series_table(parts),
        "busy" => busy_table(parts),
        "day_off" => day_off_table(parts),
        "heatmap" => heatmap_table(parts),
        "data_quality" => quality_table(quality),
        _ => polars_bail!(ComputeError: "no partial table of kind {kind}"),
    }
}

fn frame(columns: Vec<Column>) -> PolarsResult<DataFrame> {
    DataFrame::new(columns.first().map_or(0, Column::len), columns)
}

/// One row per item of each person, with the person's id beside it.
fn per_person<'a, T: 'a, I: IntoIterator<Item = T>>(
    parts: &'a [PersonPartial],
    items: impl Fn(&'a PersonPartial) -> I,
) -> Vec<(&'a str, T)> {
    parts
        .iter()
        .flat_map(|p| items(p).into_iter().map(move |t| (&*p.meta.id, t)))
        .collect()
}

fn unix(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// person: one row per person, with their settings and the per-person
/// results that need no other rows (burden, hours mask).
fn person_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let time = |t: chrono::NaiveTime| t.format("%H:%M:%S").to_string();
    frame(vec![
        column(parts, "person", |p| p.meta.id.to_string()),
        column(parts, "owner", |p| p.meta.owner.clone()),
        column(parts, "zone", |p| p.meta.zone.name()),
        column(parts, "work_start", |p| time(p.meta.hours.start)),
        column(parts, "work_end", |p| time(p.meta.hours.end)),
        column(parts, "work_days", |p| bits(&p.meta.hours.days)),
        column(parts, "analysed_first", |p| {
            p.meta.analysed.map(|d| iso(d.0))
        }),
        column(parts, "analysed_last", |p| {
            p.meta.analysed.map(|d| iso(d.1))
        }),
        column(parts, "burden_meetings", |p| p.burden.meetings as u64),
        column(parts, "burden_meeting_min", |p| p.burden.meeting_min),
        column(parts, "burden_before_min", |p| p.burden.before_min),
        column(parts, "burden_after_min", |p| p.burden.after_min),
        column(parts, "burden_off_day_min", |p| p.burden.off_day_min),
        column(parts, "burden_outside", |p| p.burden.outside as u64),
        column(parts, "hours_mask", |p| bits(&p.hours_mask)),
    ])
}

/// `1` for true, `0` for false, in order (working days Monday first; the
/// hours mask's quarter hours from 00:00 UTC).
fn bits(b: &[bool]) -> String {
    b.iter().map(|x| if *x { '1' } else { '0' }).collect()
}

/// person_attribute: the roster columns, one row per person and column.
fn attribute_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| &p.meta.attributes);
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "column", |r| r.1 .0.as_str()),
        column(&rows, "value", |r| r.1 .1.as_str()),
    ])
}

/// person_day: the person-days, columns as the person_day table's.
fn person_day_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let d: Vec<&super::person::PersonDay> = parts.iter().flat_map(|p| &p.person_days).collect();
    frame(vec![
        column(&d, "person", |d| d.person.to_string()),
        column(&d, "date", |d| iso(d.date)),
        column(&d, "working_min", |d| d.working_min),
        column(&d, "workday_min", |d| d.workday_min),
        column(&d, "day_off", |d| d.day_off),
        column(&d, "meeting_min", |d| d.meeting_min),
        column(&d, "meeting_raw_min", |d| d.meeting_raw_min),
        column(&d, "double_booked_min", |d| d.double_booked_min),
        column(&d, "meeting_in_hours_min", |d| d.meeting_in_hours_min),
        column(&d, "meeting_after_hours_min", |d| d.meeting_after_hours_min),
        column(&d, "meetings", |d| d.meetings),
        column(&d, "status_meeting_min", |d| d.status_meeting_min),
        column(&d, "back_to_back_chains", |d| d.back_to_back_chains),
        column(&d, "longest_chain", |d| d.longest_chain),
        column(&d, "busy_in_hours_min", |d| d.busy_in_hours_min),
        column(&d, "focus_min", |d| d.focus_min),
        column(&d, "focus_1h_min", |d| d.focus_1h_min),
        column(&d, "fragmented_min", |d| d.fragmented_min),
        column(&d, "largest_free_min", |d| d.largest_free_min),
        column(&d, "weekend_meeting_min", |d| d.weekend_meeting_min),
    ])
}

/// Each person's copies (attended first, then declined) with the number
/// of their event among the person's events, in order of first use.
fn numbered(p: &PersonPartial) -> Vec<(bool, &MeetingCopy, u32)> {
    let mut ids: FxHashMap<*const CopyEvent, u32> = FxHashMap::default();
    let attended = p.meetings.iter().map(|c| (true, c));
    let copies = attended.chain(p.declined.iter().map(|c| (false, c)));
    copies
        .map(|(attended, c)| {
            let next = ids.len() as u32;
            let id = *ids.entry(Arc::as_ptr(&c.event)).or_insert(next);
            (attended, c, id)
        })
        .collect()
}

/// meeting_event: the events of each person's copies, one row per event
/// (`event` numbers them per person), with the facts the copies share.
fn event_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| {
        let mut seen = 0;
        let events = numbered(p).into_iter().filter(move |(_, _, id)| {
            let new = *id == seen;
            seen += u32::from(new);
            new
        });
        events.map(|(_, c, id)| (id, &*c.event)).collect::<Vec<_>>()
    });
    let mut invited = ListStringChunkedBuilder::new("invited".into(), rows.len(), rows.len());
    for (_, (_, e)) in &rows {
        invited.append_values_iter(e.invited.iter().map(|a| &**a));
    }
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "event", |r| r.1 .0),
        column(&rows, "uid", |r| &*r.1 .1.uid),
        column(&rows, "title", |r| &*r.1 .1.title),
        column(&rows, "organizer", |r| r.1 .1.organizer.as_deref()),
        invited.finish().into_column(),
        column(&rows, "invitees", |r| r.1 .1.invitees as u64),
        column(&rows, "declined", |r| r.1 .1.declined as u64),
        column(&rows, "tentative", |r| r.1 .1.tentative as u64),
        column(&rows, "accepted", |r| r.1 .1.accepted as u64),
        column(&rows, "no_answer", |r| r.1 .1.no_answer as u64),
        column(&rows, "answered", |r| r.1 .1.answered as u64),
        column(&rows, "organizer_declined", |r| r.1 .1.organizer_declined),
        column(&rows, "has_agenda", |r| r.1 .1.has_agenda),
        column(&rows, "recurring", |r| r.1 .1.recurring),
        column(&rows, "has_end", |r| r.1 .1.has_end),
        column(&rows, "series_start_unix", |r| {
            r.1 .1.series_start.map(unix)
        }),
        column(&rows, "created_unix", |r| r.1 .1.created.map(unix)),
    ])
}

/// meeting_copy: each person's copy of each meeting on their analysed days
/// (`attended` false: they declined it), and its event in meeting_event.
fn copy_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, numbered);
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "attended", |r| r.1 .0),
        column(&rows, "start_unix", |r| unix(r.1 .1.start)),
        column(&rows, "end_unix", |r| unix(r.1 .1.end)),
        column(&rows, "date", |r| iso(r.1 .1.date)),
        column(&rows, "series", |r| &*r.1 .1.series),
        column(&rows, "kind", |r| r.1 .1.kind.as_str()),
        column(&rows, "event", |r| r.1 .2),
        column(&rows, "focus_min", |r| r.1 .1.focus_min),
    ])
}

/// focus_series: focus minutes the person lost to each series.
fn focus_series_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| {
        let mut v: Vec<(&str, i64)> = p.focus.iter().map(|(k, m)| (&**k, *m)).collect();
        v.sort_unstable();
        v
    });
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "series", |r| r.1 .0),
        column(&rows, "focus_min", |r| r.1 .1),
    ])
}

/// busy: the person's busy time other than meetings.
fn busy_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| p.other_busy.iter().copied());
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "start_unix", |r| unix(r.1 .0)),
        column(&rows, "end_unix", |r| unix(r.1 .1)),
    ])
}

/// day_off: the person's analysed dates taken by an all-day event.
fn day_off_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| {
        let mut v: Vec<_> = p.days_off.iter().copied().collect();
        v.sort_unstable();
        v
    });
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "date", |r| iso(r.1)),
    ])
}

/// heatmap: the person's meeting hours per local weekday (0 = Monday) and
/// hour over their counted weeks; cells without meetings are left out.
fn heatmap_table(parts: &[PersonPartial]) -> PolarsResult<DataFrame> {
    let rows = per_person(parts, |p| {
        let cells = p.heatmap.iter().enumerate().flat_map(|(d, hours)| {
            let cells = hours.iter().enumerate();
            cells.map(move |(h, v)| (d as u32, h as u32, *v))
        });
        cells.filter(|c| c.2 != 0.0).collect::<Vec<_>>()
    });
    frame(vec![
        column(&rows, "person", |r| r.0),
        column(&rows, "weekday", |r| r.1 .0),
        column(&rows, "hour", |r| r.1 .1),
        column(&rows, "meeting_h", |r| r.1 .2),
    ])
}

/// data_quality: the files' data-quality rows, columns as the data_quality
/// table's but exact (`<rule>_min` instead of hours) plus `malformed`.
fn quality_table(rows: &[QualityRow]) -> PolarsResult<DataFrame> {
    let mut columns = Vec::new();
    for (name, get, _) in read::QUALITY_TEXT {
        columns.push(column(rows, name, |r| get(r).clone()));
    }
    for (name, get, _) in read::QUALITY_COUNTS {
        columns.push(column(rows, name, |r| *get(r) as u64));
    }
    columns.push(column(rows, "no_attendee_data", |r| r.no_attendee_data));
    columns.push(column(rows, "malformed", |r| r.excluded.malformed as u64));
    for rule in Rule::ALL {
        let name = format!("{}_n", rule.as_str());
        columns.push(column(rows, &name, |r| r.excluded.get(rule).0 as u64));
        let name = format!("{}_min", rule.as_str());
        columns.push(column(rows, &name, |r| r.excluded.get(rule).1));
    }
    frame(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every partial table of `parts` and `quality`, by kind.
    fn partial_tables(
        parts: &[PersonPartial],
        quality: &[QualityRow],
    ) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
        KINDS
            .into_iter()
            .map(|kind| Ok((kind, partial_table(kind, parts, quality)?)))
            .collect()
    }
    use crate::config::Options;

    /// Gives the tables one kind at a time, as `meetload reduce` does.
    fn load<'a>(
        tables: &'a [(&'static str, DataFrame)],
    ) -> impl FnMut(&'static str) -> Result<DataFrame, PartialError> + 'a {
        |kind| {
            let found = tables.iter().find(|(k, _)| *k == kind);
            found
                .map(|(_, df)| df.clone())
                .ok_or(PartialError::Missing(kind))
        }
    }

    #[test]
    fn partials_read_back_from_their_tables_are_the_partials_written() {
        let opts = Options {
            min_group: 0,
            ..Options::default()
        };
        let mut person = crate::analysis::partial::tests::ana();
        person.attributes.insert("team".into(), "Data".into());
        let parts = crate::analysis::map_people([person], &opts);
        let quality = vec![QualityRow {
            calendar: "ana.ics".into(),
            events: 4,
            no_attendee_data: true,
            ..QualityRow::default()
        }];
        let tables = partial_tables(&parts, &quality).unwrap();
        let names: Vec<&str> = tables.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, KINDS);
        let (back, quality_back) = from_tables(load(&tables)).unwrap();
        assert_eq!(back, parts);
        assert_eq!(quality_back, quality);
    }

    #[test]
    fn a_row_of_someone_not_in_the_person_table_is_an_error_that_names_the_table() {
        let parts = crate::analysis::map_people(
            [crate::analysis::partial::tests::ana()],
            &Options::default(),
        );
        let mut tables = partial_tables(&parts, &[]).unwrap();
        let person = &mut tables[0].1;
        *person = person.head(Some(0));
        let err = from_tables(load(&tables)).unwrap_err().to_string();
        assert!(err.starts_with("person_day.person: ana@x.org"), "{err}");
    }
}

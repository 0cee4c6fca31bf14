//! Partial tables back to partials: the inverse of the writers beside it,
//! so that `meetload reduce` runs the same reduce as a direct `analyze`.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use polars::prelude::*;
use rustc_hash::FxHashMap;

use crate::analysis::burden::Burden;
use crate::analysis::exclusions::{Exclusions, Rule};
use crate::analysis::interned::Interned;
use crate::analysis::kind::Kind;
use crate::analysis::partial::{PersonMeta, PersonPartial};
use crate::analysis::person::PersonDay;
use crate::analysis::quality::QualityRow;
use crate::analysis::series::{CopyEvent, MeetingCopy};
use crate::config::WorkingHours;

/// A partial table that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum PartialError {
    #[error("the {0} partial is missing")]
    Missing(&'static str),
    /// The partial's files could not be read (the reader's message).
    #[error("{0}")]
    Read(String),
    #[error("{table}.{column}: {problem}")]
    Bad {
        table: &'static str,
        column: String,
        problem: String,
    },
    #[error(transparent)]
    Polars(#[from] PolarsError),
}

type Result<T> = std::result::Result<T, PartialError>;

/// Name, reader and writer of each data-quality field of one type.
type Fields<T> = &'static [(
    &'static str,
    fn(&QualityRow) -> &T,
    fn(&mut QualityRow) -> &mut T,
)];

macro_rules! fields {
    ($name:ident: $ty:ty => $($f:ident),*) => {
        pub(super) const $name: Fields<$ty> = &[$((stringify!($f), |r| &r.$f, |r| &mut r.$f)),*];
    };
}

fields!(QUALITY_TEXT: String => calendar, person, role, owner, owner_found_by, zone, zone_from,
    hours, hours_from, coverage_first, coverage_last, coverage_from, analysed_first,
    analysed_last, unknown_zones, note);
fields!(QUALITY_COUNTS: usize => events, occurrences, left_out_before, left_out_after,
    not_theirs, duplicates, skipped, warnings);

/// One table, read column by column with its kind named in every error.
struct Cols {
    df: DataFrame,
    table: &'static str,
}

impl Cols {
    fn bad(&self, column: &str, problem: impl ToString) -> PartialError {
        PartialError::Bad {
            table: self.table,
            column: column.to_string(),
            problem: problem.to_string(),
        }
    }

    fn text(&self, name: &str) -> Result<Vec<Option<&str>>> {
        Ok(self.df.column(name)?.str()?.iter().collect())
    }

    /// A text column without nulls.
    fn strings(&self, name: &str) -> Result<Vec<&str>> {
        let v = self.text(name)?;
        v.into_iter()
            .map(|s| s.ok_or_else(|| self.bad(name, "empty value")))
            .collect()
    }

    fn ints(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let c = self.df.column(name)?.cast(&DataType::Int64)?;
        Ok(c.i64()?.iter().collect())
    }

    /// An integer column without nulls.
    fn counts(&self, name: &str) -> Result<Vec<i64>> {
        let v = self.ints(name)?;
        v.into_iter()
            .map(|s| s.ok_or_else(|| self.bad(name, "empty value")))
            .collect()
    }

    fn flags(&self, name: &str) -> Result<Vec<bool>> {
        Ok(self
            .df
            .column(name)?
            .bool()?
            .iter()
            .map(|b| b == Some(true))
            .collect())
    }

    fn floats(&self, name: &str) -> Result<Vec<f64>> {
        let c = self.df.column(name)?.cast(&DataType::Float64)?;
        Ok(c.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
    }

    fn dates(&self, name: &str) -> Result<Vec<NaiveDate>> {
        let v = self.strings(name)?;
        v.into_iter().map(|s| self.date(name, s)).collect()
    }

    fn date(&self, name: &str, s: &str) -> Result<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| self.bad(name, e))
    }

    fn times(&self, name: &str) -> Result<Vec<DateTime<Utc>>> {
        let v = self.counts(name)?;
        v.into_iter().map(|t| self.time(name, t)).collect()
    }

    fn time(&self, name: &str, t: i64) -> Result<DateTime<Utc>> {
        DateTime::from_timestamp(t, 0).ok_or_else(|| self.bad(name, "time out of range"))
    }

    /// The index of each row's person among `people`.
    fn owners(&self, people: &FxHashMap<&str, usize>) -> Result<Vec<usize>> {
        let v = self.strings("person")?;
        v.into_iter()
            .map(|p| {
                people
                    .get(p)
                    .copied()
                    .ok_or_else(|| self.bad("person", format!("{p} is not in the person table")))
            })
            .collect()
    }
}

/// The partials (in the person table's row order) and the data-quality rows,
/// from the table of each kind that `load` gives (each kind's chunks
/// concatenated in order). One kind is in memory at a time beside the
/// partials: each table is dropped once read.
pub fn from_tables(
    mut load: impl FnMut(&'static str) -> Result<DataFrame>,
) -> Result<(Vec<PersonPartial>, Vec<QualityRow>)> {
    let mut get = |kind: &'static str| -> Result<Cols> {
        Ok(Cols {
            df: load(kind)?,
            table: kind,
        })
    };
    let mut parts = persons(&get("person")?)?;
    let ids: Vec<Arc<str>> = parts.iter().map(|p| p.meta.id.clone()).collect();
    let index: FxHashMap<&str, usize> = ids.iter().enumerate().map(|(i, p)| (&**p, i)).collect();
    attributes(&get("person_attribute")?, &index, &mut parts)?;
    person_days(&get("person_day")?, &index, &mut parts)?;
    // text shared across people, as the map shares it
    let shared = Interned::default();
    let events = events(&get("meeting_event")?, &index, parts.len(), &shared)?;
    copies(&get("meeting_copy")?, &index, &events, &shared, &mut parts)?;
    focus(&get("focus_series")?, &index, &mut parts)?;
    busy(&get("busy")?, &get("day_off")?, &index, &mut parts)?;
    heatmap(&get("heatmap")?, &index, &mut parts)?;
    let quality = quality(&get("data_quality")?)?;
    Ok((parts, quality))
}

fn persons(t: &Cols) -> Result<Vec<PersonPartial>> {
    let (ids, owners, zones) = (t.strings("person")?, t.text("owner")?, t.strings("zone")?);
    let (starts, ends, days) = (
        t.strings("work_start")?,
        t.strings("work_end")?,
        t.strings("work_days")?,
    );
    let (first, last) = (t.text("analysed_first")?, t.text("analysed_last")?);
    let masks = t.strings("hours_mask")?;
    let burden = [
        "burden_meetings",
        "burden_meeting_min",
        "burden_before_min",
        "burden_after_min",
        "burden_off_day_min",
        "burden_outside",
    ]
    .map(|c| t.counts(c));
    let [b0, b1, b2, b3, b4, b5] = burden;
    let (b0, b1, b2, b3, b4, b5) = (b0?, b1?, b2?, b3?, b4?, b5?);
    let clock =
        |s: &str| NaiveTime::parse_from_str(s, "%H:%M:%S").map_err(|e| t.bad("work_start", e));
    (0..ids.len())
        .map(|i| {
            let analysed = match (first[i], last[i]) {
                (Some(a), Some(b)) => {
                    Some((t.date("analysed_first", a)?, t.date("analysed_last", b)?))
                }
                _ => None,
            };
            let meta = PersonMeta {
                id: ids[i].into(),
                owner: owners[i].map(str::to_string),
                zone: zones[i].parse().map_err(|_| t.bad("zone", zones[i]))?,
                hours: WorkingHours {
                    start: clock(starts[i])?,
                    end: clock(ends[i])?,
                    days: bit_array(days[i]).ok_or_else(|| t.bad("work_days", days[i]))?,
                },
                analysed,
                attributes: Default::default(),
            };
            Ok(PersonPartial {
                meta,
                person_days: Vec::new(),
                focus: Default::default(),
                meetings: Vec::new(),
                declined: Vec::new(),
                other_busy: Vec::new(),
                days_off: Default::default(),
                burden: Burden {
                    meetings: b0[i] as usize,
                    meeting_min: b1[i],
                    before_min: b2[i],
                    after_min: b3[i],
                    off_day_min: b4[i],
                    outside: b5[i] as usize,
                },
                hours_mask: bit_array(masks[i]).ok_or_else(|| t.bad("hours_mask", masks[i]))?,
                heatmap: [[0.0; 24]; 7],
            })
        })
        .collect()
}

/// `N` characters `0`/`1` as booleans.
fn bit_array<const N: usize>(s: &str) -> Option<[bool; N]> {
    let v: Vec<bool> = s.chars().map(|c| c == '1').collect();
    v.try_into().ok()
}

fn attributes(t: &Cols, index: &FxHashMap<&str, usize>, parts: &mut [PersonPartial]) -> Result<()> {
    let (who, cols, vals) = (t.owners(index)?, t.strings("column")?, t.strings("value")?);
    for i in 0..who.len() {
        parts[who[i]]
            .meta
            .attributes
            .insert(cols[i].to_string(), vals[i].to_string());
    }
    Ok(())
}

fn person_days(
    t: &Cols,
    index: &FxHashMap<&str, usize>,
    parts: &mut [PersonPartial],
) -> Result<()> {
    let (who, dates, off) = (t.owners(index)?, t.dates("date")?, t.flags("day_off")?);
    let n = |c: &str| t.counts(c);
    let (working, workday, meeting, raw) = (
        n("working_min")?,
        n("workday_min")?,
        n("meeting_min")?,
        n("meeting_raw_min")?,
    );
    let (double, inside, after, meetings) = (
        n("double_booked_min")?,
        n("meeting_in_hours_min")?,
        n("meeting_after_hours_min")?,
        n("meetings")?,
    );
    let (status, chains, longest, busy) = (
        n("status_meeting_min")?,
        n("back_to_back_chains")?,
        n("longest_chain")?,
        n("busy_in_hours_min")?,
    );
    let (focus, focus_1h, fragmented) = (n("focus_min")?, n("focus_1h_min")?, n("fragmented_min")?);
    let (largest, weekend) = (n("largest_free_min")?, n("weekend_meeting_min")?);
    for i in 0..who.len() {
        let p = &mut parts[who[i]];
        p.person_days.push(PersonDay {
            person: p.meta.id.clone(),
            date: dates[i],
            working_min: working[i],
            workday_min: workday[i],
            day_off: off[i],
            meeting_min: meeting[i],
            meeting_raw_min: raw[i],
            double_booked_min: double[i],
            meeting_in_hours_min: inside[i],
            meeting_after_hours_min: after[i],
            meetings: meetings[i] as u32,
            status_meeting_min: status[i],
            back_to_back_chains: chains[i] as u32,
            longest_chain: longest[i] as u32,
            busy_in_hours_min: busy[i],
            focus_min: focus[i],
            focus_1h_min: focus_1h[i],
            fragmented_min: fragmented[i],
            largest_free_min: largest[i],
            weekend_meeting_min: weekend[i],
        });
    }
    Ok(())
}

/// Each person's events, by their number (see the meeting_event table).
fn events(
    t: &Cols,
    index: &FxHashMap<&str, usize>,
    people: usize,
    shared: &Interned,
) -> Result<Vec<Vec<Arc<CopyEvent>>>> {
    let (who, ids) = (t.owners(index)?, t.counts("event")?);
    let (uids, titles, organizers) = (t.strings("uid")?, t.strings("title")?, t.text("organizer")?);
    let invited = invited(t, shared)?;
    let n = |c: &str| t.counts(c);
    let (invitees, declined, tentative) = (n("invitees")?, n("declined")?, n("tentative")?);
    let (accepted, no_answer, answered) = (n("accepted")?, n("no_answer")?, n("answered")?);
    let (org_declined, agenda) = (t.flags("organizer_declined")?, t.flags("has_agenda")?);
    let (recurring, has_end) = (t.flags("recurring")?, t.flags("has_end")?);
    let (series_start, created) = (t.ints("series_start_unix")?, t.ints("created_unix")?);
    let when = |c: &str, v: Option<i64>| v.map(|s| t.time(c, s)).transpose();
    let mut out: Vec<Vec<Arc<CopyEvent>>> = vec![Vec::new(); people];
    for (i, invited) in invited.into_iter().enumerate() {
        let list = &mut out[who[i]];
        if ids[i] != list.len() as i64 {
            return Err(t.bad(
                "event",
                format!("{} is not the next number, {}", ids[i], list.len()),
            ));
        }
        list.push(Arc::new(CopyEvent {
            uid: shared.str(uids[i]),
            title: shared.str(titles[i]),
            organizer: organizers[i].map(|o| shared.str(o)),
            invited,
            invitees: invitees[i] as usize,
            declined: declined[i] as usize,
            tentative: tentative[i] as usize,
            accepted: accepted[i] as usize,
            no_answer: no_answer[i] as usize,
            answered: answered[i] as usize,
            organizer_declined: org_declined[i],
            has_agenda: agenda[i],
            recurring: recurring[i],
            has_end: has_end[i],
            series_start: when("series_start_unix", series_start[i])?,
            created: when("created_unix", created[i])?,
        }));
    }
    Ok(out)
}

fn copies(
    t: &Cols,
    index: &FxHashMap<&str, usize>,
    events: &[Vec<Arc<CopyEvent>>],
    shared: &Interned,
    parts: &mut [PersonPartial],
) -> Result<()> {
    let (who, attended, ids) = (t.owners(index)?, t.flags("attended")?, t.counts("event")?);
    let (starts, ends, dates) = (
        t.times("start_unix")?,
        t.times("end_unix")?,
        t.dates("date")?,
    );
    let (series, kinds) = (t.strings("series")?, t.strings("kind")?);
    let focus = t.counts("focus_min")?;
    for i in 0..who.len() {
        let event = usize::try_from(ids[i])
            .ok()
            .and_then(|e| events[who[i]].get(e));
        let copy = MeetingCopy {
            start: starts[i],
            end: ends[i],
            date: dates[i],
            series: shared.str(series[i]),
            kind: kind(kinds[i]).ok_or_else(|| t.bad("kind", kinds[i]))?,
            event: event
                .ok_or_else(|| t.bad("event", format!("no event {}", ids[i])))?
                .clone(),
            focus_min: focus[i],
        };
        let p = &mut parts[who[i]];
        if attended[i] {
            p.meetings.push(copy)
        } else {
            p.declined.push(copy)
        }
    }
    Ok(())
}

/// Each event's invited addresses (a list of text), one `Arc` per
/// distinct address.
fn invited(t: &Cols, shared: &Interned) -> Result<Vec<Arc<[Arc<str>]>>> {
    let lists = t.df.column("invited")?.list()?;
    let mut out = Vec::with_capacity(lists.len());
    for list in lists.amortized_iter() {
        let addresses: Vec<Arc<str>> = match list {
            Some(l) => l
                .as_ref()
                .str()?
                .iter()
                .flatten()
                .map(|a| shared.str(a))
                .collect(),
            None => Vec::new(),
        };
        out.push(shared.list(&addresses));
    }
    Ok(out)
}

/// The kind written as its label.
fn kind(label: &str) -> Option<Kind> {
    const ALL: [Kind; 15] = [
        Kind::Incident,
        Kind::Interview,
        Kind::Performance,
        Kind::OneOnOne,
        Kind::StandUp,
        Kind::AllHands,
        Kind::Planning,
        Kind::Brainstorm,
        Kind::Decision,
        Kind::Review,
        Kind::Customer,
        Kind::Training,
        Kind::Social,
        Kind::Status,
        Kind::Other,
    ];
    ALL.into_iter().find(|k| k.as_str() == label)
}

fn focus(series: &Cols, index: &FxHashMap<&str, usize>, parts: &mut [PersonPartial]) -> Result<()> {
    let (who, keys, minutes) = (
        series.owners(index)?,
        series.strings("series")?,
        series.counts("focus_min")?,
    );
    for i in 0..who.len() {
        *parts[who[i]].focus.entry(keys[i].into()).or_default() += minutes[i];
    }
    Ok(())
}

fn busy(
    busy: &Cols,
    off: &Cols,
    index: &FxHashMap<&str, usize>,
    parts: &mut [PersonPartial],
) -> Result<()> {
    let (who, starts, ends) = (
        busy.owners(index)?,
        busy.times("start_unix")?,
        busy.times("end_unix")?,
    );
    for i in 0..who.len() {
        parts[who[i]].other_busy.push((starts[i], ends[i]));
    }
    let (who, dates) = (off.owners(index)?, off.dates("date")?);
    for i in 0..who.len() {
        parts[who[i]].days_off.insert(dates[i]);
    }
    Ok(())
}

fn heatmap(t: &Cols, index: &FxHashMap<&str, usize>, parts: &mut [PersonPartial]) -> Result<()> {
    let (who, days, hours, values) = (
        t.owners(index)?,
        t.counts("weekday")?,
        t.counts("hour")?,
        t.floats("meeting_h")?,
    );
    for i in 0..who.len() {
        let cell = usize::try_from(days[i])
            .ok()
            .zip(usize::try_from(hours[i]).ok());
        let Some((d, h)) = cell.filter(|(d, h)| *d < 7 && *h < 24) else {
            return Err(t.bad("weekday", format!("no cell {} {}", days[i], hours[i])));
        };
        parts[who[i]].heatmap[d][h] += values[i];
    }
    Ok(())
}

fn quality(t: &Cols) -> Result<Vec<QualityRow>> {
    let mut rows = vec![QualityRow::default(); t.df.height()];
    for (name, _, set) in QUALITY_TEXT {
        for (row, v) in rows.iter_mut().zip(t.text(name)?) {
            *set(row) = v.unwrap_or_default().to_string();
        }
    }
    for (name, _, set) in QUALITY_COUNTS {
        for (row, v) in rows.iter_mut().zip(t.counts(name)?) {
            *set(row) = v as usize;
        }
    }
    for (row, v) in rows.iter_mut().zip(t.flags("no_attendee_data")?) {
        row.no_attendee_data = v;
    }
    for (row, v) in rows.iter_mut().zip(t.counts("malformed")?) {
        row.excluded.malformed = v as usize;
    }
    for rule in Rule::ALL {
        let n = t.counts(&format!("{}_n", rule.as_str()))?;
        let min = t.counts(&format!("{}_min", rule.as_str()))?;
        for (i, row) in rows.iter_mut().enumerate() {
            set_rule(&mut row.excluded, rule, n[i] as usize, min[i]);
        }
    }
    Ok(rows)
}

fn set_rule(e: &mut Exclusions, rule: Rule, n: usize, min: i64) {
    e.count[rule as usize] = n;
    e.minutes[rule as usize] = min;
}

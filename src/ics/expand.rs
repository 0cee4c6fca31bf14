//! One series (a master VEVENT and its overrides) to concrete occurrences in
//! a window: RRULEs, RDATEs (dates, times and periods), EXDATEs, DTSTART as
//! the first instance, RECURRENCE-ID overrides (moved, retimed, cancelled,
//! RANGE=THISANDFUTURE), and the end of each instance.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use super::convert::{Converter, Window};
use super::parse::{RDate, RawEvent};
use super::recur::{expand_naive, has_end};
use super::tz::Zone;
use super::values::{Dur, RawTime};
use crate::model::{EventInfo, InstanceKey, Occurrence, Span};

/// At most this many instances of one series are generated (window included).
pub const MAX_INSTANCES: usize = 100_000;

/// How long each instance lasts.
#[derive(Debug, Clone, Copy)]
enum Length {
    /// DTEND - DTSTART of a timed event: the same exact duration everywhere.
    Exact(Duration),
    /// DURATION: days nominal (same wall-clock time), the rest exact (§3.3.6).
    Nominal(Dur),
    /// All-day: whole days.
    Days(i64),
}

/// The anchor of a series: where its instances are computed.
struct Anchor {
    all_day: bool,
    zone: Zone,
    /// DTSTART in wall-clock time of `zone` (midnight for a date).
    local: NaiveDateTime,
    length: Length,
}

/// One instance before it becomes an occurrence.
#[derive(Debug, Clone)]
struct Instance {
    span: Span,
    event: Arc<EventInfo>,
}

/// Expands one series. `master` may be missing (overrides sent alone).
pub fn expand_series(
    master: Option<&RawEvent>,
    overrides: &[&RawEvent],
    conv: &mut Converter,
    window: &Window,
    out: &mut Vec<Occurrence>,
) {
    let mut instances: BTreeMap<InstanceKey, Instance> = BTreeMap::new();
    let mut anchor = None;
    if let Some(m) = master {
        if let Some(a) =
            m.dtstart
                .as_ref()
                .map(|t| conv.anchor_of(t))
                .map(|(all_day, zone, local)| Anchor {
                    all_day,
                    length: length_of(m, all_day, &zone, conv),
                    zone,
                    local,
                })
        {
            let info = m.info.clone();
            generate(m, &a, &info, conv, window, &mut instances);
            anchor = Some(a);
        }
    }
    // of two overrides for one instance the higher SEQUENCE wins: apply it last
    let mut ordered = overrides.to_vec();
    ordered.sort_by_key(|o| o.sequence);
    for ov in ordered {
        apply_override(
            ov,
            master.map(|m| m.sequence),
            anchor.as_ref(),
            conv,
            &mut instances,
        );
    }
    let recurring = master.is_some_and(|m| !m.rrules.is_empty() || !m.rdates.is_empty())
        || !overrides.is_empty();
    for (key, inst) in instances {
        if window.overlaps(&inst.span) {
            out.push(Occurrence {
                event: inst.event,
                recurrence_id: recurring.then_some(key),
                span: inst.span,
            });
        }
    }
}

fn length_of(ev: &RawEvent, all_day: bool, zone: &Zone, conv: &mut Converter) -> Length {
    match (&ev.dtend, ev.duration, all_day) {
        (Some(end), _, true) => {
            Length::Days((end.naive().date() - ev_start_date(ev)).num_days().max(0))
        }
        // DATE with an hour DURATION (invalid, §3.8.2.5): whole days, at least one
        (None, Some(d), true) => Length::Days((d.days + (d.seconds + 86_399) / 86_400).max(1)),
        (None, None, true) => Length::Days(1),
        (Some(end), _, false) => {
            let start = ev.dtstart.as_ref().map(|s| conv.utc_of(s, zone));
            let end = conv.utc_of(end, zone);
            Length::Exact(start.map_or(Duration::zero(), |s| (end - s).max(Duration::zero())))
        }
        (None, Some(d), false) => Length::Nominal(d),
        // §3.6.1: a DATE-TIME start alone ends when it starts; analysis does
        // not count a zero-length event as a meeting, and says so here
        (None, None, false) => {
            conv.quality.warn(
                ev.line,
                format!(
                    "VEVENT `{}`: no DTEND or DURATION: zero length, not counted as a meeting",
                    ev.uid
                ),
            );
            Length::Exact(Duration::zero())
        }
    }
}

fn ev_start_date(ev: &RawEvent) -> NaiveDate {
    ev.dtstart
        .as_ref()
        .map_or(NaiveDate::MIN, |s| s.naive().date())
}

/// The span of an instance starting at wall-clock `local`.
fn span_at(a: &Anchor, local: NaiveDateTime, length: Length) -> Span {
    if a.all_day {
        let start = local.date();
        let days = match length {
            Length::Days(d) => d,
            Length::Nominal(d) => d.days,
            Length::Exact(d) => d.num_days(),
        };
        let end = Duration::try_days(days.max(0))
            .and_then(|d| start.checked_add_signed(d))
            .unwrap_or(start);
        return Span::AllDay { start, end };
    }
    let start = a.zone.to_utc(local);
    let end = match length {
        Length::Exact(d) => start.checked_add_signed(d),
        Length::Nominal(d) => Duration::try_days(d.days)
            .and_then(|days| local.checked_add_signed(days))
            .and_then(|l| {
                a.zone
                    .to_utc(l)
                    .checked_add_signed(Duration::seconds(d.seconds))
            }),
        Length::Days(d) => Duration::try_days(d).and_then(|d| start.checked_add_signed(d)),
    };
    Span::Timed {
        start,
        end: end.unwrap_or(start).max(start),
    }
}

fn key_of(span: &Span) -> InstanceKey {
    match span {
        Span::Timed { start, .. } => InstanceKey::Timed(*start),
        Span::AllDay { start, .. } => InstanceKey::Date(*start),
    }
}

/// DTSTART, RRULE and RDATE instances minus EXDATEs.
fn generate(
    m: &RawEvent,
    a: &Anchor,
    info: &Arc<EventInfo>,
    conv: &mut Converter,
    window: &Window,
    into: &mut BTreeMap<InstanceKey, Instance>,
) {
    let mut starts: Vec<(NaiveDateTime, Option<Length>)> = vec![(a.local, None)];
    let zone = a.zone.clone();
    let to_local = |utc: NaiveDateTime| utc + Duration::seconds(zone.offset_at(utc).into());
    for rule in &m.rrules {
        let limit = window.local_limit(!has_end(rule));
        match expand_naive(rule, a.local, limit, MAX_INSTANCES, &to_local) {
            Ok(e) => {
                if e.truncated {
                    conv.quality.warn(
                        m.line,
                        format!("series `{}` cut at {MAX_INSTANCES} instances", m.uid),
                    );
                }
                starts.extend(e.starts.into_iter().map(|s| (s, None)));
            }
            Err(e) => conv.quality.skip(m.line, e),
        }
    }
    for rd in &m.rdates {
        starts.push(rdate_instance(rd, a, conv));
    }
    let (ex_times, ex_dates) = exdates(m, a, conv);
    for (local, own_length) in starts {
        let span = span_at(a, local, own_length.unwrap_or(a.length));
        let key = key_of(&span);
        let excluded = match key {
            InstanceKey::Timed(t) => {
                ex_times.contains(&t) || ex_dates.contains(&a.zone.to_local(t).date())
            }
            InstanceKey::Date(d) => ex_dates.contains(&d),
        };
        if !excluded && into.len() < MAX_INSTANCES {
            into.insert(
                key,
                Instance {
                    span,
                    event: info.clone(),
                },
            );
        }
    }
}

fn rdate_instance(rd: &RDate, a: &Anchor, conv: &mut Converter) -> (NaiveDateTime, Option<Length>) {
    let local = |t: &RawTime, conv: &mut Converter| match t {
        RawTime::Date(d) => d.and_time(a.local.time()),
        other => a.zone.to_local(conv.utc_of(other, &a.zone)),
    };
    match rd {
        RDate::At(t) => (local(t, conv), None),
        RDate::PeriodDuration(t, d) => (local(t, conv), Some(Length::Nominal(*d))),
        RDate::PeriodEnd(s, e) => {
            let length = (conv.utc_of(e, &a.zone) - conv.utc_of(s, &a.zone)).max(Duration::zero());
            (local(s, conv), Some(Length::Exact(length)))
        }
    }
}

fn exdates(
    m: &RawEvent,
    a: &Anchor,
    conv: &mut Converter,
) -> (HashSet<DateTime<Utc>>, HashSet<NaiveDate>) {
    let mut times = HashSet::new();
    let mut dates = HashSet::new();
    for ex in &m.exdates {
        match ex {
            RawTime::Date(d) => {
                dates.insert(*d);
            }
            // a date-time EXDATE of an all-day series names the day as written (Exchange)
            other if a.all_day => {
                dates.insert(other.naive().date());
            }
            other => {
                times.insert(conv.utc_of(other, &a.zone));
            }
        }
    }
    (times, dates)
}

/// Replaces the instance an override names (or adds it when the rule does not
/// produce it); THISANDFUTURE also moves every later instance. An override
/// older (SEQUENCE) than its master, for an instance the master no longer
/// has, belongs to an earlier version of the series and is dropped.
fn apply_override(
    ov: &RawEvent,
    master_sequence: Option<i64>,
    anchor: Option<&Anchor>,
    conv: &mut Converter,
    instances: &mut BTreeMap<InstanceKey, Instance>,
) {
    let Some(rid) = ov.recurrence_id.as_ref() else {
        return;
    };
    let fallback = conv.calendar_zone();
    let zone = anchor.map_or(fallback, |a| a.zone.clone());
    let key = match (rid, anchor.is_some_and(|a| a.all_day)) {
        (RawTime::Date(d), _) => InstanceKey::Date(*d),
        // Exchange writes RECURRENCE-ID;TZID=...:20200416T000000 for all-day series: the day as written
        (other, true) => InstanceKey::Date(other.naive().date()),
        (other, false) => InstanceKey::Timed(conv.utc_of(other, &zone)),
    };
    if master_sequence.is_some_and(|s| ov.sequence < s) && !instances.contains_key(&key) {
        conv.quality.warn(
            ov.line,
            format!(
                "override of `{}` from an older version of the series: dropped",
                ov.uid
            ),
        );
        return;
    }
    // an override without DTSTART keeps its original time
    let (all_day, ov_zone, local) = conv.anchor_of(ov.dtstart.as_ref().unwrap_or(rid));
    let ov_anchor = Anchor {
        all_day,
        length: Length::Exact(Duration::zero()),
        zone: ov_zone,
        local,
    };
    let length = inherited_length(ov, &ov_anchor, anchor, conv);
    let info = ov.info.clone();
    let span = span_at(&ov_anchor, local, length);
    if ov.this_and_future {
        shift_future(key, &span, length, &info, anchor, instances);
    }
    instances.insert(key, Instance { span, event: info });
}

/// An override without DTEND/DURATION keeps the master's length.
fn inherited_length(
    ov: &RawEvent,
    own: &Anchor,
    master: Option<&Anchor>,
    conv: &mut Converter,
) -> Length {
    if ov.dtend.is_none() && ov.duration.is_none() {
        if let Some(m) = master {
            return m.length;
        }
    }
    length_of(ov, own.all_day, &own.zone, conv)
}

fn shift_future(
    key: InstanceKey,
    span: &Span,
    length: Length,
    info: &Arc<EventInfo>,
    anchor: Option<&Anchor>,
    instances: &mut BTreeMap<InstanceKey, Instance>,
) {
    let (InstanceKey::Timed(orig), Span::Timed { start, .. }, Some(a)) = (key, span, anchor) else {
        return;
    };
    let delta = *start - orig;
    let later: Vec<InstanceKey> = instances
        .range(key..)
        .map(|(k, _)| *k)
        .filter(|k| *k != key)
        .collect();
    for k in later {
        if let InstanceKey::Timed(t) = k {
            let local = a.zone.to_local(t + delta);
            let shifted = Anchor {
                all_day: false,
                zone: a.zone.clone(),
                local,
                length,
            };
            instances.insert(
                k,
                Instance {
                    span: span_at(&shifted, local, length),
                    event: info.clone(),
                },
            );
        }
    }
}

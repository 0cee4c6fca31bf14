//! One series (a master VEVENT and its overrides) to concrete occurrences in
//! a window: RRULEs, RDATEs (dates, times and periods), EXDATEs, DTSTART as
//! the first instance, RECURRENCE-ID overrides (moved, retimed, cancelled,
//! RANGE=THISANDFUTURE), and the end of each instance.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use super::budget::Budget;
use super::convert::{Converter, Window};
use super::generate::{generate, is_lone, lone};
use super::instances::Instances;
use super::parse::RawEvent;
use super::tz::Zone;
use super::utc_memo::within_day;
use super::values::{Dur, RawTime};
use crate::model::{EventInfo, InstanceKey, Occurrence, Span};

/// How long each instance lasts.
#[derive(Debug, Clone, Copy)]
pub(super) enum Length {
    /// DTEND - DTSTART of a timed event: the same exact duration everywhere.
    Exact(Duration),
    /// DURATION: days nominal (same wall-clock time), the rest exact (§3.3.6).
    Nominal(Dur),
    /// All-day: whole days.
    Days(i64),
}

/// The anchor of a series: where its instances are computed.
pub(super) struct Anchor {
    pub all_day: bool,
    pub zone: Zone,
    /// DTSTART in wall-clock time of `zone` (midnight for a date).
    pub local: NaiveDateTime,
    pub length: Length,
}

/// One instance before it becomes an occurrence.
#[derive(Debug, Clone)]
pub(super) struct Instance {
    pub span: Span,
    pub event: Arc<EventInfo>,
}

/// Expands one series within the budget. `master` may be missing (overrides
/// sent alone); `known` is its span when the importer worked it out (a
/// timed DTSTART and DTEND converted as [`length_of`] and [`span_at`]
/// convert them), which a lone event takes as it is.
pub fn expand_series(
    (master, known): (Option<&RawEvent>, Option<Span>),
    overrides: &[&RawEvent],
    conv: &mut Converter,
    window: &Window,
    budget: &mut Budget,
    out: &mut Vec<Occurrence>,
) {
    let mut instances = Instances::default();
    let mut anchor = None;
    if let Some((m, span)) = master.zip(known).filter(|_| overrides.is_empty()) {
        if is_lone(m) {
            let kept = lone(m, || span, shared_info(m), (conv, &*budget));
            keep_lone(kept, window, budget, out);
            return;
        }
    }
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
            let info = shared_info(m);
            if overrides.is_empty() && is_lone(m) {
                let kept = lone(m, || span_at(&a, a.local, a.length), info, (conv, &*budget));
                keep_lone(kept, window, budget, out);
                return;
            }
            generate(m, &a, &info, (&mut *conv, window, &*budget), &mut instances);
            anchor = Some(a);
        }
    }
    // of two overrides for one instance the higher SEQUENCE wins: apply it last
    let mut ordered = overrides.to_vec();
    ordered.sort_by_key(|o| o.sequence);
    for ov in ordered {
        apply_override(ov, anchor.as_ref(), conv, &mut instances);
    }
    let recurring = master.is_some_and(|m| !m.rrules.is_empty() || !m.rdates.is_empty())
        || !overrides.is_empty();
    let before = out.len();
    for (key, inst) in instances.into_sorted() {
        if window.overlaps(&inst.span) {
            out.push(Occurrence {
                event: inst.event,
                recurrence_id: recurring.then_some(key),
                span: inst.span,
            });
        }
    }
    budget.spend(out.len() - before);
}

/// The occurrence of a lone event's instance, when in the window: a lone
/// event is not recurring, so it has no RECURRENCE-ID.
fn keep_lone(
    instance: Option<Instance>,
    window: &Window,
    budget: &mut Budget,
    out: &mut Vec<Occurrence>,
) {
    let kept = instance
        .filter(|inst| window.overlaps(&inst.span))
        .map(|inst| Occurrence {
            event: inst.event,
            recurrence_id: None,
            span: inst.span,
        });
    budget.spend(usize::from(kept.is_some()));
    out.extend(kept);
}

/// What the instances of `ev` share: [`super::import`] builds it for every
/// event before expanding; an event without it shares the empty one.
fn shared_info(ev: &RawEvent) -> Arc<EventInfo> {
    ev.info.clone().unwrap_or_default()
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
            // a master's start was converted for its info, in the same zone
            // (floating times in the calendar's, which is then `zone`)
            let known = ev.info.as_ref().and_then(|i| i.series_start);
            let start = ev
                .dtstart
                .as_ref()
                .map(|s| known.unwrap_or_else(|| conv.utc_of(s, zone)));
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
                    ev.uid()
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
pub(super) fn span_at(a: &Anchor, local: NaiveDateTime, length: Length) -> Span {
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
        Length::Exact(d) => exact_end(start, d),
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

/// `start` plus `length` (`None` past chrono's range): within the day for
/// a length of whole seconds that ends the day it starts (most meetings),
/// else by chrono's arithmetic, which cost 87 instructions a span
/// (callgrind, analyze of the first 200 bench calendars, 1 thread: span_at
/// 89.4 -> 80.2 M).
fn exact_end(start: DateTime<Utc>, length: Duration) -> Option<DateTime<Utc>> {
    (length.subsec_nanos() == 0)
        .then(|| within_day(start.naive_utc(), length.num_seconds()))
        .flatten()
        .map(|end| end.and_utc())
        .or_else(|| start.checked_add_signed(length))
}

pub(super) fn key_of(span: &Span) -> InstanceKey {
    match span {
        Span::Timed { start, .. } => InstanceKey::Timed(*start),
        Span::AllDay { start, .. } => InstanceKey::Date(*start),
    }
}

/// Replaces the instance an override names, or adds it when the master does
/// not produce it (any more): such an orphan override is shown by Outlook and
/// Lightning, so it is kept (docs/corpus-differences.md). THISANDFUTURE also
/// moves every later instance.
fn apply_override(
    ov: &RawEvent,
    anchor: Option<&Anchor>,
    conv: &mut Converter,
    instances: &mut Instances,
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
    // an override without DTSTART keeps its original time
    let (all_day, ov_zone, local) = conv.anchor_of(ov.dtstart.as_ref().unwrap_or(rid));
    let ov_anchor = Anchor {
        all_day,
        length: Length::Exact(Duration::zero()),
        zone: ov_zone,
        local,
    };
    let length = inherited_length(ov, &ov_anchor, anchor, conv);
    let info = shared_info(ov);
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
    instances: &mut Instances,
) {
    let (InstanceKey::Timed(orig), Span::Timed { start, .. }, Some(a)) = (key, span, anchor) else {
        return;
    };
    let delta = *start - orig;
    for k in instances.keys_after(key) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_end_is_chronos_sum() {
        let day = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let starts = [(0, 0), (9 * 3600, 0), (86_399, 0), (3600, 500)];
        let lengths = [0, 1, 1800, 3600 * 15, 86_399, 86_400, 200_000, -60];
        for (second, nanos) in starts {
            let start =
                day.and_hms_nano_opt(0, 0, 0, nanos).unwrap().and_utc() + Duration::seconds(second);
            for seconds in lengths {
                for length in [
                    Duration::seconds(seconds),
                    Duration::seconds(seconds) + Duration::nanoseconds(7),
                ] {
                    assert_eq!(
                        exact_end(start, length),
                        start.checked_add_signed(length),
                        "{start} {length}"
                    );
                }
            }
        }
        let last = DateTime::<Utc>::MAX_UTC;
        assert_eq!(exact_end(last, Duration::seconds(1)), None);
    }
}

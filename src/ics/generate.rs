//! The instances a master VEVENT produces by itself: DTSTART, every RRULE and
//! RDATE, minus EXDATEs, within the window and the occurrence budget.
//!
//! Each RRULE is checked before it is expanded ([`read_rule`](super::rule::read_rule)); a rule that
//! cannot be used is reported with its own line and the series keeps its
//! other instances. Whatever a budget or the pass-over limit cuts is a
//! warning with the line of the rule (or of the event).

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rustc_hash::FxHashSet;

use super::budget::{Budget, Limit, PASS_OVER_PER_CALENDAR};
use super::convert::{Converter, Window};
use super::expand::{key_of, span_at, Anchor, Instance, Length};
use super::instances::Instances;
use super::parse::{RDate, RawEvent, RuleLine};
use super::recur::{expand, Bounds, Expansion, MAX_PASSED_OVER};
use super::rscale;
use super::rule::Skip;
use super::values::RawTime;
use crate::model::{EventInfo, InstanceKey, Span};

/// Where one instance starts, how long it lasts when not the series' length,
/// and whether it is all-day (a timed RDATE of an all-day series is not).
struct Start {
    local: NaiveDateTime,
    length: Option<Length>,
    all_day: bool,
}

/// DTSTART, RRULE and RDATE instances minus EXDATEs, at most what the budget allows.
pub(super) fn generate(
    m: &RawEvent,
    a: &Anchor,
    info: &Arc<EventInfo>,
    (conv, window, budget): (&mut Converter, &Window, &Budget),
    into: &mut Instances,
) {
    let (allowed, which) = budget.allowance();
    let (instants, mut cut) = rule_starts(m, a, allowed, (conv, window, budget));
    let rule_starts = instants.into_iter().map(|local| Start {
        local,
        length: None,
        all_day: a.all_day,
    });
    // RDATEs are read (and their zones resolved) before the EXDATEs, as always
    let rdates: Vec<Start> = m
        .rdates
        .iter()
        .map(|rd| rdate_instance(rd, a, conv))
        .collect();
    let (ex_times, ex_dates) = exdates(m, a, conv);
    into.reserve((rule_starts.len() + rdates.len()).min(allowed));
    for start in rule_starts.chain(rdates) {
        if into.len() >= allowed {
            cut = true;
            break;
        }
        let span = span_of(a, &start);
        let key = key_of(&span);
        // the local date is only worked out when a date is excluded (rarely)
        let excluded = match key {
            InstanceKey::Timed(t) => {
                ex_times.contains(&t)
                    || (!ex_dates.is_empty() && ex_dates.contains(&a.zone.to_local(t).date()))
            }
            InstanceKey::Date(d) => ex_dates.contains(&d),
        };
        if !excluded {
            let event = info.clone();
            into.insert(key, Instance { span, event });
        }
    }
    if cut && budget.report(which) {
        warn_cut(m, budget, which, conv);
    }
}

/// DTSTART and the distinct instants of every RRULE (several rules often
/// repeat each other), at most `allowed`, in order; and whether a rule was cut.
/// A rule's instants come in order from DTSTART on, so the vector they are
/// appended to is nearly always sorted already (a sort checks that in one
/// pass); a `BTreeSet` of them cost a tree insertion per instant.
fn rule_starts(
    m: &RawEvent,
    a: &Anchor,
    allowed: usize,
    (conv, window, budget): (&mut Converter, &Window, &Budget),
) -> (Vec<NaiveDateTime>, bool) {
    let mut instants = vec![a.local];
    let mut cut = false;
    for rule in &m.rrules {
        // DTSTART is usually the rule's first instant too: it is not counted twice
        let cap = allowed.saturating_add(1).saturating_sub(instants.len());
        let pass_over = budget.pass_over();
        let Some(e) = expand_rule(rule, a, window, (cap, pass_over), conv) else {
            continue;
        };
        budget.passed_over(e.passed);
        cut |= e.truncated;
        if e.passed_over_cut {
            conv.quality.warn(
                rule.line,
                format!(
                    "series `{}` cut: more than {pass_over} instances before the window (at most {MAX_PASSED_OVER} per rule, {PASS_OVER_PER_CALENDAR} per calendar)",
                    m.uid()
                ),
            );
        }
        instants.extend(e.starts);
        instants.sort_unstable();
        instants.dedup();
    }
    (instants, cut)
}

/// Whether a master is an event on its own, its DTSTART its only instance
/// (no RRULE, RDATE or EXDATE): most events of an export.
pub(super) fn is_lone(m: &RawEvent) -> bool {
    m.rrules.is_empty() && m.rdates.is_empty() && m.exdates.is_empty()
}

/// The instance [`generate`] gives a lone event (see [`is_lone`]), of the
/// span `span` gives (its DTSTART's [`span_at`]), none when the budget is
/// used up (reported as [`generate`] reports it), without the vectors and
/// the set of instances a series needs: a lone event is not recurring, so
/// the caller keeps it without a RECURRENCE-ID.
pub(super) fn lone(
    m: &RawEvent,
    span: impl FnOnce() -> Span,
    event: Arc<EventInfo>,
    (conv, budget): (&mut Converter, &Budget),
) -> Option<Instance> {
    let (allowed, which) = budget.allowance();
    if allowed == 0 {
        if budget.report(which) {
            warn_cut(m, budget, which, conv);
        }
        return None;
    }
    Some(Instance {
        span: span(),
        event,
    })
}

fn warn_cut(m: &RawEvent, budget: &Budget, which: Limit, conv: &mut Converter) {
    let later = match which {
        Limit::Event => "later instances are not imported",
        Limit::Calendar | Limit::Run => {
            "later instances, and every later event of this calendar, are not imported"
        }
    };
    conv.quality.warn(
        m.line,
        format!(
            "series `{}` cut at the budget of {} occurrences {}: {later}",
            m.uid(),
            budget.size(which),
            which.label()
        ),
    );
}

/// Checks and expands one RRULE in the window; `None` (reported) when it cannot be used.
fn expand_rule(
    rule: &RuleLine,
    a: &Anchor,
    window: &Window,
    (cap, pass_over): (usize, u64),
    conv: &mut Converter,
) -> Option<Expansion> {
    let read = conv.rule(&rule.text);
    let checked = match &*read {
        Ok(checked) => checked,
        Err(e) => {
            conv.quality.skip(rule.line, format!("RRULE not used: {e}"));
            return None;
        }
    };
    for note in &checked.notes {
        conv.quality.warn(rule.line, note.clone());
    }
    if checked.skip != Skip::Omit && !rscale::handles(checked) {
        conv.quality.warn(
            rule.line,
            "RSCALE SKIP is applied to monthly and yearly rules by day of month only: read as SKIP=OMIT",
        );
    }
    let open_ended = checked.count.is_none() && checked.until.is_none();
    let bounds = bounds(a, window, open_ended, (cap, pass_over));
    let zone = a.zone.clone();
    let to_local = |utc: NaiveDateTime| utc + Duration::seconds(zone.offset_at(utc).into());
    expand(checked, a.local, &bounds, &to_local)
        .map_err(|e| conv.quality.skip(rule.line, e))
        .ok()
}

/// The wall-clock span in the series' zone whose instances can reach the
/// window: from the window start less the instance length, to the window end
/// (or, without COUNT and UNTIL, where open rules stop), with slack for
/// daylight-saving folds (a day for all-day series, whose dates are compared
/// with the window's UTC dates).
fn bounds(a: &Anchor, window: &Window, open_ended: bool, (cap, pass_over): (usize, u64)) -> Bounds {
    let slack = if a.all_day {
        Duration::days(1)
    } else {
        Duration::hours(2)
    };
    let end = if open_ended {
        window.open_until.min(window.to)
    } else {
        window.to
    };
    Bounds {
        from: a
            .zone
            .to_local(window.from)
            .checked_sub_signed(reach(a.length) + slack)
            .unwrap_or(NaiveDateTime::MIN),
        limit: a
            .zone
            .to_local(end)
            .checked_add_signed(slack)
            .unwrap_or(NaiveDateTime::MAX),
        cap,
        pass_over,
    }
}

/// How long an instance lasts, at most (days of a nominal length count whole).
fn reach(length: Length) -> Duration {
    let exact = match length {
        Length::Exact(d) => d,
        Length::Nominal(d) => Duration::try_days(d.days.clamp(0, 1_000_000))
            .and_then(|days| days.checked_add(&Duration::seconds(d.seconds.max(0))))
            .unwrap_or(Duration::zero()),
        Length::Days(d) => Duration::try_days(d.clamp(0, 1_000_000)).unwrap_or(Duration::zero()),
    };
    exact.clamp(Duration::zero(), Duration::days(1_000_000))
}

fn span_of(a: &Anchor, start: &Start) -> Span {
    let length = start.length.unwrap_or(a.length);
    if start.all_day == a.all_day {
        return span_at(a, start.local, length);
    }
    let timed = Anchor {
        all_day: start.all_day,
        zone: a.zone.clone(),
        local: start.local,
        length,
    };
    span_at(&timed, start.local, length)
}

fn rdate_instance(rd: &RDate, a: &Anchor, conv: &mut Converter) -> Start {
    let time = match rd {
        RDate::At(t) | RDate::PeriodDuration(t, _) | RDate::PeriodEnd(t, _) => t,
    };
    let local = match time {
        RawTime::Date(d) => d.and_time(a.local.time()),
        other => a.zone.to_local(conv.utc_of(other, &a.zone)),
    };
    let length = match rd {
        RDate::At(_) => None,
        RDate::PeriodDuration(_, d) => Some(Length::Nominal(*d)),
        RDate::PeriodEnd(s, e) => Some(Length::Exact(
            (conv.utc_of(e, &a.zone) - conv.utc_of(s, &a.zone)).max(Duration::zero()),
        )),
    };
    // a timed RDATE of an all-day series is its own timed instance (two on one day stay two)
    Start {
        local,
        length,
        all_day: a.all_day && time.is_date(),
    }
}

fn exdates(
    m: &RawEvent,
    a: &Anchor,
    conv: &mut Converter,
) -> (FxHashSet<DateTime<Utc>>, FxHashSet<NaiveDate>) {
    let mut times = FxHashSet::default();
    let mut dates = FxHashSet::default();
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

//! One file's bytes to one [`Calendar`]: parse, resolve zones, pick the
//! calendar's zone and owner, expand every series in the window.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::convert::{Converter, Window};
use super::expand::expand_series;
use super::owner::find_owner;
use super::parse::{parse, ParsedFile, RDate, RawEvent};
use super::tz::{Resolver, Transitions, Zone};
use super::values::RawTime;
use crate::model::Calendar;

/// Settings of the importer (validated, no CLI types).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Window start; default: the earliest DTSTART of the file.
    pub from: Option<DateTime<Utc>>,
    /// Window end. Without it, series with COUNT or UNTIL are expanded to
    /// their end, and series without an end up to the day after the latest
    /// date written in the file (a DTSTART, DTEND, RECURRENCE-ID, RDATE or
    /// DTSTAMP, the export time), so they are not projected past the export.
    pub to: Option<DateTime<Utc>>,
    /// Zone for floating times when the file names none.
    pub tz: Option<Tz>,
    /// Owner address of every calendar imported.
    pub owner: Option<String>,
}

/// Imports one calendar from bytes; `name` names it in tables and messages.
pub fn import_bytes(data: &[u8], name: &str, opts: &ImportOptions) -> Calendar {
    let mut parsed = parse(data);
    let defined: HashMap<String, Arc<Transitions>> = parsed
        .timezones
        .iter()
        .filter_map(|(tzid, parts)| {
            Transitions::build(tzid, parts).map(|t| (tzid.clone(), Arc::new(t)))
        })
        .collect();
    let mut resolver = Resolver::new(defined);
    let zone = calendar_zone(&parsed, &mut resolver, opts.tz);
    let window = window_of(&parsed, opts);
    let quality = std::mem::take(&mut parsed.quality);
    let mut conv = Converter::new(resolver, zone.clone(), quality);
    let mut occurrences = Vec::new();
    for (master, overrides) in series(&parsed.events, &mut conv) {
        expand_series(master, &overrides, &mut conv, &window, &mut occurrences);
    }
    occurrences.sort_by(|a, b| {
        a.span
            .cmp(&b.span)
            .then_with(|| a.event.uid.cmp(&b.event.uid))
    });
    let (owner, owner_source) = find_owner(&parsed, opts.owner.as_deref());
    let mut quality = conv.quality;
    quality.events_read = parsed.events.len();
    quality.occurrences = occurrences.len();
    quality.no_attendee_data = parsed
        .events
        .iter()
        .all(|e| e.attendees.is_empty() && e.organizer.is_none());
    Calendar {
        name: name.to_string(),
        owner,
        owner_source,
        zone: zone.name().to_string(),
        occurrences,
        quality,
    }
}

/// X-WR-TIMEZONE, else the most used TZID that resolves, else `--tz`, else UTC.
fn calendar_zone(parsed: &ParsedFile, resolver: &mut Resolver, fallback: Option<Tz>) -> Zone {
    if let Some(z) = parsed
        .wr_timezone
        .as_deref()
        .and_then(|t| resolver.resolve(t).0)
    {
        return z;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ev in &parsed.events {
        if let Some(RawTime::Local { tzid: Some(t), .. }) = &ev.dtstart {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .find_map(|(t, _)| resolver.resolve(t).0)
        .or_else(|| fallback.map(Zone::Iana))
        .unwrap_or_else(Zone::utc)
}

/// The expansion window: the options, or the file's own span (see [`ImportOptions`]).
fn window_of(parsed: &ParsedFile, opts: &ImportOptions) -> Window {
    let mut earliest = None;
    let mut latest = None;
    let mut see = |t: &RawTime| {
        let at = t.naive();
        earliest = Some(earliest.map_or(at, |e: chrono::NaiveDateTime| e.min(at)));
        latest = Some(latest.map_or(at, |l: chrono::NaiveDateTime| l.max(at)));
    };
    for ev in &parsed.events {
        ev.dtstart
            .iter()
            .chain(&ev.dtend)
            .chain(&ev.recurrence_id)
            .chain(&ev.dtstamp)
            .for_each(&mut see);
        ev.rdates.iter().for_each(|r| match r {
            RDate::At(t) | RDate::PeriodEnd(t, _) | RDate::PeriodDuration(t, _) => see(t),
        });
    }
    let to_utc = |n: chrono::NaiveDateTime| DateTime::<Utc>::from_naive_utc_and_offset(n, Utc);
    let from = opts
        .from
        .or(earliest.map(|e| to_utc(e) - Duration::days(1)))
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let open_until = opts
        .to
        .or(latest.map(|l| to_utc(l) + Duration::days(1)))
        .unwrap_or(from);
    // far enough for any 4-digit year, with room for the one-day margins
    let to = opts
        .to
        .unwrap_or(DateTime::<Utc>::MAX_UTC - Duration::days(2));
    Window {
        from,
        to,
        open_until,
    }
}

/// Groups events into series by UID within each VCALENDAR. Of several masters with one UID the
/// highest SEQUENCE wins (the later one on a tie): it is the newer version of
/// the same event (RFC 5546 §2.1.4). An override whose instance the winning
/// master excludes with EXDATE, and which is not newer (SEQUENCE) than that
/// master, was deleted after it was edited and is dropped. An event without
/// UID is its own series.
fn series<'a>(
    events: &'a [RawEvent],
    conv: &mut Converter,
) -> Vec<(Option<&'a RawEvent>, Vec<&'a RawEvent>)> {
    let mut groups: Vec<(Option<&RawEvent>, Vec<&RawEvent>)> = Vec::new();
    let mut by_uid: HashMap<(usize, &str), usize> = HashMap::new();
    for ev in events {
        if ev.dtstart.is_none() && ev.recurrence_id.is_none() {
            conv.quality
                .skip(ev.line, format!("VEVENT `{}` has no DTSTART", ev.uid));
            continue;
        }
        if ev.duration.is_some_and(|d| d.days < 0 || d.seconds < 0) {
            conv.quality.skip(ev.line, format!("VEVENT `{}` has a negative DURATION", ev.uid));
            continue;
        }
        let slot = (!ev.uid.is_empty())
            .then(|| by_uid.get(&(ev.calendar_no, ev.uid.as_str())).copied())
            .flatten();
        let i = slot.unwrap_or_else(|| {
            groups.push((None, Vec::new()));
            if !ev.uid.is_empty() {
                by_uid.insert((ev.calendar_no, ev.uid.as_str()), groups.len() - 1);
            }
            groups.len() - 1
        });
        let group = &mut groups[i];
        match (ev.recurrence_id.is_some(), group.0) {
            (true, _) => group.1.push(ev),
            (false, Some(old)) if old.sequence > ev.sequence => {
                conv.quality.warn(
                    ev.line,
                    format!(
                        "UID `{}`: older version (SEQUENCE {}) ignored",
                        ev.uid, ev.sequence
                    ),
                );
            }
            (false, old) => {
                if let Some(old) = old {
                    conv.quality.warn(
                        old.line,
                        format!(
                            "UID `{}`: superseded by the version on line {}",
                            ev.uid, ev.line
                        ),
                    );
                }
                group.0 = Some(ev);
            }
        }
    }
    for (master, overrides) in &mut groups {
        if let Some(m) = master {
            overrides.retain(|o| {
                !(o.sequence <= m.sequence
                    && o.recurrence_id
                        .as_ref()
                        .is_some_and(|r| m.exdates.contains(r)))
            });
        }
    }
    groups
}

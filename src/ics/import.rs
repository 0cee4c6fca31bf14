//! One file's bytes to one [`Calendar`]: parse, resolve zones, pick the
//! calendar's zone and owner, expand every series in the window.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;

use super::budget::{Budget, Budgets, RunBudget};
use super::convert::{Converter, Window};
use super::coverage::coverage;
use super::expand::expand_series;
use super::mixed::borrow_partner_zone;
use super::owner::find_owner;
use super::parse::{parse, ParsedFile, RDate, RawEvent};
use super::tz::{Resolver, Transitions, Zone};
use super::values::RawTime;
use crate::model::{Calendar, Occurrence, Span, StatedHours};

/// Settings of the importer (validated, no CLI types).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Window start; default: the earliest DTSTART of the file.
    pub from: Option<DateTime<Utc>>,
    /// Window end. Without it, series with COUNT or UNTIL are expanded to
    /// their end, and series without an end up to the day after the latest
    /// date written in the file (a DTSTART, DTEND, RECURRENCE-ID, RDATE or
    /// DTSTAMP, the export time, or X-CLIPEND, the end of the range
    /// exported), so they are not projected past the export.
    pub to: Option<DateTime<Utc>>,
    /// Zone for floating times when the file names none.
    pub tz: Option<Tz>,
    /// Owner address of every calendar imported.
    pub owner: Option<String>,
    /// Occurrences allowed per event, calendar and run (see [`Budgets`]).
    pub budgets: Budgets,
    /// Keep the text of each DESCRIPTION (its first 1,000 characters), for
    /// outputs that write calendars back; the analysis reads only what
    /// [`crate::model::Description`] says of it.
    pub descriptions: bool,
}

/// Imports one calendar from bytes; `name` names it in tables and messages.
pub fn import_bytes(data: &[u8], name: &str, opts: &ImportOptions) -> Calendar {
    import_in_run(data, name, opts, &RunBudget::new(&opts.budgets))
}

/// [`import_bytes`] as one calendar of a run whose budget `run` is shared.
pub fn import_in_run(data: &[u8], name: &str, opts: &ImportOptions, run: &RunBudget) -> Calendar {
    let mut parsed = parse(data, opts.descriptions);
    let window = window_of(&parsed, opts);
    let years = zone_years(&window);
    let defined: HashMap<String, Arc<Transitions>> = parsed
        .timezones
        .iter()
        .filter_map(|(tzid, parts)| {
            Transitions::shared(tzid, parts, years.clone()).map(|t| (tzid.clone(), t))
        })
        .collect();
    let mut resolver = Resolver::new(defined);
    let stated_hours = stated_hours(&parsed, &mut resolver);
    let zone = calendar_zone(&parsed, &mut resolver, stated_hours.as_ref(), opts.tz);
    let coverage = coverage(&parsed, opts, &zone);
    let quality = std::mem::take(&mut parsed.quality);
    let mut conv = Converter::new(resolver, zone.clone(), quality, parsed.events.len());
    let (owner, owner_source) = find_owner(&parsed, opts.owner.as_deref());
    let no_attendee_data = parsed
        .events
        .iter()
        .all(|e| e.attendees.is_empty() && e.organizer.is_none());
    // each timed event's span from DTSTART to DTEND (see `swap_reversed`)
    let mut spans = Vec::with_capacity(parsed.events.len());
    for ev in &mut parsed.events {
        outlook_all_day(ev, &mut conv);
        borrow_partner_zone(ev, &mut conv.quality);
        let times = swap_reversed(ev, &mut conv, &zone);
        let start = times.map(|(start, _)| start);
        ev.info = Some(conv.take_info(ev, owner.as_deref(), start));
        spans.push(times.map(|(start, end)| Span::Timed { start, end }));
    }
    // most events have an occurrence, a series many: room for one each, so
    // the list is not grown from four by doubling
    let mut occurrences = Vec::with_capacity(parsed.events.len());
    let mut budget = Budget::new(opts.budgets, run);
    for (master, overrides) in series(&parsed.events, &mut conv) {
        let span = master.and_then(|(place, _)| spans.get(place).copied().flatten());
        expand_series(
            (master.map(|(_, m)| m), span),
            &overrides,
            &mut conv,
            &window,
            &mut budget,
            &mut occurrences,
        );
    }
    sort_by_span(&mut occurrences);
    let mut quality = conv.quality;
    quality.events_read = parsed.events.len();
    quality.occurrences = occurrences.len();
    quality.no_attendee_data = no_attendee_data;
    Calendar {
        name: name.to_string(),
        owner,
        owner_source,
        zone: zone.name().to_string(),
        coverage,
        stated_hours,
        primary: parsed.header.primary,
        holiday_feed: is_holiday_feed(name, parsed.wr_calname.as_deref()),
        container: String::new(),
        occurrences,
        quality,
    }
}

/// Sorts a calendar's occurrences by span, then UID, keeping the order they
/// were made in otherwise (a stable sort: the order every table reads).
/// Series are expanded one after another, so the vector is no few long runs
/// and a stable sort of it moved whole occurrences around a thousand times
/// per file (a fiftieth of the importer's instructions): here the start
/// key and place of each are sorted as one integer (the key above the
/// place), each run of equal keys is sorted again by span and UID (the
/// place last), and the occurrences are moved once. A comparison that
/// looked at the occurrences for equal keys, in the one sort, cost half
/// as much again.
fn sort_by_span(occurrences: &mut Vec<Occurrence>) {
    let mut order: Vec<u128> = occurrences
        .iter()
        .enumerate()
        .map(|(place, o)| u128::from(start_key(&o.span)) << 64 | place as u128)
        .collect();
    order.sort_unstable();
    let place = |at: &u128| *at as u64 as usize;
    for same_start in order.chunk_by_mut(|a, b| a >> 64 == b >> 64) {
        if same_start.len() > 1 {
            same_start.sort_unstable_by(|a, b| {
                let (x, y) = (&occurrences[place(a)], &occurrences[place(b)]);
                x.span
                    .cmp(&y.span)
                    .then_with(|| x.event.uid.cmp(&y.event.uid))
                    .then(a.cmp(b))
            });
        }
    }
    let mut slots: Vec<Option<Occurrence>> =
        std::mem::take(occurrences).into_iter().map(Some).collect();
    occurrences.reserve(order.len());
    occurrences.extend(
        order
            .iter()
            .filter_map(|at| slots.get_mut(place(at))?.take()),
    );
}

/// A key in the order of spans' starts: all-day after timed (as [`Span`]
/// orders them), then the date (year and day of the year) and the second
/// of the day. Two starts with different keys are in the order of their
/// keys; equal keys say nothing of the ends (nor of fractions of a second).
fn start_key(span: &Span) -> u64 {
    let (all_day, date, second) = match span {
        Span::Timed { start, .. } => {
            let at = start.naive_utc();
            (0, at.date(), at.time().num_seconds_from_midnight())
        }
        Span::AllDay { start, .. } => (1, *start, 0),
    };
    // chrono's years lie within 2^18 either side of 0: 19 bits once shifted
    let year = u64::try_from(date.year() + (1 << 18)).unwrap_or(0);
    all_day << 63 | year << 26 | u64::from(date.ordinal()) << 17 | u64::from(second)
}

/// Words that name a public-holiday calendar (Google's `#holiday@` feeds,
/// "Holidays in Germany", "Feiertage", "Jours fériés", "Festivos").
const HOLIDAY_WORDS: [&str; 5] = ["holiday", "feiertag", "fériés", "feries", "festivo"];

fn is_holiday_feed(file: &str, calname: Option<&str>) -> bool {
    let file = file.rsplit('/').next().unwrap_or(file);
    [Some(file), calname].into_iter().flatten().any(|n| {
        let n = n.to_lowercase();
        HOLIDAY_WORDS.iter().any(|w| n.contains(w))
    })
}

/// Outlook's X-MS-OLK-WKHR* working hours, when start, end and days are all
/// readable; the zone is the IANA zone of their TZID (or of a VTIMEZONE with
/// the same clocks), none when it does not resolve.
fn stated_hours(parsed: &ParsedFile, resolver: &mut Resolver) -> Option<StatedHours> {
    let h = &parsed.header;
    let ((start, tzid), (end, _)) = (h.work_start.as_ref()?, h.work_end.as_ref()?);
    let zone = tzid
        .as_deref()
        .and_then(|t| resolver.resolve(t).0)
        .and_then(|z| z.iana());
    Some(StatedHours {
        zone,
        start: *start,
        end: *end,
        days: h
            .work_days
            .unwrap_or([true, true, true, true, true, false, false]),
    })
}

/// The years whose VTIMEZONE transitions are needed: the window, a year of
/// margin, and ten more years past the file's own dates for series that run on.
fn zone_years(window: &Window) -> std::ops::RangeInclusive<i32> {
    let first = (window.from.year() - 1).clamp(1900, 2200);
    let last = (window.to.year() + 1)
        .min(window.open_until.year() + 10)
        .clamp(first, 2200);
    first..=last
}

/// Outlook marks all-day events with X-MICROSOFT-CDO-ALLDAYEVENT:TRUE but may
/// write their times as local midnights: those become DATE values, so the
/// event is all-day in every zone instead of a 24-hour block in one.
fn outlook_all_day(ev: &mut RawEvent, conv: &mut Converter) {
    let midnight = |t: &Option<RawTime>| match t {
        Some(RawTime::Local { at, .. }) | Some(RawTime::Utc(at)) => {
            at.time() == chrono::NaiveTime::MIN
        }
        _ => false,
    };
    if !ev.ms_all_day || !midnight(&ev.dtstart) || !(ev.dtend.is_none() || midnight(&ev.dtend)) {
        return;
    }
    conv.quality.warn(
        ev.line,
        format!(
            "VEVENT `{}`: Outlook all-day event written with times, read as dates",
            ev.uid()
        ),
    );
    for t in [&mut ev.dtstart, &mut ev.dtend] {
        if let Some(raw) = t.as_ref() {
            *t = Some(RawTime::Date(raw.naive().date()));
        }
    }
}

/// A timed DTEND before DTSTART is read as the two written the wrong way round
/// (seen in real exports; §3.8.2.2 requires DTEND to be later): they are swapped.
/// Returns the UTC instants of the (new) DTSTART and DTEND when they were
/// worked out (both are timed), floating times in the calendar's zone: the
/// span the expansion gives a lone event, which it
/// takes instead of converting both again. The expansion converts DTSTART
/// in the same zone, and DTEND in the zone of DTSTART (`expand::length_of`),
/// which is the calendar's for a floating DTEND: [`borrow_partner_zone`],
/// asked first, leaves DTSTART and DTEND both floating or neither.
fn swap_reversed(
    ev: &mut RawEvent,
    conv: &mut Converter,
    zone: &Zone,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let (Some(start), Some(end)) = (&ev.dtstart, &ev.dtend) else {
        return None;
    };
    if start.is_date() || end.is_date() {
        return None;
    }
    // the end first, as always (an unknown TZID is recorded when first met)
    let end_utc = conv.utc_of(end, zone);
    let (mut start, mut end) = (conv.utc_of(start, zone), end_utc);
    if end < start {
        conv.quality.warn(
            ev.line,
            format!("VEVENT `{}`: DTEND before DTSTART, swapped", ev.uid()),
        );
        std::mem::swap(&mut ev.dtstart, &mut ev.dtend);
        std::mem::swap(&mut start, &mut end);
    }
    Some((start, end))
}

/// X-WR-TIMEZONE, else the zone of the stated working hours, else the most
/// used TZID that resolves, else `--tz`, else UTC. The owner's own zone comes
/// before the most used one: a New York person whose meetings are mostly
/// with Kolkata still lives in New York.
fn calendar_zone(
    parsed: &ParsedFile,
    resolver: &mut Resolver,
    stated: Option<&StatedHours>,
    fallback: Option<Tz>,
) -> Zone {
    if let Some(z) = parsed
        .wr_timezone
        .as_deref()
        .and_then(|t| resolver.resolve(t).0)
    {
        return z;
    }
    if let Some(tz) = stated.and_then(|s| s.zone) {
        return Zone::Iana(tz);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ev in &parsed.events {
        if let Some(RawTime::Local { tzid: Some(t), .. }) = &ev.dtstart {
            *counts.entry(&**t).or_default() += 1;
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
    // an export's stated end (X-CLIPEND) reaches as far as the dates written in it
    let clip_end = parsed
        .header
        .clip_end
        .as_ref()
        .map(|t| to_utc(t.naive()) + Duration::days(1));
    let open_until = opts
        .to
        .or(latest.map(|l| to_utc(l) + Duration::days(1)).max(clip_end))
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

/// One series of a file: its master (with its place among the events) if
/// it has one, and its overrides.
type Series<'a> = (Option<(usize, &'a RawEvent)>, Vec<&'a RawEvent>);

/// Groups events into series by UID within each VCALENDAR. Of several masters with one UID the
/// highest SEQUENCE wins (the later one on a tie): it is the newer version of
/// the same event (RFC 5546 §2.1.4). An override whose instance the winning
/// master excludes with EXDATE, and which is not newer (SEQUENCE) than that
/// master, was deleted after it was edited and is dropped. An event without
/// UID is its own series. Each master comes with its place in `events`.
fn series<'a>(events: &'a [RawEvent], conv: &mut Converter) -> Vec<Series<'a>> {
    let mut groups: Vec<Series> = Vec::new();
    // room for every event's UID (most are their own series), looked up
    // and added with one hash
    let mut by_uid: FxHashMap<(usize, &str), usize> =
        FxHashMap::with_capacity_and_hasher(events.len(), Default::default());
    for (place, ev) in events.iter().enumerate() {
        if ev.dtstart.is_none() && ev.recurrence_id.is_none() {
            conv.quality
                .skip(ev.line, format!("VEVENT `{}` has no DTSTART", ev.uid()));
            continue;
        }
        if let Some(prop) = &ev.bad_time {
            conv.quality.skip(
                ev.line,
                format!("VEVENT `{}` skipped: its {prop} is unreadable", ev.uid()),
            );
            continue;
        }
        if ev.dtstart_twice {
            conv.quality.skip(
                ev.line,
                format!("VEVENT `{}` has two DTSTART properties", ev.uid()),
            );
            continue;
        }
        if ev.duration.is_some_and(|d| d.days < 0 || d.seconds < 0) {
            conv.quality.skip(
                ev.line,
                format!("VEVENT `{}` has a negative DURATION", ev.uid()),
            );
            continue;
        }
        let mut new_group = || {
            groups.push((None, Vec::new()));
            groups.len() - 1
        };
        let i = if ev.uid().is_empty() {
            new_group()
        } else {
            *by_uid
                .entry((ev.calendar_no, ev.uid()))
                .or_insert_with(new_group)
        };
        let group = &mut groups[i];
        match (ev.recurrence_id.is_some(), group.0) {
            (true, _) => group.1.push(ev),
            (false, Some((_, old))) if old.sequence > ev.sequence => {
                conv.quality.warn(
                    ev.line,
                    format!(
                        "UID `{}`: older version (SEQUENCE {}) ignored",
                        ev.uid(),
                        ev.sequence
                    ),
                );
            }
            (false, old) => {
                if let Some((_, old)) = old {
                    conv.quality.warn(
                        old.line,
                        format!(
                            "UID `{}`: superseded by the version on line {}",
                            ev.uid(),
                            ev.line
                        ),
                    );
                }
                group.0 = Some((place, ev));
            }
        }
    }
    for (master, overrides) in &mut groups {
        if let Some((_, m)) = master {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn cal(body: &str) -> Calendar {
        let text = format!("BEGIN:VCALENDAR\r\n{body}END:VCALENDAR\r\n");
        let opts = ImportOptions {
            from: Some(
                DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
                    .unwrap()
                    .into(),
            ),
            to: Some(
                DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
                    .unwrap()
                    .into(),
            ),
            ..ImportOptions::default()
        };
        import_bytes(text.as_bytes(), "t.ics", &opts)
    }

    fn starts(c: &Calendar) -> Vec<String> {
        c.occurrences
            .iter()
            .map(|o: &Occurrence| match o.span {
                Span::Timed { start, .. } => start.format("%m-%dT%H:%M").to_string(),
                Span::AllDay { start, .. } => start.format("%m-%d").to_string(),
            })
            .collect()
    }

    const WEEKLY: &str = "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=Europe/Berlin:20240304T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n";

    #[test]
    fn events_with_the_same_attendee_list_share_one_copy() {
        let ev = |uid: &str, day: &str, answer: &str| {
            format!("BEGIN:VEVENT\nUID:{uid}\nDTSTART:202401{day}T100000Z\nDTEND:202401{day}T110000Z\nORGANIZER:mailto:a@x.org\nATTENDEE;PARTSTAT={answer}:mailto:b@x.org\nATTENDEE;CN=Cy:mailto:C@x.org\nEND:VEVENT\n")
        };
        let text = format!(
            "BEGIN:VCALENDAR\n{}{}{}END:VCALENDAR\n",
            ev("1", "08", "ACCEPTED"),
            ev("2", "09", "ACCEPTED"),
            ev("3", "10", "DECLINED")
        );
        let cal = import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default());
        let event = |uid: &str| {
            cal.occurrences
                .iter()
                .find(|o| o.event.uid == uid)
                .unwrap()
                .event
                .clone()
        };
        assert!(Arc::ptr_eq(&event("1").attendees, &event("2").attendees));
        assert!(!Arc::ptr_eq(&event("1").attendees, &event("3").attendees));
        assert_eq!(&*event("3").attendees[1].email, "c@x.org");
        assert_eq!(event("3").participants, 3);
    }

    #[test]
    fn occurrences_sort_as_a_stable_sort_by_span_and_uid_sorts_them() {
        use crate::model::EventInfo;
        use chrono::NaiveDate;
        let mut rng = crate::rng::Rng::new(1);
        let mut next = |n: u64| rng.below(n as usize) as u64;
        let uids: Vec<Arc<EventInfo>> = ["b", "a", "c", "a"]
            .iter()
            .map(|u| {
                Arc::new(EventInfo {
                    uid: u.to_string(),
                    ..EventInfo::default()
                })
            })
            .collect();
        for round in 0..100 {
            let mut occurrences: Vec<Occurrence> = (0..round * 3)
                .map(|_| {
                    // few distinct starts and ends: many ties, timed and all-day,
                    // fractions of a second, years before 1970 and far after
                    let year = [1969, 2024, 2025, 9999][next(4) as usize];
                    let day = NaiveDate::from_yo_opt(year, 1 + next(3) as u32).unwrap();
                    let at = |s: u64, nanos: u64| {
                        day.and_hms_nano_opt(0, 0, s as u32, nanos as u32)
                            .unwrap()
                            .and_utc()
                    };
                    let span = if next(4) == 0 {
                        Span::AllDay {
                            start: day,
                            end: day + Duration::days(next(3) as i64),
                        }
                    } else {
                        let start = at(next(3), next(2) * 5);
                        Span::Timed {
                            start,
                            end: start + Duration::seconds(next(3) as i64),
                        }
                    };
                    Occurrence {
                        event: uids[next(4) as usize].clone(),
                        recurrence_id: None,
                        span,
                    }
                })
                .collect();
            let mut want = occurrences.clone();
            want.sort_by(|a, b| {
                a.span
                    .cmp(&b.span)
                    .then_with(|| a.event.uid.cmp(&b.event.uid))
            });
            sort_by_span(&mut occurrences);
            assert_eq!(occurrences.len(), want.len());
            for (got, want) in occurrences.iter().zip(&want) {
                assert_eq!(got.span, want.span, "round {round}");
                assert!(Arc::ptr_eq(&got.event, &want.event), "round {round}");
            }
        }
    }

    #[test]
    fn overrides_move_retime_and_cancel_even_before_the_master_and_in_utc() {
        let moved = "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID:20240311T090000Z\r\nDTSTART;TZID=Europe/Berlin:20240312T150000\r\nDURATION:PT30M\r\nSUMMARY:moved\r\nEND:VEVENT\r\n";
        let cancelled = "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID;TZID=Europe/Berlin:20240318T100000\r\nDTSTART;TZID=Europe/Berlin:20240318T100000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n";
        let c = cal(&format!("{moved}{WEEKLY}{cancelled}"));
        // CET (+1) throughout: 10:00 = 09:00Z, the moved one 15:00 = 14:00Z (EU DST starts 31 March)
        assert_eq!(
            starts(&c),
            vec!["03-04T09:00", "03-12T14:00", "03-18T09:00", "03-25T09:00"]
        );
        assert_eq!(c.occurrences[2].event.status, Status::Cancelled);
        assert_eq!(c.occurrences[1].event.summary, "moved");
        assert_eq!(c.occurrences[1].duration_min(), 30);
    }

    #[test]
    fn this_and_future_shifts_every_later_instance() {
        let shift = "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20240318T100000\r\nDTSTART;TZID=Europe/Berlin:20240318T110000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n";
        let c = cal(&format!("{WEEKLY}{shift}"));
        assert_eq!(
            starts(&c),
            vec!["03-04T09:00", "03-11T09:00", "03-18T10:00", "03-25T10:00"]
        );
    }

    #[test]
    fn rdate_periods_and_date_exdates() {
        let ev = "BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20240304T090000Z\r\nDTEND:20240304T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE;VALUE=DATE:20240305\r\nRDATE;VALUE=PERIOD:20240310T120000Z/PT2H,20240311T120000Z/20240311T123000Z\r\nEND:VEVENT\r\n";
        let c = cal(ev);
        assert_eq!(
            starts(&c),
            vec!["03-04T09:00", "03-06T09:00", "03-10T12:00", "03-11T12:00"]
        );
        let minutes: Vec<i64> = c.occurrences.iter().map(Occurrence::duration_min).collect();
        assert_eq!(minutes, vec![60, 60, 120, 30]);
    }

    #[test]
    fn each_vcalendar_groups_its_own_uids() {
        let one = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240304T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\n";
        let two = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240305T090000Z\r\nEND:VEVENT\r\n";
        let c = cal(&format!("{one}{two}"));
        assert_eq!(starts(&c), vec!["03-04T09:00", "03-05T09:00"]);
    }

    #[test]
    fn the_highest_sequence_wins_for_masters_and_overrides() {
        let old = "BEGIN:VEVENT\r\nUID:s\r\nSEQUENCE:2\r\nDTSTART:20240304T090000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n";
        let new = "BEGIN:VEVENT\r\nUID:s\r\nSEQUENCE:3\r\nDTSTART:20240304T100000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n";
        let ov_new = "BEGIN:VEVENT\r\nUID:s\r\nSEQUENCE:5\r\nRECURRENCE-ID:20240305T100000Z\r\nDTSTART:20240305T140000Z\r\nEND:VEVENT\r\n";
        let ov_old = "BEGIN:VEVENT\r\nUID:s\r\nSEQUENCE:4\r\nRECURRENCE-ID:20240305T100000Z\r\nDTSTART:20240305T110000Z\r\nEND:VEVENT\r\n";
        let stale = "BEGIN:VEVENT\r\nUID:s\r\nSEQUENCE:1\r\nRECURRENCE-ID:20240304T090000Z\r\nDTSTART:20240304T120000Z\r\nEND:VEVENT\r\n";
        let c = cal(&format!("{new}{ov_new}{old}{ov_old}{stale}"));
        // the stale override names the 09:00 instance the new master no longer has: an orphan, kept
        // (docs/corpus-differences.md), at its own 12:00
        assert_eq!(
            starts(&c),
            vec!["03-04T10:00", "03-04T12:00", "03-05T14:00"]
        );
    }

    #[test]
    fn all_day_series_match_overrides_by_the_day_written() {
        let master = "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20240304\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n";
        // Exchange style: midnight in a zone east of UTC, i.e. the previous day in UTC
        let ov = "BEGIN:VEVENT\r\nUID:a\r\nRECURRENCE-ID;TZID=Europe/Berlin:20240311T000000\r\nDTSTART;VALUE=DATE:20240312\r\nEND:VEVENT\r\n";
        assert_eq!(
            starts(&cal(&format!("{master}{ov}"))),
            vec!["03-04", "03-12"]
        );
    }

    #[test]
    fn reversed_times_are_swapped_and_unreadable_events_skipped_with_their_line() {
        let reversed = "BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20240304T100000Z\r\nDTEND:20240304T090000Z\r\nEND:VEVENT\r\n";
        let bad_end =
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20240305T100000Z\r\nDTEND:2024030\r\nEND:VEVENT\r\n";
        let negative =
            "BEGIN:VEVENT\r\nUID:n\r\nDTSTART:20240306T100000Z\r\nDURATION:-PT1H\r\nEND:VEVENT\r\n";
        let twice = "BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20240307T100000Z\r\nDTSTART:20240308T100000Z\r\nEND:VEVENT\r\n";
        let c = cal(&format!("{reversed}{bad_end}{negative}{twice}"));
        assert_eq!(starts(&c), vec!["03-04T09:00"]);
        assert_eq!(c.occurrences[0].duration_min(), 60);
        let skipped_lines: Vec<usize> = c.quality.skipped.iter().map(|i| i.line).collect();
        assert!(
            skipped_lines.contains(&7)
                && skipped_lines.contains(&12)
                && skipped_lines.contains(&17),
            "{skipped_lines:?}"
        );
    }

    #[test]
    fn several_rrules_and_rdates_make_one_set_without_duplicates() {
        // Mondays and Wednesdays by two rules, 2 weeks; an RDATE on a Friday and one on a Monday already in the set
        let ev = "BEGIN:VEVENT\r\nUID:m\r\nDTSTART:20240304T090000Z\r\nDTEND:20240304T093000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO\r\nRRULE:FREQ=WEEKLY;COUNT=2;BYDAY=WE\r\nRDATE:20240308T090000Z,20240311T090000Z\r\nEND:VEVENT\r\n";
        assert_eq!(
            starts(&cal(ev)),
            vec![
                "03-04T09:00",
                "03-06T09:00",
                "03-08T09:00",
                "03-11T09:00",
                "03-13T09:00"
            ]
        );
    }

    #[test]
    fn hourly_rules_and_date_rdates() {
        let ev = "BEGIN:VEVENT\r\nUID:h\r\nDTSTART:20240304T090000Z\r\nRRULE:FREQ=HOURLY;INTERVAL=3;COUNT=3\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20240304\r\nRDATE;VALUE=DATE:20240306,20240308\r\nEND:VEVENT\r\n";
        assert_eq!(
            starts(&cal(ev)),
            vec![
                "03-04T09:00",
                "03-04T12:00",
                "03-04T15:00",
                "03-04",
                "03-06",
                "03-08"
            ]
        );
    }

    #[test]
    fn end_from_dtend_duration_or_neither_and_multi_day_events() {
        let ev =
            |uid: &str, rest: &str| format!("BEGIN:VEVENT\r\nUID:{uid}\r\n{rest}END:VEVENT\r\n");
        let body = ev(
            "a",
            "DTSTART:20240304T090000Z\r\nDTEND:20240304T103000Z\r\n",
        ) + &ev("b", "DTSTART:20240305T090000Z\r\nDURATION:PT45M\r\n")
            + &ev("c", "DTSTART:20240306T090000Z\r\n")
            + &ev("d", "DTSTART;VALUE=DATE:20240307\r\n")
            + &ev(
                "e",
                "DTSTART;VALUE=DATE:20240311\r\nDTEND;VALUE=DATE:20240314\r\n",
            )
            + &ev(
                "f",
                "DTSTART:20240308T220000Z\r\nDTEND:20240310T020000Z\r\n",
            );
        let c = cal(&body);
        let minutes: Vec<(String, i64)> = c
            .occurrences
            .iter()
            .map(|o| (o.event.uid.clone(), o.duration_min()))
            .collect();
        let get = |u: &str| minutes.iter().find(|(x, _)| x == u).unwrap().1;
        assert_eq!(
            (get("a"), get("b"), get("c"), get("d"), get("e"), get("f")),
            (90, 45, 0, 1440, 3 * 1440, 28 * 60)
        );
    }

    #[test]
    fn floating_times_use_the_calendar_zone() {
        let text = "X-WR-TIMEZONE:America/New_York\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240304T090000\r\nDTEND:20240304T100000\r\nEND:VEVENT\r\n";
        // 09:00 in New York (EST, -5) is 14:00Z
        assert_eq!(starts(&cal(text)), vec!["03-04T14:00"]);
        let with_tzid_only = "BEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=Asia/Kolkata:20240304T090000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240305T090000\r\nEND:VEVENT\r\n";
        // no X-WR-TIMEZONE: the dominant TZID (Kolkata, +05:30) applies to the floating one
        assert_eq!(
            starts(&cal(with_tzid_only)),
            vec!["03-04T03:30", "03-05T03:30"]
        );
    }

    #[test]
    fn a_floating_dtend_is_in_the_zone_of_dtstart_however_the_event_is_expanded() {
        // New York's calendar; DTSTART in Kolkata (+05:30) or UTC, DTEND floating:
        // 10:00 where the event starts, an hour after 09:00 there (in New
        // York, -5, it would be 15:00Z), for a lone event (whose span is
        // taken from `swap_reversed`) and a series (expanded) alike
        let body = |start: &str, rule: &str| {
            format!("X-WR-TIMEZONE:America/New_York\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART{start}\r\nDTEND:20240304T100000\r\n{rule}END:VEVENT\r\n")
        };
        for start in [";TZID=Asia/Kolkata:20240304T090000", ":20240304T090000Z"] {
            for rule in ["", "RRULE:FREQ=DAILY;COUNT=2\r\n"] {
                let c = cal(&body(start, rule));
                let minutes: Vec<i64> =
                    c.occurrences.iter().map(Occurrence::duration_min).collect();
                assert_eq!(minutes, vec![60; 1 + rule.len().min(1)], "{start} {rule}");
            }
        }
        // both floating: both in the calendar's zone
        let c = cal(&body(":20240304T090000", ""));
        assert_eq!(starts(&c), vec!["03-04T14:00"]);
        assert_eq!(c.occurrences[0].duration_min(), 60);
    }

    #[test]
    fn an_outlook_all_day_event_written_with_midnights_is_all_day() {
        let ev = "BEGIN:VEVENT\r\nUID:h\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nDTSTART;TZID=W. Europe Standard Time:20240304T000000\r\nDTEND;TZID=W. Europe Standard Time:20240306T000000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:t\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nDTSTART:20240307T090000Z\r\nDTEND:20240307T100000Z\r\nEND:VEVENT\r\n";
        let c = cal(ev);
        // occurrences sort timed before all-day; the one with real times stays timed
        assert_eq!(starts(&c), vec!["03-07T09:00", "03-04"]);
        assert!(
            matches!(c.occurrences[1].span, Span::AllDay { end, .. } if end.to_string() == "2024-03-06")
        );
        assert_eq!(c.quality.warnings.len(), 1);
    }

    #[test]
    fn the_warnings_made_as_an_event_is_converted_name_its_uid() {
        // made before, beside and after the UID moves into the event's info
        let ev = "BEGIN:VEVENT\r\nUID:swap-1\r\nDTSTART:20240304T100000Z\r\nDTEND:20240304T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:float-2\r\nDTSTART:20240305T100000\r\nDTEND;TZID=Europe/Berlin:20240305T110000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:allday-3\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nDTSTART;TZID=Europe/Berlin:20240306T000000\r\nDTEND;TZID=Europe/Berlin:20240307T000000\r\nEND:VEVENT\r\n";
        let c = cal(ev);
        let mut messages: Vec<&str> = (c.quality.warnings.iter())
            .map(|w| w.message.as_str())
            .collect();
        messages.sort();
        assert_eq!(
            messages,
            [
                "VEVENT `allday-3`: Outlook all-day event written with times, read as dates",
                "VEVENT `float-2`: floating DTSTART read in its partner's zone Europe/Berlin",
                "VEVENT `swap-1`: DTEND before DTSTART, swapped",
            ]
        );
    }

    #[test]
    fn open_ended_series_stop_at_the_export_time_by_default() {
        let ev = "BEGIN:VEVENT\r\nUID:o\r\nDTSTAMP:20240320T000000Z\r\nDTSTART:20240304T090000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART:20240304T120000Z\r\nRRULE:FREQ=MONTHLY;COUNT=3\r\nEND:VEVENT\r\n";
        let c = import_bytes(
            format!("BEGIN:VCALENDAR\r\n{ev}END:VCALENDAR\r\n").as_bytes(),
            "t.ics",
            &ImportOptions::default(),
        );
        // weekly: 03-04, 03-11, 03-18 (export on 03-20, window open until 03-21); monthly with COUNT runs to its end
        assert_eq!(
            starts(&c),
            vec![
                "03-04T09:00",
                "03-04T12:00",
                "03-11T09:00",
                "03-18T09:00",
                "04-04T12:00",
                "05-04T12:00"
            ]
        );
    }
}

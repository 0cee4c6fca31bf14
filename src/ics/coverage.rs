//! Which local dates an export really covers (docs/metrics.md, "Coverage").
//!
//! A recurring series written once can start a year before the period a user
//! exported, so "from the earliest event" stretches the period over months in
//! which the file lists nothing but those series, and every average is
//! diluted. In order: Outlook's X-CLIPSTART/X-CLIPEND (the range chosen when
//! exporting); the window given on the command line; else the span of what
//! the file states outside recurrence rules (one-off events from start to
//! end, overrides, EXDATEs and RDATEs), which a client writes only for a
//! period it exported, rounded out to whole ISO weeks. The end of an event longer than a month is no
//! evidence (a "vacation until 9999" would stretch the period to the year 9999).
//! DTSTAMP, CREATED and LAST-MODIFIED are not used: Google writes the export
//! time into every DTSTAMP, and CREATED says when a series began, not what
//! the export holds.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::import::ImportOptions;
use super::parse::{ParsedFile, RDate, RawEvent};
use super::tz::Zone;
use super::values::RawTime;
use crate::model::{Coverage, CoverageSource};

/// The coverage of a parsed file; `zone` turns UTC values into local dates.
pub fn coverage(parsed: &ParsedFile, opts: &ImportOptions, zone: &Zone) -> Option<Coverage> {
    let header = &parsed.header;
    let clip = (
        header
            .clip_start
            .as_ref()
            .map(RawTime::naive)
            .map(|t| t.date()),
        header.clip_end.as_ref().map(|t| exclusive_end(t.naive())),
    );
    let window = (
        opts.from.map(|t| t.date_naive()),
        opts.to.map(|t| exclusive_end(t.naive_utc())),
    );
    let source = if clip.0.is_some() || clip.1.is_some() {
        CoverageSource::Clip
    } else if window.0.is_some() || window.1.is_some() {
        CoverageSource::Window
    } else {
        CoverageSource::Evidence
    };
    let stated = if source == CoverageSource::Clip {
        clip
    } else {
        window
    };
    // the evidence is read once, and only when a stated end is missing
    let evidence = match stated {
        (Some(_), Some(_)) => None,
        _ => evidence_span(&parsed.events, zone).map(whole_weeks),
    };
    let first = stated.0.or(evidence.map(|e| e.0))?;
    let last = stated.1.or(evidence.map(|e| e.1))?;
    (first <= last).then_some(Coverage {
        first,
        last,
        source,
    })
}

/// Evidence rounded out to whole ISO weeks (Monday to Sunday): the week is
/// the unit of analysis, and a quiet first Monday before the first one-off
/// is still part of the period exported.
fn whole_weeks((first, last): (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let monday = first - Duration::days(first.weekday().num_days_from_monday().into());
    let sunday = last + Duration::days((6 - last.weekday().num_days_from_monday()).into());
    (monday, sunday)
}

/// The last day before an exclusive end: midnight ends the day before.
fn exclusive_end(t: chrono::NaiveDateTime) -> NaiveDate {
    if t.time() == NaiveTime::MIN {
        t.date() - Duration::days(1)
    } else {
        t.date()
    }
}

/// First and last local date of the file's non-rule evidence: its one-off
/// events when it has any, else its series' exceptions (overrides, EXDATEs,
/// RDATEs). Clients keep a series' exceptions for its whole life (a Google
/// export lists a year-old series' moved and deleted instances), while
/// one-off events mark the period exported.
fn evidence_span(events: &[RawEvent], zone: &Zone) -> Option<(NaiveDate, NaiveDate)> {
    let (mut one_offs, mut exceptions) = (Span::default(), Span::default());
    for ev in events {
        let rule = !ev.rrules.is_empty() || !ev.rdates.is_empty();
        let into = if ev.recurrence_id.is_none() && !rule {
            &mut one_offs
        } else {
            &mut exceptions
        };
        if ev.recurrence_id.is_some() || !rule {
            ev.dtstart
                .iter()
                .chain(&ev.recurrence_id)
                .for_each(|t| into.see(t, zone));
            if let Some(end) = last_moment(ev) {
                into.see(&end, zone);
            }
        }
        ev.exdates.iter().for_each(|t| exceptions.see(t, zone));
        ev.rdates.iter().for_each(|r| match r {
            RDate::At(t) | RDate::PeriodEnd(t, _) | RDate::PeriodDuration(t, _) => {
                exceptions.see(t, zone)
            }
        });
    }
    one_offs.0.or(exceptions.0)
}

/// A running first and last date.
#[derive(Default)]
struct Span(Option<(NaiveDate, NaiveDate)>);

impl Span {
    /// Sees the local date of `t`. A UTC value's local date is within a day
    /// of its UTC date (offsets are less than a day, in chrono and in a
    /// VTIMEZONE), so one whose UTC date is a day or more inside the span
    /// cannot move it and is not converted: a Google export writes every
    /// time in UTC, and converting each was most of the work here.
    fn see(&mut self, t: &RawTime, zone: &Zone) {
        if let (RawTime::Utc(at), Some((first, last))) = (t, self.0) {
            let day = at.date();
            if day.pred_opt().is_some_and(|d| d >= first)
                && day.succ_opt().is_some_and(|d| d <= last)
            {
                return;
            }
        }
        self.see_day(local_date(t, zone));
    }

    fn see_day(&mut self, d: NaiveDate) {
        self.0 = Some(self.0.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
    }
}

/// The last moment an event covers (its end is exclusive: a day ending at
/// midnight ends the day before), as a value whose local date is that
/// moment's; none for an event longer than a month, which says nothing
/// about the export's range. Read from DTEND where it lies (its TZID is
/// not copied: a zoned time's date is read as written).
fn last_moment(ev: &RawEvent) -> Option<RawTime> {
    let second = Duration::seconds(1);
    let short = |end: &&RawTime| {
        ev.dtstart
            .as_ref()
            .is_some_and(|s| end.naive() - s.naive() <= Duration::days(31))
    };
    Some(match ev.dtend.as_ref().filter(short)? {
        RawTime::Date(d) => RawTime::Date(d.pred_opt().unwrap_or(*d)),
        RawTime::Utc(at) => RawTime::Utc(*at - second),
        RawTime::Local { at, .. } => RawTime::Local {
            at: *at - second,
            tzid: None,
        },
    })
}

/// The local date of a value: UTC values in the calendar's zone, others as written.
fn local_date(t: &RawTime, zone: &Zone) -> NaiveDate {
    match t {
        RawTime::Utc(at) => zone.to_local(at.and_utc()).date(),
        other => other.naive().date(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::parse::parse;
    use chrono::{DateTime, Utc};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const FILE: &str = "BEGIN:VCALENDAR\n\
BEGIN:VEVENT\nUID:old-weekly\nDTSTART:20230102T090000Z\nRRULE:FREQ=WEEKLY\nEXDATE:20250113T090000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:old-weekly\nRECURRENCE-ID:20250120T090000Z\nDTSTART:20250121T090000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:one-off\nDTSTART:20250328T230000Z\nDTEND:20250329T000000Z\nEND:VEVENT\n\
END:VCALENDAR\n";

    #[test]
    fn utc_values_inside_the_span_so_far_leave_it_as_converting_them_would() {
        // one-offs and exceptions in UTC, near midnight, in zones a long way
        // east and west, and a VTIMEZONE: the span is the first and last of
        // every value's local date (each converted, as below)
        use crate::ics::tz::Resolver;
        let mut rng = crate::rng::Rng::new(1);
        let mut next = |n: u64| rng.below(n as usize) as u64;
        let vtimezone = "BEGIN:VTIMEZONE\nTZID:Far\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+2345\nTZOFFSETTO:-2330\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=1SU\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700101T000000\nTZOFFSETFROM:-2330\nTZOFFSETTO:+2345\nRRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=1SU\nEND:DAYLIGHT\nEND:VTIMEZONE\n";
        let far = parse(
            format!("BEGIN:VCALENDAR\n{vtimezone}END:VCALENDAR\n").as_bytes(),
            false,
        );
        let defined = far
            .timezones
            .iter()
            .filter_map(|(tzid, parts)| {
                let t = crate::ics::tz::Transitions::shared(tzid, parts, 2020..=2030)?;
                Some((tzid.clone(), t))
            })
            .collect();
        let mut resolver = Resolver::new(defined);
        let zones = [
            resolver.resolve("Pacific/Kiritimati").0,
            resolver.resolve("Pacific/Pago_Pago").0,
            resolver.resolve("Far").0,
            Some(Zone::utc()),
        ];
        assert!(zones.iter().all(Option::is_some));
        for zone in zones.into_iter().flatten() {
            for round in 0..300 {
                let seconds = [0, 1, 3_600, 43_200, 82_800, 86_399];
                let at = |day: u64, second: u64| {
                    let date = d("2024-02-27") + Duration::days(day as i64);
                    let second = Duration::seconds(seconds[second as usize]);
                    RawTime::Utc(date.and_hms_opt(0, 0, 0).unwrap() + second)
                };
                let events: Vec<RawEvent> = (0..round % 40)
                    .map(|_| {
                        let (start, exception) = (next(700), next(5) == 0);
                        let (first, last) = (at(start, next(6)), at(start + next(3), next(6)));
                        RawEvent {
                            dtstart: Some(first.clone()),
                            dtend: Some(last),
                            recurrence_id: exception.then_some(first),
                            ..RawEvent::default()
                        }
                    })
                    .collect();
                let local = |t: &RawTime| local_date(t, &zone);
                let second = Duration::seconds(1);
                let end = |t: &RawTime| local(&RawTime::Utc(t.naive() - second));
                let dates = |one_off: bool| {
                    let chosen = events
                        .iter()
                        .filter(move |e| e.recurrence_id.is_none() == one_off);
                    chosen.flat_map(|e| {
                        let own = e.dtstart.iter().chain(&e.recurrence_id).map(local);
                        own.chain(e.dtend.iter().map(end)).collect::<Vec<_>>()
                    })
                };
                let span =
                    |dates: Vec<NaiveDate>| Some((*dates.iter().min()?, *dates.iter().max()?));
                let want = span(dates(true).collect()).or(span(dates(false).collect()));
                assert_eq!(evidence_span(&events, &zone), want, "round {round}");
            }
        }
    }

    #[test]
    fn without_clip_or_window_the_evidence_outside_rules_decides() {
        let parsed = parse(FILE.as_bytes(), false);
        let berlin = Zone::Iana(chrono_tz::Tz::Europe__Berlin);
        let c = coverage(&parsed, &ImportOptions::default(), &berlin).unwrap();
        // the one-off at 23:00Z on Friday 28 Mar is Saturday 29 Mar in Berlin: one-off events
        // decide, rounded out to their whole week (24 to 30 March); the series' 2023 start and
        // its exceptions (kept for the series' whole life) are no evidence while there are one-offs
        assert_eq!((c.first, c.last), (d("2025-03-24"), d("2025-03-30")));
        // without one-off events the exceptions decide: the EXDATE on Monday 13 Jan and the
        // override moved to Tuesday 21 Jan, rounded out to whole weeks
        let no_one_off = FILE.replace("UID:one-off", "UID:one-off\nRRULE:FREQ=DAILY;COUNT=1");
        let c = coverage(
            &parse(no_one_off.as_bytes(), false),
            &ImportOptions::default(),
            &berlin,
        )
        .unwrap();
        assert_eq!((c.first, c.last), (d("2025-01-13"), d("2025-01-26")));
        assert_eq!(c.source, CoverageSource::Evidence);
    }

    #[test]
    fn the_clip_beats_the_window_which_beats_the_evidence() {
        let clipped = FILE.replace(
            "BEGIN:VCALENDAR\n",
            "BEGIN:VCALENDAR\nX-CLIPSTART:20250106T000000Z\nX-CLIPEND:20250407T000000Z\n",
        );
        let utc = Zone::utc();
        let at = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        let window = ImportOptions {
            from: at("2025-02-01T00:00:00Z"),
            to: at("2025-03-01T00:00:00Z"),
            ..ImportOptions::default()
        };
        let c = coverage(&parse(clipped.as_bytes(), false), &window, &utc).unwrap();
        assert_eq!(
            (c.first, c.last, c.source),
            (d("2025-01-06"), d("2025-04-06"), CoverageSource::Clip)
        );
        let c = coverage(&parse(FILE.as_bytes(), false), &window, &utc).unwrap();
        assert_eq!(
            (c.first, c.last, c.source),
            (d("2025-02-01"), d("2025-02-28"), CoverageSource::Window)
        );
        let only_from = ImportOptions { to: None, ..window };
        let c = coverage(&parse(FILE.as_bytes(), false), &only_from, &utc).unwrap();
        // the window's start as given, the evidence's end (Friday 28 March) to its Sunday
        assert_eq!((c.first, c.last), (d("2025-02-01"), d("2025-03-30")));
    }

    #[test]
    fn the_end_of_an_event_longer_than_a_month_is_no_evidence() {
        let long = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:forever\nDTSTART;VALUE=DATE:20250303\nDTEND;VALUE=DATE:99991231\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:short\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250315\nEND:VEVENT\nEND:VCALENDAR\n";
        let c = coverage(
            &parse(long.as_bytes(), false),
            &ImportOptions::default(),
            &Zone::utc(),
        )
        .unwrap();
        // the short event ends on Friday 14 March: its week ends on the 16th
        assert_eq!((c.first, c.last), (d("2025-03-03"), d("2025-03-16")));
    }

    #[test]
    fn a_file_of_rules_only_states_no_coverage() {
        let rules = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nDTSTART:20230102T090000Z\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(
            coverage(
                &parse(rules.as_bytes(), false),
                &ImportOptions::default(),
                &Zone::utc()
            ),
            None
        );
    }
}

//! One RRULE expanded in wall-clock time.
//!
//! The rrule crate expands in a zone of its own and rejects local UNTIL values
//! and zones it does not know. meetload hands it the event's wall-clock times
//! dressed as UTC, so a 10:00 meeting stays at 10:00 across daylight-saving
//! changes, applies UNTIL itself (in the event's wall-clock time) and converts
//! to real UTC afterwards with its own zone resolver.

use chrono::{NaiveDateTime, NaiveTime, TimeZone};
use rrule::{RRule, Unvalidated};

use super::values::{parse_date, parse_datetime};

/// The instants one rule produces up to a limit.
#[derive(Debug, Default)]
pub struct Expansion {
    pub starts: Vec<NaiveDateTime>,
    /// The cap stopped the expansion before the limit.
    pub truncated: bool,
}

/// Parts of RRULE that the rrule crate understands; UNTIL is handled here and
/// vendor `X-` parts are dropped.
const KNOWN_PARTS: &[&str] = &[
    "FREQ",
    "INTERVAL",
    "COUNT",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

/// UNTIL as written: a date (inclusive: the whole day), a UTC time, or a local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Date(NaiveDateTime),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// Splits a rule into the text for the rrule crate and its UNTIL.
fn prepare(value: &str) -> Result<(String, Option<Until>), String> {
    let mut kept = Vec::new();
    let mut until = None;
    for part in value.trim().split(';').filter(|p| !p.trim().is_empty()) {
        // junk without `=` (such as a repeated `RRULE:` prefix) carries no rule: skip it
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let key = k
            .trim()
            .rsplit(':')
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let v = v.trim();
        if key == "UNTIL" {
            until = Some(parse_until(v).ok_or_else(|| format!("bad UNTIL `{v}`"))?);
        } else if key == "COUNT" && v.parse::<i64>().map_or(true, |n| n <= 0) {
            // COUNT=-1 (seen in real exports) means nothing: ignore it, as other readers do
            continue;
        } else if KNOWN_PARTS.contains(&key.as_str()) {
            kept.push(format!("{key}={}", v.to_ascii_uppercase()));
        } else if !key.starts_with("X-") {
            // a misspelt part (`UNTL=`) would silently change the series, e.g. make it endless
            return Err(format!("unknown RRULE part `{key}`"));
        }
    }
    if !kept.iter().any(|p| p.starts_with("FREQ=")) {
        return Err("RRULE has no FREQ".into());
    }
    Ok((kept.join(";"), until))
}

fn parse_until(v: &str) -> Option<Until> {
    if v.len() == 8 {
        return parse_date(v).and_then(|d| {
            Some(Until::Date(
                d.and_time(NaiveTime::from_hms_opt(23, 59, 59)?),
            ))
        });
    }
    match v.strip_suffix(['Z', 'z']) {
        Some(body) => parse_datetime(body).map(Until::Utc),
        None => parse_datetime(v).map(Until::Local),
    }
}

/// Whether a rule text has COUNT or UNTIL (the series has an end).
pub fn has_end(value: &str) -> bool {
    value.split(';').any(|p| {
        let key = p.split('=').next().unwrap_or("").trim();
        key.eq_ignore_ascii_case("COUNT") || key.eq_ignore_ascii_case("UNTIL")
    })
}

/// Expands `rule` from `start` (wall-clock) up to `limit` (wall-clock), at most
/// `cap` instants. `until_to_local` turns a UTC UNTIL into the event's
/// wall-clock time. The first instant is whatever the rule produces: callers
/// add DTSTART themselves (RFC 5545 §3.8.5.3 counts it as the first instance).
pub fn expand_naive(
    rule: &str,
    start: NaiveDateTime,
    limit: NaiveDateTime,
    cap: usize,
    until_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Expansion, String> {
    let (text, until) = prepare(rule)?;
    let until = until.map(|u| match u {
        Until::Date(at) | Until::Local(at) => at,
        Until::Utc(at) => until_to_local(at),
    });
    let stop = until.map_or(limit, |u| u.min(limit));
    let parsed: RRule<Unvalidated> = text.parse().map_err(|e| format!("RRULE `{rule}`: {e}"))?;
    let dt_start = rrule::Tz::UTC.from_utc_datetime(&start);
    let set = parsed
        .build(dt_start)
        .map_err(|e| format!("RRULE `{rule}`: {e}"))?
        .limit();
    let mut out = Expansion::default();
    for at in &set {
        let naive = at.naive_utc();
        if naive > stop {
            break;
        }
        if out.starts.len() >= cap {
            out.truncated = true;
            break;
        }
        out.starts.push(naive);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    fn far() -> NaiveDateTime {
        at(2100, 1, 1, 0, 0)
    }

    fn run(rule: &str, start: NaiveDateTime) -> Vec<NaiveDateTime> {
        expand_naive(rule, start, far(), 1000, &|u| {
            u + chrono::Duration::hours(1)
        })
        .unwrap()
        .starts
    }

    #[test]
    fn local_until_is_inclusive_and_utc_until_is_converted() {
        // weekly at 10:00 local; UNTIL at 10:00 local includes that day
        let got = run("FREQ=WEEKLY;UNTIL=20240115T100000", at(2024, 1, 1, 10, 0));
        assert_eq!(
            got,
            vec![
                at(2024, 1, 1, 10, 0),
                at(2024, 1, 8, 10, 0),
                at(2024, 1, 15, 10, 0)
            ]
        );
        // 09:00Z is 10:00 local with the +1h converter: still inclusive
        let got = run("FREQ=WEEKLY;UNTIL=20240115T090000Z", at(2024, 1, 1, 10, 0));
        assert_eq!(got.len(), 3);
        // 08:59Z is 09:59 local: the 15th is excluded
        let got = run("FREQ=WEEKLY;UNTIL=20240115T085900Z", at(2024, 1, 1, 10, 0));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn date_until_covers_the_whole_day() {
        let got = run("FREQ=DAILY;UNTIL=20240103", at(2024, 1, 1, 18, 0));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn vendor_parts_and_lower_case_are_accepted() {
        let got = run(
            "freq=monthly;byday=-1fr;X-EVOLUTION-ENDDATE=20240401T000000Z;count=3",
            at(2024, 1, 26, 9, 0),
        );
        assert_eq!(
            got,
            vec![
                at(2024, 1, 26, 9, 0),
                at(2024, 2, 23, 9, 0),
                at(2024, 3, 29, 9, 0)
            ]
        );
    }

    #[test]
    fn bysetpos_and_negative_monthday() {
        // last weekday of the month
        let got = run(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
            at(2024, 1, 31, 9, 0),
        );
        assert_eq!(
            got,
            vec![
                at(2024, 1, 31, 9, 0),
                at(2024, 2, 29, 9, 0),
                at(2024, 3, 29, 9, 0)
            ]
        );
        let got = run("FREQ=MONTHLY;BYMONTHDAY=-2;COUNT=2", at(2024, 1, 30, 9, 0));
        assert_eq!(got, vec![at(2024, 1, 30, 9, 0), at(2024, 2, 28, 9, 0)]);
    }

    #[test]
    fn byweekno_byyearday_and_wkst() {
        let got = run(
            "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;COUNT=2",
            at(1997, 5, 12, 9, 0),
        );
        assert_eq!(got, vec![at(1997, 5, 12, 9, 0), at(1998, 5, 11, 9, 0)]);
        let got = run("FREQ=YEARLY;BYYEARDAY=1,100;COUNT=3", at(2024, 1, 1, 9, 0));
        assert_eq!(
            got,
            vec![
                at(2024, 1, 1, 9, 0),
                at(2024, 4, 9, 9, 0),
                at(2025, 1, 1, 9, 0)
            ]
        );
        // RFC 5545 §3.3.10 WKST example: with WKST=SU the 2nd instance moves
        let mo = run(
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
            at(1997, 8, 5, 9, 0),
        );
        let su = run(
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
            at(1997, 8, 5, 9, 0),
        );
        assert_eq!(mo[1], at(1997, 8, 10, 9, 0));
        assert_eq!(su[1], at(1997, 8, 17, 9, 0));
    }

    #[test]
    fn cap_truncates_and_says_so() {
        let e = expand_naive("FREQ=MINUTELY", at(2024, 1, 1, 0, 0), far(), 50, &|u| u).unwrap();
        assert_eq!(e.starts.len(), 50);
        assert!(e.truncated);
    }

    #[test]
    fn junk_without_equals_sign_is_skipped() {
        let got = run(
            "RRULE:AnythingRandom;FREQ=DAILY;COUNT=2",
            at(2024, 1, 1, 9, 0),
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn a_count_below_one_is_ignored() {
        let got = run("FREQ=DAILY;COUNT=-1;UNTIL=20240103", at(2024, 1, 1, 9, 0));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn bad_rules_are_errors_not_panics() {
        for bad in [
            "",
            "COUNT=3",
            "FREQ=SOMETIMES",
            "FREQ=DAILY;UNTIL=tomorrow",
            "FREQ=DAILY;BYMONTH=13",
            "FREQ;",
        ] {
            assert!(
                expand_naive(bad, at(2024, 1, 1, 0, 0), far(), 10, &|u| u).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn has_end_sees_count_and_until() {
        assert!(has_end("FREQ=DAILY;COUNT=3"));
        assert!(has_end("FREQ=DAILY;until=20240101"));
        assert!(!has_end("FREQ=DAILY"));
    }
}

//! One RRULE value read and checked before anything expands it.
//!
//! The rrule crate panics on some inputs (a non-ASCII byte in BYDAY slices a
//! string inside a character) and silently does nothing on others
//! (`INTERVAL=0`), so every part is checked here first: a rule that cannot be
//! read is an error with its reason, a value that is read differently from
//! what it says (`COUNT=-1`, a COUNT beyond any calendar) is a note. RSCALE
//! (RFC 7529) is understood for the Gregorian scale only.

use chrono::{NaiveDateTime, NaiveTime, Weekday};

use super::values::{parse_date, parse_datetime};

/// How often a rule repeats (RFC 5545 §3.3.10 FREQ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Freq {
    Secondly,
    Minutely,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Freq {
    fn parse(v: &str) -> Option<Freq> {
        Some(match v {
            "SECONDLY" => Freq::Secondly,
            "MINUTELY" => Freq::Minutely,
            "HOURLY" => Freq::Hourly,
            "DAILY" => Freq::Daily,
            "WEEKLY" => Freq::Weekly,
            "MONTHLY" => Freq::Monthly,
            "YEARLY" => Freq::Yearly,
            _ => return None,
        })
    }

    /// The length of one period in seconds, for the frequencies whose periods
    /// all have the same wall-clock length (up to WEEKLY).
    pub fn fixed_seconds(self) -> Option<i64> {
        Some(match self {
            Freq::Secondly => 1,
            Freq::Minutely => 60,
            Freq::Hourly => 3_600,
            Freq::Daily => 86_400,
            Freq::Weekly => 7 * 86_400,
            Freq::Monthly | Freq::Yearly => return None,
        })
    }
}

/// UNTIL as written: a date (inclusive: the whole day), a UTC time, or a local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Date(NaiveDateTime),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// RFC 7529 SKIP: what an invalid date (31 April, 29 February in a common
/// year) of an RSCALE rule becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Skip {
    /// Left out (also what plain RFC 5545 rules do).
    #[default]
    Omit,
    /// The last valid day before it.
    Backward,
    /// The first valid day after it.
    Forward,
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The parts for the rrule crate (upper-case, checked), without UNTIL,
    /// COUNT (applied by the caller), RSCALE and SKIP.
    pub text: String,
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u32>,
    pub until: Option<Until>,
    pub skip: Skip,
    /// WKST, the day weeks start on (Monday when not given).
    pub wkst: Option<Weekday>,
    /// Parts other than FREQ, INTERVAL, COUNT, UNTIL and WKST, as `(NAME, VALUE)`.
    pub by: Vec<(String, String)>,
    /// Values read otherwise than written, for the data-quality record.
    pub notes: Vec<String>,
}

impl Rule {
    /// Whether the rule has a usable COUNT or UNTIL (the series has an end).
    pub fn has_end(&self) -> bool {
        self.count.is_some() || self.until.is_some()
    }

    /// The value of a BY part, if the rule has it.
    pub fn by_part(&self, name: &str) -> Option<&str> {
        self.by
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parts of RRULE that the rrule crate understands (besides FREQ, COUNT, UNTIL).
const BY_PARTS: &[&str] = &[
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
];

/// Reads an RRULE value. `Err` says why the rule cannot be used.
pub fn read_rule(value: &str) -> Result<Rule, String> {
    let value = value.trim();
    if let Some(bad) = value
        .chars()
        .find(|c| !c.is_ascii() || c.is_ascii_control())
    {
        return Err(format!(
            "RRULE contains the character {bad:?}, which no rule part allows"
        ));
    }
    let mut reading = Reading::default();
    for part in value.split(';').filter(|p| !p.trim().is_empty()) {
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
        reading.part(key, v.trim().to_ascii_uppercase())?;
    }
    reading.finish()
}

/// A rule being read, part by part.
#[derive(Default)]
struct Reading {
    freq: Option<Freq>,
    interval: Option<u32>,
    count: Option<u32>,
    until: Option<Until>,
    skip: Skip,
    wkst: Option<Weekday>,
    rscale: Option<String>,
    /// The parts kept for the rrule crate (besides FREQ and INTERVAL).
    kept: Vec<String>,
    by: Vec<(String, String)>,
    notes: Vec<String>,
}

impl Reading {
    fn part(&mut self, key: String, v: String) -> Result<(), String> {
        match key.as_str() {
            "FREQ" => self.freq = Some(Freq::parse(&v).ok_or_else(|| format!("bad FREQ `{v}`"))?),
            "INTERVAL" => self.interval = Some(interval(&v)?),
            "COUNT" => self.count = count(&v, &mut self.notes),
            "UNTIL" => {
                self.until = Some(parse_until(&v).ok_or_else(|| format!("bad UNTIL `{v}`"))?)
            }
            "WKST" => {
                self.wkst = Some(weekday(&v).ok_or_else(|| format!("bad WKST `{v}`"))?);
                self.kept.push(format!("WKST={v}"));
            }
            "RSCALE" => self.rscale = Some(v),
            "SKIP" => self.skip = skip(&v)?,
            k if BY_PARTS.contains(&k) => {
                check_by(k, &v)?;
                self.kept.push(format!("{k}={v}"));
                self.by.push((key, v));
            }
            k if k.starts_with("X-") => {}
            // a misspelt part (`UNTL=`) would silently change the series, e.g. make it endless
            _ => return Err(format!("unknown RRULE part `{key}`")),
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Rule, String> {
        let freq = self.freq.ok_or("RRULE has no FREQ")?;
        match self.rscale.as_deref() {
            None if self.skip != Skip::Omit => {
                self.notes.push("SKIP without RSCALE ignored".into());
                self.skip = Skip::Omit;
            }
            None | Some("GREGORIAN") => {}
            Some(other) => {
                return Err(format!(
                    "RSCALE={other}: only the Gregorian scale is expanded (see docs/corpus-differences.md)"
                ))
            }
        }
        let interval = self.interval.unwrap_or(1);
        let mut parts = vec![
            format!("FREQ={}", freq_name(freq)),
            format!("INTERVAL={interval}"),
        ];
        parts.append(&mut self.kept);
        Ok(Rule {
            text: parts.join(";"),
            freq,
            interval,
            count: self.count,
            until: self.until,
            skip: self.skip,
            wkst: self.wkst,
            by: self.by,
            notes: self.notes,
        })
    }
}

fn freq_name(f: Freq) -> &'static str {
    match f {
        Freq::Secondly => "SECONDLY",
        Freq::Minutely => "MINUTELY",
        Freq::Hourly => "HOURLY",
        Freq::Daily => "DAILY",
        Freq::Weekly => "WEEKLY",
        Freq::Monthly => "MONTHLY",
        Freq::Yearly => "YEARLY",
    }
}

/// INTERVAL must be a positive integer (§3.3.10); the rrule crate keeps it in 16 bits.
fn interval(v: &str) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n @ 1..=65_535) => Ok(n),
        _ => Err(format!(
            "bad INTERVAL `{v}` (a positive whole number up to 65535): the rule is not used"
        )),
    }
}

/// COUNT: a positive integer. `COUNT=-1` (seen in real exports) and counts
/// beyond 32 bits (more instances than any window holds) are read as no
/// COUNT, as other readers do, with a note.
fn count(v: &str, notes: &mut Vec<String>) -> Option<u32> {
    match v.parse::<u32>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            notes.push(format!(
                "COUNT={v} is not a usable count: the rule is read without COUNT"
            ));
            None
        }
    }
}

fn skip(v: &str) -> Result<Skip, String> {
    match v {
        "OMIT" => Ok(Skip::Omit),
        "BACKWARD" => Ok(Skip::Backward),
        "FORWARD" => Ok(Skip::Forward),
        _ => Err(format!("bad SKIP `{v}`")),
    }
}

/// A BY part's value list: signed integers, or weekdays with an optional
/// ordinal for BYDAY. Ranges are left to the rrule crate's own validation.
fn check_by(key: &str, v: &str) -> Result<(), String> {
    let ok = |item: &str| {
        let digits = item.trim_start_matches(['+', '-']);
        if key == "BYDAY" {
            let (n, day) = digits.split_at(digits.len().saturating_sub(2));
            n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) && weekday(day).is_some()
        } else {
            (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
        }
    };
    if v.split(',')
        .all(|item| ok(item) && item.len() - item.trim_start_matches(['+', '-']).len() <= 1)
    {
        Ok(())
    } else {
        Err(format!("bad {key} `{v}`"))
    }
}

/// A plain weekday (`MO`), without ordinal.
pub fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_checked_and_normalised() {
        let r = read_rule("freq=monthly;byday=-1fr;X-EVOLUTION-ENDDATE=20240401T000000Z;count=3")
            .unwrap();
        assert_eq!(r.text, "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR");
        assert_eq!(
            (r.freq, r.count, r.notes.len()),
            (Freq::Monthly, Some(3), 0)
        );
    }

    #[test]
    fn non_ascii_and_garbage_in_by_parts_are_errors_not_panics() {
        for bad in [
            "FREQ=WEEKLY;BYDAY=1SéU",
            "FREQ=WEEKLY;BYDAY=MO,XX",
            "FREQ=WEEKLY;BYDAY=123MO",
            "FREQ=WEEKLY;BYDAY=+-1MO",
            "FREQ=MONTHLY;BYMONTHDAY=1a",
            "FREQ=MONTHLY;BYMONTHDAY=",
            "FREQ=DAILY;WKST=XY",
            "FREQ=DAILY\u{0}",
        ] {
            assert!(read_rule(bad).is_err(), "{bad}");
        }
        assert!(read_rule("FREQ=MONTHLY;BYDAY=+2MO,-1SU,FR").is_ok());
    }

    #[test]
    fn nonsensical_count_is_a_note_and_interval_zero_an_error() {
        for v in ["-1", "0", "18446744073709551615", "many"] {
            let r = read_rule(&format!("FREQ=DAILY;COUNT={v}")).unwrap();
            assert_eq!((r.count, r.notes.len()), (None, 1), "{v}");
        }
        assert!(read_rule("FREQ=DAILY;INTERVAL=0").is_err());
        assert!(read_rule("FREQ=DAILY;INTERVAL=65536").is_err());
        assert_eq!(read_rule("FREQ=DAILY;INTERVAL=2").unwrap().interval, 2);
    }

    #[test]
    fn rscale_gregorian_is_read_and_other_scales_rejected() {
        let r = read_rule("RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=FORWARD").unwrap();
        assert_eq!(
            (r.skip, r.text.as_str()),
            (Skip::Forward, "FREQ=YEARLY;INTERVAL=1")
        );
        assert!(read_rule("RSCALE=CHINESE;FREQ=YEARLY").is_err());
        // SKIP means nothing without RSCALE (RFC 7529 §4.1)
        let plain = read_rule("FREQ=YEARLY;SKIP=FORWARD").unwrap();
        assert_eq!((plain.skip, plain.notes.len()), (Skip::Omit, 1));
    }

    #[test]
    fn has_end_sees_usable_count_and_until() {
        let has_end = |text| read_rule(text).is_ok_and(|r| r.has_end());
        assert!(has_end("FREQ=DAILY;COUNT=3"));
        assert!(has_end("FREQ=DAILY;until=20240101"));
        assert!(!has_end("FREQ=DAILY"));
        assert!(!has_end("FREQ=DAILY;COUNT=-1"));
    }
}

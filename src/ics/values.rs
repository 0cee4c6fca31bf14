//! Typed values of iCalendar properties: DATE, DATE-TIME, DURATION, PERIOD and
//! UTC offsets, parsed leniently (lower-case letters, trailing junk is an error).

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::lines::trim;

/// A DATE or DATE-TIME as written, before its zone is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawTime {
    /// `VALUE=DATE`: an all-day value.
    Date(NaiveDate),
    /// A time ending in `Z`.
    Utc(NaiveDateTime),
    /// A local time: with a TZID (one copy per file, see [`SharedTexts`]), or
    /// floating when `tzid` is `None`.
    Local {
        at: NaiveDateTime,
        tzid: Option<Arc<str>>,
    },
}

impl RawTime {
    /// Parses a value with the TZID parameter of its property.
    pub fn parse(value: &str, tzid: Option<&str>) -> Option<RawTime> {
        RawTime::parse_in(value, tzid, &mut SharedTexts::default())
    }

    /// [`RawTime::parse`], the TZID of a local time shared by `tzids`.
    pub fn parse_in(value: &str, tzid: Option<&str>, tzids: &mut SharedTexts) -> Option<RawTime> {
        let v = trim(value);
        if v.len() == 8 {
            return parse_date(v).map(RawTime::Date);
        }
        // `Z` is ASCII: the byte before it ends a character
        let (body, utc) = match v.as_bytes().last() {
            Some(b'Z' | b'z') => (&v[..v.len() - 1], true),
            _ => (v, false),
        };
        let at = parse_datetime(body)?;
        Some(if utc {
            RawTime::Utc(at)
        } else {
            RawTime::Local {
                at,
                tzid: tzid.and_then(|t| tzids.tzid(t)),
            }
        })
    }

    pub fn is_date(&self) -> bool {
        matches!(self, RawTime::Date(_))
    }

    /// The wall-clock (or UTC) value as written; midnight for a date.
    pub fn naive(&self) -> NaiveDateTime {
        match self {
            RawTime::Date(d) => d.and_time(NaiveTime::MIN),
            RawTime::Utc(at) | RawTime::Local { at, .. } => *at,
        }
    }
}

/// One shared copy of each of the few texts a file repeats in nearly every
/// event: the TZIDs its times name (one to three zones, in nearly every
/// DTSTART, DTEND, RECURRENCE-ID and EXDATE) and the zone names of its
/// events' infos. A `String` per time was an allocation per time, on memory
/// the zone's resolver then read back cold (callgrind, export of
/// /tmp/sub200, 1 thread: 133,871 of the run's 1.42 M allocations;
/// import_in_run 2,973.6 -> 2,940.1 M); one per info, an allocation and a
/// free per event.
#[derive(Debug, Default)]
pub struct SharedTexts(Vec<Arc<str>>);

/// The most texts [`SharedTexts`] keeps (a file naming more has each
/// further one copied where it is used): they are compared one by one.
const SHARED_KEPT: usize = 8;

impl SharedTexts {
    /// The shared copy of `text`.
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.0.iter().find(|known| &***known == text) {
            return known.clone();
        }
        let new: Arc<str> = text.into();
        if self.0.len() < SHARED_KEPT {
            self.0.push(new.clone());
        }
        new
    }

    /// The shared copy of the TZID `tzid` without blanks around it; `None`
    /// when nothing is left.
    fn tzid(&mut self, tzid: &str) -> Option<Arc<str>> {
        Some(trim(tzid))
            .filter(|t| !t.is_empty())
            .map(|t| self.get(t))
    }
}

/// `YYYYMMDD`
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    date_of(v.as_bytes().try_into().ok()?)
}

/// The date of eight ASCII digits `YYYYMMDD`.
fn date_of(digits: [u8; 8]) -> Option<NaiveDate> {
    let [century, year, month, day] = digit_pairs(digits)?;
    NaiveDate::from_ymd_opt((century * 100 + year) as i32, month, day)
}

/// `YYYYMMDDTHHMMSS` (seconds may be 60 for a leap second: clamped to 59).
/// The only form read is fifteen bytes with the `T` (or `t`) ninth: checked
/// where they stand, not searched for (a few times per event).
pub fn parse_datetime(v: &str) -> Option<NaiveDateTime> {
    let v: &[u8; 15] = v.as_bytes().try_into().ok()?;
    if !matches!(v[8], b'T' | b't') {
        return None;
    }
    let [date @ .., _, h1, h2, m1, m2, s1, s2] = *v;
    let date = date_of(date)?;
    let [_, h, m, s] = digit_pairs([b'0', b'0', h1, h2, m1, m2, s1, s2])?;
    date.and_hms_opt(h, m, s.min(59))
}

/// The four two-digit numbers eight ASCII digits write, in their order;
/// `None` unless all eight are digits. Read as one word (a DATE-TIME is
/// read for every time of every event, and digit by digit that was a
/// quarter of its cost): a byte is a digit when its high half is 3 and
/// adding 6 keeps it so (no byte carries into the next), and each pair is
/// the first digit times ten plus the second.
fn digit_pairs(digits: [u8; 8]) -> Option<[u32; 4]> {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let word = u64::from_le_bytes(digits);
    let high = |w: u64| w & (0xF0 * EACH);
    if high(word) != 0x30 * EACH || high(word + 6 * EACH) != 0x30 * EACH {
        return None;
    }
    let values = word - 0x30 * EACH;
    // little-endian: the first digit of each pair is its lower byte
    let pairs = (values * 10 + (values >> 8)) & 0x00FF_00FF_00FF_00FF;
    let pair = |i: u32| (pairs >> (16 * i)) as u32 & 0xFF;
    Some([pair(0), pair(1), pair(2), pair(3)])
}

/// An RFC 5545 DURATION: days (and weeks) are nominal, the rest exact (§3.3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dur {
    pub days: i64,
    pub seconds: i64,
}

impl Dur {
    pub fn exact(&self) -> Duration {
        Duration::days(self.days) + Duration::seconds(self.seconds)
    }
}

/// Parses `P1W`, `PT1H30M`, `-P1DT2H`, `P0D`. Values such as `P1H` (missing `T`)
/// are accepted because real exports write them.
pub fn parse_duration(v: &str) -> Option<Dur> {
    let v = v.trim();
    let (sign, rest) = match v.as_bytes().first()? {
        b'-' => (-1, &v[1..]),
        b'+' => (1, &v[1..]),
        _ => (1, v),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut dur = Dur::default();
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' => {}
            unit @ ('W' | 'D' | 'H' | 'M' | 'S') => {
                let n: i64 = number.parse().ok()?;
                if n > 1_000_000 {
                    return None;
                }
                number.clear();
                any = true;
                match unit {
                    'W' => dur.days += 7 * n,
                    'D' => dur.days += n,
                    'H' => dur.seconds += 3600 * n,
                    'M' => dur.seconds += 60 * n,
                    _ => dur.seconds += n,
                }
            }
            _ => return None,
        }
    }
    if !any || !number.is_empty() {
        return None;
    }
    Some(Dur {
        days: sign * dur.days,
        seconds: sign * dur.seconds,
    })
}

/// A UTC offset `+HHMM` or `+HHMMSS`, in seconds east of UTC.
pub fn parse_offset(v: &str) -> Option<i32> {
    let v = v.trim();
    let sign = match v.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &v[1..];
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_datetime` as it was written before it read digits as words:
    /// digit by digit.
    fn datetime_digit_by_digit(v: &str) -> Option<NaiveDateTime> {
        let digits = |ds: &[u8]| ds.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        let v = v.as_bytes();
        if v.len() != 15 || !matches!(v[8], b'T' | b't') {
            return None;
        }
        let (date, time) = (&v[..8], &v[9..]);
        if !date.iter().chain(time).all(u8::is_ascii_digit) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(
            digits(&date[0..4]) as i32,
            digits(&date[4..6]),
            digits(&date[6..8]),
        )?;
        let (h, m, s) = (
            digits(&time[0..2]),
            digits(&time[2..4]),
            digits(&time[4..6]),
        );
        date.and_hms_opt(h, m, s.min(59))
    }

    #[test]
    fn date_times_read_as_words_are_what_digit_by_digit_reading_gives() {
        // every byte value in every place of valid dates and times, and
        // random strings of digits, their neighbours ('/', ':') and others
        let valid = ["20240229T235960", "19991231t000000", "00010101T120000"];
        for text in valid {
            for place in 0..15 {
                for byte in 0..=255u8 {
                    let mut bytes = text.as_bytes().to_vec();
                    bytes[place] = byte;
                    let Ok(v) = String::from_utf8(bytes) else {
                        continue;
                    };
                    assert_eq!(parse_datetime(&v), datetime_digit_by_digit(&v), "{v:?}");
                }
            }
        }
        // first digits near the valid ones (months 0-1, days 0-3, hours 0-2,
        // minutes and seconds 0-6) and, now and then, a byte of another kind
        let highest = *b"99991939T296969";
        let others = b"/:T tZ\x7f";
        let mut rng = crate::rng::Rng::new(1);
        let mut next = |n: usize| rng.below(n);
        let mut read = 0;
        for _ in 0..300_000 {
            let len = [15, 15, 15, 15, 14, 16, 8][next(7)];
            let bytes: Vec<u8> = (0..len)
                .map(|i| match (next(12), highest.get(i)) {
                    (0, _) | (_, None) => others[next(others.len())],
                    (_, Some(b'T')) => b'T',
                    (_, Some(&top)) => b'0' + next(usize::from(top - b'0') + 1) as u8,
                })
                .collect();
            let v = String::from_utf8_lossy(&bytes);
            let got = parse_datetime(&v);
            read += usize::from(got.is_some());
            assert_eq!(got, datetime_digit_by_digit(&v), "{v:?}");
            if v.len() == 8 {
                let by_digit = v
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| datetime_digit_by_digit(&format!("{v}T000000")).map(|t| t.date()));
                assert_eq!(parse_date(&v), by_digit.flatten(), "{v:?}");
            }
        }
        assert!(read > 1_000, "{read}");
    }

    #[test]
    fn parses_the_three_kinds_of_time() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        assert_eq!(RawTime::parse("20240331", None), Some(RawTime::Date(d)));
        assert_eq!(
            RawTime::parse("20240331T010203Z", None),
            Some(RawTime::Utc(d.and_hms_opt(1, 2, 3).unwrap()))
        );
        assert_eq!(
            RawTime::parse("20240331t010203", Some("Europe/Berlin")),
            Some(RawTime::Local {
                at: d.and_hms_opt(1, 2, 3).unwrap(),
                tzid: Some("Europe/Berlin".into())
            })
        );
        assert_eq!(RawTime::parse("20240332", None), None);
        assert_eq!(RawTime::parse("2024-03-31", None), None);
        assert_eq!(RawTime::parse("20240331T25", None), None);
    }

    #[test]
    fn the_times_of_a_file_share_each_tzid_without_blanks() {
        let mut tzids = SharedTexts::default();
        let mut zone = |tzid| match RawTime::parse_in("20240331T010203", tzid, &mut tzids) {
            Some(RawTime::Local { tzid, .. }) => tzid,
            other => panic!("{other:?}"),
        };
        let first = zone(Some("Europe/Berlin"));
        let again = zone(Some(" Europe/Berlin "));
        assert_eq!(first.as_deref(), Some("Europe/Berlin"));
        assert!(matches!((&first, &again), (Some(f), Some(a)) if Arc::ptr_eq(f, a)));
        assert_eq!(zone(Some("Asia/Tokyo")).as_deref(), Some("Asia/Tokyo"));
        assert_eq!(zone(Some("  ")), None);
        assert_eq!(zone(None), None);
    }

    #[test]
    fn the_first_eight_texts_are_shared_and_any_more_copied_where_used() {
        let mut texts = SharedTexts::default();
        let names: Vec<String> = (0..10).map(|i| format!("Zone/{i}")).collect();
        let first: Vec<Arc<str>> = names.iter().map(|n| texts.get(n)).collect();
        for (i, (name, copy)) in names.iter().zip(&first).enumerate() {
            let again = texts.get(name);
            assert_eq!(&*again, name.as_str());
            assert_eq!(Arc::ptr_eq(copy, &again), i < SHARED_KEPT);
        }
    }

    #[test]
    fn a_date_time_is_fifteen_bytes_with_the_t_ninth() {
        let at =
            |d, (h, m, s)| NaiveDate::from_ymd_opt(2024, 2, d).and_then(|d| d.and_hms_opt(h, m, s));
        for (text, want) in [
            ("20240229T235960", at(29, (23, 59, 59))),
            ("20240201t000000", at(1, (0, 0, 0))),
            ("20240230T000000", None),
            ("20240201T240000", None),
            ("20240201T0000000", None),
            ("20240201T00000", None),
            ("2024020T1000000", None),
            ("202402011T00000", None),
            ("20240201T00000T", None),
            ("20240201 000000", None),
            ("2024020aT000000", None),
            ("20240201T00000a", None),
            ("20240201T00:000", None),
            ("+0240201T000000", None),
            ("", None),
            ("20240201éT00000", None),
        ] {
            assert_eq!(parse_datetime(text), want, "{text:?}");
        }
        // the `Z` of a UTC time goes, in either case, and only at the end
        let utc = at(1, (9, 0, 0)).map(RawTime::Utc);
        assert_eq!(RawTime::parse("20240201T090000z", None), utc);
        assert_eq!(RawTime::parse(" 20240201T090000Z ", None), utc);
        assert_eq!(RawTime::parse("20240201T090000ZZ", None), None);
        assert_eq!(RawTime::parse("Z", None), None);
        assert_eq!(RawTime::parse("20240201T09000é", None), None);
    }

    #[test]
    fn durations_keep_days_nominal() {
        assert_eq!(
            parse_duration("P1W"),
            Some(Dur {
                days: 7,
                seconds: 0
            })
        );
        assert_eq!(
            parse_duration("PT1H30M"),
            Some(Dur {
                days: 0,
                seconds: 5400
            })
        );
        assert_eq!(
            parse_duration("-P1DT2H"),
            Some(Dur {
                days: -1,
                seconds: -7200
            })
        );
        assert_eq!(
            parse_duration("P1H"),
            Some(Dur {
                days: 0,
                seconds: 3600
            })
        );
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("PT5"), None);
        assert_eq!(parse_duration("1H"), None);
    }

    #[test]
    fn offsets_in_seconds() {
        assert_eq!(parse_offset("+0100"), Some(3600));
        assert_eq!(parse_offset("-0530"), Some(-19800));
        assert_eq!(parse_offset("+001730"), Some(1050));
        assert_eq!(parse_offset("0100"), None);
        assert_eq!(parse_offset("+2500"), None);
    }
}

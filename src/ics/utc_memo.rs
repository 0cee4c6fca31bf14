//! The UTC instants of wall-clock times in IANA zones
//! ([`super::tz::Zone::to_utc`]), remembered by the thread as offsets in a
//! small table. (A VTIMEZONE table has its offsets by wall-clock time: see
//! `Transitions::local_offset`.)
//!
//! The instances of a series and the copies of a meeting in every attendee's
//! calendar fall on the same few wall-clock times, and working one out
//! searches the zone's offsets two or three times. A hash map of every
//! conversion (tens of thousands of entries, 48 bytes each) outgrew the
//! core's cache on a whole corpus, and its look-ups became cache misses.
//! Here a conversion is a 64-bit key (the IANA zone's number and the wall-clock
//! year, day of the year and second of the day) and a 32-bit offset in a
//! two-way table of 32 KiB, which stays in the core's L1 cache: each look-up
//! reads one aligned half cache line, and a new conversion evicts the older
//! of its two neighbours. Sized on the whole corpus (perf, import bench, 2
//! threads): at 512 KiB the table held most conversions of a run, but
//! nearly every first look-up of a time waited for memory (the files
//! streaming through the caches evict it), which cost more than working
//! out the conversions a 32 KiB table forgets (time zone code 7.5% of the
//! samples at 512 KiB, 2.9% at 32 KiB, about the same from 8 to 64 KiB).
//! The offset depends on the zone and the time alone, so a remembered one
//! is the one that would be worked out. When the offset keeps the day
//! (nearly always), the instant is the wall-clock day at the second less
//! the offset, with none of chrono's date arithmetic.

use std::cell::RefCell;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// Buckets of the table, a power of two (2 slots of 16 bytes each).
const BUCKETS: usize = 1 << 10;

/// A key, from its low bits: the second of the day (17 bits), the day of
/// the year (9), the year plus [`YEARS`] (19: chrono's years are less than
/// 2^18 either side of 0) and the zone's number (the 19 bits left).
const DAY_BITS: u32 = 17;
const YEAR_BITS: u32 = DAY_BITS + 9;
const ZONE_BITS: u32 = YEAR_BITS + 19;
const YEARS: i32 = 1 << 18;

/// Zone numbers from here on are not remembered; nor is it a key (it marks
/// an empty slot).
const ZONES: u64 = (1 << (64 - ZONE_BITS)) - 1;
const EMPTY: u64 = u64::MAX;

#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    offset: i32,
}

/// Two slots, the newer first, in one half of a cache line.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Bucket([Slot; 2]);

const EMPTY_BUCKET: Bucket = Bucket(
    [Slot {
        key: EMPTY,
        offset: 0,
    }; 2],
);

/// The UTC instant of wall-clock `local` in zone number `zone`: `local`
/// less its offset (seconds east of UTC), from the thread's table or from
/// `work_out` (then remembered). Times with fractions of a second and zone
/// numbers past [`ZONES`] are always worked out.
#[inline]
pub(super) fn utc_at(
    zone: u64,
    local: NaiveDateTime,
    work_out: impl FnOnce() -> i32,
) -> DateTime<Utc> {
    let offset = match key(zone, local) {
        Some(key) => offset(key, work_out),
        None => work_out(),
    };
    less(local, offset)
}

/// `local` less `offset` seconds, as UTC (see [`within_day`]).
pub(super) fn less(local: NaiveDateTime, offset: i32) -> DateTime<Utc> {
    match within_day(local, -i64::from(offset)) {
        Some(at) => at.and_utc(),
        // another day (or past chrono's range, where `shifted` panics, as before)
        None => shifted(local, offset),
    }
}

/// `t` plus `seconds`, when that is the same day and `t` a whole second
/// (nearly always): the day at the second moved, with none of chrono's
/// date arithmetic. `None` otherwise.
pub(super) fn within_day(t: NaiveDateTime, seconds: i64) -> Option<NaiveDateTime> {
    let second = i64::from(t.num_seconds_from_midnight()).checked_add(seconds)?;
    let second = u32::try_from(second).ok().filter(|_| t.nanosecond() == 0)?;
    Some(
        t.date()
            .and_time(NaiveTime::from_num_seconds_from_midnight_opt(second, 0)?),
    )
}

/// `local` less `offset` seconds, as UTC.
fn shifted(local: NaiveDateTime, offset: i32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(local - Duration::seconds(offset.into())))
}

/// The offset remembered under `key`, or worked out and remembered.
fn offset(key: u64, work_out: impl FnOnce() -> i32) -> i32 {
    thread_local! {
        static TABLE: RefCell<Vec<Bucket>> = const { RefCell::new(Vec::new()) };
    }
    let at = bucket_of(key);
    let known = TABLE.with_borrow(|table| {
        let bucket = table.get(at)?;
        bucket.0.iter().find(|s| s.key == key).map(|s| s.offset)
    });
    if let Some(offset) = known {
        return offset;
    }
    let offset = work_out();
    TABLE.with_borrow_mut(|table| {
        if table.is_empty() {
            table.resize(BUCKETS, EMPTY_BUCKET);
        }
        if let Some(bucket) = table.get_mut(at) {
            bucket.0[1] = bucket.0[0];
            bucket.0[0] = Slot { key, offset };
        }
    });
    offset
}

/// The key of a conversion, if it can be remembered.
fn key(zone: u64, local: NaiveDateTime) -> Option<u64> {
    let year = u64::try_from(local.year().checked_add(YEARS)?).ok()?;
    if zone >= ZONES || year >> (ZONE_BITS - YEAR_BITS) != 0 || local.nanosecond() != 0 {
        return None;
    }
    let day = u64::from(local.ordinal());
    let second = u64::from(local.num_seconds_from_midnight());
    Some(zone << ZONE_BITS | year << YEAR_BITS | day << DAY_BITS | second)
}

/// Fibonacci hashing: wall-clock times on a quarter-hour grid spread over
/// every bucket.
fn bucket_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BUCKETS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        DateTime::from_timestamp(seconds, 0).unwrap().naive_utc()
    }

    #[test]
    fn keys_tell_zones_and_seconds_apart() {
        let times = [0, -1, 1, 1_700_000_000, -62_135_596_800];
        let mut seen = std::collections::HashSet::new();
        for zone in [0, 1, 596, 1024, ZONES - 1] {
            for t in times {
                let k = key(zone, at(t)).unwrap();
                assert_ne!(k, EMPTY);
                assert!(seen.insert(k), "{zone} {t}");
            }
        }
        // chrono's first and last seconds fit; fractions and big zone numbers are not remembered
        assert!(key(3, NaiveDateTime::MIN).is_some());
        assert!(key(3, NaiveDateTime::MAX.with_nanosecond(0).unwrap()).is_some());
        assert_eq!(key(3, at(5) + Duration::milliseconds(1)), None);
        assert_eq!(key(ZONES, at(5)), None);
    }

    /// An offset that depends on the zone and the time only, as a zone's does.
    fn offset_of(zone: u64, t: NaiveDateTime) -> i32 {
        let quarter = (t.and_utc().timestamp() / 900).rem_euclid(113) as i32;
        ((zone % 29) as i32 - 14) * 3600 + quarter * 60
    }

    #[test]
    fn a_remembered_instant_is_the_local_time_less_its_offset() {
        // more conversions than slots, each asked twice in a row and again
        // after others evicted it, on both sides of 1970
        for round in 0..2 {
            for i in 0..(3 * BUCKETS as i64) {
                let zone = (i % 7) as u64 * 150;
                let t = at(-40_000_000 + i * 3_607);
                let want = shifted(t, offset_of(zone, t));
                assert_eq!(
                    want,
                    t.and_utc() - Duration::seconds(offset_of(zone, t).into())
                );
                assert_eq!(utc_at(zone, t, || offset_of(zone, t)), want, "{round}");
                // just asked: remembered, not worked out again
                assert_eq!(utc_at(zone, t, || 1), want, "{round} {t}");
            }
        }
        // a time that cannot be remembered is worked out every time
        let odd = at(9) + Duration::nanoseconds(5);
        assert_eq!(utc_at(1, odd, || 60), shifted(odd, 60));
        assert_eq!(utc_at(1, odd, || 120), shifted(odd, 120));
        // chrono's last second, a zone east of UTC
        let last = NaiveDateTime::MAX.with_nanosecond(0).unwrap();
        assert_eq!(utc_at(2, last, || 3_600), shifted(last, 3_600));
    }
}

//! One checked RRULE expanded in wall-clock time.
//!
//! The rrule crate expands in a zone of its own and rejects local UNTIL values
//! and zones it does not know. meetload hands it the event's wall-clock times
//! dressed as UTC, so a 10:00 meeting stays at 10:00 across daylight-saving
//! changes, applies UNTIL and COUNT itself (in the event's wall-clock time) and
//! converts to real UTC afterwards with its own zone resolver.
//!
//! The cap counts from the window start, not from DTSTART: a rule without
//! COUNT whose periods all have one length (up to WEEKLY) starts at the last
//! whole period before the window, so a minutely series begun years ago costs
//! nothing before the window; other rules pass over the instances before it,
//! at most `Bounds::pass_over` of them (the caller's budget).

use chrono::{Duration, NaiveDateTime, TimeZone};
use rrule::{RRule, Unvalidated};

use super::rscale;
use super::rule::{read_rule, Rule, Skip, Until};

/// Instances before the window that one rule may pass over (they cost time,
/// not memory); past that the series is cut and says so.
pub const MAX_PASSED_OVER: u64 = 2_000_000;

/// What one rule may produce: instants from `from` to `limit` (wall-clock),
/// at most `cap`, passing over at most `pass_over` instants before `from`.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub from: NaiveDateTime,
    pub limit: NaiveDateTime,
    pub cap: usize,
    pub pass_over: u64,
}

/// The instants one rule produces inside its bounds.
#[derive(Debug, Default)]
pub struct Expansion {
    pub starts: Vec<NaiveDateTime>,
    /// The cap stopped the expansion before the limit.
    pub truncated: bool,
    /// More than `pass_over` instances came before `from`: the rest was not reached.
    pub passed_over_cut: bool,
    /// Instants passed over before `from`.
    pub passed: u64,
}

/// Reads and expands `rule` from `start` (wall-clock) up to `limit`, at most
/// `cap` instants (VTIMEZONE rules and the sample generator, which have no window start).
pub fn expand_naive(
    rule: &str,
    start: NaiveDateTime,
    limit: NaiveDateTime,
    cap: usize,
    until_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Expansion, String> {
    let bounds = Bounds {
        from: NaiveDateTime::MIN,
        limit,
        cap,
        pass_over: MAX_PASSED_OVER,
    };
    expand(&read_rule(rule)?, start, &bounds, until_to_local)
}

/// Expands a checked rule from `start` (wall-clock) within `bounds`.
/// `until_to_local` turns a UTC UNTIL into the event's wall-clock time. The
/// first instant is whatever the rule produces: callers add DTSTART
/// themselves (RFC 5545 §3.8.5.3 counts it as the first instance).
pub fn expand(
    rule: &Rule,
    start: NaiveDateTime,
    bounds: &Bounds,
    until_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Expansion, String> {
    let until = rule.until.map(|u| match u {
        Until::Date(at) | Until::Local(at) => at,
        Until::Utc(at) => until_to_local(at),
    });
    let stop = until.map_or(bounds.limit, |u| u.min(bounds.limit));
    if bounds.cap == 0 {
        // the budget is used up: nothing to compute, the rule is cut
        return Ok(Expansion {
            truncated: true,
            ..Expansion::default()
        });
    }
    if rule.skip != Skip::Omit && rscale::handles(rule) {
        let instants = rscale::instants(rule, start, stop);
        return Ok(collect(instants, rule.count, stop, bounds));
    }
    let from = skip_ahead(rule, start, bounds.from);
    let parsed: RRule<Unvalidated> = rule
        .text
        .parse()
        .map_err(|e| format!("RRULE `{}`: {e}", rule.text))?;
    let set = parsed
        .build(rrule::Tz::UTC.from_utc_datetime(&from))
        .map_err(|e| format!("RRULE `{}`: {e}", rule.text))?
        .limit();
    // the last guard: a rule the checks let through must not take the import down
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let instants = (&set).into_iter().map(|at| at.naive_utc());
        collect(instants, rule.count, stop, bounds)
    }))
    .map_err(|_| format!("RRULE `{}` could not be expanded", rule.text))
}

/// For a rule without COUNT whose periods have one length, the start moved
/// forward by whole periods to the last one that begins at least a period
/// before `from`: the same instants from there on, without computing the earlier ones.
fn skip_ahead(rule: &Rule, start: NaiveDateTime, from: NaiveDateTime) -> NaiveDateTime {
    let Some(seconds) = rule.freq.fixed_seconds() else {
        return start;
    };
    if rule.count.is_some() || from <= start {
        return start;
    }
    let period = seconds * i64::from(rule.interval);
    let whole = (from - start).num_seconds() / period - 1;
    if whole < 1 {
        return start;
    }
    whole
        .checked_mul(period)
        .and_then(Duration::try_seconds)
        .and_then(|d| start.checked_add_signed(d))
        .unwrap_or(start)
}

/// Applies COUNT, the stop, the window start and the cap to a rule's instants.
fn collect(
    instants: impl Iterator<Item = NaiveDateTime>,
    count: Option<u32>,
    stop: NaiveDateTime,
    bounds: &Bounds,
) -> Expansion {
    let mut out = Expansion::default();
    for (produced, at) in (0_u64..).zip(instants) {
        if at > stop || count.is_some_and(|c| produced >= u64::from(c)) {
            break;
        }
        if at < bounds.from {
            if out.passed >= bounds.pass_over {
                out.passed_over_cut = true;
                break;
            }
            out.passed += 1;
            continue;
        }
        if out.starts.len() >= bounds.cap {
            out.truncated = true;
            break;
        }
        out.starts.push(at);
    }
    out
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

    fn window(rule: &str, start: NaiveDateTime, from: NaiveDateTime, cap: usize) -> Expansion {
        let bounds = Bounds {
            from,
            limit: far(),
            cap,
            pass_over: MAX_PASSED_OVER,
        };
        expand(&read_rule(rule).unwrap(), start, &bounds, &|u| u).unwrap()
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
    fn the_cap_counts_from_the_window_start() {
        // a minutely series begun in 2015: the window of 2025 gets its 10 instants
        let e = window(
            "FREQ=MINUTELY",
            at(2015, 1, 1, 0, 0),
            at(2025, 6, 2, 9, 0),
            10,
        );
        assert_eq!(e.starts.first(), Some(&at(2025, 6, 2, 9, 0)));
        assert_eq!(e.starts.last(), Some(&at(2025, 6, 2, 9, 9)));
        assert!(e.truncated && !e.passed_over_cut);
        // skipping ahead keeps the phase: every 7 minutes from 00:03
        let e = window(
            "FREQ=MINUTELY;INTERVAL=7",
            at(2015, 1, 1, 0, 3),
            at(2025, 1, 1, 0, 0),
            2,
        );
        let minutes = (e.starts[0] - at(2015, 1, 1, 0, 3)).num_minutes();
        assert_eq!(
            (minutes % 7, e.starts[1] - e.starts[0]),
            (0, Duration::minutes(7))
        );
        // weekly on two days, begun years before: the same weekdays in the window
        let e = window(
            "FREQ=WEEKLY;BYDAY=MO,TH",
            at(2001, 1, 1, 9, 0),
            at(2025, 6, 4, 0, 0),
            2,
        );
        assert_eq!(e.starts, vec![at(2025, 6, 5, 9, 0), at(2025, 6, 9, 9, 0)]);
    }

    #[test]
    fn count_still_counts_from_dtstart() {
        // 5 daily instants from 1 Jan: 1-5 Jan; the window from 4 Jan keeps 4 and 5
        let e = window(
            "FREQ=DAILY;COUNT=5",
            at(2024, 1, 1, 9, 0),
            at(2024, 1, 4, 0, 0),
            100,
        );
        assert_eq!(e.starts, vec![at(2024, 1, 4, 9, 0), at(2024, 1, 5, 9, 0)]);
    }

    #[test]
    fn passing_over_too_many_instances_cuts_the_series() {
        let e = window(
            "FREQ=SECONDLY;COUNT=100000000",
            at(2000, 1, 1, 0, 0),
            at(2025, 1, 1, 0, 0),
            10,
        );
        assert!(e.passed_over_cut && e.starts.is_empty());
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
            "FREQ=WEEKLY;BYDAY=1SéU",
            "FREQ=DAILY;INTERVAL=0",
        ] {
            assert!(
                expand_naive(bad, at(2024, 1, 1, 0, 0), far(), 10, &|u| u).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_rule_that_never_matches_ends_without_a_panic() {
        // 30 February never exists: the rrule crate gives up after its loop limit
        for rule in [
            "FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=YEARLY;INTERVAL=65535;BYMONTH=2;BYMONTHDAY=30",
        ] {
            if let Ok(e) = expand_naive(rule, at(2024, 1, 1, 0, 0), far(), 10, &|u| u) {
                assert!(e.starts.is_empty(), "{rule}");
            }
        }
    }
}

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

use chrono::{Datelike, Duration, NaiveDateTime, TimeZone};
use rrule::{RRule, Unvalidated};

use super::monthly::{Monthly, MonthlyInstants};
use super::periodic::{Instants, Periodic};
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
    if let Some(instants) = periodic_instants(rule, from, stop, bounds) {
        return Ok(collect(instants, rule.count, stop, bounds));
    }
    if let Some(instants) = monthly_instants(rule, from, stop, bounds) {
        return Ok(collect(instants, rule.count, stop, bounds));
    }
    by_crate(rule, from, |instants| {
        collect(instants, rule.count, stop, bounds)
    })
}

/// The instants of a [`Periodic`] rule from `from`, when what [`collect`]
/// reads of them stays well inside the years the rrule crate computes
/// (to 10,000, where it stops): there both give the same instants. The
/// expansion ends at `stop`, at COUNT, or at the cap counted from the
/// window start, whichever comes first; every period after the first
/// yields an instant, and one more period is read past the end.
fn periodic_instants(
    rule: &Rule,
    from: NaiveDateTime,
    stop: NaiveDateTime,
    bounds: &Bounds,
) -> Option<Instants> {
    let periodic = Periodic::of(rule)?;
    let after = |at: NaiveDateTime, periods: u64| {
        periodic
            .periods(periods.checked_add(3)?)
            .and_then(|d| at.checked_add_signed(d))
    };
    let capped = after(from.max(bounds.from), u64::try_from(bounds.cap).ok()?);
    let counted = rule.count.and_then(|c| after(from, c.into()));
    let last = [Some(stop), capped, counted].into_iter().flatten().min()?;
    let safe = |at: NaiveDateTime| (1..=9_000).contains(&at.year());
    (safe(from) && safe(last)).then(|| periodic.instants(from))?
}

/// The instants of a [`Monthly`] rule from `from`, under the same
/// condition as [`periodic_instants`]: what [`collect`] reads of them
/// (to `stop`, COUNT or the cap, and a few months more) stays well inside
/// the years the rrule crate computes.
fn monthly_instants(
    rule: &Rule,
    from: NaiveDateTime,
    stop: NaiveDateTime,
    bounds: &Bounds,
) -> Option<MonthlyInstants> {
    let monthly = Monthly::of(rule)?;
    let year_after = |at: NaiveDateTime, periods: u64| {
        let months = monthly.months(periods.checked_add(3)?)?;
        i64::from(at.year()).checked_add(i64::try_from(months / 12).ok()? + 1)
    };
    let capped = year_after(from.max(bounds.from), u64::try_from(bounds.cap).ok()?);
    let counted = rule.count.and_then(|c| year_after(from, c.into()));
    let last = [Some(i64::from(stop.year())), capped, counted]
        .into_iter()
        .flatten()
        .min()?;
    let safe = |year: i64| (1..=9_000).contains(&year);
    (safe(from.year().into()) && safe(last)).then(|| monthly.instants(from))?
}

/// Gives `use_instants` the instants of `rule` from `from`, as the rrule crate expands them.
fn by_crate<T>(
    rule: &Rule,
    from: NaiveDateTime,
    use_instants: impl FnOnce(&mut dyn Iterator<Item = NaiveDateTime>) -> T,
) -> Result<T, String> {
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
        use_instants(&mut (&set).into_iter().map(|at| at.naive_utc()))
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

    /// The first `n` instants of `text` from `start`, by the periodic path
    /// (`None` when it does not take the rule) and by the rrule crate.
    fn both_ways(
        text: &str,
        start: NaiveDateTime,
        n: usize,
    ) -> (Option<Vec<NaiveDateTime>>, Vec<NaiveDateTime>) {
        let rule = read_rule(text).unwrap();
        let ours = Periodic::of(&rule)
            .and_then(|p| p.instants(start))
            .map(|i| i.take(n).collect());
        let theirs = by_crate(&rule, start, |i| i.take(n).collect()).unwrap();
        (ours, theirs)
    }

    #[test]
    fn periodic_rules_give_what_the_rrule_crate_gives() {
        const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        // every set of weekdays (none: DTSTART's), every WKST, intervals, and
        // starts on each weekday across a year end (2024 is a leap year)
        let starts: Vec<NaiveDateTime> = (0..7)
            .map(|d| at(2024, 12, 28, 9, 15) + Duration::days(d))
            .chain([at(2024, 2, 28, 23, 59), at(1999, 12, 31, 0, 0)])
            .collect();
        let mut checked = 0;
        for mask in 0..128_u32 {
            let mut days: Vec<&str> = (0..7)
                .filter(|d| mask & (1 << d) != 0)
                .map(|d| DAYS[d])
                .collect();
            // written out of order and with a repeat now and then
            if mask % 3 == 0 {
                days.reverse();
            }
            if mask % 5 == 0 {
                days.extend(days.first().copied());
            }
            let byday = if days.is_empty() {
                String::new()
            } else {
                format!(";BYDAY={}", days.join(","))
            };
            for wkst in std::iter::once("").chain(DAYS) {
                let wkst = if wkst.is_empty() {
                    String::new()
                } else {
                    format!(";WKST={wkst}")
                };
                for interval in [1, 2, 3] {
                    let text = format!("FREQ=WEEKLY;INTERVAL={interval}{byday}{wkst}");
                    for &start in &starts {
                        let (ours, theirs) = both_ways(&text, start, 25);
                        assert_eq!(ours.as_ref(), Some(&theirs), "{text} from {start}");
                        checked += 1;
                    }
                }
            }
        }
        for interval in [1, 2, 6, 7, 30, 400] {
            let text = format!("FREQ=DAILY;INTERVAL={interval}");
            for &start in &starts {
                let (ours, theirs) = both_ways(&text, start, 40);
                assert_eq!(ours.as_ref(), Some(&theirs), "{text} from {start}");
            }
        }
        assert_eq!(checked, 128 * 8 * 3 * starts.len());
    }

    #[test]
    fn monthly_rules_on_one_weekday_give_what_the_rrule_crate_gives() {
        const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        // starts before, on and after the rule's day, at the ends of months,
        // on 29 February and across a year end
        let starts = [
            at(2024, 1, 1, 9, 0),
            at(2024, 2, 29, 23, 59),
            at(2024, 3, 15, 0, 0),
            at(2024, 12, 31, 12, 30),
            at(2025, 1, 28, 8, 0),
            at(1999, 12, 25, 0, 0),
        ];
        let mut checked = 0;
        for day in DAYS {
            for nth in ["1", "2", "3", "4", "-1", "+2"] {
                for form in [
                    format!("BYDAY={nth}{day}"),
                    format!("BYDAY={day};BYSETPOS={nth}"),
                    format!("BYSETPOS={nth};BYDAY={day}"),
                ] {
                    for interval in [1, 2, 5] {
                        let text = format!("FREQ=MONTHLY;INTERVAL={interval};{form}");
                        let rule = read_rule(&text).unwrap();
                        let monthly = Monthly::of(&rule);
                        assert!(monthly.is_some(), "{text}");
                        for &start in &starts {
                            let ours: Option<Vec<_>> = monthly
                                .as_ref()
                                .and_then(|m| m.instants(start))
                                .map(|i| i.take(30).collect());
                            let theirs = by_crate(&rule, start, |i| i.take(30).collect()).unwrap();
                            assert_eq!(ours, Some(theirs), "{text} from {start}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 7 * 6 * 3 * 3 * starts.len());
        // what the crate keeps: a fifth weekday (not in every month), lists, other parts
        for text in [
            "FREQ=MONTHLY;BYDAY=5MO",
            "FREQ=MONTHLY;BYDAY=-2MO",
            "FREQ=MONTHLY;BYDAY=MO",
            "FREQ=MONTHLY;BYDAY=1MO,3MO",
            "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,3",
            "FREQ=MONTHLY;BYDAY=1MO;BYSETPOS=1",
            "FREQ=MONTHLY;BYDAY=1MO;BYMONTH=3",
            "FREQ=MONTHLY;BYMONTHDAY=1",
            "FREQ=YEARLY;BYDAY=1MO",
        ] {
            assert_eq!(Monthly::of(&read_rule(text).unwrap()), None, "{text}");
        }
    }

    #[test]
    fn monthly_expansion_keeps_count_until_and_the_window() {
        // the first Thursday, every other month, from a start after January's
        let rule = "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TH;COUNT=3";
        let got = run(rule, at(2024, 1, 10, 9, 0));
        assert_eq!(
            got,
            vec![
                at(2024, 3, 7, 9, 0),
                at(2024, 5, 2, 9, 0),
                at(2024, 7, 4, 9, 0)
            ]
        );
        let until = run(
            "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20240329",
            at(2024, 1, 1, 9, 0),
        );
        assert_eq!(until.last(), Some(&at(2024, 3, 29, 9, 0)));
        assert_eq!(until.len(), 3);
        // the window: instants before it are passed over, the cap counts from it
        let e = window(
            "FREQ=MONTHLY;BYDAY=2TU",
            at(2020, 1, 1, 9, 0),
            at(2024, 6, 1, 0, 0),
            2,
        );
        assert_eq!(e.starts, vec![at(2024, 6, 11, 9, 0), at(2024, 7, 9, 9, 0)]);
        assert!(e.truncated && e.passed == 53);
        // near the crate's last year the crate expands
        let far_start = at(8_995, 1, 2, 10, 0);
        let bounds = Bounds {
            from: far_start,
            limit: NaiveDateTime::MAX,
            cap: 2_000,
            pass_over: MAX_PASSED_OVER,
        };
        let rule = read_rule("FREQ=MONTHLY;BYDAY=1MO").unwrap();
        assert!(monthly_instants(&rule, far_start, NaiveDateTime::MAX, &bounds).is_none());
    }

    #[test]
    fn other_rules_are_left_to_the_rrule_crate() {
        for text in [
            "FREQ=WEEKLY;BYDAY=1MO",
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9,10",
            "FREQ=WEEKLY;BYMONTH=1",
            "FREQ=DAILY;BYDAY=MO",
            "FREQ=MONTHLY;BYDAY=MO",
            "FREQ=HOURLY",
        ] {
            let rule = read_rule(text).unwrap();
            assert_eq!(Periodic::of(&rule), None, "{text}");
        }
    }

    #[test]
    fn periodic_expansion_near_the_crates_last_year_is_the_crates() {
        // the crate stops at the year 10,000: far horizons are left to it
        let start = at(8_990, 1, 2, 10, 0);
        let bounds = Bounds {
            from: start,
            limit: NaiveDateTime::MAX,
            cap: 2_000,
            pass_over: MAX_PASSED_OVER,
        };
        let rule = read_rule("FREQ=WEEKLY;INTERVAL=52").unwrap();
        assert!(periodic_instants(&rule, start, NaiveDateTime::MAX, &bounds).is_none());
        let got = expand(&rule, start, &bounds, &|u| u).unwrap();
        let last = got.starts.last().map(|t| t.year());
        assert!(!got.truncated && last < Some(10_001), "{last:?}");
        let near = read_rule("FREQ=WEEKLY;COUNT=10").unwrap();
        assert!(periodic_instants(&near, start, NaiveDateTime::MAX, &bounds).is_some());
    }
}

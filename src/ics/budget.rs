//! Occurrence budgets: how many occurrences one event, one calendar and one
//! run may produce, counted inside the analysis window (with the margin an
//! instance needs to reach into it).
//!
//! Caps per RRULE line were not enough: one event with a thousand minutely
//! rules, or a hundred secondly events in one file, stayed under every
//! per-line cap and still asked for gigabytes. A budget bounds memory and
//! time for any input; what it cuts is a warning with the event's line.
//!
//! An event may use what is left when it starts; calendars imported in
//! parallel read the run's budget without reserving it, so a run can end above
//! it by at most one event's budget per thread, and which calendar a run
//! budget cuts depends on the order they finish in (it is reported either way).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::recur::MAX_PASSED_OVER;

/// The budgets of an import (part of `ImportOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    /// Occurrences of one event (its DTSTART, all its RRULE and RDATE lines together).
    pub per_event: usize,
    /// Occurrences of one calendar.
    pub per_calendar: usize,
    /// Occurrences of all calendars of one run together.
    pub per_run: usize,
}

impl Default for Budgets {
    /// 100,000 per event (an hourly series over eleven years), 200,000 per
    /// calendar (a hundred times a busy person's year) and 20,000,000 per
    /// run: about 18,000 people of the realistic benchmark organisation's
    /// year (1.09 million occurrences per 1,000 people), whose analysis holds
    /// about 0.45 KB per occurrence (some 9 GB); larger organisations are
    /// mapped in shards (docs/scale-out.md). The run budget was 5,000,000,
    /// which would have cut a realistic 5,000-person year.
    fn default() -> Budgets {
        Budgets {
            per_event: 100_000,
            per_calendar: 200_000,
            per_run: 20_000_000,
        }
    }
}

/// What is left of the run's budget, shared by the calendars imported in parallel.
#[derive(Debug)]
pub struct RunBudget(AtomicUsize);

impl RunBudget {
    pub fn new(budgets: &Budgets) -> RunBudget {
        RunBudget(AtomicUsize::new(budgets.per_run))
    }

    fn left(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    fn spend(&self, n: usize) {
        // saturating: a series may end a little above what it was allowed
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                Some(left.saturating_sub(n))
            });
    }
}

/// Which budget limited an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Event,
    Calendar,
    Run,
}

impl Limit {
    pub fn label(self) -> &'static str {
        match self {
            Limit::Event => "per event",
            Limit::Calendar => "per calendar",
            Limit::Run => "per run",
        }
    }
}

/// The budget of one calendar's import.
#[derive(Debug)]
pub struct Budget<'r> {
    limits: Budgets,
    used: usize,
    run: &'r RunBudget,
    /// A calendar or run budget has been reported as reached: later events are cut silently.
    told: std::cell::Cell<bool>,
    /// Instants before the window the calendar's rules may still pass over.
    pass_over: std::cell::Cell<u64>,
}

/// Instants before the window that the rules of one calendar may pass over
/// together (time, not memory: a few seconds at most).
pub const PASS_OVER_PER_CALENDAR: u64 = 20_000_000;

impl<'r> Budget<'r> {
    pub fn new(limits: Budgets, run: &'r RunBudget) -> Budget<'r> {
        Budget {
            limits,
            used: 0,
            run,
            told: std::cell::Cell::new(false),
            pass_over: std::cell::Cell::new(PASS_OVER_PER_CALENDAR),
        }
    }

    /// How many occurrences the next event may produce, and which budget says so.
    pub fn allowance(&self) -> (usize, Limit) {
        let calendar = self.limits.per_calendar.saturating_sub(self.used);
        let run = self.run.left();
        [
            (self.limits.per_event, Limit::Event),
            (calendar, Limit::Calendar),
            (run, Limit::Run),
        ]
        .into_iter()
        .min_by_key(|(n, _)| *n)
        .unwrap_or((0, Limit::Event))
    }

    /// Records what an event produced.
    pub fn spend(&mut self, n: usize) {
        self.used += n;
        self.run.spend(n);
    }

    /// Whether a cut by `which` should be reported: every cut by the event
    /// budget, but only the first by the calendar's or the run's (every later
    /// event of the calendar is cut too, and one warning says so).
    pub fn report(&self, which: Limit) -> bool {
        which == Limit::Event || !self.told.replace(true)
    }

    /// How many instants before the window the next rule may pass over.
    pub fn pass_over(&self) -> u64 {
        self.pass_over.get().min(MAX_PASSED_OVER)
    }

    /// Records what a rule passed over.
    pub fn passed_over(&self, n: u64) {
        self.pass_over.set(self.pass_over.get().saturating_sub(n));
    }

    /// The size of a budget, for messages.
    pub fn size(&self, which: Limit) -> usize {
        match which {
            Limit::Event => self.limits.per_event,
            Limit::Calendar => self.limits.per_calendar,
            Limit::Run => self.limits.per_run,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_budget_left_decides() {
        let limits = Budgets {
            per_event: 10,
            per_calendar: 25,
            per_run: 28,
        };
        let run = RunBudget::new(&limits);
        let mut a = Budget::new(limits, &run);
        assert_eq!(a.allowance(), (10, Limit::Event));
        a.spend(10);
        a.spend(10);
        assert_eq!(a.allowance(), (5, Limit::Calendar));
        let b = Budget::new(limits, &run);
        assert_eq!(b.allowance(), (8, Limit::Run));
        a.spend(10);
        assert_eq!((a.allowance(), b.allowance().0), ((0, Limit::Calendar), 0));
        assert!(a.report(Limit::Event) && a.report(Limit::Calendar));
        assert!(a.report(Limit::Event) && !a.report(Limit::Calendar) && !a.report(Limit::Run));
    }

    #[test]
    fn rules_of_one_calendar_share_what_they_may_pass_over() {
        let run = RunBudget::new(&Budgets::default());
        let b = Budget::new(Budgets::default(), &run);
        assert_eq!(b.pass_over(), MAX_PASSED_OVER);
        b.passed_over(PASS_OVER_PER_CALENDAR - 5);
        assert_eq!(b.pass_over(), 5);
        b.passed_over(10);
        assert_eq!(b.pass_over(), 0);
    }
}

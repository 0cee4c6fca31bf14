//! Person-weeks: the sums of a person's days per ISO week, keeping only weeks
//! that are mostly worked (at least 3 working days), so a vacation week or a
//! week cut by the window does not pass for a week without meetings.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Datelike;
use rustc_hash::FxHashSet;

use super::person::PersonDay;

/// Minutes summed over a person-week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekSums {
    pub meeting: i64,
    /// Meeting minutes with overlaps counted twice (Multitudes' way).
    pub meeting_raw: i64,
    pub focus: i64,
    /// Focus from 1 h blocks (Viva Insights' "uninterrupted" hours).
    pub focus_1h: i64,
    pub fragmented: i64,
    pub after_hours: i64,
    pub double_booked: i64,
    pub back_to_back_chains: i64,
    pub status: i64,
    pub meetings: i64,
    pub working: i64,
    /// Length of the person's full working day.
    pub workday: i64,
}

/// A week counts when it has at least this many full working days.
pub const MIN_WORKING_DAYS: i64 = 3;

/// Kept person-weeks: (person, ISO year, ISO week) -> sums.
pub type PersonWeeks = BTreeMap<(Arc<str>, i32, u32), WeekSums>;

/// (person, ISO year, ISO week) -> sums, for mostly-worked weeks only. The
/// reduce works the team's out once ([`super::Analysis::person_weeks`]);
/// the map asks only which of one person's weeks are kept ([`kept_weeks`]).
///
/// A person's days come in date order, so the days of one week are summed
/// on their own and added to the map once: a map entry per day compared
/// the person's name at every step of the tree (1,000 people: 370,000
/// days, 52,000 weeks). Days in any other order give the same sums, as
/// each run of days is added to its week's entry.
pub fn person_weeks<'a>(days: impl IntoIterator<Item = &'a PersonDay>) -> PersonWeeks {
    let mut out = PersonWeeks::new();
    week_runs(days, |at, sums| add_run(&mut out, at, sums));
    out.retain(|_, w| w.counts());
    out
}

/// The (ISO year, ISO week) of one person's weeks that [`person_weeks`]
/// keeps, from their days in date order (as the map makes them, see
/// [`super::person::person_days`]): then each week is one run of days, so
/// its run's sums are its sums, and no map is needed. The heat map asks
/// this of every person (callgrind, analyze of /tmp/sub200, 1 thread:
/// person_grid 103.4 -> 91.5 M against [`person_weeks`] of the one person).
pub fn kept_weeks(days: &[PersonDay]) -> FxHashSet<(i32, u32)> {
    debug_assert!(days.is_sorted_by_key(|d| d.date));
    let mut kept = FxHashSet::default();
    week_runs(days, |(_, year, week), sums| {
        if sums.counts() {
            kept.insert((year, week));
        }
    });
    kept
}

/// Calls `each` with every run of `days` in one person's ISO week and the
/// run's sums, in order.
fn week_runs<'a>(
    days: impl IntoIterator<Item = &'a PersonDay>,
    mut each: impl FnMut(WeekOf<'a>, &WeekSums),
) {
    let mut run: Option<(WeekOf<'a>, WeekSums)> = None;
    for d in days {
        let w = d.date.iso_week();
        let week = (&d.person, w.year(), w.week());
        match &mut run {
            Some((at, sums)) if same_week(at, &week) => sums.add(&WeekSums::of(d)),
            _ => {
                if let Some((at, sums)) = run.replace((week, WeekSums::of(d))) {
                    each(at, &sums);
                }
            }
        }
    }
    if let Some((at, sums)) = run {
        each(at, &sums);
    }
}

/// A person's ISO week: (person, ISO year, ISO week).
type WeekOf<'a> = (&'a Arc<str>, i32, u32);

/// The days of one person are one shared name, so the address decides
/// without reading it; the text decides otherwise.
fn same_week(a: &WeekOf, b: &WeekOf) -> bool {
    (a.1, a.2) == (b.1, b.2) && (Arc::ptr_eq(a.0, b.0) || a.0 == b.0)
}

fn add_run(out: &mut PersonWeeks, (person, year, week): WeekOf, sums: &WeekSums) {
    out.entry((person.clone(), year, week))
        .or_default()
        .add(sums);
}

impl WeekSums {
    /// One day's part of its week.
    fn of(d: &PersonDay) -> WeekSums {
        WeekSums {
            meeting: d.meeting_min,
            meeting_raw: d.meeting_raw_min,
            focus: d.focus_min,
            focus_1h: d.focus_1h_min,
            fragmented: d.fragmented_min,
            after_hours: d.meeting_after_hours_min,
            double_booked: d.double_booked_min,
            back_to_back_chains: i64::from(d.back_to_back_chains),
            status: d.status_meeting_min,
            meetings: i64::from(d.meetings),
            working: d.working_min,
            workday: d.workday_min,
        }
    }

    /// The week counts: at least [`MIN_WORKING_DAYS`] full working days.
    fn counts(&self) -> bool {
        self.working >= MIN_WORKING_DAYS * self.workday
    }

    /// Adds the later days `o` to these: every sum grows, and the working
    /// day's length is the later days' (the last day's, as it was read).
    fn add(&mut self, o: &WeekSums) {
        self.meeting += o.meeting;
        self.meeting_raw += o.meeting_raw;
        self.focus += o.focus;
        self.focus_1h += o.focus_1h;
        self.fragmented += o.fragmented;
        self.after_hours += o.after_hours;
        self.double_booked += o.double_booked;
        self.back_to_back_chains += o.back_to_back_chains;
        self.status += o.status;
        self.meetings += o.meetings;
        self.working += o.working;
        self.workday = o.workday;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(person: &Arc<str>, d: u32, meeting_min: i64, working_min: i64) -> PersonDay {
        PersonDay {
            person: person.clone(),
            date: NaiveDate::from_ymd_opt(2024, 1, d).unwrap(),
            working_min,
            workday_min: 480,
            meeting_min,
            meetings: 1,
            ..PersonDay::default()
        }
    }

    #[test]
    fn a_week_sums_its_days_in_any_order_and_counts_with_three_working_days() {
        let (ana, bo) = (Arc::from("ana@x.org"), Arc::from("bo@x.org"));
        // ISO week 2 of 2024 is Monday 8 to Sunday 14 January; Ana's days
        // come in two runs, with Bo's between them and a day of week 3 after
        let days = [
            day(&ana, 8, 60, 480),
            day(&ana, 9, 30, 480),
            day(&bo, 8, 45, 480),
            day(&bo, 9, 0, 480),
            day(&ana, 15, 10, 480),
            day(&ana, 10, 15, 480),
        ];
        let weeks = person_weeks(&days);
        let ana_w2 = weeks[&(ana.clone(), 2024, 2)];
        assert_eq!(ana_w2.meeting, 60 + 30 + 15);
        assert_eq!(ana_w2.meetings, 3);
        assert_eq!(ana_w2.working, 3 * 480);
        assert_eq!(ana_w2.workday, 480);
        // Bo worked two days of week 2 and Ana one of week 3: neither counts
        assert_eq!(weeks.len(), 1);
        // the same days with each name allocated apart (equal text, other
        // addresses) make the same runs and the same sums
        let apart: Vec<PersonDay> = days
            .iter()
            .map(|d| PersonDay {
                person: Arc::from(&*d.person),
                ..d.clone()
            })
            .collect();
        assert_eq!(person_weeks(&apart), weeks);
    }

    #[test]
    fn one_persons_kept_weeks_are_the_weeks_the_team_keeps_of_them() {
        // Ana, 3 to 22 January 2024 in date order: week 1 from Wednesday,
        // week 2 with five days off, week 3 whole, week 4 from Monday only
        let ana = Arc::from("ana@x.org");
        let days: Vec<PersonDay> = (3..=22)
            .map(|d| day(&ana, d, 30, if (9..=13).contains(&d) { 0 } else { 480 }))
            .collect();
        let team: FxHashSet<(i32, u32)> = person_weeks(&days)
            .keys()
            .map(|(_, year, week)| (*year, *week))
            .collect();
        assert_eq!(team, [(2024, 1), (2024, 3)].into_iter().collect());
        assert_eq!(kept_weeks(&days), team);
    }
}

//! Time-zone burden: per person and per roster group, meeting hours before
//! the working day starts and after it ends (in each person's zone and
//! hours), hours on days they do not work, and the share of their meetings
//! that fall even partly outside their hours. Without `group_by` the whole
//! team is one group.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::groups::{membership, sum_by_group, Member};
use super::intervals::{nanos, whole_minutes, NanoInterval, Nanos};
use super::partial::{PersonMeta, PersonPartial};
use super::person::working_window;
use crate::config::Options;

/// Meeting minutes inside and outside one person's (or group's) hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Burden {
    pub meetings: usize,
    pub meeting_min: i64,
    /// Minutes before the working day starts / after it ends.
    pub before_min: i64,
    pub after_min: i64,
    /// Minutes on days the person does not work (weekend, day off).
    pub off_day_min: i64,
    /// Meetings with any part outside the working hours.
    pub outside: usize,
}

impl Burden {
    /// Share of meetings outside the working hours (0 without meetings).
    pub fn outside_share(&self) -> f64 {
        if self.meetings == 0 {
            0.0
        } else {
            self.outside as f64 / self.meetings as f64
        }
    }

    fn add(&mut self, o: &Burden) {
        self.meetings += o.meetings;
        self.meeting_min += o.meeting_min;
        self.before_min += o.before_min;
        self.after_min += o.after_min;
        self.off_day_min += o.off_day_min;
        self.outside += o.outside;
    }
}

/// One burden row: a person (`column` empty) or a group.
#[derive(Debug, Clone, PartialEq)]
pub struct BurdenRow {
    pub column: String,
    /// The person's id, or the group's value.
    pub name: String,
    pub people: usize,
    pub burden: Burden,
}

/// The burden of one person's meetings (computed in the map, from the
/// partial's own copies, so the hygiene flags in the reduce read the same rule).
pub fn person_burden(p: &PersonPartial) -> Burden {
    let mut b = Burden::default();
    for one in copy_burdens(p) {
        b.add(&one);
    }
    b
}

/// The burden of each of the person's meetings, in the order of
/// `p.meetings`: its minutes before, after and outside the person's
/// working day (a day off is outside entirely). The copies are sorted by
/// start, so one day's are adjacent: its working window and whether it is
/// a day off are looked up once for them (asked per copy, the thread's
/// window cache and the days-off set were most of the cost, in the map and
/// again in the reduce's hygiene flags).
pub fn copy_burdens(p: &PersonPartial) -> impl Iterator<Item = Burden> + '_ {
    let mut day: Option<(NaiveDate, Option<NanoInterval>)> = None;
    p.meetings.iter().map(move |m| {
        let window = match day {
            Some((date, window)) if date == m.date => window,
            _ => {
                let window = working_window(m.date, p.meta.zone, &p.meta.hours)
                    .filter(|_| !p.days_off.contains(&m.date))
                    .map(|(s, e)| (nanos(s), nanos(e)));
                day = Some((m.date, window));
                window
            }
        };
        burden_in((nanos(m.start), nanos(m.end)), window)
    })
}

/// The burden of a meeting `(start, end)` in the working window of its day
/// (`None`: a day the person does not work), in whole minutes as chrono
/// counts them (toward zero), worked out in integers.
fn burden_in((start, end): NanoInterval, window: Option<NanoInterval>) -> Burden {
    let len = whole_minutes(end - start);
    let mut b = Burden {
        meetings: 1,
        meeting_min: len,
        ..Burden::default()
    };
    let Some((ws, we)) = window else {
        b.off_day_min = len;
        b.outside = 1;
        return b;
    };
    let minutes = |a: Nanos, z: Nanos| whole_minutes(z - a).max(0);
    b.before_min = minutes(start, end.min(ws));
    b.after_min = minutes(start.max(we), end);
    b.outside = usize::from(b.before_min + b.after_min > 0);
    b
}

/// The groups people are in: the roster's `group_by` columns, or everyone in
/// one group ("team", "(all)") without them.
pub fn groups_of(people: &[&PersonMeta], opts: &Options) -> Vec<Member> {
    if opts.group_by.is_empty() {
        return people
            .iter()
            .map(|p| Member {
                person: p.id.clone(),
                column: "team".into(),
                group: "(all)".into(),
            })
            .collect();
    }
    membership(people, opts)
}

/// Per person, then per group (groups under `min_group` left out).
pub fn burden_rows(
    parts: &[PersonPartial],
    people: &[&PersonMeta],
    opts: &Options,
) -> Vec<BurdenRow> {
    let by_person: BTreeMap<Arc<str>, Burden> = parts
        .iter()
        .map(|p| (p.meta.id.clone(), p.burden))
        .collect();
    let mut rows: Vec<BurdenRow> = by_person
        .iter()
        .map(|(p, b)| BurdenRow {
            column: String::new(),
            name: p.to_string(),
            people: 1,
            burden: *b,
        })
        .collect();
    let groups = sum_by_group(groups_of(people, opts), &by_person, opts, Burden::add);
    rows.extend(groups.into_iter().map(|g| BurdenRow {
        column: g.column,
        name: g.group,
        people: g.people,
        burden: g.total,
    }));
    rows
}

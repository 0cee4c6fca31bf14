//! Time-zone burden: per person and per roster group, meeting hours before
//! the working day starts and after it ends (in each person's zone and
//! hours), hours on days they do not work, and the share of their meetings
//! that fall even partly outside their hours. Without `group_by` the whole
//! team is one group.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::classified::Classified;
use super::groups::{membership, Member};
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

/// The burden of one person's meetings.
pub fn person_burden(c: &Classified) -> Burden {
    let mut b = Burden::default();
    for s in &c.meetings {
        let len = (s.end - s.start).num_minutes();
        b.meetings += 1;
        b.meeting_min += len;
        let window =
            working_window(s.date, c.tz, &c.hours).filter(|_| !c.days_off.contains(&s.date));
        let Some((ws, we)) = window else {
            b.off_day_min += len;
            b.outside += 1;
            continue;
        };
        let minutes = |a: DateTime<Utc>, z: DateTime<Utc>| (z - a).num_minutes().max(0);
        let before = minutes(s.start, s.end.min(ws));
        let after = minutes(s.start.max(we), s.end);
        b.before_min += before;
        b.after_min += after;
        b.outside += usize::from(before + after > 0);
    }
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
    let mut groups: BTreeMap<(String, String), BurdenRow> = BTreeMap::new();
    for m in groups_of(people, opts) {
        let row = groups
            .entry((m.column.clone(), m.group.clone()))
            .or_insert_with(|| BurdenRow {
                column: m.column,
                name: m.group,
                people: 0,
                burden: Burden::default(),
            });
        row.people += 1;
        if let Some(b) = by_person.get(&m.person) {
            row.burden.add(b);
        }
    }
    rows.extend(
        groups
            .into_values()
            .filter(|g| opts.min_group == 0 || g.people >= opts.min_group),
    );
    rows
}

//! Team numbers per roster group (`--group-by team`, or any roster column):
//! for each group and ISO week, how many people and the mean, median and
//! 90th percentile of their meeting, focus and fragmented hours, over the
//! person-weeks that count (see [`super::weeks`]). A group smaller than
//! `min_group` is never shown, so no table singles out a few people.

use std::collections::BTreeMap;

use super::partial::PersonMeta;
use super::stats::{mean, median, percentile};
use super::weeks::{PersonWeeks, WeekSums};
use crate::config::Options;

/// Mean, median and 90th percentile of hours across a group's people.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
}

impl Spread {
    fn of(mut hours: Vec<f64>) -> Spread {
        hours.sort_by(f64::total_cmp);
        Spread {
            mean: mean(&hours),
            median: median(&hours),
            p90: percentile(&hours, 0.9),
        }
    }
}

/// One group in one ISO week (or, in [`group_totals`], over all weeks).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupWeek {
    /// The roster column grouped by, and the group's value ("(none)" for
    /// people without one).
    pub column: String,
    pub group: String,
    pub iso_year: i32,
    pub week: u32,
    pub people: usize,
    pub meeting_h: Spread,
    pub focus_h: Spread,
    pub fragmented_h: Spread,
}

/// One person's group for one grouping column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    pub person: std::sync::Arc<str>,
    pub column: String,
    pub group: String,
}

/// Every person's group for every `group_by` column.
pub fn membership(people: &[&PersonMeta], opts: &Options) -> Vec<Member> {
    let attributes = attributes(people);
    opts.group_by
        .iter()
        .flat_map(|column| {
            let attributes = &attributes;
            people.iter().map(move |p| Member {
                person: p.id.clone(),
                column: column.clone(),
                group: group_of(attributes, &p.id, column).to_string(),
            })
        })
        .collect()
}

/// A per-person value summed over one group's members.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSum<T> {
    pub column: String,
    pub group: String,
    /// Members, with or without an analysed calendar.
    pub people: usize,
    pub total: T,
}

/// Per-person values (`by_person`) summed per group of `members`, groups in
/// (column, group) order; a group under `min_group` people is left out.
pub fn sum_by_group<T: Default>(
    members: Vec<Member>,
    by_person: &BTreeMap<std::sync::Arc<str>, T>,
    opts: &Options,
    add: impl Fn(&mut T, &T),
) -> Vec<GroupSum<T>> {
    let mut groups: BTreeMap<(String, String), GroupSum<T>> = BTreeMap::new();
    for m in members {
        let sum = groups
            .entry((m.column.clone(), m.group.clone()))
            .or_insert_with(|| GroupSum {
                column: m.column,
                group: m.group,
                people: 0,
                total: T::default(),
            });
        sum.people += 1;
        if let Some(v) = by_person.get(&m.person) {
            add(&mut sum.total, v);
        }
    }
    groups
        .into_values()
        .filter(|g| opts.min_group == 0 || g.people >= opts.min_group)
        .collect()
}

/// A person's roster attributes by their id.
type Attributes<'a> = rustc_hash::FxHashMap<&'a str, &'a BTreeMap<String, String>>;

fn attributes<'a>(people: &[&'a PersonMeta]) -> Attributes<'a> {
    people.iter().map(|p| (&*p.id, &p.attributes)).collect()
}

/// The group of a person for a column ("(none)" without a value).
fn group_of<'a>(attributes: &Attributes<'a>, person: &str, column: &str) -> &'a str {
    attributes
        .get(person)
        .and_then(|a| a.get(column))
        .map_or("(none)", String::as_str)
}

/// Kept person-weeks by (column, group, year, week).
type ByGroup = BTreeMap<(String, String, i32, u32), Vec<WeekSums>>;

fn by_group(
    weeks: &PersonWeeks,
    people: &[&PersonMeta],
    opts: &Options,
    per_week: bool,
) -> ByGroup {
    let attributes = attributes(people);
    let mut out = ByGroup::new();
    for column in &opts.group_by {
        for ((person, y, w), sums) in weeks {
            let group = group_of(&attributes, person, column).to_string();
            let (y, w) = if per_week { (*y, *w) } else { (0, 0) };
            out.entry((column.clone(), group, y, w))
                .or_default()
                .push(*sums);
        }
    }
    out
}

fn rows(
    groups: ByGroup,
    opts: &Options,
    people_in: impl Fn(&[WeekSums]) -> usize,
) -> Vec<GroupWeek> {
    let hours =
        |v: &[WeekSums], f: fn(&WeekSums) -> i64| v.iter().map(|s| f(s) as f64 / 60.0).collect();
    groups
        .into_iter()
        .filter(|(_, v)| opts.min_group == 0 || people_in(v) >= opts.min_group)
        .map(|((column, group, iso_year, week), v)| GroupWeek {
            people: people_in(&v),
            meeting_h: Spread::of(hours(&v, |s| s.meeting)),
            focus_h: Spread::of(hours(&v, |s| s.focus)),
            fragmented_h: Spread::of(hours(&v, |s| s.fragmented)),
            column,
            group,
            iso_year,
            week,
        })
        .collect()
}

/// group_week: per group and ISO week (groups under `min_group` left out).
pub fn group_weeks(weeks: &PersonWeeks, people: &[&PersonMeta], opts: &Options) -> Vec<GroupWeek> {
    rows(by_group(weeks, people, opts, true), opts, <[WeekSums]>::len)
}

/// Per group over the whole period (year and week 0): the spread across
/// person-weeks, and the number of distinct people in the group.
pub fn group_totals(weeks: &PersonWeeks, people: &[&PersonMeta], opts: &Options) -> Vec<GroupWeek> {
    let attributes = attributes(people);
    let mut members: BTreeMap<(String, String), usize> = BTreeMap::new();
    for column in &opts.group_by {
        for p in people {
            let group = group_of(&attributes, &p.id, column).to_string();
            *members.entry((column.clone(), group)).or_default() += 1;
        }
    }
    let groups = by_group(weeks, people, opts, false);
    let mut out = Vec::new();
    for ((column, group, y, w), v) in groups {
        let n = members
            .get(&(column.clone(), group.clone()))
            .copied()
            .unwrap_or(0);
        out.extend(rows(
            BTreeMap::from([((column, group, y, w), v)]),
            opts,
            |_| n,
        ));
    }
    out
}

//! Which calendars make one person (docs/metrics.md, "People"):
//! - calendars naming the same owner (`--owner`, X-OWNER, X-WR-CALNAME, or
//!   the most frequent attendee) are one person;
//! - a calendar whose owner is only guessed, inside a zip that states exactly
//!   one owner (a Google Takeout: primary calendar plus shared ones), is a
//!   secondary calendar of that owner, even when the guess is that owner;
//! - a calendar with no owner at all (a holiday feed) belongs to the one
//!   owner of the zip or folder it came in; when that folder holds several
//!   people it is left out of person metrics and reported; in a folder of
//!   calendars without owners, it is a person named after its file.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::merge::Merger;
use super::roster::Roster;
use super::{settings, Days, FileRole, FileRow, Person, Team};
use crate::config::Options;
use crate::model::{Calendar, Span};

/// The window given on the command line, as local dates (both included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// Turns imported calendars into people.
pub fn assemble(
    calendars: Vec<Calendar>,
    opts: &Options,
    roster: Option<&Roster>,
    window: Window,
) -> Team {
    let occurrences: Vec<usize> = calendars.iter().map(|c| c.occurrences.len()).collect();
    let (plan, mut files) = plan(calendars.iter(), &occurrences);
    let mut calendars: Vec<Option<Calendar>> = calendars.into_iter().map(Some).collect();
    let mut people: Vec<Person> = plan
        .into_iter()
        .map(|(id, parts)| person(&id, parts, &mut calendars, &mut files, opts, roster))
        .collect();
    let team_coverage = span_of(people.iter().filter_map(|p| p.days));
    for p in &mut people {
        p.days = days_of(p, team_coverage, window);
        p.outside = outside(p);
    }
    team(people, files, roster)
}

/// A person's calendars: their id and each calendar's index and role.
pub(super) type Planned = (Arc<str>, Vec<(usize, FileRole)>);

/// Who is who before any calendar is merged: each person's calendars (in
/// order of first appearance) and every calendar's file row. Reads only
/// what a calendar says about itself, never its occurrences (`occurrences`
/// counts them per calendar).
pub(super) fn plan<'c>(
    calendars: impl ExactSizeIterator<Item = &'c Calendar> + Clone,
    occurrences: &[usize],
) -> (Vec<Planned>, Vec<FileRow>) {
    let roles = attribute(calendars.clone());
    let mut by_person: BTreeMap<Arc<str>, Vec<(usize, FileRole)>> = BTreeMap::new();
    let mut order: Vec<Arc<str>> = Vec::new();
    let mut files: Vec<FileRow> = Vec::with_capacity(calendars.len());
    for (i, (c, (person, role))) in calendars.zip(roles).enumerate() {
        if let Some(p) = &person {
            if !by_person.contains_key(p) {
                order.push(p.clone());
            }
            by_person
                .entry(p.clone())
                .or_default()
                .push((i, role.clone()));
        }
        files.push(FileRow {
            occurrences: occurrences[i],
            calendar: c.clone_without_occurrences(),
            person,
            role,
            not_theirs: 0,
            duplicates: 0,
        });
    }
    let plan = order
        .into_iter()
        .filter_map(|id| by_person.remove(&id).map(|parts| (id, parts)))
        .collect();
    (plan, files)
}

/// The team of these people and files, with the roster's gaps.
pub(super) fn team(people: Vec<Person>, files: Vec<FileRow>, roster: Option<&Roster>) -> Team {
    let (roster_without_calendar, without_roster_row) = match roster {
        Some(r) => (
            r.rows
                .iter()
                .filter(|row| !people.iter().any(|p| *p.id == *row.email))
                .map(|row| row.email.clone())
                .collect(),
            people
                .iter()
                .filter(|p| r.get(&p.id).is_none())
                .map(|p| p.id.clone())
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Team {
        people,
        files,
        roster_without_calendar,
        without_roster_row,
    }
}

/// The person and role of every calendar (see the module comment): first
/// the calendars with an owner, then those without one, which join the one
/// person their zip or folder holds. Each container's owners are gathered
/// once (a zip of 100,000 calendars compared every pair).
fn attribute<'c>(
    calendars: impl Iterator<Item = &'c Calendar> + Clone,
) -> Vec<(Option<Arc<str>>, FileRole)> {
    let mut stated: FxHashMap<&str, BTreeSet<&str>> = FxHashMap::default();
    for c in calendars.clone().filter(|c| c.owner_source.is_stated()) {
        if let Some(owner) = c.owner.as_deref() {
            stated.entry(&c.container).or_default().insert(owner);
        }
    }
    let mut roles: Vec<Option<(Option<Arc<str>>, FileRole)>> =
        calendars.clone().map(|c| owned(c, &stated)).collect();
    // the people of each container so far, the owner-less calendars placed in order
    let mut people: FxHashMap<&str, BTreeSet<Arc<str>>> = FxHashMap::default();
    for (c, role) in calendars.clone().zip(&roles) {
        if let Some((Some(person), _)) = role {
            people
                .entry(&c.container)
                .or_default()
                .insert(person.clone());
        }
    }
    for (i, c) in calendars.enumerate() {
        if roles[i].is_some() {
            continue;
        }
        let here = people.entry(&c.container).or_default();
        let role = match here.len() {
            1 => (here.first().cloned(), FileRole::Secondary),
            0 => (Some(c.name.as_str().into()), FileRole::Own),
            n => (
                None,
                FileRole::LeftOut(format!(
                    "no owner, and {} holds calendars of {n} people",
                    c.container
                )),
            ),
        };
        if let Some(person) = &role.0 {
            here.insert(person.clone());
        }
        roles[i] = Some(role);
    }
    roles.into_iter().flatten().collect()
}

/// The person of a calendar with an owner: its own, or for a guessed owner
/// inside a zip that states exactly one owner (`stated`: the stated owners
/// of each container), that owner's (secondary).
fn owned(
    c: &Calendar,
    stated: &FxHashMap<&str, BTreeSet<&str>>,
) -> Option<(Option<Arc<str>>, FileRole)> {
    let owner = c.owner.as_deref()?;
    if own_whatever_the_others(c) {
        return Some((Some(owner.into()), FileRole::Own));
    }
    let only = stated
        .get(c.container.as_str())
        .filter(|owners| owners.len() == 1)
        .and_then(|owners| owners.first());
    Some(match only {
        // a shared calendar whose most frequent attendee is the owner is still shared:
        // only what the owner attends counts
        Some(one) => (Some((*one).into()), FileRole::Secondary),
        None => (Some(owner.into()), FileRole::Own),
    })
}

/// A calendar with an owner is that owner's own, whatever the other calendars
/// say, when its owner is stated or it is not inside a zip (only a zip's
/// stated owner makes a guessed owner secondary).
pub(super) fn own_whatever_the_others(c: &Calendar) -> bool {
    c.owner.is_some()
        && (c.owner_source.is_stated() || !c.container.to_ascii_lowercase().ends_with(".zip"))
}

/// Builds one person from their calendars (indices into `calendars`).
pub(super) fn person(
    id: &Arc<str>,
    mut parts: Vec<(usize, FileRole)>,
    calendars: &mut [Option<Calendar>],
    files: &mut [FileRow],
    opts: &Options,
    roster: Option<&Roster>,
) -> Person {
    // the primary: a stated owner first, then a calendar marked primary, then the fullest
    let rank = |i: usize| {
        let c = &files[i].calendar;
        (
            files[i].role == FileRole::Secondary,
            c.owner_source,
            !c.primary,
            std::cmp::Reverse(files[i].occurrences),
        )
    };
    parts.sort_by_key(|(i, _)| rank(*i));
    let primary_at = parts[0].0;
    files[primary_at].role = FileRole::Primary;
    let mut primary = calendars[primary_at]
        .take()
        .unwrap_or_else(|| files[primary_at].calendar.clone());
    if parts.len() > 1 {
        let mut merger = Merger::default();
        merger.own(std::mem::take(&mut primary.occurrences));
        for (i, role) in &parts[1..] {
            let Some(cal) = calendars[*i].take() else {
                continue;
            };
            let added = if *role == FileRole::Secondary {
                merger.secondary(cal.occurrences, id, cal.holiday_feed)
            } else {
                merger.own(cal.occurrences)
            };
            files[*i].duplicates = added.duplicates;
            files[*i].not_theirs = added.not_theirs;
            primary.quality.no_attendee_data &= cal.quality.no_attendee_data;
            primary.coverage = match (primary.coverage, cal.coverage) {
                (Some(a), Some(b)) if *role != FileRole::Secondary => {
                    Some(crate::model::Coverage {
                        first: a.first.min(b.first),
                        last: a.last.max(b.last),
                        source: a.source,
                    })
                }
                (None, b) if *role != FileRole::Secondary => b,
                (a, _) => a,
            };
        }
        primary.occurrences = merger.finish();
    }
    let row = roster.and_then(|r| r.get(id));
    let (zone, zone_from) = settings::zone(id, opts, row, &primary);
    let (hours, hours_from) = settings::hours(id, opts, row, &primary);
    primary.owner = Some(id.to_string());
    primary.zone = zone.name().to_string();
    let days = primary.coverage.map(|c| Days {
        first: c.first,
        last: c.last,
        source: c.source.as_str(),
    });
    Person {
        id: id.clone(),
        calendar: primary,
        zone,
        zone_from,
        hours,
        hours_from,
        days,
        outside: (0, 0),
        attributes: row.map(|r| r.attributes.clone()).unwrap_or_default(),
    }
}

/// The span of several people's days.
pub(super) fn span_of(days: impl Iterator<Item = Days>) -> Option<(NaiveDate, NaiveDate)> {
    days.fold(None, |acc, d| {
        Some(
            acc.map_or((d.first, d.last), |(a, b): (NaiveDate, NaiveDate)| {
                (a.min(d.first), b.max(d.last))
            }),
        )
    })
}

/// The analysed days: the person's coverage (the team's when their calendars
/// state none, their own occurrences when nobody's does), inside the window.
pub(super) fn days_of(
    p: &Person,
    team: Option<(NaiveDate, NaiveDate)>,
    window: Window,
) -> Option<Days> {
    let base = p
        .days
        .or_else(|| {
            team.map(|(first, last)| Days {
                first,
                last,
                source: "the team's coverage",
            })
        })
        .or_else(|| {
            let dates = p
                .calendar
                .occurrences
                .iter()
                .map(|o| local_date(p, &o.span));
            let (first, last) = dates.fold(None, |acc: Option<(NaiveDate, NaiveDate)>, d| {
                Some(acc.map_or((d, d), |(a, b)| (a.min(d), b.max(d))))
            })?;
            Some(Days {
                first,
                last,
                source: "first and last occurrence",
            })
        })?;
    let first = window.first.map_or(base.first, |f| f.max(base.first));
    let last = window.last.map_or(base.last, |l| l.min(base.last));
    let last = last.min(first + chrono::Duration::days(MAX_DAYS - 1));
    (first <= last).then_some(Days {
        first,
        last,
        ..base
    })
}

/// At most this many days are analysed per person (ten years): a hostile
/// X-CLIPEND:99991231 must not make millions of person-days.
pub const MAX_DAYS: i64 = 3_653;

/// The local date an occurrence counts on for this person.
pub fn local_date(p: &Person, span: &Span) -> NaiveDate {
    match span {
        Span::Timed { start, .. } => start.with_timezone(&p.zone).date_naive(),
        Span::AllDay { start, .. } => *start,
    }
}

/// Occurrences before and after the analysed days.
pub(super) fn outside(p: &Person) -> (usize, usize) {
    let Some(days) = p.days else {
        return (p.calendar.occurrences.len(), 0);
    };
    p.calendar
        .occurrences
        .iter()
        .fold((0, 0), |(before, after), o| {
            match days.place(p.zone, &o.span) {
                Ordering::Less => (before + 1, after),
                Ordering::Equal => (before, after),
                Ordering::Greater => (before, after + 1),
            }
        })
}

#[cfg(test)]
mod tests;

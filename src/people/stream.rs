//! People assembled while they are mapped, so that a team's calendars are
//! never all in memory at once (one pass per calendar): a calendar that is a
//! whole person by itself is made that person and mapped (the caller's
//! `map`, the analysis' map step) as soon as it is imported, and only the
//! map's compact result and the calendar's header stay.
//!
//! Whether a calendar is a whole person depends on the others (another may
//! name the same owner), so this is a guess, checked once every calendar is
//! read. It is made for a calendar that is its owner's own whatever the
//! others say ([`own_whatever_the_others`]), that states its coverage (so
//! its days do not depend on the team's) and whose owner no calendar read
//! before named. When another calendar turns out to
//! belong to the same person, the guess is dropped and that person's
//! calendars are imported again and assembled like any other, a batch of
//! people at a time (mapped at once when they have days of their own, at
//! the end when they borrow the team's coverage); calendars that allow no
//! guess stay whole until their person's batch. Every rule is
//! [`super::assemble()`]'s own (plan, person, days, outside): only the order
//! of the work differs, and the tests check that both give the same people.

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::assemble::{
    days_of, outside, own_whatever_the_others, person, plan, span_of, team, Planned, Window,
};
use super::{Days, FileRole, FileRow, Person, Roster, Team};
use crate::config::Options;
use crate::model::Calendar;

/// A calendar mapped alone: its header, its occurrence count, the person it
/// makes (without occurrences), their days before the window, the map's
/// result (boxed in [`Read`]: a result can be kilobytes, and a run can read
/// a hundred thousand calendars).
struct Alone<T> {
    header: Calendar,
    occurrences: usize,
    person: Person,
    days: Option<Days>,
    result: T,
}

/// One calendar after the first pass.
enum Read<T> {
    /// Mapped alone.
    Mapped(Box<Alone<T>>),
    /// Kept whole until every calendar is read.
    Whole(Box<Calendar>),
}

/// Imports calendars `0..count` with `import` (in parallel), assembles the
/// people exactly as [`super::assemble()`] does, and maps each person with
/// `map` as early as they are known. The team's people come back without
/// their occurrences, and the results in the same order as the people.
pub fn assemble_mapped<T: Send, E: Send>(
    count: usize,
    import: &(dyn Fn(usize) -> Result<Calendar, E> + Sync),
    opts: &Options,
    roster: Option<&Roster>,
    window: Window,
    map: &(dyn Fn(&Person) -> T + Sync),
) -> Result<(Team, Vec<T>), E> {
    let seen = Mutex::default();
    // one calendar per job: a calendar is milliseconds of work, and rayon's
    // own split left runs of calendars that a thread read one after the
    // other, so that the last run read alone while the other core idled
    // (perf, bench corpus: 90 ms of one core at the end of the import)
    let read: Vec<Read<T>> = (0..count)
        .into_par_iter()
        .with_max_len(1)
        .map(|i| Ok(first_pass(import(i)?, &seen, opts, roster, window, map)))
        .collect::<Result<_, E>>()?;
    let occurrences: Vec<usize> = read
        .iter()
        .map(|r| match r {
            Read::Mapped(alone) => alone.occurrences,
            Read::Whole(c) => c.occurrences.len(),
        })
        .collect();
    let headers = read.iter().map(|r| match r {
        Read::Mapped(alone) => &alone.header,
        Read::Whole(c) => c,
    });
    let (plan, mut files) = plan(headers, &occurrences);
    let mut whole: Vec<Option<Calendar>> = Vec::with_capacity(count);
    let mut alone: Vec<Option<Box<Alone<T>>>> = Vec::with_capacity(count);
    for r in read {
        match r {
            Read::Mapped(one) => {
                whole.push(None);
                alone.push(Some(one));
            }
            Read::Whole(c) => {
                whole.push(Some(*c));
                alone.push(None);
            }
        }
    }
    // (person, their days before the window, the map's result once made)
    let mut people: Vec<(Person, Option<Days>, Option<T>)> = Vec::with_capacity(plan.len());
    let mut plan = plan.into_iter().peekable();
    while plan.peek().is_some() {
        // a batch at a time, so that only a batch of merged calendars is in memory
        let planned: Vec<Planned> = plan.by_ref().take(BATCH).collect();
        // a guess that failed: the calendar is part of a person, read again (in parallel)
        let again: Vec<usize> = (planned.iter())
            .filter(|(_, parts)| !guessed_right(parts, &alone))
            .flat_map(|(_, parts)| parts.iter().map(|(i, _)| *i))
            .filter(|i| alone[*i].is_some())
            .collect();
        let read: Vec<(usize, Calendar)> = again
            .par_iter()
            .map(|&i| Ok((i, import(i)?)))
            .collect::<Result<_, E>>()?;
        for (i, calendar) in read {
            alone[i] = None;
            whole[i] = Some(calendar);
        }
        let mut batch = Vec::with_capacity(BATCH);
        for (id, parts) in planned {
            if guessed_right(&parts, &alone) {
                if let Some(one) = alone[parts[0].0].take() {
                    files[parts[0].0].role = FileRole::Primary;
                    batch.push((one.person, one.days, Some(one.result)));
                    continue;
                }
            }
            let p = person(&id, parts, &mut whole, &mut files, opts, roster);
            let days = p.days;
            batch.push((p, days, None));
        }
        // with days of their own, the team's coverage is never needed
        finish(&mut batch, |p| p.days.is_some(), None, window, map);
        people.append(&mut batch);
    }
    let team_coverage = span_of(people.iter().filter_map(|(_, days, _)| *days));
    finish(&mut people, |_| true, team_coverage, window, map);
    let (people, results): (Vec<Person>, Vec<T>) = people
        .into_iter()
        .filter_map(|(p, _, result)| result.map(|r| (p, r)))
        .unzip();
    Ok((team(people, files, roster), results))
}

/// The person is the one calendar mapped alone in the first pass.
fn guessed_right<T>(parts: &[(usize, FileRole)], alone: &[Option<T>]) -> bool {
    matches!(parts, [(i, FileRole::Own)] if alone[*i].is_some())
}

/// People assembled and mapped together (a batch).
const BATCH: usize = 64;

/// Maps the people of `people` not mapped yet for whom `ready` holds, in
/// parallel, with their analysed days and what falls outside them, and frees
/// their occurrences.
fn finish<T: Send>(
    people: &mut [(Person, Option<Days>, Option<T>)],
    ready: impl Fn(&Person) -> bool + Sync,
    team_coverage: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    window: Window,
    map: &(dyn Fn(&Person) -> T + Sync),
) {
    people
        .par_iter_mut()
        .filter(|(p, _, result)| result.is_none() && ready(p))
        .for_each(|(p, _, result)| *result = Some(finish_one(p, team_coverage, window, map)));
}

/// Gives `p` their analysed days and what falls outside them, maps them and
/// frees their occurrences.
fn finish_one<T>(
    p: &mut Person,
    team_coverage: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    window: Window,
    map: &(dyn Fn(&Person) -> T + Sync),
) -> T {
    p.days = days_of(p, team_coverage, window);
    p.outside = outside(p);
    let result = map(p);
    p.calendar.occurrences = Vec::new();
    result
}

/// Makes a calendar that is a whole person by itself that person and maps
/// them; keeps any other calendar whole.
/// `seen` holds the owners of the calendars read so far: a second calendar
/// of an owner is never guessed alone (a zip of a thousand calendars of one
/// person would otherwise map a thousand guesses only to read them again).
fn first_pass<T>(
    c: Calendar,
    seen: &Mutex<FxHashSet<String>>,
    opts: &Options,
    roster: Option<&Roster>,
    window: Window,
    map: &(dyn Fn(&Person) -> T + Sync),
) -> Read<T> {
    let first = |owner: &str| {
        let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.insert(owner.to_string())
    };
    let id: Arc<str> = match c.owner.as_deref() {
        Some(owner) if own_whatever_the_others(&c) && c.coverage.is_some() && first(owner) => {
            owner.into()
        }
        _ => return Read::Whole(Box::new(c)),
    };
    let occurrences = c.occurrences.len();
    let mut files = [FileRow {
        calendar: c.clone_without_occurrences(),
        occurrences,
        person: Some(id.clone()),
        role: FileRole::Own,
        not_theirs: 0,
        duplicates: 0,
    }];
    let mut p = person(
        &id,
        vec![(0, FileRole::Own)],
        &mut [Some(c)],
        &mut files,
        opts,
        roster,
    );
    let days = p.days;
    // with coverage of its own, the team's is never needed
    let result = finish_one(&mut p, None, window, map);
    let [FileRow {
        calendar: header, ..
    }] = files;
    Read::Mapped(Box::new(Alone {
        header,
        occurrences,
        person: p,
        days,
        result,
    }))
}

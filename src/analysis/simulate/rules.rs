//! Each policy as a rule over the shared meetings: it decides a meeting once
//! and records what it did.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Datelike, Duration, Weekday};

use super::actions::{Action, Outcome};
use super::policy::Policy;
use super::shared::{Meetings, Shared};
use super::slot::{self, Busy};
use crate::analysis::candidates::Recommendation;
use crate::analysis::series::series_key;
use crate::analysis::Analysis;
use crate::config::Options;
use crate::model::{Attendee, PartStat, ParticipationRole};
use crate::people::Person;

/// Applies `policy` to every meeting still in the projection.
pub fn apply(
    policy: &Policy,
    meetings: &mut Meetings,
    calendars: &[Person],
    analysis: &Analysis,
    opts: &Options,
) -> Vec<Action> {
    let name = policy.to_string();
    match policy {
        Policy::AsyncStatus(top) => {
            let gone = async_series(analysis, *top);
            each(meetings, &name, |_, s| {
                gone.contains(&series_key(&s.occ)).then(|| removed(s))
            })
        }
        Policy::PurgeRecurring(min) => each(meetings, &name, |_, s| {
            (s.occ.event.is_recurring && s.invited() >= *min).then(|| removed(s))
        }),
        Policy::Cap { short, long } => each(meetings, &name, |_, s| capped(s, *short, *long)),
        Policy::MaxAttendees(max) => each(meetings, &name, |_, s| {
            let kept = trim(&s.attendees, s.occ.event.organizer.as_deref(), *max)?;
            let mut after = s.clone();
            after.attendees = kept;
            after.trimmed = true;
            Some((Outcome::Trimmed, after))
        }),
        Policy::NoMeetingDay { day, drop } => {
            off_day(*day, *drop, meetings, &name, calendars, opts)
        }
    }
}

/// no-meeting-day: each meeting on `day` (in the deciding calendar's zone)
/// is dropped, or moved for everyone to the first common free slot, or kept
/// when there is none.
fn off_day(
    day: Weekday,
    drop: bool,
    meetings: &mut Meetings,
    policy: &str,
    calendars: &[Person],
    opts: &Options,
) -> Vec<Action> {
    let mut busy = Busy::of(calendars, meetings, opts);
    each(meetings, policy, |i, s| {
        let decider = calendars.get(s.decider)?;
        if s.start.with_timezone(&decider.zone).weekday() != day {
            return None;
        }
        if drop {
            return Some(removed(s));
        }
        let Some((start, end)) = slot::find(i, s, day, calendars, &busy) else {
            return Some((Outcome::KeptNoSlot, s.clone()));
        };
        busy.moved(i, &s.holders, (s.start, s.end), (start, end));
        Some((
            Outcome::Moved,
            Shared {
                start,
                end,
                ..s.clone()
            },
        ))
    })
}

/// Runs `decide` on every meeting still in the projection, in order of start;
/// stores each new state and records the action.
fn each(
    meetings: &mut Meetings,
    policy: &str,
    mut decide: impl FnMut(usize, &Shared) -> Option<(Outcome, Shared)>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    for i in 0..meetings.list.len() {
        let s = &meetings.list[i];
        if s.removed {
            continue;
        }
        if let Some((outcome, after)) = decide(i, s) {
            actions.push(Action::new(policy, outcome, s, &after));
            meetings.list[i] = after;
        }
    }
    actions
}

fn removed(s: &Shared) -> (Outcome, Shared) {
    let mut after = s.clone();
    after.removed = true;
    (Outcome::Removed, after)
}

/// Outlook's "end early": under 60 minutes `short` minutes off, from 60 on
/// `long`; a meeting no longer than its cut is left alone.
fn capped(s: &Shared, short: i64, long: i64) -> Option<(Outcome, Shared)> {
    let minutes = s.minutes();
    let cut = if minutes < 60 { short } else { long };
    (minutes > cut && cut > 0).then(|| {
        let mut after = s.clone();
        after.end = s.end - Duration::minutes(cut);
        (Outcome::Shortened, after)
    })
}

/// The invitee list cut to `max` people: the organizer, then required before
/// optional, accepted before not, then by address. None when nobody is cut.
/// Rooms and resources stay.
fn trim(attendees: &[Attendee], organizer: Option<&str>, max: usize) -> Option<Arc<[Attendee]>> {
    let mut others: Vec<&Attendee> = attendees
        .iter()
        .filter(|a| a.cutype.is_person() && Some(&*a.email) != organizer)
        .collect();
    others.sort_by_key(|a| {
        let required = matches!(
            a.role,
            ParticipationRole::Chair | ParticipationRole::Required
        );
        (!required, a.partstat != PartStat::Accepted, a.email.clone())
    });
    others.dedup_by(|a, b| a.email == b.email);
    let seats = max.saturating_sub(usize::from(organizer.is_some()));
    if others.len() <= seats {
        return None;
    }
    let keep: HashSet<&str> = others[..seats].iter().map(|a| &*a.email).collect();
    Some(
        attendees
            .iter()
            .filter(|a| {
                !a.cutype.is_person() || Some(&*a.email) == organizer || keep.contains(&*a.email)
            })
            .cloned()
            .collect(),
    )
}

/// Series keys recommended as async updates (the top N by hours freed, or all).
fn async_series(analysis: &Analysis, top: Option<usize>) -> HashSet<String> {
    let mut list: Vec<_> = analysis
        .candidates
        .iter()
        .filter(|c| c.recommendation == Recommendation::AsyncUpdate)
        .collect();
    list.sort_by(|a, b| b.hours_freed_per_month.total_cmp(&a.hours_freed_per_month));
    list.into_iter()
        .take(top.unwrap_or(usize::MAX))
        .map(|c| c.series.key.clone())
        .collect()
}

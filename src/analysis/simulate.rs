//! What would a policy do? Policies rewrite the real calendars; the analysis
//! then runs on the rewritten ones and `compare` sets them against reality.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, Duration, Weekday};

use super::candidates::Recommendation;
use super::classify::{participants, role, Role};
use super::series::series_key;
use super::Analysis;
use crate::config::Options;
use crate::model::{Calendar, Occurrence, Span};
use crate::people::Person;

/// One policy to simulate.
#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    /// Series recommended as "async update" become written updates (the top N by hours, or all).
    AsyncStatus(Option<usize>),
    /// No meetings on this weekday: they move to the same time on the nearest
    /// free working day, or are dropped when `drop` is set or no day is free.
    NoMeetingDay { day: Weekday, drop: bool },
    /// 30- and 60-minute meetings end 5 and 10 minutes early (25/50 defaults).
    Cap,
    /// Recurring series with this many people or more are deleted.
    PurgeRecurring(usize),
    /// Meetings keep at most N invitees: the organizer and the first others by address.
    MaxAttendees(usize),
}

impl FromStr for Policy {
    type Err = String;

    /// `async-status`, `async-status=5`, `no-meeting-day=WED`, `no-meeting-day=WED:drop`,
    /// `cap=25/50`, `purge-recurring=3`, `max-attendees=8`.
    fn from_str(s: &str) -> Result<Policy, String> {
        let (name, value) = s.split_once('=').map_or((s, None), |(n, v)| (n, Some(v)));
        let number = |v: Option<&str>| v.and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0);
        match (name, value) {
            ("async-status", None) => Ok(Policy::AsyncStatus(None)),
            ("async-status", v) => number(v).map(|n| Policy::AsyncStatus(Some(n))).ok_or_else(|| "async-status=N needs a positive number".into()),
            ("no-meeting-day", Some(v)) => {
                let (day, mode) = v.split_once(':').map_or((v, None), |(d, m)| (d, Some(m)));
                let day = day.parse::<Weekday>().map_err(|_| format!("`{day}` is not a weekday like WED"))?;
                match mode {
                    None | Some("move") => Ok(Policy::NoMeetingDay { day, drop: false }),
                    Some("drop") => Ok(Policy::NoMeetingDay { day, drop: true }),
                    Some(m) => Err(format!("`{m}`: no-meeting-day takes :move or :drop")),
                }
            }
            ("cap", Some("25/50")) | ("cap", None) => Ok(Policy::Cap),
            ("purge-recurring", v) => number(v).map(Policy::PurgeRecurring).ok_or_else(|| "purge-recurring=N needs a positive number".into()),
            ("max-attendees", v) => number(v).map(Policy::MaxAttendees).ok_or_else(|| "max-attendees=N needs a positive number".into()),
            _ => Err(format!("unknown policy `{s}`: use async-status[=N], no-meeting-day=WED[:drop], cap=25/50, purge-recurring=N or max-attendees=N")),
        }
    }
}

/// The people with the policies applied to their calendars, in order.
pub fn apply(
    people: &[Person],
    policies: &[Policy],
    analysis: &Analysis,
    opts: &Options,
) -> Vec<Person> {
    people
        .iter()
        .map(|person| {
            let mut out = person.clone();
            for p in policies {
                out.calendar.occurrences = apply_one(&out, p, analysis, opts);
            }
            out.calendar.quality.occurrences = out.calendar.occurrences.len();
            out
        })
        .collect()
}

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

fn apply_one(
    person: &Person,
    policy: &Policy,
    analysis: &Analysis,
    opts: &Options,
) -> Vec<Occurrence> {
    let cal = &person.calendar;
    let meeting = |o: &Occurrence| role(cal, o, opts) == Role::Meeting;
    match policy {
        Policy::AsyncStatus(top) => {
            let gone = async_series(analysis, *top);
            cal.occurrences
                .iter()
                .filter(|o| !(meeting(o) && gone.contains(&series_key(o))))
                .cloned()
                .collect()
        }
        Policy::PurgeRecurring(min) => cal
            .occurrences
            .iter()
            .filter(|o| !(meeting(o) && o.event.is_recurring && participants(o) >= *min))
            .cloned()
            .collect(),
        Policy::Cap => cal
            .occurrences
            .iter()
            .map(|o| if meeting(o) { capped(o) } else { o.clone() })
            .collect(),
        Policy::MaxAttendees(max) => cal
            .occurrences
            .iter()
            .filter(|o| !meeting(o) || keeps_owner(cal, o, *max))
            .cloned()
            .collect(),
        Policy::NoMeetingDay { day, drop } => move_off_day(person, *day, *drop, opts),
    }
}

fn capped(o: &Occurrence) -> Occurrence {
    let Span::Timed { start, end } = o.span else {
        return o.clone();
    };
    let cut = match (end - start).num_minutes() {
        30 => 5,
        60 => 10,
        _ => 0,
    };
    Occurrence {
        span: Span::Timed {
            start,
            end: end - Duration::minutes(cut),
        },
        ..o.clone()
    }
}

/// With at most `max` invitees, the organizer and the first others by address stay invited.
fn keeps_owner(cal: &Calendar, o: &Occurrence, max: usize) -> bool {
    let Some(owner) = cal.owner.as_deref() else {
        return true;
    };
    if o.event.organizer.as_deref() == Some(owner) {
        return true;
    }
    let mut others: Vec<&str> = o
        .event
        .attendees
        .iter()
        .filter(|a| a.cutype.is_person())
        .map(|a| &*a.email)
        .filter(|e| Some(*e) != o.event.organizer.as_deref())
        .collect();
    others.sort_unstable();
    others.dedup();
    others
        .iter()
        .position(|e| *e == owner)
        .is_none_or(|rank| rank + 1 < max)
}

/// Meetings on `day` (the person's local weekday) move to the same time on the
/// nearest working day where the slot is free, or are dropped.
fn move_off_day(person: &Person, day: Weekday, drop: bool, opts: &Options) -> Vec<Occurrence> {
    let cal = &person.calendar;
    let (tz, hours) = (person.zone, person.hours);
    let (stay, off): (Vec<&Occurrence>, Vec<&Occurrence>) = cal.occurrences.iter().partition(|o| {
        !(role(cal, o, opts) == Role::Meeting && matches!(o.span, Span::Timed { start, .. } if start.with_timezone(&tz).weekday() == day))
    });
    let mut out: Vec<Occurrence> = stay.into_iter().cloned().collect();
    if drop {
        return out;
    }
    for o in off {
        let Span::Timed { start, end } = o.span else {
            continue;
        };
        let free = |s, e| {
            !out.iter().any(|x| matches!(x.span, Span::Timed { start: xs, end: xe } if xs < e && s < xe && !matches!(role(cal, x, opts), Role::Ignored | Role::Declined)))
        };
        let slot = [1i64, -1, 2, -2]
            .into_iter()
            .map(|d| (start + Duration::days(d), end + Duration::days(d)))
            .find(|(s, e)| {
                let wd = s.with_timezone(&tz).weekday();
                wd != day && hours.works_on(wd) && free(*s, *e)
            });
        if let Some((s, e)) = slot {
            out.push(Occurrence {
                span: Span::Timed { start: s, end: e },
                event: Arc::clone(&o.event),
                recurrence_id: o.recurrence_id,
            });
        }
    }
    out.sort_by_key(|o| o.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::ics::{import_bytes, ImportOptions};

    fn meeting(uid: &str, day: u32, start: &str, end: &str, people: usize) -> String {
        let attendees: String = (0..people)
            .map(|i| format!("ATTENDEE:mailto:p{i}@x.org\n"))
            .collect();
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:202401{day:02}T{start}00Z\nDTEND:202401{day:02}T{end}00Z\nORGANIZER:mailto:boss@x.org\n{attendees}END:VEVENT\n")
    }

    fn run(events: &str, policy: &str) -> Vec<(String, String)> {
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:p1@x.org\nX-WR-TIMEZONE:UTC\n{events}END:VCALENDAR\n"
        );
        let opts = Options::default();
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &opts,
        );
        let a = analyze(std::slice::from_ref(&cal), &opts);
        let out = apply(&[cal], &[policy.parse().unwrap()], &a, &opts);
        out[0]
            .calendar
            .occurrences
            .iter()
            .map(|o| match o.span {
                Span::Timed { start, end } => (
                    o.event.uid.clone(),
                    format!("{}-{}", start.format("%a %H:%M"), end.format("%H:%M")),
                ),
                Span::AllDay { .. } => (o.event.uid.clone(), String::new()),
            })
            .collect()
    }

    #[test]
    fn cap_shortens_30_and_60_minute_meetings_only() {
        let got = run(
            &(meeting("a", 8, "1000", "1030", 2)
                + &meeting("b", 8, "1100", "1200", 2)
                + &meeting("c", 8, "1300", "1345", 2)),
            "cap=25/50",
        );
        assert_eq!(
            got.iter().map(|g| g.1.as_str()).collect::<Vec<_>>(),
            vec!["Mon 10:00-10:25", "Mon 11:00-11:50", "Mon 13:00-13:45"]
        );
    }

    #[test]
    fn a_no_meeting_wednesday_moves_to_the_nearest_free_day_or_drops() {
        // Wed 10 Jan 10:00 moves to Thu 11 Jan, whose slot is free; the second one finds Thu
        // busy and goes to Tue
        let events = meeting("wed1", 10, "1000", "1100", 2)
            + &meeting("wed2", 10, "1400", "1500", 2)
            + &meeting("thu", 11, "1400", "1500", 2);
        let got = run(&events, "no-meeting-day=WED");
        assert!(
            got.contains(&("wed1".into(), "Thu 10:00-11:00".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("wed2".into(), "Tue 14:00-15:00".into())),
            "{got:?}"
        );
        let dropped = run(&events, "no-meeting-day=WED:drop");
        assert_eq!(dropped.len(), 1);
    }

    #[test]
    fn purge_and_max_attendees_remove_the_right_meetings() {
        let events =
            meeting("big", 8, "1000", "1100", 12) + &meeting("small", 8, "1200", "1300", 2);
        // by address the invitees sort p0, p10, p11, p1 ('0' < '@'): the owner p1 is fourth after the
        // organizer, so a cap of 5 keeps them and a cap of 4 drops them from the 13-person meeting
        assert_eq!(run(&events, "max-attendees=5").len(), 2);
        assert_eq!(
            run(&events, "max-attendees=4")
                .iter()
                .map(|g| g.0.as_str())
                .collect::<Vec<_>>(),
            vec!["small"]
        );
        let weekly = "BEGIN:VEVENT\nUID:w\nSUMMARY:w\nDTSTART:20240108T090000Z\nDTEND:20240108T093000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nORGANIZER:mailto:boss@x.org\nATTENDEE:mailto:p1@x.org\nATTENDEE:mailto:p2@x.org\nEND:VEVENT\n";
        assert_eq!(run(weekly, "purge-recurring=3").len(), 0);
        assert_eq!(run(weekly, "purge-recurring=4").len(), 3);
    }

    #[test]
    fn policies_parse_and_bad_ones_say_what_is_accepted() {
        assert_eq!("async-status".parse(), Ok(Policy::AsyncStatus(None)));
        assert_eq!("async-status=3".parse(), Ok(Policy::AsyncStatus(Some(3))));
        assert_eq!(
            "no-meeting-day=WED".parse(),
            Ok(Policy::NoMeetingDay {
                day: Weekday::Wed,
                drop: false
            })
        );
        assert_eq!(
            "no-meeting-day=fri:drop".parse(),
            Ok(Policy::NoMeetingDay {
                day: Weekday::Fri,
                drop: true
            })
        );
        assert_eq!("cap=25/50".parse(), Ok(Policy::Cap));
        assert_eq!("purge-recurring=3".parse(), Ok(Policy::PurgeRecurring(3)));
        assert_eq!("max-attendees=8".parse(), Ok(Policy::MaxAttendees(8)));
        assert!("no-meeting-day=Funday"
            .parse::<Policy>()
            .unwrap_err()
            .contains("weekday"));
        assert!("teleport"
            .parse::<Policy>()
            .unwrap_err()
            .contains("async-status"));
        assert!("purge-recurring=0".parse::<Policy>().is_err());
    }
}

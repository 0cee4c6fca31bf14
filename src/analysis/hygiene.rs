//! Meeting hygiene for the whole team: which share of meeting person-hours is
//! large, long, short notice, recurring, after hours or on a weekend, and
//! what those hours cost when `hourly_rate` is set. The flags are the ones
//! meetings.csv carries per meeting; this module is their one place.

use chrono::{Datelike, Weekday};
use serde::Serialize;

use super::series::Meeting;
use crate::config::Options;

/// A hygiene flag of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// `large_meeting` invitees or more.
    Large,
    /// Longer than `long_meeting_minutes`.
    Long,
    /// Created less than `short_notice_hours` before it started.
    ShortNotice,
    /// Part of a recurring series.
    Recurring,
    /// Outside working hours for the known invitees it falls outside for.
    AfterHours,
    /// On a Saturday or Sunday in the known invitees' zones (UTC without any).
    Weekend,
}

impl Flag {
    /// Every flag, in the order the table and the page list them.
    pub const ALL: [Flag; 6] = [
        Flag::Large,
        Flag::Long,
        Flag::ShortNotice,
        Flag::Recurring,
        Flag::AfterHours,
        Flag::Weekend,
    ];

    /// Name in the table and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Large => "large",
            Flag::Long => "long",
            Flag::ShortNotice => "short_notice",
            Flag::Recurring => "recurring",
            Flag::AfterHours => "after_hours",
            Flag::Weekend => "weekend",
        }
    }

    /// Label for the page.
    pub fn label(self) -> &'static str {
        match self {
            Flag::Large => "large (9+ invitees by default)",
            Flag::Long => "long (over 1 h by default)",
            Flag::ShortNotice => "short notice (under 24 h by default)",
            Flag::Recurring => "recurring",
            Flag::AfterHours => "after hours",
            Flag::Weekend => "on a weekend",
        }
    }

    /// The share (0-1) of a meeting's person-hours this flag covers: whole
    /// meetings for the first four, the affected invitees for the last two.
    fn weight(self, m: &Meeting, opts: &Options) -> f64 {
        let whole = |yes: bool| if yes { 1.0 } else { 0.0 };
        let known = m.known_zones.len();
        match self {
            Flag::Large => whole(m.invitees >= opts.large_meeting),
            Flag::Long => whole(m.minutes() > opts.long_meeting_minutes),
            Flag::ShortNotice => whole(m.notice_hours.is_some_and(|h| h < opts.short_notice_hours)),
            Flag::Recurring => whole(m.recurring),
            Flag::AfterHours if known == 0 => 0.0,
            Flag::AfterHours => m.outside_hours.min(known) as f64 / known as f64,
            Flag::Weekend if known == 0 => whole(is_weekend(m.start.weekday())),
            Flag::Weekend => {
                let local = m.known_zones.iter();
                let on_weekend = local
                    .filter(|z| is_weekend(m.start.with_timezone(*z).weekday()))
                    .count();
                on_weekend as f64 / known as f64
            }
        }
    }
}

fn is_weekend(day: Weekday) -> bool {
    matches!(day, Weekday::Sat | Weekday::Sun)
}

/// One row of the hygiene table.
#[derive(Debug, Clone, Serialize)]
pub struct HygieneRow {
    pub flag: Flag,
    /// Meeting person-hours with the flag over the period.
    pub meeting_h: f64,
    /// Their share (0-1) of all meeting person-hours.
    pub share: f64,
    /// Their cost at `hourly_rate`, when set.
    pub cost: Option<f64>,
}

/// The hygiene rows of a team's meetings, one per [`Flag`].
pub fn hygiene(meetings: &[Meeting], opts: &Options) -> Vec<HygieneRow> {
    let person_hours = |m: &Meeting| m.minutes() as f64 / 60.0 * m.attendees() as f64;
    let total: f64 = meetings.iter().map(person_hours).sum();
    Flag::ALL
        .iter()
        .map(|&flag| {
            let hours: f64 = meetings
                .iter()
                .map(|m| person_hours(m) * flag.weight(m, opts))
                .sum::<f64>()
                + 0.0; // an empty f64 sum is -0.0

            HygieneRow {
                flag,
                meeting_h: hours,
                share: if total > 0.0 { hours / total } else { 0.0 },
                cost: opts.hourly_rate.map(|r| r * hours),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    /// A meeting of `minutes` with `invitees` people starting at `start` (UTC).
    fn meeting(start: chrono::DateTime<Utc>, minutes: i64, invitees: usize) -> Meeting {
        Meeting {
            series: "s".into(),
            uid: "u".into(),
            title: "t".into(),
            organizer: None,
            start,
            end: start + chrono::Duration::minutes(minutes),
            invitees,
            declined: 0,
            tentative: 0,
            accepted: 0,
            no_answer: 0,
            organizer_declined: false,
            focus_cost_min: 0,
            has_agenda: false,
            recurring: false,
            has_end: true,
            series_start: None,
            notice_hours: None,
            kind: crate::model::Kind::Other,
            known_zones: Vec::new(),
            outside_hours: 0,
        }
    }

    #[test]
    fn shares_are_of_meeting_person_hours() {
        let monday = Utc.with_ymd_and_hms(2025, 6, 2, 10, 0, 0).unwrap();
        let saturday = Utc.with_ymd_and_hms(2025, 6, 7, 10, 0, 0).unwrap();
        // 10 people x 2 h = 20 person-hours, large and long, on a Monday
        let big = meeting(monday, 120, 10);
        // 2 people x 1 h = 2 person-hours on a Saturday, short notice, recurring,
        // outside working hours for one of its two known invitees
        let mut small = meeting(saturday, 60, 2);
        small.notice_hours = Some(3);
        small.recurring = true;
        small.known_zones = vec![chrono_tz::UTC, chrono_tz::Asia::Tokyo];
        small.outside_hours = 1;
        let rows = hygiene(&[big, small], &Options::default());
        let share = |f: Flag| rows.iter().find(|r| r.flag == f).unwrap().share;
        assert!((share(Flag::Large) - 20.0 / 22.0).abs() < 1e-9);
        assert!((share(Flag::Long) - 20.0 / 22.0).abs() < 1e-9);
        assert!((share(Flag::ShortNotice) - 2.0 / 22.0).abs() < 1e-9);
        assert!((share(Flag::Recurring) - 2.0 / 22.0).abs() < 1e-9);
        assert!((share(Flag::AfterHours) - 1.0 / 22.0).abs() < 1e-9);
        // 10:00 UTC Saturday is Saturday in UTC and in Tokyo (19:00)
        assert!((share(Flag::Weekend) - 2.0 / 22.0).abs() < 1e-9);
        assert!(rows.iter().all(|r| r.cost.is_none()));
    }

    #[test]
    fn cost_follows_the_hourly_rate() {
        let monday = Utc.with_ymd_and_hms(2025, 6, 2, 10, 0, 0).unwrap();
        let opts = Options {
            hourly_rate: Some(50.0),
            ..Options::default()
        };
        let rows = hygiene(&[meeting(monday, 90, 12)], &opts);
        let large = rows.iter().find(|r| r.flag == Flag::Large).unwrap();
        assert_eq!(large.cost, Some(50.0 * 1.5 * 12.0));
        let empty = &hygiene(&[], &opts)[0];
        assert_eq!(empty.share, 0.0);
        assert!(empty.meeting_h.is_sign_positive(), "no negative zero");
    }
}

//! Meeting hygiene: which share of the meeting hours people spend is large,
//! long, short notice, recurring, after hours or on a weekend, for the whole
//! team, per roster group and per person, and what those hours cost when
//! `hourly_rate` is set. The flags are the ones meetings.csv carries per
//! meeting; this module is their one place.
//!
//! The hours are each analysed person's own meeting hours (accepted,
//! tentative or unanswered; overlaps counted per meeting, as a cost is), so a
//! group's hours add up from its members' and the team's from everyone's.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc, Weekday};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::burden::copy_burdens;
use super::groups::{membership, sum_by_group};
use super::partial::{PersonMeta, PersonPartial};
use super::series::{text_address, Meeting, MeetingCopy};
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
    /// Even partly outside the person's working hours, or on a day they do
    /// not work (see [`super::burden`]).
    AfterHours,
    /// On a Saturday or Sunday in the person's zone.
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

    /// The flag of the meeting itself, the same for everyone in it (false for
    /// after hours and weekend, which depend on the person).
    pub fn of_meeting(self, m: &Meeting, opts: &Options) -> bool {
        match self {
            Flag::Large => m.invitees >= opts.large_meeting,
            Flag::Long => m.minutes() > opts.long_meeting_minutes,
            Flag::ShortNotice => m.notice_hours.is_some_and(|h| h < opts.short_notice_hours),
            Flag::Recurring => m.recurring,
            Flag::AfterHours | Flag::Weekend => false,
        }
    }

    /// The flag of one person's copy: after hours (`outside`: its burden has
    /// minutes outside their hours) and weekend are theirs, the others the
    /// meeting's (`own`, see [`MeetingIndex`]).
    fn of_copy(self, c: &MeetingCopy, own: u8, outside: bool) -> bool {
        match self {
            Flag::AfterHours => outside,
            Flag::Weekend => matches!(c.date.weekday(), Weekday::Sat | Weekday::Sun),
            _ => own & self.bit() != 0,
        }
    }

    /// The flag's bit in a [`MeetingIndex`] mask.
    fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The flags a meeting carries itself, as a mask of [`Flag::bit`]s.
    fn of_meeting_mask(m: &Meeting, opts: &Options) -> u8 {
        Flag::ALL
            .iter()
            .filter(|f| f.of_meeting(m, opts))
            .fold(0, |mask, f| mask | f.bit())
    }
}

/// Meeting minutes of a person or group, in total and with each flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub meeting_min: i64,
    /// Minutes with each flag, in [`Flag::ALL`] order.
    pub flagged_min: [i64; 6],
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.meeting_min += o.meeting_min;
        for (a, b) in self.flagged_min.iter_mut().zip(o.flagged_min) {
            *a += b;
        }
    }

    /// Share (0-1) of the meeting minutes with `flag` (0 without meetings).
    pub fn share(&self, flag: Flag) -> f64 {
        let i = Flag::ALL.iter().position(|&f| f == flag).unwrap_or(0);
        if self.meeting_min == 0 {
            0.0
        } else {
            self.flagged_min[i] as f64 / self.meeting_min as f64
        }
    }

    pub fn meeting_h(&self) -> f64 {
        self.meeting_min as f64 / 60.0
    }

    /// The meeting hours' cost at `hourly_rate`, when set.
    pub fn cost(&self, opts: &Options) -> Option<f64> {
        opts.hourly_rate.map(|r| r * self.meeting_h())
    }
}

/// Whose hours a hygiene row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Team,
    Group,
    Person,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Team => "team",
            Scope::Group => "group",
            Scope::Person => "person",
        }
    }
}

/// One hygiene row: the whole team, a roster group or a person.
#[derive(Debug, Clone, PartialEq)]
pub struct HygieneRow {
    pub scope: Scope,
    /// The roster column of a group (empty otherwise).
    pub column: String,
    /// "(all)", the group's value or the person's id.
    pub name: String,
    pub people: usize,
    pub tally: Tally,
}

/// One person's meeting minutes, flagged (`team`: the team's meetings, for
/// the flags of the meeting itself).
pub fn person_tally(p: &PersonPartial, team: &MeetingIndex) -> Tally {
    let mut t = Tally::default();
    for (c, burden) in p.meetings.iter().zip(copy_burdens(p)) {
        let minutes = burden.meeting_min;
        let own = team.flags(c);
        t.meeting_min += minutes;
        for (i, flag) in Flag::ALL.iter().enumerate() {
            if flag.of_copy(c, own, burden.outside > 0) {
                t.flagged_min[i] += minutes;
            }
        }
    }
    t
}

/// The team's meetings with the flags each carries itself (a mask of
/// [`Flag::bit`]s), worked out once per meeting rather than once per
/// attendee's copy, found by start and the address of the UID's text (see
/// [`text_address`]). Keyed by the UID's text, each of the bench corpus's
/// 850,000 copies hashed and compared a hundred-byte UID read from cold
/// memory (perf: `person_tally` 1.5% of the run's real time, self).
pub struct MeetingIndex<'a> {
    by_address: FxHashMap<(DateTime<Utc>, usize), u8>,
    /// By start, then UID (see [`super::series::collect_meetings`]).
    meetings: &'a [Meeting],
    opts: &'a Options,
}

impl<'a> MeetingIndex<'a> {
    pub fn new(meetings: &'a [Meeting], opts: &'a Options) -> MeetingIndex<'a> {
        let by_address = meetings
            .iter()
            .map(|m| {
                (
                    (m.start, text_address(&m.uid)),
                    Flag::of_meeting_mask(m, opts),
                )
            })
            .collect();
        MeetingIndex {
            by_address,
            meetings,
            opts,
        }
    }

    /// The flags of the meeting `c` is a copy of (none if it is none of
    /// them). A UID interned apart from the meeting's (partials of several
    /// map runs) is searched for by its text.
    fn flags(&self, c: &MeetingCopy) -> u8 {
        let uid = &c.event.uid;
        if let Some(&mask) = self.by_address.get(&(c.start, text_address(uid))) {
            return mask;
        }
        self.meetings
            .binary_search_by(|m| (m.start, &*m.uid).cmp(&(c.start, &**uid)))
            .map_or(0, |k| Flag::of_meeting_mask(&self.meetings[k], self.opts))
    }
}

/// The team row, one row per roster group (`group_by`, groups under
/// `min_group` left out) and one per person, in that order.
pub fn hygiene_rows(
    parts: &[PersonPartial],
    meetings: &[Meeting],
    people: &[&PersonMeta],
    opts: &Options,
) -> Vec<HygieneRow> {
    let index = MeetingIndex::new(meetings, opts);
    let tallies: Vec<(Arc<str>, Tally)> = parts
        .par_iter()
        .map(|p| (p.meta.id.clone(), person_tally(p, &index)))
        .collect();
    let by_person: BTreeMap<Arc<str>, Tally> = tallies.into_iter().collect();
    let mut team = Tally::default();
    by_person.values().for_each(|t| team.add(t));
    let mut rows = vec![HygieneRow {
        scope: Scope::Team,
        column: String::new(),
        name: "(all)".into(),
        people: by_person.len(),
        tally: team,
    }];
    let groups = sum_by_group(membership(people, opts), &by_person, opts, Tally::add);
    rows.extend(groups.into_iter().map(|g| HygieneRow {
        scope: Scope::Group,
        column: g.column,
        name: g.group,
        people: g.people,
        tally: g.total,
    }));
    rows.extend(by_person.into_iter().map(|(p, tally)| HygieneRow {
        scope: Scope::Person,
        column: String::new(),
        name: p.to_string(),
        people: 1,
        tally,
    }));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reduce::reduce;
    use crate::analysis::{analyze, map_people};
    use crate::ics::{import_bytes, ImportOptions};
    use crate::people::Person;

    /// A person in Berlin analysed from Monday 8 to Sunday 14 January 2024.
    fn person(owner: &str, team: &str, events: &[&str], opts: &Options) -> Person {
        let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:Europe/Berlin\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240115T000000Z\n{}END:VCALENDAR\n", events.concat());
        let mut p = crate::people::one_person(
            import_bytes(text.as_bytes(), owner, &ImportOptions::default()),
            opts,
        );
        p.attributes.insert("team".into(), team.into());
        p
    }

    fn event(uid: &str, start: &str, end: &str, people: &[&str], extra: &str) -> String {
        let attendees: String = people[1..]
            .iter()
            .map(|a| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}\n"))
            .collect();
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:{start}Z\nDTEND:{end}Z\nORGANIZER:mailto:{}\n{attendees}{extra}END:VEVENT\n", people[0])
    }

    fn opts() -> Options {
        Options {
            min_group: 0,
            group_by: vec!["team".into()],
            hourly_rate: Some(100.0),
            ..Options::default()
        }
    }

    /// a and b in team red, c in team blue; Berlin is UTC+1 in January.
    fn rows() -> Vec<HygieneRow> {
        let o = opts();
        analyze(&team(&o), &o).hygiene
    }

    /// The people of [`rows`].
    fn team(o: &Options) -> [Person; 3] {
        // Tuesday 11-13 Berlin: 9 invitees (a, c and 7 outside), 2 h: large and long
        let big = event(
            "big",
            "20240109T100000",
            "20240109T120000",
            &[
                "a@x.org", "c@x.org", "e1@y", "e2@y", "e3@y", "e4@y", "e5@y", "e6@y", "e7@y",
            ],
            "",
        );
        // Wednesday 17:30-18:30 Berlin, a recurring series: after hours, 1 h is not long
        let late = event(
            "late",
            "20240110T163000",
            "20240110T173000",
            &["a@x.org", "b@x.org"],
            "RRULE:FREQ=WEEKLY;COUNT=1\n",
        );
        // Saturday 11:00-11:30 Berlin, created 2 h before: short notice, weekend, after hours
        let sat = event(
            "sat",
            "20240113T100000",
            "20240113T103000",
            &["b@x.org", "e1@y"],
            "CREATED:20240113T080000Z\n",
        );
        [
            person("a@x.org", "red", &[&big, &late], o),
            person("b@x.org", "red", &[&late, &sat], o),
            person("c@x.org", "blue", &[&big], o),
        ]
    }

    fn minutes(rows: &[HygieneRow], name: &str) -> (i64, [i64; 6]) {
        let r = rows.iter().find(|r| r.name == name).unwrap();
        (r.tally.meeting_min, r.tally.flagged_min)
    }

    #[test]
    fn each_person_counts_their_own_meeting_minutes_by_flag() {
        let rows = rows();
        // flags: large, long, short notice, recurring, after hours, weekend
        assert_eq!(minutes(&rows, "a@x.org"), (180, [120, 120, 0, 60, 60, 0]));
        assert_eq!(minutes(&rows, "b@x.org"), (90, [0, 0, 30, 60, 90, 30]));
        assert_eq!(minutes(&rows, "c@x.org"), (120, [120, 120, 0, 0, 0, 0]));
    }

    #[test]
    fn groups_and_the_team_add_up_their_members() {
        let rows = rows();
        let order: Vec<(Scope, &str)> = rows.iter().map(|r| (r.scope, &*r.name)).collect();
        assert_eq!(
            order,
            [
                (Scope::Team, "(all)"),
                (Scope::Group, "blue"),
                (Scope::Group, "red"),
                (Scope::Person, "a@x.org"),
                (Scope::Person, "b@x.org"),
                (Scope::Person, "c@x.org"),
            ]
        );
        assert_eq!(minutes(&rows, "red"), (270, [120, 120, 30, 120, 150, 30]));
        assert_eq!(minutes(&rows, "blue"), (120, [120, 120, 0, 0, 0, 0]));
        let team = &rows[0].tally;
        assert_eq!(team.meeting_min, 390);
        assert_eq!(team.share(Flag::Large), 240.0 / 390.0);
        assert_eq!(team.share(Flag::AfterHours), 150.0 / 390.0);
        // 6.5 h at 100 an hour
        assert_eq!(team.cost(&opts()), Some(650.0));
        assert_eq!(Tally::default().share(Flag::Weekend), 0.0);
    }

    #[test]
    fn copies_whose_uids_were_interned_apart_carry_their_meetings_flags() {
        let o = opts();
        let people = team(&o);
        // two map runs: each interns its own copy of "big"
        let mut parts = map_people(&people[..2], &o);
        parts.extend(map_people(&people[2..], &o));
        assert_eq!(reduce(parts, &o).hygiene, rows());
    }

    #[test]
    fn small_groups_are_left_out_and_without_a_rate_there_is_no_cost() {
        let o = Options {
            min_group: 2,
            hourly_rate: None,
            ..opts()
        };
        let people = [person("c@x.org", "blue", &[], &o)];
        let rows = analyze(&people, &o).hygiene;
        assert!(rows.iter().all(|r| r.scope != Scope::Group));
        assert_eq!(rows[0].tally.cost(&o), None);
        assert_eq!(rows[0].tally.meeting_h(), 0.0);
    }
}

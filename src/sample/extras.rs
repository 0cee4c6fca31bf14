//! One-off meetings (brainstorms, kickoffs, interviews, incidents,
//! customer calls) and each person's own events: vacation, focus blocks and
//! appointments.

use chrono::{Datelike, Duration, NaiveTime, Weekday};

use super::org::{Event, Gen, When};

impl Gen<'_> {
    pub(super) fn one_offs(&mut self) {
        let kinds: &[(&str, i64, Option<&str>)] = &[
            ("Brainstorm: onboarding ideas", 60, Some("Bring ideas")),
            (
                "Project kickoff",
                45,
                Some("Agenda: scope, owners, timeline"),
            ),
            ("Interview: backend engineer", 60, None),
            ("Incident: checkout latency", 60, None),
            ("Customer call: Acme", 30, None),
            ("Metrics review", 30, None),
        ];
        let days = self.opts.weeks as usize * 7;
        for _ in 0..(self.people.len() * self.opts.weeks as usize * 3 / 2) {
            let (title, minutes, desc) = *self.rng.pick(kinds);
            let organizer = self.rng.below(self.people.len());
            let team = self.members(self.people[organizer].team);
            let mut attendees: Vec<usize> =
                team.into_iter().filter(|_| self.rng.chance(0.5)).collect();
            if !attendees.contains(&organizer) {
                attendees.insert(0, organizer);
            }
            if attendees.len() < 2 {
                attendees.push((organizer + 1) % self.people.len());
            }
            let mut date = self.start + Duration::days(self.rng.below(days) as i64);
            while date.weekday().number_from_monday() > 5
                || (self.wed_free() && date.weekday() == Weekday::Wed)
            {
                // backwards: the period starts on a Monday and must not be overrun
                date -= Duration::days(1);
            }
            let at = date.and_time(
                NaiveTime::from_hms_opt(
                    9 + self.rng.below(8) as u32,
                    [0, 30][self.rng.below(2)],
                    0,
                )
                .unwrap_or(NaiveTime::MIN),
            );
            self.meeting(title, organizer, attendees, at, minutes, None, desc);
        }
    }

    fn solo(&mut self, owner: usize, title: &str, when: When, out_of_office: bool) {
        let uid = format!("{:016x}@sample.meetload", self.rng.next_u64());
        let created = match when {
            When::Timed { start, .. } => start - Duration::days(7),
            When::AllDay { date, .. } => date.and_time(NaiveTime::MIN) - Duration::days(30),
        };
        let zone = self.people[owner].zone;
        self.events.push(Event {
            uid,
            title: title.to_string(),
            description: None,
            organizer: None,
            attendees: Vec::new(),
            owner,
            zone,
            when,
            rrule: None,
            exdates: Vec::new(),
            overrides: Vec::new(),
            declined: Vec::new(),
            room: None,
            created,
            transparent: false,
            out_of_office,
        });
    }

    pub(super) fn personal(&mut self) {
        for p in 0..self.people.len() {
            let vacation_week = self.rng.below(self.opts.weeks as usize);
            let date = self.start + Duration::weeks(vacation_week as i64);
            self.solo(p, "Vacation", When::AllDay { date, days: 5 }, true);
            for week in 0..self.opts.weeks {
                if self.rng.chance(0.5) {
                    let day = self.first(Weekday::Tue, 14, 0)
                        + Duration::weeks(week.into())
                        + Duration::days(self.rng.below(3) as i64);
                    self.solo(
                        p,
                        "Focus time",
                        When::Timed {
                            start: day,
                            minutes: 120,
                        },
                        false,
                    );
                }
                if self.rng.chance(0.15) {
                    let day = self.first(Weekday::Mon, 8, 0)
                        + Duration::weeks(week.into())
                        + Duration::days(self.rng.below(5) as i64);
                    self.solo(
                        p,
                        "Dentist",
                        When::Timed {
                            start: day,
                            minutes: 60,
                        },
                        false,
                    );
                }
            }
        }
    }
}

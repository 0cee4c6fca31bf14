//! The recurring routine of every team: stand-ups, status, 1:1s,
//! planning, retros and lunches, and across teams the project status syncs,
//! design reviews and the all-hands.

use chrono::{Duration, Weekday};

use super::org::{team_label, Gen, Override, HALF_YEAR_AGO, YEAR_AGO};

impl Gen<'_> {
    pub(super) fn team_meetings(&mut self, team: usize) {
        let members = self.members(team);
        let Some(&manager) = members.first() else {
            return;
        };
        let name = team_label(team);
        let until = self.until();
        if !self.status_async() {
            self.status_meetings(name, manager, &members);
        }
        for (i, &m) in members.iter().enumerate().skip(1) {
            let day = [
                Weekday::Mon,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Wed,
                Weekday::Fri,
            ][i % 5];
            let day = if self.wed_free() && day == Weekday::Wed {
                Weekday::Tue
            } else {
                day
            };
            let start = self.first(day, 13 + (i as u32 % 3), 0);
            let (a, b) = (&self.people[manager].name, &self.people[m].name);
            let title = format!("1:1 {a} / {b}");
            self.meeting(
                &title,
                manager,
                vec![manager, m],
                start - HALF_YEAR_AGO,
                30,
                Some(format!("FREQ=WEEKLY;{until}")),
                Some("Career, feedback, blockers"),
            );
        }
        let start = self.first(Weekday::Mon, 10, 0);
        self.meeting(
            &format!("{name} sprint planning"),
            manager,
            members.clone(),
            start - YEAR_AGO,
            60,
            Some(format!("FREQ=WEEKLY;INTERVAL=2;{until}")),
            Some("Agenda: goals, capacity, commitments"),
        );
        let start = self.first(Weekday::Fri, 15, 0) + Duration::weeks(1);
        self.meeting(
            &format!("{name} retro"),
            manager,
            members.clone(),
            start - HALF_YEAR_AGO,
            45,
            Some(format!("FREQ=WEEKLY;INTERVAL=2;{until}")),
            Some("Agenda: what went well, what to change"),
        );
        let start = self.first(Weekday::Fri, 12, 0) + Duration::weeks(2);
        self.meeting(
            &format!("{name} team lunch celebration"),
            manager,
            members,
            start,
            60,
            Some(format!("FREQ=MONTHLY;BYDAY=3FR;{until}")),
            None,
        );
    }

    /// The team's stand-up and weekly status (with an EXDATE, a moved and a
    /// cancelled instance inside the period), started a year before it.
    fn status_meetings(&mut self, name: &str, manager: usize, members: &[usize]) {
        let (weeks, until) = (self.opts.weeks, self.until());
        let standup_days = if self.wed_free() {
            "MO,TU,TH,FR"
        } else {
            "MO,TU,WE,TH,FR"
        };
        let first = self.first(Weekday::Mon, 9, 30);
        let week2 = first + Duration::days(8);
        let ev = self.meeting(
            &format!("{name} daily stand-up"),
            manager,
            members.to_vec(),
            first - YEAR_AGO,
            15,
            Some(format!("FREQ=WEEKLY;BYDAY={standup_days};{until}")),
            None,
        );
        // the Tuesday of the second week is skipped, its Thursday starts half an hour later
        if weeks >= 2 {
            ev.exdates.push(week2);
            let thursday = week2 + Duration::days(2);
            ev.overrides.push(Override {
                original: thursday,
                new_start: Some(thursday + Duration::minutes(30)),
                cancelled: false,
            });
        }
        let start = self.first(Weekday::Tue, 11, 0);
        let ev = self.meeting(
            &format!("{name} weekly status update"),
            manager,
            members.to_vec(),
            start - YEAR_AGO,
            60,
            Some(format!("FREQ=WEEKLY;{until}")),
            None,
        );
        let (cancel, moved) = (
            Duration::weeks((weeks / 3).into()),
            Duration::weeks((weeks / 2).into()),
        );
        ev.overrides.push(Override {
            original: start + cancel,
            new_start: None,
            cancelled: true,
        });
        if moved != cancel {
            ev.overrides.push(Override {
                original: start + moved,
                new_start: Some(start + moved + Duration::days(1)),
                cancelled: false,
            });
        }
    }

    pub(super) fn cross_team(&mut self) {
        let teams = self
            .people
            .iter()
            .map(|p| p.team)
            .max()
            .map_or(0, |t| t + 1);
        let until = self.until();
        for pair in (0..teams).step_by(2) {
            let mut attendees = self.members(pair);
            attendees.extend(self.members(pair + 1));
            let Some(&organizer) = attendees.first() else {
                continue;
            };
            if !self.status_async() {
                let start = self.first(Weekday::Thu, 16, 0);
                let ev = self.meeting(
                    &format!("Project {} status sync", team_label(pair)),
                    organizer,
                    attendees.clone(),
                    start - YEAR_AGO,
                    45,
                    Some("FREQ=WEEKLY;BYDAY=TH".to_string()),
                    None,
                );
                ev.declined = attendees.iter().copied().filter(|a| a % 4 == 3).collect();
            }
            let day = if self.wed_free() {
                Weekday::Thu
            } else {
                Weekday::Wed
            };
            for week in 0..self.opts.weeks {
                let start = self.first(day, 14, 0) + Duration::weeks(week.into());
                let reviewers: Vec<usize> = attendees
                    .iter()
                    .copied()
                    .filter(|a| (a + week as usize).is_multiple_of(3))
                    .collect();
                if reviewers.len() >= 2 {
                    self.meeting(
                        "Design review: API changes",
                        reviewers[0],
                        reviewers,
                        start,
                        60,
                        None,
                        Some("Agenda: proposal doc, open questions, decision"),
                    );
                }
            }
        }
        let everyone: Vec<usize> = (0..self.people.len()).collect();
        if let Some(&ceo) = everyone.first() {
            let day = if self.wed_free() { "1TH" } else { "1WE" };
            let first = if self.wed_free() {
                Weekday::Thu
            } else {
                Weekday::Wed
            };
            let start = self.first(first, 17, 0);
            self.meeting(
                "Company all-hands",
                ceo,
                everyone,
                start,
                60,
                Some(format!("FREQ=MONTHLY;BYDAY={day};{until}")),
                Some("Agenda: company update, Q&A"),
            );
        }
    }
}

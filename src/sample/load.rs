//! The meetings that bring the sample to published meeting loads:
//! individual contributors around 8-12 h a week, managers 15-20 h (weekly
//! 1:1s, a staff meeting, a leadership status, interviews and debriefs).

use chrono::{Duration, Weekday};

use super::org::Gen;

impl Gen<'_> {
    /// The day a Wednesday meeting takes under a no-meeting-Wednesday policy.
    fn not_wednesday(&self, day: Weekday) -> Weekday {
        if self.wed_free() && day == Weekday::Wed {
            Weekday::Thu
        } else {
            day
        }
    }

    /// Weekly backlog refinement of the whole team, and two incident weeks
    /// a quarter with a daily incident review: the weeks in which focus time
    /// drops under 10 h.
    pub(super) fn team_load(&mut self, team: usize) {
        self.incident_weeks(team);
        let members = self.members(team);
        let Some(&manager) = members.first() else {
            return;
        };
        let until = self.until();
        let day = self.not_wednesday(Weekday::Wed);
        let start = self.first(day, 10, 0) - Duration::weeks(26);
        let title = format!("{} backlog refinement", self.team_of(manager));
        self.meeting(
            &title,
            manager,
            members,
            start,
            60,
            Some(format!("FREQ=WEEKLY;{until}")),
            Some("Agenda: stories for the next sprint"),
        );
    }

    fn incident_weeks(&mut self, team: usize) {
        let members = self.members(team);
        let Some(&lead) = members.first() else {
            return;
        };
        let weeks = self.opts.weeks as usize;
        let incident = self.rng.below(weeks);
        for week in [incident, (incident + weeks / 2) % weeks.max(1)] {
            for day in [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ] {
                if self.wed_free() && day == Weekday::Wed {
                    continue;
                }
                let hour = 10 + self.rng.below(5) as u32;
                let at = self.first(day, hour, 0) + Duration::weeks(week as i64);
                let title = "Incident review: checkout latency";
                self.meeting(title, lead, members.clone(), at, 120, None, None);
            }
        }
    }

    fn team_of(&self, person: usize) -> &'static str {
        super::org::team_label(self.people[person].team)
    }

    /// The managers' own meetings: a weekly staff meeting, a leadership
    /// status (a status meeting, made a written update by the policy), two
    /// interviews a week with a team member, and a hiring debrief.
    pub(super) fn managers(&mut self) {
        let managers: Vec<usize> = (0..self.people.len())
            .filter(|&p| self.people[p].manager)
            .collect();
        let Some(&head) = managers.first() else {
            return;
        };
        let until = self.until();
        if managers.len() >= 2 {
            let start = self.first(Weekday::Mon, 11, 0) - Duration::weeks(52);
            let rule = Some(format!("FREQ=WEEKLY;{until}"));
            self.meeting(
                "Engineering managers staff meeting",
                head,
                managers.clone(),
                start,
                60,
                rule,
                None,
            );
            if !self.status_async() {
                let start = self.first(Weekday::Fri, 10, 0) - Duration::weeks(52);
                let rule = Some(format!("FREQ=WEEKLY;{until}"));
                self.meeting(
                    "Leadership status update",
                    head,
                    managers.clone(),
                    start,
                    45,
                    rule,
                    None,
                );
            }
        }
        for &m in &managers {
            self.interviews(m);
            if m != head {
                let start = self.first(Weekday::Thu, 9, 0) - Duration::weeks(26);
                let title = format!("1:1 {} / {}", self.people[head].name, self.people[m].name);
                let rule = Some(format!("FREQ=WEEKLY;{until}"));
                self.meeting(&title, head, vec![head, m], start, 30, rule, None);
            }
        }
        let start = self.first(Weekday::Thu, 15, 0) - Duration::weeks(10);
        let rule = Some(format!("FREQ=WEEKLY;{until}"));
        self.meeting(
            "Quarterly roadmap planning",
            head,
            managers,
            start,
            60,
            rule,
            None,
        );
    }

    fn interviews(&mut self, manager: usize) {
        let team = self.members(self.people[manager].team);
        let until = self.until();
        let day = self.not_wednesday(Weekday::Wed);
        let start = self.first(day, 16, 0) - Duration::weeks(12);
        let debrief = Some(format!("FREQ=WEEKLY;{until}"));
        let panel: Vec<usize> = team.iter().take(3).copied().collect();
        self.meeting("Hiring debrief", manager, panel, start, 30, debrief, None);
        for week in 0..self.opts.weeks {
            for (n, day) in [Weekday::Tue, Weekday::Thu].into_iter().enumerate() {
                let at = self.first(day, 11 + 3 * n as u32, 0) + Duration::weeks(week.into());
                let panel = team.get(1 + (week as usize + n) % team.len().max(2).saturating_sub(1));
                let attendees: Vec<usize> =
                    std::iter::once(manager).chain(panel.copied()).collect();
                self.meeting(
                    "Interview: backend engineer",
                    manager,
                    attendees,
                    at,
                    60,
                    None,
                    None,
                );
            }
        }
    }
}

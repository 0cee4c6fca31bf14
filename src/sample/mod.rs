//! The synthetic organisation behind `sample-data/`, the tests and the
//! benchmarks: [`org`] decides who meets when, [`write`] renders each
//! person's calendar in a vendor's export style.

pub mod org;
mod rng;
pub mod write;

pub use org::{generate, Policy, SampleOptions};

/// Every file of a generated organisation: `(relative path, contents)`, one
/// calendar per person plus `people.csv` (name, email, team, zone, manager).
pub fn files(opts: &SampleOptions) -> Vec<(String, String)> {
    let org = generate(opts);
    let mut out = Vec::with_capacity(org.people.len() + 1);
    let mut people = String::from("name,email,team,zone,manager,export_style\n");
    for (i, p) in org.people.iter().enumerate() {
        people += &format!(
            "{},{},{},{},{},{:?}\n",
            p.name,
            p.email,
            p.team,
            p.zone.name(),
            p.manager,
            p.style
        );
        let events = org.calendar_of(i);
        let stem = p.email.split('@').next().unwrap_or("person");
        out.push((
            format!("{stem}.ics"),
            write::calendar(&org, i, &events, p.style, opts.expanded),
        ));
    }
    out.push(("people.csv".to_string(), people));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};

    fn opts(policy: Policy) -> SampleOptions {
        SampleOptions {
            people: 12,
            weeks: 4,
            start: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            seed: 7,
            policy,
            expanded: false,
        }
    }

    #[test]
    fn same_seed_gives_identical_files() {
        assert_eq!(files(&opts(Policy::None)), files(&opts(Policy::None)));
    }

    #[test]
    fn every_file_imports_without_a_problem() {
        for (name, text) in files(&opts(Policy::None))
            .iter()
            .filter(|(n, _)| n.ends_with(".ics"))
        {
            let cal = import_bytes(text.as_bytes(), name, &ImportOptions::default());
            assert_eq!(cal.quality.problem_count(), 0, "{name}: {:?}", cal.quality);
            assert!(
                cal.occurrences.len() > 20,
                "{name}: {}",
                cal.occurrences.len()
            );
            assert!(
                cal.owner
                    .as_deref()
                    .is_some_and(|o| name.starts_with(o.split('@').next().unwrap())),
                "{name}: {:?}",
                cal.owner
            );
        }
    }

    #[test]
    fn expanded_files_give_the_same_occurrences() {
        let compact = files(&opts(Policy::None));
        let expanded = files(&SampleOptions {
            expanded: true,
            ..opts(Policy::None)
        });
        for ((name, a), (_, b)) in compact
            .iter()
            .zip(&expanded)
            .filter(|((n, _), _)| n.ends_with(".ics"))
        {
            let spans = |t: &str| {
                let cal = import_bytes(t.as_bytes(), name, &ImportOptions::default());
                let mut v: Vec<_> = cal
                    .occurrences
                    .iter()
                    .filter(|o| o.event.status != crate::model::Status::Cancelled)
                    .map(|o| (o.span, o.event.summary.clone()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(spans(a), spans(b), "{name}");
        }
    }

    #[test]
    fn the_policy_removes_wednesday_meetings_and_stand_ups() {
        let after = files(&opts(Policy::NoMeetingWednesday));
        let all: String = after.iter().map(|(_, t)| t.as_str()).collect();
        assert!(!all.contains("stand-up"));
        assert!(!all.contains("BYDAY=1WE"));
    }
}

//! The effect of a change on each metric for one group of paired people:
//! mean and median change with bootstrap intervals, the Wilcoxon p-value and,
//! against a control group, the difference-in-differences. Call it per group
//! (a team, a role) with that group's people.

use serde::{Deserialize, Serialize};

use super::metric::{ByMetric, Metric};
use crate::analysis::stats::{bootstrap, mean, median, wilcoxon};

/// One person's per-week means in each period, by metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonChange {
    pub person: String,
    pub weeks_before: usize,
    pub weeks_after: usize,
    pub before: ByMetric,
    pub after: ByMetric,
}

impl PersonChange {
    /// After minus before on `m` (0 when a period lacks the metric).
    pub fn change(&self, m: Metric) -> f64 {
        self.value_after(m) - self.value_before(m)
    }

    pub fn value_before(&self, m: Metric) -> f64 {
        self.before.get(&m).copied().unwrap_or(0.0)
    }

    pub fn value_after(&self, m: Metric) -> f64 {
        self.after.get(&m).copied().unwrap_or(0.0)
    }
}

/// A 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl From<(f64, f64)> for Interval {
    fn from((low, high): (f64, f64)) -> Interval {
        Interval { low, high }
    }
}

/// The group effect on one metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Effect {
    pub metric: Metric,
    pub people: usize,
    pub mean_before: f64,
    pub mean_after: f64,
    pub mean_change: f64,
    pub mean_change_ci: Interval,
    pub median_change: f64,
    pub median_change_ci: Interval,
    /// Two-sided Wilcoxon signed-rank p-value (exact up to 50 people).
    pub p_value: f64,
    /// Difference-in-differences against the control group, with its interval.
    pub did: Option<f64>,
    pub did_ci: Option<Interval>,
}

/// The effect on every metric for `people`, with the difference-in-differences
/// against `control` when given. Seeded, so the same people give the same intervals.
pub fn effects(people: &[PersonChange], control: Option<&[PersonChange]>) -> Vec<Effect> {
    Metric::ALL
        .iter()
        .enumerate()
        .map(|(i, &m)| effect(people, control, m, 0x5EED + i as u64))
        .collect()
}

fn effect(
    people: &[PersonChange],
    control: Option<&[PersonChange]>,
    m: Metric,
    seed: u64,
) -> Effect {
    let d: Vec<f64> = people.iter().map(|p| p.change(m)).collect();
    let did = control.map(|c| {
        let dc: Vec<f64> = c.iter().map(|p| p.change(m)).collect();
        let ci = bootstrap(&[&d, &dc], |s| mean(&s[0]) - mean(&s[1]), seed ^ 0xD1D);
        (mean(&d) - mean(&dc), Interval::from(ci))
    });
    let values = |f: fn(&PersonChange, Metric) -> f64| {
        mean(&people.iter().map(|p| f(p, m)).collect::<Vec<_>>())
    };
    Effect {
        metric: m,
        people: people.len(),
        mean_before: values(PersonChange::value_before),
        mean_after: values(PersonChange::value_after),
        mean_change: mean(&d),
        mean_change_ci: bootstrap(&[&d], |s| mean(&s[0]), seed).into(),
        median_change: median(&d),
        median_change_ci: bootstrap(&[&d], |s| median(&s[0]), seed + 100).into(),
        p_value: wilcoxon(&d),
        did: did.map(|x| x.0),
        did_ci: did.map(|x| x.1),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A person with only meeting hours before and after (shared with the forecast tests).
    pub(crate) fn person(name: &str, before: f64, after: f64) -> PersonChange {
        PersonChange {
            person: name.into(),
            weeks_before: 4,
            weeks_after: 4,
            before: [(Metric::MeetingHours, before)].into(),
            after: [(Metric::MeetingHours, after)].into(),
        }
    }

    #[test]
    fn a_group_of_five_that_all_dropped_gets_the_exact_p_and_its_did() {
        let group: Vec<PersonChange> = (1..=5)
            .map(|i| person(&format!("p{i}"), 10.0, 10.0 - f64::from(i)))
            .collect();
        let control = [person("c1", 10.0, 9.0), person("c2", 8.0, 9.0)];
        let e = &effects(&group, Some(&control))[0];
        assert_eq!(e.metric, Metric::MeetingHours);
        assert_eq!((e.people, e.mean_before, e.mean_after), (5, 10.0, 7.0));
        assert_eq!((e.mean_change, e.median_change), (-3.0, -3.0));
        assert_eq!(e.p_value, 0.0625);
        // control changes -1 and +1: mean 0, so the DiD is the group's own change
        assert_eq!(e.did, Some(-3.0));
        let ci = e.mean_change_ci;
        assert!(
            ci.low >= -5.0 && ci.high <= -1.0 && ci.low < ci.high,
            "{ci:?}"
        );
        // a metric nobody has reads as no change
        assert_eq!(effects(&group, None)[1].p_value, 1.0);
    }
}

//! Forecast accuracy: a `simulate` run predicted a change (current calendars
//! against projected ones); `compare` measured the real one (before against
//! after). Side by side per metric and per person, with the error.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::metric::Metric;
use super::{Comparison, PersonChange};
use crate::analysis::privacy;
use crate::analysis::stats::mean;

/// Predicted against actual mean change on one metric, over the people in both.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForecastMetric {
    pub metric: Metric,
    /// People paired in both the prediction and the measurement.
    pub people: usize,
    pub predicted_change: f64,
    pub actual_change: f64,
    /// Predicted minus actual: positive when the forecast was too high.
    pub error: f64,
    /// Mean of the per-person absolute errors.
    pub mean_absolute_error: f64,
    /// The predicted change lies inside the actual change's 95% interval.
    pub within_interval: bool,
}

/// Predicted against actual change for one person and metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForecastPerson {
    pub person: String,
    pub metric: Metric,
    pub predicted_change: f64,
    pub actual_change: f64,
    pub error: f64,
}

/// The whole forecast check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Forecast {
    pub metrics: Vec<ForecastMetric>,
    pub people: Vec<ForecastPerson>,
    /// People in only one of the two comparisons.
    pub unmatched_people: Vec<String>,
}

/// Sets the change `predicted` by simulate against the change `actual` measured.
pub fn forecast(predicted: &Comparison, actual: &Comparison) -> Forecast {
    let by_name = |c: &Comparison| -> BTreeMap<String, PersonChange> {
        c.people
            .iter()
            .map(|p| (p.person.clone(), p.clone()))
            .collect()
    };
    let (pred, act) = (by_name(predicted), by_name(actual));
    // a prediction written under privacy names people by pseudonym
    let predicted_for = |name: &str| {
        pred.get(name)
            .or_else(|| pred.get(&privacy::person(name, true)))
    };
    let both: Vec<(&PersonChange, &PersonChange)> = act
        .iter()
        .filter_map(|(name, a)| predicted_for(name).map(|p| (p, a)))
        .collect();
    let matched: BTreeSet<&str> = both.iter().map(|(p, _)| p.person.as_str()).collect();
    let unmatched_people = pred
        .keys()
        .filter(|n| !matched.contains(n.as_str()))
        .chain(act.keys().filter(|n| predicted_for(n).is_none()))
        .cloned()
        .collect();
    Forecast {
        metrics: Metric::ALL
            .iter()
            .map(|&m| forecast_metric(m, &both, actual))
            .collect(),
        people: forecast_people(&both),
        unmatched_people,
    }
}

/// Per metric, then person: predicted and actual change and the error.
fn forecast_people(both: &[(&PersonChange, &PersonChange)]) -> Vec<ForecastPerson> {
    Metric::ALL
        .iter()
        .flat_map(|&m| {
            both.iter().map(move |(p, a)| ForecastPerson {
                person: a.person.clone(),
                metric: m,
                predicted_change: p.change(m),
                actual_change: a.change(m),
                error: p.change(m) - a.change(m),
            })
        })
        .collect()
}

fn forecast_metric(
    m: Metric,
    both: &[(&PersonChange, &PersonChange)],
    actual: &Comparison,
) -> ForecastMetric {
    let predicted: Vec<f64> = both.iter().map(|(p, _)| p.change(m)).collect();
    let real: Vec<f64> = both.iter().map(|(_, a)| a.change(m)).collect();
    let abs_errors: Vec<f64> = predicted
        .iter()
        .zip(&real)
        .map(|(p, a)| (p - a).abs())
        .collect();
    let (predicted_change, actual_change) = (mean(&predicted), mean(&real));
    let within_interval = actual.effect(m).is_some_and(|e| {
        e.mean_change_ci.low <= predicted_change && predicted_change <= e.mean_change_ci.high
    });
    ForecastMetric {
        metric: m,
        people: both.len(),
        predicted_change,
        actual_change,
        error: predicted_change - actual_change,
        mean_absolute_error: mean(&abs_errors),
        within_interval,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::effect::tests::person;
    use crate::analysis::compare::effects;

    fn comparison(people: Vec<PersonChange>) -> Comparison {
        Comparison {
            effects: effects(&people, None),
            people,
            excluded_weeks: 0,
            excluded_people: vec![],
            weekday: vec![],
            displacement: None,
            series_changes: vec![],
            forecast: None,
            groups: Vec::new(),
        }
    }

    #[test]
    fn predicted_and_actual_changes_are_set_side_by_side_with_the_error() {
        // predicted: ana -4, bob -2 (mean -3); actual: ana -3, bob 0 (mean -1.5); cy only actual
        let predicted = comparison(vec![person("ana", 10.0, 6.0), person("bob", 8.0, 6.0)]);
        let actual = comparison(vec![
            person("ana", 10.0, 7.0),
            person("bob", 8.0, 8.0),
            person("cy", 5.0, 1.0),
        ]);
        let f = forecast(&predicted, &actual);
        let m = &f.metrics[0];
        assert_eq!(m.metric, Metric::MeetingHours);
        assert_eq!(
            (m.people, m.predicted_change, m.actual_change),
            (2, -3.0, -1.5)
        );
        assert_eq!(m.error, -1.5);
        // per person errors -1 and -2: mean absolute error 1.5
        assert_eq!(m.mean_absolute_error, 1.5);
        assert_eq!(f.unmatched_people, vec!["cy".to_string()]);
        let ana = f
            .people
            .iter()
            .find(|p| p.person == "ana" && p.metric == Metric::MeetingHours)
            .unwrap();
        assert_eq!(
            (ana.predicted_change, ana.actual_change, ana.error),
            (-4.0, -3.0, -1.0)
        );
        // a prediction written under privacy still pairs with the measured people
        let hidden = comparison(vec![
            person(&privacy::person("ana", true), 10.0, 6.0),
            person(&privacy::person("bob", true), 8.0, 6.0),
        ]);
        let f = forecast(&hidden, &actual);
        assert_eq!((f.metrics[0].people, f.metrics[0].error), (2, -1.5));
    }
}

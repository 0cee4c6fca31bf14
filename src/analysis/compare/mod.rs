//! Did the policy work? Paired per-person changes between two periods, with
//! bootstrap intervals and a Wilcoxon test, difference-in-differences against
//! a control group, a weekday displacement check and what became of each
//! series; and, for a forecast made by `simulate`, how far it was off.

pub mod effect;
pub mod forecast;
pub mod metric;
pub mod series_change;
pub mod tables;
pub mod weekday;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

pub use effect::{effects, Effect, Interval, PersonChange};
pub use metric::{Better, ByMetric, Metric, Unit};
pub use series_change::SeriesChange;
pub use weekday::WeekdayLoad;

use super::privacy;
use super::stats::mean;
use super::weeks::WeekSums;
use super::Analysis;
use crate::config::Options;

/// The whole comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    pub people: Vec<PersonChange>,
    pub effects: Vec<Effect>,
    /// Person-weeks left out (under 3 working days: vacation, holidays, cut weeks).
    pub excluded_weeks: usize,
    /// People left out for a near-empty calendar in the first period, or missing from one period.
    pub excluded_people: Vec<String>,
    /// Meeting hours per person-week by weekday, Monday first.
    pub weekday: Vec<WeekdayLoad>,
    /// Set when meetings mostly moved to other days instead of disappearing.
    pub displacement: Option<String>,
    pub series_changes: Vec<SeriesChange>,
    /// With `compare --predicted`: how far a simulate forecast was from this change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<forecast::Forecast>,
    /// Per roster group (`--group-by`): the same effects on the group's people;
    /// groups under `min_group` are left out.
    #[serde(default)]
    pub groups: Vec<GroupEffects>,
}

/// The effects on one roster group's people.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupEffects {
    pub column: String,
    pub group: String,
    pub effects: Vec<Effect>,
}

/// Effects per group of the second period's membership, for groups with at
/// least `min_group` paired people (privacy: no effect singles out a few).
fn group_effects(people: &[PersonChange], after: &Analysis, opts: &Options) -> Vec<GroupEffects> {
    let mut groups: BTreeMap<(&str, &str), Vec<PersonChange>> = BTreeMap::new();
    for m in &after.membership {
        if let Some(p) = people.iter().find(|p| *p.person == *m.person) {
            groups
                .entry((&m.column, &m.group))
                .or_default()
                .push(p.clone());
        }
    }
    groups
        .into_iter()
        .filter(|(_, rows)| rows.len() >= opts.min_group.max(1))
        .map(|((column, group), rows)| GroupEffects {
            column: column.to_string(),
            group: group.to_string(),
            effects: effects(&rows, None),
        })
        .collect()
}

impl Comparison {
    /// The effect on `m` (every comparison has one per metric).
    pub fn effect(&self, m: Metric) -> Option<&Effect> {
        self.effects.iter().find(|e| e.metric == m)
    }
}

/// Per person: weeks kept and per-week metric means.
type Means = BTreeMap<String, (usize, ByMetric)>;

/// Per person: (weeks kept, metric means) and the number of weeks left out.
fn person_means(a: &Analysis) -> (Means, usize) {
    let weeks = &a.person_weeks;
    let all: BTreeSet<(&str, i32, u32)> = a
        .person_days
        .iter()
        .filter(|d| d.working_min > 0)
        .map(|d| {
            (
                &*d.person,
                d.date.iso_week().year(),
                d.date.iso_week().week(),
            )
        })
        .collect();
    let mut by_person: BTreeMap<String, Vec<&WeekSums>> = BTreeMap::new();
    for ((p, _, _), w) in weeks {
        by_person.entry(p.to_string()).or_default().push(w);
    }
    let means = by_person
        .into_iter()
        .map(|(p, ws)| {
            let m = Metric::ALL
                .iter()
                .map(|&m| (m, mean(&ws.iter().map(|w| m.of(w)).collect::<Vec<_>>())))
                .collect();
            (p, (ws.len(), m))
        })
        .collect();
    (means, all.len().saturating_sub(weeks.len()))
}

/// Paired per-person means for the people present in both periods, the
/// people left out, and the person-weeks left out. The rows to hand to
/// [`effects`], whole or per group.
pub fn paired(
    before: &Analysis,
    after: &Analysis,
    opts: &Options,
) -> (Vec<PersonChange>, Vec<String>, usize) {
    let ((mb, xb), (ma, xa)) = (person_means(before), person_means(after));
    let mut out = Vec::new();
    let mut excluded = Vec::new();
    for (person, (wb, b)) in &mb {
        let busy = b.get(&Metric::MeetingHours).copied().unwrap_or(0.0) >= opts.near_empty_hours;
        match ma.get(person) {
            Some((wa, a)) if busy => out.push(PersonChange {
                person: person.clone(),
                weeks_before: *wb,
                weeks_after: *wa,
                before: b.clone(),
                after: a.clone(),
            }),
            _ => excluded.push(person.clone()),
        }
    }
    excluded.extend(ma.keys().filter(|p| !mb.contains_key(*p)).cloned());
    (out, excluded, xb + xa)
}

/// Compares two periods; with a control group (its own before and after),
/// adds the difference-in-differences.
pub fn compare(
    before: &Analysis,
    after: &Analysis,
    control: Option<(&Analysis, &Analysis)>,
    opts: &Options,
) -> Comparison {
    let (people, excluded_people, excluded_weeks) = paired(before, after, opts);
    let control_people = control.map(|(cb, ca)| paired(cb, ca, opts).0);
    let weekday = weekday::weekday_loads(before, after);
    Comparison {
        groups: group_effects(&people, after, opts),
        effects: effects(&people, control_people.as_deref()),
        displacement: weekday::displacement(&weekday),
        people,
        excluded_weeks,
        excluded_people,
        weekday,
        series_changes: series_change::series_changes(
            &before.series,
            before.months,
            &after.series,
            after.months,
        ),
        forecast: None,
    }
}

/// The comparison with people and series titles as pseudonyms; with fewer
/// than `min_group` people (and `min_group` above 0) the per-person rows are
/// left out, only the team effects stay.
pub fn redact_comparison(c: &Comparison, min_group: usize) -> Comparison {
    let mut c = c.clone();
    if min_group > 0 && c.people.len() < min_group {
        c.people.clear();
        c.excluded_people.clear();
    }
    for p in &mut c.people {
        p.person = privacy::person(&p.person, true);
    }
    for p in &mut c.excluded_people {
        *p = privacy::person(p, true);
    }
    for s in &mut c.series_changes {
        s.title = privacy::pseudonym("series", &s.title);
        // `replaced by "<title>"` names the new series: pseudonymised the same way
        if let Some(other) = s
            .change
            .strip_prefix("replaced by \"")
            .and_then(|t| t.strip_suffix('"'))
        {
            s.change = format!("replaced by \"{}\"", privacy::pseudonym("series", other));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_json_written_before_the_names_had_units_still_reads() {
        let old = r#"{
            "people": [{"person": "ana", "weeks_before": 4, "weeks_after": 4,
                "before": {"meeting_hours": 10.0, "fragmentation_ratio": 0.25},
                "after": {"meeting_hours": 6.0, "fragmentation_ratio": 0.125}}],
            "effects": [], "excluded_weeks": 0, "excluded_people": [],
            "weekday": [{"weekday": "Mon", "before": 2.0, "after": 1.5}],
            "displacement": null,
            "series_changes": [{"title": "Status", "change": "deleted",
                "hours_per_month_before": 12.0, "hours_per_month_after": 0.0}]
        }"#;
        let c: Comparison = serde_json::from_str(old).unwrap();
        assert_eq!(c.people[0].change(Metric::MeetingHours), -4.0);
        assert_eq!(c.people[0].value_after(Metric::FragmentationRatio), 0.125);
        assert_eq!(
            (c.weekday[0].meeting_h_before, c.weekday[0].meeting_h_after),
            (2.0, 1.5)
        );
        let s = &c.series_changes[0];
        assert_eq!((s.per_month_h_before, s.per_month_h_after), (12.0, 0.0));
        // written again, it carries the new names only
        let text = serde_json::to_string(&c).unwrap();
        assert!(text.contains("\"meeting_h\"") && text.contains("\"per_month_h_before\""));
        assert!(
            !text.contains("meeting_hours") && !text.contains("hours_per_month"),
            "{text}"
        );
    }
}

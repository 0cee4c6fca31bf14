//! Did the policy work? Paired per-person changes between two periods, with
//! bootstrap intervals and a Wilcoxon test, difference-in-differences against
//! a control group, a weekday displacement check and what became of each series.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Weekday};
use serde::{Deserialize, Serialize};

use super::series::Series;
use super::stats::{bootstrap, mean, median, wilcoxon};
use super::weeks::{person_weeks, WeekSums};
use super::Analysis;
use crate::config::Options;

/// A compared metric: its name and its value for one person-week.
pub type Metric = (&'static str, fn(&WeekSums) -> f64);

/// The per-person, per-week metrics compared, in hours unless named otherwise.
pub const METRICS: [Metric; 8] = [
    ("meeting_hours", |w| w.meeting as f64 / 60.0),
    ("focus_hours", |w| w.focus as f64 / 60.0),
    ("fragmented_hours", |w| w.fragmented as f64 / 60.0),
    ("fragmentation_ratio", |w| {
        if w.focus + w.fragmented > 0 {
            w.fragmented as f64 / (w.focus + w.fragmented) as f64
        } else {
            0.0
        }
    }),
    ("after_hours_meeting_hours", |w| w.after_hours as f64 / 60.0),
    ("status_meeting_hours", |w| w.status as f64 / 60.0),
    ("meetings", |w| w.meetings as f64),
    ("back_to_back_chains", |w| w.back_to_back_chains as f64),
];

/// One person's per-week means in each period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonChange {
    pub person: String,
    pub weeks_before: usize,
    pub weeks_after: usize,
    pub before: Vec<f64>,
    pub after: Vec<f64>,
}

/// The team effect on one metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Effect {
    pub metric: String,
    pub people: usize,
    pub mean_before: f64,
    pub mean_after: f64,
    pub mean_change: f64,
    pub mean_change_ci: (f64, f64),
    pub median_change: f64,
    pub median_change_ci: (f64, f64),
    pub p_value: f64,
    /// Difference-in-differences against the control group, with its interval.
    pub did: Option<f64>,
    pub did_ci: Option<(f64, f64)>,
}

/// What became of a series of the first period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeriesChange {
    pub title: String,
    pub change: String,
    pub hours_per_month_before: f64,
    pub hours_per_month_after: f64,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    pub people: Vec<PersonChange>,
    pub effects: Vec<Effect>,
    /// Person-weeks left out (under 3 working days: vacation, holidays, cut weeks).
    pub excluded_weeks: usize,
    /// People left out for a near-empty calendar in the first period, or missing from one period.
    pub excluded_people: Vec<String>,
    /// Meeting hours per person-week by weekday (Mon..Sun): (before, after).
    pub weekday: Vec<(f64, f64)>,
    /// Set when meetings mostly moved to other days instead of disappearing.
    pub displacement: Option<String>,
    pub series_changes: Vec<SeriesChange>,
}

type Means = BTreeMap<String, (usize, Vec<f64>)>;

/// Per person: (weeks kept, metric means) and the number of weeks left out.
fn person_means(a: &Analysis, opts: &Options) -> (Means, usize) {
    let weeks = person_weeks(&a.person_days);
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
    for ((p, _, _), w) in &weeks {
        by_person.entry(p.to_string()).or_default().push(w);
    }
    let means = by_person
        .into_iter()
        .map(|(p, ws)| {
            let m = METRICS
                .iter()
                .map(|(_, f)| mean(&ws.iter().map(|w| f(w)).collect::<Vec<_>>()))
                .collect();
            (p, (ws.len(), m))
        })
        .collect();
    (means, all.len().saturating_sub(weeks.len()))
}

/// Paired differences per metric for the people present in both periods.
fn paired(
    before: &Means,
    after: &Means,
    opts: &Options,
    excluded: &mut Vec<String>,
) -> Vec<PersonChange> {
    let mut out = Vec::new();
    for (person, (wb, b)) in before {
        match after.get(person) {
            Some((wa, a)) if b[0] >= opts.near_empty_hours => out.push(PersonChange {
                person: person.clone(),
                weeks_before: *wb,
                weeks_after: *wa,
                before: b.clone(),
                after: a.clone(),
            }),
            _ => excluded.push(person.clone()),
        }
    }
    excluded.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    out
}

fn diffs(people: &[PersonChange], i: usize) -> Vec<f64> {
    people.iter().map(|p| p.after[i] - p.before[i]).collect()
}

/// Compares two periods; with a control group (its own before and after),
/// adds the difference-in-differences.
pub fn compare(
    before: &Analysis,
    after: &Analysis,
    control: Option<(&Analysis, &Analysis)>,
    opts: &Options,
) -> Comparison {
    let (mb, xb) = person_means(before, opts);
    let (ma, xa) = person_means(after, opts);
    let mut excluded = Vec::new();
    let people = paired(&mb, &ma, opts, &mut excluded);
    let control_people = control.map(|(cb, ca)| {
        paired(
            &person_means(cb, opts).0,
            &person_means(ca, opts).0,
            opts,
            &mut Vec::new(),
        )
    });
    let effects = METRICS
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let d = diffs(&people, i);
            let seed = 0x5EED + i as u64;
            let did = control_people.as_ref().map(|c| {
                let dc = diffs(c, i);
                let est = mean(&d) - mean(&dc);
                (
                    est,
                    bootstrap(&[&d, &dc], |s| mean(&s[0]) - mean(&s[1]), seed ^ 0xD1D),
                )
            });
            Effect {
                metric: name.to_string(),
                people: people.len(),
                mean_before: mean(&people.iter().map(|p| p.before[i]).collect::<Vec<_>>()),
                mean_after: mean(&people.iter().map(|p| p.after[i]).collect::<Vec<_>>()),
                mean_change: mean(&d),
                mean_change_ci: bootstrap(&[&d], |s| mean(&s[0]), seed),
                median_change: median(&d),
                median_change_ci: bootstrap(&[&d], |s| median(&s[0]), seed + 100),
                p_value: wilcoxon(&d),
                did: did.map(|x| x.0),
                did_ci: did.map(|x| x.1),
            }
        })
        .collect();
    let weekday = weekday_load(before, opts)
        .into_iter()
        .zip(weekday_load(after, opts))
        .collect::<Vec<_>>();
    Comparison {
        displacement: displacement(&weekday),
        people,
        effects,
        excluded_weeks: xb + xa,
        excluded_people: excluded,
        weekday,
        series_changes: series_changes(&before.series, before.months, &after.series, after.months),
    }
}

/// Meeting hours per kept person-week, by local weekday.
pub fn weekday_load(a: &Analysis, opts: &Options) -> Vec<f64> {
    let kept = person_weeks(&a.person_days);
    let mut hours = [0.0; 7];
    for d in &a.person_days {
        let w = d.date.iso_week();
        if kept.contains_key(&(d.person.clone(), w.year(), w.week())) {
            hours[d.date.weekday().num_days_from_monday() as usize] += d.meeting_min as f64 / 60.0;
        }
    }
    let n = kept.len().max(1) as f64;
    hours.iter().map(|h| h / n).collect()
}

/// Flags days that lost most of their meetings while the other days gained
/// at least half of what was removed.
fn displacement(weekday: &[(f64, f64)]) -> Option<String> {
    const DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let emptied: Vec<usize> = (0..weekday.len())
        .filter(|&i| weekday[i].0 >= 0.25 && weekday[i].1 < weekday[i].0 * 0.5)
        .collect();
    if emptied.is_empty() {
        return None;
    }
    let removed: f64 = emptied.iter().map(|&i| weekday[i].0 - weekday[i].1).sum();
    let gains: Vec<(usize, f64)> = (0..weekday.len())
        .filter(|i| !emptied.contains(i))
        .map(|i| (i, weekday[i].1 - weekday[i].0))
        .filter(|(_, g)| *g > 0.0)
        .collect();
    let gained: f64 = gains.iter().map(|(_, g)| g).sum();
    if gained < removed * 0.5 {
        return None;
    }
    let names = |idx: &mut dyn Iterator<Item = usize>| {
        idx.map(|i| DAYS[i].to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let to: Vec<String> = gains
        .iter()
        .map(|(i, g)| format!("{} +{g:.1} h", DAYS[*i]))
        .collect();
    Some(format!(
        "displacement: {removed:.1} h per person-week left {} and {:.0}% of it reappeared on other days ({})",
        names(&mut emptied.iter().copied()),
        (gained / removed * 100.0).min(999.0),
        to.join(", ")
    ))
}

fn tokens(title: &str) -> BTreeSet<String> {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() > 1)
        .map(str::to_string)
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (tokens(a), tokens(b));
    let union = x.union(&y).count();
    if union == 0 {
        0.0
    } else {
        x.intersection(&y).count() as f64 / union as f64
    }
}

/// What became of each recurring series of the first period: unchanged,
/// shortened, made less frequent, replaced by a similar new series, or deleted.
fn series_changes(
    before: &[Series],
    months_b: f64,
    after: &[Series],
    months_a: f64,
) -> Vec<SeriesChange> {
    let recurring = |s: &&Series| s.occurrences >= 3 && s.source != "one-off";
    let after_rec: Vec<&Series> = after.iter().filter(recurring).collect();
    let mut out: Vec<SeriesChange> = before
        .iter()
        .filter(recurring)
        .map(|b| {
            let same = after_rec.iter().find(|a| {
                a.title.to_lowercase() == b.title.to_lowercase() && a.organizer == b.organizer
            });
            let similar = after_rec
                .iter()
                .filter(|a| a.organizer == b.organizer && similarity(&a.title, &b.title) >= 0.5)
                .max_by(|x, y| {
                    similarity(&x.title, &b.title).total_cmp(&similarity(&y.title, &b.title))
                });
            let per_month = |s: &Series, m: f64| s.occurrences as f64 / m.max(1.0);
            let (change, after_hours) = match (same, similar) {
                (Some(a), _) if (a.typical_minutes as f64) < b.typical_minutes as f64 * 0.9 => (
                    format!(
                        "shortened ({} -> {} min)",
                        b.typical_minutes, a.typical_minutes
                    ),
                    a.hours_per_month,
                ),
                (Some(a), _) if per_month(a, months_a) < per_month(b, months_b) * 0.75 => {
                    ("less frequent".to_string(), a.hours_per_month)
                }
                (Some(a), _) => ("unchanged".to_string(), a.hours_per_month),
                (None, Some(a)) => (format!("replaced by \"{}\"", a.title), a.hours_per_month),
                (None, None) => ("deleted".to_string(), 0.0),
            };
            SeriesChange {
                title: b.title.clone(),
                change,
                hours_per_month_before: b.hours_per_month,
                hours_per_month_after: after_hours,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.hours_per_month_before - b.hours_per_month_after)
            .total_cmp(&(a.hours_per_month_before - a.hours_per_month_after))
            .then(a.title.cmp(&b.title))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displacement_is_flagged_only_when_meetings_move() {
        let moved = [
            (2.0, 2.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (2.0, 4.0),
            (2.0, 2.0),
            (0.0, 0.0),
            (0.0, 0.0),
        ];
        let note = displacement(&moved).unwrap();
        assert!(
            note.contains("Wed") && note.contains("Thu +2.0 h") && note.contains("100%"),
            "{note}"
        );
        let removed = [
            (2.0, 2.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (2.0, 2.0),
            (0.0, 0.0),
            (0.0, 0.0),
        ];
        assert_eq!(displacement(&removed), None);
    }

    #[test]
    fn title_similarity_uses_word_overlap() {
        assert_eq!(
            similarity("Weekly status update", "weekly status update"),
            1.0
        );
        assert!(similarity("Team sync", "Team sync (async check)") >= 0.5);
        assert_eq!(similarity("Retro", "Planning"), 0.0);
    }
}

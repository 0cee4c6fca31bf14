//! What became of each recurring series of the first period: unchanged,
//! shortened, less frequent, replaced by a similar series, or deleted.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::analysis::series::Series;

/// What became of a series of the first period, with its person-hours a
/// month in each (the series table's `per_month_h`; the aliases read
/// comparison.json files written before the names had units).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeriesChange {
    pub title: String,
    pub change: String,
    #[serde(alias = "hours_per_month_before")]
    pub per_month_h_before: f64,
    #[serde(alias = "hours_per_month_after")]
    pub per_month_h_after: f64,
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
pub fn series_changes(
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
                per_month_h_before: b.hours_per_month,
                per_month_h_after: after_hours,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.per_month_h_before - b.per_month_h_after)
            .total_cmp(&(a.per_month_h_before - a.per_month_h_after))
            .then(a.title.cmp(&b.title))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

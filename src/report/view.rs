//! The report's view model: every number and text the page and the charts
//! show, computed once from the analysis. Plain data, serialisable, no HTML.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::reconcile::Reconcile;
use crate::analysis::candidates::Recommendation;
use crate::analysis::heatmap::Heatmap;
use crate::analysis::kind::Kind;
use crate::analysis::privacy;
use crate::analysis::quality::QualityRow;
use crate::analysis::summary::{summarize, Summary};
use crate::analysis::weeks::WeekSums;
use crate::analysis::Analysis;
use crate::config::Options;
use crate::people::Team;

#[derive(Debug, Clone, Serialize)]
pub struct WeekRow {
    pub week: String,
    pub people: usize,
    /// Means per person-week, hours: they add up (stacked in the chart).
    pub meeting_mean_h: f64,
    pub fragmented_mean_h: f64,
    pub focus_mean_h: f64,
    /// Spread of meeting hours across people (lines, never stacked).
    pub meeting_p10_h: f64,
    pub meeting_median_h: f64,
    pub meeting_p90_h: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateRow {
    pub title: String,
    pub kind: Kind,
    pub recommendation: Recommendation,
    pub score: i32,
    pub reasons: Vec<String>,
    pub hours_freed_per_month: f64,
    pub focus_recovered_per_month: f64,
    pub template: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub person: String,
    pub weeks: usize,
    /// Means per person-week, hours (chains: count).
    pub meeting: f64,
    pub focus: f64,
    pub fragmented: f64,
    pub back_to_back_chains: f64,
    pub double_booked: f64,
}

/// Everything the report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub summary: Summary,
    pub weeks: Vec<WeekRow>,
    pub heatmap: Heatmap,
    pub candidates: Vec<CandidateRow>,
    /// Focus hours of every person-week with working time.
    pub focus_per_week: Vec<f64>,
    /// Meeting person-hours by kind and by size bucket.
    pub by_kind: Vec<(String, f64)>,
    pub by_size: Vec<(String, f64)>,
    pub people: Vec<PersonRow>,
    /// People are hidden (privacy on and fewer than `min_group`).
    pub people_hidden: bool,
    pub quality: Vec<QualityRow>,
    /// Hygiene shares and cost of the team and each roster group.
    pub hygiene: super::hygiene::HygieneView,
    pub definitions: Vec<(String, String)>,
    /// Zombie series, costliest meetings, time-zone burden and core windows.
    pub audits: super::audit_view::AuditView,
    /// meetload's definitions beside other tools', computed both ways.
    pub reconcile: Vec<Reconcile>,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn weeks(pw: &BTreeMap<(Arc<str>, i32, u32), WeekSums>) -> Vec<WeekRow> {
    let mut by_week: BTreeMap<(i32, u32), Vec<WeekSums>> = BTreeMap::new();
    for ((_, y, w), v) in pw {
        by_week.entry((*y, *w)).or_default().push(*v);
    }
    by_week
        .into_iter()
        .map(|((y, w), rows)| {
            let col = |f: fn(&WeekSums) -> i64| {
                let mut v: Vec<f64> = rows.iter().map(|r| f(r) as f64 / 60.0).collect();
                v.sort_by(f64::total_cmp);
                v
            };
            let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len().max(1) as f64;
            let meeting = col(|w| w.meeting);
            WeekRow {
                week: format!("{y}-W{w:02}"),
                people: rows.len(),
                meeting_mean_h: mean(meeting.clone()),
                fragmented_mean_h: mean(col(|w| w.fragmented)),
                focus_mean_h: mean(col(|w| w.focus)),
                meeting_p10_h: quantile(&meeting, 0.1),
                meeting_median_h: quantile(&meeting, 0.5),
                meeting_p90_h: quantile(&meeting, 0.9),
            }
        })
        .collect()
}

fn people(pw: &BTreeMap<(Arc<str>, i32, u32), WeekSums>, opts: &Options) -> Vec<PersonRow> {
    let mut by_person: BTreeMap<&str, Vec<WeekSums>> = BTreeMap::new();
    for ((p, _, _), v) in pw {
        by_person.entry(&**p).or_default().push(*v);
    }
    let mut rows: Vec<PersonRow> = by_person
        .into_iter()
        .map(|(p, rows)| {
            let n = rows.len().max(1) as f64;
            let mean = |f: fn(&WeekSums) -> i64, scale: f64| {
                rows.iter().map(|r| f(r) as f64).sum::<f64>() / n / scale
            };
            PersonRow {
                person: privacy::person(p, opts.privacy),
                weeks: rows.len(),
                meeting: mean(|w| w.meeting, 60.0),
                focus: mean(|w| w.focus, 60.0),
                fragmented: mean(|w| w.fragmented, 60.0),
                back_to_back_chains: mean(|w| w.back_to_back_chains, 1.0),
                double_booked: mean(|w| w.double_booked, 60.0),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.meeting
            .total_cmp(&a.meeting)
            .then(a.person.cmp(&b.person))
    });
    rows
}

fn size_bucket(invitees: usize) -> &'static str {
    match invitees {
        0..=2 => "2 people",
        3..=8 => "3-8 people",
        _ => "9+ people",
    }
}

fn hours_by<K: Ord + Clone>(
    a: &Analysis,
    key: impl Fn(&crate::analysis::series::Meeting) -> K,
) -> BTreeMap<K, f64> {
    let mut out = BTreeMap::new();
    for m in &a.meetings {
        *out.entry(key(m)).or_insert(0.0) += m.minutes() as f64 / 60.0 * m.attendees() as f64;
    }
    out
}

fn definitions(opts: &Options) -> Vec<(String, String)> {
    let hm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    vec![
        ("Meeting".into(), "A timed event with at least two people (rooms excluded), not cancelled, not free/transparent, not declined by the calendar's owner, shorter than 24 h.".into()),
        ("Working hours".into(), format!("{}-{} on {} in each person's own time zone; an opaque all-day event (vacation, holiday) removes the day.", hm(opts.hours.start), hm(opts.hours.end), opts.hours.day_names().join(", "))),
        ("Focus time".into(), format!("Free blocks of at least {} min inside working hours; self-booked focus blocks count as free.", opts.focus_block.num_minutes())),
        ("Fragmented time".into(), format!("Free working time in blocks shorter than {} min.", opts.focus_block.num_minutes())),
        ("Back-to-back".into(), format!("Two or more meetings each starting less than {} min after the previous one ended.", opts.back_to_back_gap.num_minutes())),
        ("Large / long meeting".into(), format!("{}+ invitees / longer than {} min; status meetings are long above {} min.", opts.large_meeting, opts.long_meeting_minutes, opts.status_long_minutes)),
        ("Async candidate".into(), format!("Score {} or more: async update; {} or more: shorten or trim attendees; otherwise keep live. Every rule that fired is listed as a reason.", opts.async_threshold, opts.shorten_threshold)),
        ("Hours freed".into(), "Person-hours per month the series takes (duration times people not declining), freed if it became a written update.".into()),
        ("Focus recovered".into(), "Focus hours per month the series' meetings cost the attendees whose calendars were analysed.".into()),
    ]
}

/// Builds the view model.
pub fn build(a: &Analysis, team: &Team, quality: Vec<QualityRow>, opts: &Options) -> ReportView {
    let pw = &a.person_weeks;
    let people_hidden = opts.privacy && team.people.len() < opts.min_group;
    let summary = summarize(a, team.people.len(), &quality, opts);
    ReportView {
        reconcile: super::reconcile::rows(&summary, opts),
        summary,
        weeks: weeks(pw),
        heatmap: a.heatmap,
        candidates: a
            .candidates
            .iter()
            .map(|c| CandidateRow {
                title: privacy::title(&c.series.title, &c.series.key, opts.privacy),
                kind: c.series.kind,
                recommendation: c.recommendation,
                score: c.score,
                reasons: c.reasons.clone(),
                hours_freed_per_month: c.hours_freed_per_month,
                focus_recovered_per_month: c.focus_recovered_per_month,
                template: c.template.to_string(),
            })
            .collect(),
        focus_per_week: pw.values().map(|v| v.focus as f64 / 60.0).collect(),
        by_kind: hours_by(a, |m| m.kind)
            .into_iter()
            .map(|(k, v): (Kind, f64)| (k.as_str().to_string(), v))
            .collect(),
        by_size: hours_by(a, |m| size_bucket(m.invitees))
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        people: if people_hidden {
            Vec::new()
        } else {
            people(pw, opts)
        },
        people_hidden,
        quality,
        hygiene: super::hygiene::build(a, opts),
        definitions: definitions(opts),
        audits: super::audit_view::build(a, opts, people_hidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_rows_stack_means_and_spread_meetings_by_quantile() {
        let sums = |meeting: i64, fragmented: i64, focus: i64| WeekSums {
            meeting,
            fragmented,
            focus,
            ..WeekSums::default()
        };
        let mut pw = BTreeMap::new();
        pw.insert((Arc::from("a"), 2025, 3), sums(60, 120, 1800));
        pw.insert((Arc::from("b"), 2025, 3), sums(300, 60, 1200));
        let rows = weeks(&pw);
        assert_eq!(rows.len(), 1);
        let w = &rows[0];
        // means: meetings (1 + 5) / 2 = 3 h, fragmented (2 + 1) / 2, focus (30 + 20) / 2
        assert_eq!(
            (w.meeting_mean_h, w.fragmented_mean_h, w.focus_mean_h),
            (3.0, 1.5, 25.0)
        );
        // p10 and p90 of 1 h and 5 h differ: 1.4 h and 4.6 h
        assert!((w.meeting_p10_h - 1.4).abs() < 1e-9 && (w.meeting_p90_h - 4.6).abs() < 1e-9);
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(quantile(&v, 0.5), 20.0);
        assert_eq!(quantile(&v, 0.1), 4.0);
        assert_eq!(quantile(&v, 0.9), 36.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}

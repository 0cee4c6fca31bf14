//! The headline numbers: what the terminal prints, summary.json holds and the
//! report shows on top.

use serde::Serialize;

use super::candidates::Recommendation;
use super::exclusions::Exclusions;
use super::privacy;
use super::quality::{total_excluded, QualityRow};
use super::stats::median;
use super::weeks::{person_weeks, WeekSums};
use super::Analysis;
use crate::config::Options;

/// One async candidate in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct TopCandidate {
    pub title: String,
    pub recommendation: Recommendation,
    pub hours_freed_per_month: f64,
    pub reasons: Vec<String>,
}

/// Headline numbers of an analysis (medians across mostly-worked person-weeks).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// People analysed (all calendars of one owner are one person).
    pub people: usize,
    pub person_weeks: usize,
    pub months: f64,
    pub meeting_hours_per_week: f64,
    pub focus_hours_per_week: f64,
    pub fragmented_hours_per_week: f64,
    /// Median meeting hours per person-week with overlaps counted twice.
    pub meeting_raw_hours_per_week: f64,
    /// Median focus hours per person-week from free blocks of 1 h or more.
    pub focus_1h_hours_per_week: f64,
    pub after_hours_meeting_hours_per_week: f64,
    /// Share of person-weeks with less than 10 h of focus time.
    pub weeks_under_10h_focus: f64,
    /// Share of meeting person-hours spent in recurring status meetings and stand-ups.
    pub status_share: f64,
    /// Person-hours per month that converting the async candidates would free.
    pub async_hours_per_month: f64,
    pub meetings: usize,
    pub series: usize,
    pub top_candidates: Vec<TopCandidate>,
    /// Per roster group over the period (people, and hours per person-week).
    pub groups: Vec<super::groups::GroupWeek>,
    /// Items left out, per rule, over all calendars (see [`super::exclusions`]).
    pub excluded: Exclusions,
    /// Series flagged zombie (see [`super::lifecycle`]).
    pub zombie_series: usize,
    /// Focus hours the costliest single meeting cost its attendees.
    pub costliest_meeting_focus_h: f64,
    /// Each group's core window: `team (all): 13:00-16:00 UTC, common`.
    pub core_windows: Vec<String>,
}

/// `team (all): 13:00-16:00 UTC (common)` or `... (compromise: la@x 120 min)`.
fn core_line(w: &super::core_hours::CoreWindow, opts: &Options) -> String {
    let end = w.start_utc + chrono::Duration::minutes(w.minutes);
    let how = if w.common {
        "inside everyone's hours".to_string()
    } else {
        let pays: Vec<String> = w
            .members
            .iter()
            .filter(|(.., m)| *m > 0)
            .map(|(p, _, m)| format!("{} {m} min", privacy::person(p, opts.privacy)))
            .collect();
        format!("compromise, outside hours: {}", pays.join(", "))
    };
    format!(
        "{} {}: {}-{} UTC, {how}; {:.1} of {:.1} meeting h inside",
        w.column,
        w.group,
        w.start_utc.format("%H:%M"),
        end.format("%H:%M"),
        w.meeting_h_inside,
        w.meeting_h
    )
}

/// The headline numbers of `a` for a team of `people`, whose files left out
/// what their data-quality rows `quality` say.
pub fn summarize(a: &Analysis, people: usize, quality: &[QualityRow], opts: &Options) -> Summary {
    let weeks: Vec<WeekSums> = person_weeks(&a.person_days).into_values().collect();
    let col = |f: fn(&WeekSums) -> i64| {
        median(&weeks.iter().map(|w| f(w) as f64 / 60.0).collect::<Vec<_>>())
    };
    let under = weeks.iter().filter(|w| w.focus < 600).count();
    let person_hours = |status_only: bool| -> f64 {
        a.meetings
            .iter()
            .filter(|m| !status_only || (m.recurring && m.kind.is_status()))
            .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64)
            .sum::<f64>()
            + 0.0 // an empty f64 sum is -0.0, which would print as "-0%"
    };
    let total = person_hours(false);
    let asyncs = a
        .candidates
        .iter()
        .filter(|c| c.recommendation == Recommendation::AsyncUpdate);
    Summary {
        people,
        person_weeks: weeks.len(),
        months: a.months,
        meeting_hours_per_week: col(|w| w.meeting),
        focus_hours_per_week: col(|w| w.focus),
        fragmented_hours_per_week: col(|w| w.fragmented),
        meeting_raw_hours_per_week: col(|w| w.meeting_raw),
        focus_1h_hours_per_week: col(|w| w.focus_1h),
        after_hours_meeting_hours_per_week: col(|w| w.after_hours),
        weeks_under_10h_focus: if weeks.is_empty() {
            0.0
        } else {
            under as f64 / weeks.len() as f64
        },
        status_share: if total > 0.0 {
            person_hours(true) / total
        } else {
            0.0
        },
        async_hours_per_month: asyncs.clone().map(|c| c.hours_freed_per_month).sum(),
        meetings: a.meetings.len(),
        series: a.series.len(),
        top_candidates: a
            .candidates
            .iter()
            .filter(|c| c.recommendation.frees_time())
            .take(5)
            .map(|c| TopCandidate {
                title: privacy::title(&c.series.title, &c.series.key, opts.privacy),
                recommendation: c.recommendation,
                hours_freed_per_month: c.hours_freed_per_month,
                reasons: c.reasons.clone(),
            })
            .collect(),
        groups: a.group_totals.clone(),
        excluded: total_excluded(quality),
        zombie_series: a.series.iter().filter(|s| s.life.zombie).count(),
        costliest_meeting_focus_h: a
            .costly
            .first()
            .map_or(0.0, |c| c.focus_cost_min as f64 / 60.0),
        core_windows: a.core.iter().map(|w| core_line(w, opts)).collect(),
    }
}

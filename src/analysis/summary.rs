//! The headline numbers: what the terminal prints, summary.json holds and the
//! report shows on top.

use serde::Serialize;

use super::candidates::Recommendation;
use super::privacy;
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
    pub calendars: usize,
    pub person_weeks: usize,
    pub months: f64,
    pub meeting_hours_per_week: f64,
    pub focus_hours_per_week: f64,
    pub fragmented_hours_per_week: f64,
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
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub fn summarize(a: &Analysis, calendars: usize, opts: &Options) -> Summary {
    let weeks: Vec<WeekSums> = person_weeks(&a.person_days, opts).into_values().collect();
    let col = |f: fn(&WeekSums) -> i64| median(weeks.iter().map(|w| f(w) as f64 / 60.0).collect());
    let under = weeks.iter().filter(|w| w.focus < 600).count();
    let person_hours = |status_only: bool| -> f64 {
        a.meetings
            .iter()
            .filter(|m| !status_only || (m.recurring && m.kind.is_status()))
            .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64)
            .sum()
    };
    let total = person_hours(false);
    let asyncs = a
        .candidates
        .iter()
        .filter(|c| c.recommendation == Recommendation::AsyncUpdate);
    Summary {
        calendars,
        person_weeks: weeks.len(),
        months: a.months,
        meeting_hours_per_week: col(|w| w.meeting),
        focus_hours_per_week: col(|w| w.focus),
        fragmented_hours_per_week: col(|w| w.fragmented),
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
            .take(5)
            .map(|c| TopCandidate {
                title: privacy::title(&c.series.title, &c.series.key, opts.privacy),
                recommendation: c.recommendation,
                hours_freed_per_month: c.hours_freed_per_month,
                reasons: c.reasons.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_even_and_odd_lists() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![]), 0.0);
    }
}

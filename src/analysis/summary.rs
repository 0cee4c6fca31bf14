//! The headline numbers: what the terminal prints, summary.json holds and the
//! report shows on top.

use serde::Serialize;

use super::candidates::Recommendation;
use super::exclusions::Exclusions;
use super::privacy;
use super::quality::{total_excluded, QualityRow};
use super::stats::median;
use super::weeks::WeekSums;
use super::Analysis;
use crate::config::Options;

/// One async candidate in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct TopCandidate {
    pub title: String,
    pub recommendation: Recommendation,
    /// Person-hours a month the series takes (the candidates table's `freed_per_month_h`).
    pub freed_per_month_h: f64,
    pub reasons: Vec<String>,
}

/// Headline numbers of an analysis: summary.json (docs/schema.md lists every
/// field). Names carry units as the tables do: a `_median` of hours is the
/// median, over the person-weeks that count (see [`super::weeks`]), of the
/// person_week column of the same name; `_share` is a 0-1 fraction, a plain
/// noun a count.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// People analysed (all calendars of one owner are one person).
    pub people: usize,
    /// Person-weeks that count (at least 3 working days).
    pub person_weeks: usize,
    /// Length of the analysed period: everyone's analysed days, / 30.44.
    pub period_months: f64,
    /// Median meeting hours per person-week, overlaps merged.
    pub meeting_h_median: f64,
    /// Median focus hours per person-week (free blocks of `focus_block`).
    pub focus_h_median: f64,
    /// Median free working hours per person-week in shorter blocks.
    pub fragmented_h_median: f64,
    /// Median meeting hours per person-week with overlaps counted twice.
    pub meeting_raw_h_median: f64,
    /// Median focus hours per person-week from free blocks of 1 h or more.
    pub focus_1h_h_median: f64,
    /// Median meeting hours per person-week outside working hours.
    pub meeting_after_hours_h_median: f64,
    /// Share of person-weeks with less than 10 h of focus time.
    pub weeks_under_10h_focus_share: f64,
    /// Share of meeting person-hours spent in recurring status meetings and stand-ups.
    pub status_share: f64,
    /// Person-hours per month that converting the async candidates would free.
    pub async_freed_per_month_h: f64,
    pub meetings: usize,
    pub series: usize,
    pub top_candidates: Vec<TopCandidate>,
    /// Per roster group over the period: its people, and the mean, median
    /// and 90th percentile of hours across its person-weeks, named as in the
    /// group_week table.
    #[serde(serialize_with = "group_totals")]
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

/// A group over the whole period as summary.json writes it: the group_week
/// table's columns without the week (a total has none).
#[derive(Serialize)]
struct GroupTotal<'a> {
    column: &'a str,
    group: &'a str,
    people: usize,
    meeting_h_mean: f64,
    meeting_h_median: f64,
    meeting_h_p90: f64,
    focus_h_mean: f64,
    focus_h_median: f64,
    focus_h_p90: f64,
    fragmented_h_mean: f64,
    fragmented_h_median: f64,
    fragmented_h_p90: f64,
}

fn group_totals<S: serde::Serializer>(
    groups: &[super::groups::GroupWeek],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(groups.iter().map(|g| GroupTotal {
        column: &g.column,
        group: &g.group,
        people: g.people,
        meeting_h_mean: g.meeting_h.mean,
        meeting_h_median: g.meeting_h.median,
        meeting_h_p90: g.meeting_h.p90,
        focus_h_mean: g.focus_h.mean,
        focus_h_median: g.focus_h.median,
        focus_h_p90: g.focus_h.p90,
        fragmented_h_mean: g.fragmented_h.mean,
        fragmented_h_median: g.fragmented_h.median,
        fragmented_h_p90: g.fragmented_h.p90,
    }))
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
        w.meeting_in_window_h,
        w.meeting_h
    )
}

/// The sum of `values`, 0.0 when there are none: an empty f64 sum is -0.0,
/// which summary.json would write as `-0.0` and the terminal as "-0%".
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.sum::<f64>() + 0.0
}

/// The headline numbers of `a` for a team of `people`, whose files left out
/// what their data-quality rows `quality` say.
pub fn summarize(a: &Analysis, people: usize, quality: &[QualityRow], opts: &Options) -> Summary {
    let weeks: Vec<WeekSums> = a.person_weeks.values().copied().collect();
    let col = |f: fn(&WeekSums) -> i64| {
        median(&weeks.iter().map(|w| f(w) as f64 / 60.0).collect::<Vec<_>>())
    };
    let under = weeks.iter().filter(|w| w.focus < 600).count();
    let person_hours = |status_only: bool| -> f64 {
        let hours = a
            .meetings
            .iter()
            .filter(|m| !status_only || (m.recurring && m.kind.is_status()))
            .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64);
        sum(hours)
    };
    let total = person_hours(false);
    Summary {
        people,
        person_weeks: weeks.len(),
        period_months: a.months,
        meeting_h_median: col(|w| w.meeting),
        focus_h_median: col(|w| w.focus),
        fragmented_h_median: col(|w| w.fragmented),
        meeting_raw_h_median: col(|w| w.meeting_raw),
        focus_1h_h_median: col(|w| w.focus_1h),
        meeting_after_hours_h_median: col(|w| w.after_hours),
        weeks_under_10h_focus_share: if weeks.is_empty() {
            0.0
        } else {
            under as f64 / weeks.len() as f64
        },
        status_share: if total > 0.0 {
            person_hours(true) / total
        } else {
            0.0
        },
        async_freed_per_month_h: sum(a
            .candidates
            .iter()
            .filter(|c| c.recommendation == Recommendation::AsyncUpdate)
            .map(|c| c.hours_freed_per_month)),
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
                freed_per_month_h: c.hours_freed_per_month,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_analysis_sums_to_zero_never_negative_zero() {
        let opts = Options::default();
        let s = summarize(&crate::analysis::analyze(&[], &opts), 0, &[], &opts);
        let json = serde_json::to_value(&s).unwrap();
        crate::analysis::naming::assert_json_unit_named("summary.json", &json, false);
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.contains(r#""async_freed_per_month_h":0.0,"#), "{text}");
        assert!(!text.contains("-0"), "{text}");
    }
}

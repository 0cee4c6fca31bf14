//! The readable summary printed by `analyze` and `report`.

use std::fmt::Write;

use super::quality::terminal_safe;
use crate::analysis::summary::Summary;

/// A few lines of headline numbers and the top async candidates.
pub fn summary_text(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} people, {} person-weeks, {} meetings in {} series over {:.1} months",
        s.people, s.person_weeks, s.meetings, s.series, s.period_months
    );
    let _ = writeln!(out, "per person-week (median): {:.1} h in meetings, {:.1} h focus, {:.1} h fragmented, {:.1} h meetings outside working hours", s.meeting_h_median, s.focus_h_median, s.fragmented_h_median, s.meeting_after_hours_h_median);
    let _ = writeln!(out, "{:.0}% of person-weeks have under 10 h of focus; {:.0}% of meeting time is recurring status meetings", (s.weeks_under_10h_focus_share * 100.0).max(0.0), (s.status_share * 100.0).max(0.0));
    let _ = writeln!(
        out,
        "converting the async candidates would free {:.0} person-hours a month",
        s.async_freed_per_month_h
    );
    let _ = writeln!(out, "{}", s.excluded.line());
    let _ = writeln!(
        out,
        "{} zombie series; the costliest single meeting cost {:.1} focus hours",
        s.zombie_series, s.costliest_meeting_focus_h
    );
    for w in &s.core_windows {
        let _ = writeln!(out, "  core window {}", terminal_safe(w));
    }
    for g in &s.groups {
        let _ = writeln!(
            out,
            "  {} {}: {} people, {:.1} h in meetings, {:.1} h focus per person-week (median)",
            terminal_safe(&g.column),
            terminal_safe(&g.group),
            g.people,
            g.meeting_h.median,
            g.focus_h.median
        );
    }
    if !s.top_candidates.is_empty() {
        let _ = writeln!(out, "top candidates:");
    }
    for c in &s.top_candidates {
        let title: String = terminal_safe(&c.title).chars().take(48).collect();
        let _ = writeln!(
            out,
            "  {:<48}  {:<26} {:>7.1} h/month",
            title,
            c.recommendation.as_str(),
            c.freed_per_month_h
        );
    }
    out
}

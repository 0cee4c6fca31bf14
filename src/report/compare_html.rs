//! The comparison page: the team effects with their intervals, displacement,
//! the forecast check, what became of each series, and the charts. Same style
//! and escaping as the main report.

use std::fmt::Write;

use super::charts::Chart;
use super::compare_text::{interval, p_value};
use super::html::{esc, figures, num};
use crate::analysis::compare::forecast::Forecast;
use crate::analysis::compare::{Comparison, Interval, Metric};
use crate::analysis::simulate::{Outcome, Tally};

/// What the page calls itself and its two periods (`Before`/`After` for
/// compare, `Current`/`Projected` for simulate).
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    pub heading: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

impl Labels<'_> {
    /// compare's labels.
    pub const COMPARE: Labels<'static> = Labels {
        heading: "Did the policy work?",
        before: "Before",
        after: "After",
    };
    /// simulate's labels.
    pub const SIMULATE: Labels<'static> = Labels {
        heading: "What would the policy do? Projected vs Current",
        before: "Current",
        after: "Projected",
    };
}

/// A number cell at the metric's precision (sortable by its exact value).
fn cell(m: Metric, v: f64, signed: bool) -> String {
    format!(
        "<td class=\"n\" data-v=\"{v:.6}\">{}</td>",
        m.format(v, signed)
    )
}

fn ci_cell(m: Metric, ci: Interval) -> String {
    format!("<td class=\"n\">{}</td>", interval(m, ci))
}

/// The team-effect table.
pub(crate) fn effects(out: &mut String, c: &Comparison, l: Labels) {
    let did = c.effects.iter().any(|e| e.did.is_some());
    let _ = write!(out, "<section><h2>Team effect (per person-week, paired by person)</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Metric</th><th>People</th><th>{}</th><th>{}</th><th>Mean change</th><th>95% interval</th><th>Median change</th><th>95% interval</th><th>Wilcoxon p</th>", esc(l.before), esc(l.after));
    if did {
        out.push_str("<th>Diff-in-diff</th><th>95% interval</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for e in &c.effects {
        let m = e.metric;
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td>{}{}{}{}{}{}<td class=\"n\" data-v=\"{}\">{}</td>",
            esc(&m.label_with_unit()),
            e.people,
            cell(m, e.mean_before, false),
            cell(m, e.mean_after, false),
            cell(m, e.mean_change, true),
            ci_cell(m, e.mean_change_ci),
            cell(m, e.median_change, true),
            ci_cell(m, e.median_change_ci),
            e.p_value,
            esc(&p_value(e.p_value))
        );
        if let (Some(d), Some(ci)) = (e.did, e.did_ci) {
            let _ = write!(out, "{}{}", cell(m, d, true), ci_cell(m, ci));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

/// Per roster group: the change of each metric with its interval and p.
fn groups(out: &mut String, c: &Comparison) {
    if c.groups.is_empty() {
        return;
    }
    out.push_str("<section><h2>By group</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Grouped by</th><th>Group</th><th>Metric</th><th>People</th><th>Mean change</th><th>95% interval</th><th>Wilcoxon p</th></tr></thead><tbody>");
    for g in &c.groups {
        for e in &g.effects {
            let m = e.metric;
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>{}{}<td class=\"n\" data-v=\"{}\">{}</td></tr>",
                esc(&g.column),
                esc(&g.group),
                esc(&m.label_with_unit()),
                e.people,
                cell(m, e.mean_change, true),
                ci_cell(m, e.mean_change_ci),
                e.p_value,
                esc(&p_value(e.p_value))
            );
        }
    }
    out.push_str("</tbody></table></div></section>");
}

fn forecast(out: &mut String, f: &Forecast) {
    out.push_str("<section><h2>Forecast check: predicted vs actual change</h2><p>Predicted: what <code>simulate</code> projected from the first period. Actual: the change measured here, over the people in both. Error = predicted − actual (positive: the forecast was too high). MAE: the mean per-person absolute error.</p><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Metric</th><th>People</th><th>Predicted change</th><th>Actual change</th><th>Error</th><th>MAE per person</th><th>Inside actual 95% interval</th></tr></thead><tbody>");
    for x in &f.metrics {
        let m = x.metric;
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td>{}{}{}{}<td>{}</td></tr>",
            esc(&m.label_with_unit()),
            x.people,
            cell(m, x.predicted_change, true),
            cell(m, x.actual_change, true),
            cell(m, x.error, true),
            cell(m, x.mean_absolute_error, false),
            if x.within_interval { "yes" } else { "no" }
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// What each simulated policy did (simulate only).
fn policies(out: &mut String, tallies: &[Tally]) {
    if tallies.is_empty() {
        return;
    }
    out.push_str("<section><h2>What each policy did</h2><p>Each meeting is decided once and changed the same way in every attendee's calendar. Person-hours: all of a removed, moved or unmoved meeting's; the saving for shortened and trimmed ones. Every meeting is listed in <code>simulation_actions.csv</code>.</p><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Policy</th><th>Outcome</th><th>Meetings</th><th>Person-hours</th></tr></thead><tbody>");
    for t in tallies {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td>{}</tr>",
            esc(&t.policy),
            esc(t.outcome.as_str()),
            t.meetings,
            num(t.person_hours)
        );
    }
    out.push_str("</tbody></table></div>");
    if tallies.iter().any(|t| t.outcome == Outcome::KeptNoSlot) {
        out.push_str("<p>Meetings kept (no free slot) had no slot free for all their known attendees within two days; they stay where they were in the projection.</p>");
    }
    out.push_str("</section>");
}

fn series(out: &mut String, c: &Comparison, l: Labels) {
    let _ = write!(out, "<section><h2>What became of each recurring series</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Series</th><th>Change</th><th>Person-hours/month, {}</th><th>{}</th></tr></thead><tbody>", esc(l.before), esc(l.after));
    for s in &c.series_changes {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>{}{}</tr>",
            esc(&s.title),
            esc(&s.change),
            num(s.hours_per_month_before),
            num(s.hours_per_month_after)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// Who was compared, who was left out, and the displacement check.
fn overview(out: &mut String, c: &Comparison) {
    let _ = write!(
        out,
        "<p>{} people paired across both periods; {} person-weeks left out (fewer than 3 working days); {} people left out (near-empty calendar or present in one period only).</p>",
        c.people.len(),
        c.excluded_weeks,
        c.excluded_people.len()
    );
    let note = c
        .displacement
        .as_deref()
        .unwrap_or("no weekday lost most of its meetings to other days.");
    let _ = write!(out, "<p><b>Displacement check:</b> {}</p>", esc(note));
}

/// A comparison as a section of the main report (`report --comparison DIR`).
pub fn section(out: &mut String, name: &str, c: &Comparison) {
    let _ = write!(out, "<section><h2>Comparison: {}</h2>", esc(name));
    overview(out, c);
    out.push_str("</section>");
    effects(out, c, Labels::COMPARE);
}

/// The whole comparison page; `tallies` says what simulated policies did (empty for compare).
pub fn page(
    c: &Comparison,
    charts: &[Chart],
    l: Labels,
    tallies: &[Tally],
) -> Result<String, minijinja::Error> {
    let mut out = String::new();
    overview(&mut out, c);
    policies(&mut out, tallies);
    effects(&mut out, c, l);
    groups(&mut out, c);
    if let Some(f) = &c.forecast {
        forecast(&mut out, f);
    }
    figures(&mut out, charts);
    series(&mut out, c, l);
    super::layout::page(&super::layout::Page {
        title: &format!("meetload: {}", l.heading),
        heading: l.heading,
        body: &out,
        footer: "Intervals: percentile bootstrap, 2,000 seeded resamples of people. p: two-sided Wilcoxon signed-rank test, exact up to 50 people (zeros dropped, mid-ranks for ties), normal approximation above.",
    })
}

//! The comparison page: the team effects with their intervals, displacement,
//! what became of each series, and the charts. Same style and escaping as the
//! main report.

use std::fmt::Write;

use super::charts::Chart;
use super::html::{esc, figures, num, SCRIPT, STYLE};
use crate::analysis::compare::Comparison;

fn interval((lo, hi): (f64, f64)) -> String {
    format!("<td class=\"n\">[{lo:.2}, {hi:.2}]</td>")
}

/// The team-effect table.
pub(crate) fn effects(out: &mut String, c: &Comparison) {
    let did = c.effects.iter().any(|e| e.did.is_some());
    out.push_str("<section><h2>Team effect (per person-week, paired by person)</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Metric</th><th>People</th><th>Before</th><th>After</th><th>Mean change</th><th>95% interval</th><th>Median change</th><th>95% interval</th><th>Wilcoxon p</th>");
    if did {
        out.push_str("<th>Diff-in-diff</th><th>95% interval</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for e in &c.effects {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td>{}{}{}{}{}{}<td class=\"n\">{:.4}</td>",
            esc(&e.metric),
            e.people,
            num(e.mean_before),
            num(e.mean_after),
            num(e.mean_change),
            interval(e.mean_change_ci),
            num(e.median_change),
            interval(e.median_change_ci),
            e.p_value
        );
        if let (Some(d), Some(ci)) = (e.did, e.did_ci) {
            let _ = write!(out, "{}{}", num(d), interval(ci));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

fn series(out: &mut String, c: &Comparison) {
    out.push_str("<section><h2>What became of each recurring series</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Series</th><th>Change</th><th>Person-hours/month before</th><th>After</th></tr></thead><tbody>");
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
    effects(out, c);
}

/// The whole comparison page under `heading`.
pub fn page(c: &Comparison, charts: &[Chart], heading: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>meetload comparison</title><style>{STYLE}</style></head><body><main><h1>{}</h1>", esc(heading));
    overview(&mut out, c);
    effects(&mut out, c);
    figures(&mut out, charts);
    series(&mut out, c);
    let _ = writeln!(out, "<p>Intervals: percentile bootstrap, 2,000 seeded resamples of people. p: two-sided Wilcoxon signed-rank test (normal approximation).</p></main><script>{SCRIPT}</script></body></html>");
    out
}

//! The one-file HTML report: no external requests (charts are inline PNG
//! data, styles and the table-sorting script inline), readable on a phone,
//! and every piece of calendar text escaped.

use std::fmt::Write;

use base64::Engine;

use super::charts::Chart;
use super::view::ReportView;
use crate::analysis::candidates::Recommendation;

/// Escapes text for HTML element content and quoted attributes, and drops
/// control characters (raw ESC or BEL bytes) and invisible bidi and
/// formatting characters, which could make a title read as another.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() || super::quality::is_invisible_format(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn card(out: &mut String, value: String, label: &str) {
    let _ = write!(
        out,
        "<div class=\"card\"><b>{}</b>{}</div>",
        esc(&value),
        esc(label)
    );
}

/// A share as a whole percentage (never "-0%").
pub(crate) fn pct(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).max(0.0))
}

pub(crate) fn num(v: f64) -> String {
    // a value that rounds to zero is shown as 0.0, not -0.0
    let shown = if (v * 10.0).round() == 0.0 { 0.0 } else { v };
    format!("<td class=\"n\" data-v=\"{v:.3}\">{shown:.1}</td>")
}

fn headline(out: &mut String, v: &ReportView) {
    let s = &v.summary;
    out.push_str("<section><div class=\"cards\">");
    card(
        out,
        format!("{:.1} h", s.meeting_hours_per_week),
        "in meetings per person-week (median)",
    );
    card(
        out,
        format!("{:.1} h", s.focus_hours_per_week),
        "focus time per person-week (median)",
    );
    card(
        out,
        pct(s.status_share),
        "of meeting time in recurring status meetings",
    );
    card(
        out,
        format!("{:.0} h", s.async_hours_per_month),
        "person-hours a month freed by async updates",
    );
    card(
        out,
        pct(s.weeks_under_10h_focus),
        "of person-weeks under 10 h of focus",
    );
    let _ = write!(
        out,
        "</div><p>{} people, {} person-weeks, {} meetings in {} series over {:.1} months.</p></section>",
        s.people, s.person_weeks, s.meetings, s.series, s.months
    );
}

pub(crate) fn figures(out: &mut String, charts: &[Chart]) {
    out.push_str("<section><h2>Charts</h2>");
    for c in charts {
        let data = base64::engine::general_purpose::STANDARD.encode(&c.png);
        let _ = write!(out, "<figure><img alt=\"{}\" src=\"data:image/png;base64,{data}\"><figcaption>{}</figcaption></figure>", esc(c.title), esc(c.title));
    }
    out.push_str("</section>");
}

fn class_of(recommendation: Recommendation) -> &'static str {
    match recommendation {
        Recommendation::AsyncUpdate => "async",
        Recommendation::Shorten => "shorten",
        Recommendation::KeepLive => "keep",
    }
}

fn candidates(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>Async candidates</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Series</th><th>Kind</th><th>Recommendation</th><th>Score</th><th>Person-hours/month freed</th><th>Focus hours/month recovered</th><th>Reasons</th><th>Written-update template</th></tr></thead><tbody>");
    for c in &v.candidates {
        let reasons: String = c
            .reasons
            .iter()
            .map(|r| format!("<li>{}</li>", esc(r)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td>{}{}<td><ul>{reasons}</ul></td><td><details><summary>template</summary>{}</details></td></tr>",
            esc(&c.title),
            esc(c.kind.as_str()),
            class_of(c.recommendation),
            esc(c.recommendation.as_str()),
            c.score,
            num(c.hours_freed_per_month),
            num(c.focus_recovered_per_month),
            esc(&c.template)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn people(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>People</h2>");
    if v.people_hidden {
        out.push_str("<p>Hidden: privacy is on and the group is smaller than the minimum group size.</p></section>");
        return;
    }
    out.push_str("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Person</th><th>Weeks</th><th>Meeting h/week</th><th>Focus h/week</th><th>Fragmented h/week</th><th>Back-to-back chains/week</th><th>Double-booked h/week</th></tr></thead><tbody>");
    for p in &v.people {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td>{}{}{}{}{}</tr>",
            esc(&p.person),
            p.weeks,
            num(p.meeting),
            num(p.focus),
            num(p.fragmented),
            num(p.back_to_back_chains),
            num(p.double_booked)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn definitions(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>Definitions</h2><dl>");
    for (term, text) in &v.definitions {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(text));
    }
    out.push_str("</dl></section>");
}

/// Per roster group: people and hours per person-week (median, mean, p90).
fn groups(out: &mut String, v: &ReportView) {
    if v.summary.groups.is_empty() {
        return;
    }
    out.push_str("<section><h2>Groups</h2><p>Per person-week over the period; groups smaller than the privacy minimum are not shown.</p><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Grouped by</th><th>Group</th><th>People</th><th>Meeting h (median)</th><th>Meeting h (mean)</th><th>Meeting h (p90)</th><th>Focus h (median)</th><th>Fragmented h (median)</th></tr></thead><tbody>");
    for g in &v.summary.groups {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td></tr>",
            esc(&g.column),
            esc(&g.group),
            g.people,
            g.meeting_h.median,
            g.meeting_h.mean,
            g.meeting_h.p90,
            g.focus_h.median,
            g.fragmented_h.median
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn quality(out: &mut String, v: &ReportView) {
    let _ = write!(out, "<section><h2>Data quality</h2><p>{}; per rule in data_quality.csv (<code>&lt;rule&gt;_n</code>, <code>&lt;rule&gt;_h</code>).</p>", esc(&v.summary.excluded.line()));
    out.push_str("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Calendar</th><th>Person</th><th>Role</th><th>Zone</th><th>Hours</th><th>Analysed</th><th>Events</th><th>Occurrences</th><th>Left out</th><th>Not counted</th><th>Skipped</th><th>Warnings</th><th>Note</th></tr></thead><tbody>");
    for q in &v.quality {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} <small>({})</small></td><td>{} <small>({})</small></td><td>{} – {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&q.calendar),
            esc(&q.person),
            esc(&q.role),
            esc(&q.zone),
            esc(&q.zone_from),
            esc(&q.hours),
            esc(&q.hours_from),
            esc(&q.analysed_first),
            esc(&q.analysed_last),
            q.events,
            q.occurrences,
            q.left_out_before + q.left_out_after + q.not_theirs,
            q.excluded.not_meetings(),
            q.skipped,
            q.warnings,
            esc(&[q.note.as_str(), q.unknown_zones.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("; "))
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn zombies(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>Zombie series</h2>");
    if v.audits.zombies.is_empty() {
        out.push_str("<p>No series shows the signs of having outlived its purpose.</p></section>");
        return;
    }
    out.push_str("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Series</th><th>Age (months)</th><th>Meetings so far</th><th>Suggested</th><th>Evidence</th></tr></thead><tbody>");
    for z in &v.audits.zombies {
        let reasons: String = z
            .reasons
            .iter()
            .map(|r| format!("<li>{}</li>", esc(r)))
            .collect();
        let approx = if z.estimated { "≈" } else { "" };
        let _ = write!(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{approx}{}</td><td>{}</td><td><ul>{reasons}</ul></td></tr>", esc(&z.title), num(z.age_months), z.instances_so_far, esc(&z.action));
    }
    out.push_str("</tbody></table></div></section>");
}

fn costly(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>Costliest single meetings (focus)</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Meeting</th><th>When</th><th>Focus cost (h)</th><th>Attendees analysed</th><th>Best move the same day</th></tr></thead><tbody>");
    for c in &v.audits.costly {
        let _ = write!(out, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", esc(&c.title), esc(&c.when), num(c.focus_cost_h), c.known_attendees, esc(&c.best_move));
    }
    out.push_str("</tbody></table></div></section>");
}

fn burden(out: &mut String, v: &ReportView) {
    out.push_str("<section><h2>Time-zone burden and core hours</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Group</th><th>Core window</th><th>Local times</th><th>Who pays</th><th>Meeting h inside / all</th></tr></thead><tbody>");
    for c in &v.audits.core {
        let pays = if c.who_pays.is_empty() {
            "nobody (inside everyone's hours)".to_string()
        } else {
            c.who_pays.join("; ")
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td class=\"n\">{} / {}</td></tr>",
            esc(&c.group),
            esc(&c.window),
            if c.common { "" } else { " (compromise)" },
            esc(&c.local.join("; ")),
            esc(&pays),
            num(c.meeting_h_inside),
            num(c.meeting_h)
        );
    }
    out.push_str("</tbody></table></div><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Scope</th><th>Name</th><th>Meeting h</th><th>Before hours (h)</th><th>After hours (h)</th><th>Days off (h)</th><th>Meetings outside hours</th></tr></thead><tbody>");
    for b in &v.audits.burden {
        let _ = write!(out, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", esc(&b.scope), esc(&b.name), num(b.meeting_h), num(b.before_h), num(b.after_h), num(b.off_day_h), pct(b.outside_share));
    }
    out.push_str("</tbody></table></div></section>");
}

/// The whole page; `comparisons` (name, result) from `compare` or `simulate`
/// become sections after the candidates.
pub fn page(
    v: &ReportView,
    charts: &[Chart],
    comparisons: &[(String, crate::analysis::compare::Comparison)],
) -> Result<String, minijinja::Error> {
    let mut out = String::with_capacity(
        charts.iter().map(|c| c.png.len() * 4 / 3).sum::<usize>() + 64 * 1024,
    );
    headline(&mut out, v);
    figures(&mut out, charts);
    candidates(&mut out, v);
    zombies(&mut out, v);
    costly(&mut out, v);
    for (name, c) in comparisons {
        super::compare_html::section(&mut out, name, c);
    }
    super::hygiene::section(&mut out, v);
    people(&mut out, v);
    definitions(&mut out, v);
    out.push_str(&super::reconcile::section(&v.reconcile)?);
    groups(&mut out, v);
    burden(&mut out, v);
    quality(&mut out, v);
    super::layout::page(&super::layout::Page {
        title: "meetload report",
        heading: "Where the time goes",
        body: &out,
        footer: "Made by meetload on this machine; no data left it.",
    })
}

#[cfg(test)]
mod tests {
    use super::{esc, num, pct};

    #[test]
    fn numbers_that_round_to_zero_have_no_minus_sign() {
        assert!(num(-0.04).contains(">0.0<"));
        assert!(num(-0.06).contains(">-0.1<"));
        assert_eq!(pct(-0.001), "0%");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            esc("\"><img src=x onerror='a'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }
}

//! The page's hygiene section: shares of meeting person-hours that are large,
//! long, short notice, recurring, after hours or on a weekend, with their cost
//! when `hourly_rate` is set (numbers from `analysis::hygiene`).

use std::fmt::Write;

use super::html::{esc, num, pct};
use super::view::ReportView;

/// Writes the hygiene table (a cost column only when a rate is set).
pub(super) fn section(out: &mut String, v: &ReportView) {
    let priced = v.hygiene.iter().any(|r| r.cost.is_some());
    out.push_str("<section><h2>Meeting hygiene</h2><p>Share of all meeting person-hours (whole team) with each flag; a meeting can carry several.</p><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>Flag</th><th>Person-hours</th><th>Share</th>");
    if priced {
        out.push_str("<th>Cost</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for r in &v.hygiene {
        let _ = write!(
            out,
            "<tr><td>{}</td>{}<td class=\"n\" data-v=\"{:.4}\">{}</td>",
            esc(r.flag.label()),
            num(r.meeting_h),
            r.share,
            pct(r.share)
        );
        if let Some(cost) = r.cost {
            out.push_str(&num(cost));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

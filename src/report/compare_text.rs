//! The comparison as text: the terminal summary of every metric, and the
//! number formats the page shares with it (precision per metric, `p < 0.001`).

use std::fmt::Write;

use crate::analysis::compare::{Comparison, Effect, Interval, Metric};
use crate::analysis::simulate::{Outcome, Policy, Tally};

/// A p-value as people read it: `p < 0.001`, else three decimals.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

/// An interval at the metric's precision, e.g. `[-3.10, -1.90]`.
pub fn interval(m: Metric, ci: Interval) -> String {
    format!("[{}, {}]", m.format(ci.low, true), m.format(ci.high, true))
}

fn effect_line(e: &Effect) -> String {
    let m = e.metric;
    let mut line = format!(
        "  {}: {} -> {}, change {} {}, {}",
        m.label_with_unit(),
        m.format(e.mean_before, false),
        m.format(e.mean_after, false),
        m.format(e.mean_change, true),
        interval(m, e.mean_change_ci),
        p_value(e.p_value)
    );
    if let (Some(d), Some(ci)) = (e.did, e.did_ci) {
        let _ = write!(
            line,
            "; diff-in-diff {} {}",
            m.format(d, true),
            interval(m, ci)
        );
    }
    line.push('\n');
    line
}

/// What the terminal shows after `compare` or `simulate` (`before`/`after`
/// name the two periods, e.g. Current/Projected).
pub fn summary(c: &Comparison, before: &str, after: &str) -> String {
    let mut out = format!(
        "{} people paired, {} person-weeks left out; per person-week, {before} -> {after}, mean change [95% interval], Wilcoxon p\n",
        c.people.len(),
        c.excluded_weeks
    );
    for e in &c.effects {
        out += &effect_line(e);
    }
    if let Some(d) = &c.displacement {
        out += d;
        out.push('\n');
    }
    if let Some(f) = &c.forecast {
        let _ = writeln!(
            out,
            "forecast check ({} people in both): predicted vs actual change, error = predicted - actual",
            f.metrics.first().map_or(0, |m| m.people)
        );
        for m in &f.metrics {
            let x = m.metric;
            let _ = writeln!(
                out,
                "  {}: predicted {}, actual {}, error {}{}",
                x.label_with_unit(),
                x.format(m.predicted_change, true),
                x.format(m.actual_change, true),
                x.format(m.error, true),
                if m.within_interval {
                    ""
                } else {
                    " (outside the actual 95% interval)"
                }
            );
        }
    }
    out
}

/// What each policy did: meetings and person-hours removed, moved,
/// shortened (saved), trimmed (saved) and left unmoved.
pub fn simulation_text(policies: &[Policy], tallies: &[Tally]) -> String {
    let mut out = String::new();
    for p in policies {
        let name = p.to_string();
        let parts: Vec<String> = tallies
            .iter()
            .filter(|t| t.policy == name)
            .map(|t| {
                let what = match t.outcome {
                    Outcome::Shortened | Outcome::Trimmed => "person-hours saved",
                    _ => "person-hours",
                };
                format!(
                    "{} {} ({:.1} {what})",
                    t.outcome.as_str(),
                    t.meetings,
                    t.person_hours
                )
            })
            .collect();
        let done = if parts.is_empty() {
            "no meeting changed".to_string()
        } else {
            parts.join(", ")
        };
        let _ = writeln!(out, "{name}: {done}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_read_as_people_expect() {
        assert_eq!(p_value(0.00001), "p < 0.001");
        assert_eq!(p_value(0.0123), "p = 0.012");
        assert_eq!(p_value(1.0), "p = 1.000");
        assert_eq!(
            interval(
                Metric::FragmentationRatio,
                Interval {
                    low: -0.0123,
                    high: 0.2
                }
            ),
            "[-0.012, +0.200]"
        );
    }
}

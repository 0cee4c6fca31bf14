//! The comparison as text: the terminal summary of every metric, and the
//! number formats the page shares with it (precision per metric, `p < 0.001`).

use std::fmt::Write;

use crate::analysis::compare::{Comparison, Effect, Interval, Metric};
use crate::analysis::simulate::{Outcome, Policy, Tally};

/// A p-value as people read it: `p < 0.001`, else three significant digits
/// (so the smallest exact p of five people shows as 0.0625).
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        return "p < 0.001".into();
    }
    let decimals = (2 - p.log10().floor() as i32).max(0) as usize;
    format!("p = {p:.decimals$}")
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
    for g in &c.groups {
        if let Some(e) = g.effects.iter().find(|e| e.metric == Metric::MeetingHours) {
            let _ = write!(out, "  {} {}: ", g.column, g.group);
            out += effect_line(e).trim_start();
        }
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
    use crate::analysis::compare::{effects, Metric, PersonChange};

    #[test]
    fn the_terminal_shows_every_metric_and_the_diff_in_diff_with_a_control() {
        let person = |name: &str, before: f64, after: f64| PersonChange {
            person: name.into(),
            weeks_before: 4,
            weeks_after: 4,
            before: Metric::ALL.iter().map(|&m| (m, before)).collect(),
            after: Metric::ALL.iter().map(|&m| (m, after)).collect(),
        };
        let people: Vec<PersonChange> = (0..5).map(|i| person(&i.to_string(), 4.0, 2.0)).collect();
        let control = [person("c", 4.0, 4.0)];
        let c = Comparison {
            effects: effects(&people, Some(&control)),
            people,
            excluded_weeks: 0,
            excluded_people: vec![],
            weekday: vec![],
            displacement: None,
            series_changes: vec![],
            forecast: None,
            groups: Vec::new(),
        };
        let text = summary(&c, "Before", "After");
        for m in Metric::ALL {
            assert!(text.contains(&m.label_with_unit()), "{text}");
        }
        let meeting = "Meeting hours (h/week): 4.00 -> 2.00, change -2.00 [-2.00, -2.00], p = 0.0625; diff-in-diff -2.00 [-2.00, -2.00]";
        assert!(text.contains(meeting), "{text}");
        assert!(
            text.contains("Fragmentation ratio (share 0-1): 4.000 -> 2.000"),
            "{text}"
        );
    }

    #[test]
    fn p_values_read_as_people_expect() {
        assert_eq!(p_value(0.00001), "p < 0.001");
        assert_eq!(p_value(0.0123), "p = 0.0123");
        assert_eq!(p_value(0.0625), "p = 0.0625");
        assert_eq!(p_value(0.5), "p = 0.500");
        assert_eq!(p_value(1.0), "p = 1.00");
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

//! The comparison page's view model and page: the team effects with their
//! intervals, displacement, the forecast check, what became of each series,
//! and the charts. The markup is `assets/templates/compare.html` (sections in
//! `comparison.html`, shared with the main report's comparison section).

use serde::Serialize;

use super::charts::Chart;
use super::compare_text::{interval, p_value};
use super::layout::{render, Figure, Page};
use crate::analysis::compare::forecast::ForecastMetric;
use crate::analysis::compare::{Comparison, Effect, Interval, Metric};
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

/// A number at its metric's precision, sortable by its exact value.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub v: f64,
    pub text: String,
}

impl Cell {
    fn of(m: Metric, v: f64, signed: bool) -> Cell {
        Cell {
            v,
            text: m.format(v, signed),
        }
    }

    fn p(p: f64) -> Cell {
        Cell {
            v: p,
            text: p_value(p),
        }
    }
}

/// One metric's team effect.
#[derive(Debug, Clone, Serialize)]
pub struct EffectLine {
    pub metric: String,
    pub people: usize,
    pub before: Cell,
    pub after: Cell,
    pub mean_change: Cell,
    pub mean_change_ci: String,
    pub median_change: Cell,
    pub median_change_ci: String,
    pub p: Cell,
    pub did: Option<Cell>,
    pub did_ci: Option<String>,
}

impl EffectLine {
    fn of(e: &Effect) -> EffectLine {
        let m = e.metric;
        let ci = |i: Interval| interval(m, i);
        EffectLine {
            metric: m.label_with_unit(),
            people: e.people,
            before: Cell::of(m, e.mean_before, false),
            after: Cell::of(m, e.mean_after, false),
            mean_change: Cell::of(m, e.mean_change, true),
            mean_change_ci: ci(e.mean_change_ci),
            median_change: Cell::of(m, e.median_change, true),
            median_change_ci: ci(e.median_change_ci),
            p: Cell::p(e.p_value),
            did: e.did.map(|d| Cell::of(m, d, true)),
            did_ci: e.did_ci.map(ci),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupLine {
    pub column: String,
    pub group: String,
    pub effect: EffectLine,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastLine {
    pub metric: String,
    pub people: usize,
    pub predicted: Cell,
    pub actual: Cell,
    pub error: Cell,
    pub mae: Cell,
    pub within_interval: bool,
}

impl ForecastLine {
    fn of(x: &ForecastMetric) -> ForecastLine {
        let m = x.metric;
        ForecastLine {
            metric: m.label_with_unit(),
            people: x.people,
            predicted: Cell::of(m, x.predicted_change, true),
            actual: Cell::of(m, x.actual_change, true),
            error: Cell::of(m, x.error, true),
            mae: Cell::of(m, x.mean_absolute_error, false),
            within_interval: x.within_interval,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyLine {
    pub policy: String,
    pub outcome: &'static str,
    pub meetings: usize,
    pub person_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesLine {
    pub title: String,
    pub change: String,
    /// Person-hours per month in each period.
    pub before: f64,
    pub after: f64,
}

/// Everything a comparison section shows.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub before: String,
    pub after: String,
    pub people: usize,
    pub excluded_weeks: usize,
    pub excluded_people: usize,
    pub displacement: String,
    pub did: bool,
    pub effects: Vec<EffectLine>,
    pub groups: Vec<GroupLine>,
    pub forecast: Vec<ForecastLine>,
    pub policies: Vec<PolicyLine>,
    /// Some simulated meeting found no free slot and was kept.
    pub kept_no_slot: bool,
    pub series: Vec<SeriesLine>,
}

/// The view of a comparison; `tallies` says what simulated policies did
/// (empty for compare).
pub fn view(c: &Comparison, l: Labels, tallies: &[Tally]) -> CompareView {
    let displacement = c.displacement.as_deref();
    CompareView {
        before: l.before.into(),
        after: l.after.into(),
        people: c.people.len(),
        excluded_weeks: c.excluded_weeks,
        excluded_people: c.excluded_people.len(),
        displacement: displacement
            .unwrap_or("no weekday lost most of its meetings to other days.")
            .into(),
        did: c.effects.iter().any(|e| e.did.is_some()),
        effects: c.effects.iter().map(EffectLine::of).collect(),
        groups: c
            .groups
            .iter()
            .flat_map(|g| {
                g.effects.iter().map(|e| GroupLine {
                    column: g.column.clone(),
                    group: g.group.clone(),
                    effect: EffectLine::of(e),
                })
            })
            .collect(),
        forecast: c
            .forecast
            .iter()
            .flat_map(|f| f.metrics.iter().map(ForecastLine::of))
            .collect(),
        policies: tallies
            .iter()
            .map(|t| PolicyLine {
                policy: t.policy.clone(),
                outcome: t.outcome.as_str(),
                meetings: t.meetings,
                person_hours: t.person_hours,
            })
            .collect(),
        kept_no_slot: tallies.iter().any(|t| t.outcome == Outcome::KeptNoSlot),
        series: c
            .series_changes
            .iter()
            .map(|s| SeriesLine {
                title: s.title.clone(),
                change: s.change.clone(),
                before: s.per_month_h_before,
                after: s.per_month_h_after,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ComparePage {
    compare: CompareView,
    figures: Vec<Figure>,
}

/// The whole comparison page.
pub fn page(
    c: &Comparison,
    charts: &[Chart],
    l: Labels,
    tallies: &[Tally],
) -> Result<String, minijinja::Error> {
    let data = ComparePage {
        compare: view(c, l, tallies),
        figures: charts.iter().map(Figure::of).collect(),
    };
    let page = Page {
        title: &format!("meetload: {}", l.heading),
        heading: l.heading,
        footer: "Intervals: percentile bootstrap, 2,000 seeded resamples of people. p: two-sided Wilcoxon signed-rank test, exact up to 50 people (zeros dropped, mid-ranks for ties), normal approximation above.",
    };
    render("compare.html", &page, &data)
}

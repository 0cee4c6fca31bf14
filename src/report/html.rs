//! The one-file HTML report: no external requests (charts are inline PNG
//! data, styles and the table-sorting script inline), readable on a phone.
//! The markup is `assets/templates/report.html`; this module puts together
//! what it shows, and the engine escapes every calendar text.

use serde::Serialize;

use super::charts::Chart;
use super::compare_html::{CompareView, Labels};
use super::hygiene::HygieneView;
use super::layout::{render, Figure, Page};
use super::reconcile::Shown;
use super::view::ReportView;
use crate::analysis::compare::Comparison;
use crate::analysis::quality::QualityRow;

/// A data-quality row with what the page adds up.
#[derive(Serialize)]
struct QualityLine<'a> {
    #[serde(flatten)]
    row: &'a QualityRow,
    /// Items that are not meetings (declined, cancelled, free, solo ...).
    not_counted: usize,
    /// The row's note and unknown zones.
    notes: String,
}

/// A comparison shown as a section of the main report.
#[derive(Serialize)]
struct ComparisonSection {
    name: String,
    view: CompareView,
    /// The comparison's charts (people before/after, weekday, focus), the
    /// same ones its own page shows.
    figures: Vec<Figure>,
}

/// Everything report.html reads.
#[derive(Serialize)]
struct MainPage<'a> {
    report: &'a ReportView,
    figures: Vec<Figure>,
    comparisons: Vec<ComparisonSection>,
    hygiene: &'a HygieneView,
    reconcile: Vec<Shown<'a>>,
    quality: Vec<QualityLine<'a>>,
    /// `12 items left out: 4 declined (3.0 h), ...`.
    excluded: String,
}

/// The whole page; `comparisons` (name, result, its charts) from `compare`
/// or `simulate` become sections after the candidates.
pub fn page(
    v: &ReportView,
    charts: &[Chart],
    comparisons: &[(String, Comparison, Vec<Chart>)],
) -> Result<String, minijinja::Error> {
    let quality = v.quality.iter().map(|q| QualityLine {
        row: q,
        not_counted: q.excluded.not_meetings(),
        notes: [q.note.as_str(), q.unknown_zones.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
    });
    let data = MainPage {
        report: v,
        figures: charts.iter().map(Figure::of).collect(),
        comparisons: comparisons
            .iter()
            .map(|(name, c, charts)| ComparisonSection {
                name: name.clone(),
                view: super::compare_html::view(c, Labels::COMPARE, &[]),
                figures: charts.iter().map(Figure::of).collect(),
            })
            .collect(),
        hygiene: &v.hygiene,
        reconcile: v.reconcile.iter().map(Shown::from).collect(),
        quality: quality.collect(),
        excluded: v.summary.excluded.line(),
    };
    let page = Page {
        title: "meetload report",
        heading: "Where the time goes",
        footer: "Made by meetload on this machine; no data left it.",
    };
    render("report.html", &page, &data)
}

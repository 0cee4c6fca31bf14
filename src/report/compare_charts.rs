//! Charts of a before/after comparison: paired per-person change (dumbbell),
//! the shift of the focus-hours distribution, and meeting load by weekday.

use plotters::prelude::*;

use super::charts::{err, hbars, no_data, png, text, Area, Chart, Drawn, BLUE, GREY, VERMILLION};
use super::compare_html::Labels;
use crate::analysis::compare::{Comparison, Metric, PersonChange};
use crate::analysis::privacy;

/// Renders the comparison charts; `privacy` hides people's addresses.
pub fn render(c: &Comparison, privacy_on: bool, l: Labels) -> Result<Vec<Chart>, String> {
    Ok(vec![
        Chart {
            name: "compare-people",
            title: "Meeting hours per week, each person in both periods",
            png: png(|a| dumbbell(a, c, privacy_on, l))?,
        },
        Chart {
            name: "compare-focus",
            title: "Focus hours per week: distribution in both periods",
            png: png(|a| focus_shift(a, c, l))?,
        },
        Chart {
            name: "compare-weekday",
            title: "Meeting hours per person-week by weekday, in both periods",
            png: png(|a| weekday(a, c, l))?,
        },
    ])
}

fn dumbbell(area: &Area, c: &Comparison, privacy_on: bool, l: Labels) -> Drawn {
    const M: Metric = Metric::MeetingHours;
    if c.people.is_empty() {
        return no_data(area, "people present in both periods");
    }
    let mut people: Vec<_> = c.people.iter().collect();
    people.sort_by(|a, b| {
        a.change(M)
            .total_cmp(&b.change(M))
            .then(a.person.cmp(&b.person))
    });
    people.truncate(30);
    let n = people.len();
    let max = people
        .iter()
        .flat_map(|p| [p.value_before(M), p.value_after(M)])
        .fold(1.0, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "Meeting hours per week: {} (grey) and {} (blue), per person",
                l.before.to_lowercase(),
                l.after.to_lowercase()
            ),
            text(18),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(210)
        .build_cartesian_2d(0f64..max, (0..n as i32 - 1).into_segmented())
        .map_err(err)?;
    let labels: Vec<String> = people
        .iter()
        .map(|p| super::charts::truncate(&privacy::person(&p.person, privacy_on), 26))
        .collect();
    let label = |y: &SegmentValue<i32>| match y {
        SegmentValue::CenterOf(i) => labels
            .get((n as i32 - 1 - i) as usize)
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&label)
        .x_desc("Meeting hours per person-week")
        .label_style(text(11))
        .axis_desc_style(text(14))
        .draw()
        .map_err(err)?;
    for (i, p) in people.iter().enumerate() {
        let y = || SegmentValue::CenterOf(n as i32 - 1 - i as i32);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(p.value_before(M), y()), (p.value_after(M), y())],
                GREY.stroke_width(2),
            )))
            .map_err(err)?;
        chart
            .draw_series([
                Circle::new((p.value_before(M), y()), 4, GREY.filled()),
                Circle::new((p.value_after(M), y()), 5, BLUE.filled()),
            ])
            .map_err(err)?;
    }
    Ok(())
}

fn focus_shift(area: &Area, c: &Comparison, l: Labels) -> Drawn {
    if c.people.is_empty() {
        return no_data(area, "people present in both periods");
    }
    let width = 2.0;
    let bins = 22usize;
    let count = |pick: fn(&PersonChange, Metric) -> f64| {
        let mut v = vec![0usize; bins];
        for p in &c.people {
            v[((pick(p, Metric::FocusHours) / width).max(0.0) as usize).min(bins - 1)] += 1;
        }
        v
    };
    let (before, after) = (
        count(PersonChange::value_before),
        count(PersonChange::value_after),
    );
    let max = before
        .iter()
        .chain(&after)
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.2;
    let mut chart = ChartBuilder::on(area)
        .caption("People by mean focus hours per week", text(18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..bins as f64 * width, 0f64..max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("Focus hours per person-week")
        .y_desc("People")
        .label_style(text(12))
        .axis_desc_style(text(14))
        .draw()
        .map_err(err)?;
    for (label, counts, colour, offset) in
        [(l.before, &before, GREY, 0.1), (l.after, &after, BLUE, 1.0)]
    {
        chart
            .draw_series(counts.iter().enumerate().map(move |(i, n)| {
                let x = i as f64 * width + offset;
                Rectangle::new([(x, 0.0), (x + 0.9, *n as f64)], colour.filled())
            }))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .label_font(text(13))
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .draw()
        .map_err(err)
}

fn weekday(area: &Area, c: &Comparison, l: Labels) -> Drawn {
    let mut rows = Vec::new();
    for w in c.weekday.iter().take(5) {
        rows.push((
            format!("{} {}", w.weekday, l.before.to_lowercase()),
            w.meeting_h_before,
            GREY,
        ));
        rows.push((
            format!("{} {}", w.weekday, l.after.to_lowercase()),
            w.meeting_h_after,
            if w.meeting_h_after > w.meeting_h_before {
                VERMILLION
            } else {
                BLUE
            },
        ));
    }
    hbars(
        area,
        "Meeting hours per person-week by weekday (red: rose)",
        &rows,
        "Hours",
        110,
        &[],
    )
}

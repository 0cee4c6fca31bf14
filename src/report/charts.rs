//! The report's charts, drawn with plotters into PNG bytes. One function per
//! chart; text uses the bundled DejaVu Sans (assets/fonts), so charts render
//! the same on a machine without any system font.

use std::sync::Once;

use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::glyphs::GlyphBackend;
use super::view::{ReportView, WeekRow};
use crate::analysis::candidates::Recommendation;

/// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const SKY: RGBColor = RGBColor(86, 180, 233);
pub const GREY: RGBColor = RGBColor(120, 120, 120);

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// Chart size in pixels.
pub const SIZE: (u32, u32) = (960, 480);

/// One rendered chart.
pub struct Chart {
    /// File stem, e.g. `weekly`.
    pub name: &'static str,
    pub title: &'static str,
    pub png: Vec<u8>,
}

pub(crate) type Area<'a> = DrawingArea<GlyphBackend<'a>, Shift>;
pub(crate) type Drawn = Result<(), String>;
/// A chart: file stem, title and drawing function.
type ChartFn = (&'static str, &'static str, fn(&Area, &ReportView) -> Drawn);
/// A stacked layer of the weekly chart: label, colour, (bottom, top) in hours.
type Layer = (&'static str, RGBColor, fn(&WeekRow) -> (f64, f64));
/// A line of the weekly chart: label, colour, value in hours.
type Line = (&'static str, RGBColor, fn(&WeekRow) -> f64);

pub(crate) fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // the bundled font is known to be valid; a failure would only lose text
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

/// Shortens a label to `max` characters with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Renders every chart of the view.
pub fn render_all(view: &ReportView) -> Result<Vec<Chart>, String> {
    let charts: [ChartFn; 7] = [
        (
            "weekly",
            "Meeting, fragmented and focus hours per week",
            weekly,
        ),
        ("heatmap", "Meeting load by weekday and hour", heatmap),
        ("candidates", "Top async candidates", candidates),
        ("focus", "Focus hours per person-week", focus_histogram),
        ("kinds", "Meeting hours by kind and size", kinds),
        (
            "people",
            "Back-to-back chains and double-booked hours",
            people,
        ),
        ("groups", "Meeting and focus hours by group", groups),
    ];
    charts
        .iter()
        .filter(|(name, _, _)| *name != "groups" || !view.summary.groups.is_empty())
        .map(|(name, title, draw)| {
            Ok(Chart {
                name,
                title,
                png: png(|a| draw(a, view))?,
            })
        })
        .collect()
}

/// Draws into an RGB buffer and encodes it as PNG.
pub(crate) fn png(draw: impl FnOnce(&Area) -> Drawn) -> Result<Vec<u8>, String> {
    register_font();
    let (w, h) = SIZE;
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let bitmap = BitMapBackend::with_buffer(&mut buf, SIZE);
        let root = GlyphBackend::new(bitmap, FONT)?.into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&buf, w, h, image::ColorType::Rgb8)
        .map_err(err)?;
    Ok(out)
}

pub(crate) fn text(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

pub(crate) fn no_data(area: &Area, what: &str) -> Drawn {
    area.draw(&Text::new(
        format!("No {what} in the input"),
        (40, 40),
        text(20),
    ))
    .map_err(err)
}

fn weekly(area: &Area, v: &ReportView) -> Drawn {
    if v.weeks.is_empty() {
        return no_data(area, "working weeks");
    }
    let n = v.weeks.len();
    let max = v
        .weeks
        .iter()
        .map(|w| w.meeting_mean_h + w.fragmented_mean_h + w.focus_mean_h)
        .chain(v.weeks.iter().map(|w| w.meeting_p90_h))
        .fold(1.0, f64::max)
        * 1.45;
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Mean per person-week (bars add up); meeting hours p10 and p90 across people",
            text(20),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..n as f64, 0f64..max)
        .map_err(err)?;
    let labels: Vec<String> = v.weeks.iter().map(|w| w.week.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(14))
        .x_label_formatter(&|x| {
            labels
                .get(x.floor() as usize)
                .map(|w| w[2..].to_string())
                .unwrap_or_default()
        })
        .x_desc("ISO week")
        .y_desc("Hours")
        .label_style(text(13))
        .axis_desc_style(text(15))
        .draw()
        .map_err(err)?;
    let layers: [Layer; 3] = [
        ("Meetings (mean)", VERMILLION, |w| (0.0, w.meeting_mean_h)),
        ("Fragmented (mean)", ORANGE, |w| {
            let bottom = w.meeting_mean_h;
            (bottom, bottom + w.fragmented_mean_h)
        }),
        ("Focus, 2 h+ blocks (mean)", BLUE, |w| {
            let bottom = w.meeting_mean_h + w.fragmented_mean_h;
            (bottom, bottom + w.focus_mean_h)
        }),
    ];
    for (label, colour, span) in layers {
        chart
            .draw_series(v.weeks.iter().enumerate().map(|(i, w)| {
                let (y0, y1) = span(w);
                Rectangle::new(
                    [(i as f64 + 0.15, y0), (i as f64 + 0.85, y1)],
                    colour.filled(),
                )
            }))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    let band: [Line; 2] = [
        ("Meetings p10 (light people)", SKY, |w| w.meeting_p10_h),
        ("Meetings p90 (heavy people)", BLACK, |w| w.meeting_p90_h),
    ];
    for (label, colour, pick) in band {
        let points = v.weeks.iter().enumerate();
        let points: Vec<(f64, f64)> = points.map(|(i, w)| (i as f64 + 0.5, pick(w))).collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(3))
            });
        chart
            .draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 4, colour.filled())),
            )
            .map_err(err)?;
    }
    chart
        .configure_series_labels()
        .label_font(text(13))
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(err)
}

fn heatmap(area: &Area, v: &ReportView) -> Drawn {
    let max = v.heatmap.iter().flatten().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        return no_data(area, "meetings");
    }
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Meeting hours per person-week, by local weekday and hour",
            text(20),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..24f64, (0..6).into_segmented())
        .map_err(err)?;
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let day_label = |y: &SegmentValue<i32>| match y {
        SegmentValue::CenterOf(i) => DAYS
            .get((6 - i) as usize)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(13)
        .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
        .y_labels(7)
        .y_label_formatter(&day_label)
        .x_desc("Hour of day (each person's own time zone)")
        .label_style(text(13))
        .axis_desc_style(text(15))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(v.heatmap.iter().enumerate().flat_map(|(day, hours)| {
            hours.iter().enumerate().map(move |(hour, value)| {
                let t = value / max;
                // white to blue
                let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * t).round() as u8;
                let colour = RGBColor(mix(BLUE.0), mix(BLUE.1), mix(BLUE.2));
                let y = 6 - day as i32;
                let mut cell = Rectangle::new(
                    [
                        (hour as f64, SegmentValue::Exact(y)),
                        (hour as f64 + 1.0, SegmentValue::Exact(y + 1)),
                    ],
                    colour.filled(),
                );
                cell.set_margin(1, 1, 1, 1);
                cell
            })
        }))
        .map_err(err)?;
    area.draw(&Text::new(
        format!("darkest = {max:.2} h"),
        (820, 20),
        text(13),
    ))
    .map_err(err)
}

fn recommendation_colour(r: Recommendation) -> RGBColor {
    match r {
        Recommendation::AsyncUpdate => VERMILLION,
        Recommendation::Shorten => ORANGE,
        Recommendation::KeepLive => BLUE,
    }
}

/// Series whose recommendation frees time, by hours freed; "keep live" series
/// free nothing and are left out.
fn candidates(area: &Area, v: &ReportView) -> Drawn {
    let mut top: Vec<&super::view::CandidateRow> = v
        .candidates
        .iter()
        .filter(|c| c.recommendation.frees_time())
        .collect();
    top.sort_by(|a, b| {
        b.hours_freed_per_month
            .total_cmp(&a.hours_freed_per_month)
            .then(a.title.cmp(&b.title))
    });
    top.truncate(12);
    if top.is_empty() {
        return no_data(area, "series to convert or shorten");
    }
    let rows: Vec<(String, f64, RGBColor)> = top
        .iter()
        .map(|c| {
            (
                truncate(&c.title, 40),
                c.hours_freed_per_month,
                recommendation_colour(c.recommendation),
            )
        })
        .collect();
    let legend = [
        ("async update", VERMILLION),
        ("shorten or trim attendees", ORANGE),
    ];
    hbars(
        area,
        "Person-hours per month the series take (colour: recommendation)",
        &rows,
        "Person-hours per month",
        320,
        &legend,
    )
}

/// Horizontal bars with one label per bar (first row on top) and an optional legend.
pub(crate) fn hbars(
    area: &Area,
    caption: &str,
    rows: &[(String, f64, RGBColor)],
    x_desc: &str,
    label_width: u32,
    legend: &[(&str, RGBColor)],
) -> Drawn {
    if rows.is_empty() {
        return no_data(area, "meetings");
    }
    let n = rows.len() as i32;
    let max = rows.iter().map(|r| r.1).fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, text(18))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0f64..max, (0..n - 1).into_segmented())
        .map_err(err)?;
    let label = |y: &SegmentValue<i32>| match y {
        SegmentValue::CenterOf(i) => rows
            .get((n - 1 - i) as usize)
            .map(|r| r.0.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len())
        .y_label_formatter(&label)
        .x_labels(6)
        .x_desc(x_desc)
        .label_style(text(13))
        .axis_desc_style(text(14))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            let y = n - 1 - i as i32;
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(y)),
                    (r.1, SegmentValue::Exact(y + 1)),
                ],
                r.2.filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            bar
        }))
        .map_err(err)?;
    for &(name, colour) in legend {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, SegmentValue<i32>)>>())
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    if !legend.is_empty() {
        chart
            .configure_series_labels()
            .label_font(text(13))
            .background_style(WHITE.mix(0.85))
            .border_style(GREY)
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

fn focus_histogram(area: &Area, v: &ReportView) -> Drawn {
    if v.focus_per_week.is_empty() {
        return no_data(area, "working weeks");
    }
    let bins = 20usize;
    let width = 2.0;
    let mut counts = vec![0usize; bins];
    for f in &v.focus_per_week {
        counts[((f / width) as usize).min(bins - 1)] += 1;
    }
    let under = v.focus_per_week.iter().filter(|f| **f < 10.0).count() as f64
        / v.focus_per_week.len() as f64;
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "Focus hours per person-week ({:.0}% of weeks under 10 h)",
                under * 100.0
            ),
            text(20),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..bins as f64 * width, 0f64..max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("Focus hours in the week (free blocks of 2 h or more)")
        .y_desc("Person-weeks")
        .label_style(text(13))
        .axis_desc_style(text(15))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, c)| {
            let x = i as f64 * width;
            let colour = if x < 10.0 { VERMILLION } else { BLUE };
            Rectangle::new(
                [(x + 0.1, 0.0), (x + width - 0.1, *c as f64)],
                colour.filled(),
            )
        }))
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(10.0, 0.0), (10.0, max)],
            BLACK.stroke_width(2),
        )))
        .map_err(err)?;
    Ok(())
}

fn kinds(area: &Area, v: &ReportView) -> Drawn {
    let (left, right) = area.split_horizontally(SIZE.0 * 3 / 5);
    let mut by_kind = v.by_kind.clone();
    by_kind.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let colour = |rows: &[(String, f64)], c: RGBColor| {
        rows.iter()
            .map(|(k, v)| (truncate(k, 22), *v, c))
            .collect::<Vec<_>>()
    };
    hbars(
        &left,
        "Meeting person-hours by kind",
        &colour(&by_kind, GREEN),
        "Person-hours",
        150,
        &[],
    )?;
    hbars(
        &right,
        "By size (invitees)",
        &colour(&v.by_size, SKY),
        "Person-hours",
        110,
        &[],
    )
}

/// Median meeting and focus hours per person-week of each roster group.
fn groups(area: &Area, v: &ReportView) -> Drawn {
    let (left, right) = area.split_horizontally(SIZE.0 / 2);
    let bars = |f: fn(&crate::analysis::groups::GroupWeek) -> f64, c: RGBColor| {
        v.summary
            .groups
            .iter()
            .map(|g| {
                (
                    truncate(&format!("{} ({})", g.group, g.people), 24),
                    f(g),
                    c,
                )
            })
            .collect::<Vec<_>>()
    };
    hbars(
        &left,
        "Meeting hours per person-week (median)",
        &bars(|g| g.meeting_h.median, VERMILLION),
        "Hours",
        190,
        &[],
    )?;
    hbars(
        &right,
        "Focus hours per person-week (median)",
        &bars(|g| g.focus_h.median, GREEN),
        "Hours",
        190,
        &[],
    )
}

fn people(area: &Area, v: &ReportView) -> Drawn {
    if v.people_hidden {
        return area
            .draw(&Text::new(
                "Hidden: privacy is on and the group is smaller than min_group",
                (40, 40),
                text(18),
            ))
            .map_err(err);
    }
    let mut rows = v.people.clone();
    rows.sort_by(|a, b| {
        b.back_to_back_chains
            .total_cmp(&a.back_to_back_chains)
            .then(a.person.cmp(&b.person))
    });
    rows.truncate(15);
    let (left, right) = area.split_horizontally(SIZE.0 / 2);
    let chains: Vec<(String, f64, RGBColor)> = rows
        .iter()
        .map(|r| (truncate(&r.person, 24), r.back_to_back_chains, ORANGE))
        .collect();
    let double: Vec<(String, f64, RGBColor)> = rows
        .iter()
        .map(|r| (truncate(&r.person, 24), r.double_booked, VERMILLION))
        .collect();
    hbars(
        &left,
        "Back-to-back chains per week",
        &chains,
        "Chains per person-week",
        190,
        &[],
    )?;
    hbars(
        &right,
        "Double-booked hours per week",
        &double,
        "Hours per person-week",
        190,
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn long_titles_get_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a very long meeting title", 10), "a very lo…");
        assert_eq!(
            truncate("a very long meeting title", 10).chars().count(),
            10
        );
    }
}

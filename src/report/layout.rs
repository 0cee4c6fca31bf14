//! Page templates (minijinja, HTML auto-escaping on): one layout shared by
//! the main and the comparison page, each page a template that extends it,
//! with the stylesheet and the script from assets/ inlined at build time, so
//! a page is one file with no request. Every value a template prints is
//! escaped by the engine, after control and invisible formatting characters
//! are dropped (they could make one title read as another); only the inlined
//! style, script and chart data are passed as safe strings.

use minijinja::value::Value;
use minijinja::{Environment, Error, Output, State};
use serde::Serialize;

const STYLE: &str = include_str!("../../assets/report.css");
const SCRIPT: &str = include_str!("../../assets/report.js");

/// Every bundled template by name (`.html`: auto-escaped).
const TEMPLATES: [(&str, &str); 6] = [
    (
        "layout.html",
        include_str!("../../assets/templates/layout.html"),
    ),
    (
        "macros.html",
        include_str!("../../assets/templates/macros.html"),
    ),
    (
        "report.html",
        include_str!("../../assets/templates/report.html"),
    ),
    (
        "compare.html",
        include_str!("../../assets/templates/compare.html"),
    ),
    (
        "comparison.html",
        include_str!("../../assets/templates/comparison.html"),
    ),
    (
        "reconcile.html",
        include_str!("../../assets/templates/reconcile.html"),
    ),
];

/// The template environment: the bundled templates, the cleaning formatter
/// and the number filters (minijinja's builtins are off, so these are all).
fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    // a field the view does not have (a renamed summary.json field, say)
    // fails the render instead of printing as an empty cell
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    env.set_formatter(clean_and_escape);
    env.add_filter("h1", |v: f64| one_decimal(v));
    env.add_filter("pct", |v: f64| pct(v));
    env.add_filter("whole", |v: f64| format!("{:.0}", v.max(0.0)));
    env.add_filter("kind", |k: String| kind_label(&k));
    env.add_filter("join", |v: Vec<String>, sep: String| v.join(&sep));
    Ok(env)
}

/// The page's formatter: text is escaped with [`escape`], markup passed as
/// safe (style, script, chart data) goes out as it is, numbers as minijinja
/// prints them.
fn clean_and_escape(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() => out.write_str(&escape(text)).map_err(Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Escapes text for HTML element content and quoted attributes, and drops
/// control characters (raw ESC or BEL bytes) and invisible bidi and
/// formatting characters, which could make a title read as another.
fn escape(text: &str) -> String {
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

/// One decimal; a value that rounds to zero is shown as 0.0, never -0.0.
pub(crate) fn one_decimal(v: f64) -> String {
    let shown = if (v * 10.0).round() == 0.0 { 0.0 } else { v };
    format!("{shown:.1}")
}

/// A share as a whole percentage (never "-0%").
pub(crate) fn pct(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).max(0.0))
}

/// A meeting kind's label from its serialised name (`one-on-one` is `1:1`).
fn kind_label(name: &str) -> String {
    serde_json::from_value::<crate::model::Kind>(serde_json::Value::from(name))
        .map(|k| k.as_str().to_string())
        .unwrap_or_else(|_| name.to_string())
}

/// The parts every page shares around its own content.
#[derive(Serialize)]
pub struct Page<'a> {
    pub title: &'a str,
    pub heading: &'a str,
    pub footer: &'a str,
}

/// Renders page template `name` with `page` and `data` (the page's view).
pub(super) fn render<T: Serialize>(name: &str, page: &Page, data: &T) -> Result<String, Error> {
    let env = environment()?;
    let ctx = minijinja::context! {
        page => Value::from_serialize(page),
        v => Value::from_serialize(data),
        style => Value::from_safe_string(STYLE.to_string()),
        script => Value::from_safe_string(SCRIPT.to_string()),
    };
    env.get_template(name)?.render(ctx)
}

/// A chart as the page shows it: its title and the PNG as a data URL.
#[derive(Serialize)]
pub struct Figure {
    pub title: &'static str,
    pub src: Value,
}

impl Figure {
    pub fn of(chart: &super::charts::Chart) -> Figure {
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(&chart.png);
        Figure {
            title: chart.title,
            // base64 holds no character that needs escaping in an attribute
            src: Value::from_safe_string(format!("data:image/png;base64,{data}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Nothing;

    fn page(title: &str, heading: &str, footer: &str) -> String {
        let page = Page {
            title,
            heading,
            footer,
        };
        render("layout.html", &page, &Nothing).unwrap()
    }

    #[test]
    fn the_layout_escapes_text_and_inlines_style_and_script() {
        let html = page("a <b> & \"c\"", "<script>alert(1)</script>", "x < y");
        assert!(
            html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"),
            "{html}"
        );
        assert!(
            html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
            "{html}"
        );
        assert!(html.contains("<p>x &lt; y</p>"));
        assert!(html.contains("table.sortable th") && html.contains("font-family"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn control_and_bidi_characters_never_reach_the_page() {
        let html = page("t", "a\u{1b}[31mb\u{202e}c\u{7}d", "");
        // the escape byte goes; the harmless text after it stays
        assert!(html.contains("<h1>a[31mbcd</h1>"), "{html}");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("\"><img src=x onerror='a'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }

    #[test]
    fn numbers_that_round_to_zero_have_no_minus_sign() {
        assert_eq!(one_decimal(-0.04), "0.0");
        assert_eq!(one_decimal(-0.06), "-0.1");
        assert_eq!(pct(-0.001), "0%");
    }

    #[test]
    fn kinds_show_their_labels() {
        assert_eq!(kind_label("one-on-one"), "1:1");
        assert_eq!(kind_label("stand-up"), "stand-up");
    }
}

//! Page templates (minijinja, HTML auto-escaping on): one layout shared by
//! the main and the comparison page, with the stylesheet and the script from
//! assets/ inlined at build time, so a page is one file with no request.
//! Sections pass their markup as `body`; any text a template prints itself
//! (title, heading, footer, the reconciliation card) is escaped by the engine.

use minijinja::{context, Environment, Value};
use serde::Serialize;

const STYLE: &str = include_str!("../../assets/report.css");
const SCRIPT: &str = include_str!("../../assets/report.js");
const LAYOUT: &str = include_str!("../../assets/templates/layout.html");
const RECONCILE: &str = include_str!("../../assets/templates/reconcile.html");

/// The parts of a page around its sections.
pub struct Page<'a> {
    pub title: &'a str,
    pub heading: &'a str,
    /// The sections' markup, already escaped where it holds text.
    pub body: &'a str,
    pub footer: &'a str,
}

/// The template environment; names ending in `.html` are auto-escaped.
/// Markup that is already escaped (sections, style, script) comes in as a
/// safe string, so the templates need no filters (minijinja's builtins off).
fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("layout.html", LAYOUT)?;
    env.add_template("reconcile.html", RECONCILE)?;
    Ok(env)
}

/// Renders a bundled template with `ctx`.
pub(super) fn render(name: &str, ctx: Value) -> Result<String, minijinja::Error> {
    environment()?.get_template(name)?.render(ctx)
}

/// The whole page: the shared layout around `page.body`.
pub fn page(page: &Page) -> Result<String, minijinja::Error> {
    render(
        "layout.html",
        context! {
            title => page.title,
            heading => page.heading,
            body => Value::from_safe_string(page.body.to_string()),
            footer => page.footer,
            style => Value::from_safe_string(STYLE.to_string()),
            script => Value::from_safe_string(SCRIPT.to_string()),
        },
    )
}

/// Renders a list of rows with a bundled section template.
pub(super) fn section<T: Serialize>(name: &str, rows: &[T]) -> Result<String, minijinja::Error> {
    render(name, context! { rows => rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_escapes_text_and_inlines_style_and_script() {
        let html = page(&Page {
            title: "a <b> & \"c\"",
            heading: "<script>alert(1)</script>",
            body: "<section>kept</section>",
            footer: "x < y",
        })
        .unwrap();
        assert!(
            html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"),
            "{html}"
        );
        // minijinja also escapes "/" (as &#x2f;)
        assert!(
            html.contains("<h1>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</h1>"),
            "{html}"
        );
        assert!(html.contains("<section>kept</section>"));
        assert!(html.contains("<p>x &lt; y</p>"));
        assert!(html.contains("table.sortable th") && html.contains("font-family"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
}

//! Tables to what people read: the terminal summary, PNG charts and the
//! one-file HTML page. Kept apart as in criterion.rs: [`view`] (the numbers),
//! [`charts`] (plotters) and [`html`] (the page, escaping every calendar text).

pub mod audit_view;
pub mod charts;
pub mod compare_charts;
pub mod compare_html;
pub mod compare_text;
mod glyphs;
pub mod html;
mod hygiene;
pub mod layout;
mod quality;
pub mod reconcile;
mod terminal;
pub mod view;

pub use quality::{people_text, quality_text, terminal_safe};
pub use terminal::summary_text;

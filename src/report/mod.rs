//! Tables to what people read: the terminal summary, PNG charts and the HTML page.

mod quality;
mod terminal;

pub use quality::{quality_text, terminal_safe};
pub use terminal::summary_text;

//! Tables to what people read: the terminal summary, PNG charts and the HTML page.

mod quality;

pub use quality::quality_text;

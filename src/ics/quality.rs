//! The data-quality record of one imported file: what was read, what was
//! skipped and why (with the line), and which guesses were made.

use serde::Serialize;

/// One skipped or doubtful item, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub line: usize,
    pub message: String,
}

/// Counters and notes for one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Quality {
    pub events_read: usize,
    pub occurrences: usize,
    /// Items dropped (a line, a property, an event), each with its reason.
    pub skipped: Vec<Issue>,
    /// Notes that did not drop anything (a zone fallback, a truncated series).
    pub warnings: Vec<Issue>,
    /// TZIDs that matched nothing, with the zone used instead.
    pub unknown_zones: Vec<(String, String)>,
    /// No ATTENDEE or ORGANIZER in the whole file.
    pub no_attendee_data: bool,
}

impl Quality {
    pub fn skip(&mut self, line: usize, message: impl Into<String>) {
        self.skipped.push(Issue {
            line,
            message: message.into(),
        });
    }

    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Issue {
            line,
            message: message.into(),
        });
    }

    /// Everything `--strict` turns into an error.
    pub fn problem_count(&self) -> usize {
        self.skipped.len() + self.warnings.len() + self.unknown_zones.len()
    }
}

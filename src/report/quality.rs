//! The data-quality summary printed on stderr after every import.

use std::fmt::Write;

use crate::model::Calendar;

/// How many skipped items or warnings are listed per file without `-v`.
const SHOWN: usize = 5;

/// One block per file: counts, owner and how it was found, zone, and the
/// first skipped items with their lines (all of them when `verbose`).
/// Calendar text is passed through [`terminal_safe`].
pub fn quality_text(calendars: &[Calendar], verbose: bool) -> String {
    let mut out = String::new();
    for c in calendars {
        let q = &c.quality;
        let owner = c.owner.as_deref().unwrap_or("unknown");
        let _ = writeln!(
            out,
            "{}: {} events, {} occurrences, {} skipped, {} warnings; owner {} ({}); zone {}",
            terminal_safe(&c.name),
            q.events_read,
            q.occurrences,
            q.skipped.len(),
            q.warnings.len(),
            terminal_safe(owner),
            c.owner_source.as_str(),
            c.zone
        );
        let items = q
            .skipped
            .iter()
            .map(|i| ("skipped", i))
            .chain(q.warnings.iter().map(|i| ("warning", i)));
        let limit = if verbose { usize::MAX } else { SHOWN };
        for (kind, issue) in items.clone().take(limit) {
            let _ = writeln!(
                out,
                "  {}:{}: {kind}: {}",
                terminal_safe(&c.name),
                issue.line,
                terminal_safe(&issue.message)
            );
        }
        let total = q.skipped.len() + q.warnings.len();
        if total > limit {
            let _ = writeln!(out, "  ... {} more (use -v to list all)", total - limit);
        }
        for (tzid, used) in &q.unknown_zones {
            let _ = writeln!(out, "  unknown zone `{}`: used {used}", terminal_safe(tzid));
        }
        if q.no_attendee_data && q.events_read > 0 {
            let _ = writeln!(
                out,
                "  no attendee data: busy timed events are counted as meetings"
            );
        }
    }
    out
}

/// Removes control characters (escape sequences could rewrite the terminal).
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\nc"), "a\u{FFFD}[2Jb\u{FFFD}c");
    }
}

//! The data-quality summary printed on stderr after every import.

use std::fmt::Write;

use crate::analysis::privacy;
use crate::model::Calendar;

/// How many skipped items or warnings are listed per file without `-v`.
const SHOWN: usize = 5;

/// One block per file: counts, owner and how it was found, zone, and the
/// first skipped items with their lines (all of them when `verbose`).
/// Calendar text is passed through [`terminal_safe`]; under `privacy` file
/// and owner are pseudonyms and quoted input text is left out of messages.
pub fn quality_text(calendars: &[Calendar], verbose: bool, privacy: bool) -> String {
    let mut out = String::new();
    for c in calendars {
        let q = &c.quality;
        let name = privacy::calendar(&c.name, privacy);
        let owner = c
            .owner
            .as_deref()
            .map_or_else(|| "unknown".into(), |o| privacy::person(o, privacy));
        let _ = writeln!(
            out,
            "{}: {} events, {} occurrences, {} skipped, {} warnings; owner {} ({}); zone {}",
            terminal_safe(&name),
            q.events_read,
            q.occurrences,
            q.skipped.len(),
            q.warnings.len(),
            terminal_safe(&owner),
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
                terminal_safe(&name),
                issue.line,
                terminal_safe(&hide_quoted(&issue.message, privacy))
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

/// Under privacy, replaces input text quoted in a message (between
/// backticks: a UID, a malformed line) with `…`.
fn hide_quoted(message: &str, privacy: bool) -> String {
    if !privacy {
        return message.to_string();
    }
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
        .collect::<Vec<_>>()
        .join("`")
}

/// Replaces control characters (escape sequences could rewrite the
/// terminal) and invisible formatting characters (bidi overrides such as
/// U+202E could make `evil.ics` read as another name) with U+FFFD.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_invisible_format(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Bidi controls, zero-width characters and other invisible formatting
/// characters (Unicode category Cf that matter in text a person reads).
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\nc"), "a\u{FFFD}[2Jb\u{FFFD}c");
    }

    #[test]
    fn bidi_and_invisible_characters_cannot_disguise_text() {
        assert_eq!(terminal_safe("x\u{202E}sci.exe"), "x\u{FFFD}sci.exe");
        for c in [
            '\u{200E}', '\u{200F}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{FEFF}', '\u{7}',
        ] {
            assert_eq!(terminal_safe(&format!("a{c}b")), "a\u{FFFD}b", "{:?}", c);
        }
        assert_eq!(terminal_safe("Ärger – 会议"), "Ärger – 会议");
    }

    #[test]
    fn privacy_hides_quoted_input_text() {
        assert_eq!(
            hide_quoted("VEVENT `ana-1:1` has no DTSTART", true),
            "VEVENT `…` has no DTSTART"
        );
        assert_eq!(hide_quoted("a `b` c", false), "a `b` c");
    }
}

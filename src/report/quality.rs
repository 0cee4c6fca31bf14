//! The data-quality summary printed on stderr after every import.

use std::fmt::Write;

use crate::analysis::privacy;
use crate::config::Options;
use crate::model::Calendar;
use crate::people::{FileRole, Team};

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

/// Who the calendars became: a summary line, then a line per person that
/// is more than one plain calendar (merged calendars, history left out),
/// per calendar left out, and the roster's gaps. Under privacy, pseudonyms.
pub fn people_text(team: &Team, opts: &Options) -> String {
    let show = |id: &str| terminal_safe(&privacy::person(id, opts.privacy));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} people from {} calendars",
        team.people.len(),
        team.files.len()
    );
    for p in &team.people {
        let files: Vec<&str> = team
            .files
            .iter()
            .filter(|f| f.person.as_deref() == Some(&*p.id))
            .map(|f| f.role.as_str())
            .collect();
        let days = p.days.map_or("no days to analyse".to_string(), |d| {
            format!("days {} to {} ({})", d.first, d.last, d.source)
        });
        if files.len() > 1 || p.outside != (0, 0) {
            let _ = writeln!(
                out,
                "  {}: {} calendars; zone {} ({}); {}; {} occurrences before and {} after left out",
                show(&p.id),
                files.len(),
                p.zone.name(),
                p.zone_from.as_str(),
                days,
                p.outside.0,
                p.outside.1
            );
        }
    }
    for f in &team.files {
        if let FileRole::LeftOut(why) = &f.role {
            let name = if opts.privacy {
                privacy::pseudonym("calendar", &f.calendar.name)
            } else {
                f.calendar.name.clone()
            };
            let _ = writeln!(
                out,
                "  {}: left out: {}",
                terminal_safe(&name),
                terminal_safe(why)
            );
        }
    }
    if !team.roster_without_calendar.is_empty() || !team.without_roster_row.is_empty() {
        let _ = writeln!(
            out,
            "  roster: {} rows without a calendar, {} people without a row (listed in data_quality)",
            team.roster_without_calendar.len(),
            team.without_roster_row.len()
        );
    }
    out
}

/// Removes control characters (escape sequences could rewrite the terminal).
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

//! The title part of an implicit-series key: one-off meetings with the same
//! title (and organizer) on a cadence are one series, so the parts of a title
//! that change from one meeting to the next (dates, week and sprint numbers,
//! running counters) are dropped, and the numbers that tell meetings apart
//! (times such as 1030 or 10:30, ticket ids such as OPS-1234) are kept.
//!
//! | title | key |
//! |---|---|
//! | `Weekly sync 2024-01-08` | `weekly sync` |
//! | `Design review #12` | `design review` |
//! | `Sprint 42 planning` | `sprint planning` |
//! | `KW 7 Jour fixe` / `Jour fixe W07` | `kw jour fixe` / `jour fixe` |
//! | `Town hall March 2024` | `town hall` |
//! | `Chop 1030` / `Chop 1230` | `chop 1030` / `chop 1230` (two series) |
//! | `OPS-1234 triage` | `ops-1234 triage` |

/// Words after which a number counts meetings rather than naming one.
const COUNTER_WORDS: &[&str] = &[
    "sprint",
    "week",
    "wk",
    "kw",
    "session",
    "part",
    "iteration",
    "episode",
    "round",
    "cycle",
    "no",
    "nr",
    "number",
    "day",
    "lesson",
    "module",
    "edition",
    "batch",
    "cohort",
    "issue",
    "woche",
    "semaine",
    "semana",
    "sesión",
    "séance",
];

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "januar",
    "janvier",
    "enero",
    "feb",
    "february",
    "februar",
    "février",
    "febrero",
    "mar",
    "march",
    "märz",
    "mars",
    "marzo",
    "apr",
    "april",
    "avril",
    "abril",
    "may",
    "mai",
    "mayo",
    "jun",
    "june",
    "juni",
    "juin",
    "junio",
    "jul",
    "july",
    "juli",
    "juillet",
    "julio",
    "aug",
    "august",
    "août",
    "agosto",
    "sep",
    "sept",
    "september",
    "septembre",
    "septiembre",
    "oct",
    "october",
    "oktober",
    "octobre",
    "octubre",
    "nov",
    "november",
    "novembre",
    "noviembre",
    "dec",
    "december",
    "dezember",
    "décembre",
    "diciembre",
];

/// The title with dates and counters dropped, lower-cased, words joined by one space.
pub fn normalised_title(title: &str) -> String {
    let lower = title.to_lowercase();
    let tokens: Vec<&str> = lower
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '#'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut keep = vec![true; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        let after_counter = i > 0 && COUNTER_WORDS.contains(&tokens[i - 1]);
        if is_date(t) || is_counter(t) || is_year(t) || (after_counter && is_number(t)) {
            keep[i] = false;
        }
        if MONTHS.contains(t) {
            for j in [i.wrapping_sub(1), i + 1] {
                if tokens.get(j).is_some_and(|n| is_day(n) || is_year(n)) {
                    keep[i] = false;
                    keep[j] = false;
                }
            }
        }
    }
    tokens
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && is_number(t) && t.parse::<u32>().is_ok_and(|y| (1990..=2099).contains(&y))
}

/// A day of the month, possibly with an English ordinal suffix (8, 8th, 21st).
fn is_day(t: &str) -> bool {
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t[digits.len()..];
    is_number(digits)
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "e" | "er")
}

/// `#12`, `W07`, `KW7`, `CW7`, `2024-W07`, `Q3`: counters and calendar weeks.
fn is_counter(t: &str) -> bool {
    let week = t
        .rsplit_once('-')
        .map_or(t, |(y, w)| if is_year(y) { w } else { t });
    ["#", "w", "kw", "cw", "q"].iter().any(|p| {
        week.strip_prefix(p)
            .is_some_and(|n| is_number(n) && (n.len() <= 2 || *p == "#"))
    })
}

/// Dates: `2024-01-08`, `20240108`, `08.01.2024`, `8.1.`, `1/8`, `01/08/24`.
/// With dots the day comes first, so `10.30` and `14.00` stay (times).
fn is_date(t: &str) -> bool {
    if t.len() == 8 && is_number(t) {
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..]);
        return is_year(y) && month(m) && day(d);
    }
    let sep = if t.contains('-') {
        '-'
    } else if t.contains('.') {
        '.'
    } else {
        '/'
    };
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() < 2 || parts.len() > 3 || !parts.iter().all(|p| is_number(p)) {
        return false;
    }
    match (sep, parts.as_slice()) {
        ('-', [y, m, d]) => is_year(y) && month(m) && day(d),
        ('.', [d, m, ..]) => day(d) && month(m),
        ('/', [a, b, ..]) => (day(a) && month(b)) || (month(a) && day(b)),
        _ => false,
    }
}

fn month(t: &str) -> bool {
    t.len() <= 2 && t.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn day(t: &str) -> bool {
    t.len() <= 2 && t.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_counters_are_dropped() {
        for (title, key) in [
            ("Weekly sync 2024-01-08", "weekly sync"),
            ("Weekly sync - 08.01.2024", "weekly sync"),
            ("Weekly sync 20240108", "weekly sync"),
            ("Weekly sync (1/8)", "weekly sync"),
            ("Design review #12", "design review"),
            ("Design review #13:", "design review"),
            ("Sprint 42 planning", "sprint planning"),
            ("Jour fixe W07", "jour fixe"),
            ("Jour fixe 2024-W07", "jour fixe"),
            ("KW 7 Jour fixe", "kw jour fixe"),
            ("Town hall March 2024", "town hall"),
            ("Town hall, 8th March", "town hall"),
            ("Q3 business review", "business review"),
            ("Session 3: onboarding", "session onboarding"),
        ] {
            assert_eq!(normalised_title(title), key, "{title}");
        }
    }

    #[test]
    fn numbers_that_tell_meetings_apart_are_kept() {
        for (title, key) in [
            ("Chop 1030", "chop 1030"),
            ("Chop 1230", "chop 1230"),
            ("Standup 10:30", "standup 10:30"),
            ("Call 14.00", "call 14.00"),
            ("OPS-1234 triage", "ops-1234 triage"),
            ("1:1 Ana / Ben", "1:1 ana ben"),
            ("Room 42 check", "room 42 check"),
            ("May I help", "may i help"),
        ] {
            assert_eq!(normalised_title(title), key, "{title}");
        }
    }
}

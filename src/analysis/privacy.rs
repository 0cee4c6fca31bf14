//! The privacy option: people, calendars and titles become pseudonyms.
//!
//! A pseudonym is `prefix-` and 12 hex digits of HMAC-SHA-256 over the value,
//! keyed with a secret of 32 random bytes that lives next to the config file
//! (see `config::privacy_key`). Unkeyed hashes could be reversed by hashing
//! a staff list (`first.last@example.com`), and would give a person the same
//! pseudonym in every organisation's report; a keyed one can neither be
//! guessed nor linked without the secret, which is never written into an
//! output. The key is process-wide (installed once by the command layer,
//! like the allocator): every table, page and file of one run must agree on
//! a person's pseudonym. Without an installed key a random one is made, so
//! pseudonyms are still safe, only not stable across runs.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::model::{Attendee, Calendar, EventInfo, Occurrence};

/// The length of a privacy key in bytes.
pub const KEY_LEN: usize = 32;

static KEY: OnceLock<[u8; KEY_LEN]> = OnceLock::new();

/// Installs the key for this process; the first key installed stays.
pub fn install_key(key: [u8; KEY_LEN]) {
    let _ = KEY.set(key);
}

fn key() -> &'static [u8; KEY_LEN] {
    KEY.get_or_init(|| {
        let mut key = [0u8; KEY_LEN];
        // without randomness the fallback is the process id and the time: still
        // unknown to whoever reads the output, which is all a fallback needs
        if getrandom::fill(&mut key).is_err() {
            let seed = format!("{}{:?}", std::process::id(), std::time::SystemTime::now());
            key[..seed.len().min(KEY_LEN)]
                .copy_from_slice(&seed.as_bytes()[..seed.len().min(KEY_LEN)]);
        }
        key
    })
}

/// Whether `value` already is a pseudonym with this prefix (so a comparison
/// written under privacy is not pseudonymised a second time when read back).
fn is_pseudonym(prefix: &str, value: &str) -> bool {
    value
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A stable pseudonym for `value`: `prefix-` and 12 hex digits of its keyed hash.
pub fn pseudonym(prefix: &str, value: &str) -> String {
    if is_pseudonym(prefix, value) {
        return value.to_string();
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key()) else {
        return format!("{prefix}-hidden");
    };
    mac.update(prefix.as_bytes());
    mac.update(&[0]);
    mac.update(value.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

/// The person as shown: the address, or its pseudonym under privacy.
pub fn person(value: &str, privacy: bool) -> String {
    shown_person(value, privacy).into_owned()
}

/// [`person`], borrowed when privacy is off: a table built row by row
/// appends it without a `String` of its own (callgrind, analyze of
/// /tmp/sub200: meetings_table 66.7 -> 55.6 M, series_table 42.8 -> 37.3 M,
/// series_month_table 11.8 -> 6.7 M).
pub fn shown_person(value: &str, privacy: bool) -> Cow<'_, str> {
    if privacy {
        Cow::Owned(pseudonym("person", value))
    } else {
        Cow::Borrowed(value)
    }
}

/// The meeting title as shown: the title, or a series pseudonym under privacy.
pub fn title(title: &str, series_key: &str, privacy: bool) -> String {
    shown_title(title, series_key, privacy).into_owned()
}

/// [`title`], borrowed when privacy is off (see [`shown_person`]).
pub fn shown_title<'a>(title: &'a str, series_key: &str, privacy: bool) -> Cow<'a, str> {
    if privacy {
        Cow::Owned(pseudonym("series", series_key))
    } else {
        Cow::Borrowed(title)
    }
}

/// A calendar's name (its file path) as shown.
pub fn calendar(name: &str, privacy: bool) -> String {
    if privacy {
        pseudonym("calendar", name)
    } else {
        name.to_string()
    }
}

/// The calendars with every person, title, text and identifier replaced by
/// a pseudonym (descriptions dropped), for outputs that write calendars or
/// occurrences out whole: `export` and simulate's projected calendars.
pub fn redact_calendars(calendars: &[Calendar]) -> Vec<Calendar> {
    calendars.iter().map(redact_calendar).collect()
}

fn redact_calendar(c: &Calendar) -> Calendar {
    let mut events: rustc_hash::FxHashMap<*const EventInfo, Arc<EventInfo>> = Default::default();
    let occurrences = c
        .occurrences
        .iter()
        .map(|o| {
            let event = events
                .entry(Arc::as_ptr(&o.event))
                .or_insert_with(|| Arc::new(redact_event(&o.event)))
                .clone();
            Occurrence { event, ..o.clone() }
        })
        .collect();
    let mut out = c.clone();
    out.name = calendar(&c.name, true);
    out.owner = c.owner.as_deref().map(|o| person(o, true));
    out.occurrences = occurrences;
    out
}

fn redact_event(e: &EventInfo) -> EventInfo {
    let attendees: Vec<Attendee> = e
        .attendees
        .iter()
        .map(|a| Attendee {
            email: person(&a.email, true).into(),
            ..a.clone()
        })
        .collect();
    EventInfo {
        uid: pseudonym("event", &e.uid),
        summary: pseudonym("title", &e.summary),
        description: None,
        organizer: e.organizer.as_deref().map(|o| person(o, true)),
        attendees: attendees.into(),
        ..e.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_keyed_and_hide_the_address() {
        let a = person("ann@x.org", true);
        assert_eq!(a, person("ann@x.org", true));
        assert!(a.starts_with("person-") && a.len() == 19 && !a.contains("ann"));
        assert_ne!(a, person("bob@x.org", true));
        assert_eq!(person("ann@x.org", false), "ann@x.org");
        // keyed: not the plain SHA-256 prefix an attacker could compute from a staff list
        use sha2::Digest;
        let plain: String = Sha256::digest(b"ann@x.org")
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!a.ends_with(&plain));
        // a pseudonym read back from an earlier output stays as it is
        assert_eq!(person(&a, true), a);
    }
}

//! The privacy option: people become stable pseudonyms and titles are hidden.

use sha2::{Digest, Sha256};

/// A stable pseudonym for an address: `person-` and 10 hex digits of SHA-256.
pub fn pseudonym(prefix: &str, value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

/// The person as shown: the address, or its pseudonym under privacy.
pub fn person(value: &str, privacy: bool) -> String {
    if privacy {
        pseudonym("person", value)
    } else {
        value.to_string()
    }
}

/// The meeting title as shown: the title, or a series pseudonym under privacy.
pub fn title(title: &str, series_key: &str, privacy: bool) -> String {
    if privacy {
        pseudonym("series", series_key)
    } else {
        title.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_and_hide_the_address() {
        let a = person("ann@x.org", true);
        assert_eq!(a, person("ann@x.org", true));
        assert!(a.starts_with("person-") && a.len() == 17 && !a.contains("ann"));
        assert_ne!(a, person("bob@x.org", true));
        assert_eq!(person("ann@x.org", false), "ann@x.org");
    }
}

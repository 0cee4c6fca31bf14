//! Meeting kinds from title keywords and size. The rules are ordered by
//! strength: a word naming what the meeting is for (an incident, a hiring
//! decision, a 1:1, a decision body) beats a word naming only its rhythm
//! ("weekly", "sync", "update"), so "Weekly design council" is a decision
//! meeting and "Customer sync" a customer call. Keywords match whole words
//! (so "sync" is not found in "async", nor "board" in "onboarding"); each
//! kind's list can be replaced in the config file (`[kind_words]`).

use memchr::memmem::Finder;

pub use crate::model::Kind;

/// Keywords per kind, strongest first: the first kind with a match wins.
pub const KEYWORDS: &[(Kind, &[&str])] = &[
    (
        Kind::Incident,
        &[
            "incident",
            "outage",
            "sev1",
            "sev2",
            "postmortem",
            "post-mortem",
            "war room",
            "störung",
        ],
    ),
    (
        Kind::Interview,
        &[
            "interview",
            "hiring",
            "candidate",
            "debrief",
            "entretien",
            "vorstellungsgespräch",
        ],
    ),
    (
        Kind::Performance,
        &[
            "performance review",
            "feedback",
            "calibration",
            "promotion",
            "mitarbeitergespräch",
        ],
    ),
    (
        Kind::OneOnOne,
        &["1:1", "1-1", "1on1", "one on one", "one-on-one"],
    ),
    (
        Kind::Decision,
        &[
            "decision",
            "decide",
            "approval",
            "approve",
            "sign-off",
            "signoff",
            "go/no-go",
            "go-no-go",
            "council",
            "board",
            "committee",
            "steering",
            "steerco",
            // German
            "entscheidung",
            "freigabe",
            "gremium",
            "ausschuss",
            "lenkungskreis",
            "beirat",
            "vorstand",
            // French
            "décision",
            "comité",
            "conseil",
            "arbitrage",
            // Spanish
            "decisión",
            "aprobación",
            "consejo",
            "junta",
            "comisión",
        ],
    ),
    (
        Kind::StandUp,
        &[
            "stand-up",
            "standup",
            "stand up",
            "daily scrum",
            "daily sync",
            "daily",
        ],
    ),
    (
        Kind::AllHands,
        &[
            "all-hands",
            "all hands",
            "town hall",
            "townhall",
            "company meeting",
            "betriebsversammlung",
        ],
    ),
    (
        Kind::Planning,
        &[
            "planning",
            "retro",
            "retrospective",
            "roadmap",
            "okr",
            "planung",
        ],
    ),
    (
        Kind::Brainstorm,
        &[
            "brainstorm",
            "workshop",
            "kickoff",
            "kick-off",
            "ideation",
            "design sprint",
        ],
    ),
    (Kind::Review, &["review", "demo", "walkthrough", "critique"]),
    (
        Kind::Customer,
        &[
            "customer",
            "client",
            "partner",
            "vendor",
            "sales call",
            "kunde",
        ],
    ),
    (
        Kind::Training,
        &[
            "training",
            "onboarding",
            "lunch and learn",
            "lunch & learn",
            "schulung",
            "formation",
        ],
    ),
    (
        Kind::Social,
        &[
            "social",
            "lunch",
            "celebration",
            "party",
            "happy hour",
            "coffee",
            "birthday",
            "farewell",
            "offsite",
        ],
    ),
    (
        Kind::Status,
        &[
            "status",
            "sync",
            "update",
            "check-in",
            "checkin",
            "weekly",
            "jour fixe",
            "point hebdo",
            "seguimiento",
        ],
    ),
];

/// The keyword lists in force: the defaults with the config file's lists in
/// place of the kinds it names, in the order of strength, each keyword with
/// its searcher built once (the classifier sees every distinct event of
/// every person, and setting up a substring search per keyword and title
/// was a sixth of `analyze`).
#[derive(Debug, Clone)]
pub struct KindRules(Vec<(Kind, Vec<Finder<'static>>)>);

impl KindRules {
    /// The rules with `overrides` (lower-cased) replacing the kinds they name.
    pub fn new(overrides: &std::collections::BTreeMap<Kind, Vec<String>>) -> KindRules {
        let finders = |words: Vec<String>| -> Vec<Finder<'static>> {
            words
                .iter()
                // an empty keyword matches nothing (see [`has_word`])
                .filter(|w| !w.is_empty())
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect()
        };
        KindRules(
            KEYWORDS
                .iter()
                .map(|(k, words)| {
                    let list = overrides.get(k).map_or_else(
                        || words.iter().map(|w| w.to_string()).collect(),
                        |own| own.iter().map(|w| w.to_lowercase()).collect(),
                    );
                    (*k, finders(list))
                })
                .collect(),
        )
    }

    /// The strongest kind with a keyword in the title, if any (see
    /// [`by_size`] for a title without one).
    pub fn keyword_kind(&self, title: &str) -> Option<Kind> {
        let lower = title.to_lowercase();
        self.0
            .iter()
            .find(|(_, words)| words.iter().any(|w| has_found_word(&lower, w)))
            .map(|(k, _)| *k)
    }
}

/// The kind of a meeting whose title has `keyword_kind`: without a
/// keyword, a two-person meeting is a 1:1 and anything else "other".
pub fn by_size(keyword_kind: Option<Kind>, participants: usize) -> Kind {
    match keyword_kind {
        Some(k) => k,
        None if participants == 2 => Kind::OneOnOne,
        None => Kind::Other,
    }
}

impl Default for KindRules {
    fn default() -> KindRules {
        KindRules::new(&Default::default())
    }
}

/// Whether `word` occurs in `text` as a whole word: not preceded or followed
/// by a letter or digit.
pub fn has_word(text: &str, word: &str) -> bool {
    !word.is_empty() && has_found_word(text, &Finder::new(word.as_bytes()))
}

/// [`has_word`] with the word's searcher built: its occurrences are taken
/// left to right without overlap, as `str::match_indices` takes them.
fn has_found_word(text: &str, word: &Finder) -> bool {
    let len = word.needle().len();
    word.find_iter(text.as_bytes()).any(|i| {
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Words that show a decision is taken in the meeting (information then flows both ways).
pub const DECISION_WORDS: &[&str] = &["decision", "decide", "approve", "approval", "vote", "agree"];

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(title: &str, people: usize) -> Kind {
        by_size(KindRules::default().keyword_kind(title), people)
    }

    #[test]
    fn titles_map_to_kinds_with_sensitive_ones_first() {
        assert_eq!(kind_of("Platform daily stand-up", 6), Kind::StandUp);
        assert_eq!(kind_of("Weekly status update", 12), Kind::Status);
        assert_eq!(kind_of("1:1 Ana / Ben", 2), Kind::OneOnOne);
        assert_eq!(kind_of("Coffee", 2), Kind::Social);
        assert_eq!(kind_of("Quick chat", 2), Kind::OneOnOne);
        assert_eq!(kind_of("Quick chat", 3), Kind::Other);
        assert_eq!(
            kind_of("Incident: checkout latency status", 8),
            Kind::Incident
        );
        assert_eq!(kind_of("Interview debrief weekly", 4), Kind::Interview);
        assert_eq!(kind_of("Design review: API", 5), Kind::Review);
        assert_eq!(kind_of("Company All-Hands", 300), Kind::AllHands);
        assert_eq!(kind_of("Sprint Retro", 6), Kind::Planning);
    }

    #[test]
    fn decision_words_in_four_languages_make_a_decision_meeting() {
        for title in [
            "Design council",
            "Architecture board",
            "Hiring committee sync",
            "Steering group",
            "Budget approval",
            "Release sign-off",
            "Launch go/no-go",
            "Lenkungskreis Q3",
            "Freigabe Budget",
            "Comité de direction",
            "Conseil produit",
            "Junta directiva",
            "Consejo de producto",
        ] {
            let want = if title.contains("Hiring") {
                Kind::Interview
            } else {
                Kind::Decision
            };
            assert_eq!(kind_of(title, 6), want, "{title}");
        }
    }

    #[test]
    fn weekly_or_sync_make_a_status_meeting_only_when_nothing_stronger_is_said() {
        assert_eq!(kind_of("Weekly design council", 8), Kind::Decision);
        assert_eq!(kind_of("Weekly sprint planning", 8), Kind::Planning);
        assert_eq!(kind_of("Customer sync: Acme", 4), Kind::Customer);
        assert_eq!(kind_of("Weekly", 8), Kind::Status);
        assert_eq!(kind_of("Team sync", 8), Kind::Status);
        // whole words only: "async" is not "sync", "onboarding" holds no "board"
        assert_eq!(kind_of("Async Q&A office hours", 8), Kind::Other);
        assert_eq!(kind_of("Onboarding: new hires", 8), Kind::Training);
        assert_eq!(kind_of("Dashboard walkthrough", 8), Kind::Review);
    }

    #[test]
    fn the_config_file_replaces_a_kind_list() {
        let rules = KindRules::new(&[(Kind::Decision, vec!["Tribunal".to_string()])].into());
        assert_eq!(
            by_size(rules.keyword_kind("Design tribunal"), 5),
            Kind::Decision
        );
        assert_eq!(
            by_size(rules.keyword_kind("Design council"), 5),
            Kind::Other
        );
        assert_eq!(
            by_size(rules.keyword_kind("Weekly status"), 5),
            Kind::Status
        );
    }

    #[test]
    fn occurrences_overlapping_a_failed_one_are_not_tried_again() {
        // as str::match_indices: "xa-a-a" holds "a-a" at 1 (after a letter) and
        // at 3, but 3 overlaps 1 and is not looked at
        assert!(!has_word("xa-a-a", "a-a"));
        assert!(has_word("a-a-a", "a-a"));
        assert!(has_word("xa-a a-a", "a-a"));
        assert!(has_word("störung!", "störung"));
        assert!(!has_word("xstörung", "störung"));
    }

    #[test]
    fn whole_words_match_at_edges_and_punctuation() {
        assert!(has_word("go/no-go: launch", "go/no-go"));
        assert!(has_word("1:1 ana", "1:1"));
        assert!(!has_word("async", "sync"));
        assert!(has_word("(sync)", "sync"));
        assert!(!has_word("anything", ""));
    }
}

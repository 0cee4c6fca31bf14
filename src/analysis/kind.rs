//! Meeting kinds from title keywords (configurable lists, English first, a few
//! German, French and Spanish words) and size.

use serde::Serialize;

/// What a meeting is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Incident,
    Interview,
    Performance,
    OneOnOne,
    StandUp,
    AllHands,
    Planning,
    Brainstorm,
    Decision,
    Review,
    Customer,
    Training,
    Social,
    Status,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Interview => "interview",
            Kind::Performance => "performance",
            Kind::OneOnOne => "1:1",
            Kind::StandUp => "stand-up",
            Kind::AllHands => "all-hands",
            Kind::Planning => "planning/retro",
            Kind::Brainstorm => "brainstorm/kickoff",
            Kind::Decision => "decision",
            Kind::Review => "review",
            Kind::Customer => "customer",
            Kind::Training => "training/onboarding",
            Kind::Social => "social",
            Kind::Status => "status",
            Kind::Other => "other",
        }
    }

    /// Kinds that usually deserve a live meeting (urgent, sensitive, creative, connection).
    pub fn keep_live(self) -> bool {
        matches!(
            self,
            Kind::Incident
                | Kind::Interview
                | Kind::Performance
                | Kind::OneOnOne
                | Kind::Planning
                | Kind::Brainstorm
                | Kind::Decision
                | Kind::Social
                | Kind::Training
        )
    }

    /// Routine information sharing: the classic async candidates.
    pub fn is_status(self) -> bool {
        matches!(self, Kind::Status | Kind::StandUp)
    }
}

/// Keywords per kind, checked in this order (the first match wins).
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
    (
        Kind::Decision,
        &["decision", "decide", "approval", "go/no-go", "entscheidung"],
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

/// The kind of a meeting from its title and number of participants.
pub fn kind_of(title: &str, participants: usize) -> Kind {
    let lower = title.to_lowercase();
    let found = KEYWORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(k, _)| *k);
    match found {
        Some(k) => k,
        None if participants == 2 => Kind::OneOnOne,
        None => Kind::Other,
    }
}

/// Words that show a decision is taken in the meeting (information then flows both ways).
pub const DECISION_WORDS: &[&str] = &["decision", "decide", "approve", "approval", "vote", "agree"];

#[cfg(test)]
mod tests {
    use super::*;

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
}

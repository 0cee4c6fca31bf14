//! Which series could become a written update: a transparent points model
//! where every rule that fires is listed as a reason.

use serde::Serialize;

use super::kind::{has_word, Kind, DECISION_WORDS};
use super::series::{Cadence, Series};
use crate::config::Options;

/// What meetload suggests for a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Recommendation {
    #[serde(rename = "async update")]
    AsyncUpdate,
    #[serde(rename = "shorten or trim attendees")]
    Shorten,
    #[serde(rename = "keep live")]
    KeepLive,
}

impl Recommendation {
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::AsyncUpdate => "async update",
            Recommendation::Shorten => "shorten or trim attendees",
            Recommendation::KeepLive => "keep live",
        }
    }

    /// Whether following the recommendation frees person-hours; "keep live"
    /// frees nothing, so lists of hours freed leave it out.
    pub fn frees_time(self) -> bool {
        self != Recommendation::KeepLive
    }
}

/// One scored series.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub series: Series,
    pub score: i32,
    /// Each rule that fired, with its points, e.g. `+3 recurring status meeting`.
    pub reasons: Vec<String>,
    pub recommendation: Recommendation,
    /// Person-hours per month freed if the series became a written update.
    pub hours_freed_per_month: f64,
    pub focus_recovered_per_month: f64,
    pub template: &'static str,
}

/// A rule's reason, written only when the rule fires (most do not: the
/// reasons of all fourteen rules for every series were most of the scoring).
type Why = fn(&Series) -> String;

/// The rules that fire: (points, reason).
fn rules(s: &Series, opts: &Options) -> Vec<(i32, String)> {
    let recurring = s.occurrences >= 3 && s.cadence != Cadence::Once;
    let title = s.title.to_lowercase();
    let decides = DECISION_WORDS.iter().any(|w| has_word(&title, w));
    let candidates: [(bool, i32, Why); 14] = [
        (recurring && s.kind.is_status(), 3, |s| {
            format!("recurring {} meeting", s.kind.as_str())
        }),
        (
            s.typical_invitees >= 6 && !decides && !s.kind.keep_live(),
            2,
            |_| "information flows one way (many attendees, one organizer, no decision)".into(),
        ),
        (s.typical_invitees >= opts.large_meeting, 2, |s| {
            format!("large guest list ({} invitees)", s.typical_invitees)
        }),
        (!s.has_agenda, 1, |_| {
            "no agenda in title or description".into()
        }),
        (
            s.kind.is_status() && s.typical_minutes > opts.status_long_minutes,
            1,
            |s| format!("long for its kind ({} min)", s.typical_minutes),
        ),
        (
            s.zones >= opts.many_zones || s.outside_hours_share > 0.0,
            1,
            |s| {
                format!(
                    "spans {} time zones / outside some attendees' hours ({:.0}%)",
                    s.zones,
                    s.outside_hours_share * 100.0
                )
            },
        ),
        (s.decline_rate + s.tentative_rate >= 0.25, 1, |s| {
            format!(
                "high decline/tentative rate ({:.0}%)",
                (s.decline_rate + s.tentative_rate) * 100.0
            )
        }),
        (recurring && !s.has_end, 1, |_| {
            "recurring with no end date".into()
        }),
        (s.kind == Kind::OneOnOne, -4, |_| "1:1 conversation".into()),
        (
            matches!(s.kind, Kind::Performance | Kind::Interview),
            -3,
            |_| "sensitive topic (performance, feedback, hiring)".into(),
        ),
        (s.kind == Kind::Incident, -3, |_| "urgent / incident".into()),
        (
            matches!(s.kind, Kind::Brainstorm | Kind::Planning | Kind::Decision) || decides,
            -2,
            |_| "creative or decision work".into(),
        ),
        (matches!(s.kind, Kind::Social | Kind::Training), -2, |_| {
            "connection (social, onboarding)".into()
        }),
        (s.kind == Kind::AllHands, -1, |_| {
            "company-wide moment (keep, but consider recorded + written Q&A)".into()
        }),
    ];
    candidates
        .into_iter()
        .filter(|(fires, _, _)| *fires)
        .map(|(_, pts, why)| (pts, why(s)))
        .collect()
}

/// A written-update template suited to the kind.
pub fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::StandUp => "Daily written stand-up in the team channel by 10:00 local time: Yesterday / Today / Blockers. Replies in the thread within 4 working hours; a blocker tagged to its owner gets an answer the same day.",
        Kind::Status => "Weekly written update (doc or thread) by Tuesday noon: Highlights / Metrics / Risks and asks / Decisions needed. Comments within one working day; anything unresolved after two rounds goes to a 15-minute call.",
        Kind::AllHands => "Recorded update with a written summary; questions collected in a doc beforehand and answered in writing; keep a live Q&A once a quarter.",
        Kind::Review => "Share the document two working days ahead; reviewers comment inline; meet only on the open points that remain.",
        _ => "Written update: context, what changed, what you need from readers and by when. Answers within one working day.",
    }
}

/// A zombie series' evidence and suggested action, as one reason (no points:
/// a zombie is listed whatever its score).
fn zombie_reason(s: &Series) -> Option<String> {
    let action = s.life.action.filter(|_| s.life.zombie)?;
    Some(format!("zombie, {action}: {}", s.life.reasons.join("; ")))
}

/// Scores every series that recurs (3+ meetings) or is large; best candidates first.
pub fn candidates(series: &[Series], opts: &Options) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = series
        .iter()
        .filter(|s| s.occurrences >= 3 || s.typical_invitees >= opts.large_meeting || s.life.zombie)
        .map(|s| {
            let fired = rules(s, opts);
            let score: i32 = fired.iter().map(|(p, _)| p).sum();
            let recommendation = if score >= opts.async_threshold {
                Recommendation::AsyncUpdate
            } else if score >= opts.shorten_threshold {
                Recommendation::Shorten
            } else {
                Recommendation::KeepLive
            };
            Candidate {
                series: s.clone(),
                score,
                reasons: fired
                    .iter()
                    .map(|(p, why)| format!("{p:+} {why}"))
                    .chain(zombie_reason(s))
                    .collect(),
                recommendation,
                hours_freed_per_month: s.hours_per_month,
                focus_recovered_per_month: s.focus_cost_hours_per_month,
                template: template(s.kind),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.recommendation
            .cmp(&b.recommendation)
            .then(b.hours_freed_per_month.total_cmp(&a.hours_freed_per_month))
            .then(a.series.key.cmp(&b.series.key))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn series(title: &str, kind: Kind, invitees: usize, minutes: i64) -> Series {
        let t = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap();
        Series {
            key: title.into(),
            source: "explicit",
            title: title.into(),
            kind,
            organizer: Some("boss@x.org".into()),
            occurrences: 12,
            cadence: Cadence::Weekly,
            typical_minutes: minutes,
            typical_invitees: invitees,
            first: t,
            first_in_window: t,
            last: t,
            has_end: false,
            person_hours: 12.0 * invitees as f64 * minutes as f64 / 60.0,
            hours_per_month: 4.0 * invitees as f64 * minutes as f64 / 60.0,
            decline_rate: 0.0,
            tentative_rate: 0.0,
            has_agenda: false,
            zones: 1,
            outside_hours_share: 0.0,
            focus_cost_hours_per_month: 1.5,
            short_notice: 0,
            life: Default::default(),
        }
    }

    #[test]
    fn a_twelve_person_status_meeting_goes_async_and_a_one_on_one_stays_live() {
        let opts = Options::default();
        let got = candidates(
            &[
                series("Weekly status", Kind::Status, 12, 60),
                series("1:1 A / B", Kind::OneOnOne, 2, 30),
            ],
            &opts,
        );
        let status = got
            .iter()
            .find(|c| c.series.title == "Weekly status")
            .unwrap();
        // +3 status, +2 one-way, +2 large, +1 no agenda, +1 long, +1 no end = 10
        assert_eq!(status.score, 10, "{:?}", status.reasons);
        assert_eq!(status.recommendation, Recommendation::AsyncUpdate);
        assert_eq!(status.reasons.len(), 6);
        assert!((status.hours_freed_per_month - 48.0).abs() < 1e-9);
        let one = got.iter().find(|c| c.series.title == "1:1 A / B").unwrap();
        // +1 no agenda, +1 no end, -4 one-on-one = -2
        assert_eq!(one.score, -2, "{:?}", one.reasons);
        assert_eq!(one.recommendation, Recommendation::KeepLive);
        assert_eq!(got[0].series.title, "Weekly status");
    }

    #[test]
    fn a_zombie_series_is_listed_with_its_evidence_and_action() {
        let mut small = series("Old sync", Kind::Status, 4, 30);
        small.occurrences = 2;
        small.life.zombie = true;
        small.life.action = Some("end it");
        small.life.reasons = vec![
            "10 months old (since 2024-03-04)".into(),
            "no end date".into(),
        ];
        let got = candidates(&[small], &Options::default());
        // two meetings and four invitees: listed only because it is a zombie
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].reasons.last().map(String::as_str),
            Some("zombie, end it: 10 months old (since 2024-03-04); no end date")
        );
    }
}

//! Validated analysis settings (no clap types). Defaults follow the published
//! definitions of Microsoft Viva Insights and Clockwise so numbers can be
//! reconciled with theirs; docs/metrics.md states each one.

use chrono::{Duration, NaiveTime, Weekday};

/// Thresholds and working hours used by the analysis.
#[derive(Debug, Clone)]
pub struct Options {
    /// Working hours, in each person's own zone.
    pub work_start: NaiveTime,
    pub work_end: NaiveTime,
    pub work_days: Vec<Weekday>,
    /// A free block at least this long is focus time (2 h).
    pub focus_block: Duration,
    /// Meetings closer than this are back-to-back (5 min).
    pub back_to_back_gap: Duration,
    /// Solo events with these words in the title protect focus instead of consuming it.
    pub focus_words: Vec<String>,
    /// Tentative and unanswered invitations count as meetings.
    pub count_tentative: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            work_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            work_end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            work_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            focus_block: Duration::hours(2),
            back_to_back_gap: Duration::minutes(5),
            focus_words: ["focus", "deep work", "heads down", "no meetings"]
                .map(String::from)
                .to_vec(),
            count_tentative: true,
        }
    }
}

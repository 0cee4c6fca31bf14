//! Meeting load by weekday in both periods, and the displacement check: did
//! meetings leave a day only to reappear on the others?

use chrono::{Datelike, Weekday};
use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Meeting hours per kept person-week, by local weekday.
fn weekday_load(a: &Analysis) -> Vec<f64> {
    let kept = &a.person_weeks;
    let mut hours = [0.0; 7];
    for d in a.person_days.iter() {
        let w = d.date.iso_week();
        if kept.contains_key(&(d.person.clone(), w.year(), w.week())) {
            hours[d.date.weekday().num_days_from_monday() as usize] += d.meeting_min as f64 / 60.0;
        }
    }
    let n = kept.len().max(1) as f64;
    hours.iter().map(|h| h / n).collect()
}

/// Meeting hours per person-week on one weekday, in each period (the
/// aliases read comparison.json files written before the names had units).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WeekdayLoad {
    pub weekday: String,
    #[serde(alias = "before")]
    pub meeting_h_before: f64,
    #[serde(alias = "after")]
    pub meeting_h_after: f64,
}

/// Each weekday's load in both periods, Monday first.
pub fn weekday_loads(before: &Analysis, after: &Analysis) -> Vec<WeekdayLoad> {
    weekday_load(before)
        .into_iter()
        .zip(weekday_load(after))
        .zip(DAYS)
        .map(|((meeting_h_before, meeting_h_after), d)| WeekdayLoad {
            weekday: d.to_string(),
            meeting_h_before,
            meeting_h_after,
        })
        .collect()
}

/// Flags days that lost most of their meetings while the other days gained
/// at least half of what was removed.
pub fn displacement(weekday: &[WeekdayLoad]) -> Option<String> {
    let weekday: Vec<(f64, f64)> = weekday
        .iter()
        .map(|w| (w.meeting_h_before, w.meeting_h_after))
        .collect();
    let emptied: Vec<usize> = (0..weekday.len())
        .filter(|&i| weekday[i].0 >= 0.25 && weekday[i].1 < weekday[i].0 * 0.5)
        .collect();
    if emptied.is_empty() {
        return None;
    }
    let removed: f64 = emptied.iter().map(|&i| weekday[i].0 - weekday[i].1).sum();
    let gains: Vec<(usize, f64)> = (0..weekday.len())
        .filter(|i| !emptied.contains(i))
        .map(|i| (i, weekday[i].1 - weekday[i].0))
        .filter(|(_, g)| *g > 0.0)
        .collect();
    let gained: f64 = gains.iter().map(|(_, g)| g).sum();
    if gained < removed * 0.5 {
        return None;
    }
    let names = |idx: &mut dyn Iterator<Item = usize>| {
        idx.map(|i| DAYS[i].to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let to: Vec<String> = gains
        .iter()
        .map(|(i, g)| format!("{} +{g:.1} h", DAYS[*i]))
        .collect();
    Some(format!(
        "displacement: {removed:.1} h per person-week left {} and {:.0}% of it reappeared on other days ({})",
        names(&mut emptied.iter().copied()),
        (gained / removed * 100.0).min(999.0),
        to.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loads(v: &[(f64, f64)]) -> Vec<WeekdayLoad> {
        v.iter()
            .zip(DAYS)
            .map(|(&(meeting_h_before, meeting_h_after), d)| WeekdayLoad {
                weekday: d.to_string(),
                meeting_h_before,
                meeting_h_after,
            })
            .collect()
    }

    #[test]
    fn displacement_is_flagged_only_when_meetings_move() {
        let moved = [
            (2.0, 2.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (2.0, 4.0),
            (2.0, 2.0),
            (0.0, 0.0),
            (0.0, 0.0),
        ];
        let note = displacement(&loads(&moved)).unwrap();
        assert!(
            note.contains("Wed") && note.contains("Thu +2.0 h") && note.contains("100%"),
            "{note}"
        );
        let removed = [
            (2.0, 2.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (2.0, 2.0),
            (0.0, 0.0),
            (0.0, 0.0),
        ];
        assert_eq!(displacement(&loads(&removed)), None);
    }
}

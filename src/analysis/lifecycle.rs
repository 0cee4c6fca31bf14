//! Series lifecycle: how old a series is (from its DTSTART, not the window),
//! how many times it has met, month-by-month trends of invitees, answers and
//! length, and the **zombie** verdict: a standing meeting that has outlived
//! its purpose, with the evidence and a suggested action. Thresholds are in
//! the config (`zombie_*`); docs/metrics.md states the rules.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::series::{Cadence, Meeting, Series};
use crate::config::Options;
use crate::time_text::month_text;

/// One series' lifecycle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    /// Months from the series' first occurrence (DTSTART) to the end of the analysed period.
    pub age_months: f64,
    /// Meetings since DTSTART: counted when the analysed days reach back to
    /// it, else estimated (see `estimated`).
    pub instances_so_far: usize,
    /// `instances_so_far` extrapolates the median gap between the meetings
    /// in the window back to DTSTART.
    pub estimated: bool,
    pub zombie: bool,
    /// The evidence for the verdict (each sign that fired).
    pub reasons: Vec<String>,
    /// "end it", "re-confirm attendees" or "make it biweekly" for a zombie.
    pub action: Option<&'static str>,
}

/// One series in one calendar month (UTC) of the analysed period.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesMonth {
    pub series: String,
    /// `2024-03`.
    pub month: String,
    pub meetings: usize,
    pub invitees_mean: f64,
    /// Shares of invitations: accepted, declined, tentative, without answer.
    pub accepted_rate: f64,
    pub declined_rate: f64,
    pub tentative_rate: f64,
    pub no_answer_rate: f64,
    pub minutes_mean: f64,
    /// Meetings the organizer declined.
    pub organizer_declined: usize,
}

impl SeriesMonth {
    /// Share of invitations declined or left unanswered: the decay signal.
    pub fn drifting(&self) -> f64 {
        self.declined_rate + self.no_answer_rate
    }
}

/// The series' meetings (`ms`, by start) month by month: each month's
/// meetings are adjacent, so they are cut into runs in one pass (a map of
/// months with a list per month was most of the lifecycle's time).
pub fn months_of(key: &str, ms: &[&Meeting]) -> Vec<SeriesMonth> {
    let month = |m: &Meeting| {
        let day = m.start.naive_utc().date();
        (day.year(), day.month())
    };
    ms.chunk_by(|a, b| month(a) == month(b))
        .map(|ms| {
            let (y, mo) = month(ms[0]);
            let n = ms.len() as f64;
            let invitations: usize = ms.iter().map(|m| m.invitees).sum();
            let rate = |f: fn(&Meeting) -> usize| {
                let k: usize = ms.iter().map(|m| f(m)).sum();
                if invitations == 0 {
                    0.0
                } else {
                    k as f64 / invitations as f64
                }
            };
            SeriesMonth {
                series: key.to_string(),
                month: month_text(y, mo),
                meetings: ms.len(),
                invitees_mean: invitations as f64 / n,
                accepted_rate: rate(|m| m.accepted),
                declined_rate: rate(|m| m.declined),
                tentative_rate: rate(|m| m.tentative),
                no_answer_rate: rate(|m| m.no_answer),
                minutes_mean: ms.iter().map(|m| m.minutes() as f64).sum::<f64>() / n,
                organizer_declined: ms.iter().filter(|m| m.organizer_declined).count(),
            }
        })
        .collect()
}

/// Meetings since DTSTART: counted, or estimated from the median gap.
fn instances(s: &Series, starts: &[DateTime<Utc>]) -> (usize, bool) {
    if s.first >= s.first_in_window {
        return (s.occurrences, false);
    }
    let mut gaps: Vec<i64> = starts
        .windows(2)
        .map(|w| (w[1] - w[0]).num_minutes())
        .collect();
    gaps.sort_unstable();
    let gap = match gaps.get(gaps.len() / 2) {
        Some(g) if *g > 0 => *g,
        _ => return (s.occurrences, true),
    };
    let before = (s.first_in_window - s.first).num_minutes() / gap;
    (s.occurrences + before.max(0) as usize, true)
}

/// The lifecycle of series `s` (its meetings `ms`, months `months`), as of `as_of`.
pub fn lifecycle(
    s: &Series,
    ms: &[&Meeting],
    months: &[SeriesMonth],
    as_of: NaiveDate,
    opts: &Options,
) -> Lifecycle {
    let starts: Vec<DateTime<Utc>> = ms.iter().map(|m| m.start).collect();
    let (instances_so_far, estimated) = instances(s, &starts);
    let age_months = (as_of - s.first.date_naive()).num_days().max(0) as f64 / 30.44;
    let mut life = Lifecycle {
        age_months,
        instances_so_far,
        estimated,
        ..Lifecycle::default()
    };
    if s.source == "one-off" || s.has_end || age_months < f64::from(opts.zombie_age_months) {
        return life;
    }
    let signs = decay(months, opts);
    if signs.is_empty() {
        return life;
    }
    life.action = Some(action(s, months, &signs));
    life.reasons = vec![
        format!(
            "{age_months:.0} months old (since {})",
            s.first.date_naive()
        ),
        "no end date".into(),
    ];
    life.reasons.extend(signs.into_iter().map(|(_, why)| why));
    life.zombie = true;
    life
}

/// A sign of decay: (what, evidence).
type Sign = (&'static str, String);

/// The decay signs in the last `zombie_trend_months` months with meetings.
fn decay(months: &[SeriesMonth], opts: &Options) -> Vec<Sign> {
    let mut signs = Vec::new();
    let n = opts.zombie_trend_months;
    if let Some(last) = months.len().checked_sub(n).map(|from| &months[from..]) {
        let rising = last.windows(2).all(|w| w[1].drifting() >= w[0].drifting());
        let (a, b) = (last[0].drifting(), last[n - 1].drifting());
        if rising && b - a >= opts.zombie_rise {
            let what = if last[n - 1].declined_rate - last[0].declined_rate
                >= last[n - 1].no_answer_rate - last[0].no_answer_rate
            {
                "declines"
            } else {
                "no-answers"
            };
            signs.push((
                what,
                format!(
                    "declines and no-answers rose from {:.0}% to {:.0}% over {} to {}",
                    a * 100.0,
                    b * 100.0,
                    last[0].month,
                    last[n - 1].month
                ),
            ));
        }
    }
    if let Some(m) = months.last().filter(|m| m.organizer_declined == m.meetings) {
        signs.push((
            "organiser",
            format!("the organiser declined every meeting in {}", m.month),
        ));
    }
    signs
}

/// End a series its organiser left or most invitees ignore; thin out a
/// frequent one people decline; ask the rest whether they still come.
fn action(s: &Series, months: &[SeriesMonth], signs: &[Sign]) -> &'static str {
    let last = months.last().map_or(0.0, SeriesMonth::drifting);
    if signs.iter().any(|(w, _)| *w == "organiser") || last >= 0.5 {
        "end it"
    } else if signs.iter().any(|(w, _)| *w == "declines")
        && matches!(s.cadence, Cadence::Daily | Cadence::Weekly)
    {
        "make it biweekly"
    } else {
        "re-confirm attendees"
    }
}

/// Fills series `s`'s lifecycle from its meetings `ms` (by start) as of
/// `as_of` and returns its series_month rows.
pub fn annotate(
    s: &mut Series,
    ms: &[&Meeting],
    as_of: NaiveDate,
    opts: &Options,
) -> Vec<SeriesMonth> {
    let months = months_of(&s.key, ms);
    s.life = lifecycle(s, ms, &months, as_of, opts);
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::focus_cost::FocusCost;
    use crate::analysis::kind::Kind;
    use crate::analysis::series::series_table;
    use chrono::{Duration, TimeZone};

    /// A weekly 10-invitee series from `dtstart`, met on Mondays from
    /// 2024-01-01 (or its start) to 2024-03-25; declines: 1 in January,
    /// 2 in February, 4 in March.
    fn weekly(uid: &str, dtstart: DateTime<Utc>) -> Vec<Meeting> {
        let mut start = dtstart.max(Utc.with_ymd_and_hms(2024, 1, 1, 10, 0, 0).unwrap());
        let mut out = Vec::new();
        while start.date_naive() <= NaiveDate::from_ymd_opt(2024, 3, 25).unwrap() {
            let declined = [1, 2, 4][start.month0() as usize];
            out.push(Meeting {
                series: format!("uid:{uid}").into(),
                uid: uid.into(),
                title: "Weekly sync".into(),
                organizer: Some("o@x.org".into()),
                start,
                end: start + Duration::minutes(30),
                invitees: 10,
                declined,
                tentative: 0,
                accepted: 10 - declined,
                no_answer: 0,
                organizer_declined: false,
                has_agenda: false,
                recurring: true,
                has_end: false,
                series_start: Some(dtstart),
                notice_hours: None,
                kind: Kind::Status,
                known: Default::default(),
                outside_hours: 0,
                focus_cost_min: 0,
            });
            start += Duration::weeks(1);
        }
        out
    }

    #[test]
    fn a_month_reads_as_its_format_would_write_it() {
        for (y, mo) in [
            (2024, 3),
            (2024, 12),
            (999, 1),
            (0, 7),
            (9999, 10),
            (10000, 2),
            (-5, 11),
        ] {
            assert_eq!(month_text(y, mo), format!("{y:04}-{mo:02}"));
        }
    }

    #[test]
    fn a_nine_month_old_weekly_series_with_rising_declines_is_a_zombie_and_a_two_month_old_is_not()
    {
        let old = Utc.with_ymd_and_hms(2023, 7, 3, 10, 0, 0).unwrap();
        let young = Utc.with_ymd_and_hms(2024, 2, 5, 10, 0, 0).unwrap();
        let mut meetings = weekly("old", old);
        meetings.extend(weekly("young", young));
        meetings.sort_by_key(|m| m.start);
        let opts = Options::default();
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        let (series, rows) =
            series_table(&meetings, 3.0, &FocusCost::default(), Some(as_of), &opts);
        let old = &series.iter().find(|s| s.key == "uid:old").unwrap().life;
        // 2023-07-03 to 2024-03-31: 272 days = 8.9 months
        assert!((old.age_months - 272.0 / 30.44).abs() < 1e-9);
        // 26 weeks before 2024-01-01 (estimated from the weekly gap) + 13 Mondays in the window
        assert_eq!((old.instances_so_far, old.estimated), (39, true));
        assert!(old.zombie);
        assert_eq!(
            old.reasons,
            [
                "9 months old (since 2023-07-03)",
                "no end date",
                "declines and no-answers rose from 10% to 40% over 2024-01 to 2024-03"
            ]
        );
        // declines (not silence), weekly, under half: thin it out
        assert_eq!(old.action, Some("make it biweekly"));
        let young = &series.iter().find(|s| s.key == "uid:young").unwrap().life;
        // 2024-02-05 to 2024-03-31: 55 days; the window holds its 8 Mondays
        assert_eq!((young.instances_so_far, young.estimated), (8, false));
        assert!(!young.zombie && young.reasons.is_empty());
        let march: Vec<&SeriesMonth> = rows.iter().filter(|r| r.month == "2024-03").collect();
        // 4 Mondays in March, 4 of 10 declined each
        assert_eq!((march[0].meetings, march[0].declined_rate), (4, 0.4));
    }

    #[test]
    fn a_series_whose_organiser_declined_its_last_month_is_ended_even_without_rising_declines() {
        let dtstart = Utc.with_ymd_and_hms(2023, 7, 3, 10, 0, 0).unwrap();
        let mut meetings = weekly("left", dtstart);
        for m in &mut meetings {
            // one decline every month (no rise); the organiser declined all of March
            m.declined = 1;
            m.organizer_declined = m.start.month() == 3;
        }
        let opts = Options::default();
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        let (mut series, _) =
            series_table(&meetings, 3.0, &FocusCost::default(), Some(as_of), &opts);
        let life = &series[0].life;
        assert!(life.zombie);
        assert_eq!(
            life.reasons.last().map(String::as_str),
            Some("the organiser declined every meeting in 2024-03")
        );
        assert_eq!(life.action, Some("end it"));
        // with an end date it is finishing on its own: no zombie
        series[0].has_end = true;
        let ms: Vec<&Meeting> = meetings.iter().collect();
        annotate(&mut series[0], &ms, as_of, &opts);
        assert!(!series[0].life.zombie);
    }
}

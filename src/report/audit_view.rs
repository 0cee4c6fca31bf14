//! The audit sections' view model: zombie series, the costliest meetings
//! and their best move, time-zone burden and core windows. Plain data with
//! names, times and units already written out; no HTML.

use serde::Serialize;

use crate::analysis::privacy;
use crate::analysis::Analysis;
use crate::config::Options;

#[derive(Debug, Clone, Serialize)]
pub struct ZombieRow {
    pub title: String,
    pub age_months: f64,
    pub instances_so_far: usize,
    pub estimated: bool,
    pub action: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostlyRow {
    pub title: String,
    /// `2024-01-08 12:00 UTC`.
    pub when: String,
    pub focus_cost_h: f64,
    pub known_attendees: usize,
    /// `move to 16:00 UTC (+1.0 h focus)`, or why not.
    pub best_move: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BurdenView {
    pub scope: String,
    pub name: String,
    pub people: usize,
    pub meeting_h: f64,
    pub before_h: f64,
    pub after_h: f64,
    pub off_day_h: f64,
    pub outside_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoreView {
    pub group: String,
    /// `13:00-16:00 UTC (3.0 h)`.
    pub window: String,
    pub common: bool,
    /// Per member: `name: local window`.
    pub local: Vec<String>,
    /// Per member who loses time: `name: 120 min outside hours`.
    pub who_pays: Vec<String>,
    pub meeting_h: f64,
    pub meeting_in_window_h: f64,
}

/// Everything the audit sections show.
#[derive(Debug, Clone, Serialize, Default)]
pub struct AuditView {
    pub zombies: Vec<ZombieRow>,
    pub costly: Vec<CostlyRow>,
    pub burden: Vec<BurdenView>,
    pub core: Vec<CoreView>,
}

fn zombies(a: &Analysis, opts: &Options) -> Vec<ZombieRow> {
    a.series
        .iter()
        .filter(|s| s.life.zombie)
        .map(|s| ZombieRow {
            title: privacy::title(&s.title, &s.key, opts.privacy),
            age_months: s.life.age_months,
            instances_so_far: s.life.instances_so_far,
            estimated: s.life.estimated,
            action: s.life.action.unwrap_or("").to_string(),
            reasons: s.life.reasons.clone(),
        })
        .collect()
}

fn costly(a: &Analysis, opts: &Options) -> Vec<CostlyRow> {
    let hm = "%Y-%m-%d %H:%M UTC";
    a.costly
        .iter()
        .map(|c| CostlyRow {
            title: privacy::title(&c.title, &c.series, opts.privacy),
            when: c.start.format(hm).to_string(),
            focus_cost_h: c.focus_cost_min as f64 / 60.0,
            known_attendees: c.known_attendees,
            best_move: c
                .best_move
                .map_or("no free slot that day gives focus back".into(), |m| {
                    format!(
                        "move to {} ({:+.1} h focus)",
                        m.start.format("%H:%M UTC"),
                        m.focus_restored_min as f64 / 60.0
                    )
                }),
        })
        .collect()
}

fn burden(a: &Analysis, opts: &Options, people_hidden: bool) -> Vec<BurdenView> {
    let h = |m: i64| m as f64 / 60.0;
    a.burden
        .iter()
        .filter(|r| !(people_hidden && r.column.is_empty()))
        .map(|r| BurdenView {
            scope: if r.column.is_empty() {
                "person".into()
            } else {
                r.column.clone()
            },
            name: if r.column.is_empty() {
                privacy::person(&r.name, opts.privacy)
            } else {
                r.name.clone()
            },
            people: r.people,
            meeting_h: h(r.burden.meeting_min),
            before_h: h(r.burden.before_min),
            after_h: h(r.burden.after_min),
            off_day_h: h(r.burden.off_day_min),
            outside_share: r.burden.outside_share(),
        })
        .collect()
}

fn core(a: &Analysis, opts: &Options) -> Vec<CoreView> {
    a.core
        .iter()
        .map(|w| {
            let end = w.start_utc + chrono::Duration::minutes(w.minutes);
            let name = |p: &str| privacy::person(p, opts.privacy);
            CoreView {
                group: format!("{} {}", w.column, w.group),
                window: format!(
                    "{}-{} UTC ({:.1} h)",
                    w.start_utc.format("%H:%M"),
                    end.format("%H:%M"),
                    w.minutes as f64 / 60.0
                ),
                common: w.common,
                local: w
                    .members
                    .iter()
                    .map(|(p, l, _)| format!("{}: {l}", name(p)))
                    .collect(),
                who_pays: w
                    .members
                    .iter()
                    .filter(|(.., m)| *m > 0)
                    .map(|(p, _, m)| format!("{}: {m} min outside hours", name(p)))
                    .collect(),
                meeting_h: w.meeting_h,
                meeting_in_window_h: w.meeting_in_window_h,
            }
        })
        .collect()
}

/// The audit sections' data.
pub fn build(a: &Analysis, opts: &Options, people_hidden: bool) -> AuditView {
    AuditView {
        zombies: zombies(a, opts),
        costly: costly(a, opts),
        burden: burden(a, opts, people_hidden),
        core: core(a, opts),
    }
}

//! The data-quality rows: one per input calendar, and one per roster row
//! without a calendar. The table, the report and the terminal all read
//! these, so "what was read, whose it is, and what was left out" is worked
//! out in one place.

use serde::Serialize;

use super::exclusions::Exclusions;
use super::privacy;
use crate::config::{Options, WorkingHours};
use crate::people::{FileRole, Person, Team};

/// One input calendar (or roster row without one).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct QualityRow {
    pub calendar: String,
    /// The person it counts for (empty when left out).
    pub person: String,
    /// primary, own, secondary, left out, or roster only.
    pub role: String,
    pub owner: String,
    pub owner_found_by: String,
    /// The person's zone and where it came from.
    pub zone: String,
    pub zone_from: String,
    pub hours: String,
    pub hours_from: String,
    /// The dates the export covers (empty when it states none).
    pub coverage_first: String,
    pub coverage_last: String,
    pub coverage_from: String,
    /// The person's analysed days.
    pub analysed_first: String,
    pub analysed_last: String,
    pub events: usize,
    pub occurrences: usize,
    /// The person's occurrences before / after the analysed days (left out).
    pub left_out_before: usize,
    pub left_out_after: usize,
    /// Events of a secondary calendar the person does not attend.
    pub not_theirs: usize,
    /// Occurrences already in another calendar of the person.
    pub duplicates: usize,
    pub skipped: usize,
    pub warnings: usize,
    pub unknown_zones: String,
    pub no_attendee_data: bool,
    /// Items left out per rule (the person's, on their primary calendar's
    /// row) and events skipped as malformed (this file's).
    pub excluded: Exclusions,
    /// Plain-language notes: why left out, roster gaps, history left out.
    pub note: String,
}

/// Every data-quality row of a team; `excluded` is what was left out of each
/// person's calendar (in the order of `team.people`), counted while the
/// calendar was in memory: by the map ([`super::partial::map`]) or by
/// [`super::exclusions::count`].
pub fn quality_rows(team: &Team, excluded: &[Exclusions], opts: &Options) -> Vec<QualityRow> {
    let p = opts.privacy;
    // one lookup per file, not a scan of everyone (a thousand people, a thousand files)
    let by_id: std::collections::HashMap<&str, (&Person, &Exclusions)> = team
        .people
        .iter()
        .zip(excluded)
        .map(|(x, e)| (&*x.id, (x, e)))
        .collect();
    let mut rows: Vec<QualityRow> = team
        .files
        .iter()
        .map(|f| {
            let person = f.person.as_ref().and_then(|id| by_id.get(&**id).copied());
            let c = &f.calendar;
            let q = &c.quality;
            let mut row = QualityRow {
                calendar: if p {
                    privacy::pseudonym("calendar", &c.name)
                } else {
                    c.name.clone()
                },
                person: f
                    .person
                    .as_deref()
                    .map(|x| privacy::person(x, p))
                    .unwrap_or_default(),
                role: f.role.as_str().to_string(),
                owner: c
                    .owner
                    .as_deref()
                    .map(|o| privacy::person(o, p))
                    .unwrap_or_default(),
                owner_found_by: c.owner_source.as_str().to_string(),
                coverage_first: c.coverage.map(|v| v.first.to_string()).unwrap_or_default(),
                coverage_last: c.coverage.map(|v| v.last.to_string()).unwrap_or_default(),
                coverage_from: c
                    .coverage
                    .map(|v| v.source.as_str().to_string())
                    .unwrap_or_default(),
                events: q.events_read,
                occurrences: f.occurrences,
                not_theirs: f.not_theirs,
                duplicates: f.duplicates,
                skipped: q.skipped.len(),
                warnings: q.warnings.len(),
                unknown_zones: q
                    .unknown_zones
                    .iter()
                    .map(|(z, used)| format!("{z} -> {used}"))
                    .collect::<Vec<_>>()
                    .join("; "),
                no_attendee_data: q.no_attendee_data,
                excluded: Exclusions {
                    malformed: q.skipped.len(),
                    ..Exclusions::default()
                },
                note: match &f.role {
                    FileRole::LeftOut(why) => format!("left out of person metrics: {why}"),
                    _ => String::new(),
                },
                ..QualityRow::default()
            };
            if let Some((person, excluded)) = person.filter(|_| f.role == FileRole::Primary) {
                describe_person(&mut row, person, excluded, team);
            }
            row
        })
        .collect();
    rows.extend(team.roster_without_calendar.iter().map(|email| QualityRow {
        person: privacy::person(email, p),
        role: "roster only".into(),
        note: "roster row without a calendar".into(),
        ..QualityRow::default()
    }));
    rows
}

/// The person's settings and days, on their primary calendar's row.
fn describe_person(row: &mut QualityRow, person: &Person, excluded: &Exclusions, team: &Team) {
    row.zone = person.zone.name().to_string();
    row.zone_from = person.zone_from.as_str().to_string();
    row.hours = hours_text(&person.hours);
    row.hours_from = person.hours_from.as_str().to_string();
    if let Some(d) = person.days {
        row.analysed_first = d.first.to_string();
        row.analysed_last = d.last.to_string();
    }
    (row.left_out_before, row.left_out_after) = person.outside;
    row.excluded = Exclusions {
        malformed: row.excluded.malformed,
        ..*excluded
    };
    let mut notes: Vec<String> = Vec::new();
    if let Some(d) = person.days.filter(|_| person.outside.0 > 0) {
        notes.push(format!(
            "history before {} holds only what recurring series project: left out",
            d.first
        ));
    }
    if person
        .days
        .is_some_and(|d| (d.last - d.first).num_days() + 1 >= crate::people::MAX_DAYS)
    {
        notes.push(format!(
            "analysed days cut to {} (ten years)",
            crate::people::MAX_DAYS
        ));
    }
    if person.days.is_none() {
        notes.push("no day to analyse".into());
    }
    if team.without_roster_row.contains(&person.id) {
        notes.push("no roster row".into());
    }
    if !row.note.is_empty() {
        notes.insert(0, std::mem::take(&mut row.note));
    }
    row.note = notes.join("; ");
}

/// `09:00-17:00 Mon Tue Wed Thu Fri`.
pub fn hours_text(h: &WorkingHours) -> String {
    format!(
        "{}-{} {}",
        h.start.format("%H:%M"),
        h.end.format("%H:%M"),
        h.day_names().join(" ")
    )
}

/// Everything left out, summed over the rows.
pub fn total_excluded(rows: &[QualityRow]) -> Exclusions {
    let mut all = Exclusions::default();
    for r in rows {
        all.add(&r.excluded);
    }
    all
}

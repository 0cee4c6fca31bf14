//! The meetings table: each meeting once for the team, with its hygiene flags.

use polars::prelude::*;

use super::{column, text_column};
use crate::analysis::hygiene::Flag;
use crate::analysis::privacy;
use crate::analysis::series::Meeting;
use crate::config::Options;
use crate::time_text::push_utc;

/// meetings: each meeting once for the team (one batch of them, see
/// [`super::BATCH_ROWS`]).
pub fn meetings_table(meetings: &[&Meeting], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    // each meeting with its length, worked out once for the three columns
    // that read it (a difference of two times costs more than a column)
    let m: Vec<(&Meeting, i64)> = meetings.iter().map(|&m| (m, m.minutes())).collect();
    let person_hours =
        |(m, minutes): &(&Meeting, i64)| *minutes as f64 / 60.0 * m.attendees() as f64;
    DataFrame::new(
        m.len(),
        vec![
            text_column(&m, "series", |out, (m, _)| {
                out.push_str(&privacy::shown_title(&m.series, &m.series, p))
            }),
            text_column(&m, "title", |out, (m, _)| {
                out.push_str(&privacy::shown_title(&m.title, &m.series, p))
            }),
            column(&m, "kind", |(m, _)| m.kind.as_str()),
            // empty without an organizer
            text_column(&m, "organizer", |out, (m, _)| {
                if let Some(o) = m.organizer.as_deref() {
                    out.push_str(&privacy::shown_person(o, p))
                }
            }),
            text_column(&m, "start", |out, (m, _)| push_utc(out, m.start)),
            text_column(&m, "end", |out, (m, _)| push_utc(out, m.end)),
            column(&m, "length_min", |(_, minutes)| *minutes),
            column(&m, "invitees", |(m, _)| m.invitees as u32),
            column(&m, "declined_invitees", |(m, _)| m.declined as u32),
            column(&m, "person_h", person_hours),
            column(&m, "focus_cost_h", |(m, _)| m.focus_cost_min as f64 / 60.0),
            column(&m, "large", |(m, _)| Flag::Large.of_meeting(m, opts)),
            column(&m, "long", |(m, _)| Flag::Long.of_meeting(m, opts)),
            column(&m, "short_notice", |(m, _)| {
                Flag::ShortNotice.of_meeting(m, opts)
            }),
            column(&m, "cost", |row| {
                opts.hourly_rate.map(|r| r * person_hours(row))
            }),
        ],
    )
}

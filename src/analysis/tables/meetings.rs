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
    let m = meetings;
    let person_hours = |m: &Meeting| m.minutes() as f64 / 60.0 * m.attendees() as f64;
    DataFrame::new(
        m.len(),
        vec![
            text_column(m, "series", |out, m| {
                out.push_str(&privacy::title(&m.series, &m.series, p))
            }),
            text_column(m, "title", |out, m| {
                out.push_str(&privacy::title(&m.title, &m.series, p))
            }),
            column(m, "kind", |m| m.kind.as_str()),
            column(m, "organizer", |m| {
                let organizer = m.organizer.as_deref();
                organizer.map(|o| privacy::person(o, p)).unwrap_or_default()
            }),
            text_column(m, "start", |out, m| push_utc(out, m.start)),
            text_column(m, "end", |out, m| push_utc(out, m.end)),
            column(m, "length_min", |m| m.minutes()),
            column(m, "invitees", |m| m.invitees as u32),
            column(m, "declined_invitees", |m| m.declined as u32),
            column(m, "person_h", |m| person_hours(m)),
            column(m, "focus_cost_h", |m| m.focus_cost_min as f64 / 60.0),
            column(m, "large", |m| Flag::Large.of_meeting(m, opts)),
            column(m, "long", |m| Flag::Long.of_meeting(m, opts)),
            column(m, "short_notice", |m| Flag::ShortNotice.of_meeting(m, opts)),
            column(m, "cost", |m| opts.hourly_rate.map(|r| r * person_hours(m))),
        ],
    )
}

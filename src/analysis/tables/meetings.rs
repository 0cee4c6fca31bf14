//! The meetings table: each meeting once for the team, with its hygiene flags.

use polars::prelude::*;

use super::{rfc3339, strings};
use crate::analysis::privacy;
use crate::analysis::series::Meeting;
use crate::config::Options;

/// meetings: each meeting once for the team.
pub fn meetings_table(meetings: &[Meeting], opts: &Options) -> PolarsResult<DataFrame> {
    let p = opts.privacy;
    DataFrame::new(
        meetings.len(),
        vec![
            Column::new(
                "series".into(),
                strings(meetings, |m| privacy::title(&m.series, &m.series, p)),
            ),
            Column::new(
                "title".into(),
                strings(meetings, |m| privacy::title(&m.title, &m.series, p)),
            ),
            Column::new(
                "kind".into(),
                strings(meetings, |m| m.kind.as_str().to_string()),
            ),
            Column::new(
                "organizer".into(),
                strings(meetings, |m| {
                    m.organizer
                        .as_deref()
                        .map(|o| privacy::person(o, p))
                        .unwrap_or_default()
                }),
            ),
            Column::new("start".into(), strings(meetings, |m| rfc3339(m.start))),
            Column::new("end".into(), strings(meetings, |m| rfc3339(m.end))),
            Column::new(
                "minutes".into(),
                meetings.iter().map(Meeting::minutes).collect::<Vec<i64>>(),
            ),
            Column::new(
                "invitees".into(),
                meetings
                    .iter()
                    .map(|m| m.invitees as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "declined".into(),
                meetings
                    .iter()
                    .map(|m| m.declined as u32)
                    .collect::<Vec<u32>>(),
            ),
            Column::new(
                "person_hours".into(),
                meetings
                    .iter()
                    .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64)
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "large".into(),
                meetings
                    .iter()
                    .map(|m| m.invitees >= opts.large_meeting)
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "long".into(),
                meetings
                    .iter()
                    .map(|m| m.minutes() > opts.long_meeting_minutes)
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "short_notice".into(),
                meetings
                    .iter()
                    .map(|m| m.notice_hours.is_some_and(|h| h < opts.short_notice_hours))
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                "cost".into(),
                meetings
                    .iter()
                    .map(|m| {
                        opts.hourly_rate
                            .map(|r| r * m.minutes() as f64 / 60.0 * m.attendees() as f64)
                    })
                    .collect::<Vec<Option<f64>>>(),
            ),
        ],
    )
}

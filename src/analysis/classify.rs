//! What an occurrence is for its owner: a meeting, other busy time, a focus
//! block, a day off, or nothing (cancelled, declined, free).

use super::intervals::span;
use crate::config::Options;
use crate::model::{BusyStatus, Calendar, Occurrence, PartStat, Span, Status};

/// The role of one occurrence in its owner's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Meeting,
    /// Opaque timed time that is not a meeting (appointment, room hold, lunch).
    Busy,
    /// A self-booked focus block: protects focus, is not busy.
    FocusBlock,
    /// An opaque all-day event (vacation, holiday, OOO): no working time that day.
    DayOff,
    /// A meeting the owner declined: not their time, but it counts in its
    /// series' decline rate.
    Declined,
    Ignored,
}

/// Distinct participants: organizer and attendees, rooms and resources left out
/// (counted once at import).
pub fn participants(o: &Occurrence) -> usize {
    o.event.participants
}

/// Classifies `o` for the owner of `cal` (definitions in docs/metrics.md).
pub fn role(cal: &Calendar, o: &Occurrence, opts: &Options) -> Role {
    role_with(cal, o, opts, |title| is_focus_title(title, opts))
}

/// [`role`], with whether the event's title names a focus block asked of
/// `focus_title` (only for an event without other participants): the
/// classification of a whole calendar answers it once per event, since
/// lower-casing the title of every instance of a recurring one-person
/// event was half of the time of `role` (bench corpus).
pub fn role_with(
    cal: &Calendar,
    o: &Occurrence,
    opts: &Options,
    focus_title: impl FnOnce(&str) -> bool,
) -> Role {
    let ev = &o.event;
    let free = ev.transparent || ev.busy_status == Some(BusyStatus::Free);
    if ev.status == Status::Cancelled || free {
        return Role::Ignored;
    }
    let answer = ev.owner_partstat;
    // Outlook's BUSYSTATUS:TENTATIVE is the owner's tentative answer
    let tentative = matches!(
        answer,
        Some(PartStat::Tentative) | Some(PartStat::NeedsAction)
    ) || ev.busy_status == Some(BusyStatus::Tentative);
    let declined = answer == Some(PartStat::Declined) || (!opts.count_tentative && tentative);
    match o.span {
        Span::AllDay { .. } => Role::DayOff,
        _ if declined && participants(o) >= 2 => Role::Declined,
        _ if declined => Role::Ignored,
        Span::Timed { start, end } if span(start, end) >= chrono::Duration::hours(24) => Role::Busy,
        // zero length (a start without an end): takes no time, not a meeting
        Span::Timed { start, end } if end <= start => Role::Ignored,
        _ if participants(o) >= 2 => Role::Meeting,
        _ if focus_title(&ev.summary) => Role::FocusBlock,
        // an export without any attendee data: busy timed events stand in for meetings
        _ if cal.quality.no_attendee_data => Role::Meeting,
        _ => Role::Busy,
    }
}

pub fn is_focus_title(title: &str, opts: &Options) -> bool {
    let lower = title.to_lowercase();
    opts.focus_words.iter().any(|w| lower.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn outlooks_tentative_busy_status_follows_count_tentative() {
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:ana@x.org\nBEGIN:VEVENT\nUID:t\nDTSTART:20240108T100000Z\nDTEND:20240108T110000Z\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\nORGANIZER:mailto:bo@x.org\nATTENDEE:mailto:ana@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default());
        let o = &cal.occurrences[0];
        assert_eq!(role(&cal, o, &Options::default()), Role::Meeting);
        let strict = Options {
            count_tentative: false,
            ..Options::default()
        };
        // not counted as the owner's time, but kept for its series' statistics
        assert_eq!(role(&cal, o, &strict), Role::Declined);
    }
}

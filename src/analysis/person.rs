//! Per person and local day: meeting load, double-booking, back-to-back
//! chains, and the focus and fragmented time left inside working hours.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

use super::classified::{Classified, Slot};
use super::intervals::{
    double_booked, gaps_into, nanos, nanos_of, span, total, union, union_in_place, whole_minutes,
    Interval, NanoInterval, Nanos, Time,
};
use crate::config::{Options, WorkingHours};

/// One person-day. Minutes are whole minutes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonDay {
    pub person: Arc<str>,
    pub date: NaiveDate,
    /// Working minutes (0 on weekends and days off).
    pub working_min: i64,
    /// Length of the person's full working day (a week counts with three).
    pub workday_min: i64,
    pub day_off: bool,
    /// Union of meetings starting this day (overlaps once).
    pub meeting_min: i64,
    /// Sum of meeting lengths.
    pub meeting_raw_min: i64,
    pub double_booked_min: i64,
    /// Meeting minutes inside / outside working hours.
    pub meeting_in_hours_min: i64,
    pub meeting_after_hours_min: i64,
    pub meetings: u32,
    /// Minutes in recurring status meetings and stand-ups starting this day.
    pub status_meeting_min: i64,
    /// Runs of 2+ meetings separated by less than the back-to-back gap.
    pub back_to_back_chains: u32,
    /// Meetings in the day's longest back-to-back run (1 when none touch).
    pub longest_chain: u32,
    /// Busy minutes inside working hours (meetings and other busy time).
    pub busy_in_hours_min: i64,
    /// Free working minutes in blocks of at least the focus block.
    pub focus_min: i64,
    /// Free working minutes in blocks of at least 1 h (Viva Insights'
    /// "uninterrupted" hours; reported beside `focus_min` to reconcile).
    pub focus_1h_min: i64,
    /// Free working minutes in shorter blocks.
    pub fragmented_min: i64,
    pub largest_free_min: i64,
    /// Meeting minutes (merged) on a Saturday or Sunday of the person's zone.
    pub weekend_meeting_min: i64,
}

/// Everyone's person-days: each person's list as their map step made it,
/// moved here, never copied into one list (at 4,000 people a year that copy
/// was 200 MB more at the reduce's peak). Read in order, person by person.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PersonDays(Vec<Vec<PersonDay>>);

impl PersonDays {
    /// Every person-day, person by person.
    pub fn iter(&self) -> impl Iterator<Item = &PersonDay> + Clone {
        self.0.iter().flatten()
    }
}

impl FromIterator<Vec<PersonDay>> for PersonDays {
    fn from_iter<I: IntoIterator<Item = Vec<PersonDay>>>(people: I) -> Self {
        PersonDays(people.into_iter().collect())
    }
}

impl IntoIterator for PersonDays {
    type Item = PersonDay;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<PersonDay>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().flatten()
    }
}

/// All person-days of one classified person: every analysed day, with or
/// without events (a quiet Monday is a day without meetings, not a gap).
pub fn person_days(c: &Classified, opts: &Options) -> Vec<PersonDay> {
    let Some(crate::people::Days { first, last, .. }) = c.period else {
        return Vec::new();
    };
    // in nanoseconds: every length below is chrono's, worked out in integers
    let busy = union(c.busy().map(|(s, e)| (nanos(s), nanos(e))).collect());
    let lengths = Lengths {
        focus_block: nanos_of(opts.focus_block),
        hour: nanos_of(Duration::hours(1)),
        back_to_back_gap: nanos_of(opts.back_to_back_gap),
    };
    // meetings by local day (sorted by start, a zone's local date can still
    // step back across a midnight DST change, so sort by date explicitly; the
    // sort is stable, so a day's stay sorted by start, then end)
    let mut by_day: Vec<&Slot> = c.meetings.iter().collect();
    by_day.sort_by_key(|s| (s.date, s.start));
    let mut rest = by_day.as_slice();
    let mut day: Vec<NanoInterval> = Vec::new();
    let mut scratch = Scratch::default();
    let mut out = Vec::with_capacity(usize::try_from((last - first).num_days() + 1).unwrap_or(0));
    out.extend(first.iter_days().take_while(|d| *d <= last).map(|date| {
        let n = rest.iter().take_while(|s| s.date == date).count();
        let (today, later) = rest.split_at(n);
        rest = later;
        day.clear();
        day.extend(today.iter().map(|s| (nanos(s.start), nanos(s.end))));
        let mut d = day_metrics(c, date, &day, &busy, &lengths, &mut scratch);
        d.status_meeting_min = today
            .iter()
            .filter(|s| s.occ.event.is_recurring && s.kind.is_status())
            .map(|s| span(s.start, s.end).num_minutes())
            .sum();
        d
    }));
    out
}

/// The working window of a local day in UTC, if it is a working day.
///
/// The person-days, the burden and focus cost of every meeting copy, the
/// core hours and the hygiene flags all ask for it, up to a few times per
/// meeting copy, and each answer is two zone conversions; the answers are
/// remembered per thread (a pure function of its arguments, so a remembered
/// answer is the answer). A thread maps person after person, and people
/// share a few zones and working hours: each day keeps the answers of its
/// last [`WAYS`] (zone, hours), so the next person in a zone already seen
/// finds their days worked out (with one answer per day, every person of
/// another zone than the last started over, and the windows were most of
/// the conversions of the map).
pub(crate) fn working_window(date: NaiveDate, tz: Tz, hours: &WorkingHours) -> Option<Interval> {
    type Entry = Option<((NaiveDate, Tz, WorkingHours), Option<Interval>)>;
    const SLOTS: usize = 512;
    thread_local! {
        static REMEMBERED: std::cell::RefCell<Vec<[Entry; WAYS]>> =
            std::cell::RefCell::new(vec![[None; WAYS]; SLOTS]);
    }
    let key = (date, tz, *hours);
    let slot = date.num_days_from_ce().rem_euclid(SLOTS as i32) as usize;
    REMEMBERED.with_borrow_mut(|remembered| {
        let ways = &mut remembered[slot];
        // the answer found or worked out goes first; the least recent one out
        let known = ways
            .iter()
            .position(|e| matches!(e, Some((k, _)) if *k == key));
        let (at, window) = match known {
            Some(i) => (i, ways[i].and_then(|(_, window)| window)),
            None => (WAYS - 1, window_of(date, tz, hours)),
        };
        // most answers are already first (the person's own zone): left in
        // place, not moved onto themselves by a call to `rotate_right`
        // (callgrind, analyze of /tmp/sub200, 1 thread: the map and the reduce
        // 1,583.2 -> 1,574.9 M)
        if at > 0 {
            ways[at] = Some((key, window));
            ways[..=at].rotate_right(1);
        }
        window
    })
}

/// How many (zone, working hours) [`working_window`] remembers per day.
const WAYS: usize = 4;

/// [`working_window`], worked out.
fn window_of(date: NaiveDate, tz: Tz, hours: &WorkingHours) -> Option<Interval> {
    if !hours.works_on(date.weekday()) {
        return None;
    }
    let at = |t| crate::ics::tz::Zone::Iana(tz).to_utc(date.and_time(t));
    Some((at(hours.start), at(hours.end)))
}

/// The option lengths a day's metrics read, in nanoseconds.
struct Lengths {
    focus_block: Nanos,
    hour: Nanos,
    back_to_back_gap: Nanos,
}

/// The lists a day's metrics are worked out in, kept from day to day (new
/// ones per day were most of the person-days' allocations).
#[derive(Default)]
struct Scratch {
    merged: Vec<NanoInterval>,
    free: Vec<NanoInterval>,
}

/// One person-day from the day's meetings (sorted by start, then end: the
/// order of [`Classified::meetings`]) and the person's busy time (union,
/// sorted), all in nanoseconds.
fn day_metrics(
    c: &Classified,
    date: NaiveDate,
    meetings: &[NanoInterval],
    busy: &[NanoInterval],
    lengths: &Lengths,
    scratch: &mut Scratch,
) -> PersonDay {
    let Scratch { merged, free } = scratch;
    merged.clear();
    merged.extend_from_slice(meetings);
    union_in_place(merged);
    let merged_total = total(merged);
    let day_off = c.days_off.contains(&date);
    let window = if day_off {
        None
    } else {
        working_window(date, c.tz, &c.hours).map(|(s, e)| (nanos(s), nanos(e)))
    };
    let in_hours = window.map_or(0, |w| total_inside(merged, w));
    let mut focus_1h = 0;
    let (working, busy_in, focus, fragmented, largest) = match window {
        Some(w) => {
            let busy = overlapping(busy, w);
            gaps_into(w, busy, free);
            let focus = focus_of(free, lengths.focus_block);
            focus_1h = focus_of(free, lengths.hour);
            let largest = free.iter().map(|g| g.1 - g.0).max().unwrap_or(0);
            (
                w.1 - w.0,
                total_inside(busy, w),
                focus,
                total(free) - focus,
                largest,
            )
        }
        None => (0, 0, 0, 0, 0),
    };
    let (back_to_back_chains, longest_chain) = chains(meetings, lengths.back_to_back_gap);
    let raw: Nanos = meetings.iter().map(|(s, e)| e - s).sum();
    let minutes = whole_minutes;
    PersonDay {
        person: c.person.clone(),
        date,
        working_min: minutes(working),
        workday_min: c.hours.minutes(),
        day_off,
        meeting_min: minutes(merged_total),
        meeting_raw_min: minutes(raw),
        double_booked_min: minutes(double_booked(meetings)),
        meeting_in_hours_min: minutes(in_hours),
        meeting_after_hours_min: minutes(merged_total - in_hours),
        meetings: meetings.len() as u32,
        status_meeting_min: 0,
        back_to_back_chains,
        longest_chain,
        busy_in_hours_min: minutes(busy_in),
        focus_min: minutes(focus),
        fragmented_min: minutes(fragmented),
        largest_free_min: minutes(largest),
        focus_1h_min: minutes(focus_1h),
        weekend_meeting_min: if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            minutes(merged_total)
        } else {
            0
        },
    }
}

/// Focus time: the free blocks at least `block` long.
pub(crate) fn focus_of<T: Time>(free: &[(T, T)], block: T::Length) -> T::Length {
    free.iter()
        .map(|g| T::span(g.0, g.1))
        .filter(|d| *d >= block)
        .fold(T::Length::default(), |a, b| a + b)
}

/// The part of the sorted, disjoint `busy` that overlaps `w` (a binary search,
/// not a scan of the whole year).
fn overlapping<T: Ord + Copy>(busy: &[(T, T)], w: (T, T)) -> &[(T, T)] {
    let lo = busy.partition_point(|b| b.1 <= w.0);
    let hi = busy.partition_point(|b| b.0 < w.1).max(lo);
    &busy[lo..hi]
}

/// The length of `items` inside `w` (each clipped to it).
fn total_inside(items: &[NanoInterval], w: NanoInterval) -> Nanos {
    items
        .iter()
        .filter(|&&(s, e)| e > w.0 && s < w.1)
        .map(|&(s, e)| e.min(w.1) - s.max(w.0))
        .sum()
}

/// Counts runs of at least two meetings each starting less than `gap` after
/// the previous one ended, and the length of the longest run. `meetings`
/// come sorted (by start, then end), as a day's do.
fn chains(meetings: &[NanoInterval], gap: Nanos) -> (u32, u32) {
    debug_assert!(meetings.is_sorted());
    let (mut count, mut run, mut longest, mut end): (u32, u32, u32, Option<Nanos>) =
        (0, 0, 0, None);
    for &(s, e) in meetings {
        run = match end {
            Some(prev) if s - prev < gap => run + 1,
            _ => 1,
        };
        if run == 2 {
            count += 1;
        }
        longest = longest.max(run);
        end = Some(end.map_or(e, |p| p.max(e)));
    }
    (count, longest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classified::classify;
    use crate::analysis::interned::Interned;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn a_remembered_working_window_is_the_window_of_its_own_day_zone_and_hours() {
        use chrono::TimeZone;
        let hours = WorkingHours::default();
        let late = WorkingHours {
            start: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
            ..hours
        };
        let (berlin, tokyo) = (chrono_tz::Europe::Berlin, chrono_tz::Asia::Tokyo);
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let utc = |m, day, h| Some(chrono::Utc.with_ymd_and_hms(2024, m, day, h, 0, 0).unwrap());
        // asked twice, in an order that reuses slots: same day with another zone
        // or other hours, a day 512 days later (the same slot), a weekend
        for _ in 0..2 {
            let berlin_winter = working_window(d(3, 29), berlin, &hours);
            assert_eq!(berlin_winter.map(|w| Some(w.0)), Some(utc(3, 29, 8)));
            // after the switch to summer time 9:00 is 7:00 UTC
            let berlin_summer = working_window(d(4, 2), berlin, &hours);
            assert_eq!(berlin_summer.map(|w| Some(w.0)), Some(utc(4, 2, 7)));
            let tokyo_day = working_window(d(3, 29), tokyo, &hours);
            assert_eq!(tokyo_day.map(|w| Some(w.0)), Some(utc(3, 29, 0)));
            let late_day = working_window(d(3, 29), berlin, &late);
            assert_eq!(late_day.map(|w| Some(w.0)), Some(utc(3, 29, 10)));
            let later = d(3, 29) + chrono::Duration::days(512);
            assert_eq!(
                working_window(later, berlin, &hours),
                window_of(later, berlin, &hours)
            );
            assert_eq!(working_window(d(3, 30), berlin, &hours), None, "a Saturday");
        }
    }

    #[test]
    fn a_day_asked_for_more_zones_than_it_keeps_answers_each_with_its_own_window() {
        use chrono_tz::{America, Asia, Australia, Europe};
        let zones = [
            Europe::Berlin,
            America::New_York,
            Asia::Kolkata,
            Australia::Sydney,
            America::Los_Angeles,
            Asia::Tokyo,
        ];
        let hours = WorkingHours::default();
        let date = NaiveDate::from_ymd_opt(2024, 10, 28).unwrap();
        // the first four kept, then each of six pushing the oldest out, in turn and back
        for round in [&zones[..4], &zones[..], &zones[..4], &zones[2..]] {
            for tz in round.iter().chain(round.iter().rev()) {
                assert_eq!(
                    working_window(date, *tz, &hours),
                    window_of(date, *tz, &hours),
                    "{tz}"
                );
            }
        }
    }

    fn day(events: &str) -> PersonDay {
        let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:Europe/Berlin\n{events}END:VCALENDAR\n");
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        let days = person_days(
            &classify(&cal, &Options::default(), &Interned::default()),
            &Options::default(),
        );
        days.into_iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2024, 1, 8).unwrap())
            .unwrap()
    }

    fn meeting(uid: &str, start: &str, end: &str, extra: &str) -> String {
        format!("BEGIN:VEVENT\nUID:{uid}\nDTSTART;TZID=Europe/Berlin:20240108T{start}00\nDTEND;TZID=Europe/Berlin:20240108T{end}00\nORGANIZER:mailto:boss@x.org\nATTENDEE:mailto:me@x.org\n{extra}END:VEVENT\n")
    }

    #[test]
    fn overlapping_meetings_count_once_and_leave_focus_and_fragments_by_hand() {
        let events = meeting("a", "1000", "1100", "")
            + &meeting("b", "1030", "1130", "")
            + &meeting("c", "1400", "1500", "");
        let d = day(&events);
        assert_eq!(
            (d.meeting_min, d.meeting_raw_min, d.double_booked_min),
            (150, 180, 30)
        );
        // from 1 h blocks, the 60 min block 09-10 counts too: 60 + 150 + 120
        assert_eq!(d.focus_1h_min, 330);
        // 2024-01-08 is a Monday: no weekend meeting minutes
        assert_eq!(d.weekend_meeting_min, 0);
        // free 09-10 (60, fragmented), 11:30-14 (150, focus), 15-17 (120, focus)
        assert_eq!(
            (d.focus_min, d.fragmented_min, d.largest_free_min),
            (270, 60, 150)
        );
        assert_eq!(d.working_min, 480);
        assert_eq!(
            d.focus_min + d.fragmented_min + d.busy_in_hours_min,
            d.working_min
        );
        assert_eq!((d.back_to_back_chains, d.longest_chain), (1, 2));
    }

    #[test]
    fn declined_cancelled_and_solo_focus_blocks_do_not_count() {
        let declined =
            meeting("d", "1000", "1100", "").replace("ATTENDEE:", "ATTENDEE;PARTSTAT=DECLINED:");
        let cancelled = meeting("c", "1200", "1300", "STATUS:CANCELLED\n");
        let focus = "BEGIN:VEVENT\nUID:f\nSUMMARY:Focus time\nDTSTART;TZID=Europe/Berlin:20240108T140000\nDTEND;TZID=Europe/Berlin:20240108T160000\nEND:VEVENT\n";
        let d = day(&(declined + &cancelled + focus));
        assert_eq!((d.meetings, d.meeting_min, d.busy_in_hours_min), (0, 0, 0));
        assert_eq!(d.focus_min, 480);
    }

    #[test]
    fn an_all_day_vacation_removes_the_working_day() {
        let vacation = "BEGIN:VEVENT\nUID:v\nSUMMARY:Vacation\nDTSTART;VALUE=DATE:20240108\nDTEND;VALUE=DATE:20240109\nEND:VEVENT\n";
        let d = day(&(vacation.to_string() + &meeting("a", "1000", "1100", "")));
        assert!(d.day_off);
        assert_eq!(
            (
                d.working_min,
                d.focus_min,
                d.meeting_min,
                d.meeting_after_hours_min
            ),
            (0, 0, 60, 60)
        );
    }

    fn days_of(zone: &str, events: &str) -> Vec<PersonDay> {
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:{zone}\n{events}END:VCALENDAR\n"
        );
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        person_days(
            &classify(&cal, &Options::default(), &Interned::default()),
            &Options::default(),
        )
    }

    #[test]
    fn a_meeting_across_midnight_counts_whole_on_its_start_day_as_after_hours() {
        let late = "BEGIN:VEVENT\nUID:l\nDTSTART;TZID=Europe/Berlin:20240108T230000\nDTEND;TZID=Europe/Berlin:20240109T010000\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n";
        let days = days_of("Europe/Berlin", late);
        let mon = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2024, 1, 8).unwrap())
            .unwrap();
        assert_eq!(
            (
                mon.meeting_min,
                mon.meeting_after_hours_min,
                mon.meeting_in_hours_min
            ),
            (120, 120, 0)
        );
        assert!(days
            .iter()
            .all(|d| d.date == mon.date || d.meeting_min == 0));
    }

    #[test]
    fn working_hours_follow_local_time_on_a_dst_day() {
        // Monday 1 April 2024 in Berlin is after the switch: 09:00-17:00 CEST, still 480 minutes;
        // a 10:00 CEST meeting (08:00Z) sits inside: 09-10 fragmented (60), 11-17 focus (360)
        let m = "BEGIN:VEVENT\nUID:d\nDTSTART:20240401T080000Z\nDTEND:20240401T090000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n";
        let days = days_of("Europe/Berlin", m);
        let d = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2024, 4, 1).unwrap())
            .unwrap();
        assert_eq!(
            (
                d.working_min,
                d.meeting_in_hours_min,
                d.focus_min,
                d.fragmented_min
            ),
            (480, 60, 360, 60)
        );
    }

    #[test]
    fn a_berlin_afternoon_meeting_is_after_hours_for_a_person_in_kolkata() {
        // 16:00-17:30 CET = 20:30-22:00 IST
        let m = "BEGIN:VEVENT\nUID:k\nDTSTART;TZID=Europe/Berlin:20240108T160000\nDTEND;TZID=Europe/Berlin:20240108T173000\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n";
        let days = days_of("Asia/Kolkata", m);
        let d = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2024, 1, 8).unwrap())
            .unwrap();
        assert_eq!(
            (d.meeting_min, d.meeting_after_hours_min, d.focus_min),
            (90, 90, 480)
        );
    }

    #[test]
    fn per_person_settings_change_zone_and_working_hours() {
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:m\nDTSTART:20240108T043000Z\nDTEND:20240108T053000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:n\nDTSTART:20240110T043000Z\nDTEND:20240110T053000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        let cfg = "[people.\"me@x.org\"]\nzone = \"Asia/Kolkata\"\nwork_start = \"10:00\"\nwork_end = \"18:00\"\nwork_days = [\"Mon\", \"Tue\"]\n";
        let opts = toml::from_str::<crate::config::ConfigFile>(cfg)
            .unwrap()
            .into_options()
            .unwrap();
        let cal = crate::people::one_person(cal.calendar, &opts);
        let days = person_days(&classify(&cal, &opts, &Interned::default()), &opts);
        // 04:30Z is 10:00 in Kolkata: inside Monday's 10-18 window; Wednesday is not a working day
        let mon = &days[0];
        assert_eq!(
            (mon.working_min, mon.meeting_in_hours_min, mon.focus_min),
            (480, 60, 420)
        );
        let wed = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2024, 1, 10).unwrap())
            .unwrap();
        assert_eq!((wed.working_min, wed.meeting_after_hours_min), (0, 60));
    }

    #[test]
    fn a_solo_appointment_is_busy_but_not_a_meeting() {
        let dentist = "BEGIN:VEVENT\nUID:x\nSUMMARY:Dentist\nDTSTART;TZID=Europe/Berlin:20240108T120000\nDTEND;TZID=Europe/Berlin:20240108T130000\nEND:VEVENT\n";
        let d = day(&(dentist.to_string() + &meeting("a", "0900", "0930", "")));
        assert_eq!((d.meetings, d.busy_in_hours_min), (1, 90));
        // free: 09:30-12:00 (150 focus), 13:00-17:00 (240 focus)
        assert_eq!((d.focus_min, d.fragmented_min), (390, 0));
    }
}

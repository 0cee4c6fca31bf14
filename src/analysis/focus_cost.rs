//! The focus time each meeting destroys: for every attendee whose calendar is
//! in the input, focus time on that day without the meeting minus focus time
//! with it, per meeting instance and summed per series.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap;

use super::classified::{Classified, Slot};
use super::intervals::{
    gaps, gaps_into, nanos, nanos_of, union, union_in_place, whole_minutes, Interval, NanoInterval,
    Nanos,
};
use super::person::{focus_of, working_window};
use crate::config::Options;

/// Focus minutes lost, per series key.
pub type FocusCost = FxHashMap<Arc<str>, i64>;

/// Focus inside working window `w` with `busy` (any order) in place.
pub(crate) fn day_focus(w: Interval, busy: Vec<Interval>, block: Duration) -> Duration {
    focus_of(&gaps(w, &union(busy)), block)
}

/// Focus minutes lost in one classified calendar, per series key and per
/// meeting (in the order of `c.meetings`: each person's copy carries its own
/// term, and the reduce sums the copies of a meeting; one pass, the series
/// cost is the sum of its meetings').
pub fn focus_cost(c: &Classified, opts: &Options) -> (FocusCost, Vec<i64>) {
    let mut by_meeting = vec![0; c.meetings.len()];
    for (at, lost) in meeting_costs(c, opts) {
        by_meeting[at] += lost;
    }
    // summed by the address of the run's copy of the key (equal keys share
    // it, see [`Interned::str`](super::interned::Interned::str)) before the
    // text is hashed once per series
    let mut by_key: FxHashMap<*const u8, (&Arc<str>, i64)> = FxHashMap::default();
    for (s, lost) in c.meetings.iter().zip(&by_meeting) {
        if *lost != 0 {
            let key = by_key.entry(s.series.as_ptr()).or_insert((&s.series, 0));
            key.1 += lost;
        }
    }
    let mut by_series = FocusCost::default();
    by_series.reserve(by_key.len());
    for (series, lost) in by_key.into_values() {
        *by_series.entry(series.clone()).or_default() += lost;
    }
    (by_series, by_meeting)
}

/// Each meeting of `c` that costs focus (its index in `c.meetings`), with
/// the minutes it costs.
fn meeting_costs(c: &Classified, opts: &Options) -> BlockCosts {
    // in nanoseconds: the minutes are chrono's, worked out in integers
    let ns = |(s, e): Interval| (nanos(s), nanos(e));
    let mut busy: Vec<(NanoInterval, Option<(usize, &Slot)>)> = c
        .meetings
        .iter()
        .enumerate()
        .map(|(at, s)| (ns((s.start, s.end)), Some((at, s))))
        .chain(c.other_busy.iter().map(|i| (ns(*i), None)))
        .collect();
    busy.sort_by_key(|(i, _)| *i);
    let blocks: Vec<NanoInterval> = busy.iter().map(|(i, _)| *i).collect();
    let block = nanos_of(opts.focus_block);
    let mut cost = Vec::with_capacity(c.meetings.len());
    // per local day: the minutes each busy block (by index) costs in its working
    // window (`None`: not a working day), in lists kept from day to day
    let (mut scratch, mut lost) = (Scratch::default(), BlockCosts::new());
    let mut day: Option<(NaiveDate, bool)> = None;
    for (idx, (_, slot)) in busy.iter().enumerate() {
        let Some((at, slot)) = slot else { continue };
        if day.map(|(date, _)| date) != Some(slot.date) {
            let window = working_window(slot.date, c.tz, &c.hours)
                .filter(|_| !c.days_off.contains(&slot.date));
            if let Some(w) = window {
                costs_in_window(&blocks, ns(w), block, &mut scratch, &mut lost);
            }
            day = Some((slot.date, window.is_some()));
        }
        if day.is_some_and(|(_, working)| !working) {
            continue;
        }
        if let Ok(k) = lost.binary_search_by_key(&idx, |(block, _)| *block) {
            cost.push((*at, lost[k].1));
        }
    }
    cost
}

/// Focus minutes per block index, sorted by index (see [`costs_in_window`]).
type BlockCosts = Vec<(usize, i64)>;

/// For each block of `blocks` (sorted) that counts in working window `w`,
/// the focus minutes the window would gain without it, by block index
/// (blocks that gain nothing are left out; all times and `block` in
/// nanoseconds). A sorted list: a map cost more to fill than to ask. A block counts when it starts at most two days
/// before the window and before its end, and ends after its start.
///
/// Leaving one block out frees exactly the time only it covers (coverage
/// depth 1 in a sweep over every start and end), and a freed piece can only
/// join the free gap just before or after it; so one sort and one sweep give
/// every block's cost, where recomputing the day without each block in turn
/// took quadratic time (5,000 one-second meetings in a day: seconds).
fn costs_in_window(
    blocks: &[NanoInterval],
    w: NanoInterval,
    block: Nanos,
    scratch: &mut Scratch,
    costs: &mut BlockCosts,
) {
    let Scratch {
        busy,
        free,
        edges,
        sole,
    } = scratch;
    let earliest = w.0 - nanos_of(Duration::days(2));
    let lo = blocks.partition_point(|(s, _)| *s < earliest);
    let hi = blocks.partition_point(|(s, _)| *s < w.1);
    let counted = || (lo..hi).filter(|i| blocks[*i].1 > w.0 && blocks[*i].1 > blocks[*i].0);
    busy.clear();
    busy.extend(counted().map(|i| blocks[i]));
    union_in_place(busy);
    gaps_into(w, busy, free);
    edges.clear();
    edges.extend(counted().flat_map(|i| [(blocks[i].0, true, i), (blocks[i].1, false, i)]));
    edges.sort_unstable_by_key(|(at, _, _)| *at);
    // time covered by exactly one block, as (block, piece inside `w`), in time order;
    // with depth 1 the sum of the covering blocks' indices is that block's index
    sole.clear();
    let (mut depth, mut sum) = (0usize, 0usize);
    for (k, &(at, starts, i)) in edges.iter().enumerate() {
        if starts {
            (depth, sum) = (depth + 1, sum + i);
        } else {
            (depth, sum) = (depth - 1, sum - i);
        }
        let Some(&(next, _, _)) = edges.get(k + 1) else {
            break;
        };
        let piece = (at.max(w.0), next.min(w.1));
        if depth != 1 || piece.1 <= piece.0 {
            continue;
        }
        match sole.last_mut() {
            Some((owner, last)) if *owner == sum && last.1 == piece.0 => last.1 = piece.1,
            _ => sole.push((sum, piece)),
        }
    }
    sole.sort_by_key(|(owner, _)| *owner); // stable: each block's pieces stay in time order
    let worth = |g: NanoInterval| match g.1 - g.0 {
        d if d >= block => d,
        _ => 0,
    };
    costs.clear();
    for pieces in sole.chunk_by(|a, b| a.0 == b.0) {
        // a piece joins the gap that ends where it starts and the one that starts where it
        // ends; two pieces of one block never share a gap (the block lies between them)
        let mut gained = 0;
        for &(_, (from, to)) in pieces {
            let before = free.binary_search_by_key(&from, |g| g.1).ok();
            let after = free.binary_search_by_key(&to, |g| g.0).ok();
            let joined = (
                before.map_or(from, |g| free[g].0),
                after.map_or(to, |g| free[g].1),
            );
            gained += worth(joined);
            for g in before.into_iter().chain(after) {
                gained -= worth(free[g]);
            }
        }
        let minutes = whole_minutes(gained);
        if minutes > 0 {
            costs.push((pieces[0].0, minutes));
        }
    }
}

/// The lists [`costs_in_window`] works in, kept from window to window (new
/// ones per window were most of its allocations).
#[derive(Default)]
struct Scratch {
    busy: Vec<NanoInterval>,
    free: Vec<NanoInterval>,
    edges: Vec<(Nanos, bool, usize)>,
    sole: Vec<(usize, NanoInterval)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classified::classify;
    use crate::analysis::interned::Interned;
    use crate::ics::{import_bytes, ImportOptions};

    #[test]
    fn a_meeting_in_the_middle_of_a_free_day_costs_the_focus_it_splits() {
        // 09-17 free except 12:00-13:00: focus 3h + 4h = 7h; without it 8h -> cost 60 min.
        // A meeting at 09:00-09:30 leaves 7.5h... its own cost: with both, focus = 2.5h (09:30-12) + 4h = 6.5h;
        // without the 09:00 one: 3h + 4h = 7h -> cost 30 min.
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:noon\nSUMMARY:Noon\nDTSTART:20240108T120000Z\nDTEND:20240108T130000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:early\nSUMMARY:Early\nDTSTART:20240108T090000Z\nDTEND:20240108T093000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            &Options::default(),
        );
        let opts = Options::default();
        let (cost, _) = focus_cost(&classify(&cal, &opts, &Interned::default()), &opts);
        assert_eq!(cost.get("title:noon|a@x.org"), Some(&60));
        assert_eq!(cost.get("title:early|a@x.org"), Some(&30));
    }

    /// A calendar of UTC meetings on Monday 2024-01-08, each `(title, start, end)` as HHMM.
    fn monday(meetings: &[(&str, &str, &str)]) -> String {
        let events: String = meetings
            .iter()
            .enumerate()
            .map(|(i, (title, from, to))| {
                format!("BEGIN:VEVENT\nUID:m{i}\nSUMMARY:{title}\nDTSTART:20240108T{from}00Z\nDTEND:20240108T{to}00Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\n")
            })
            .collect();
        format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\n{events}END:VCALENDAR\n"
        )
    }

    fn costs(text: &str, opts: &Options) -> FocusCost {
        let cal = crate::people::one_person(
            import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default()),
            opts,
        );
        focus_cost(&classify(&cal, opts, &Interned::default()), opts).0
    }

    #[test]
    fn overlapping_meetings_cost_only_the_time_they_alone_cover() {
        // 09:00-17:00 working day. Alpha 09:30-11:00 holds Beta 10:00-10:30; Gamma
        // 10:45-12:00 and Delta 11:30-12:30 chain onto it: one busy run 09:30-12:30.
        // Echo and Foxtrot are the same 14:00-14:30 twice; Golf 16:00-16:15.
        // Free: 09:00-09:30 (30), 12:30-14:00 (90), 14:30-16:00 (90), 16:15-17:00 (45).
        let text = monday(&[
            ("Alpha", "0930", "1100"),
            ("Beta", "1000", "1030"),
            ("Gamma", "1045", "1200"),
            ("Delta", "1130", "1230"),
            ("Echo", "1400", "1430"),
            ("Foxtrot", "1400", "1430"),
            ("Golf", "1600", "1615"),
        ]);
        let key = |t: &str| format!("title:{}|a@x.org", t.to_lowercase());
        let cost = |c: &FocusCost, t: &str| c.get(key(t).as_str()).copied().unwrap_or(0);
        // 2-hour blocks: no gap counts with everything in place. Without Delta,
        // 12:00-14:00 is free (120); without Golf, 14:30-17:00 (150). Alpha frees only
        // 09:30-10:00 and 10:30-10:45, Gamma only 11:00-11:30: no 2-hour gap. Beta lies
        // inside Alpha, and Echo and Foxtrot cover each other: they free nothing.
        let opts = Options::default();
        let c = costs(&text, &opts);
        let want = [0, 0, 0, 120, 0, 0, 150];
        let titles = ["Alpha", "Beta", "Gamma", "Delta", "Echo", "Foxtrot", "Golf"];
        let got: Vec<i64> = titles.iter().map(|t| cost(&c, t)).collect();
        assert_eq!(got, want);
        // 30-minute blocks: 30 + 90 + 90 + 45 = 255 with everything. Without Alpha,
        // 09:00-10:00 (60; 10:30-10:45 is too short): +30. Without Gamma, 11:00-11:30
        // (30): +30. Without Delta, 12:00-14:00 (120 for 90): +30. Without Golf,
        // 14:30-17:00 (150 for 90 + 45): +15.
        let opts = Options {
            focus_block: Duration::minutes(30),
            ..Options::default()
        };
        let c = costs(&text, &opts);
        let got: Vec<i64> = titles.iter().map(|t| cost(&c, t)).collect();
        assert_eq!(got, [30, 0, 30, 30, 0, 0, 15]);
    }

    #[test]
    fn the_one_sweep_agrees_with_recomputing_the_day_without_each_block() {
        use chrono::{TimeZone, Utc};
        let day = Utc.with_ymd_and_hms(2024, 1, 8, 0, 0, 0).unwrap();
        let w = (day + Duration::hours(9), day + Duration::hours(17));
        let mut rng = crate::rng::Rng::new(1);
        let mut next = |n: i64| rng.below(n as usize) as i64;
        // the lists are reused from case to case, as from day to day
        let (mut scratch, mut fast) = (Scratch::default(), BlockCosts::new());
        for _ in 0..300 {
            // blocks of up to 3 hours from two days before to the evening, some empty or
            // reversed, on a minute grid so that touching and equal ends are common
            let mut blocks: Vec<Interval> = (0..next(25))
                .map(|_| {
                    let start = day + Duration::minutes(next(3_500) - 2_600);
                    (start, start + Duration::minutes(next(200) - 20))
                })
                .collect();
            blocks.sort();
            let block = Duration::minutes(15 * (1 + next(8)));
            let ns = |(s, e): Interval| (nanos(s), nanos(e));
            let in_nanos: Vec<NanoInterval> = blocks.iter().map(|b| ns(*b)).collect();
            costs_in_window(&in_nanos, ns(w), nanos_of(block), &mut scratch, &mut fast);
            assert!(fast.windows(2).all(|p| p[0].0 < p[1].0), "sorted: {fast:?}");
            let lo = blocks.partition_point(|(s, _)| *s < w.0 - Duration::days(2));
            let hi = blocks.partition_point(|(s, _)| *s < w.1);
            let focus = |skip: Option<usize>| {
                let list = (lo..hi).filter(|i| Some(*i) != skip && blocks[*i].1 > w.0);
                day_focus(w, list.map(|i| blocks[i]).collect(), block)
            };
            let with_all = focus(None);
            for i in 0..blocks.len() {
                let slow = (focus(Some(i)) - with_all).num_minutes();
                let got = fast.iter().find(|(block, _)| *block == i).map(|c| c.1);
                assert_eq!(got.unwrap_or(0), slow, "{blocks:?} {i}");
            }
        }
    }
}

//! Meetings counted once for the team, grouped into series: explicit ones
//! (one UID with RRULE/RDATE and its overrides) and implicit ones (one-offs
//! with the same normalised title and organizer on a regular cadence).

use std::cmp::Reverse;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::classified::Slot;
use super::classify::participants;
use super::focus_cost::FocusCost;
use super::interned::Interned;
use super::intervals::span;
use super::kind::Kind;
use super::lifecycle::SeriesMonth;
use super::partial::PersonPartial;
use super::title_key::normalised_title;
use crate::config::{Options, WorkingHours};
use crate::model::{Attendee, EventInfo, Occurrence, PartStat};

/// One meeting instance, counted once however many calendars hold it.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub series: Arc<str>,
    /// Shared with the partials' copies (one string per run).
    pub uid: Arc<str>,
    pub title: Arc<str>,
    pub organizer: Option<Arc<str>>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Distinct people invited (organizer included, rooms excluded).
    pub invitees: usize,
    pub declined: usize,
    pub tentative: usize,
    pub accepted: usize,
    /// Invited people (rooms excluded) without an answer (NEEDS-ACTION).
    pub no_answer: usize,
    /// The organizer is listed as an attendee who declined.
    pub organizer_declined: bool,
    pub has_agenda: bool,
    pub recurring: bool,
    pub has_end: bool,
    /// When the series began (its DTSTART), when known.
    pub series_start: Option<DateTime<Utc>>,
    /// Hours between CREATED and the start, when CREATED is known.
    pub notice_hours: Option<i64>,
    pub kind: Kind,
    /// Invitees whose calendars are in the input, with their zones (shared
    /// by the meetings of one invitation list).
    pub known: Arc<KnownInvitees>,
    /// Known invitees for whom the meeting falls outside working hours.
    pub outside_hours: usize,
    /// Focus minutes it costs its attendees whose calendars are in the input
    /// (see [`super::focus_cost`]; the sum of its copies' terms).
    pub focus_cost_min: i64,
}

impl Meeting {
    /// Whole minutes, as chrono's subtraction counts them (see [`span`]: the
    /// reduce asks this of every meeting several times).
    pub fn minutes(&self) -> i64 {
        span(self.start, self.end).num_minutes()
    }

    /// People who spend the time: invitees minus those who declined.
    pub fn attendees(&self) -> usize {
        self.invitees.saturating_sub(self.declined).max(1)
    }
}

/// The series an occurrence belongs to: its UID when it recurs, else its
/// title with dates and counters dropped (see [`normalised_title`]) and its
/// organizer (a candidate implicit series).
pub fn series_key(o: &Occurrence) -> String {
    series_key_with(o, || normalised_title(&o.event.summary))
}

/// [`series_key`] with the normalised title made by `normalised`, asked
/// only for a one-off (the map looks it up once per distinct title of the
/// run, see [`Interned::title`]). Built by concatenation: `format!` cost
/// ten times as much, once per distinct series text of every calendar.
pub fn series_key_with<T: AsRef<str>>(o: &Occurrence, normalised: impl FnOnce() -> T) -> String {
    if o.event.is_recurring {
        return ["uid:", &o.event.uid].concat();
    }
    let organizer = o.event.organizer.as_deref().unwrap_or("");
    ["title:", normalised().as_ref(), "|", organizer].concat()
}

/// One event as a calendar's copies of it share it: everything the team's
/// meeting row needs from the event, worked out once per event in the
/// person's pass (the description is searched there and then dropped).
/// Invitees are kept as addresses, since which of them are analysed people
/// (and in which zone) is only known to the reduce.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyEvent {
    /// Text shared with every other copy of the run ([`Interned`]).
    pub uid: Arc<str>,
    pub title: Arc<str>,
    pub organizer: Option<Arc<str>>,
    /// Invited addresses (people, then the organizer; no rooms) as the
    /// event lists them, repeats included: the attendees' interned
    /// addresses, shared with the calendar. Sorting and deduplicating is
    /// left to the reduce, which does it for the one copy it keeps.
    pub invited: Arc<[Arc<str>]>,
    /// See [`Meeting`] for these.
    pub invitees: usize,
    pub declined: usize,
    pub tentative: usize,
    pub accepted: usize,
    pub no_answer: usize,
    /// Invitees (people, not rooms) whose answer is known: the copy with
    /// the most wins the dedupe.
    pub answered: usize,
    pub organizer_declined: bool,
    pub has_agenda: bool,
    pub recurring: bool,
    pub has_end: bool,
    pub series_start: Option<DateTime<Utc>>,
    pub created: Option<DateTime<Utc>>,
}

impl CopyEvent {
    /// The copy of the event of `s`, its invitation looked up in (or added
    /// to) the calendar's `invitations`.
    pub fn of<'a>(s: &Slot<'a>, invitations: &mut Invitations<'a>) -> CopyEvent {
        let ev = &*s.occ.event;
        let inv = invitations.of(ev);
        CopyEvent {
            uid: invitations.shared.str(&ev.uid),
            title: s.title.clone(),
            organizer: inv.organizer,
            invited: inv.invited,
            invitees: participants(s.occ),
            declined: inv.declined,
            tentative: inv.tentative,
            accepted: inv.accepted,
            no_answer: inv.no_answer,
            answered: inv.answered,
            organizer_declined: inv.organizer_declined,
            has_agenda: ev.has_agenda(s.title_agenda),
            recurring: ev.is_recurring,
            has_end: ev.has_end,
            series_start: ev.series_start,
            created: ev.created,
        }
    }
}

/// The invitations of one calendar's events, each worked out once per
/// attendee list and organizer: the importer shares one list between the
/// events of a file that repeat it (the instances of an export that writes
/// each out, a series' overrides), and reading a 1,000-person list for its
/// answers and the run's copy of it once per event was the largest part of
/// a copy's cost.
pub struct Invitations<'a> {
    shared: &'a Interned,
    known: FxHashMap<(*const Attendee, Option<&'a str>), Invitation>,
}

/// Who an event invites and what they answered (see [`CopyEvent`]).
#[derive(Clone)]
struct Invitation {
    organizer: Option<Arc<str>>,
    invited: Arc<[Arc<str>]>,
    declined: usize,
    tentative: usize,
    accepted: usize,
    no_answer: usize,
    answered: usize,
    organizer_declined: bool,
}

impl<'a> Invitations<'a> {
    /// No invitation known yet; text goes to the run's `shared` store.
    pub fn new(shared: &'a Interned) -> Invitations<'a> {
        Invitations {
            shared,
            known: FxHashMap::default(),
        }
    }

    fn of(&mut self, ev: &'a EventInfo) -> Invitation {
        let shared = self.shared;
        let key = (ev.attendees.as_ptr(), ev.organizer.as_deref());
        self.known
            .entry(key)
            .or_insert_with(|| {
                let organizer = ev.organizer.as_deref().map(|o| shared.str(o));
                Invitation::of(ev, organizer, shared)
            })
            .clone()
    }
}

impl Invitation {
    /// One pass over the event's attendees (people only, not rooms);
    /// `organizer` is the run's copy of the event's.
    ///
    /// Tried and dropped: asking the run's store with the addresses where
    /// they are (hashed and compared through an iterator over the
    /// attendees, the list built only when the run has none), not with a
    /// vector of them cloned for each ask. It saved no time (10 alternating
    /// pairs of `analyze` on the bench corpus: wall and CPU ratios 1.00)
    /// and cost instructions: the attendees are walked three times instead
    /// of once (callgrind, 200 people, one thread: 5,758 -> 5,799 M). An
    /// ask waits on the store's cold memory, not on the vector.
    fn of(ev: &EventInfo, organizer: Option<Arc<str>>, shared: &Interned) -> Invitation {
        let mut invited = Vec::with_capacity(ev.attendees.len() + 1);
        let (mut declined, mut tentative, mut accepted, mut no_answer) = (0, 0, 0, 0);
        let mut organizer_declined = false;
        for a in ev.attendees.iter().filter(|a| a.cutype.is_person()) {
            match a.partstat {
                PartStat::Declined => {
                    declined += 1;
                    organizer_declined |= ev.organizer.as_deref() == Some(&*a.email);
                }
                PartStat::Tentative => tentative += 1,
                PartStat::Accepted => accepted += 1,
                PartStat::NeedsAction => no_answer += 1,
                PartStat::Delegated => {}
            }
            invited.push(a.email.clone());
        }
        let answered = invited.len() - no_answer;
        invited.extend(organizer.clone());
        Invitation {
            invited: shared.list(&invited),
            organizer,
            declined,
            tentative,
            accepted,
            no_answer,
            answered,
            organizer_declined,
        }
    }
}

/// One calendar's copy of a meeting instance, owned (no borrow of the calendar).
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingCopy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Local date of the start in the owner's zone.
    pub date: chrono::NaiveDate,
    pub series: Arc<str>,
    pub kind: Kind,
    /// Shared by the copies of one event in this calendar.
    pub event: Arc<CopyEvent>,
    /// Focus minutes this meeting cost this person (0 for a declined copy):
    /// the meeting's focus cost is the sum over its copies.
    pub focus_min: i64,
}

impl MeetingCopy {
    pub fn of(slot: &Slot, event: Arc<CopyEvent>, focus_min: i64) -> MeetingCopy {
        MeetingCopy {
            start: slot.start,
            end: slot.end,
            date: slot.date,
            series: slot.series.clone(),
            kind: slot.kind,
            event,
            focus_min,
        }
    }
}

/// All meetings of all people, each counted once (key: UID and start);
/// a meeting only its analysed invitees declined is still one (it counts in
/// its series' decline rate, and its attendees exclude the decliners).
/// Where copies disagree, the copy with the most answers known wins (the
/// organizer's copy usually); the first person's on a tie. Sorted by start, then UID.
pub fn collect_meetings(people: &[PersonPartial]) -> Vec<Meeting> {
    let zones: FxHashMap<&str, (Tz, WorkingHours)> = people
        .iter()
        .filter_map(|p| {
            p.meta
                .owner
                .as_deref()
                .map(|o| (o, (p.meta.zone, p.meta.hours)))
        })
        .collect();
    // every copy, sorted so that the copies of one meeting are adjacent with
    // the best-informed (then the first person's) in front
    let ranks = uid_ranks(people);
    let mut copies: Vec<Ranked> = people
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            let ranks = &ranks;
            p.meetings.iter().chain(&p.declined).map(move |s| {
                (
                    s.start,
                    ranks[&text_address(&s.event.uid)],
                    Reverse(count(s.event.answered)),
                    count(i),
                    s,
                )
            })
        })
        .collect();
    // the comparisons must give the order of (start, UID text, answers,
    // person): one person's copies of a meeting can tie on every key (same
    // start, UID and answers), and the sort's own order then picks the copy
    // kept, so each comparison must come out as before. Sorting by the
    // UID's address alone and ordering the meetings by text after
    // (callgrind, analyze of /tmp/sub200: the sort 99.8 -> 80.2 M,
    // collect_meetings 236.8 -> 223.6 M) kept another copy of 23 of the
    // bench corpus's 145,252 meetings: dropped. The UID's rank in text
    // order compares as its text does
    copies.par_sort_unstable_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
    // where each meeting's copies begin (from the sorted keys alone), then
    // the copies themselves (their focus terms, the kept one's invitation
    // list), on both cores: read in one serial pass, 850,000 copies of the
    // bench corpus cost more than their parallel sort
    let same = |a: &Ranked, b: &Ranked| (a.0, a.1) == (b.0, b.1);
    let bounds: Vec<usize> = (0..copies.len())
        .into_par_iter()
        .filter(|&k| k == 0 || !same(&copies[k - 1], &copies[k]))
        .chain([copies.len()])
        .collect();
    let firsts: Vec<(&MeetingCopy, i64, &[Arc<str>])> = bounds
        .par_windows(2)
        .map(|w| {
            let same = &copies[w[0]..w[1]];
            let copy = same[0].4;
            let focus = same.iter().map(|c| c.4.focus_min).sum();
            (copy, focus, &*copy.event.invited)
        })
        .collect();
    drop(copies);
    let mut lists = InvitationLists::default();
    let list_of: Vec<usize> = firsts.iter().map(|f| lists.index(f.2)).collect();
    let known: Vec<Arc<KnownInvitees>> = lists
        .distinct
        .par_iter()
        .map(|list| Arc::new(KnownInvitees::of(list, &zones)))
        .collect();
    firsts
        .into_par_iter()
        .zip(list_of)
        .map(|((s, focus_min, _), list)| Meeting {
            focus_cost_min: focus_min,
            ..meeting_of(s, &known[list])
        })
        .collect()
}

/// The address of an interned text (see [`Interned`]): the copies of one
/// meeting share one UID, and the meeting kept shares it too, so an equal
/// address is an equal text (a different one may still be equal text,
/// interned apart).
pub(super) fn text_address(text: &Arc<str>) -> usize {
    Arc::as_ptr(text) as *const u8 as usize
}

/// The rank of every copy's UID in text order, by the address of its text
/// (UIDs interned apart with one text share a rank): the dedupe's sort then
/// compares numbers only. Each distinct text is read once, in the sort of
/// the distinct UIDs; compared in the sort of the copies (by address first,
/// then by text), copies of different meetings at one start read both
/// hundred-byte Outlook UIDs from cold memory (perf, bench corpus: the sort
/// and its comparisons 3.5% of the run's real time, memcmp 0.5%).
fn uid_ranks(people: &[PersonPartial]) -> FxHashMap<usize, u32> {
    let by_address = people
        .par_iter()
        .fold(FxHashMap::default, |mut uids, p| {
            for s in p.meetings.iter().chain(&p.declined) {
                uids.entry(text_address(&s.event.uid))
                    .or_insert(&*s.event.uid);
            }
            uids
        })
        .reduce(FxHashMap::default, |a, b| {
            let (mut more, fewer) = if a.len() < b.len() { (b, a) } else { (a, b) };
            more.extend(fewer);
            more
        });
    let mut texts: Vec<(&str, usize)> = by_address.into_iter().map(|(a, t)| (t, a)).collect();
    texts.par_sort_unstable();
    let mut rank = 0;
    let mut ranks = FxHashMap::with_capacity_and_hasher(texts.len(), Default::default());
    for (k, &(text, address)) in texts.iter().enumerate() {
        if k > 0 && texts[k - 1].0 != text {
            rank += 1;
        }
        ranks.insert(address, rank);
    }
    ranks
}

/// A copy ranked for the dedupe: (start, the rank of its UID's text (see
/// [`uid_ranks`]), answers known, reversed so that more sorts first, person
/// index, the copy). The counts are `u32`, so that a copy takes 32 bytes
/// (850,000 of them on the bench corpus; 56 with the UID as `&str` and
/// `usize` counts, which put the reduce's peak 20-40 MiB higher).
type Ranked<'a> = (DateTime<Utc>, u32, Reverse<u32>, u32, &'a MeetingCopy);

/// `n` as a [`Ranked`] count (no calendar holds 4 billion people or answers).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The distinct invitation lists of the meetings kept, by allocation (the
/// partials share one list among the copies and instances of an event):
/// who of them is known is worked out once per list.
#[derive(Default)]
struct InvitationLists<'a> {
    index: FxHashMap<(usize, usize), usize>,
    distinct: Vec<&'a [Arc<str>]>,
}

impl<'a> InvitationLists<'a> {
    /// The index of `list` in `distinct`, added if new.
    fn index(&mut self, list: &'a [Arc<str>]) -> usize {
        let key = (list.as_ptr() as usize, list.len());
        *self.index.entry(key).or_insert_with(|| {
            self.distinct.push(list);
            self.distinct.len() - 1
        })
    }
}

/// Invitees of a meeting whose calendars are in the input: how many, and
/// how many of them share each zone and working hours. An all-hands invites
/// a thousand people from a few zones: its working hours are tested once per
/// zone and hours, not once per invitee.
#[derive(Debug, Default, PartialEq)]
pub struct KnownInvitees {
    pub people: usize,
    pub zones: Vec<((Tz, WorkingHours), usize)>,
}

impl KnownInvitees {
    /// The distinct people of `invited` found in `zones` (their owners').
    /// Told apart by the address of their key in `zones` (one per text):
    /// the addresses sorted as text, a thousand-person list took a
    /// thousand-odd string comparisons and its unknown invitees with it
    /// (perf, bench corpus: memcmp in this sort 0.2% of the run's samples).
    fn of(invited: &[Arc<str>], zones: &FxHashMap<&str, (Tz, WorkingHours)>) -> KnownInvitees {
        let mut found: Vec<_> = invited
            .iter()
            .filter_map(|a| zones.get_key_value(&**a))
            .map(|(key, zone)| ((key.as_ptr() as usize, key.len()), zone))
            .collect();
        found.sort_unstable_by_key(|f| f.0);
        found.dedup_by_key(|f| f.0);
        let mut known = KnownInvitees::default();
        for (_, zone) in found {
            known.people += 1;
            match known.zones.iter_mut().find(|(z, _)| z == zone) {
                Some((_, n)) => *n += 1,
                None => known.zones.push((*zone, 1)),
            }
        }
        known
    }
}

fn meeting_of(copy: &MeetingCopy, known: &Arc<KnownInvitees>) -> Meeting {
    let (ev, start, end) = (&*copy.event, copy.start, copy.end);
    let outside_hours = known
        .zones
        .iter()
        .filter(|((tz, hours), _)| outside(start, end, *tz, hours))
        .map(|(_, n)| n)
        .sum();
    Meeting {
        series: copy.series.clone(),
        uid: ev.uid.clone(),
        title: ev.title.clone(),
        organizer: ev.organizer.clone(),
        start,
        end,
        invitees: ev.invitees,
        declined: ev.declined,
        tentative: ev.tentative,
        accepted: ev.accepted,
        no_answer: ev.no_answer,
        organizer_declined: ev.organizer_declined,
        has_agenda: ev.has_agenda,
        recurring: ev.recurring,
        has_end: ev.has_end,
        series_start: ev.series_start,
        notice_hours: ev.created.map(|c| (start - c).num_hours()),
        kind: copy.kind,
        known: known.clone(),
        outside_hours,
        focus_cost_min: 0,
    }
}

/// The meeting starts or ends outside the person's working hours or days.
fn outside(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, hours: &WorkingHours) -> bool {
    use chrono::Datelike;
    let (s, e) = (
        local_time(start, tz),
        local_time(end - Duration::seconds(1), tz),
    );
    let minutes = |t: chrono::NaiveTime| t.hour() * 60 + t.minute();
    let (ws, we) = (minutes(hours.start), minutes(hours.end));
    !hours.works_on(s.weekday())
        || minutes(s.time()) < ws
        || minutes(e.time()) >= we
        || s.date() != e.date()
}

/// `t` in `tz`'s local time, remembered per thread in a small table (a
/// pure function of its arguments, so a remembered answer is the answer):
/// the meetings are read in start order, and many share a start or an end
/// (the hours and half hours of a working day) in the few zones of their
/// invitees, where each conversion searched the zone's transitions
/// (550,000 of them on the bench corpus).
fn local_time(t: DateTime<Utc>, tz: Tz) -> chrono::NaiveDateTime {
    type Entry = Option<(DateTime<Utc>, Tz, chrono::NaiveDateTime)>;
    const SLOTS: usize = 1024;
    thread_local! {
        static REMEMBERED: std::cell::RefCell<Vec<Entry>> =
            std::cell::RefCell::new(vec![None; SLOTS]);
    }
    // the minute and the zone, mixed (Fibonacci hashing) into the slot's bits
    let key = (t.timestamp().div_euclid(60) as u64) ^ ((tz as u64) << 40);
    let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % SLOTS;
    REMEMBERED.with_borrow_mut(|remembered| match remembered[slot] {
        Some((at, zone, local)) if at == t && zone == tz => local,
        _ => {
            let local = t.with_timezone(&tz).naive_local();
            remembered[slot] = Some((t, tz, local));
            local
        }
    })
}

/// How often a series meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Once,
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    Irregular,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Once => "once",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
            Cadence::Irregular => "irregular",
        }
    }

    /// From the median gap in days between consecutive meetings (a daily
    /// meeting on weekdays has a median gap of one day).
    pub fn from_starts(starts: &[DateTime<Utc>]) -> Cadence {
        if starts.len() < 2 {
            return Cadence::Once;
        }
        let mut gaps: Vec<f64> = starts
            .windows(2)
            .map(|w| (w[1] - w[0]).num_minutes() as f64 / 1440.0)
            .collect();
        gaps.sort_by(f64::total_cmp);
        match gaps[gaps.len() / 2] {
            g if g <= 1.5 => Cadence::Daily,
            g if (6.0..=8.0).contains(&g) => Cadence::Weekly,
            g if (13.0..=15.0).contains(&g) => Cadence::Biweekly,
            g if (27.0..=32.0).contains(&g) => Cadence::Monthly,
            _ => Cadence::Irregular,
        }
    }
}

/// One row of the series table.
#[derive(Debug, Clone)]
pub struct Series {
    pub key: String,
    /// `explicit` (RRULE), `implicit` (repeated one-offs on a cadence) or `one-off`.
    pub source: &'static str,
    pub title: String,
    pub kind: Kind,
    pub organizer: Option<String>,
    pub occurrences: usize,
    pub cadence: Cadence,
    pub typical_minutes: i64,
    pub typical_invitees: usize,
    /// The series' first occurrence: its DTSTART, however long before the window.
    pub first: DateTime<Utc>,
    /// Its first and last meeting in the analysed days.
    pub first_in_window: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub has_end: bool,
    pub person_hours: f64,
    pub hours_per_month: f64,
    pub decline_rate: f64,
    pub tentative_rate: f64,
    pub has_agenda: bool,
    /// Distinct zones among invitees whose calendars are in the input.
    pub zones: usize,
    /// Share of known invitee-instances outside their working hours.
    pub outside_hours_share: f64,
    /// Focus minutes the series costs its known attendees per month.
    pub focus_cost_hours_per_month: f64,
    pub short_notice: usize,
    /// Age, instances and the zombie verdict (see [`super::lifecycle`]).
    pub life: super::lifecycle::Lifecycle,
}

/// A total per month of the analysed period (no clamp: two weeks of data
/// give twice their total per month).
fn per_month(total: f64, months: f64) -> f64 {
    if months > 0.0 {
        total / months
    } else {
        0.0
    }
}

fn median<T: Copy + Ord>(mut v: Vec<T>) -> Option<T> {
    v.sort_unstable();
    v.get(v.len() / 2).copied()
}

/// Groups meetings into series, in key order, each with its lifecycle as
/// of `as_of` (the last analysed day; none without one) and its
/// series_month rows (see [`super::lifecycle`]), in the same order.
/// `months` is the length of the analysed period; `focus_cost` maps a
/// series key to the focus minutes it cost.
///
/// The meetings are grouped by a hash of their key and only the keys are
/// sorted: a sort of all 145,000 meetings of the bench corpus by their long
/// keys (`title:...|organizer`, `uid:...`) compared each with a dozen
/// others. Each series' row, months and verdict are its own, so they are
/// worked out in parallel, in one pass.
pub fn series_table(
    meetings: &[Meeting],
    months: f64,
    focus_cost: &FocusCost,
    as_of: Option<NaiveDate>,
    opts: &Options,
) -> (Vec<Series>, Vec<SeriesMonth>) {
    let mut by: FxHashMap<&str, Vec<&Meeting>> = FxHashMap::default();
    for m in meetings {
        by.entry(&*m.series).or_default().push(m);
    }
    let mut groups: Vec<(&str, Vec<&Meeting>)> = by.into_iter().collect();
    groups.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let rows: Vec<(Series, Vec<SeriesMonth>)> = groups
        .into_par_iter()
        .map(|(key, ms)| {
            let focus_cost_min = focus_cost.get(key).copied().unwrap_or(0);
            let mut series = series_row(key, &ms, months, focus_cost_min, opts);
            let months = as_of
                .map(|d| super::lifecycle::annotate(&mut series, &ms, d, opts))
                .unwrap_or_default();
            (series, months)
        })
        .collect();
    let mut series_months = Vec::new();
    let series = rows
        .into_iter()
        .map(|(series, months)| {
            series_months.extend(months);
            series
        })
        .collect();
    (series, series_months)
}

/// The row of the series `key` of meetings `ms` (at least one).
fn series_row(
    key: &str,
    ms: &[&Meeting],
    months: f64,
    focus_cost_min: i64,
    opts: &Options,
) -> Series {
    let first = ms[0];
    let starts: Vec<DateTime<Utc>> = ms.iter().map(|m| m.start).collect();
    let cadence = Cadence::from_starts(&starts);
    let regular = matches!(
        cadence,
        Cadence::Weekly | Cadence::Biweekly | Cadence::Monthly | Cadence::Daily
    );
    let source = match (
        first.recurring,
        ms.len() >= opts.implicit_series_min && regular,
    ) {
        (true, _) => "explicit",
        (false, true) => "implicit",
        (false, false) => "one-off",
    };
    let invitations: usize = ms.iter().map(|m| m.invitees).sum();
    let known: usize = ms.iter().map(|m| m.known.people).sum();
    let mut zones: Vec<&str> = ms
        .iter()
        .flat_map(|m| m.known.zones.iter().map(|((z, _), _)| z.name()))
        .collect();
    zones.sort_unstable();
    zones.dedup();
    let person_hours: f64 = ms
        .iter()
        .map(|m| m.minutes() as f64 / 60.0 * m.attendees() as f64)
        .sum();
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Series {
        key: key.to_string(),
        source,
        title: first.title.to_string(),
        kind: median(ms.iter().map(|m| m.kind).collect()).unwrap_or(Kind::Other),
        organizer: first.organizer.as_deref().map(str::to_string),
        occurrences: ms.len(),
        cadence,
        typical_minutes: median(ms.iter().map(|m| m.minutes()).collect()).unwrap_or(0),
        typical_invitees: median(ms.iter().map(|m| m.invitees).collect()).unwrap_or(0),
        first: ms
            .iter()
            .filter_map(|m| m.series_start)
            .min()
            .map_or(first.start, |s| s.min(first.start)),
        first_in_window: first.start,
        last: ms.last().map_or(first.start, |m| m.start),
        has_end: first.has_end,
        person_hours,
        hours_per_month: per_month(person_hours, months),
        decline_rate: ratio(ms.iter().map(|m| m.declined).sum(), invitations),
        tentative_rate: ratio(ms.iter().map(|m| m.tentative).sum(), invitations),
        has_agenda: ms.iter().any(|m| m.has_agenda),
        zones: zones.len(),
        outside_hours_share: ratio(ms.iter().map(|m| m.outside_hours).sum(), known),
        focus_cost_hours_per_month: per_month(focus_cost_min as f64 / 60.0, months),
        short_notice: ms
            .iter()
            .filter(|m| m.notice_hours.is_some_and(|h| h < opts.short_notice_hours))
            .count(),
        life: super::lifecycle::Lifecycle::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::map_people;
    use crate::ics::{import_bytes, ImportOptions};
    use crate::model::{AgendaMarks, Calendar};
    use crate::people::one_person;
    use chrono::TimeZone;

    #[test]
    fn a_remembered_local_time_is_chronos_for_its_own_time_and_zone() {
        use chrono_tz::{America, Asia, Europe, UTC};
        // across Berlin's clock change (31 March), seconds apart in one minute
        // and minutes apart (slots reused), asked twice
        let from = Utc.with_ymd_and_hms(2024, 3, 30, 0, 0, 0).unwrap();
        for _ in 0..2 {
            for k in 0..3_000 {
                for t in [
                    from + Duration::seconds(k * 97),
                    from + Duration::seconds(k * 97 + 30),
                ] {
                    for tz in [Europe::Berlin, Asia::Kolkata, America::Sao_Paulo, UTC] {
                        assert_eq!(
                            local_time(t, tz),
                            t.with_timezone(&tz).naive_local(),
                            "{t} {tz}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_agenda_is_a_word_in_any_case_or_two_points_in_title_and_description() {
        let agenda = |summary: &str, description: &str| {
            let text = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:{summary}\nDESCRIPTION:{description}\nDTSTART:20240108T100000Z\nDTEND:20240108T110000Z\nEND:VEVENT\nEND:VCALENDAR\n");
            let cal = import_bytes(text.as_bytes(), "a.ics", &ImportOptions::default());
            let ev = &cal.occurrences[0].event;
            ev.has_agenda(AgendaMarks::of(&ev.summary))
        };
        assert!(agenda("Planning", "AGENDA: budget"));
        assert!(agenda("Jour fixe – Tagesordnung", ""));
        assert!(agenda("Point", "Ordre du Jour\\, puis questions"));
        assert!(agenda("Review", "Points:\\n- one\\n- two"));
        // one point in the title and one in the description make two
        assert!(agenda("Review\\n- scope", "Notes\\n- risks"));
        assert!(!agenda("Review", "Points:\\n- one only"));
        assert!(!agenda("Agend a", "a genda"));
    }

    #[test]
    fn a_meeting_in_two_calendars_is_counted_once_and_a_one_on_one_is_small() {
        let status = |owner: &str| {
            let people: String = (0..12)
                .map(|i| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{i}@x.org\n"))
                .collect();
            let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:s\nSUMMARY:Weekly status\nDTSTART:20240108T100000Z\nDTEND:20240108T110000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nORGANIZER:mailto:p0@x.org\n{people}END:VEVENT\nBEGIN:VEVENT\nUID:o\nSUMMARY:Chat\nDTSTART:20240109T100000Z\nDTEND:20240109T103000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nORGANIZER:mailto:p0@x.org\nATTENDEE:mailto:{owner}\nEND:VEVENT\nEND:VCALENDAR\n");
            import_bytes(text.as_bytes(), owner, &ImportOptions::default())
        };
        let opts = Options::default();
        let cals = [status("p1@x.org"), status("p2@x.org")].map(|c| one_person(c, &opts));
        let meetings = collect_meetings(&map_people(&cals[..], &opts));
        // 4 status meetings once, plus each person's own 4 one-on-ones (different attendees, same UID
        // and start: counted once as well, since they are the same event)
        assert_eq!(meetings.iter().filter(|m| &*m.uid == "s").count(), 4);
        let (series, _) = series_table(&meetings, 1.0, &FocusCost::default(), None, &opts);
        let s = series.iter().find(|s| s.title == "Weekly status").unwrap();
        assert_eq!(
            (s.occurrences, s.typical_invitees, s.cadence, s.kind),
            (4, 12, Cadence::Weekly, Kind::Status)
        );
        // person-hours: 4 x 1 h x 12 people
        assert!((s.person_hours - 48.0).abs() < 1e-9);
        assert_eq!(s.zones, 1);
        let chat = series.iter().find(|s| s.title == "Chat").unwrap();
        assert_eq!((chat.typical_invitees, chat.kind), (2, Kind::OneOnOne));
    }

    #[test]
    fn the_copy_with_the_most_answers_wins_and_the_first_calendar_on_a_tie() {
        let copy = |owner: &str, title: &str, answers: &str| {
            let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:m\nSUMMARY:{title}\nDTSTART:20240108T100000Z\nDTEND:20240108T110000Z\nORGANIZER:mailto:o@x.org\nATTENDEE:mailto:p1@x.org\nATTENDEE:mailto:p2@x.org\nATTENDEE;PARTSTAT={answers}:mailto:p3@x.org\nEND:VEVENT\nEND:VCALENDAR\n");
            import_bytes(text.as_bytes(), owner, &ImportOptions::default())
        };
        let opts = Options::default();
        let meeting = |cals: &[Calendar]| {
            let cals: Vec<_> = cals.iter().map(|c| one_person(c.clone(), &opts)).collect();
            let mut all = collect_meetings(&map_people(&cals[..], &opts));
            assert_eq!(all.len(), 1);
            all.remove(0)
        };
        // p1's copy knows that p3 declined: it wins although it comes second
        let m = meeting(&[
            copy("p2@x.org", "Sync", "NEEDS-ACTION"),
            copy("p1@x.org", "Sync (p1)", "DECLINED"),
        ]);
        assert_eq!((&*m.title, m.declined), ("Sync (p1)", 1));
        // the same number of answers: the first calendar's copy
        let m = meeting(&[
            copy("p2@x.org", "First", "ACCEPTED"),
            copy("p1@x.org", "Second", "ACCEPTED"),
        ]);
        assert_eq!(&*m.title, "First");
    }

    #[test]
    fn copies_whose_uids_were_interned_apart_are_one_meeting_and_meetings_sort_by_uid_text() {
        // at one start: UID "b" in both calendars, UID "a" in the second only
        let cal = |owner: &str, uids: &[&str]| {
            let events: String = uids.iter().map(|uid| format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:Sync {uid}\nDTSTART:20240108T100000Z\nDTEND:20240108T110000Z\nORGANIZER:mailto:o@x.org\nATTENDEE:mailto:{owner}\nEND:VEVENT\n")).collect();
            let text = format!(
                "BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\n{events}END:VCALENDAR\n"
            );
            let opts = Options::default();
            one_person(
                import_bytes(text.as_bytes(), owner, &ImportOptions::default()),
                &opts,
            )
        };
        let opts = Options::default();
        // two map runs: each interns its own copy of "b"
        let mut parts = map_people([cal("p1@x.org", &["b"])], &opts);
        parts.extend(map_people([cal("p2@x.org", &["b", "a"])], &opts));
        let uid = |i: usize| {
            parts[i]
                .meetings
                .iter()
                .find(|c| &*c.event.uid == "b")
                .map(|c| c.event.uid.clone())
        };
        let (b1, b2) = (uid(0).unwrap(), uid(1).unwrap());
        assert!(
            !Arc::ptr_eq(&b1, &b2),
            "the test needs two allocations of one UID"
        );
        let meetings = collect_meetings(&parts);
        let uids: Vec<&str> = meetings.iter().map(|m| &*m.uid).collect();
        assert_eq!(uids, ["a", "b"]);
    }

    #[test]
    fn known_invitees_are_the_distinct_owners_counted_per_zone_and_hours() {
        let nine_to_five = WorkingHours::default();
        let early = WorkingHours {
            start: chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            ..nine_to_five
        };
        let (berlin, tokyo) = (chrono_tz::Europe::Berlin, chrono_tz::Asia::Tokyo);
        let zones: FxHashMap<&str, (Tz, WorkingHours)> = [
            ("a", (berlin, nine_to_five)),
            ("b", (berlin, nine_to_five)),
            ("c", (berlin, early)),
            ("d", (tokyo, nine_to_five)),
        ]
        .into_iter()
        .collect();
        // "a" twice (an attendee who is also the organizer), "x" unknown
        let invited: Vec<Arc<str>> = ["a", "x", "d", "c", "b", "a"].map(Arc::from).into();
        let known = KnownInvitees::of(&invited, &zones);
        assert_eq!(known.people, 4);
        let mut groups = known.zones.clone();
        groups.sort_by_key(|((tz, hours), _)| (tz.name(), hours.start));
        assert_eq!(
            groups,
            [
                ((tokyo, nine_to_five), 1),
                ((berlin, early), 1),
                ((berlin, nine_to_five), 2),
            ]
        );
    }

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap() + Duration::days(d.into())
    }

    #[test]
    fn cadence_from_median_gap() {
        assert_eq!(Cadence::from_starts(&[day(0)]), Cadence::Once);
        // weekdays: gaps 1,1,1,1,3 -> daily
        assert_eq!(
            Cadence::from_starts(&[day(0), day(1), day(2), day(3), day(6)]),
            Cadence::Daily
        );
        assert_eq!(
            Cadence::from_starts(&[day(0), day(7), day(14), day(22)]),
            Cadence::Weekly
        );
        assert_eq!(
            Cadence::from_starts(&[day(0), day(14), day(28)]),
            Cadence::Biweekly
        );
        assert_eq!(
            Cadence::from_starts(&[day(0), day(31), day(59), day(90)]),
            Cadence::Monthly
        );
        assert_eq!(
            Cadence::from_starts(&[day(0), day(3), day(40)]),
            Cadence::Irregular
        );
    }

    #[test]
    fn the_owners_own_declines_count_in_the_decline_rate_and_the_series_starts_at_its_dtstart() {
        // a weekly two-person series since November 2023; the owner declined the 15 Jan instance
        let text = "BEGIN:VCALENDAR\nX-WR-CALNAME:ana@x.org\nX-WR-TIMEZONE:UTC\n\
BEGIN:VEVENT\nUID:w\nSUMMARY:Weekly sync\nDTSTART:20231106T100000Z\nDTEND:20231106T110000Z\nRRULE:FREQ=WEEKLY\nORGANIZER:mailto:bo@x.org\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@x.org\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:w\nRECURRENCE-ID:20240115T100000Z\nSUMMARY:Weekly sync\nDTSTART:20240115T100000Z\nDTEND:20240115T110000Z\nORGANIZER:mailto:bo@x.org\nATTENDEE;PARTSTAT=DECLINED:mailto:ana@x.org\nEND:VEVENT\n\
END:VCALENDAR\n";
        let at = |d: &str| Some(format!("{d}T00:00:00Z").parse().unwrap());
        let january = ImportOptions {
            from: at("2024-01-08"),
            to: at("2024-01-29"),
            ..ImportOptions::default()
        };
        let opts = Options::default();
        let person = one_person(import_bytes(text.as_bytes(), "ana.ics", &january), &opts);
        let meetings = collect_meetings(&map_people([person], &opts));
        // 8, 15 and 22 January: three meetings, the declined one included
        assert_eq!(meetings.len(), 3);
        let (series, _) = series_table(&meetings, 1.0, &FocusCost::default(), None, &opts);
        // 1 decline of 3 x 2 invitations
        assert!((series[0].decline_rate - 1.0 / 6.0).abs() < 1e-9);
        assert_eq!(
            series[0].first,
            Utc.with_ymd_and_hms(2023, 11, 6, 10, 0, 0).unwrap()
        );
        assert_eq!(
            series[0].first_in_window,
            Utc.with_ymd_and_hms(2024, 1, 8, 10, 0, 0).unwrap()
        );
        // person-hours: the declined meeting costs only bo
        assert!((series[0].person_hours - 5.0).abs() < 1e-9);
    }
}

//! Components: turns content lines into raw VEVENTs and VTIMEZONE parts.
//!
//! Lenient by design: a bad line or property is recorded in [`Quality`] and
//! skipped, a missing END is tolerated, unknown components are ignored, and a
//! bare VEVENT without VCALENDAR is read like any other.
//!
//! Each file's VEVENTs are read here, even those read before in another
//! file of the run. Tried and dropped: a meeting is written byte for byte
//! into the exports of many of its attendees (221,000 of the bench corpus's
//! 456,000 VEVENTs repeat one of another file), so each VEVENT was keyed by
//! a 128-bit hash of its bytes and, when found in a store the run's files
//! shared (direct-mapped, so of bounded size), copied from there instead of
//! read. With 16,384 slots 31% of the events were found there, with 65,536
//! slots 38%, outputs byte-identical, and `analyze` took 1.17 and 1.14
//! times the CPU time (6 and 5 alternating pairs): finding each event's end
//! and hashing its bytes, copying each new event into the store and freeing
//! the one it replaced (with its attendee list, cold and often on the other
//! thread) cost more than reading a repeated event saves.
//!
//! Nor are a VEVENT's ATTENDEE lines taken from other files. Tried and
//! dropped: each run of two or more ATTENDEE lines (the event's first) was
//! read ahead to its end, keyed by a 128-bit hash of its bytes and, when a
//! store the process shared (direct-mapped, 262,144 slots, at most 2 M
//! attendees) had it, taken as a list and its lines not read. On the bench
//! corpus 275,000 of 413,000 runs were found (2.89 M of its 3.75 M
//! ATTENDEE lines), outputs byte-identical, and `analyze` took 1.032 and
//! 1.042 times the CPU time (8 round-robin runs each; 1.004 with runs of
//! eight lines or more only): the file's own memo of lines ([`LineMemo`])
//! already reads a repeated line for about what reading ahead, hashing and
//! asking the cold store cost, and the lines of a taken run no longer
//! enter the memo for the file's later runs. (A list taken from another
//! file also brings that file's copies of its addresses, which
//! `Converter::owner_in` and the other pointer compares of one file must
//! then allow for.)

use std::collections::HashMap;

use super::header::Header;
use super::lines::{
    is_word, name_of, same_word, split, split_named, split_named_with, starts_with_word, trim,
    unescape, Lines, Property,
};
use super::memo::LineMemo;
use super::quality::Quality;
use super::rule::read_rule;
use super::tz::Observance;
use super::values::{parse_duration, parse_offset, Dur, RawTime, SharedTexts};
use std::sync::Arc;

use super::attendees::{address, AttendeeLists, AttendeeParams, AttendeeReader};
use super::describe::describe;
use crate::model::{Attendee, BusyStatus, Description, EventInfo, Status};

/// An RRULE as written, with its line (for messages about it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLine {
    pub line: usize,
    pub text: String,
}

/// An RDATE value: a start, or a PERIOD with its own end or duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RDate {
    At(RawTime),
    PeriodEnd(RawTime, RawTime),
    PeriodDuration(RawTime, Dur),
}

/// An event's UID as read, its text kept where only [`RawEvent::uid`] reads
/// it: [`Converter::take_info`](super::convert::Converter::take_info) moves
/// it into the event's info (a copy cost an allocation and a free per
/// event), and a plain field read after that move was an empty UID in a
/// message, which nothing but a reader's care prevented.
#[derive(Debug, Clone, Default)]
pub struct ReadUid(String);

impl ReadUid {
    /// The text, moved out (for the event's info).
    pub(super) fn take(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// A VEVENT as written.
#[derive(Debug, Clone, Default)]
pub struct RawEvent {
    pub line: usize,
    /// Which VCALENDAR of the file (0-based) holds the event: each is its own
    /// iCalendar object (RFC 5545 §3.4), so UIDs group within one only.
    pub calendar_no: usize,
    /// Read through [`RawEvent::uid`] (see [`ReadUid`]).
    pub uid: ReadUid,
    /// DTSTART appeared more than once (§3.6.1 allows one): the event is ambiguous.
    pub dtstart_twice: bool,
    /// A time property (DTSTART, DTEND, DURATION, RECURRENCE-ID) could not be
    /// read: when or how long the event is is unknown, so it is skipped.
    pub bad_time: Option<String>,
    /// SEQUENCE: a higher one supersedes an older version of the same event.
    pub sequence: i64,
    pub summary: String,
    pub description: Option<Description>,
    pub dtstart: Option<RawTime>,
    pub dtend: Option<RawTime>,
    pub duration: Option<Dur>,
    pub rrules: Vec<RuleLine>,
    pub rdates: Vec<RDate>,
    pub exdates: Vec<RawTime>,
    pub recurrence_id: Option<RawTime>,
    pub this_and_future: bool,
    /// STATUS, TRANSP:TRANSPARENT and Outlook's busy status, read as they
    /// come (the last one written wins).
    pub status: Status,
    pub transparent: bool,
    pub busy_status: Option<BusyStatus>,
    pub ms_all_day: bool,
    pub organizer: Option<String>,
    /// The file's shared copy of the event's list (see [`AttendeeLists`]).
    pub attendees: Arc<[Attendee]>,
    pub created: Option<RawTime>,
    pub dtstamp: Option<RawTime>,
    /// What the event's occurrences share, built once the file's zones are
    /// known (none until then: a default would be allocated and dropped for
    /// every event).
    pub info: Option<Arc<EventInfo>>,
}

impl RawEvent {
    /// The event's UID, wherever it is (see [`ReadUid`]).
    pub fn uid(&self) -> &str {
        self.info.as_ref().map_or(&self.uid.0, |info| &info.uid)
    }
}

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub events: Vec<RawEvent>,
    pub timezones: HashMap<String, Vec<Observance>>,
    pub wr_timezone: Option<String>,
    pub wr_calname: Option<String>,
    /// Owner, working hours and export range (Outlook's X- properties).
    pub header: Header,
    pub quality: Quality,
}

/// Where the parser is.
#[derive(Debug)]
enum Frame {
    Calendar,
    /// A VEVENT, read in place at its place in the file's events, with the
    /// attendees read so far (shared as it ends). An event boxed in its
    /// frame and moved into the list as it ended cost an allocation, a free
    /// and two copies of the event each (callgrind, export of /tmp/sub200,
    /// 1 thread: parse 2,381.3 -> 2,352.0 M, allocations 958 k -> 870 k).
    Event(usize, Vec<Attendee>),
    Timezone(String, Vec<Observance>),
    Observance(Observance),
    /// VALARM, VTODO, ...: read through, ignored.
    Other(String),
}

impl Frame {
    fn name(&self) -> &str {
        match self {
            Frame::Calendar => "VCALENDAR",
            Frame::Event(..) => "VEVENT",
            Frame::Timezone(..) => "VTIMEZONE",
            Frame::Observance(_) => "STANDARD/DAYLIGHT",
            Frame::Other(n) => n,
        }
    }

    fn closes(&self, end: &str) -> bool {
        match self {
            Frame::Observance(_) => {
                end.eq_ignore_ascii_case("STANDARD") || end.eq_ignore_ascii_case("DAYLIGHT")
            }
            other => other.name().eq_ignore_ascii_case(end),
        }
    }
}

/// What reading the VEVENTs of one file keeps from line to line.
#[derive(Debug, Default)]
struct EventReader<'a> {
    attendees: AttendeeReader<'a>,
    lists: AttendeeLists,
    /// What each distinct DESCRIPTION line says: the instances of a
    /// meeting written out repeat it, and reading one unescapes and
    /// searches a thousand characters.
    descriptions: LineMemo<'a, Description>,
    /// A DESCRIPTION that must be unescaped is unescaped here (see
    /// [`describe`]), and copied out only when kept.
    scratch: String,
    keep_descriptions: bool,
    /// The TZIDs of the file's times, one copy each.
    tzids: SharedTexts,
}

impl EventReader<'_> {
    /// The description of a DESCRIPTION line read before, if `raw` (a line
    /// as written) is one.
    #[inline]
    fn described(&mut self, raw: &[u8]) -> Option<Description> {
        if !starts_with_word(raw, b"description") {
            return None;
        }
        self.descriptions.get(raw)
    }
}

/// Parses one file's bytes; `keep_descriptions` keeps the text of each
/// DESCRIPTION (see [`Description`]). A file in UTF-16 is decoded first
/// (see [`super::utf16`]).
pub fn parse(data: &[u8], keep_descriptions: bool) -> ParsedFile {
    let Some((text, bad)) = super::utf16::decode(data) else {
        return parse_utf8(data, keep_descriptions);
    };
    let mut out = parse_utf8(text.as_bytes(), keep_descriptions);
    if bad > 0 {
        let why = format!("UTF-16 with {bad} code unit(s) that are not text: each read as U+FFFD, the replacement character");
        out.quality.warn(0, why);
    }
    out
}

/// [`parse`] of bytes meant as UTF-8 (bytes that are not are read lossily).
fn parse_utf8(data: &[u8], keep_descriptions: bool) -> ParsedFile {
    // room for the events of a typical export (one in every 1.5 KiB or
    // more; the bench corpus has one in 1.8 to 2.5 KiB, and at one in 2 KiB
    // two files in five outgrew the list and copied it whole, a few hundred
    // kilobytes, once), so a large file's events are not moved over and
    // over as the list grows; a file of smaller events grows it past that
    let mut out = ParsedFile {
        events: Vec::with_capacity(data.len() / 1536),
        ..ParsedFile::default()
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut calendars = 0;
    let mut reader = EventReader {
        attendees: AttendeeReader::for_size(data.len()),
        // room for a list per event (most are new)
        lists: AttendeeLists::with_capacity(out.events.capacity()),
        // room for one distinct DESCRIPTION in 8 KiB of file (they are long)
        descriptions: LineMemo::with_capacity(data.len() / 8192),
        scratch: String::new(),
        keep_descriptions,
        tzids: SharedTexts::default(),
    };
    let mut lines = Lines::new(data);
    let mut buf = String::new();
    // components begun (and not yet ended) inside one nested too deep
    let mut too_deep = 0;
    // lines read lossily (bytes that are not UTF-8): how many, and the first
    let (mut lossy, mut first_lossy) = (0, None);
    while let Some(line) = lines.next() {
        if !lines.is_utf8(&line) {
            lossy += 1;
            first_lossy.get_or_insert(line.line_no);
        }
        if too_deep > 0 {
            let text = match lines.first_text(&line) {
                Some(first) => first,
                None => lines.text(&line, &mut buf),
            };
            too_deep = depth_after(too_deep, text);
            continue;
        }
        if let Some(Frame::Event(place, attendees)) = stack.last_mut() {
            let raw = lines.raw(&line);
            if let Some(a) = reader.attendees.seen(raw) {
                attendees.push(a);
                continue;
            }
            if let Some(d) = reader.described(raw) {
                out.events[*place].description = Some(d);
                continue;
            }
        }
        // the name (and parameters) are nearly always on the first physical line
        let first = lines.first_text(&line);
        let named = first.and_then(name_of);
        let kind = named.and_then(|(name, _)| event_kind(&stack, name));
        if let Some(named) = named.filter(|&(name, _)| !reads(&stack, name, kind)) {
            if let Some(prop) = first.and_then(|f| split_named(f, named)) {
                check_params(&prop, line.line_no, &mut out.quality);
                continue;
            }
        }
        let text = match first {
            Some(first) if !line.is_folded() => first,
            _ => lines.text(&line, &mut buf),
        };
        // a file that is not valid UTF-8 has no first text: its lines are
        // named from their (lossily decoded) text, so that a VEVENT property
        // is still read with its parameters (a stray Latin-1 byte anywhere
        // in a file once dropped every TZID and PARTSTAT of that file)
        let (named, kind) = match first {
            Some(_) => (named, kind),
            None => {
                let named = name_of(text);
                (named, named.and_then(|(name, _)| event_kind(&stack, name)))
            }
        };
        // the parameters a VEVENT property is read with are noted as its line is split
        let mut params = ReadParams::default();
        let prop = match named {
            None => split(text),
            Some(named) if kind.is_some() => split_named_with(text, named, |k, v| params.see(k, v)),
            Some(named) => split_named(text, named),
        };
        // read in place: a copy of the property just written by the split
        // waits for its stores (perf)
        let Some(prop) = prop.as_ref() else {
            out.quality
                .skip(line.line_no, format!("malformed line `{}`", preview(text)));
            continue;
        };
        check_params(prop, line.line_no, &mut out.quality);
        if prop.is("BEGIN") {
            if stack.len() >= MAX_NESTING {
                let what = preview(trim(prop.value));
                let why = format!("BEGIN:{what} nested more than {MAX_NESTING} components deep: skipped with all it holds");
                out.quality.skip(line.line_no, why);
                too_deep = 1;
                continue;
            }
            let mut frame = begin(
                trim(prop.value),
                &stack,
                (line.line_no, calendars),
                &mut out.events,
            );
            calendars += usize::from(matches!(frame, Frame::Calendar));
            if let Frame::Event(_, attendees) = &mut frame {
                *attendees = reader.lists.start();
            }
            stack.push(frame);
        } else if prop.is("END") {
            let frames = (&mut stack, &mut reader.lists);
            end(trim(prop.value), frames, &mut out, line.line_no);
        } else {
            match stack.last_mut() {
                Some(Frame::Event(place, attendees)) => {
                    if let Some(kind) = kind.or_else(|| EventProp::of(prop.name)) {
                        let ev = (&mut out.events[*place], attendees);
                        let at = (lines.raw(&line), line.line_no);
                        let prop = (prop, &params);
                        event_property(ev, kind, prop, at, &mut out.quality, &mut reader)
                    }
                }
                Some(Frame::Calendar) => calendar_property(prop, &mut out, line.line_no),
                // Outlook escapes commas in this TZID ("Kuala Lumpur\\, Singapore"), not in TZID= parameters
                Some(Frame::Timezone(tzid, _)) if prop.is("TZID") => {
                    *tzid = unescape(prop.value.trim()).into_owned()
                }
                Some(Frame::Observance(obs)) => {
                    observance_property(obs, prop, line.line_no, &mut out.quality)
                }
                _ => {}
            }
        }
    }
    if let Some(first_lossy) = first_lossy {
        let why = format!("{lossy} line(s) hold bytes that are not UTF-8 (the first is this one): each such byte is read as U+FFFD, the replacement character");
        out.quality.warn(first_lossy, why);
    }
    while let Some(frame) = stack.pop() {
        out.quality.warn(
            0,
            format!("file ends inside {}: closed there", frame.name()),
        );
        finish(frame, (&mut stack, &mut reader.lists), &mut out);
    }
    out
}

/// The deepest nesting of components read. Real exports nest four deep
/// (VCALENDAR, VEVENT, VALARM and an X- component at most); without a bound a
/// file of nothing but BEGIN lines made every END search, and every VEVENT's
/// end move, the whole stack of open ones: quadratic (20,000 nested VEVENTs
/// took 6.6 s to read, 200,000 would take ten minutes). A component begun
/// deeper is skipped with everything in it, and reported once.
const MAX_NESTING: usize = 64;

/// How many skipped components are still open after the line `text` (one
/// more after a BEGIN, one fewer after an END, whatever their names: their
/// content is not read).
fn depth_after(depth: usize, text: &str) -> usize {
    match name_of(text) {
        Some((name, _)) if name.eq_ignore_ascii_case("BEGIN") => depth + 1,
        Some((name, _)) if name.eq_ignore_ascii_case("END") => depth - 1,
        _ => depth,
    }
}

fn preview(text: &str) -> String {
    text.chars().take(60).collect()
}

/// The VEVENT property `name` is, inside a VEVENT.
fn event_kind(stack: &[Frame], name: &str) -> Option<EventProp> {
    match stack.last() {
        Some(Frame::Event(..)) => EventProp::of(name),
        _ => None,
    }
}

/// Whether the parser reads a property named `name` (of `kind` in a VEVENT)
/// where it stands: one it does not read (a VALARM's, or a VEVENT's LOCATION
/// or X-ALT-DESC) is only checked, by [`check_params`], and never unfolded
/// or copied.
fn reads(stack: &[Frame], name: &str, kind: Option<EventProp>) -> bool {
    let begin_end = || name.eq_ignore_ascii_case("BEGIN") || name.eq_ignore_ascii_case("END");
    match stack.last() {
        Some(Frame::Event(..)) => kind.is_some() || begin_end(),
        Some(Frame::Other(_)) | None => begin_end(),
        Some(_) => true,
    }
}

/// Reports a malformed parameter, on any property, read or not. Asked of
/// nearly every line, so only the check is inlined, always: with a bare
/// `#[inline]` the compiler called it (a call per line for one test).
#[inline(always)]
fn check_params(prop: &Property, line: usize, q: &mut Quality) {
    if let Some(bad) = prop.bad_param {
        report_param(bad, prop.name, line, q);
    }
}

fn report_param(bad: &str, name: &str, line: usize, q: &mut Quality) {
    q.warn(
        line,
        format!(
            "malformed parameter `{}` of {} (no `=` or no name): ignored",
            preview(bad),
            preview(name)
        ),
    );
}

/// `calendars` is the number of VCALENDARs begun before this line; a VEVENT
/// is added to `events` (see [`Frame::Event`]). The name is compared in any
/// case where it stands: an upper-cased copy costs an allocation, and
/// reading it back as words waits for its byte stores (perf); only a
/// component nobody reads keeps one, for messages.
fn begin(
    name: &str,
    stack: &[Frame],
    (line, calendars): (usize, usize),
    events: &mut Vec<RawEvent>,
) -> Frame {
    let is = |component: &str| name.eq_ignore_ascii_case(component);
    let in_timezone = matches!(stack.last(), Some(Frame::Timezone(..)));
    if is("VEVENT") {
        events.push(RawEvent {
            line,
            calendar_no: calendars.saturating_sub(1),
            ..RawEvent::default()
        });
        Frame::Event(events.len() - 1, Vec::new())
    } else if is("VCALENDAR") {
        Frame::Calendar
    } else if is("VTIMEZONE") {
        Frame::Timezone(String::new(), Vec::new())
    } else if in_timezone && (is("STANDARD") || is("DAYLIGHT")) {
        Frame::Observance(Observance::default())
    } else {
        Frame::Other(name.to_ascii_uppercase())
    }
}

/// Closes the innermost frame named `name`, closing (with a warning) any frame
/// left open inside it. An END with no matching BEGIN is reported and ignored.
fn end(name: &str, (stack, lists): Frames, out: &mut ParsedFile, line: usize) {
    let Some(depth) = stack.iter().rposition(|f| f.closes(name)) else {
        out.quality.skip(line, format!("END:{name} without BEGIN"));
        return;
    };
    while stack.len() > depth {
        let Some(frame) = stack.pop() else { break };
        if stack.len() > depth {
            out.quality.warn(
                line,
                format!("{} not closed before END:{name}", frame.name()),
            );
        }
        finish(frame, (stack, lists), out);
    }
}

/// The open frames and the file's attendee lists, which an ending VEVENT's
/// list joins.
type Frames<'s, 'l> = (&'s mut Vec<Frame>, &'l mut AttendeeLists);

fn finish(frame: Frame, (stack, lists): Frames, out: &mut ParsedFile) {
    match frame {
        Frame::Event(place, attendees) => {
            out.events[place].attendees = lists.share(attendees);
            // the events are listed in the order they end: one begun inside
            // this one (a VEVENT left open) has ended already
            out.events[place..].rotate_left(1);
        }
        Frame::Timezone(tzid, parts) if !tzid.is_empty() => {
            out.timezones.insert(tzid, parts);
        }
        Frame::Observance(obs) => {
            if let Some(Frame::Timezone(_, parts)) = stack.last_mut() {
                parts.push(obs);
            }
        }
        _ => {}
    }
}

fn calendar_property(prop: &Property, out: &mut ParsedFile, line: usize) {
    if prop.is("X-WR-TIMEZONE") {
        out.wr_timezone = Some(prop.value.trim().to_string());
    } else if prop.is("X-WR-CALNAME") {
        out.wr_calname = Some(unescape(prop.value.trim()).into_owned());
    } else if !out.header.read(prop) {
        out.quality.skip(
            line,
            format!("bad {} value `{}`", prop.name, preview(prop.value)),
        );
    }
}

/// Reads one property of a STANDARD/DAYLIGHT part. A value that cannot be
/// read is reported with its line and dropped (a part without offsets is
/// not used, and its zone may then be unknown).
fn observance_property(obs: &mut Observance, prop: &Property, line: usize, q: &mut Quality) {
    let ok = if prop.is("DTSTART") {
        obs.start = RawTime::parse(prop.value, None).map(|t| t.naive());
        obs.start.is_some()
    } else if prop.is("TZOFFSETFROM") {
        obs.offset_from = parse_offset(prop.value);
        obs.offset_from.is_some()
    } else if prop.is("TZOFFSETTO") {
        obs.offset_to = parse_offset(prop.value);
        obs.offset_to.is_some()
    } else if prop.is("RRULE") {
        match read_rule(prop.value) {
            Ok(rule) => {
                for note in rule.notes {
                    q.warn(line, format!("VTIMEZONE RRULE: {note}"));
                }
                obs.rrules.push(prop.value.to_string());
            }
            Err(e) => q.skip(line, format!("VTIMEZONE RRULE not used: {e}")),
        }
        true
    } else if prop.is("RDATE") {
        let before = obs.rdates.len();
        obs.rdates.extend(
            prop.value
                .split(',')
                .filter_map(|v| RawTime::parse(v, None))
                .map(|t| t.naive()),
        );
        obs.rdates.len() - before == prop.value.split(',').count()
    } else {
        true
    };
    if !ok {
        let name = prop.name.to_ascii_uppercase();
        q.skip(
            line,
            format!("bad VTIMEZONE {name} value `{}`", preview(prop.value)),
        );
    }
}

/// The VEVENT properties the importer reads; any other is passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventProp {
    Uid,
    Sequence,
    Summary,
    Description,
    DtStart,
    DtEnd,
    Duration,
    RRule,
    RDate,
    ExDate,
    RecurrenceId,
    Status,
    Transp,
    BusyStatus,
    AllDay,
    Organizer,
    Attendee,
    Created,
    DtStamp,
}

impl EventProp {
    /// The property a name (in any case) names, if the importer reads it.
    /// Every line of a VEVENT asks, read or not: the name is compared with
    /// the few names of its length by [`same_word`], a word at a time as it
    /// lies in the line. (Upper-casing it into a buffer and comparing whole
    /// arrays stalled: 16-byte loads of bytes just stored one by one wait
    /// for those stores, a seventh of `parse`'s samples in perf.) Always
    /// inlined: with `#[inline]` alone the compiler called it.
    #[inline(always)]
    fn of(name: &str) -> Option<EventProp> {
        let kinds: &[([u8; NAME_MAX], EventProp)] = match name.len() {
            3 => &EVENT_PROPS[..1],
            5 => &EVENT_PROPS[1..4],
            6 => &EVENT_PROPS[4..7],
            7 => &EVENT_PROPS[7..11],
            8 => &EVENT_PROPS[11..14],
            9 => &EVENT_PROPS[14..15],
            11 => &EVENT_PROPS[15..16],
            13 => &EVENT_PROPS[16..17],
            26 => &EVENT_PROPS[17..18],
            27 => &EVENT_PROPS[18..],
            _ => return None,
        };
        let name = name.as_bytes();
        kinds
            .iter()
            .find(|(lower, _)| same_word(name, &lower[..name.len()]))
            .map(|&(_, kind)| kind)
    }
}

/// Room for the longest VEVENT property name the importer reads.
const NAME_MAX: usize = 27;

/// The VEVENT properties read, by length of name (see [`EventProp::of`]),
/// each name lower-case (see [`same_word`]) and padded with zeros to [`NAME_MAX`].
const EVENT_PROPS: [([u8; NAME_MAX], EventProp); 19] = {
    use EventProp as P;
    const fn padded(name: &str) -> [u8; NAME_MAX] {
        let mut out = [0u8; NAME_MAX];
        let mut i = 0;
        while i < name.len() {
            out[i] = name.as_bytes()[i].to_ascii_lowercase();
            i += 1;
        }
        out
    }
    [
        (padded("UID"), P::Uid),
        (padded("DTEND"), P::DtEnd),
        (padded("RRULE"), P::RRule),
        (padded("RDATE"), P::RDate),
        (padded("TRANSP"), P::Transp),
        (padded("STATUS"), P::Status),
        (padded("EXDATE"), P::ExDate),
        (padded("DTSTART"), P::DtStart),
        (padded("DTSTAMP"), P::DtStamp),
        (padded("CREATED"), P::Created),
        (padded("SUMMARY"), P::Summary),
        (padded("ATTENDEE"), P::Attendee),
        (padded("SEQUENCE"), P::Sequence),
        (padded("DURATION"), P::Duration),
        (padded("ORGANIZER"), P::Organizer),
        (padded("DESCRIPTION"), P::Description),
        (padded("RECURRENCE-ID"), P::RecurrenceId),
        (padded("X-MICROSOFT-CDO-BUSYSTATUS"), P::BusyStatus),
        (padded("X-MICROSOFT-CDO-ALLDAYEVENT"), P::AllDay),
    ]
};

/// The parameters a VEVENT property is read with, noted as its line is
/// split (one scan of the parameters): TZID as [`Property::param`] gives it
/// (the first one), and an attendee's.
#[derive(Debug, Default)]
struct ReadParams<'t> {
    tzid: Option<&'t str>,
    attendee: AttendeeParams<'t>,
}

impl<'t> ReadParams<'t> {
    fn see(&mut self, key: &str, value: &'t str) {
        if self.tzid.is_none() && is_word(key, b"tzid") {
            self.tzid = Some(value);
        } else {
            self.attendee.see(key, value);
        }
    }
}

/// Reads one property of a VEVENT (with the attendees read so far); a bad
/// value is reported and dropped. `raw` is the line as written (the key of
/// repeated ATTENDEE lines), and `params` what was noted of its parameters
/// as it was split.
fn event_property<'a>(
    (ev, attendees): (&mut RawEvent, &mut Vec<Attendee>),
    kind: EventProp,
    (prop, params): (&Property, &ReadParams),
    (raw, line): (&'a [u8], usize),
    q: &mut Quality,
    reader: &mut EventReader<'a>,
) {
    use EventProp as P;
    let mut time = || RawTime::parse_in(prop.value, params.tzid, &mut reader.tzids);
    let ok = match kind {
        P::Uid => set(&mut ev.uid, ReadUid(prop.value.to_string())),
        P::Sequence => trim(prop.value).parse().map(|n| ev.sequence = n).is_ok(),
        P::Summary => set(&mut ev.summary, trim(&unescape(prop.value)).to_string()),
        P::Description => {
            let kept = describe(prop.value, reader.keep_descriptions, &mut reader.scratch);
            // a line with a malformed parameter is reported each time it appears
            if prop.bad_param.is_none() {
                reader.descriptions.remember(raw, kept.clone());
            }
            set(&mut ev.description, Some(kept))
        }
        P::DtStart if ev.dtstart.is_some() => {
            ev.dtstart_twice = true;
            true
        }
        P::DtStart => time().map(|t| ev.dtstart = Some(t)).is_some(),
        P::DtEnd => time().map(|t| ev.dtend = Some(t)).is_some(),
        P::Duration => parse_duration(prop.value)
            .map(|d| ev.duration = Some(d))
            .is_some(),
        P::RRule => {
            ev.rrules.push(RuleLine {
                line,
                text: prop.value.to_string(),
            });
            true
        }
        P::RDate => rdates(prop.value, (params.tzid, &mut reader.tzids), &mut ev.rdates),
        P::ExDate => list(
            prop.value,
            (params.tzid, &mut reader.tzids),
            &mut ev.exdates,
        ),
        P::RecurrenceId => {
            ev.this_and_future = prop
                .param("RANGE")
                .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
            time().map(|t| ev.recurrence_id = Some(t)).is_some()
        }
        P::Status => set(&mut ev.status, Status::parse(prop.value)),
        P::Transp => set(
            &mut ev.transparent,
            trim(prop.value).eq_ignore_ascii_case("TRANSPARENT"),
        ),
        P::BusyStatus => set(&mut ev.busy_status, BusyStatus::parse(prop.value)),
        P::AllDay => set(
            &mut ev.ms_all_day,
            trim(prop.value).eq_ignore_ascii_case("TRUE"),
        ),
        P::Organizer => set(&mut ev.organizer, address(prop.value)),
        P::Attendee => reader
            .attendees
            .read(raw, prop, &params.attendee)
            .map(|a| attendees.push(a))
            .is_some(),
        P::Created => set(&mut ev.created, time()),
        P::DtStamp => set(&mut ev.dtstamp, time()),
    };
    if matches!(
        kind,
        P::DtStart | P::DtEnd | P::RecurrenceId | P::ExDate | P::RDate
    ) {
        utc_with_tzid(prop, params.tzid, line, q);
    }
    if !ok {
        let name = prop.name.to_ascii_uppercase();
        q.skip(line, format!("bad {name} value `{}`", preview(prop.value)));
        if matches!(kind, P::DtStart | P::DtEnd | P::Duration | P::RecurrenceId) {
            ev.bad_time = Some(name);
        }
    }
}

/// A time with both a TZID and a trailing `Z`: §3.3.5 forbids the pair. The
/// `Z` wins (the value is read as UTC, the TZID ignored), as the time itself
/// says so; reported as a warning.
fn utc_with_tzid(prop: &Property, tzid: Option<&str>, line: usize, q: &mut Quality) {
    let Some(tzid) = tzid else {
        return;
    };
    if says_utc(prop.value) {
        q.warn(
            line,
            format!(
                "{} has TZID={} and a UTC time (`Z`): read as UTC",
                prop.name.to_ascii_uppercase(),
                preview(tzid)
            ),
        );
    }
}

/// Whether one of the times of a value (a time, a list or periods) ends
/// in `Z`. Asked of every zoned DTSTART, DTEND, RECURRENCE-ID, EXDATE and
/// RDATE: nearly none has a `Z` at all, and looking for one byte costs a
/// fraction of splitting the value by characters (a tenth of `parse`'s own
/// work on 50 bench calendars went to that split).
fn says_utc(value: &str) -> bool {
    // `b | 0x20` is `z` for `Z` and `z` only
    value.bytes().any(|b| b | 0x20 == b'z')
        && value
            .split(['/', ','])
            .map(trim)
            .any(|v| v.ends_with(['Z', 'z']) && v.len() > 8)
}

fn set<T>(slot: &mut T, value: T) -> bool {
    *slot = value;
    true
}

/// Several comma-separated times on one line (with their TZID, shared by
/// `tzids`); all must parse.
fn list(value: &str, (tzid, tzids): Zoned, into: &mut Vec<RawTime>) -> bool {
    let parsed: Option<Vec<RawTime>> = value
        .split(',')
        .filter(|v| !trim(v).is_empty())
        .map(|v| RawTime::parse_in(v, tzid, tzids))
        .collect();
    parsed.map(|p| into.extend(p)).is_some()
}

/// The TZID parameter of a property and the file's shared copies of TZIDs.
type Zoned<'p, 'z> = (Option<&'p str>, &'z mut SharedTexts);

fn rdates(value: &str, (tzid, tzids): Zoned, into: &mut Vec<RDate>) -> bool {
    let mut time = |v| RawTime::parse_in(v, tzid, tzids);
    let parsed: Option<Vec<RDate>> = value
        .split(',')
        .filter(|v| !trim(v).is_empty())
        .map(|v| match v.split_once('/') {
            None => time(v).map(RDate::At),
            Some((start, rest)) => {
                let start = time(start)?;
                match parse_duration(rest) {
                    Some(d) => Some(RDate::PeriodDuration(start, d)),
                    None => time(rest).map(|end| RDate::PeriodEnd(start, end)),
                }
            }
        })
        .collect();
    parsed.map(|p| into.extend(p)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartStat;

    const SAMPLE: &str = "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Plan\\, review\r\nDTSTART;TZID=Custom:20240102T100000\r\nDURATION:PT30M\r\nEXDATE;TZID=Custom:20240103T100000,20240104T100000\r\nEXDATE;VALUE=DATE:20240105\r\nRDATE;VALUE=PERIOD:20240110T100000Z/PT2H\r\nATTENDEE;CN=\"Room 1\";CUTYPE=ROOM:mailto:room@x.org\r\nATTENDEE;PARTSTAT=DECLINED:MAILTO:Ann@X.org\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn reads_events_timezones_and_calendar_properties() {
        let f = parse(SAMPLE.as_bytes(), false);
        assert_eq!(f.wr_timezone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(f.timezones["Custom"].len(), 1);
        assert_eq!(f.events.len(), 1);
        let ev = &f.events[0];
        assert_eq!(ev.summary, "Plan, review");
        assert_eq!(ev.line, 11);
        assert_eq!(ev.exdates.len(), 3);
        assert_eq!(ev.rdates.len(), 1);
        assert!(matches!(
            ev.rdates[0],
            RDate::PeriodDuration(
                _,
                Dur {
                    days: 0,
                    seconds: 7200
                }
            )
        ));
        assert_eq!(&*ev.attendees[1].email, "ann@x.org");
        assert_eq!(ev.attendees[1].partstat, PartStat::Declined);
        assert!(!ev.attendees[0].cutype.is_person());
        assert!(f.quality.skipped.is_empty());
    }

    #[test]
    fn event_properties_are_known_by_name_in_any_case() {
        use EventProp as P;
        let kinds = [
            ("UID", P::Uid),
            ("SEQUENCE", P::Sequence),
            ("SUMMARY", P::Summary),
            ("DESCRIPTION", P::Description),
            ("DTSTART", P::DtStart),
            ("DTEND", P::DtEnd),
            ("DURATION", P::Duration),
            ("RRULE", P::RRule),
            ("RDATE", P::RDate),
            ("EXDATE", P::ExDate),
            ("RECURRENCE-ID", P::RecurrenceId),
            ("STATUS", P::Status),
            ("TRANSP", P::Transp),
            ("X-MICROSOFT-CDO-BUSYSTATUS", P::BusyStatus),
            ("X-MICROSOFT-CDO-ALLDAYEVENT", P::AllDay),
            ("ORGANIZER", P::Organizer),
            ("ATTENDEE", P::Attendee),
            ("CREATED", P::Created),
            ("DTSTAMP", P::DtStamp),
        ];
        for (name, kind) in kinds {
            assert_eq!(EventProp::of(name), Some(kind));
            assert_eq!(EventProp::of(&name.to_ascii_lowercase()), Some(kind));
        }
        for other in ["LOCATION", "X-ALT-DESC", "DTSTARTX", "", "ATTENDEES", "UIE"] {
            assert_eq!(EventProp::of(other), None, "{other}");
        }
    }

    #[test]
    fn a_name_is_the_same_as_a_name_of_its_length_in_any_case_and_only_then() {
        // every name byte in every place of every name read, against eq_ignore_ascii_case
        let name_bytes =
            (0..=255u8).filter(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let name_bytes: Vec<u8> = name_bytes.collect();
        for (lower, _) in &EVENT_PROPS {
            let n = lower.iter().position(|&b| b == 0).unwrap_or(NAME_MAX);
            let lower = &lower[..n];
            for at in 0..n {
                for &byte in &name_bytes {
                    let mut name = lower.to_ascii_uppercase();
                    name[at] = byte;
                    assert_eq!(
                        same_word(&name, lower),
                        name.eq_ignore_ascii_case(lower),
                        "{:?}",
                        String::from_utf8_lossy(&name)
                    );
                }
            }
            assert!(!same_word(&lower[..n - 1], lower));
        }
    }

    #[test]
    fn components_nested_too_deep_are_skipped_whole_and_reported_once() {
        // 70 VEVENTs each begun inside the one before, closed in turn, then one more
        let mut text = String::from("BEGIN:VCALENDAR\n");
        for n in 0..70 {
            text += &format!("BEGIN:VEVENT\nUID:{n}\nDTSTART:20240101T090000Z\n");
        }
        text += &"END:VEVENT\n".repeat(70);
        text += "BEGIN:VEVENT\nUID:after\nDTSTART:20240102T090000Z\nEND:VEVENT\nEND:VCALENDAR\n";
        let f = parse(text.as_bytes(), false);
        // the VCALENDAR and 63 VEVENTs fill the 64 levels; the 64th VEVENT (line
        // 2 + 3 * 63) and the six inside it are skipped with their ENDs
        assert_eq!(f.quality.skipped.len(), 1);
        assert_eq!(f.quality.skipped[0].line, 2 + 3 * 63);
        assert!(f.quality.skipped[0].message.contains("nested more than 64"));
        assert!(f.quality.warnings.is_empty());
        let uids: Vec<&str> = f.events.iter().map(|e| e.uid()).collect();
        let mut expected: Vec<String> = (0..63).rev().map(|n| n.to_string()).collect();
        expected.push("after".into());
        assert_eq!(uids, expected);
    }

    #[test]
    fn properties_nobody_reads_are_still_checked() {
        // LOCATION and a VALARM's TRIGGER are not read, but their malformed parameters are
        // reported; X-ALT-DESC's quoted parameter only closes on its continuation line
        let text = "BEGIN:VEVENT\nUID:1\nLOCATION;BAD:Room 1\nX-ALT-DESC;FMTTYPE=\"text/\n html\":<p>x</p>\nBEGIN:VALARM\nTRIGGER;RELATED:-PT5M\nEND:VALARM\nDTSTART:20240101T090000Z\nGARBAGE\nEND:VEVENT\n";
        let f = parse(text.as_bytes(), false);
        let lines =
            |issues: &[crate::ics::Issue]| issues.iter().map(|i| i.line).collect::<Vec<_>>();
        assert_eq!(lines(&f.quality.warnings), vec![3, 7]);
        assert_eq!(lines(&f.quality.skipped), vec![10]);
        assert!(f.events[0].dtstart.is_some());
    }

    #[test]
    fn an_attendee_line_folded_elsewhere_is_the_same_attendee() {
        let text = "BEGIN:VEVENT\nUID:1\nATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:Ann@x.org\nATTENDEE;CN=Ann\n  Lee;PARTSTAT=ACC\n EPTED:mailto:Ann@x.org\nATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:Ann@x.org\nEND:VEVENT\n";
        let f = parse(text.as_bytes(), false);
        let a = &f.events[0].attendees;
        assert_eq!(a.len(), 3);
        assert!(a.iter().all(|x| *x == a[0]));
        assert_eq!(&*a[0].email, "ann@x.org");
        assert_eq!(a[0].partstat, PartStat::Accepted);
    }

    #[test]
    fn a_zoned_time_says_utc_when_one_of_its_times_ends_in_z() {
        // the rule before the fast path, on values with and without a `Z` anywhere
        let rule = |value: &str| {
            value
                .split(['/', ','])
                .map(str::trim)
                .any(|v| v.ends_with(['Z', 'z']) && v.len() > 8)
        };
        for value in [
            "20240101T090000",
            "20240101T090000Z",
            "20240101t090000z",
            " 20240101T090000Z\u{a0}",
            "20240101T090000,20240102T090000Z",
            "20240101T090000Z/PT1H",
            "20240101T090000/20240101T100000Z",
            "Z",
            "2024010Z",
            "20240101Z",
            "ZZZZZZZZZ",
            "Zulu time",
            "",
            "ä\u{17a}20240101T090000",
        ] {
            assert_eq!(says_utc(value), rule(value), "{value:?}");
        }
        let text = "BEGIN:VEVENT\nUID:1\nDTSTART;TZID=Europe/Berlin:20240101T090000Z\nDTEND;TZID=Europe/Berlin:20240101T100000\nEXDATE;TZID=Europe/Berlin:20240108T090000,20240115T090000z\nEND:VEVENT\n";
        let f = parse(text.as_bytes(), false);
        let lines: Vec<usize> = f.quality.warnings.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![3, 5]);
    }

    #[test]
    fn a_file_in_utf16_is_read_as_the_same_file_in_utf8() {
        let utf8 = parse(SAMPLE.as_bytes(), false);
        let mark = std::iter::once(0xFEFF);
        let utf16: Vec<u8> = (mark.chain(SAMPLE.encode_utf16()))
            .flat_map(u16::to_le_bytes)
            .collect();
        let f = parse(&utf16, false);
        assert_eq!(format!("{:?}", f.events), format!("{:?}", utf8.events));
        assert_eq!(f.timezones.len(), 1);
        assert!(f.quality.skipped.is_empty() && f.quality.warnings.is_empty());
        // a last odd byte is said
        let mut odd = utf16;
        odd.push(b'x');
        assert_eq!(parse(&odd, false).quality.warnings.len(), 1);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_read_with_its_parameters() {
        // one Latin-1 byte (a Windows-1252 export's "Plané") in the SUMMARY
        let mut bytes = SAMPLE.replacen("Plan", "Plan\u{e9}", 1).into_bytes();
        let at = bytes.windows(2).position(|w| w == [0xC3, 0xA9]).unwrap();
        bytes.splice(at..at + 2, [0xE9]);
        assert!(std::str::from_utf8(&bytes).is_err());
        let f = parse(&bytes, false);
        let ev = &f.events[0];
        assert_eq!(ev.summary, "Plan\u{fffd}, review");
        // the TZID of DTSTART and EXDATE, and each attendee's parameters, as in a UTF-8 file
        let zoned =
            |t: &RawTime| matches!(t, RawTime::Local { tzid: Some(z), .. } if &**z == "Custom");
        assert!(ev.dtstart.as_ref().is_some_and(zoned));
        assert!(zoned(&ev.exdates[0]));
        assert_eq!(ev.attendees[1].partstat, PartStat::Declined);
        assert!(!ev.attendees[0].cutype.is_person());
        assert!(f.quality.skipped.is_empty());
        // and said once, on the line of the first such byte
        let issues: Vec<_> = f.quality.warnings.iter().map(|w| w.line).collect();
        assert_eq!(issues, [13]);
        assert!(f.quality.warnings[0]
            .message
            .starts_with("1 line(s) hold bytes that are not UTF-8"));
        // a character folded across two lines is no such byte
        let folded = "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Caf\u{e9}\r\nEND:VEVENT\r\n";
        let mut bytes = folded.as_bytes().to_vec();
        let at = bytes.windows(2).position(|w| w == [0xC3, 0xA9]).unwrap() + 1;
        bytes.splice(at..at, *b"\r\n ");
        let f = parse(&bytes, false);
        assert_eq!(f.events[0].summary, "Caf\u{e9}");
        assert!(f.quality.warnings.is_empty());
    }

    #[test]
    fn a_vevent_begun_inside_another_is_listed_first_with_its_own_attendees() {
        let text = "BEGIN:VEVENT\nUID:outer\nATTENDEE:mailto:a@x.org\nBEGIN:VEVENT\nUID:inner\nATTENDEE:mailto:b@x.org\nEND:VEVENT\nATTENDEE:mailto:c@x.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:next\nEND:VEVENT\n";
        let f = parse(text.as_bytes(), false);
        let read = |ev: &RawEvent| {
            let emails = ev.attendees.iter().map(|a| a.email.to_string());
            (ev.uid().to_string(), emails.collect::<Vec<_>>())
        };
        let events: Vec<_> = f.events.iter().map(read).collect();
        let owned = |uid: &str, emails: &[&str]| {
            (
                uid.to_string(),
                emails.iter().map(|e| e.to_string()).collect(),
            )
        };
        assert_eq!(
            events,
            vec![
                owned("inner", &["b@x.org"]),
                owned("outer", &["a@x.org", "c@x.org"]),
                owned("next", &[]),
            ]
        );
    }

    #[test]
    fn bad_lines_are_counted_with_their_line_and_the_rest_is_read() {
        let text = "BEGIN:VEVENT\nUID:1\nthis is junk\nDTEND:2024XX01\nDTSTART:20240101T090000Z\nEND:VEVENT\nEND:VTODO\nBEGIN:VEVENT\nUID:2\n";
        let f = parse(text.as_bytes(), false);
        assert_eq!(f.events.len(), 2);
        let lines: Vec<usize> = f.quality.skipped.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![3, 4, 7]);
        assert_eq!(f.quality.warnings.len(), 1, "{:?}", f.quality.warnings);
        assert!(f.events[0].dtstart.is_some());
        assert_eq!(f.events[0].bad_time.as_deref(), Some("DTEND"));
    }
}

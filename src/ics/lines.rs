//! Content lines: unfolding and splitting `NAME;PARAM=V:VALUE` without copying.
//!
//! This is the hot path of the importer, so it works on bytes: a line is a
//! place in the input, its text is borrowed from the input wherever it is not
//! folded, and folded lines are joined into one reused buffer, and only when
//! read. Bytes that are not valid UTF-8 are decoded lossily, so a stray
//! Latin-1 byte never drops an event.

use std::borrow::Cow;

/// One logical line as a place in the input: its first physical line and
/// where its last continuation ends, with the 1-based number of its first
/// physical line. Its text is only built when asked for ([`Lines::text`]):
/// most lines are read from their first physical line alone, or not at all.
#[derive(Debug, Clone)]
pub struct RawLine {
    pub line_no: usize,
    first: std::ops::Range<usize>,
    end: usize,
}

impl RawLine {
    /// Whether continuation lines follow the first physical line.
    pub fn is_folded(&self) -> bool {
        self.end > self.first.end
    }
}

/// Iterator over the logical lines of an iCalendar stream (CRLF, LF or CR ends,
/// folded with a space or tab, an optional UTF-8 byte-order mark).
pub struct Lines<'a> {
    data: &'a [u8],
    /// `data` as text when all of it is valid UTF-8 (checked once, so that
    /// lines need no check of their own).
    text: Option<&'a str>,
    pos: usize,
    line_no: usize,
    ends: LineEnds,
}

/// Finds line ends (`\n` or `\r`) with a searcher made once per file:
/// lines are short (folded at 75 bytes), so `memchr2`, which makes its
/// searcher for this machine at every call, spends about as much on that as
/// on searching. (The line ends of each 64-byte block found at once with
/// SSE2, as the bits of a word, each line's end the next bit set, cost as
/// much in all: 119 M instructions of reading lines on 50 bench calendars
/// against 116.5 M, the bookkeeping per line outweighing the search. Nor
/// did a search inlined into the parser, 32 bytes a step with SSE2, at 18
/// instructions a step: about 54 a physical line against 58 for the call
/// of this searcher, and callgrind, export of /tmp/sub200, 1 thread, gave
/// import_in_run 3,142.2 -> 3,202.1 M, the grown parser no longer inlining
/// [`Lines::continues`]. Always inlining [`LineEnds::find`] saved little:
/// 3,142.2 -> 3,136.2 M.)
#[derive(Clone, Copy)]
struct LineEnds {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::Two>,
}

impl LineEnds {
    fn new() -> Self {
        LineEnds {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::Two::new(b'\n', b'\r'),
        }
    }

    /// Where the first line end in `haystack` is, as `memchr2` says.
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(two) = &self.avx2 {
            return two.find(haystack);
        }
        memchr::memchr2(b'\n', b'\r', haystack)
    }
}

impl<'a> Lines<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        let pos = if data.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Lines {
            data,
            // the SIMD check gives the same answer as `str::from_utf8` for a
            // fraction of its instructions (every byte of every file is checked)
            text: simdutf8::basic::from_utf8(data).ok(),
            pos,
            line_no: 0,
            ends: LineEnds::new(),
        }
    }

    /// Reads one physical line and returns its byte range, without the line end.
    /// Always inlined: every physical line of every file comes through here,
    /// and with 16 codegen units the compiler inlined it into `parse` in
    /// some builds and called it in others (19.5 M calls on the bench corpus,
    /// 1.15 G instructions when called).
    #[inline(always)]
    fn physical(&mut self) -> Option<std::ops::Range<usize>> {
        if self.pos >= self.data.len() {
            return None;
        }
        let rest = &self.data[self.pos..];
        let end = self.ends.find(rest).unwrap_or(rest.len());
        let line = self.pos..self.pos + end;
        let mut next = self.pos + end;
        if next < self.data.len() {
            next += if self.data[next] == b'\r' && self.data.get(next + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        self.pos = next;
        self.line_no += 1;
        Some(line)
    }

    /// Whether the next physical line continues the current one. Old
    /// Mozilla/Sunbird exports leave empty lines between a name and its
    /// continuation (`UID`, empty line, ` :956630271`): empty lines before a
    /// continuation are passed over (and counted), so the property stays whole.
    /// Always inlined, as [`Lines::physical`] is, and for the same reason:
    /// it is asked after every physical line, and two of the four builds
    /// of the tenth round called it (callgrind, export of /tmp/sub200, 1
    /// thread: import_in_run 3,153.4 M called, 3,065.3 M inlined).
    #[inline(always)]
    fn continues(&mut self) -> bool {
        let mut next = self.pos;
        while matches!(self.data.get(next), Some(b'\r') | Some(b'\n')) {
            next += 1;
        }
        if !matches!(self.data.get(next), Some(b' ') | Some(b'\t')) {
            return false;
        }
        while self.pos < next {
            self.physical();
        }
        true
    }
}

impl<'a> Lines<'a> {
    /// The bytes of a line as written, folds included: lines written with
    /// the same bytes are the same line.
    #[inline]
    pub fn raw(&self, line: &RawLine) -> &'a [u8] {
        &self.data[line.first.start..line.end]
    }

    /// The text of the line's first physical line, when the file is valid
    /// UTF-8 (line ends are ASCII, so the range is on character boundaries).
    #[inline]
    pub fn first_text(&self, line: &RawLine) -> Option<&'a str> {
        self.text.and_then(|t| t.get(line.first.clone()))
    }

    /// Whether the line's text, unfolded, is valid UTF-8 (as every line of
    /// a valid file is; else [`Lines::text`] decodes it lossily).
    pub fn is_utf8(&self, line: &RawLine) -> bool {
        if self.text.is_some() {
            return true;
        }
        std::str::from_utf8(&self.joined(line)).is_ok()
    }

    /// The line's bytes, unfolded (for a file that is not valid UTF-8).
    fn joined(&self, line: &RawLine) -> Vec<u8> {
        let mut joined = Vec::with_capacity(line.end - line.first.start);
        self.parts(line, |p| joined.extend_from_slice(&self.data[p]));
        joined
    }

    /// The unfolded text of a line: borrowed from the input when it is not
    /// folded, else joined into `buf` (one buffer for all the lines of a
    /// file, so a folded line costs no allocation). Bytes that are not
    /// valid UTF-8 are decoded lossily.
    pub fn text<'s>(&self, line: &RawLine, buf: &'s mut String) -> &'s str
    where
        'a: 's,
    {
        if !line.is_folded() {
            if let Some(text) = self.first_text(line) {
                return text;
            }
        }
        buf.clear();
        match self.text {
            // every part is valid on its own: it starts after an ASCII space or tab and ends at a line end
            Some(text) => self.parts(line, |p| buf.push_str(text.get(p).unwrap_or_default())),
            None => buf.push_str(&String::from_utf8_lossy(&self.joined(line))),
        }
        buf
    }

    /// Calls `part` with the first physical line and then each continuation
    /// without its leading space or tab (empty lines between them are no part).
    /// (The continuations' ends kept by [`Lines::next`] for the line last
    /// read, so as not to search for them again here, saved 42 M
    /// instructions in [`Lines::text`] and cost nearly as much elsewhere:
    /// callgrind, export of /tmp/sub200, 1 thread: import_in_run 3,065.3 ->
    /// 3,058.2 M.)
    fn parts(&self, line: &RawLine, mut part: impl FnMut(std::ops::Range<usize>)) {
        part(line.first.clone());
        let mut pos = line.first.end;
        while pos < line.end {
            while matches!(self.data.get(pos), Some(b'\r') | Some(b'\n')) {
                pos += 1;
            }
            let len = self.ends.find(&self.data[pos..line.end]);
            let end = len.map_or(line.end, |l| pos + l);
            part((pos + 1).min(end)..end);
            pos = end;
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = RawLine;

    /// Inlined into the parser's loop: it is called for every line, and a
    /// call returns the line through memory.
    #[inline]
    fn next(&mut self) -> Option<RawLine> {
        loop {
            let first = self.physical()?;
            let line_no = self.line_no;
            let mut end = first.end;
            while self.continues() {
                if let Some(more) = self.physical() {
                    end = more.end;
                }
            }
            if end == first.end && self.data[first.clone()].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(RawLine {
                line_no,
                first,
                end,
            });
        }
    }
}

/// A content line split into its parts, all borrowed from the logical line.
/// Parameters stay unparsed (`params_raw`) until asked for: most lines are
/// never asked, and the importer's hot path should not allocate per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property<'a> {
    pub name: &'a str,
    /// `;P=V;Q="x"` as written, already checked to be well formed.
    params_raw: &'a str,
    pub value: &'a str,
    /// The first parameter that has no `=` or no name (`;TZIDAsia/Tehran`):
    /// ignored, and reported by the caller.
    pub bad_param: Option<&'a str>,
}

impl<'a> Property<'a> {
    /// The value of parameter `name` (case-insensitive), quotes removed.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        params(self.params_raw)
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// Every `(name, value)` parameter, in order, in one pass.
    pub fn params(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        params(self.params_raw)
    }
}

/// The `(name, value)` pairs of a well-formed `;P=V;Q="x"` run.
fn params(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let bytes = raw.as_bytes();
        if i >= bytes.len() || bytes[i] != b';' {
            return None;
        }
        let key_start = i + 1;
        let key_end = key_start
            + bytes[key_start..]
                .iter()
                .position(|&b| b == b'=' || b == b';')
                .unwrap_or(bytes.len() - key_start);
        let key = &raw[key_start..key_end];
        if key_end >= bytes.len() || bytes[key_end] == b';' {
            i = key_end;
            return Some((key, ""));
        }
        let (value, next) = param_value(raw, key_end + 1).unwrap_or(("", bytes.len()));
        i = next;
        Some((key, value))
    })
}

/// Splits `NAME;P=V;Q="a:b":VALUE`. Returns `None` when there is no name or
/// no unquoted colon: such a line is malformed and reported by the caller.
pub fn split(line: &str) -> Option<Property<'_>> {
    split_named(line, name_of(line)?)
}

/// [`split`] of a line whose [`name_of`] is known (read from its start).
#[inline]
pub fn split_named<'a>(line: &'a str, named: (&'a str, usize)) -> Option<Property<'a>> {
    split_named_with(line, named, |_, _| {})
}

/// [`split_named`], calling `param` with each `(name, value)` pair that
/// [`Property::params`] would give, in order, as the line is checked: a
/// property read through all its parameters (ATTENDEE) is scanned once.
/// Pairs seen before the line turns out malformed are seen all the same.
///
/// Inlined, for the lines without parameters (`DTSTAMP:...`, `END:VEVENT`,
/// `CLASS:PUBLIC`, half the lines a VEVENT has): split where they stand,
/// they cost no call of [`split_params`], which took some 60 instructions
/// to find the same.
#[inline]
pub fn split_named_with<'a>(
    line: &'a str,
    (name, name_end): (&'a str, usize),
    param: impl FnMut(&'a str, &'a str),
) -> Option<Property<'a>> {
    match line.as_bytes().get(name_end) {
        Some(b':') => Some(Property {
            name,
            params_raw: "",
            value: &line[name_end + 1..],
            bad_param: None,
        }),
        _ => split_params(line, (name, name_end), param),
    }
}

/// [`split_named_with`] of a line with parameters (or none of `;` and `:`
/// after its name: then malformed).
fn split_params<'a>(
    line: &'a str,
    (name, name_end): (&'a str, usize),
    mut param: impl FnMut(&'a str, &'a str),
) -> Option<Property<'a>> {
    let bytes = line.as_bytes();
    let mut i = name_end;
    let mut bad_param = None;
    while bytes[i] == b';' {
        let key_start = i + 1;
        let eq = key_start + stop_in(&bytes[key_start..], &KEY_ENDS);
        if eq == bytes.len() {
            return None;
        }
        if bytes[eq] != b'=' || eq == key_start {
            bad_param = bad_param.or(Some(&line[key_start..eq]));
        }
        if bytes[eq] != b'=' {
            // a parameter without a value (seen in sloppy exports): kept, empty
            param(&line[key_start..eq], "");
            i = eq;
            continue;
        }
        let (value, next) = param_value(line, eq + 1)?;
        param(&line[key_start..eq], value);
        i = next;
        if i >= bytes.len() {
            return None;
        }
    }
    if bytes[i] != b':' {
        return None;
    }
    Some(Property {
        name,
        params_raw: &line[name_end..i],
        value: &line[i + 1..],
        bad_param,
    })
}

/// The bytes of a property name: ASCII letters and digits, `-` and `_`.
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
        b += 1;
    }
    table
};

/// The bytes a parameter value stops at or quotes with: `"`, `;` and `:`.
const VALUE_ENDS: Stops = Stops::new(*b"\";:");

/// The bytes a parameter name stops at: `=`, and `:` or `;` when it has no value.
const KEY_ENDS: Stops = Stops::new(*b"=:;");

/// The byte that closes a quoted parameter value.
const QUOTE: Stops = Stops::new([b'"'; 3]);

/// The bytes a scan stops at ([`stop_in`]), up to three (a set of fewer
/// repeats one), kept both as they are, to be compared 16 at a time, and
/// as a table, for the bytes past those: one made from the other.
struct Stops {
    bytes: [u8; 3],
    table: [bool; 256],
}

impl Stops {
    const fn new(bytes: [u8; 3]) -> Stops {
        Stops {
            bytes,
            table: byte_set(&bytes),
        }
    }
}

/// A byte table true for `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// Where the first of the bytes `stops` is in `bytes`, or the length. Parameter names and values are scanned on every
/// line read (an ATTENDEE line has half a dozen), and most are 16 bytes or
/// less: a byte to a step, the loop cost 7 instructions a byte (about 120
/// for a value), while 16 bytes are compared with SSE2 at once in about a
/// dozen. Bytes past the first 16 are walked over `table`. (Walking the
/// table four bytes to a step cost more, and so did the same 16-byte check
/// for property names in [`name_of`]: most lines that reach it are shorter
/// than 16 bytes, `END:VEVENT`, `SEQUENCE:0`.)
#[inline(always)]
fn stop_in(bytes: &[u8], stops: &Stops) -> usize {
    let mut at = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if let Some(head) = bytes.first_chunk::<16>() {
        let first = first_of(head, stops.bytes);
        if first < 16 {
            return first;
        }
        at = 16;
    }
    let rest = &bytes[at..];
    at + rest
        .iter()
        .position(|&b| stops.table[usize::from(b)])
        .unwrap_or(rest.len())
}

/// Where the first of the bytes `set` is in `head`, or 16 when none is.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn first_of(head: &[u8; 16], set: [u8; 3]) -> usize {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let (low, high) = head.split_at(8);
    let word = |w: &[u8]| w.first_chunk().map_or(0, |w| i64::from_le_bytes(*w));
    let [a, b, c] = set.map(|b| b as i8);
    // SAFETY: these intrinsics need SSE2 and nothing else (they take
    // values, not pointers), and this function is only compiled where SSE2
    // is enabled for the whole program (the cfg above).
    let found = unsafe {
        let v = _mm_set_epi64x(word(high), word(low));
        let ab = _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8(a)),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(b)),
        );
        _mm_movemask_epi8(_mm_or_si128(ab, _mm_cmpeq_epi8(v, _mm_set1_epi8(c))))
    };
    // the sign bits of the 16 bytes are the low 16 bits
    (found as u32 | 1 << 16).trailing_zeros() as usize
}

/// The property name of a line and the index of the `;` or `:` after it;
/// `None` when there is none or the name is not one (see [`split`]). The
/// start of a line is enough to know its name.
pub fn name_of(line: &str) -> Option<(&str, usize)> {
    let ok = |b: u8| NAME_BYTES[usize::from(b)];
    // nearly every line: name characters up to the `;` or `:`, in one pass
    let bytes = line.as_bytes();
    let run = bytes.iter().position(|&b| !ok(b)).unwrap_or(bytes.len());
    if run > 0 && matches!(bytes.get(run), Some(b';') | Some(b':')) {
        return Some((&line[..run], run));
    }
    let name_end = bytes.iter().position(|&b| b == b';' || b == b':')?;
    let name = line[..name_end].trim();
    (!name.is_empty() && name.bytes().all(ok)).then_some((name, name_end))
}

/// Reads one parameter value starting at `start`; returns it (unquoted) and the
/// index of the `;` or `:` after it (or the end). Multi-valued `a,b` values stay together.
/// Inlined: an ATTENDEE line has half a dozen parameters.
#[inline]
fn param_value(line: &str, start: usize) -> Option<(&str, usize)> {
    let bytes = line.as_bytes();
    let mut i = start;
    let mut quoted = None;
    while i < bytes.len() {
        // the bytes of a plain value, in one pass over a table
        i += stop_in(&bytes[i..], &VALUE_ENDS);
        match bytes.get(i) {
            Some(b'"') => {
                let close = i + 1 + stop_in(&bytes[i + 1..], &QUOTE);
                if close == bytes.len() {
                    return None;
                }
                if i == start {
                    quoted = Some(close);
                }
                i = close + 1;
            }
            _ => break,
        }
    }
    let value = match quoted {
        Some(close) if i == close + 1 => &line[start + 1..close],
        _ => &line[start..i],
    };
    Some((value, i))
}

/// Whether `bytes` is `lower` (lower case) in any ASCII case. Asked of every
/// line of a VEVENT (its name, whether it is an ATTENDEE or DESCRIPTION
/// line) and of every parameter read, where a byte-by-byte
/// `eq_ignore_ascii_case` cost a few instructions per byte: compared a word
/// (4 or 8 bytes, the last one overlapping) at a time as it lies in the
/// line, with the case bit (0x20) set in every byte of `bytes`. That is
/// exact where `lower` is letters (a byte meets a letter under that bit only
/// as that letter in either case), and where `bytes` is a property name as
/// [`name_of`] reads it (a digit or `-` meets only a control byte, `_` only
/// DEL).
#[inline]
pub fn same_word(bytes: &[u8], lower: &[u8]) -> bool {
    let w8 = |b: &[u8], at: usize| b.get(at..)?.first_chunk().map(|w| u64::from_le_bytes(*w));
    let w4 = |b: &[u8], at: usize| b.get(at..)?.first_chunk().map(|w| u32::from_le_bytes(*w));
    let same8 =
        |at| w8(bytes, at).is_some_and(|a| Some(a | 0x2020_2020_2020_2020) == w8(lower, at));
    let same4 = |at| w4(bytes, at).is_some_and(|a| Some(a | 0x2020_2020) == w4(lower, at));
    let n = bytes.len();
    n == lower.len()
        && match n {
            0..=3 => bytes.iter().zip(lower).all(|(b, l)| b | 0x20 == *l),
            4..=7 => same4(0) && same4(n - 4),
            _ => (0..n - 8).step_by(8).chain([n - 8]).all(same8),
        }
}

/// Whether `bytes` begins with `word`, lower-case ASCII letters
/// (`b"attendee"`), in any case (see [`same_word`]).
#[inline]
pub fn starts_with_word<const N: usize>(bytes: &[u8], word: &[u8; N]) -> bool {
    debug_assert!(word.iter().all(u8::is_ascii_lowercase));
    bytes.get(..N).is_some_and(|head| same_word(head, word))
}

/// Whether `text` is `word`, lower-case ASCII letters, in any case (see
/// [`same_word`]).
#[inline]
pub fn is_word<const N: usize>(text: &str, word: &[u8; N]) -> bool {
    debug_assert!(word.iter().all(u8::is_ascii_lowercase));
    same_word(text.as_bytes(), word)
}

/// `str::trim`, without its Unicode look-ups when both ends are visible
/// ASCII (nearly every value): then there is nothing to trim.
pub fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        return text;
    }
    text.trim()
}

/// Undoes RFC 5545 TEXT escaping (`\n`, `\,`, `\;`, `\\`).
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// The first `max_chars` characters of [`unescape`]`(text)`, into `out`, without
/// unescaping (or copying character by character) what is cut off: a long
/// DESCRIPTION (Outlook writes whole HTML mails) keeps only its start, and
/// the text between escapes is copied as whole slices.
pub fn unescape_prefix(text: &str, max_chars: usize, out: &mut String) {
    out.clear();
    // a text no longer in bytes than the characters wanted is wanted whole
    // (it has no more characters than bytes): its runs are not counted
    let whole = text.len() <= max_chars;
    let mut left = max_chars;
    let mut rest = text;
    while left > 0 {
        let (plain, escaped) = match memchr::memchr(b'\\', rest.as_bytes()) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        // a run no longer in bytes than the characters left is taken whole
        // (no character is cut off); only the last run is walked character by character
        let cut = if plain.len() <= left {
            None
        } else {
            plain.char_indices().nth(left)
        };
        if let Some((cut, _)) = cut {
            out.push_str(&plain[..cut]);
            return;
        }
        out.push_str(plain);
        if !whole {
            left -= plain.chars().count();
        }
        let Some(escaped) = escaped else {
            return;
        };
        if left == 0 {
            return;
        }
        let mut after = escaped.chars();
        out.push(match after.next() {
            Some('n') | Some('N') => '\n',
            Some(other) => other,
            None => '\\',
        });
        left -= 1;
        rest = after.as_str();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(usize, String)> {
        lines_of(input.as_bytes())
    }

    fn lines_of(input: &[u8]) -> Vec<(usize, String)> {
        let mut lines = Lines::new(input);
        let mut buf = String::new();
        let mut out = Vec::new();
        while let Some(line) = lines.next() {
            out.push((line.line_no, lines.text(&line, &mut buf).to_string()));
        }
        out
    }

    #[test]
    fn unfolds_crlf_lf_and_tab_continuations() {
        let got = texts("A:1\r\nB:lo\r\n ng\r\n\ter\nC:3");
        assert_eq!(
            got,
            vec![(1, "A:1".into()), (2, "B:longer".into()), (5, "C:3".into())]
        );
    }

    #[test]
    fn line_ends_are_where_memchr2_finds_them() {
        let ends = LineEnds::new();
        let mut data = [b'x'; 200];
        for i in [0, 15, 16, 31, 32, 33, 64, 150, 199] {
            data[i] = if i % 2 == 0 { b'\n' } else { b'\r' };
        }
        for from in 0..data.len() {
            for to in from..=data.len() {
                let hay = &data[from..to];
                assert_eq!(ends.find(hay), memchr::memchr2(b'\n', b'\r', hay));
            }
        }
    }

    #[test]
    fn skips_bom_and_blank_lines() {
        let got = texts("\u{feff}BEGIN:VCALENDAR\r\n\r\nEND:VCALENDAR\r\n");
        assert_eq!(
            got,
            vec![(1, "BEGIN:VCALENDAR".into()), (3, "END:VCALENDAR".into())]
        );
    }

    #[test]
    fn folded_multibyte_character_is_rejoined() {
        // "é" is C3 A9; a 75-octet fold may split it
        let bytes = b"SUMMARY:caf\xC3\r\n \xA9\r\n";
        assert_eq!(lines_of(bytes), vec![(1, "SUMMARY:café".to_string())]);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_not_dropped() {
        assert_eq!(
            lines_of(b"SUMMARY:caf\xE9\n"),
            vec![(1, "SUMMARY:caf\u{FFFD}".to_string())]
        );
    }

    #[test]
    fn splits_quoted_parameters_containing_colons() {
        let p = split(r#"ATTENDEE;CN="Doe, J: lead";PARTSTAT=ACCEPTED:mailto:j@x.org"#).unwrap();
        assert_eq!(p.name, "ATTENDEE");
        assert_eq!(p.param("cn"), Some("Doe, J: lead"));
        assert_eq!(p.param("PARTSTAT"), Some("ACCEPTED"));
        assert_eq!(p.value, "mailto:j@x.org");
    }

    #[test]
    fn empty_lines_before_a_continuation_are_passed_over() {
        // an old Sunbird export: every value on a continuation line after an empty one
        let got =
            texts("BEGIN:VEVENT\r\nUID\r\n\r\n :956630271\r\nSUMMARY\n\n\n :Plan\nEND:VEVENT\n");
        assert_eq!(
            got,
            vec![
                (1, "BEGIN:VEVENT".into()),
                (2, "UID:956630271".into()),
                (5, "SUMMARY:Plan".into()),
                (9, "END:VEVENT".into())
            ]
        );
    }

    #[test]
    fn a_parameter_without_equals_sign_or_name_is_flagged() {
        let p = split("DTEND;TZIDAsia/Tehran:20240101T090000").unwrap();
        assert_eq!(
            (p.bad_param, p.value),
            (Some("TZIDAsia/Tehran"), "20240101T090000")
        );
        assert_eq!(p.param("TZID"), None);
        assert_eq!(split("X;=v:1").unwrap().bad_param, Some(""));
        assert_eq!(
            split("DTSTART;TZID=Europe/Berlin:1").unwrap().bad_param,
            None
        );
    }

    #[test]
    fn parameters_seen_while_splitting_are_the_parameters_of_the_property() {
        for line in [
            r#"ATTENDEE;CN="Doe, J: lead";PARTSTAT=ACCEPTED:mailto:j@x.org"#,
            r#"A;X="a"b;Y=;Z;=v;W="q":v"#,
            "A;RSVP:v",
            "A;B;C=1:v",
            "A:v",
            r#"A;Q="x:y":"#,
        ] {
            let mut seen = Vec::new();
            let named = name_of(line).unwrap();
            let p = split_named_with(line, named, |k, v| seen.push((k, v))).unwrap();
            assert_eq!(seen, p.params().collect::<Vec<_>>(), "{line}");
            assert_eq!(Some(p), split(line));
        }
    }

    #[test]
    fn a_stop_is_where_position_finds_it() {
        // every length to past the 16 bytes compared at once, a stop byte
        // (or two) in every place or none, every set
        for stops in [&VALUE_ENDS, &KEY_ENDS, &QUOTE] {
            let (set, table) = (stops.bytes, &stops.table);
            assert!((0..=255u8).all(|b| table[usize::from(b)] == set.contains(&b)));
            for stop in set {
                for len in 0..40 {
                    for at in (0..len).map(Some).chain([None]) {
                        let mut bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                        if let Some(at) = at {
                            bytes[at] = stop;
                            if at + 3 < len {
                                bytes[at + 3] = set[0];
                            }
                        }
                        let want = bytes.iter().position(|b| set.contains(b));
                        assert_eq!(stop_in(&bytes, stops), want.unwrap_or(len));
                    }
                }
            }
        }
        // bytes that differ from a stop byte by one bit, or by the sign bit
        for set in [*b"\";:", *b"=:;"] {
            let bytes: Vec<u8> = (0..=255u8).filter(|b| !set.contains(b)).collect();
            for at in 0..bytes.len() - 16 {
                let stops = Stops::new(set);
                assert_eq!(stop_in(&bytes[at..], &stops), bytes.len() - at);
            }
        }
    }

    #[test]
    fn rejects_line_without_colon_or_name() {
        assert!(split("GARBAGE LINE").is_none());
        assert!(split(":value").is_none());
        assert!(split("DTSTART;TZID=\"unterminated:2020").is_none());
    }

    #[test]
    fn an_unescaped_prefix_is_the_prefix_of_the_unescaped_text() {
        let texts = [
            "",
            "plain text",
            r"a\, b\; c\\d\ne\Nf",
            "trailing backslash \\",
            r"caf\é au lait",
            "émoji 🚀🚀🚀 and ümlauts",
            r"\n\n\n",
        ];
        let mut out = String::from("left over");
        for text in texts {
            for max in 0..30 {
                let want: String = unescape(text).chars().take(max).collect();
                unescape_prefix(text, max, &mut out);
                assert_eq!(out, want, "{text:?} {max}");
            }
        }
    }

    #[test]
    fn a_word_is_found_in_any_case_and_only_then() {
        // every byte value in every place of the word and one past it
        for word in [
            b"attendee".as_slice(),
            b"description",
            b"cn",
            b"uid",
            b"tzid",
            b"cutype",
            b"partstat",
        ] {
            let mut line: Vec<u8> = word.iter().map(u8::to_ascii_uppercase).collect();
            line.extend_from_slice(b";CN=x");
            for at in 0..=word.len() {
                for byte in 0..=255u8 {
                    let mut bytes = line.clone();
                    bytes[at] = byte;
                    let want = bytes[..word.len()].eq_ignore_ascii_case(word);
                    let got = match word.len() {
                        2 => starts_with_word(&bytes, b"cn"),
                        3 => starts_with_word(&bytes, b"uid"),
                        4 => starts_with_word(&bytes, b"tzid"),
                        6 => starts_with_word(&bytes, b"cutype"),
                        8 if word[0] == b'a' => starts_with_word(&bytes, b"attendee"),
                        8 => starts_with_word(&bytes, b"partstat"),
                        _ => starts_with_word(&bytes, b"description"),
                    };
                    assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&bytes));
                }
            }
        }
        assert!(!starts_with_word(b"ATTENDE", b"attendee"));
        assert!(starts_with_word(b"aTtEnDeE", b"attendee"));
        assert!(!starts_with_word(b"", b"description"));
        assert!(is_word("PartStat", b"partstat") && is_word("cn", b"cn"));
        assert!(!is_word("PARTSTATS", b"partstat") && !is_word("C", b"cn"));
    }

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{2003}",
            "\x0ba\x0b",
            "a b",
            "é",
            " é ",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn unescapes_text() {
        assert_eq!(unescape(r"a\, b\; c\\d\ne"), "a, b; c\\d\ne");
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
    }
}

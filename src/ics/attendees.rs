//! ATTENDEE and ORGANIZER values: addresses as compared everywhere, and the
//! attendee lines of one file read once each (exports that write every
//! instance out repeat the same lines all year).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

use super::lines::{is_word, starts_with_word, trim, Property};
use super::memo::LineMemo;
use crate::model::{Attendee, CuType, PartStat, ParticipationRole};

/// An address as compared everywhere: lower-case, without `mailto:`.
pub fn address(value: &str) -> Option<String> {
    let bare = bare_address(value)?;
    let mut lower = String::new();
    Some(match lowered(bare, &mut lower) {
        true => lower,
        false => bare.to_string(),
    })
}

/// [`address`] of an attendee, borrowed from `value` when it is already
/// lower-case, else lower-cased into `lower` (one buffer for the lines of a
/// file): Outlook writes addresses as `First.Last@`, and a copy allocated
/// per attendee line was only hashed by the interner and dropped.
fn address_in<'v>(value: &'v str, lower: &'v mut String) -> Option<&'v str> {
    let bare = bare_address(value)?;
    Some(match lowered(bare, lower) {
        true => lower.as_str(),
        false => bare,
    })
}

/// `value` without blanks around it and its `mailto:`; `None` when nothing is left.
fn bare_address(value: &str) -> Option<&str> {
    let v = trim(value);
    let v = match v.as_bytes().get(6) {
        // `:` is ASCII: the address begins on a character boundary after it
        Some(b':') if starts_with_word(v.as_bytes(), b"mailto") => &v[7..],
        _ => v,
    };
    let v = trim(v);
    (!v.is_empty()).then_some(v)
}

/// Writes `v` lower-cased into `out` and says so, or says that `v` is
/// lower-case already (`out` is then left as it was). Addresses are nearly
/// always ASCII: bytes are checked and lowered, not looked up in Unicode
/// case tables (for ASCII, `to_ascii_lowercase` is `to_lowercase`).
fn lowered(v: &str, out: &mut String) -> bool {
    let ascii = v.is_ascii();
    if ascii && has_capital(v.as_bytes()) {
        out.clear();
        out.push_str(v);
        out.make_ascii_lowercase();
        true
    } else if !ascii && v.chars().any(char::is_uppercase) {
        *out = v.to_lowercase();
        true
    } else {
        false
    }
}

/// Whether `ascii` (ASCII bytes only) has a capital letter, eight bytes at
/// a time: a byte is one when adding `0x80 - b'A'` sets its top bit and
/// adding `0x80 - b'Z' - 1` does not (below 0x80, no sum carries into the
/// next byte). Asked of every address read, many of them lower-case and
/// so read to their end: byte by byte it cost 7 instructions a byte
/// (callgrind, export of /tmp/sub200, 1 thread: `lowered` 75.8 -> 44.5 M).
fn has_capital(ascii: &[u8]) -> bool {
    const FROM: u64 = u64::from_le_bytes([0x80 - b'A'; 8]);
    const PAST: u64 = u64::from_le_bytes([0x80 - b'Z' - 1; 8]);
    const TOP: u64 = u64::from_le_bytes([0x80; 8]);
    let capital = |word: &[u8; 8]| {
        let w = u64::from_le_bytes(*word);
        w.wrapping_add(FROM) & !w.wrapping_add(PAST) & TOP != 0
    };
    match ascii.last_chunk() {
        // the last word overlaps the whole words before it, if need be
        Some(last) => ascii.as_chunks().0.iter().any(capital) || capital(last),
        None => ascii.iter().any(u8::is_ascii_uppercase),
    }
}

/// The parameters of an ATTENDEE line that the importer reads, gathered as
/// the line is split ([`super::lines::split_named_with`]): the last one of a name wins.
/// CN is not among them (see [`Attendee`]).
#[derive(Debug, Default)]
pub struct AttendeeParams<'t> {
    partstat: Option<&'t str>,
    role: Option<&'t str>,
    cutype: Option<&'t str>,
}

impl<'t> AttendeeParams<'t> {
    /// Takes note of one `(name, value)` parameter.
    pub fn see(&mut self, key: &str, value: &'t str) {
        let slot = match key.len() {
            4 if is_word(key, b"role") => &mut self.role,
            6 if is_word(key, b"cutype") => &mut self.cutype,
            8 if is_word(key, b"partstat") => &mut self.partstat,
            _ => return,
        };
        *slot = Some(value);
    }
}

fn attendee(
    value: &str,
    params: &AttendeeParams,
    strings: &mut Interner,
    lower: &mut String,
) -> Option<Attendee> {
    Some(Attendee {
        email: strings.get(address_in(value, lower)?),
        partstat: params
            .partstat
            .map_or(PartStat::NeedsAction, PartStat::parse),
        role: params
            .role
            .map_or(ParticipationRole::Required, ParticipationRole::parse),
        cutype: params.cutype.map_or(CuType::Individual, CuType::parse),
    })
}

/// Reads ATTENDEE lines, remembering each distinct line of the file (see
/// [`LineMemo`]) and interning addresses.
#[derive(Debug, Default)]
pub struct AttendeeReader<'a> {
    strings: Interner,
    seen: LineMemo<'a, Attendee>,
    /// Where an address with capitals is lower-cased (see [`address_in`]).
    lower: String,
}

impl<'a> AttendeeReader<'a> {
    /// A reader for a file of `size` bytes: room for the distinct lines and
    /// strings of a typical export (one in a few hundred bytes), so the
    /// tables are not grown over and over.
    pub fn for_size(size: usize) -> Self {
        AttendeeReader {
            strings: Interner(HashTable::with_capacity(size / 1024)),
            seen: LineMemo::with_capacity(size / 1024),
            lower: String::new(),
        }
    }

    /// The attendee of a line read before, if `raw` (a line as written) is
    /// one. Asked of every line of a VEVENT: inlined, it costs no call.
    #[inline]
    pub fn seen(&mut self, raw: &[u8]) -> Option<Attendee> {
        if !starts_with_word(raw, b"attendee") {
            return None;
        }
        self.seen.get(raw)
    }

    /// Reads the attendee of `prop` (with its `params`), the property of the
    /// line written as `raw`.
    pub fn read(
        &mut self,
        raw: &'a [u8],
        prop: &Property,
        params: &AttendeeParams,
    ) -> Option<Attendee> {
        let a = attendee(prop.value, params, &mut self.strings, &mut self.lower)?;
        // a line with a malformed parameter is reported each time it appears
        if prop.bad_param.is_none() {
            self.seen.remember(raw, a.clone());
        }
        Some(a)
    }
}

/// One shared copy of each attendee address per file.
///
/// Tried and dropped: one table per thread, kept from file to file (a file
/// of the bench corpus names ~860 of its 1,000 people, so nearly every
/// string is interned again in every file). It saved 315 k of the 1.42 M
/// allocations of an export of /tmp/sub200 and 45 M instructions
/// (import_in_run 2,973.6 -> 2,928.3 M, callgrind, 1 thread) but cost
/// real time: each ask then compared its string with a copy last read a
/// file before, in memory long gone cold (perf, 4 runs each: `get` 3.8 ->
/// 5.1% of the samples, memcmp 2.4 -> 4.0%, import_in_run 45.4 -> 48.3%).
#[derive(Debug, Default)]
pub struct Interner(HashTable<Arc<str>>);

impl Interner {
    /// The shared copy of `s`, hashed once whether it is new or not.
    pub fn get(&mut self, s: &str) -> Arc<str> {
        let hash = FxBuildHasher.hash_one(s);
        let rehash = |k: &Arc<str>| FxBuildHasher.hash_one(&**k);
        match self.0.entry(hash, |k| **k == *s, rehash) {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(slot) => slot.insert(Arc::from(s)).get().clone(),
        }
    }
}

/// One shared copy of each distinct attendee list of a file, with its
/// hash (see [`list_hash`]), made as each VEVENT ends. Most lists of a file
/// are new (each event's answers differ): a map from the hash to a vector
/// of lists cost a vector per list.
///
/// The list of the event being read is built in one vector per file,
/// emptied by [`AttendeeLists::share`] and handed to the next event: a
/// vector per event, kept until the file's events were converted, cost an
/// allocation, its growth and a free per event (callgrind, export of
/// /tmp/sub200, 1 thread: allocations 1.04 -> 0.96 M, frees 1.12 -> 0.99
/// M, growing vectors 67.4 -> 43.6 M instructions). The instructions of
/// the import stay (a new list is moved into its `Arc` one attendee at a
/// time, a copy of the vector's was one memcpy); its CPU time went down
/// (14 runs each, interleaved: median 0.915 -> 0.880 s).
#[derive(Debug, Default)]
pub struct AttendeeLists {
    shared: HashTable<(u64, Arc<[Attendee]>)>,
    /// An empty vector with the room the lists before it needed.
    spare: Vec<Attendee>,
}

impl AttendeeLists {
    /// Room for `lists` distinct lists.
    pub fn with_capacity(lists: usize) -> Self {
        AttendeeLists {
            shared: HashTable::with_capacity(lists),
            spare: Vec::new(),
        }
    }

    /// An empty vector to read an event's attendees into.
    pub fn start(&mut self) -> Vec<Attendee> {
        std::mem::take(&mut self.spare)
    }

    /// The file's shared copy of `list`, whose vector is kept, emptied, for
    /// the next event (see [`AttendeeLists::start`]).
    pub fn share(&mut self, mut list: Vec<Attendee>) -> Arc<[Attendee]> {
        let hash = list_hash(&list);
        let same = |(h, shared): &(u64, Arc<[Attendee]>)| *h == hash && same_list(shared, &list);
        let shared = match self.shared.find(hash, same) {
            Some((_, shared)) => shared.clone(),
            None => {
                // moved out, one allocation of the exact size; the room stays
                let shared: Arc<[Attendee]> = list.drain(..).collect();
                self.shared
                    .insert_unique(hash, (hash, shared.clone()), |(h, _)| *h);
                shared
            }
        };
        list.clear();
        self.spare = list;
        shared
    }
}

/// Addresses of one file are interned (one `Arc` per distinct string), so
/// lists are hashed and compared by those pointers: no string is
/// read again. Each attendee is mixed on its own, with its place in the
/// list, and the mixes are summed: no step waits for the one before (a
/// hasher's chain of multiplications, seven per attendee, was a fortieth of
/// the import's samples in perf, on lists of a thousand every week).
fn list_hash(list: &[Attendee]) -> u64 {
    let mix = |x: u64| (x ^ (x >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    list.iter()
        .enumerate()
        .fold(list.len() as u64, |sum, (place, a)| {
            let email = Arc::as_ptr(&a.email) as *const u8 as u64;
            let kinds = (a.partstat as u64) << 56 | (a.role as u64) << 48 | (a.cutype as u64) << 40;
            let each = mix(email ^ (place as u64).rotate_left(32)) ^ mix(kinds);
            sum.wrapping_add(mix(each))
        })
}

fn same_list(a: &[Attendee], b: &[Attendee]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            Arc::ptr_eq(&x.email, &y.email)
                && (x.partstat, x.role, x.cutype) == (y.partstat, y.role, y.cutype)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_lower_case_without_mailto_whether_copied_or_borrowed() {
        let cases = [
            ("mailto:Ann.Lee@X.org", Some("ann.lee@x.org")),
            (" MAILTO: bob@x.org ", Some("bob@x.org")),
            ("carol@x.org", Some("carol@x.org")),
            ("mailto:ÉMILE@x.org", Some("émile@x.org")),
            ("mailto:émile@x.org", Some("émile@x.org")),
            // a final sigma is lowered as one (`str::to_lowercase`, not letter by letter)
            ("mailto:ΟΔΟΣ@x.gr", Some("οδος@x.gr")),
            ("mailto:", None),
            ("  ", None),
            // `mailto:` only whole, in any case, at the start
            ("MaIlTo:Dan@x.org", Some("dan@x.org")),
            ("mailto", Some("mailto")),
            ("mailtox:eve@x.org", Some("mailtox:eve@x.org")),
            ("mail:eve@x.org", Some("mail:eve@x.org")),
            ("mailt\u{e9}:eve@x.org", Some("mailt\u{e9}:eve@x.org")),
            ("x mailto:eve@x.org", Some("x mailto:eve@x.org")),
        ];
        // one buffer for all, as for the lines of a file: a value already
        // lower-case is not confused with the one lowered before it
        let mut lower = String::new();
        for (value, want) in cases {
            assert_eq!(address(value).as_deref(), want, "{value:?}");
            assert_eq!(address_in(value, &mut lower), want, "{value:?}");
        }
    }

    #[test]
    fn a_capital_is_found_wherever_it_is_and_only_then() {
        // every ASCII byte in every place of texts of every length to past two words
        for len in 0..20 {
            for at in 0..len {
                for byte in 0..0x80u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    let want = text.iter().any(u8::is_ascii_uppercase);
                    assert_eq!(
                        has_capital(&text),
                        want,
                        "{:?}",
                        String::from_utf8_lossy(&text)
                    );
                    text.fill(b'Z');
                    text[at] = byte;
                    assert!(has_capital(&text) || len == 1 && !byte.is_ascii_uppercase());
                }
            }
        }
    }

    /// A required individual attendee with that address and answer.
    fn who(email: &Arc<str>, partstat: PartStat) -> Attendee {
        Attendee {
            email: email.clone(),
            partstat,
            role: ParticipationRole::Required,
            cutype: CuType::Individual,
        }
    }

    #[test]
    fn lists_of_the_same_attendees_in_the_same_order_are_one_shared_list() {
        let mut lists = AttendeeLists::default();
        let ann: Arc<str> = "ann@x.org".into();
        let bob: Arc<str> = "bob@x.org".into();
        let list = |p| vec![who(&ann, PartStat::Accepted), who(&bob, p)];
        let first = lists.share(list(PartStat::Accepted));
        assert!(Arc::ptr_eq(&first, &lists.share(list(PartStat::Accepted))));
        // another answer, another order, a copy of an address, or fewer are other lists
        let answered = lists.share(list(PartStat::Declined));
        let reversed = lists.share(list(PartStat::Accepted).into_iter().rev().collect());
        let copied: Arc<str> = "bob@x.org".into();
        let copy = lists.share(vec![
            who(&ann, PartStat::Accepted),
            who(&copied, PartStat::Accepted),
        ]);
        let shorter = lists.share(vec![who(&ann, PartStat::Accepted)]);
        for other in [&answered, &reversed, &copy, &shorter] {
            assert!(!Arc::ptr_eq(&first, other));
        }
        assert!(Arc::ptr_eq(
            &reversed,
            &lists.share(list(PartStat::Accepted).into_iter().rev().collect())
        ));
        assert_eq!(lists.shared.len(), 5);
        // the vector of the last list shared, emptied, with its room
        let next = lists.start();
        assert!(next.is_empty() && next.capacity() >= 2);
        assert_eq!(&*first, &list(PartStat::Accepted)[..]);
    }
}

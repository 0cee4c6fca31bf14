//! ATTENDEE and ORGANIZER values: addresses as compared everywhere, and the
//! attendee lines of one file read once each (exports that write every
//! instance out repeat the same lines all year).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

use super::lines::{trim, Property};
use super::memo::LineMemo;
use crate::model::{Attendee, CuType, PartStat, ParticipationRole};

/// An address as compared everywhere: lower-case, without `mailto:`.
pub fn address(value: &str) -> Option<String> {
    address_cow(value).map(std::borrow::Cow::into_owned)
}

/// [`address`] without allocating when the value is already lower-case.
fn address_cow(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    let v = trim(value);
    let v = if v.len() >= 7 && v.is_char_boundary(7) && v[..7].eq_ignore_ascii_case("mailto:") {
        &v[7..]
    } else {
        v
    };
    let v = trim(v);
    if v.is_empty() {
        return None;
    }
    // addresses are nearly always ASCII: check and lower bytes, not Unicode
    // case tables (for ASCII, `to_ascii_lowercase` is `to_lowercase`)
    let ascii = v.is_ascii();
    Some(if ascii && v.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(v.to_ascii_lowercase())
    } else if !ascii && v.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(v.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(v)
    })
}

/// The parameters of an ATTENDEE line that the importer reads, gathered as
/// the line is split ([`super::lines::split_named_with`]): the last one of a name wins.
#[derive(Debug, Default)]
pub struct AttendeeParams<'t> {
    name: Option<&'t str>,
    partstat: Option<&'t str>,
    role: Option<&'t str>,
    cutype: Option<&'t str>,
}

impl<'t> AttendeeParams<'t> {
    /// Takes note of one `(name, value)` parameter.
    pub fn see(&mut self, key: &str, value: &'t str) {
        let slot = match key.len() {
            2 if key.eq_ignore_ascii_case("CN") => &mut self.name,
            4 if key.eq_ignore_ascii_case("ROLE") => &mut self.role,
            6 if key.eq_ignore_ascii_case("CUTYPE") => &mut self.cutype,
            8 if key.eq_ignore_ascii_case("PARTSTAT") => &mut self.partstat,
            _ => return,
        };
        *slot = Some(value);
    }
}

fn attendee(value: &str, params: &AttendeeParams, strings: &mut Interner) -> Option<Attendee> {
    let email = strings.get(&address_cow(value)?);
    let name = params.name.map(trim).filter(|n| !n.is_empty());
    Some(Attendee {
        email,
        name: name.map(|n| strings.get(n)),
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
/// [`LineMemo`]) and interning addresses and names.
#[derive(Debug, Default)]
pub struct AttendeeReader<'a> {
    strings: Interner,
    seen: LineMemo<'a, Attendee>,
}

impl<'a> AttendeeReader<'a> {
    /// A reader for a file of `size` bytes: room for the distinct lines and
    /// strings of a typical export (one in a few hundred bytes), so the
    /// tables are not grown over and over.
    pub fn for_size(size: usize) -> Self {
        AttendeeReader {
            strings: Interner(HashTable::with_capacity(size / 1024)),
            seen: LineMemo::with_capacity(size / 1024),
        }
    }

    /// The attendee of a line read before, if `raw` (a line as written) is
    /// one. Asked of every line of a VEVENT: inlined, it costs no call.
    #[inline]
    pub fn seen(&mut self, raw: &[u8]) -> Option<Attendee> {
        let name = raw.get(..8)?;
        if !name.eq_ignore_ascii_case(b"ATTENDEE") {
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
        let a = attendee(prop.value, params, &mut self.strings)?;
        // a line with a malformed parameter is reported each time it appears
        if prop.bad_param.is_none() {
            self.seen.remember(raw, a.clone());
        }
        Some(a)
    }
}

/// One shared copy of each attendee address and name per file.
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

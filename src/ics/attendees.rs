//! ATTENDEE and ORGANIZER values: addresses as compared everywhere, and the
//! attendee lines of one file read once each (exports that write every
//! instance out repeat the same lines all year).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lines::{trim, Property};
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
    // addresses are nearly always ASCII: check bytes, not Unicode case tables
    let upper = if v.is_ascii() {
        v.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        v.chars().any(char::is_uppercase)
    };
    Some(if upper {
        std::borrow::Cow::Owned(v.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(v)
    })
}

fn attendee(prop: &Property, strings: &mut Interner) -> Option<Attendee> {
    let email = strings.get(&address_cow(prop.value)?);
    let mut a = Attendee {
        email,
        name: None,
        partstat: PartStat::NeedsAction,
        role: ParticipationRole::Required,
        cutype: CuType::Individual,
    };
    // one pass over the parameters: attendee lines are the bulk of big exports
    for (key, value) in prop.params() {
        if key.eq_ignore_ascii_case("CN") {
            a.name = Some(trim(value))
                .filter(|n| !n.is_empty())
                .map(|n| strings.get(n));
        } else if key.eq_ignore_ascii_case("PARTSTAT") {
            a.partstat = PartStat::parse(value);
        } else if key.eq_ignore_ascii_case("ROLE") {
            a.role = ParticipationRole::parse(value);
        } else if key.eq_ignore_ascii_case("CUTYPE") {
            a.cutype = CuType::parse(value);
        }
    }
    Some(a)
}

/// Reads ATTENDEE lines, remembering each distinct line of the file as
/// written (folds included): an export that writes every instance out
/// repeats the same lines all year, and looking a line's bytes up is cheaper
/// than unfolding, splitting and interning it again.
#[derive(Debug, Default)]
pub struct AttendeeReader {
    strings: Interner,
    seen: FxHashMap<Box<[u8]>, Attendee>,
}

impl AttendeeReader {
    /// The attendee of a line read before, if `raw` (a line as written) is one.
    pub fn seen(&self, raw: &[u8]) -> Option<Attendee> {
        let name = raw.get(..8)?;
        if !name.eq_ignore_ascii_case(b"ATTENDEE") {
            return None;
        }
        self.seen.get(raw).cloned()
    }

    /// Reads the attendee of `prop`, the property of the line written as `raw`.
    pub fn read(&mut self, raw: &[u8], prop: &Property) -> Option<Attendee> {
        let a = attendee(prop, &mut self.strings)?;
        // a line with a malformed parameter is reported each time it appears
        if prop.bad_param.is_none() {
            self.seen.insert(raw.into(), a.clone());
        }
        Some(a)
    }
}

/// One shared copy of each attendee address and name per file.
#[derive(Debug, Default)]
pub struct Interner(FxHashSet<Arc<str>>);

impl Interner {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(k) = self.0.get(s) {
            return k.clone();
        }
        let k: Arc<str> = Arc::from(s);
        self.0.insert(k.clone());
        k
    }
}

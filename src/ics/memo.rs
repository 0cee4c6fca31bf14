//! Lines remembered by their bytes as written (folds included): an export
//! that writes every instance of a meeting out repeats its ATTENDEE and
//! DESCRIPTION lines all year, and looking a line's bytes up costs less than
//! unfolding, splitting and reading it again.

use std::hash::BuildHasher;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

/// What was read from each distinct line of one file, by the line's bytes
/// (borrowed from the file, not copied). The table takes a hash worked out
/// by its caller and keeps it beside the line, so a line [`LineMemo::get`]
/// missed is remembered, and the table grown, without hashing lines again.
///
/// Tried and dropped: lines known by their 128-bit key (see
/// [`crate::text_key`]), as the run's shared store knows its texts, so that
/// a hit compares no bytes. No gain (`analyze` CPU ratio 1.001 over 12
/// alternating runs): a line remembered here was read earlier in the same
/// file and is seldom cold, and the key costs more to work out than Fx.
#[derive(Debug)]
pub struct LineMemo<'a, T> {
    known: HashTable<(u64, &'a [u8], T)>,
    /// The line `get` last missed (its place and length) and its hash.
    missed: Option<(usize, usize, u64)>,
}

impl<T: Clone> Default for LineMemo<'_, T> {
    fn default() -> Self {
        LineMemo::with_capacity(0)
    }
}

impl<'a, T: Clone> LineMemo<'a, T> {
    /// Room for `lines` distinct lines before the table grows.
    pub fn with_capacity(lines: usize) -> Self {
        LineMemo {
            known: HashTable::with_capacity(lines),
            missed: None,
        }
    }

    /// What was read from a line written as `raw`, if one was before.
    #[inline]
    pub fn get(&mut self, raw: &[u8]) -> Option<T> {
        let hash = FxBuildHasher.hash_one(raw);
        let known = self
            .known
            .find(hash, |(h, line, _)| *h == hash && *line == raw);
        if known.is_none() {
            self.missed = Some((raw.as_ptr() as usize, raw.len(), hash));
        }
        known.map(|(_, _, value)| value.clone())
    }

    /// Remembers what was read from the line written as `raw`.
    pub fn remember(&mut self, raw: &'a [u8], value: T) {
        let hash = match self.missed.take() {
            Some((at, len, hash)) if (at, len) == (raw.as_ptr() as usize, raw.len()) => hash,
            _ => FxBuildHasher.hash_one(raw),
        };
        let same = |(h, line, _): &(u64, &[u8], T)| *h == hash && *line == raw;
        if let Entry::Vacant(slot) = self.known.entry(hash, same, |(h, _, _)| *h) {
            slot.insert((hash, raw, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_known_by_its_bytes_once_remembered() {
        let file = b"A:1\r\nA:1\r\nA:2\r\n".as_slice();
        let (first, again, other) = (&file[0..3], &file[5..8], &file[10..13]);
        let mut memo = LineMemo::default();
        assert_eq!(memo.get(first), None);
        memo.remember(first, 1);
        assert_eq!(memo.get(again), Some(1));
        assert_eq!(memo.get(other), None);
        // remembered under its own bytes even when another line was missed last
        memo.remember(&file[0..2], 9);
        assert_eq!(memo.get(&file[5..7]), Some(9));
        assert_eq!(memo.get(other), None);
    }
}

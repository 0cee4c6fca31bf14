//! Texts known by a 128-bit key instead of by their bytes: a table that
//! finds a value by its key compares 16 bytes in the slot it reads anyway,
//! not the stored text, which is often cold (stored by another calendar's
//! ask: see `analysis::interned`).
//!
//! A key is the XXH3 128-bit hash of the text with the process's seed.
//! Equal keys are taken for equal texts: two different texts share a key
//! with a chance of about n²/2¹²⁹ (n texts: for a billion, 1 in 10²¹). The
//! seed is drawn once per process and keys never leave it, so texts written
//! to share a key in one run do not in another.

use std::cell::RefCell;
use std::sync::OnceLock;

/// A text's key (see the module's doc).
pub type Key = u128;

/// The key of `bytes`.
pub fn key(bytes: &[u8]) -> Key {
    xxhash_rust::xxh3::xxh3_128_with_seed(bytes, seed())
}

/// The key of a list of texts: the key of their bytes, each with its
/// length in front, so no two lists write the same bytes (`["ab", "c"]`
/// and `["a", "bc"]` differ, and so do `[]` and `[""]`).
pub fn list_key<'t>(texts: impl IntoIterator<Item = &'t [u8]>) -> Key {
    thread_local! {
        /// The bytes of the list asked for (one buffer per thread, as long
        /// as the longest list read).
        static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BYTES.with_borrow_mut(|bytes| {
        bytes.clear();
        for t in texts {
            bytes.extend_from_slice(&(t.len() as u64).to_le_bytes());
            bytes.extend_from_slice(t);
        }
        key(bytes)
    })
}

/// The process's seed: from the system's randomness, or a fixed one
/// without it (the keys stay 128 bits).
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let mut seed = [0; 8];
        let _ = getrandom::fill(&mut seed);
        u64::from_le_bytes(seed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_one_key_and_others_another() {
        assert_eq!(key(b"ann@x.org"), key(String::from("ann@x.org").as_bytes()));
        let texts: [&[u8]; 5] = [b"", b"a", b"ann@x.org", b"ann@x.orh", b"Ann@x.org"];
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                assert_ne!(key(a), key(b));
            }
        }
    }
}

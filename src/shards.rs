//! Tables that the parallel workers of one run share, split into shards
//! behind their own locks so that two workers rarely wait for each other.
//! The importer's attendee addresses ([`crate::ics::SharedStrings`]) and the
//! analysis' shared text ([`crate::analysis::interned::Interned`]) are both
//! such tables; this module sits below both so neither depends on the other.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hash};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rustc_hash::FxBuildHasher;

const SHARDS: usize = 16;

/// A table of type `T` split into shards; a key always lands in one shard.
#[derive(Debug, Default)]
pub struct Shards<T>([Mutex<T>; SHARDS]);

impl<T> Shards<T> {
    /// The locked shard where `key` belongs. A poisoned shard still holds
    /// valid values: a panic elsewhere must not cascade.
    pub fn of<K: ?Sized + Hash>(&self, key: &K) -> MutexGuard<'_, T> {
        let i = (FxBuildHasher.hash_one(key) % SHARDS as u64) as usize;
        self.0[i].lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One shared copy of each string, made on the first ask of the run.
pub type StrSet = Shards<HashSet<Arc<str>, FxBuildHasher>>;

/// The run's copy of `s`.
pub fn shared_str(set: &StrSet, s: &str) -> Arc<str> {
    let mut shard = set.of(s);
    if let Some(v) = shard.get(s) {
        return v.clone();
    }
    let v: Arc<str> = Arc::from(s);
    shard.insert(v.clone());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_one_copy_whoever_asks() {
        let set = StrSet::default();
        let (a, b) = (shared_str(&set, "x@y.org"), shared_str(&set, "x@y.org"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &shared_str(&set, "z@y.org")));
        assert_eq!(&*a, "x@y.org");
    }
}

//! Text the partials of many people share, stored once per run: a meeting's
//! UID, title, organizer and invitation list are the same in every
//! attendee's copy, and a 1,000-person all-hands list repeated in each of a
//! thousand partials was most of their memory. The map runs in parallel, so
//! the sets are split into shards behind their own locks.

use std::hash::{BuildHasher, Hash};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::{FxBuildHasher, FxHashSet};

const SHARDS: usize = 16;

/// One shared copy of each string and of each list of addresses.
#[derive(Default)]
pub struct Interned {
    strings: [Mutex<FxHashSet<Arc<str>>>; SHARDS],
    lists: [Mutex<FxHashSet<List>>; SHARDS],
}

/// A shared list of addresses.
type List = Arc<[Arc<str>]>;

impl Interned {
    /// The run's copy of `s`.
    pub fn str(&self, s: &str) -> Arc<str> {
        shared(&self.strings, s, |s| Arc::from(s))
    }

    /// The run's copy of the list `l` (equal lists of addresses share one).
    pub fn list(&self, l: &[Arc<str>]) -> List {
        shared(&self.lists, l, |l| Arc::from(l))
    }
}

/// The set's value equal to `key`, inserted (made by `make`) when missing.
fn shared<K: ?Sized + Hash + Eq, V: std::borrow::Borrow<K> + Hash + Eq + Clone>(
    shards: &[Mutex<FxHashSet<V>>; SHARDS],
    key: &K,
    make: impl FnOnce(&K) -> V,
) -> V {
    let shard = (FxBuildHasher.hash_one(key) % SHARDS as u64) as usize;
    // a poisoned shard still holds valid values: a panic elsewhere must not cascade
    let mut set = shards[shard].lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(v) = set.get(key) {
        return v.clone();
    }
    let v = make(key);
    set.insert(v.clone());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_and_equal_lists_share_one_copy_whoever_asks() {
        let shared = Interned::default();
        let (a, b) = (shared.str("uid-1"), shared.str(&String::from("uid-1")));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &shared.str("uid-2")));
        // the same addresses from two files (two allocations each) make one list
        let one: Vec<Arc<str>> = vec!["a@x.org".into(), "b@x.org".into()];
        let two: Vec<Arc<str>> = vec!["a@x.org".into(), "b@x.org".into()];
        let (l1, l2) = (shared.list(&one), shared.list(&two));
        assert!(Arc::ptr_eq(&l1, &l2));
        assert_eq!(&*l1[1], "b@x.org");
        // order matters: another order is another list
        let three: Vec<Arc<str>> = vec!["b@x.org".into(), "a@x.org".into()];
        assert!(!Arc::ptr_eq(&l1, &shared.list(&three)));
    }
}

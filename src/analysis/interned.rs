//! Text the partials of many people share, stored once per run: a meeting's
//! UID, title, organizer and invitation list are the same in every
//! attendee's copy, and a 1,000-person all-hands list repeated in each of a
//! thousand partials was most of their memory. What is read from a title
//! (its kind, its normalised form) is likewise worked out once per run, not
//! once per attendee. The map runs in parallel, so the sets are split into
//! shards behind their own locks.

use std::hash::{BuildHasher, Hash};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::kind::{Kind, KindRules};
use super::title_key::normalised_title;

const SHARDS: usize = 16;

/// One shared copy of each string and of each list of addresses, and what
/// the run's kind rules read in each title.
#[derive(Default)]
pub struct Interned {
    strings: [Mutex<FxHashSet<Arc<str>>>; SHARDS],
    lists: [Mutex<FxHashSet<List>>; SHARDS],
    rules: KindRules,
    titles: [Mutex<FxHashMap<Arc<str>, Title>>; SHARDS],
}

/// What a title says: its keyword kind (see [`KindRules::keyword_kind`])
/// and its normalised form (see [`normalised_title`]).
pub type Title = (Option<Kind>, Arc<str>);

/// A shared list of addresses.
type List = Arc<[Arc<str>]>;

impl Interned {
    /// An empty store for a run whose meeting kinds follow `rules` (the
    /// defaults with the config file's lists, see [`KindRules::new`]).
    pub fn new(rules: KindRules) -> Interned {
        Interned {
            rules,
            ..Interned::default()
        }
    }

    /// What `title` says, worked out on the first ask of the run.
    pub fn title(&self, title: &str) -> Title {
        let shard = &self.titles[shard_of(title)];
        let known = lock(shard).get(title).cloned();
        known.unwrap_or_else(|| {
            // worked out outside the lock: the keyword search is the slow part
            let facts = (
                self.rules.keyword_kind(title),
                Arc::from(normalised_title(title)),
            );
            lock(shard).insert(Arc::from(title), facts.clone());
            facts
        })
    }

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
    let mut set = lock(&shards[shard_of(key)]);
    if let Some(v) = set.get(key) {
        return v.clone();
    }
    let v = make(key);
    set.insert(v.clone());
    v
}

fn shard_of<K: ?Sized + Hash>(key: &K) -> usize {
    (FxBuildHasher.hash_one(key) % SHARDS as u64) as usize
}

/// A shard's lock; a poisoned shard still holds valid values: a panic
/// elsewhere must not cascade.
fn lock<T>(shard: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
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

    #[test]
    fn a_title_is_read_once_per_run_with_the_runs_own_kind_rules() {
        let tribunal = [(Kind::Decision, vec!["Tribunal".to_string()])].into();
        let shared = Interned::new(KindRules::new(&tribunal));
        let (kind, normalised) = shared.title("Design tribunal 2024-03-01");
        assert_eq!(kind, Some(Kind::Decision));
        assert_eq!(&*normalised, normalised_title("Design tribunal 2024-03-01"));
        // asked again (another person's copy): the same answer, the same text
        let again = shared.title(&String::from("Design tribunal 2024-03-01"));
        assert!(Arc::ptr_eq(&normalised, &again.1));
        // the config replaced the decision words: "council" says nothing here
        assert_eq!(shared.title("Design council").0, None);
        assert_eq!(
            Interned::default().title("Design council").0,
            Some(Kind::Decision)
        );
    }
}

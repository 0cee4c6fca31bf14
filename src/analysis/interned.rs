//! Text the partials of many people share, stored once per run: a meeting's
//! UID, title, organizer and invitation list are the same in every
//! attendee's copy, and a 1,000-person all-hands list repeated in each of a
//! thousand partials was most of their memory. What is read from a title
//! (its kind, its normalised form) is likewise worked out once per run, not
//! once per attendee. The map runs in parallel, so the sets are split into
//! shards behind their own locks.
//!
//! A key is hashed once per ask: the hash picks the shard and the slot, and
//! is kept beside the value, so a table that grows never hashes a thousand
//! addresses again (hashing the key for the shard and again for the set,
//! and once more per growth, was a third of the time of an ask).
//!
//! An ask costs cache misses, not locks: the tables hold the whole run's
//! text, so a first ask in a calendar finds their lines cold (perf
//! annotate, bench corpus: of `str`'s own samples, 54% wait on the slot,
//! 18% on the control bytes and 4% after the lock). A value is found by
//! a 128-bit hash of its text kept in its slot (see [`crate::text_key`]),
//! not by comparing the stored text. For a list that compare read each
//! stored address, one cold line per address. `analyze` CPU ratios (round
//! robins on the bench corpus, outputs byte-identical): keyed lists alone
//! 0.973, 1.010 and 0.971 (12, 12 and 16 runs), all three stores keyed
//! 0.966, 0.969 and 0.977 (16, 12 and 16). For a text it saves nothing:
//! the text lies on the line of its reference count, which the clone
//! handed out writes anyway, so that line is now the cold read (perf
//! annotate: 39% of `str`'s own samples on the count, 29% on the slot).
//! Texts and titles are keyed too, so that the three stores share one
//! path. A run without that miss needs handles without reference counts.
//!
//! Tried and dropped (perf shares of `analyze`, bench corpus, same machine
//! and load, 2 runs each): a front table per
//! worker thread, asked before the shards without a lock (`str` 6.1/5.5% ->
//! 6.1/6.3%, the list 3.8/4.1% -> 4.4/3.9%); lists of the run's copies of
//! addresses (their own small table, one ask per address of a file), hashed
//! and compared by address (`CopyEvent::of` 10.6% -> 10.3%, the list's own
//! part no smaller, CPU 4.40 -> 4.26 s over 3 noisy pairs); the same with
//! numbers instead of `Arc` copies (a run-wide number per address, asked
//! once per address of a calendar, and lists found by their numbers: no
//! text read, no shared count touched) gained nothing beyond the noise
//! (alternating pairs of `analyze`: CPU ratio 0.99 over 8, 0.98 over 12
//! noisier ones), outputs the same: of `list`'s own samples 37% wait on the
//! first lengths of the stored list and 23% on its slot, and a stored list
//! of numbers is as cold; a memo of each calendar's UIDs and organizers in
//! front of the store (353,000 of the 959,000 asks answered there) gained
//! nothing beyond the noise either (CPU ratio 1.00, and 0.98 on a noisier
//! hour, over 8 pairs each): a repeated ask finds its lines warm already,
//! the cost is each calendar's first (both together: 1.04 over 16 noisy
//! pairs); the UIDs and organizers of a calendar asked for all at once,
//! each shard locked once for its keys, so that their loads overlap instead
//! of waiting behind each lock (12 alternating pairs of `analyze`: wall
//! ratio 1.02, CPU 1.04, outputs the same): the misses of one ask depend on
//! each other (control bytes, then slot, then text), and the lock was no
//! barrier worth removing; nor did a calendar's asks gain from being
//! prefetched: before its map, each calendar looked up the keys of its
//! events' UIDs, organizers, titles and lists under one lock per shard,
//! taking no copy (no reference count written between two look-ups, so
//! their misses could overlap) and prefetching each value's line. In perf
//! the store's share fell from 10.8% to 8.0% of the samples (look-up pass
//! included), but `analyze` took the same CPU time: ratios 0.995 and 1.000
//! over two round robins of 14 runs (2026-12-05, outputs byte-identical).
//! The misses moved, they did not go.

use std::sync::{Arc, Mutex, PoisonError};

use hashbrown::hash_table::{Entry, HashTable};

use super::kind::{Kind, KindRules};
use super::title_key::normalised_title;
use crate::model::AgendaMarks;
use crate::text_key::{key, list_key, Key};

const SHARDS: usize = 16;

/// A shard: values by their [`Key`].
type Shard<V> = Mutex<HashTable<(Key, V)>>;

/// One shared copy of each string and of each list of addresses, and what
/// the run's kind rules read in each title.
#[derive(Default)]
pub struct Interned {
    strings: [Shard<Arc<str>>; SHARDS],
    lists: [Shard<List>; SHARDS],
    rules: KindRules,
    titles: [Shard<Title>; SHARDS],
}

/// What a title says: its keyword kind (see [`KindRules::keyword_kind`])
/// and its normalised form (see [`normalised_title`]), with the run's copy
/// of the title itself (a partial's meeting copies keep it).
#[derive(Debug, Clone)]
pub struct Title {
    pub kind: Option<Kind>,
    /// What the title shows of an agenda (see [`crate::model::EventInfo::has_agenda`]).
    pub agenda: AgendaMarks,
    pub normalised: Arc<str>,
    pub text: Arc<str>,
}

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
        let key = key(title.as_bytes());
        let shard = &self.titles[shard_of(key)];
        if let Some((_, known)) = lock(shard).find(key as u64, |(k, _)| *k == key) {
            return known.clone();
        }
        // worked out outside the lock: the keyword search is the slow part
        let facts = Title {
            kind: self.rules.keyword_kind(title),
            agenda: AgendaMarks::of(title),
            normalised: Arc::from(normalised_title(title)),
            text: Arc::from(title),
        };
        // another thread may have put it in meanwhile: the first copy stays
        shared_in(shard, key, || facts)
    }

    /// The run's copy of `s`.
    pub fn str(&self, s: &str) -> Arc<str> {
        let key = key(s.as_bytes());
        shared_in(&self.strings[shard_of(key)], key, || Arc::from(s))
    }

    /// The run's copy of the list `l` (equal lists of addresses share one).
    pub fn list(&self, l: &[Arc<str>]) -> List {
        let key = list_key(l.iter().map(|a| a.as_bytes()));
        shared_in(&self.lists[shard_of(key)], key, || Arc::from(l))
    }
}

/// The value of `key` in `shard`, inserted (made by `make`) when missing.
fn shared_in<V: Clone>(shard: &Shard<V>, key: Key, make: impl FnOnce() -> V) -> V {
    let mut table = lock(shard);
    match table.entry(key as u64, |(k, _)| *k == key, |(k, _)| *k as u64) {
        Entry::Occupied(known) => known.get().1.clone(),
        Entry::Vacant(slot) => slot.insert((key, make())).get().1.clone(),
    }
}

/// The shard of a key: bits the tables use neither for the slot nor for
/// the tag (both from the low 64).
fn shard_of(key: Key) -> usize {
    (key >> 64) as usize % SHARDS
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
    fn lists_that_join_to_the_same_text_are_other_lists() {
        let shared = Interned::default();
        let list = |l: &[&str]| shared.list(&l.iter().map(|&a| Arc::from(a)).collect::<Vec<_>>());
        let (ab_c, a_bc, abc) = (list(&["ab", "c"]), list(&["a", "bc"]), list(&["abc"]));
        assert!(
            !Arc::ptr_eq(&ab_c, &a_bc) && !Arc::ptr_eq(&ab_c, &abc) && !Arc::ptr_eq(&a_bc, &abc)
        );
        assert_eq!((&*a_bc[0], &*a_bc[1]), ("a", "bc"));
        assert!(Arc::ptr_eq(&ab_c, &list(&["ab", "c"])));
        // an empty address is still an address: one list of it, not the empty list
        assert!(!Arc::ptr_eq(&list(&[]), &list(&[""])));
        assert_eq!(list(&[""]).len(), 1);
    }

    #[test]
    fn copies_stay_the_runs_own_as_the_tables_grow() {
        // enough text to grow every shard several times (each keeps its hashes)
        let shared = Interned::default();
        let texts: Vec<String> = (0..5_000).map(|i| format!("uid-{i}@x.org")).collect();
        let first: Vec<Arc<str>> = texts.iter().map(|t| shared.str(t)).collect();
        for (t, f) in texts.iter().zip(&first) {
            assert!(Arc::ptr_eq(f, &shared.str(t)));
            assert_eq!(&**f, t);
        }
    }

    #[test]
    fn a_title_is_read_once_per_run_with_the_runs_own_kind_rules() {
        let tribunal = [(Kind::Decision, vec!["Tribunal".to_string()])].into();
        let shared = Interned::new(KindRules::new(&tribunal));
        let first = shared.title("Design tribunal 2024-03-01");
        assert_eq!(first.kind, Some(Kind::Decision));
        assert_eq!(
            &*first.normalised,
            normalised_title("Design tribunal 2024-03-01")
        );
        assert_eq!(&*first.text, "Design tribunal 2024-03-01");
        // asked again (another person's copy): the same answer, the same text
        let again = shared.title(&String::from("Design tribunal 2024-03-01"));
        assert!(Arc::ptr_eq(&first.normalised, &again.normalised));
        assert!(Arc::ptr_eq(&first.text, &again.text));
        // the config replaced the decision words: "council" says nothing here
        assert_eq!(shared.title("Design council").kind, None);
        let agenda = shared.title("Council: agenda and votes").agenda;
        assert_eq!(agenda, AgendaMarks::of("Council: agenda and votes"));
        assert!(agenda.word && !first.agenda.word);
        assert_eq!(
            Interned::default().title("Design council").kind,
            Some(Kind::Decision)
        );
    }
}

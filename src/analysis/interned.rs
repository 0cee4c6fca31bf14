//! Text the partials of many people share, stored once per run: a meeting's
//! UID, title, organizer and invitation list are the same in every
//! attendee's copy, and a 1,000-person all-hands list repeated in each of a
//! thousand partials was most of their memory. What is read from a title
//! (its kind, its normalised form) is likewise worked out once per run, not
//! once per attendee. The map runs in parallel, so the tables are split into
//! shards behind their own locks ([`crate::shards`]).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use super::kind::{Kind, KindRules};
use super::title_key::normalised_title;
use crate::shards::{shared_str, Shards, StrSet};

/// One shared copy of each string and of each list of addresses, and what
/// the run's kind rules read in each title.
#[derive(Default)]
pub struct Interned {
    strings: StrSet,
    /// Lists by the hash of their addresses' allocations (see [`Self::list`]).
    lists: Shards<FxHashMap<u64, Vec<List>>>,
    rules: KindRules,
    titles: Shards<FxHashMap<Arc<str>, Title>>,
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
        let known = self.titles.of(title).get(title).cloned();
        known.unwrap_or_else(|| {
            // worked out outside the lock: the keyword search is the slow part
            let facts = (
                self.rules.keyword_kind(title),
                Arc::from(normalised_title(title)),
            );
            let mut shard = self.titles.of(title);
            shard.insert(Arc::from(title), facts.clone());
            facts
        })
    }

    /// The run's copy of `s`.
    pub fn str(&self, s: &str) -> Arc<str> {
        shared_str(&self.strings, s)
    }

    /// The run's copy of the list of `addresses`. Lists are matched by their
    /// addresses' allocations, not their text: the importer gives an
    /// address one allocation per run ([`crate::ics::SharedStrings`]), so
    /// the 1,000-entry list of an all-hands in every attendee's calendar is
    /// found by hashing and comparing pointers, without reading a string.
    /// Equal text in other allocations (from another store) makes a list of
    /// its own: more memory, never another number, since everything that
    /// reads a list reads its addresses, not which list it is. A stored
    /// list holds its addresses, so a pointer equal to one of them is that
    /// address and not a later allocation at a freed place.
    pub fn list<'a, I>(&self, addresses: I) -> List
    where
        I: Iterator<Item = &'a Arc<str>> + Clone,
    {
        let mut h = FxHasher::default();
        for a in addresses.clone() {
            Arc::as_ptr(a).cast::<u8>().hash(&mut h);
        }
        let hash = h.finish();
        let mut shard = self.lists.of(&hash);
        let same = shard.entry(hash).or_default();
        let found = same.iter().find(|l| {
            let mut rest = addresses.clone();
            l.iter()
                .all(|x| rest.next().is_some_and(|y| Arc::ptr_eq(x, y)))
                && rest.next().is_none()
        });
        if let Some(l) = found {
            return l.clone();
        }
        let l: List = addresses.cloned().collect();
        same.push(l.clone());
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_and_lists_of_the_same_addresses_share_one_copy_whoever_asks() {
        let shared = Interned::default();
        let (a, b) = (shared.str("uid-1"), shared.str(&String::from("uid-1")));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &shared.str("uid-2")));
        // the same addresses (one allocation each, as the importer's run
        // store gives them) make one list, however many calendars list them
        let (a, b): (Arc<str>, Arc<str>) = ("a@x.org".into(), "b@x.org".into());
        let one = [a.clone(), b.clone()];
        let two = [a.clone(), b.clone()];
        let (l1, l2) = (shared.list(one.iter()), shared.list(two.iter()));
        assert!(Arc::ptr_eq(&l1, &l2));
        assert_eq!(&*l1[1], "b@x.org");
        // order matters, and so does length: another order is another list
        assert!(!Arc::ptr_eq(
            &l1,
            &shared.list([b.clone(), a.clone()].iter())
        ));
        assert!(!Arc::ptr_eq(&l1, &shared.list([a.clone()].iter())));
        assert!(!Arc::ptr_eq(
            &l1,
            &shared.list([a.clone(), b.clone(), b].iter())
        ));
        // equal text in other allocations: a list of its own, equal in text
        let other: Vec<Arc<str>> = vec!["a@x.org".into(), "b@x.org".into()];
        let l3 = shared.list(other.iter());
        assert!(!Arc::ptr_eq(&l1, &l3));
        assert_eq!(l1, l3);
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

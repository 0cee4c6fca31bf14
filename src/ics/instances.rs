//! The instances of one series by their key (RECURRENCE-ID), in key order,
//! as a `BTreeMap` keeps them, without building the tree in the common case.
//!
//! A rule's starts come sorted and nearly always become sorted keys, so
//! instances are pushed onto a vector while each key is past the last one;
//! a key for an instance already there (an override, an RDATE repeating a
//! rule) replaces it in place. The first key that would have to go between
//! two others (an orphan override, an RDATE before the rule's last instance,
//! a start in a daylight-saving gap) moves everything into a map, so input
//! that comes out of order never costs a shift of the whole vector per instance.

use std::collections::BTreeMap;

use super::expand::Instance;
use crate::model::InstanceKey;

/// Instances by key, kept in key order; a key inserted again replaces its
/// instance, as [`BTreeMap::insert`] does.
#[derive(Debug)]
pub(super) enum Instances {
    /// Keys strictly increasing.
    Sorted(Vec<(InstanceKey, Instance)>),
    Map(BTreeMap<InstanceKey, Instance>),
}

impl Default for Instances {
    fn default() -> Self {
        Instances::Sorted(Vec::new())
    }
}

impl Instances {
    /// How many distinct keys there are.
    pub fn len(&self) -> usize {
        match self {
            Instances::Sorted(v) => v.len(),
            Instances::Map(m) => m.len(),
        }
    }

    /// Room for `more` instances (kept in order, not in a map).
    pub fn reserve(&mut self, more: usize) {
        if let Instances::Sorted(v) = self {
            v.reserve(more);
        }
    }

    /// Adds the instance of `key`, replacing the one there was.
    pub fn insert(&mut self, key: InstanceKey, instance: Instance) {
        let v = match self {
            Instances::Map(m) => {
                m.insert(key, instance);
                return;
            }
            Instances::Sorted(v) => v,
        };
        if v.last().is_none_or(|(last, _)| *last < key) {
            v.push((key, instance));
            return;
        }
        match v.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => v[i].1 = instance,
            Err(_) => {
                let mut m: BTreeMap<_, _> = std::mem::take(v).into_iter().collect();
                m.insert(key, instance);
                *self = Instances::Map(m);
            }
        }
    }

    /// The keys after `key`, in order.
    pub fn keys_after(&self, key: InstanceKey) -> Vec<InstanceKey> {
        match self {
            Instances::Sorted(v) => {
                let from = v.partition_point(|(k, _)| *k <= key);
                v[from..].iter().map(|(k, _)| *k).collect()
            }
            Instances::Map(m) => m
                .range(key..)
                .map(|(k, _)| *k)
                .filter(|k| *k != key)
                .collect(),
        }
    }

    /// Every instance with its key, in key order.
    pub fn into_sorted(self) -> Vec<(InstanceKey, Instance)> {
        match self {
            Instances::Sorted(v) => v,
            Instances::Map(m) => m.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use chrono::{DateTime, NaiveDate};

    fn instance(tag: i64) -> Instance {
        let at = DateTime::from_timestamp(tag, 0).unwrap_or_default();
        Instance {
            span: Span::Timed { start: at, end: at },
            event: Default::default(),
        }
    }

    fn key(n: u64) -> InstanceKey {
        // timed and all-day keys both, as a series with timed RDATEs has
        if n.is_multiple_of(7) {
            InstanceKey::Date(NaiveDate::from_num_days_from_ce_opt(n as i32).unwrap())
        } else {
            InstanceKey::Timed(DateTime::from_timestamp(n as i64 * 60, 0).unwrap())
        }
    }

    #[test]
    fn inserting_in_any_order_keeps_what_a_btree_map_keeps() {
        // runs that go up, repeat keys, and step back now and then
        let mut rng = crate::rng::Rng::new(1);
        for round in 0..200 {
            let mut ours = Instances::default();
            let mut map = BTreeMap::new();
            let mut at = 10_000;
            for tag in 0..(round % 50) {
                let seed = rng.next_u64();
                at = match seed % 10 {
                    0 => at - seed % 30,
                    1 | 2 => at,
                    _ => at + seed % 5,
                };
                ours.insert(key(at), instance(tag as i64));
                map.insert(key(at), instance(tag as i64));
                assert_eq!(ours.len(), map.len());
                let probe = key(at - seed % 8);
                let after = map.range(probe..).map(|(k, _)| *k);
                let after: Vec<_> = after.filter(|k| *k != probe).collect();
                assert_eq!(ours.keys_after(probe), after);
            }
            let got = ours.into_sorted().into_iter();
            let got: Vec<_> = got.map(|(k, i)| (k, i.span)).collect();
            let want: Vec<_> = map.into_iter().map(|(k, i)| (k, i.span)).collect();
            assert_eq!(got, want, "round {round}");
        }
    }
}

//! Which sources repeat an earlier source's bytes (a copied export is read
//! once, see [`super::discover()`]), found without reading every source of a
//! shared size to its end.
//!
//! Only sources of one size can be equal, and their SHA-256 tells. Sources
//! of one size that differ (two people's exports that happen to be equally
//! long; the bench's four copies of an organisation under other domains,
//! every file of which has three others of its size) nearly always differ
//! in their first bytes: each is hashed over its first [`PREFIX`] bytes
//! first, and only those whose beginnings agree are hashed to the end.
//! Hashing every same-size source whole cost 11% of the CPU time of
//! `analyze` on the 4,000-person bench corpus (perf), and read its 3.7 GB
//! twice.

use std::collections::hash_map::{Entry, HashMap};

use rayon::prelude::*;

/// How many bytes of each source of a shared size are hashed first.
const PREFIX: u64 = 1 << 16;

/// The SHA-256 of a source's first bytes, and whether they were all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest {
    pub sha: [u8; 32],
    pub whole: bool,
}

/// The sources (by index) whose bytes equal an earlier one's, each with the
/// first source of those bytes. `groups` are the indexes of the sources of
/// one size (ascending); `digest(state, i, limit)` hashes the first `limit`
/// bytes of source `i` (`None`: unreadable, never a repeat; the import
/// reports why), reading at most `max_bytes` of a source to its end. The
/// groups are read in parallel, each rayon job with its own `state` (the
/// archives it opened). The repeats come group by group (groups ordered by
/// their first source), each group's in ascending order.
pub fn repeats<S>(
    mut groups: Vec<Vec<usize>>,
    max_bytes: u64,
    digest: impl Fn(&mut S, usize, u64) -> Option<Digest> + Sync + Send,
) -> Vec<(usize, usize)>
where
    S: Default,
{
    groups.sort();
    let per_group: Vec<Vec<(usize, usize)>> = groups
        .par_iter()
        .map_init(S::default, |state, group| {
            repeats_in(group, |i, limit| digest(state, i, limit), max_bytes)
        })
        .collect();
    per_group.into_iter().flatten().collect()
}

/// The repeats among the sources of one size, in ascending order: each
/// hashed over its first [`PREFIX`] bytes, and those whose beginnings agree
/// (and go on past them) hashed again to the end.
fn repeats_in(
    group: &[usize],
    mut digest: impl FnMut(usize, u64) -> Option<Digest>,
    max_bytes: u64,
) -> Vec<(usize, usize)> {
    let mut digests_to = |sources: &[usize], limit| -> Vec<(usize, Option<Digest>)> {
        sources.iter().map(|&i| (i, digest(i, limit))).collect()
    };
    let mut equal: Vec<Vec<usize>> = Vec::new();
    for (same, start) in alike(&digests_to(group, PREFIX)) {
        match start.whole {
            true => equal.push(same),
            false => equal.extend(
                alike(&digests_to(&same, max_bytes))
                    .into_iter()
                    .map(|(s, _)| s),
            ),
        }
    }
    let mut found: Vec<(usize, usize)> = equal
        .iter()
        .flat_map(|same| same[1..].iter().map(|&i| (i, same[0])))
        .collect();
    found.sort_unstable();
    found
}

/// The sources of `group` that share a digest with another, as lists in
/// the group's order, each with that digest.
/// (A map finds the list: a folder of ten thousand calendars of one size,
/// all different, would otherwise compare each with all before it.)
fn alike(group: &[(usize, Option<Digest>)]) -> Vec<(Vec<usize>, Digest)> {
    let mut lists: Vec<(Vec<usize>, Digest)> = Vec::new();
    let mut list_of: HashMap<Digest, usize> = HashMap::with_capacity(group.len());
    for &(i, digest) in group {
        let Some(digest) = digest else { continue };
        match list_of.entry(digest) {
            Entry::Occupied(list) => lists[*list.get()].0.push(i),
            Entry::Vacant(slot) => {
                slot.insert(lists.len());
                lists.push((vec![i], digest));
            }
        }
    }
    lists.retain(|(list, _)| list.len() > 1);
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;
    use std::sync::Mutex;

    /// (source, limit) of a digest asked for.
    type Asked = (usize, u64);

    /// [`repeats`] of in-memory sources grouped by their length, with every
    /// digest asked for.
    fn run(sources: &[Vec<u8>]) -> (Vec<(usize, usize)>, Vec<Asked>) {
        let mut by_size: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, s) in sources.iter().enumerate() {
            by_size.entry(s.len()).or_default().push(i);
        }
        let groups = by_size.into_values().filter(|g| g.len() > 1).collect();
        let asked = Mutex::new(Vec::new());
        let found = repeats::<()>(groups, u64::MAX, |_, i, limit| {
            asked.lock().unwrap().push((i, limit));
            Some(digest_of(&sources[i], limit))
        });
        let mut asked = asked.into_inner().unwrap();
        asked.sort();
        (found, asked)
    }

    /// The digest of the first `limit` bytes of `bytes`.
    fn digest_of(bytes: &[u8], limit: u64) -> Digest {
        let read = bytes
            .len()
            .min(usize::try_from(limit).unwrap_or(usize::MAX));
        Digest {
            sha: sha2::Sha256::digest(&bytes[..read]).into(),
            whole: read == bytes.len(),
        }
    }

    fn long(seed: u8) -> Vec<u8> {
        (0..100_000u32).map(|k| (k % 251) as u8 ^ seed).collect()
    }

    #[test]
    fn only_sources_whose_beginnings_agree_are_read_to_the_end() {
        let a = long(0);
        let mut late = a.clone(); // differs in its last byte only
        *late.last_mut().unwrap() ^= 1;
        let mut early = a.clone(); // differs in its first byte
        early[0] ^= 1;
        let sources = vec![
            a.clone(),
            late,
            early,
            a,
            b"short".to_vec(),
            b"short".to_vec(),
        ];
        let (found, asked) = run(&sources);
        // the copy of the first and the copy of the short one, nothing else
        assert_eq!(found, vec![(3, 0), (5, 4)]);
        let whole: Vec<usize> = asked
            .iter()
            .filter(|(_, limit)| *limit == u64::MAX)
            .map(|(i, _)| *i)
            .collect();
        // the one that differs early and the short ones are never read whole again
        assert_eq!(whole, vec![0, 1, 3]);
        assert!(asked.contains(&(2, PREFIX)) && asked.contains(&(4, PREFIX)));
    }

    #[test]
    fn a_source_read_whole_is_no_repeat_of_a_longer_one_with_its_beginning() {
        // one size when listed, but the second grew since: its first PREFIX
        // bytes are all of the first one
        let first = vec![7u8; PREFIX as usize];
        let mut grown = first.clone();
        grown.push(7);
        let groups = vec![vec![0, 1]];
        let sources = [first, grown];
        let found = repeats::<()>(groups, u64::MAX, |_, i, limit| {
            Some(digest_of(&sources[i], limit))
        });
        assert!(found.is_empty());
    }

    #[test]
    fn an_unreadable_source_is_never_a_repeat_and_repeats_come_group_by_group() {
        let digest = |i: usize| Digest {
            sha: [u8::from(i.is_multiple_of(2)); 32],
            whole: true,
        };
        // sizes: {0, 2, 4} and {1, 3, 5}; source 2 cannot be read
        let groups = vec![vec![1, 3, 5], vec![0, 2, 4]];
        let found = repeats::<()>(groups, u64::MAX, |_, i, _| (i != 2).then(|| digest(i)));
        assert_eq!(found, vec![(4, 0), (3, 1), (5, 1)]);
    }
}

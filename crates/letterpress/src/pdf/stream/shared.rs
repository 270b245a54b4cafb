//! Objects the letters of a combined PDF share, written once.
//!
//! Every letter arrives as a PDF of its own, so the letterhead, a signature, the sRGB profile
//! or the font subset of an SVG letterhead's text come again with each letter, byte for byte
//! the same once renumbered. An object that does not lead back to the letter's own pages,
//! structure or outline (a `Page`, a structure element, anything with a `/Parent`, `/P`, `/Pg`,
//! `/StructParent(s)` or `/ID`, and whatever refers to one of them or lies on a cycle) is
//! numbered after the objects it refers to; if an object with the same bytes has been written
//! before, the letter refers to that one instead. Objects are told apart by the SHA-256 of their
//! bytes. What was written is remembered in two generations of at most [`REMEMBERED`] objects
//! each: when the newer one is full it becomes the older and the oldest is forgotten, and an
//! object found in the older one is remembered again in the newer. So memory stays flat, and
//! what every letter uses (the letterhead, a signature, the colour profile) is written once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use sha2::{Digest, Sha256};

use super::{renumber, Letter, Out};
use crate::error::Error;
use crate::pdf::syntax;

/// How many written objects are remembered at most.
pub(super) const REMEMBERED: usize = 4096;

/// Keys of an object that belongs to one letter's pages, structure or outline.
const OWN_KEYS: &[&[u8]] = &[
    b"Parent",
    b"P",
    b"Pg",
    b"StructParents",
    b"StructParent",
    b"ID",
];

/// What has been written, by the hash of its bytes: the newer and the older generation.
#[derive(Default)]
pub(super) struct Shared {
    newer: HashMap<[u8; 32], u32>,
    older: HashMap<[u8; 32], u32>,
}

impl Shared {
    /// The number of an object written with these bytes, remembered again if found.
    fn find(&mut self, hash: &[u8; 32]) -> Option<u32> {
        if let Some(&n) = self.newer.get(hash) {
            return Some(n);
        }
        let n = *self.older.get(hash)?;
        self.remember(*hash, n);
        Some(n)
    }

    /// Remember an object written as `num`.
    fn remember(&mut self, hash: [u8; 32], num: u32) {
        if self.newer.len() >= REMEMBERED {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(hash, num);
    }
}

/// A letter's objects numbered in the file: the new number of each, and the objects found
/// written already (not to be written again).
pub(super) struct Numbered {
    pub(super) map: BTreeMap<u32, u32>,
    pub(super) reused: BTreeSet<u32>,
}

impl Shared {
    /// Number the `copied` objects of `letter`: shareable ones first, each after what it
    /// refers to and reusing an identical object written before; the letter's own after them,
    /// in file order.
    pub(super) fn number<W: Write>(
        &mut self,
        letter: &Letter,
        copied: &BTreeSet<u32>,
        out: &mut Out<W>,
    ) -> Result<Numbered, Error> {
        let kids = children(letter, copied);
        let own = own(letter, copied, &kids);
        let mut n = Numbered {
            map: BTreeMap::new(),
            reused: BTreeSet::new(),
        };
        for num in post_order(letter, copied, &kids, &own) {
            let body = letter.body(num).unwrap_or_default();
            let hash: [u8; 32] = Sha256::digest(renumber(body, &n.map)?).into();
            if let Some(earlier) = self.find(&hash) {
                n.map.insert(num, earlier);
                n.reused.insert(num);
                continue;
            }
            let new = out.alloc();
            self.remember(hash, new);
            n.map.insert(num, new);
        }
        for o in &letter.ix.file.objects {
            if copied.contains(&o.num) && own.contains(&o.num) {
                n.map.insert(o.num, out.alloc());
            }
        }
        Ok(n)
    }
}

/// The copied objects each copied object refers to.
fn children(letter: &Letter, copied: &BTreeSet<u32>) -> BTreeMap<u32, Vec<u32>> {
    copied
        .iter()
        .map(|&n| {
            let refs = syntax::references(letter.body(n).unwrap_or_default())
                .into_iter()
                .map(|r| r.1)
                .collect();
            (n, refs)
        })
        .collect()
}

/// Whether an object is one of the letter's own by itself (see the module header).
fn own_by_itself(letter: &Letter, num: u32) -> bool {
    if letter.pages.contains(&num)
        || letter.items.contains(&num)
        || letter.elements.contains(&num)
        || letter.skipped.contains(&num)
    {
        return true;
    }
    let body = letter.body(num).unwrap_or_default();
    if !body.starts_with(b"<<") {
        return false;
    }
    match syntax::dict(body, 0) {
        Some((e, _)) => e.iter().any(|x| OWN_KEYS.contains(&&x.key[..])),
        None => true,
    }
}

/// The letter's own objects: those that are by themselves, those on a cycle, and whatever
/// refers to one of them (a depth-first walk without recursion).
fn own(letter: &Letter, copied: &BTreeSet<u32>, kids: &BTreeMap<u32, Vec<u32>>) -> BTreeSet<u32> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: BTreeMap<u32, Mark> = BTreeMap::new();
    let mut own = BTreeSet::new();
    for &start in copied {
        if mark.contains_key(&start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        mark.insert(start, Mark::Open);
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            let list = kids.get(&n).map_or(&[][..], |v| &v[..]);
            if let Some(&k) = list.get(*next) {
                *next += 1;
                match mark.get(&k) {
                    // Outside the copy (a skipped node): the letter's own.
                    _ if !copied.contains(&k) => {
                        own.insert(n);
                    }
                    Some(Mark::Open) => {
                        own.insert(n);
                    }
                    Some(Mark::Done) => {
                        if own.contains(&k) {
                            own.insert(n);
                        }
                    }
                    None => {
                        mark.insert(k, Mark::Open);
                        stack.push((k, 0));
                    }
                }
                continue;
            }
            stack.pop();
            mark.insert(n, Mark::Done);
            if own_by_itself(letter, n) || list.iter().any(|k| own.contains(k)) {
                own.insert(n);
            }
            if let Some(&(parent, _)) = stack.last() {
                if own.contains(&n) {
                    own.insert(parent);
                }
            }
        }
    }
    own
}

/// The shareable objects, each after the objects it refers to, starting from the file order.
fn post_order(
    letter: &Letter,
    copied: &BTreeSet<u32>,
    kids: &BTreeMap<u32, Vec<u32>>,
    own: &BTreeSet<u32>,
) -> Vec<u32> {
    let mut done = BTreeSet::new();
    let mut order = Vec::new();
    for o in &letter.ix.file.objects {
        let start = o.num;
        if !copied.contains(&start) || own.contains(&start) || done.contains(&start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        done.insert(start);
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            let list = kids.get(&n).map_or(&[][..], |v| &v[..]);
            if let Some(&k) = list.get(*next) {
                *next += 1;
                if done.insert(k) {
                    stack.push((k, 0));
                }
                continue;
            }
            stack.pop();
            order.push(n);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(i: usize) -> [u8; 32] {
        let mut h = [0; 32];
        h[..8].copy_from_slice(&(i as u64).to_le_bytes());
        h
    }

    #[test]
    fn what_is_used_again_outlives_two_generations_and_the_rest_is_forgotten() {
        let mut s = Shared::default();
        s.remember(hash(0), 1000);
        for i in 1..REMEMBERED * 3 {
            s.remember(hash(i), i as u32);
            if i % 100 == 0 {
                assert_eq!(s.find(&hash(0)), Some(1000), "used again at {i}");
            }
        }
        assert_eq!(s.find(&hash(1)), None, "forgotten");
        assert!(s.newer.len() + s.older.len() <= 2 * REMEMBERED);
    }
}

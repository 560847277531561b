//! An object's table of members: the members in insertion order, and a hash index over their
//! names only once there are more than [`SMALL`] of them. Most JSON objects (event details, a
//! state's payload, `$$`) have a handful of members: for them a lookup is a scan of a few names,
//! and building the object is one allocation instead of three (members, hash table, and its
//! growth), which is what the engine spends its time on.

use std::hash::BuildHasher;
use std::rc::Rc;

use hashbrown::HashTable;

use super::Value;

/// Up to this many members an object has no hash index (a scan compares lengths first).
const SMALL: usize = 8;

type Entry = (Rc<str>, Value);

/// Members in insertion order; `index` maps a name's hash to its position once `len > SMALL`.
#[derive(Default)]
pub(crate) struct Members {
    entries: Vec<Entry>,
    index: Option<Box<Index>>,
}

/// The hash index: foldhash seeded per process, so member names cannot be chosen to collide.
struct Index {
    table: HashTable<usize>,
    hasher: foldhash::fast::RandomState,
}

impl Clone for Members {
    fn clone(&self) -> Members {
        let mut copy = Members { entries: self.entries.clone(), index: None };
        copy.reindex();
        copy
    }
}

impl Members {
    pub(crate) fn with_capacity(capacity: usize) -> Members {
        Members { entries: Vec::with_capacity(capacity), index: None }
    }

    /// Members whose names are distinct (checked in debug builds).
    pub(crate) fn from_distinct(entries: Vec<Entry>) -> Members {
        let mut members = Members { entries, index: None };
        members.reindex();
        debug_assert!(
            members.entries.iter().enumerate().all(|(i, (name, _))| members.position(name) == Some(i)),
            "member names are distinct"
        );
        members
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of member `key`.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => {
                let entries = &self.entries;
                index.table.find(index.hash(key), |&i| &*entries[i].0 == key).copied()
            }
            None => self.entries.iter().position(|(name, _)| name.len() == key.len() && &**name == key),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.position(key).map(|i| &mut self.entries[i].1)
    }

    /// Sets member `key`, keeping its place when it exists; the old value.
    pub(crate) fn insert(&mut self, key: Rc<str>, value: Value) -> Option<Value> {
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.push(key, value);
                None
            }
        }
    }

    /// Appends a member known not to be there yet.
    fn push(&mut self, key: Rc<str>, value: Value) {
        let position = self.entries.len();
        if let Some(index) = &mut self.index {
            let hash = index.hash(&key);
            let entries = &self.entries;
            let hasher = &index.hasher;
            index.table.insert_unique(hash, position, |&i| hasher.hash_one(&*entries[i].0));
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > SMALL {
            self.reindex();
        }
    }

    /// The member `key`, appended with `make()` when missing.
    pub(crate) fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> Value) -> &mut Value {
        let position = match self.position(key) {
            Some(i) => i,
            None => {
                self.push(Rc::from(key), make());
                self.entries.len() - 1
            }
        };
        &mut self.entries[position].1
    }

    /// Removes member `key`, keeping the others in order.
    pub(crate) fn shift_remove(&mut self, key: &str) -> Option<Value> {
        let position = self.position(key)?;
        let (_, value) = self.entries.remove(position);
        self.reindex();
        Some(value)
    }

    /// Builds the hash index when the members are many, drops it when they are few.
    fn reindex(&mut self) {
        if self.entries.len() <= SMALL {
            self.index = None;
            return;
        }
        let hasher = foldhash::fast::RandomState::default();
        let mut table = HashTable::with_capacity(self.entries.len());
        for (position, (name, _)) in self.entries.iter().enumerate() {
            table.insert_unique(hasher.hash_one(&**name), position, |&i| hasher.hash_one(&*self.entries[i].0));
        }
        self.index = Some(Box::new(Index { table, hasher }));
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The members' values, for changing (names and order stay).
    pub(crate) fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, value)| value)
    }

    pub(crate) fn into_entries(self) -> Vec<Entry> {
        self.entries
    }
}

impl Index {
    fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(count: usize) -> Members {
        let mut members = Members::default();
        for i in 0..count {
            members.insert(Rc::from(format!("k{i}")), Value::from(i as u64));
        }
        members
    }

    #[test]
    fn distinct_members_are_found_as_inserted_ones_are() {
        for count in [0, 3, SMALL, SMALL + 1, 40] {
            let entries: Vec<Entry> = (0..count).map(|i| (Rc::from(format!("k{i}")), Value::from(i as u64))).collect();
            let built = Members::from_distinct(entries);
            let inserted = members(count);
            assert_eq!(built.index.is_some(), inserted.index.is_some(), "{count}");
            for i in 0..count {
                assert_eq!(built.position(&format!("k{i}")), Some(i));
            }
            assert_eq!(built.position("absent"), None);
        }
    }

    fn names(members: &Members) -> Vec<String> {
        members.entries().iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn a_small_object_has_no_index_and_finds_its_members_by_scanning() {
        let members = members(SMALL);
        assert!(members.index.is_none());
        assert_eq!(members.get("k7"), Some(&Value::from(7u64)));
        assert_eq!(members.get("k8"), None);
    }

    #[test]
    fn past_the_small_size_an_index_finds_every_member() {
        let members = members(100);
        assert!(members.index.is_some());
        for i in 0..100 {
            assert_eq!(members.position(&format!("k{i}")), Some(i));
        }
        assert_eq!(members.get("k100"), None);
        assert_eq!(members.clone().get("k99"), Some(&Value::from(99u64)));
    }

    #[test]
    fn setting_a_member_again_keeps_its_place() {
        for count in [3, 20] {
            let mut members = members(count);
            assert_eq!(members.insert(Rc::from("k1"), Value::Null), Some(Value::from(1u64)));
            assert_eq!(members.len(), count);
            assert_eq!(names(&members)[1], "k1");
            assert_eq!(members.get("k1"), Some(&Value::Null));
        }
    }

    #[test]
    fn removing_keeps_the_order_and_the_index_true() {
        let mut members = members(10);
        assert_eq!(members.shift_remove("k0"), Some(Value::from(0u64)));
        assert_eq!(members.shift_remove("k0"), None);
        assert_eq!(names(&members), (1..10).map(|i| format!("k{i}")).collect::<Vec<_>>());
        assert_eq!(members.position("k9"), Some(8));
        assert_eq!(members.shift_remove("k5"), Some(Value::from(5u64)));
        assert!(members.index.is_none(), "8 members left: back to scanning");
        assert_eq!(members.position("k9"), Some(7));
    }

    #[test]
    fn get_or_insert_appends_once() {
        let mut members = members(12);
        *members.get_or_insert_with("new", || Value::from(1u64)) = Value::from(2u64);
        *members.get_or_insert_with("new", || Value::Null) = Value::from(3u64);
        assert_eq!(members.len(), 13);
        assert_eq!(members.get("new"), Some(&Value::from(3u64)));
        assert_eq!(members.position("new"), Some(12));
    }
}

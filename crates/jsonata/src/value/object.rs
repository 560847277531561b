//! An insertion-ordered map with JavaScript's own-property order: array-index
//! keys first in ascending numeric order, then other keys in insertion order.

use super::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Ordered string-keyed map used for JSONata objects. Objects of up to [`LINEAR`] keys (most
/// of them) are searched linearly and carry no index.
#[derive(Debug, Clone, Default)]
pub struct ObjMap<'a> {
    entries: Vec<(Rc<str>, Value<'a>)>,
    /// key → position in `entries`, once there are more than [`LINEAR`] keys
    index: Option<BTreeMap<Rc<str>, usize>>,
    /// number of leading array-index keys in `entries`
    int_keys: usize,
}

/// The most keys an object holds without an index.
const LINEAR: usize = 8;

/// Whether a key is a JavaScript array index (canonical uint32 below 2^32 - 1).
pub fn array_index(key: &str) -> Option<u32> {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || (b.len() > 1 && b[0] == b'0') || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v: u64 = key.parse().ok()?;
    (v < u32::MAX as u64).then_some(v as u32)
}

impl<'a> ObjMap<'a> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        ObjMap { entries: Vec::with_capacity(n), ..Self::default() }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of a key in `entries`.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| &**k == key),
        }
    }

    /// Looks a key up.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// Whether the key is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets a key (JS `obj[key] = value`), keeping JS property order.
    pub fn insert(&mut self, key: &str, value: Value<'a>) {
        self.insert_with(key, || Rc::from(key), value);
    }

    /// [`ObjMap::insert`] with a key already shared (not copied again).
    pub fn insert_shared(&mut self, key: &Rc<str>, value: Value<'a>) {
        self.insert_with(key, || key.clone(), value);
    }

    fn insert_with(&mut self, key: &str, shared: impl FnOnce() -> Rc<str>, value: Value<'a>) {
        if let Some(i) = self.position(key) {
            self.entries[i].1 = value;
            return;
        }
        let k: Rc<str> = shared();
        match array_index(key) {
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(k.clone(), self.entries.len());
                }
                self.entries.push((k, value));
                if self.index.is_none() && self.entries.len() > LINEAR {
                    self.reindex();
                }
            }
            Some(n) => {
                let pos = self.entries[..self.int_keys].partition_point(|(e, _)| array_index(e).is_some_and(|m| m < n));
                self.entries.insert(pos, (k, value));
                self.int_keys += 1;
                self.reindex();
            }
        }
    }

    /// Removes a key (JS `delete obj[key]`).
    pub fn remove(&mut self, key: &str) -> Option<Value<'a>> {
        let i = self.position(key)?;
        let (_, v) = self.entries.remove(i);
        if i < self.int_keys {
            self.int_keys -= 1;
        }
        self.reindex();
        Some(v)
    }

    /// Rebuilds the index after positions moved (none for small objects).
    fn reindex(&mut self) {
        self.index = (self.entries.len() > LINEAR)
            .then(|| self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect());
    }

    /// Iterates entries in JS order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Rc<str>, &Value<'a>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Takes all values out (used by the iterative drop).
    pub fn drain_values(&mut self) -> Vec<Value<'a>> {
        self.index = None;
        self.int_keys = 0;
        std::mem::take(&mut self.entries).into_iter().map(|(_, v)| v).collect()
    }
}

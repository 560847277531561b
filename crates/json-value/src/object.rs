//! Objects: a shared, insertion-ordered table of members, copied on write.

use std::cell::Cell;
use std::rc::Rc;

use super::members::Members;
use super::meta::{self, Meta};
use super::Value;

/// A JSON object whose clones share their members; member order is insertion order.
#[derive(Clone, Default)]
pub struct Map(Rc<Node>);

#[derive(Default)]
pub(crate) struct Node {
    pub(crate) members: Members,
    meta: Cell<Option<Meta>>,
}

impl Clone for Node {
    /// A copy of the member table (the values stay shared), with what was cached about it: the
    /// same members write the same JSON.
    fn clone(&self) -> Node {
        Node { members: self.members.clone(), meta: self.meta.clone() }
    }
}

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map::default()
    }

    /// An empty object with room for `capacity` members.
    pub fn with_capacity(capacity: usize) -> Map {
        Map(Rc::new(Node { members: Members::with_capacity(capacity), meta: Cell::new(None) }))
    }

    /// An object of these members in this order, when the caller knows their names are distinct
    /// (a payload template's keys, checked when it was loaded): no lookup per member. Distinct
    /// names are checked in debug builds only.
    pub fn from_distinct(members: Vec<(Rc<str>, Value)>) -> Map {
        Map(Rc::new(Node { members: Members::from_distinct(members), meta: Cell::new(None) }))
    }

    /// [`Map::from_distinct`] when the caller worked out the object's compact JSON length and
    /// depth (a payload template adds its dynamic values' sizes to those of its fixed parts): it
    /// is not measured again. Checked against a walk in debug builds.
    pub fn from_distinct_measured(members: Vec<(Rc<str>, Value)>, len: usize, depth: usize) -> Map {
        let map = Map::from_distinct(members);
        debug_assert_eq!(len, Value::Object(map.clone()).to_json_string().len(), "the length given");
        map.store_meta(Meta { len, depth: u32::try_from(depth).unwrap_or(u32::MAX) });
        map
    }

    fn members_mut(&mut self) -> &mut Members {
        let node = Rc::make_mut(&mut self.0);
        node.meta = Cell::new(None);
        &mut node.members
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.members.len()
    }

    /// Whether it has no members.
    pub fn is_empty(&self) -> bool {
        self.0.members.is_empty()
    }

    /// The member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.members.get(key)
    }

    /// The member `key`, for changing (the table is copied first when shared).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.members_mut().get_mut(key)
    }

    /// Whether it has a member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.members.position(key).is_some()
    }

    /// Sets member `key` (keeping its place when it exists, else at the end); the old value.
    /// What was cached about the object is updated, not dropped, when the old and new values'
    /// are known (a `ResultPath` into a measured input is not measured again).
    pub fn insert(&mut self, key: impl Into<Rc<str>>, value: Value) -> Option<Value> {
        let key = key.into();
        let before = self.0.meta.get();
        let new = before.and_then(|_| meta::cached(&value));
        let node = Rc::make_mut(&mut self.0);
        let first = node.members.is_empty();
        let old = node.members.insert(key.clone(), value);
        let after = match (before, new) {
            (Some(before), Some(new)) => meta::changed(before, &key, old.as_ref(), first, new),
            _ => None,
        };
        node.meta.set(after);
        old
    }

    /// Removes member `key`, keeping the others in order; its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.members_mut().shift_remove(key)
    }

    /// The member values in order, for changing (the table is copied first when shared).
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator + '_ {
        self.members_mut().values_mut()
    }

    /// The member `key`, inserted with `make()` when missing, for changing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> Value) -> &mut Value {
        self.members_mut().get_or_insert_with(key, make)
    }

    /// The members in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.members.entries().iter())
    }

    /// The member names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Rc<str>> + ExactSizeIterator + '_ {
        self.0.members.entries().iter().map(|(key, _)| key)
    }

    /// The member values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + '_ {
        self.0.members.entries().iter().map(|(_, value)| value)
    }

    /// The member at position `index`.
    pub fn get_index(&self, index: usize) -> Option<(&Rc<str>, &Value)> {
        self.0.members.entries().get(index).map(|(key, value)| (key, value))
    }

    /// The address of the shared members (the same for every clone).
    pub fn address(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// Whether both are the same shared object.
    pub fn ptr_eq(&self, other: &Map) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The members as owned pairs (moved out when this is the only reference).
    pub fn into_members(self) -> Vec<(Rc<str>, Value)> {
        match Rc::try_unwrap(self.0) {
            Ok(mut node) => std::mem::take(&mut node.members).into_entries(),
            Err(shared) => shared.members.entries().to_vec(),
        }
    }

    pub(crate) fn cached_meta(&self) -> Option<Meta> {
        self.0.meta.get()
    }

    pub(crate) fn store_meta(&self, meta: Meta) {
        self.0.meta.set(Some(meta));
    }
}

impl<K: Into<Rc<str>>> Extend<(K, Value)> for Map {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, iter: I) {
        let members = self.members_mut();
        for (key, value) in iter {
            members.insert(key.into(), value);
        }
    }
}

impl<K: Into<Rc<str>>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Map {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl IntoIterator for Map {
    type Item = (Rc<str>, Value);
    type IntoIter = std::vec::IntoIter<(Rc<str>, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_members().into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Rc<str>, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::ops::Index<&str> for Map {
    type Output = Value;

    /// The member `key`, or `null` when there is none.
    fn index(&self, key: &str) -> &Value {
        const NULL: &Value = &Value::Null;
        self.get(key).unwrap_or(NULL)
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        super::convert::equal(&Value::Object(self.clone()), &Value::Object(other.clone()))
    }
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Drop for Node {
    /// Drops nested values without overflowing the stack (an object of scalars, the most common
    /// kind, simply drops its members): see [`drop_nested`].
    fn drop(&mut self) {
        if self.members.entries().iter().any(|(_, value)| value.is_container()) {
            let members = std::mem::take(&mut self.members);
            drop_nested(members, |members| members.into_entries().into_iter().map(|(_, v)| v).collect());
        }
    }
}

thread_local! {
    /// How many container drops are under way on this thread, one inside the other.
    static DROP_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Containers nested up to this deep are dropped by plain recursion (no allocation); deeper ones
/// through a work list.
const RECURSIVE_DROP_DEPTH: u32 = 64;

/// Drops a container's `contents`: recursively while few drops are under way, else as the
/// work list `values(contents)`, so no depth overflows the stack.
pub(crate) fn drop_nested<T>(contents: T, values: impl FnOnce(T) -> Vec<Value>) {
    let depth = DROP_DEPTH.with(|d| d.replace(d.get() + 1));
    if depth < RECURSIVE_DROP_DEPTH {
        drop(contents);
    } else {
        drop_iteratively(values(contents));
    }
    DROP_DEPTH.with(|d| d.set(depth));
}

/// Drops `values` and everything only they hold, without recursion: a container that nobody
/// else holds gives up its children to the work list before it is dropped empty.
pub(crate) fn drop_iteratively(mut stack: Vec<Value>) {
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => {
                if let Some(mut node) = Rc::into_inner(items.into_node()) {
                    stack.append(&mut node.items);
                }
            }
            Value::Object(map) => {
                if let Some(mut node) = Rc::into_inner(map.0) {
                    stack.extend(std::mem::take(&mut node.members).into_entries().into_iter().map(|(_, v)| v));
                }
            }
            _ => {}
        }
    }
}

/// The members of an object in order, as `(name, value)`.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (Rc<str>, Value)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Rc<str>, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(key, value)| (key, value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

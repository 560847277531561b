//! Arrays: a shared vector, copied on write.

use std::cell::Cell;
use std::rc::Rc;

use super::meta::Meta;
use super::Value;

/// A JSON array whose clones share their elements.
#[derive(Clone, Default)]
pub struct Array(Rc<Node>);

#[derive(Default)]
pub(crate) struct Node {
    pub(crate) items: Vec<Value>,
    meta: Cell<Option<Meta>>,
}

impl Clone for Node {
    /// A copy of the element list (the elements themselves stay shared); nothing cached.
    fn clone(&self) -> Node {
        Node { items: self.items.clone(), meta: Cell::new(None) }
    }
}

impl Array {
    /// An empty array.
    pub fn new() -> Array {
        Array::default()
    }

    /// The elements, for changing: copied first when shared; the cached size is dropped.
    pub fn make_mut(&mut self) -> &mut Vec<Value> {
        let node = Rc::make_mut(&mut self.0);
        node.meta = Cell::new(None);
        &mut node.items
    }

    /// Appends an element.
    pub fn push(&mut self, value: Value) {
        self.make_mut().push(value);
    }

    /// The elements as an owned vector (moved out when this is the only reference).
    pub fn into_vec(self) -> Vec<Value> {
        match Rc::try_unwrap(self.0) {
            Ok(mut node) => std::mem::take(&mut node.items),
            Err(shared) => shared.items.clone(),
        }
    }

    /// The address of the shared elements (the same for every clone).
    pub fn address(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// Whether both are the same shared array.
    pub fn ptr_eq(&self, other: &Array) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The shared node (for dropping without recursion).
    pub(crate) fn into_node(self) -> Rc<Node> {
        self.0
    }

    pub(crate) fn cached_meta(&self) -> Option<Meta> {
        self.0.meta.get()
    }

    pub(crate) fn store_meta(&self, meta: Meta) {
        self.0.meta.set(Some(meta));
    }
}

impl std::ops::Deref for Array {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.0.items
    }
}

impl From<Vec<Value>> for Array {
    fn from(items: Vec<Value>) -> Array {
        Array(Rc::new(Node { items, meta: Cell::new(None) }))
    }
}

impl FromIterator<Value> for Array {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Array {
        Array::from(iter.into_iter().collect::<Vec<Value>>())
    }
}

impl<'a> IntoIterator for &'a Array {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.items.iter()
    }
}

impl PartialEq for Array {
    fn eq(&self, other: &Array) -> bool {
        super::convert::equal(&Value::Array(self.clone()), &Value::Array(other.clone()))
    }
}

impl std::fmt::Debug for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Drop for Node {
    /// Drops nested values without overflowing the stack (see `object::drop_nested`).
    fn drop(&mut self) {
        if self.items.iter().any(Value::is_container) {
            super::object::drop_nested(std::mem::take(&mut self.items), |items| items);
        }
    }
}

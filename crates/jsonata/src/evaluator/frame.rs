//! Environment frames (`createFrame` of jsonata.js): shared, mutable scopes.

use crate::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// A scope of variable bindings with an enclosing scope.
#[derive(Clone)]
pub struct Frame<'a>(pub(crate) Rc<FrameData<'a>>);

/// The contents of a frame.
pub struct FrameData<'a> {
    pub(crate) bindings: RefCell<Vec<(Rc<str>, Value<'a>)>>,
    pub(crate) parent: RefCell<Option<Frame<'a>>>,
}

impl<'a> Frame<'a> {
    /// `createFrame(enclosing)`.
    pub fn new(parent: Option<&Frame<'a>>) -> Self {
        Frame(Rc::new(FrameData { bindings: RefCell::new(Vec::new()), parent: RefCell::new(parent.cloned()) }))
    }

    /// `frame.bind(name, value)`.
    pub fn bind(&self, name: &str, value: Value<'a>) {
        self.bind_with(name, || Rc::from(name), value);
    }

    /// [`Frame::bind`] with a name already shared (not copied again).
    pub fn bind_shared(&self, name: &Rc<str>, value: Value<'a>) {
        self.bind_with(name, || name.clone(), value);
    }

    fn bind_with(&self, name: &str, shared: impl FnOnce() -> Rc<str>, value: Value<'a>) {
        let mut b = self.0.bindings.borrow_mut();
        if let Some(slot) = b.iter_mut().find(|(k, _)| &**k == name) {
            slot.1 = value;
        } else {
            b.push((shared(), value));
        }
    }

    /// `frame.lookup(name)`; `None` when no frame binds the name.
    pub fn lookup(&self, name: &str) -> Option<Value<'a>> {
        let mut frame = self.clone();
        loop {
            if let Some((_, v)) = frame.0.bindings.borrow().iter().find(|(k, _)| &**k == name) {
                return Some(v.clone());
            }
            let parent = frame.0.parent.borrow().clone();
            match parent {
                Some(p) => frame = p,
                None => return None,
            }
        }
    }

    /// Removes all bindings (breaks reference cycles at the end of an evaluation).
    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.0.bindings.borrow_mut());
        drop(old);
    }
}

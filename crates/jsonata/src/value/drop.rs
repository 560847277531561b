//! Iterative destruction of values, so that dropping a deeply nested value
//! (e.g. a 100,000-deep object built by `$reduce`) cannot overflow the stack.

use super::{Array, FunctionKind, LambdaBody, Object, Value};
use crate::evaluator::frame::{Frame, FrameData};
use std::rc::Rc;

/// Something owning children that may need deferred destruction.
pub(crate) enum Owned<'a> {
    /// A value.
    V(Value<'a>),
    /// An environment frame.
    F(Frame<'a>),
}

/// Whether dropping `v` frees a container, whose children would then be dropped recursively
/// (a shared one is only released: its other owner keeps the children).
fn is_container(v: &Value<'_>) -> bool {
    match v {
        Value::Array(rc) => Rc::strong_count(rc) == 1,
        Value::Object(rc) => Rc::strong_count(rc) == 1,
        Value::Function(rc) => Rc::strong_count(rc) == 1,
        _ => false,
    }
}

/// Drops the items one by one, unwrapping uniquely owned containers first.
pub(crate) fn drain(mut stack: Vec<Owned<'_>>) {
    while let Some(item) = stack.pop() {
        match item {
            Owned::V(Value::Array(rc)) => {
                if let Ok(mut a) = Rc::try_unwrap(rc) {
                    stack.extend(std::mem::take(&mut a.items).into_iter().map(Owned::V));
                }
            }
            Owned::V(Value::Object(rc)) => {
                if let Ok(o) = Rc::try_unwrap(rc) {
                    stack.extend(o.map.borrow_mut().drain_values().into_iter().map(Owned::V));
                }
            }
            Owned::V(Value::Function(rc)) => {
                if let Ok(f) = Rc::try_unwrap(rc) {
                    unwrap_function(f.kind, &mut stack);
                }
            }
            Owned::F(frame) => {
                if let Ok(data) = Rc::try_unwrap(frame.0) {
                    take_frame(&data, &mut stack);
                }
            }
            Owned::V(_) => {}
        }
    }
}

fn unwrap_function<'a>(kind: FunctionKind<'a>, stack: &mut Vec<Owned<'a>>) {
    match kind {
        FunctionKind::Lambda(l) => {
            stack.push(Owned::V(l.input));
            stack.push(Owned::F(l.environment));
            if let LambdaBody::Native(f, _) = l.body {
                stack.push(Owned::V(Value::Function(f)));
            }
        }
        FunctionKind::Transform(_, frame) => stack.push(Owned::F(frame)),
        _ => {}
    }
}

fn take_frame<'a>(data: &FrameData<'a>, stack: &mut Vec<Owned<'a>>) {
    let bindings = std::mem::take(&mut *data.bindings.borrow_mut());
    stack.extend(bindings.into_iter().map(|(_, v)| Owned::V(v)));
    if let Some(p) = data.parent.borrow_mut().take() {
        stack.push(Owned::F(p));
    }
}

impl Drop for Array<'_> {
    fn drop(&mut self) {
        if self.items.iter().any(is_container) {
            drain(std::mem::take(&mut self.items).into_iter().map(Owned::V).collect());
        }
    }
}

impl Drop for Object<'_> {
    fn drop(&mut self) {
        let mut map = self.map.borrow_mut();
        if map.iter().any(|(_, v)| is_container(v)) {
            drain(map.drain_values().into_iter().map(Owned::V).collect());
        }
    }
}

impl Drop for FrameData<'_> {
    fn drop(&mut self) {
        let last_of_parent = self.parent.borrow().as_ref().is_some_and(|p| Rc::strong_count(&p.0) == 1);
        if !last_of_parent && !self.bindings.borrow().iter().any(|(_, v)| is_container(v)) {
            return; // nothing nested is freed: the fields' own drop releases them
        }
        let mut stack = Vec::new();
        take_frame(self, &mut stack);
        if stack.iter().any(|o| matches!(o, Owned::F(_)) || matches!(o, Owned::V(v) if is_container(v))) {
            drain(stack);
        }
    }
}

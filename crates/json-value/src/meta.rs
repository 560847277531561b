//! The compact JSON length and the depth of a value, cached in arrays and objects and computed
//! without recursion.

use super::write::escaped_len;
use super::Value;

/// What is cached about an array or object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Meta {
    /// Bytes of compact JSON.
    pub len: usize,
    /// Nesting of arrays and objects (0 for a scalar).
    pub depth: u32,
}

/// The length and depth of `value`, computing (and caching) what was never asked before.
pub(crate) fn of(value: &Value) -> Meta {
    match value {
        Value::Null => Meta { len: 4, depth: 0 },
        Value::Bool(b) => Meta { len: if *b { 4 } else { 5 }, depth: 0 },
        Value::Number(n) => Meta { len: n.json_len(), depth: 0 },
        Value::String(s) => Meta { len: escaped_len(s), depth: 0 },
        Value::Array(_) | Value::Object(_) => container(value),
    }
}

/// The meta of `value` when it costs no walk: a scalar's, or what an array or object cached.
pub(crate) fn cached(value: &Value) -> Option<Meta> {
    match value {
        Value::Array(items) => items.cached_meta(),
        Value::Object(map) => map.cached_meta(),
        _ => Some(of(value)),
    }
}

/// Post-order over the containers whose meta is not cached yet: each is computed from its
/// children, which are then all cached.
fn container(root: &Value) -> Meta {
    if let Some(meta) = cached(root) {
        return meta;
    }
    // The usual case, a container of scalars and of containers already measured: no work list.
    if let Some(meta) = combine(root) {
        store(root, meta);
        return meta;
    }
    let mut stack: Vec<(&Value, bool)> = vec![(root, false)];
    while let Some((value, children_done)) = stack.pop() {
        if children_done {
            store(value, combine(value).unwrap_or_default());
            continue;
        }
        if cached(value).is_some() {
            continue;
        }
        stack.push((value, true));
        let uncached = children(value).filter(|child| cached(child).is_none());
        stack.extend(uncached.map(|child| (child, false)));
    }
    cached(root).unwrap_or_default()
}

/// The elements or member values of a container (none for a scalar), without allocating.
fn children(value: &Value) -> impl Iterator<Item = &Value> {
    let (items, members) = match value {
        Value::Array(items) => (Some(items.iter()), None),
        Value::Object(map) => (None, Some(map.values())),
        _ => (None, None),
    };
    items.into_iter().flatten().chain(members.into_iter().flatten())
}

/// A container's meta from its children's; `None` while a child container is not measured.
fn combine(value: &Value) -> Option<Meta> {
    let mut meta = Meta { len: 2, depth: 1 };
    let mut count: usize = 0;
    match value {
        Value::Array(items) => {
            for item in items.iter() {
                add(&mut meta, cached(item)?);
                count += 1;
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter() {
                add(&mut meta, cached(item)?);
                meta.len += escaped_len(key) + 1; // "key":
                count += 1;
            }
        }
        _ => {}
    }
    meta.len += count.saturating_sub(1); // commas
    Some(meta)
}

fn add(meta: &mut Meta, child: Meta) {
    meta.len = meta.len.saturating_add(child.len);
    meta.depth = meta.depth.max(child.depth.saturating_add(1));
}

/// The meta of an object that had meta `before`, after its member `key` was set to a value of
/// meta `new`, replacing `old` (`None`: added, as the `first` member or after others); `None`
/// when it cannot be told without a walk (the old value was not measured, or the deepest member
/// was replaced by a shallower one).
pub(crate) fn changed(before: Meta, key: &str, old: Option<&Value>, first: bool, new: Meta) -> Option<Meta> {
    let depth = before.depth.max(new.depth.saturating_add(1));
    let len = match old {
        Some(old) => {
            let old = cached(old)?;
            if old.depth.saturating_add(1) >= before.depth && new.depth < old.depth {
                return None;
            }
            before.len.saturating_sub(old.len).saturating_add(new.len)
        }
        None => before.len.saturating_add(escaped_len(key) + 1 + new.len + usize::from(!first)), // "key":value,
    };
    Some(Meta { len, depth })
}

fn store(value: &Value, meta: Meta) {
    match value {
        Value::Array(items) => items.store_meta(meta),
        Value::Object(map) => map.store_meta(meta),
        _ => {}
    }
}

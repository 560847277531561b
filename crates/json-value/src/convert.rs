//! Equality without recursion, and conversion from and to `serde_json::Value`.

use super::{Array, Map, Number, Value};

/// Deep equality, as `serde_json` compares (`1` is not `1.0`), without recursion.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    let containers = matches!((a, b), (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)));
    if !containers {
        return scalars_equal(a, b); // a Choice rule's usual comparison: no work list
    }
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        if a.same(b) {
            continue;
        }
        let equal_here = match (a, b) {
            (Value::Array(x), Value::Array(y)) => {
                stack.extend(x.iter().zip(y.iter()));
                x.len() == y.len()
            }
            (Value::Object(x), Value::Object(y)) => {
                let mut same_keys = x.len() == y.len();
                for (key, value) in x.iter() {
                    match y.get(key) {
                        Some(other) => stack.push((value, other)),
                        None => same_keys = false,
                    }
                }
                same_keys
            }
            _ => scalars_equal(a, b),
        };
        if !equal_here {
            return false;
        }
    }
    true
}

/// Equality of two values that are not both arrays or both objects.
fn scalars_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

impl From<serde_json::Value> for Value {
    fn from(value: serde_json::Value) -> Value {
        Value::from(&value)
    }
}

impl From<&serde_json::Value> for Value {
    /// Converts without recursion.
    fn from(value: &serde_json::Value) -> Value {
        from_serde(value)
    }
}

/// Builds containers bottom-up with an explicit stack.
fn from_serde(root: &serde_json::Value) -> Value {
    enum Work<'v> {
        Visit(&'v serde_json::Value),
        BuildArray(usize),
        BuildObject(Vec<&'v String>),
    }
    let mut work = vec![Work::Visit(root)];
    let mut done: Vec<Value> = Vec::new();
    while let Some(item) = work.pop() {
        match item {
            Work::Visit(value) => match value {
                serde_json::Value::Null => done.push(Value::Null),
                serde_json::Value::Bool(b) => done.push(Value::Bool(*b)),
                serde_json::Value::Number(n) => done.push(Value::Number(Number::from(n))),
                serde_json::Value::String(s) => done.push(Value::String(s.as_str().into())),
                serde_json::Value::Array(items) => {
                    work.push(Work::BuildArray(items.len()));
                    work.extend(items.iter().rev().map(Work::Visit));
                }
                serde_json::Value::Object(map) => {
                    work.push(Work::BuildObject(map.keys().collect()));
                    work.extend(map.values().rev().map(Work::Visit));
                }
            },
            Work::BuildArray(count) => {
                let items = done.split_off(done.len().saturating_sub(count));
                done.push(Value::Array(Array::from(items)));
            }
            Work::BuildObject(keys) => {
                let values = done.split_off(done.len().saturating_sub(keys.len()));
                let map: Map = keys.into_iter().map(|k| k.as_str()).zip(values).collect();
                done.push(Value::Object(map));
            }
        }
    }
    done.pop().unwrap_or(Value::Null)
}

/// A deep copy as `serde_json::Value`, built bottom-up without recursion (dropping a very
/// deep `serde_json::Value` is the caller's risk).
pub(crate) fn to_serde(root: &Value) -> serde_json::Value {
    enum Work<'v> {
        Visit(&'v Value),
        BuildArray(usize),
        BuildObject(Vec<&'v str>),
    }
    let mut work = vec![Work::Visit(root)];
    let mut done: Vec<serde_json::Value> = Vec::new();
    while let Some(item) = work.pop() {
        match item {
            Work::Visit(value) => match value {
                Value::Null => done.push(serde_json::Value::Null),
                Value::Bool(b) => done.push(serde_json::Value::Bool(*b)),
                Value::Number(n) => done.push(serde_json::Value::Number(n.to_serde())),
                Value::String(s) => done.push(serde_json::Value::String(s.to_string())),
                Value::Array(items) => {
                    work.push(Work::BuildArray(items.len()));
                    work.extend(items.iter().rev().map(Work::Visit));
                }
                Value::Object(map) => {
                    work.push(Work::BuildObject(map.keys().map(|k| &**k).collect()));
                    work.extend(map.values().rev().map(Work::Visit));
                }
            },
            Work::BuildArray(count) => {
                let items = done.split_off(done.len().saturating_sub(count));
                done.push(serde_json::Value::Array(items));
            }
            Work::BuildObject(keys) => {
                let values = done.split_off(done.len().saturating_sub(keys.len()));
                let map = keys.into_iter().map(str::to_owned).zip(values).collect();
                done.push(serde_json::Value::Object(map));
            }
        }
    }
    done.pop().unwrap_or(serde_json::Value::Null)
}

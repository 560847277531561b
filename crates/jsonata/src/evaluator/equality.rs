//! `isDeepEqual` of utils.js (the `=` and `!=` operators, `$distinct`), depth-bounded.

use crate::error::Error;
use crate::value::Value;

/// `isDeepEqual(lhs, rhs)`.
/// `work` counts the values visited (charged to the step budget by the caller).
pub fn deep_equal(lhs: &Value<'_>, rhs: &Value<'_>, depth: usize, max: usize, work: &mut u64) -> Result<bool, Error> {
    *work += 1;
    if lhs.strict_equals(rhs) {
        return Ok(true);
    }
    if depth > max {
        return Err(crate::value::too_deep(max));
    }
    let is_obj = |v: &Value<'_>| v.is_array() || v.is_object();
    if !(is_obj(lhs) && is_obj(rhs)) {
        return Ok(false);
    }
    if lhs.is_array() && rhs.is_array() {
        return arrays_equal(lhs, rhs, depth, max, work);
    }
    objects_equal(lhs, rhs, depth, max, work)
}

fn arrays_equal(lhs: &Value<'_>, rhs: &Value<'_>, depth: usize, max: usize, work: &mut u64) -> Result<bool, Error> {
    if lhs.len() != rhs.len() {
        return Ok(false);
    }
    for i in 0..lhs.len() {
        if !deep_equal(&lhs.at(i), &rhs.at(i), depth + 1, max, work)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Same own property names and deep-equal values (an array against an object
/// compares its indices and `length`, as JavaScript does).
fn objects_equal(lhs: &Value<'_>, rhs: &Value<'_>, depth: usize, max: usize, work: &mut u64) -> Result<bool, Error> {
    let mut lkeys = own_names(lhs);
    let mut rkeys = own_names(rhs);
    lkeys.sort();
    rkeys.sort();
    if lkeys != rkeys {
        return Ok(false);
    }
    for k in &lkeys {
        if !deep_equal(&prop(lhs, k), &prop(rhs, k), depth + 1, max, work)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `Object.getOwnPropertyNames` (arrays include their indices and `length`).
fn own_names(v: &Value<'_>) -> Vec<String> {
    if v.is_array() {
        let mut names: Vec<String> = (0..v.len()).map(|i| i.to_string()).collect();
        names.push("length".into());
        return names;
    }
    v.keys().iter().map(|k| k.to_string()).collect()
}

fn prop<'a>(v: &Value<'a>, k: &str) -> Value<'a> {
    if v.is_array() {
        if k == "length" {
            return Value::Number(v.len() as f64);
        }
        return k.parse::<usize>().map(|i| v.at(i)).unwrap_or_default();
    }
    v.get(k)
}

//! Object and array functions: `$keys`, `$lookup`, `$append`, `$spread`, `$merge`,
//! `$reverse`, `$sort`, `$shuffle`, `$distinct`.

use super::{arg, is_array_of_numbers, is_array_of_strings, js_truthy, Call};
use crate::error::Error;
use crate::evaluator::operators::deep_equal;
use crate::evaluator::sort::merge_sort;
use crate::evaluator::{Evaluator, R};
use crate::value::{flags, ObjMap, Str, Value};

/// `fn.append(arg1, arg2)` (a new plain array, as `Array.prototype.concat` makes).
pub fn append<'a>(a1: Value<'a>, a2: Value<'a>) -> Value<'a> {
    if a1.is_undefined() {
        return a2;
    }
    if a2.is_undefined() {
        return a1;
    }
    let mut items = if a1.is_array() { a1.members() } else { vec![a1] };
    if a2.is_array() {
        items.extend(a2.members());
    } else {
        items.push(a2);
    }
    Value::array(items, 0)
}

/// `$append(arg1, arg2)`.
pub fn append_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    ev.check_len(arg(args, 0).len() + arg(args, 1).len())?;
    Ok(append(arg(args, 0), arg(args, 1)))
}

fn keys_of<'a>(v: &Value<'a>, depth: usize, max: usize) -> Result<Vec<Str<'a>>, Error> {
    if depth > max {
        return Err(crate::value::too_deep(max));
    }
    if v.is_array() {
        let mut merged = ObjMap::new();
        for item in v.members() {
            for k in keys_of(&item, depth + 1, max)? {
                merged.insert(&k, Value::Bool(true));
            }
        }
        return Ok(merged.iter().map(|(k, _)| Str::Owned(k.clone())).collect());
    }
    Ok(v.keys())
}

/// `keys(arg)`.
pub fn keys<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let ks = keys_of(&arg(args, 0), 0, ev.options.max_value_depth)?;
    Ok(Value::sequence(ks.into_iter().map(Value::String).collect()))
}

/// `lookup(input, key)`.
pub fn lookup<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let key = arg(args, 1);
    ev.lookup_value(&arg(args, 0), key.as_str().unwrap_or("undefined"), 0)
}

fn spread_into<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>, depth: usize, max: usize) -> Result<bool, Error> {
    if depth > max {
        return Err(crate::value::too_deep(max));
    }
    if v.is_array() {
        for item in v.members() {
            if !spread_into(&item, out, depth + 1, max)? && !item.is_undefined() {
                out.push(item);
            }
        }
        return Ok(true);
    }
    if v.is_object() {
        for (k, val) in v.entries() {
            let mut m = ObjMap::new();
            m.insert(&k, val);
            out.push(Value::object(m));
        }
        return Ok(true);
    }
    Ok(false)
}

/// `spread(arg)`.
pub fn spread<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    let mut out = Vec::new();
    if !spread_into(&a, &mut out, 0, ev.options.max_value_depth)? {
        return Ok(a);
    }
    ev.check_len(out.len())?;
    Ok(Value::array(out, if a.is_array() { 0 } else { flags::SEQUENCE }))
}

/// `merge(arg)`.
pub fn merge<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if a.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut result = ObjMap::new();
    for obj in a.members() {
        for (k, v) in obj.entries() {
            result.insert(&k, v);
        }
    }
    Ok(Value::object(result))
}

/// `reverse(arr)`.
pub fn reverse<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if a.is_undefined() || a.len() <= 1 {
        return Ok(a);
    }
    let mut items = a.members();
    items.reverse();
    Ok(Value::array(items, 0))
}

/// `sort(arr, comparator)`.
pub fn sort<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (a, comparator) = (arg(args, 0), arg(args, 1));
    if a.is_undefined() || a.len() <= 1 {
        return Ok(a);
    }
    let n = a.len() as u64;
    ev.charge(n * (64 - n.leading_zeros() as u64) / 16)?;
    let sorted = if comparator.is_undefined() {
        let numbers = is_array_of_numbers(&a)?;
        if !numbers && !is_array_of_strings(&a) {
            return Err(Error::new("D3070").index(1));
        }
        merge_sort(a.members(), &mut |x: &Value<'a>, y: &Value<'a>| -> Result<bool, Error> {
            Ok(match (x, y) {
                (Value::Number(p), Value::Number(q)) => p > q,
                (Value::String(p), Value::String(q)) => super::compare_strings(p, q).is_gt(),
                _ => false,
            })
        })?
    } else {
        merge_sort(a.members(), &mut |x: &Value<'a>, y: &Value<'a>| -> Result<bool, Error> {
            let r = ev.apply(&comparator, vec![x.clone(), y.clone()], &Value::Null, &c.env)?;
            Ok(js_truthy(&r))
        })?
    };
    Ok(Value::array(sorted, 0))
}

/// `shuffle(arr)` (inside-out Fisher-Yates with the host's random source).
pub fn shuffle<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if a.is_undefined() || a.len() <= 1 {
        return Ok(a);
    }
    let items = a.members();
    let mut result: Vec<Value<'a>> = vec![Value::Undefined; items.len()];
    for (i, item) in items.into_iter().enumerate() {
        let j = ((ev.random() * (i + 1) as f64).floor() as usize).min(i);
        if i != j {
            result[i] = result[j].clone();
        }
        result[j] = item;
    }
    Ok(Value::array(result, 0))
}

/// `distinct(arr)`.
pub fn distinct<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if !a.is_array() || a.len() <= 1 {
        return Ok(a);
    }
    let mut results: Vec<Value<'a>> = Vec::new();
    let mut work = 0;
    for v in a.members() {
        let mut found = false;
        for r in &results {
            if deep_equal(&v, r, 0, ev.options.max_value_depth, &mut work)? {
                found = true;
                break;
            }
        }
        // the search is quadratic: charge it to the step budget
        ev.charge(std::mem::take(&mut work))?;
        if !found {
            results.push(v);
        }
    }
    Ok(Value::array(results, if a.is_sequence() { flags::SEQUENCE } else { 0 }))
}

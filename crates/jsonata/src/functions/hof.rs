//! Higher-order functions: `$map`, `$filter`, `$single`, `$zip`, `$reduce`,
//! `$sift`, `$each`.

use super::{arg, boolean, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::value::{ObjMap, Value};

fn arity(f: &Value<'_>) -> usize {
    match f {
        Value::Function(f) => f.arity(),
        _ => 0,
    }
}

/// `hofFuncArgs(func, arg1, arg2, arg3)`.
fn hof_args<'a>(f: &Value<'a>, a1: Value<'a>, a2: Value<'a>, a3: &Value<'a>) -> Vec<Value<'a>> {
    let n = arity(f);
    let mut args = vec![a1];
    if n >= 2 {
        args.push(a2);
    }
    if n >= 3 {
        args.push(a3.clone());
    }
    args
}

fn call<'a>(ev: &mut Evaluator<'a, '_>, f: &Value<'a>, args: Vec<Value<'a>>, c: &Call<'a>) -> R<'a> {
    ev.apply(f, args, &Value::Null, &c.env)
}

/// `map(arr, func)`.
pub fn map<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (arr, func) = (arg(args, 0), arg(args, 1));
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut result = Vec::new();
    for (i, item) in arr.members().into_iter().enumerate() {
        let res = call(ev, &func, hof_args(&func, item, Value::Number(i as f64), &arr), c)?;
        if !res.is_undefined() {
            result.push(res);
        }
    }
    Ok(Value::sequence(result))
}

/// `filter(arr, func)`.
pub fn filter<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (arr, func) = (arg(args, 0), arg(args, 1));
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut result = Vec::new();
    for (i, item) in arr.members().into_iter().enumerate() {
        let res = call(ev, &func, hof_args(&func, item.clone(), Value::Number(i as f64), &arr), c)?;
        if boolean(&res)? == Some(true) {
            result.push(item);
        }
    }
    Ok(Value::sequence(result))
}

/// `single(arr, func)`.
pub fn single<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (arr, func) = (arg(args, 0), arg(args, 1));
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut found: Option<Value<'a>> = None;
    for (i, item) in arr.members().into_iter().enumerate() {
        let positive = if func.is_undefined() {
            true
        } else {
            let res = call(ev, &func, hof_args(&func, item.clone(), Value::Number(i as f64), &arr), c)?;
            boolean(&res)? == Some(true)
        };
        if positive {
            if found.is_some() {
                return Err(Error::new("D3138").index(i));
            }
            found = Some(item);
        }
    }
    found.ok_or_else(|| Error::new("D3139"))
}

/// `zip(...arrays)`.
pub fn zip<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let length = args.iter().map(|a| if a.is_array() { a.len() } else { 0 }).min().unwrap_or(0);
    ev.check_len(length)?;
    let result = (0..length).map(|i| Value::array(args.iter().map(|a| a.at(i)).collect(), 0)).collect();
    Ok(Value::array(result, 0))
}

/// `foldLeft(sequence, func, init)` (`$reduce`).
pub fn fold_left<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (seq, func, init) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if seq.is_undefined() {
        return Ok(Value::Undefined);
    }
    let n = arity(&func);
    if n < 2 {
        return Err(Error::new("D3050").index(1));
    }
    let items = seq.members();
    let (mut result, start) = if init.is_undefined() && !items.is_empty() { (items[0].clone(), 1) } else { (init, 0) };
    for (index, item) in items.iter().enumerate().skip(start) {
        let mut fargs = vec![result, item.clone()];
        if n >= 3 {
            fargs.push(Value::Number(index as f64));
        }
        if n >= 4 {
            fargs.push(seq.clone());
        }
        result = call(ev, &func, fargs, c)?;
    }
    Ok(result)
}

/// `sift(arg, func)`.
pub fn sift<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (obj, func) = (arg(args, 0), arg(args, 1));
    let mut result = ObjMap::new();
    for (k, v) in obj.entries() {
        let res = call(ev, &func, hof_args(&func, v.clone(), Value::String(k.clone()), &obj), c)?;
        if boolean(&res)? == Some(true) {
            result.insert(&k, v);
        }
    }
    if result.is_empty() {
        return Ok(Value::Undefined);
    }
    Ok(Value::object(result))
}

/// `each(obj, func)`.
pub fn each<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let (obj, func) = (arg(args, 0), arg(args, 1));
    let mut result = Vec::new();
    for (k, v) in obj.entries() {
        let res = call(ev, &func, hof_args(&func, v, Value::String(k.clone()), &obj), c)?;
        if !res.is_undefined() {
            result.push(res);
        }
    }
    Ok(Value::sequence(result))
}

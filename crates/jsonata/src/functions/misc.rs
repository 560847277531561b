//! Type predicates of utils.js and `$boolean`, `$not`, `$exists`, `$error`,
//! `$assert`, `$type`, `$eval`, `$clone`.

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::value::{flags, Value};

/// `isNumeric`: a non-NaN number; an infinite one raises D1001.
pub fn is_numeric(v: &Value<'_>) -> Result<bool, Error> {
    match v {
        Value::Number(n) if n.is_infinite() => Err(Error::new("D1001").value_json(Some("null".into()))),
        Value::Number(n) => Ok(!n.is_nan()),
        _ => Ok(false),
    }
}

/// `isArrayOfNumbers`.
pub fn is_array_of_numbers(v: &Value<'_>) -> Result<bool, Error> {
    if !v.is_array() {
        return Ok(false);
    }
    let mut all = true;
    for item in v.members() {
        if !is_numeric(&item)? {
            all = false;
        }
    }
    Ok(all)
}

/// `isArrayOfStrings`.
pub fn is_array_of_strings(v: &Value<'_>) -> bool {
    v.is_array() && v.members().iter().all(Value::is_string)
}

/// JavaScript truthiness.
pub fn js_truthy(v: &Value<'_>) -> bool {
    match v {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0 && !n.is_nan(),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// `boolean(arg)`: the effective boolean value (`None` = undefined). For arrays jsonata-js recurses (one item: its value;
/// several: whether any is true), which amounts to "any non-array leaf is true";
/// computed iteratively, visiting every leaf as jsonata's `filter` does (so a non-finite
/// number anywhere still raises D1001).
pub fn boolean(v: &Value<'_>) -> Result<Option<bool>, Error> {
    // a chain of one-item arrays is the value of its item (possibly undefined)
    let mut v = v.clone();
    while v.is_array() && v.len() == 1 {
        v = v.at(0);
    }
    if v.is_undefined() {
        return Ok(None);
    }
    if !v.is_array() {
        return scalar_boolean(&v).map(Some);
    }
    let mut any = false;
    let mut stack = vec![v];
    while let Some(item) = stack.pop() {
        if item.is_array() {
            stack.extend(item.members());
        } else if !item.is_undefined() && scalar_boolean(&item)? {
            any = true;
        }
    }
    Ok(Some(any))
}

fn scalar_boolean(v: &Value<'_>) -> Result<bool, Error> {
    Ok(match v {
        Value::String(s) => !s.is_empty(),
        Value::Number(_) => is_numeric(v)? && v.as_f64() != Some(0.0),
        Value::Bool(b) => *b,
        v if v.is_object() => v.object_len() > 0,
        _ => false,
    })
}

/// `$boolean(arg)`.
pub fn boolean_fn<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(boolean(&arg(args, 0))?.map(Value::Bool).unwrap_or_default())
}

/// `$not(arg)`.
pub fn not<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(boolean(&arg(args, 0))?.map(|b| Value::Bool(!b)).unwrap_or_default())
}

/// `$exists(arg)`.
pub fn exists<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(Value::Bool(!arg(args, 0).is_undefined()))
}

/// `$error(message)`.
pub fn error<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let msg = arg(args, 0).as_str().filter(|s| !s.is_empty()).unwrap_or("$error() function evaluated").to_string();
    Err(Error::new("D3137").message(msg))
}

/// `$assert(condition, message)`.
pub fn assert<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    if super::js_truthy(&arg(args, 0)) {
        return Ok(Value::Undefined);
    }
    let msg = arg(args, 1).as_str().filter(|s| !s.is_empty()).unwrap_or("$assert() statement failed").to_string();
    Err(Error::new("D3141").message(msg))
}

/// `$type(value)`.
pub fn type_fn<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let v = arg(args, 0);
    Ok(Value::string(match &v {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Null => "null",
        Value::Number(_) if is_numeric(&v)? => "number",
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        v if v.is_array() => "array",
        Value::Function(_) => "function",
        _ => "object",
    }))
}

/// `$eval(expr, focus)` (`functionEval`).
pub fn eval<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let Some(src) = arg(args, 0).as_str().map(str::to_string) else {
        return Ok(Value::Undefined);
    };
    let mut input = c.input.clone();
    let focus = arg(args, 1);
    if !focus.is_undefined() {
        input = focus;
        if input.is_array() && !input.is_sequence() {
            input = Value::array(vec![input], flags::SEQUENCE | flags::OUTER_WRAPPER);
        }
    }
    let ast = crate::parser::parse(&src).map_err(|e| Error::new("D3120").value_str(&e.text()))?;
    ev.evaluate(&ast, &input, &c.env).map_err(|e| {
        if e.code == "U1001" {
            return e;
        }
        Error::new("D3121").value_str(&e.text())
    })
}

/// `$clone(arg)` (`functionClone`).
pub fn clone<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let mut work = 0;
    let r = crate::evaluator::transform::deep_clone(&arg(args, 0), 0, ev.options.max_value_depth, &mut work);
    ev.charge(work)?;
    r
}

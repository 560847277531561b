//! `$sum`, `$count`, `$max`, `$min`, `$average`.

use super::{arg, Call};
use crate::evaluator::{Evaluator, R};
use crate::value::Value;

fn numbers(v: &Value<'_>) -> Vec<f64> {
    v.members().iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect()
}

/// `sum(args)`.
pub fn sum<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if a.is_undefined() {
        return Ok(Value::Undefined);
    }
    Ok(Value::Number(numbers(&a).iter().fold(0.0, |t, n| t + n)))
}

/// `count(args)`.
pub fn count<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(Value::Number(arg(args, 0).len() as f64))
}

fn extreme<'a>(args: &[Value<'a>], max: bool) -> R<'a> {
    let a = arg(args, 0);
    if a.is_empty() {
        return Ok(Value::Undefined);
    }
    let mut acc = if max { f64::NEG_INFINITY } else { f64::INFINITY };
    for n in numbers(&a) {
        if n.is_nan() {
            return Ok(Value::Number(f64::NAN));
        }
        if (max && (n > acc || (n == 0.0 && acc == 0.0 && n.is_sign_positive())))
            || (!max && (n < acc || (n == 0.0 && acc == 0.0 && n.is_sign_negative())))
        {
            acc = n;
        }
    }
    Ok(Value::Number(acc))
}

/// `max(args)` (`Math.max.apply`).
pub fn max<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    extreme(args, true)
}

/// `min(args)` (`Math.min.apply`).
pub fn min<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    extreme(args, false)
}

/// `average(args)`.
pub fn average<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    if a.is_empty() {
        return Ok(Value::Undefined);
    }
    let ns = numbers(&a);
    Ok(Value::Number(ns.iter().fold(0.0, |t, n| t + n) / ns.len() as f64))
}

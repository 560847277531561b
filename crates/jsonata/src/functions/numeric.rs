//! Numeric functions: `$number`, `$floor`, `$ceil`, `$round`, `$abs`, `$sqrt`,
//! `$power`, `$random`, `$formatBase`.

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::number::{js_round, parse_float, string_to_number, to_js_string, to_radix_string};
use crate::signature::json_of;
use crate::value::Value;

fn num(args: &[Value<'_>], i: usize) -> Option<f64> {
    args.get(i).and_then(Value::as_f64)
}

fn unary<'a>(args: &[Value<'a>], f: fn(f64) -> f64) -> R<'a> {
    Ok(num(args, 0).map(|n| Value::Number(f(n))).unwrap_or_default())
}

/// `/^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/`
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    if !digits(&mut i) {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// `/^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/` (with its precedence quirk).
fn is_radix_literal(s: &str) -> bool {
    let run = |t: &str, ok: fn(&u8) -> bool| t.bytes().take_while(ok).count();
    let hex = s.len() > 2 && (s.starts_with("0x") || s.starts_with("0X")) && run(&s[2..], u8::is_ascii_hexdigit) > 0;
    let oct = s
        .match_indices(['o', 'O'])
        .any(|(i, _)| i > 0 && s.as_bytes()[i - 1] == b'0' && run(&s[i + 1..], |c| (b'0'..=b'7').contains(c)) > 0);
    let bin = s.match_indices(['b', 'B']).any(|(i, _)| {
        i > 0 && s.as_bytes()[i - 1] == b'0' && s.len() > i + 1 && s[i + 1..].bytes().all(|c| c == b'0' || c == b'1')
    });
    hex || oct || bin
}

/// `number(arg)`.
pub fn number<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let a = arg(args, 0);
    Ok(match &a {
        Value::Undefined => Value::Undefined,
        Value::Number(_) => a.clone(),
        Value::String(s) if is_decimal_literal(s) && string_to_number(s).is_finite() => Value::Number(parse_float(s)),
        Value::String(s) if is_radix_literal(s) => Value::Number(string_to_number(s)),
        Value::Bool(b) => Value::Number(if *b { 1.0 } else { 0.0 }),
        _ => return Err(Error::new("D3030").value_json(json_of(&a)).index(1)),
    })
}

/// `abs(arg)`.
pub fn abs<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    unary(args, f64::abs)
}

/// `floor(arg)`.
pub fn floor<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    unary(args, f64::floor)
}

/// `ceil(arg)`.
pub fn ceil<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    unary(args, f64::ceil)
}

/// Shifts the decimal point of `x` by `p` places via its string form (as `round` does).
fn shift(x: f64, p: f64) -> f64 {
    let s = to_js_string(x);
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), string_to_number(e) + p),
        None => (s, p),
    };
    string_to_number(&format!("{mant}e{}", to_js_string(exp)))
}

/// `round(arg, precision)`: round half to even.
pub fn round(a: f64, precision: Option<f64>) -> f64 {
    let p = precision.filter(|p| *p != 0.0 && !p.is_nan());
    let a = match p {
        Some(p) => shift(a, p),
        None => a,
    };
    let mut result = js_round(a);
    let diff = result - a;
    if diff.abs() == 0.5 && (result % 2.0).abs() == 1.0 {
        result -= 1.0;
    }
    if let Some(p) = p {
        result = shift(result, -p);
    }
    if result == 0.0 {
        result = 0.0;
    }
    result
}

/// `$round(arg, precision)`.
pub fn round_fn<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(num(args, 0).map(|n| Value::Number(round(n, num(args, 1)))).unwrap_or_default())
}

/// `sqrt(arg)`.
pub fn sqrt<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(n) = num(args, 0) else {
        return Ok(Value::Undefined);
    };
    if n < 0.0 {
        return Err(Error::new("D3060").index(1).value_json(Some(to_js_string(n))));
    }
    Ok(Value::Number(n.sqrt()))
}

/// JavaScript `Math.pow`.
pub fn js_pow(base: f64, exp: f64) -> f64 {
    if exp.is_nan() || (base.abs() == 1.0 && exp.is_infinite()) {
        return f64::NAN;
    }
    base.powf(exp)
}

/// `power(arg, exp)`.
pub fn power<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(base) = num(args, 0) else {
        return Ok(Value::Undefined);
    };
    let exp = num(args, 1).unwrap_or(f64::NAN);
    let result = js_pow(base, exp);
    if !result.is_finite() {
        let mut e = Error::new("D3061").index(1).value_json(Some(to_js_string(base)));
        e.exp = Some(to_js_string(exp));
        return Err(e);
    }
    Ok(Value::Number(result))
}

/// `random()` from the host-given source.
pub fn random<'a>(ev: &mut Evaluator<'a, '_>, _: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(Value::Number(ev.random()))
}

/// `formatBase(value, radix)`.
pub fn format_base<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(v) = num(args, 0) else {
        return Ok(Value::Undefined);
    };
    let v = round(v, None);
    let radix = num(args, 1).map(|r| round(r, None)).unwrap_or(10.0);
    if !(2.0..=36.0).contains(&radix) {
        return Err(Error::new("D3100").value_json(Some(to_js_string(radix))));
    }
    Ok(Value::string(to_radix_string(v, radix as u32)))
}

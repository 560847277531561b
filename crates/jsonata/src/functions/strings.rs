//! String functions of functions.js: `$string`, `$substring`, `$substringBefore`,
//! `$substringAfter`, `$lowercase`, `$uppercase`, `$length`, `$trim`, `$pad`, `$join`.

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::jsstr::{code_points, utf16_len};
use crate::number::to_js_string;
use crate::value::{flags, stringify, StringifyOptions, Value};

/// `fn.string(arg, prettify)`.
pub fn string<'a>(ev: &Evaluator<'a, '_>, a: &Value<'a>, prettify: bool) -> R<'a> {
    match a {
        Value::Undefined => Ok(Value::Undefined),
        Value::String(_) => Ok(a.clone()),
        Value::Function(_) => Ok(Value::string("")),
        Value::Number(n) if !n.is_finite() => Err(Error::new("D3001").value_json(Some(to_js_string(*n)))),
        _ => {
            let v = if a.has_flag(flags::OUTER_WRAPPER) { a.at(0) } else { a.clone() };
            let opts = StringifyOptions {
                replacer: true,
                pretty: prettify,
                max_depth: ev.options.max_value_depth,
                max_len: ev.options.max_string_length,
            };
            Ok(stringify(&v, opts)?.map(Value::string).unwrap_or_default())
        }
    }
}

/// `$string(arg, prettify)`.
pub fn string_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let pretty = matches!(arg(args, 1), Value::Bool(true));
    let s = string(ev, &arg(args, 0), pretty)?;
    ev.charge(s.as_str().map(|s| s.len() as u64 / 64).unwrap_or(0))?;
    Ok(s)
}

fn str_arg<'a>(args: &[Value<'a>], i: usize) -> Option<String> {
    args.get(i).and_then(|v| v.as_str()).map(str::to_string)
}

/// JS `Array.prototype.slice(start, end)` index normalisation.
fn slice_index(x: f64, len: usize) -> usize {
    let x = if x.is_nan() { 0.0 } else { x.trunc() };
    if x < 0.0 {
        (len as f64 + x).max(0.0) as usize
    } else {
        x.min(len as f64) as usize
    }
}

/// `substring(str, start, length)` over code points.
pub fn substring<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let chars = code_points(&s);
    let len = chars.len();
    let mut start = arg(args, 1).as_f64().unwrap_or(f64::NAN);
    if len as f64 + start < 0.0 {
        start = 0.0;
    }
    let a = slice_index(start, len);
    let b = match arg(args, 2).as_f64() {
        Some(length) => {
            if length <= 0.0 {
                return Ok(Value::string(""));
            }
            let end = if start >= 0.0 { start + length } else { len as f64 + start + length };
            slice_index(end, len)
        }
        None => len,
    };
    Ok(Value::string(if a < b { chars[a..b].iter().collect::<String>() } else { String::new() }))
}

/// `substringBefore(str, chars)`.
pub fn substring_before<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let chars = str_arg(args, 1).unwrap_or_else(|| "undefined".into());
    Ok(Value::string(match s.find(&chars) {
        Some(pos) => s[..pos].to_string(),
        None => s,
    }))
}

/// `substringAfter(str, chars)`.
pub fn substring_after<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let chars = str_arg(args, 1).unwrap_or_else(|| "undefined".into());
    Ok(Value::string(match s.find(&chars) {
        Some(pos) => s[pos + chars.len()..].to_string(),
        None => s,
    }))
}

/// `lowercase(str)`.
pub fn lowercase<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(str_arg(args, 0).map(|s| Value::string(s.to_lowercase())).unwrap_or_default())
}

/// `uppercase(str)`.
pub fn uppercase<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(str_arg(args, 0).map(|s| Value::string(s.to_uppercase())).unwrap_or_default())
}

/// `length(str)`: number of code points.
pub fn length<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(str_arg(args, 0).map(|s| Value::Number(s.chars().count() as f64)).unwrap_or_default())
}

/// `trim(str)`: normalise runs of `[ \t\n\r]` to one space and strip the ends.
pub fn trim<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    let out = out.strip_suffix(' ').unwrap_or(out);
    Ok(Value::string(out))
}

/// `pad(str, width, char)`.
pub fn pad<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let width = arg(args, 1).as_f64().unwrap_or(f64::NAN);
    let ch = str_arg(args, 2).filter(|c| !c.is_empty()).unwrap_or_else(|| " ".into());
    let pad_len = width.abs() - s.chars().count() as f64;
    if pad_len.is_nan() || pad_len <= 0.0 {
        return Ok(Value::string(s));
    }
    let pad_len = pad_len.trunc() as usize;
    ev.check_str(pad_len.saturating_mul(ch.len()).saturating_add(s.len()))?;
    ev.charge(pad_len.saturating_mul(ch.len()) as u64 / 64)?;
    let mut padding = ch.repeat(pad_len);
    if utf16_len(&ch) > 1 {
        padding = padding.chars().take(pad_len).collect();
    }
    Ok(Value::string(if width > 0.0 { s + &padding } else { padding + &s }))
}

/// `join(strs, separator)`.
pub fn join<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let strs = arg(args, 0);
    if strs.is_undefined() {
        return Ok(Value::Undefined);
    }
    let sep = str_arg(args, 1).unwrap_or_default();
    let parts: Vec<String> = strs.members().iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect();
    let total: usize = parts.iter().map(String::len).sum::<usize>() + sep.len() * parts.len();
    ev.check_str(total)?;
    Ok(Value::string(parts.join(&sep)))
}

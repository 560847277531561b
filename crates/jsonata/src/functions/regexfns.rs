//! Functions taking a string or matcher: `$match`, `$contains`, `$replace`, `$split`
//! (including `evaluateMatcher`).

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::jsstr::{substring, utf16_len};
use crate::signature::json_of;
use crate::value::{ObjMap, Value};

/// `evaluateMatcher(matcher, str)`: invoke and check the match object's shape.
fn evaluate_matcher<'a>(ev: &mut Evaluator<'a, '_>, matcher: &Value<'a>, s: Value<'a>, c: &Call<'a>) -> R<'a> {
    let result = ev.apply(matcher, vec![s], &Value::Null, &c.env)?;
    if super::js_truthy(&result) {
        let ok = result.get("start").as_f64().is_some()
            || result.get("groups").is_array()
            || result.get("next").is_function();
        if !ok {
            return Err(Error::new("T1010"));
        }
    }
    Ok(result)
}

fn next_match<'a>(ev: &mut Evaluator<'a, '_>, m: &Value<'a>, c: &Call<'a>) -> R<'a> {
    evaluate_matcher(ev, &m.get("next"), Value::Undefined, c)
}

fn limit_arg(args: &[Value<'_>], i: usize) -> Option<f64> {
    args.get(i).and_then(Value::as_f64)
}

/// `contains(str, token)`.
pub fn contains<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let s = arg(args, 0);
    let Some(text) = s.as_str() else {
        return Ok(Value::Undefined);
    };
    let token = arg(args, 1);
    if let Some(t) = token.as_str() {
        return Ok(Value::Bool(text.contains(t)));
    }
    let m = evaluate_matcher(ev, &token, s.clone(), c)?;
    Ok(Value::Bool(!m.is_undefined()))
}

/// `match(str, regex, limit)`.
pub fn match_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let s = arg(args, 0);
    if s.is_undefined() {
        return Ok(Value::Undefined);
    }
    let limit = limit_arg(args, 2);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(Error::new("D3040").value_json(json_of(&arg(args, 2))).index(3));
    }
    let mut result = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        let mut matches = evaluate_matcher(ev, &arg(args, 1), s, c)?;
        while !matches.is_undefined() && limit.is_none_or(|l| (result.len() as f64) < l) {
            let mut obj = ObjMap::new();
            obj.insert("match", matches.get("match"));
            obj.insert("index", matches.get("start"));
            obj.insert("groups", matches.get("groups"));
            result.push(Value::object(obj));
            ev.check_len(result.len())?;
            matches = next_match(ev, &matches, c)?;
        }
    }
    Ok(Value::sequence(result))
}

/// `$n` substitution of a replacement string (`replacer` in functions.js).
fn substitute(replacement: &str, m: &Value<'_>) -> String {
    let groups = m.get("groups").members();
    let mut out = String::new();
    let mut position = 0;
    let mut index = replacement[position..].find('$').map(|i| i + position);
    while let Some(i) = index {
        if position >= replacement.len() {
            break;
        }
        out.push_str(&replacement[position..i]);
        position = i + 1;
        match replacement[position..].chars().next() {
            Some('$') => {
                out.push('$');
                position += 1;
            }
            Some('0') => {
                out.push_str(m.get("match").as_str().unwrap_or_default());
                position += 1;
            }
            _ => position = substitute_group(replacement, position, &groups, &mut out),
        }
        index = replacement[position..].find('$').map(|i| i + position);
    }
    out.push_str(&replacement[position.min(replacement.len())..]);
    out
}

fn parse_digits(s: &str) -> Option<usize> {
    let d: String = s.chars().take_while(char::is_ascii_digit).collect();
    d.parse().ok()
}

fn substitute_group(replacement: &str, position: usize, groups: &[Value<'_>], out: &mut String) -> usize {
    let max_digits = if groups.is_empty() { 1 } else { (groups.len() as f64).log10().floor() as usize + 1 };
    let take = |n: usize| replacement.get(position..(position + n).min(replacement.len())).unwrap_or("");
    let mut index = parse_digits(take(max_digits));
    if max_digits > 1 && index.is_some_and(|i| i > groups.len()) {
        index = parse_digits(take(max_digits - 1));
    }
    match index {
        Some(i) => {
            if !groups.is_empty() {
                if let Some(Value::String(sub)) = i.checked_sub(1).and_then(|j| groups.get(j)) {
                    out.push_str(sub);
                }
            }
            position + i.to_string().len()
        }
        None => {
            out.push('$');
            position
        }
    }
}

/// `replace(str, pattern, replacement, limit)`.
pub fn replace<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let s = arg(args, 0);
    let Some(text) = s.as_str().map(str::to_string) else {
        return Ok(Value::Undefined);
    };
    let pattern = arg(args, 1);
    if pattern.as_str() == Some("") {
        return Err(Error::new("D3010").value_json(json_of(&pattern)).index(2));
    }
    let limit = limit_arg(args, 3);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(Error::new("D3011").value_json(json_of(&arg(args, 3))).index(4));
    }
    if !limit.is_none_or(|l| l > 0.0) {
        return Ok(s);
    }
    let replacement = arg(args, 2);
    let out = match pattern.as_str() {
        Some(p) => replace_string(ev, &text, p, &replacement, limit)?,
        None => replace_matches(ev, &text, &pattern, &replacement, limit, c)?,
    };
    ev.charge(out.len() as u64 / 64)?;
    Ok(Value::string(out))
}

fn replace_string<'a>(
    ev: &Evaluator<'a, '_>,
    text: &str,
    p: &str,
    replacement: &Value<'a>,
    limit: Option<f64>,
) -> Result<String, Error> {
    let rep = match replacement {
        Value::String(r) => r.to_string(),
        other => ev.string_of(other).unwrap_or_default(),
    };
    let mut out = String::new();
    let mut count = 0f64;
    let mut position = 0;
    while let Some(i) = text[position..].find(p) {
        if limit.is_some_and(|l| count >= l) {
            break;
        }
        out.push_str(&text[position..position + i]);
        out.push_str(&rep);
        ev.check_str(out.len())?;
        position += i + p.len();
        count += 1.0;
    }
    out.push_str(&text[position..]);
    Ok(out)
}

fn replace_matches<'a>(
    ev: &mut Evaluator<'a, '_>,
    text: &str,
    pattern: &Value<'a>,
    replacement: &Value<'a>,
    limit: Option<f64>,
    c: &Call<'a>,
) -> Result<String, Error> {
    let mut matches = evaluate_matcher(ev, pattern, Value::string(text), c)?;
    if matches.is_undefined() {
        return Ok(text.to_string());
    }
    let mut out = String::new();
    let mut position = 0f64;
    let mut count = 0f64;
    while !matches.is_undefined() && limit.is_none_or(|l| count < l) {
        let start = matches.get("start").as_f64().unwrap_or(f64::NAN);
        out.push_str(&substring(text, position, Some(start)));
        let with = match replacement {
            Value::String(r) => Value::string(substitute(r, &matches)),
            f => ev.apply(f, vec![matches.clone()], &Value::Null, &c.env)?,
        };
        match with.as_str() {
            Some(w) => out.push_str(w),
            None => return Err(Error::new("D3012").value_json(json_of(&with))),
        }
        ev.check_str(out.len())?;
        let mlen = matches.get("match").as_str().map(utf16_len).unwrap_or(0);
        position = start + mlen as f64;
        count += 1.0;
        matches = next_match(ev, &matches, c)?;
    }
    out.push_str(&substring(text, position, None));
    Ok(out)
}

/// `split(str, separator, limit)`.
pub fn split<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], c: &Call<'a>) -> R<'a> {
    let s = arg(args, 0);
    let Some(text) = s.as_str().map(str::to_string) else {
        return Ok(Value::Undefined);
    };
    let limit = limit_arg(args, 2);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(Error::new("D3020").value_json(json_of(&arg(args, 2))).index(3));
    }
    let mut result: Vec<Value<'a>> = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        let sep = arg(args, 1);
        match sep.as_str() {
            Some(sp) => result = split_string(&text, sp, limit),
            None => split_matches(ev, &text, &sep, limit, c, &mut result)?,
        }
    }
    ev.check_len(result.len())?;
    Ok(Value::array(result, 0))
}

fn split_string<'a>(text: &str, sep: &str, limit: Option<f64>) -> Vec<Value<'a>> {
    let max = limit.map(|l| if l.is_finite() { l.trunc() as u64 as u32 as usize } else { 0 }).unwrap_or(usize::MAX);
    let parts: Vec<Value<'a>> = if sep.is_empty() {
        text.chars().map(|ch| Value::string(ch.to_string())).collect()
    } else {
        text.split(sep).map(Value::string).collect()
    };
    parts.into_iter().take(max).collect()
}

fn split_matches<'a>(
    ev: &mut Evaluator<'a, '_>,
    text: &str,
    sep: &Value<'a>,
    limit: Option<f64>,
    c: &Call<'a>,
    result: &mut Vec<Value<'a>>,
) -> Result<(), Error> {
    let mut matches = evaluate_matcher(ev, sep, Value::string(text), c)?;
    if matches.is_undefined() {
        result.push(Value::string(text));
        return Ok(());
    }
    let mut start = 0f64;
    let mut count = 0f64;
    while !matches.is_undefined() && limit.is_none_or(|l| count < l) {
        let mstart = matches.get("start").as_f64().unwrap_or(f64::NAN);
        result.push(Value::string(substring(text, start, Some(mstart))));
        ev.check_len(result.len())?;
        start = matches.get("end").as_f64().unwrap_or(f64::NAN);
        matches = next_match(ev, &matches, c)?;
        count += 1.0;
    }
    if limit.is_none_or(|l| count < l) {
        result.push(Value::string(substring(text, start, None)));
    }
    Ok(())
}

//! Date/time and integer picture functions (datetime.js): `$formatInteger`,
//! `$parseInteger`, `$fromMillis`, `$toMillis`, `$now`, `$millis`.

pub mod calendar;
pub mod format;
pub mod integer;
pub mod parse;
pub mod picture;
pub mod words;

use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::functions::{arg, Call};
use crate::value::Value;

/// `formatInteger(value, picture)`.
pub fn format_integer_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(v) = arg(args, 0).as_f64() else {
        return Ok(Value::Undefined);
    };
    let picture = arg(args, 1);
    let f = integer::analyse_integer_picture(picture.as_str().unwrap_or_default())?;
    let s = integer::format_integer(v.floor(), &f, ev.options.max_string_length)?;
    ev.charge(s.len() as u64 / 64)?;
    Ok(Value::string(s))
}

/// `parseInteger(value, picture)`.
pub fn parse_integer_fn<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let v = arg(args, 0);
    let Some(s) = v.as_str() else {
        return Ok(Value::Undefined);
    };
    let picture = arg(args, 1);
    let f = integer::analyse_integer_picture(picture.as_str().unwrap_or_default())?;
    integer::integer_regex(&f)?;
    Ok(Value::Number(integer::parse_integer_value(s, &f)?))
}

fn opt_str(args: &[Value<'_>], i: usize) -> Option<String> {
    args.get(i).and_then(|v| v.as_str()).map(str::to_string)
}

/// `fromMillis(millis, picture, timezone)`.
pub fn from_millis_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(ms) = arg(args, 0).as_f64() else {
        return Ok(Value::Undefined);
    };
    let s = format::format_date_time(
        ms,
        opt_str(args, 1).as_deref(),
        opt_str(args, 2).as_deref(),
        ev.options.max_string_length,
    )?;
    ev.charge(s.len() as u64 / 64)?;
    Ok(Value::string(s))
}

/// `toMillis(timestamp, picture)`.
pub fn to_millis_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(ts) = opt_str(args, 0) else {
        return Ok(Value::Undefined);
    };
    match opt_str(args, 1) {
        None => {
            if !parse::is_iso8601(&ts) {
                return Err(Error::new("D3110").value_str(&ts));
            }
            Ok(Value::Number(calendar::parse_iso(&ts)))
        }
        Some(p) => Ok(parse::parse_date_time(&ts, &p, ev.now_millis as f64)?.map(Value::Number).unwrap_or_default()),
    }
}

/// `$now(picture, timezone)`: the evaluation's fixed timestamp, formatted.
pub fn now_fn<'a>(ev: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let s = format::format_date_time(
        ev.now_millis as f64,
        opt_str(args, 0).as_deref(),
        opt_str(args, 1).as_deref(),
        ev.options.max_string_length,
    )?;
    ev.charge(s.len() as u64 / 64)?;
    Ok(Value::string(s))
}

/// `$millis()`: the evaluation's fixed timestamp.
pub fn millis_fn<'a>(ev: &mut Evaluator<'a, '_>, _: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(Value::Number(ev.now_millis as f64))
}

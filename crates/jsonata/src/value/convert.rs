//! Conversions between [`Value`] and `json_value::Value` (the host's shared documents), and
//! `JSON.stringify` with jsonata's `toPrecision(15)` replacer (`$string` in functions.js).

use super::{flags, ObjMap, Value};
use crate::error::Error;
use crate::number::{to_js_string, to_precision};
use json_value::Value as Json;
use std::rc::Rc;

/// Error for a value nested deeper than the configured limit.
pub fn too_deep(limit: usize) -> Error {
    Error::new("U1002").value_json(Some(limit.to_string()))
}

/// A step of the iterative conversion to JSON.
enum ToJson<'a> {
    Visit(Value<'a>),
    Array(usize),
    /// An object whose values are the last `done`: its keys are read again from it.
    Object(Rc<super::Object<'a>>),
}

/// Converts a result to JSON as `JSON.stringify` would print it; `None` for undefined.
/// Borrowed documents (and their parts) are shared, not copied (unless a number in them is not
/// what `JSON.parse` would read: those are rebuilt); built values are converted
/// without recursion, however deep they are (the host checks the depth it accepts).
pub fn to_json(v: &Value<'_>) -> Result<Option<Json>, Error> {
    if !matches!(v, Value::Array(_) | Value::Object(_)) {
        let mut done = Vec::with_capacity(1);
        visit(v.clone(), &mut Vec::new(), &mut done)?;
        return Ok(done.pop().flatten());
    }
    let mut work = vec![ToJson::Visit(v.clone())];
    let mut done: Vec<Option<Json>> = Vec::new();
    while let Some(step) = work.pop() {
        match step {
            ToJson::Visit(v) => visit(v, &mut work, &mut done)?,
            ToJson::Array(n) => {
                let start = done.len().saturating_sub(n);
                let items: Vec<Json> = done.drain(start..).map(Option::unwrap_or_default).collect();
                done.push(Some(Json::from(items)));
            }
            ToJson::Object(object) => {
                let map = object.map.borrow();
                let start = done.len().saturating_sub(map.len());
                let mut members = Vec::with_capacity(map.len());
                for ((key, _), value) in map.iter().zip(done.drain(start..)) {
                    members.extend(value.map(|value| (key.clone(), value)));
                }
                // An object's keys are distinct (ObjMap replaces a key set twice).
                done.push(Some(Json::Object(json_value::Map::from_distinct(members))));
            }
        }
    }
    Ok(done.pop().flatten())
}

/// Converts a scalar or a borrowed document at once; schedules the members of a built array
/// or object (undefined array members become `null`, undefined properties are dropped).
fn visit<'a>(v: Value<'a>, work: &mut Vec<ToJson<'a>>, done: &mut Vec<Option<Json>>) -> Result<(), Error> {
    let json = match &v {
        Value::Undefined => None,
        Value::Null => Some(Json::Null),
        Value::Bool(b) => Some(Json::Bool(*b)),
        Value::Number(n) => Some(number_to_json(*n)?),
        Value::String(super::Str::Owned(s)) => Some(Json::String(s.clone())), // shared, not copied
        Value::String(s) => Some(Json::string(&**s)),
        Value::Json(j) => Some(super::document::as_parsed(j)),
        Value::Array(_) if v.has_flag(flags::OUTER_WRAPPER) && v.len() == 1 => {
            work.push(ToJson::Visit(v.at(0)));
            return Ok(());
        }
        Value::Array(a) => {
            work.push(ToJson::Array(a.items.len()));
            work.extend(a.items.iter().rev().cloned().map(ToJson::Visit));
            return Ok(());
        }
        Value::Object(o) => {
            let map = o.map.borrow();
            work.push(ToJson::Object(o.clone()));
            work.extend(map.iter().rev().map(|(_, v)| ToJson::Visit(v.clone())));
            return Ok(());
        }
        Value::Function(_) => return Err(Error::new("U1008")),
    };
    done.push(json);
    Ok(())
}

/// A double as a JSON number, as `JSON.stringify` prints it: whole values below 10^21 as
/// integers (`-0` as `0`, `1e20` as `100000000000000000000`), others as doubles.
pub fn number_to_json(n: f64) -> Result<Json, Error> {
    if !n.is_finite() {
        return Err(Error::new("D1001").value_json(Some(to_js_string(n))));
    }
    Ok(Json::Number(number(n)))
}

/// A finite double as a JSON number (see [`number_to_json`]).
pub(super) fn number(n: f64) -> json_value::Number {
    if n.fract() == 0.0 && n.abs() <= 9007199254740992.0 {
        return json_value::Number::from(n as i64);
    }
    let integer = (n.fract() == 0.0 && n.abs() < 1e21).then(|| json_value::Number::from_big_integer(&to_js_string(n)));
    integer.flatten().or_else(|| json_value::Number::from_f64(n)).unwrap_or_else(|| json_value::Number::from(0))
}

/// A step of the iterative conversion from JSON.
enum FromJson<'j> {
    Visit(&'j Json),
    Array(usize),
    Object(&'j json_value::Map),
}

/// Converts a JSON document the caller does not lend for the evaluation's lifetime (e.g. one a
/// host function has just parsed) into built values (`JSON.parse`), without recursion.
pub fn from_json_owned<'a>(j: &Json) -> Value<'a> {
    let mut work = vec![FromJson::Visit(j)];
    let mut done: Vec<Value<'a>> = Vec::new();
    while let Some(step) = work.pop() {
        match step {
            FromJson::Visit(Json::Array(a)) => {
                work.push(FromJson::Array(a.len()));
                work.extend(a.iter().rev().map(FromJson::Visit));
            }
            FromJson::Visit(Json::Object(m)) => {
                work.push(FromJson::Object(m));
                work.extend(m.values().rev().map(FromJson::Visit));
            }
            FromJson::Visit(Json::String(s)) => done.push(Value::string(&**s)),
            FromJson::Visit(Json::Number(n)) => done.push(Value::Number(n.as_f64_lossy())),
            FromJson::Visit(Json::Bool(b)) => done.push(Value::Bool(*b)),
            FromJson::Visit(Json::Null) => done.push(Value::Null),
            FromJson::Array(n) => {
                let items = done.split_off(done.len().saturating_sub(n));
                done.push(Value::array(items, 0));
            }
            FromJson::Object(m) => {
                let values = done.split_off(done.len().saturating_sub(m.len()));
                let mut map = ObjMap::new();
                for (k, v) in m.keys().zip(values) {
                    map.insert(k, v);
                }
                done.push(Value::object(map));
            }
        }
    }
    done.pop().unwrap_or_default()
}

/// Options of [`stringify`].
#[derive(Clone, Copy)]
pub struct StringifyOptions {
    /// Apply jsonata's replacer (numbers via `toPrecision(15)`, functions as `""`).
    pub replacer: bool,
    /// Indent with two spaces (`$string(x, true)`).
    pub pretty: bool,
    /// Maximum nesting.
    pub max_depth: usize,
    /// Maximum output length in bytes.
    pub max_len: usize,
}

/// `JSON.stringify(v, replacer?, space?)`; `None` when the result is undefined.
pub fn stringify(v: &Value<'_>, opts: StringifyOptions) -> Result<Option<String>, Error> {
    let mut w = Writer { out: String::new(), opts };
    if w.value(v, 0)? {
        Ok(Some(w.out))
    } else {
        Ok(None)
    }
}

struct Writer {
    out: String,
    opts: StringifyOptions,
}

impl Writer {
    fn push(&mut self, s: &str) -> Result<(), Error> {
        self.out.push_str(s);
        if self.out.len() > self.opts.max_len {
            return Err(Error::new("U1004").value_json(Some(self.opts.max_len.to_string())));
        }
        Ok(())
    }

    /// Writes a value; returns false if it is undefined (nothing written).
    fn value(&mut self, v: &Value<'_>, depth: usize) -> Result<bool, Error> {
        if depth > self.opts.max_depth {
            return Err(too_deep(self.opts.max_depth));
        }
        match v {
            Value::Undefined => return Ok(false),
            Value::Function(_) if self.opts.replacer => self.push("\"\"")?,
            Value::Function(_) => return Ok(false),
            Value::Null => self.push("null")?,
            Value::Bool(b) => self.push(if *b { "true" } else { "false" })?,
            Value::Number(n) => self.number(*n)?,
            Value::String(s) => self.push(&crate::error::json_quote(s))?,
            Value::Array(_) | Value::Json(Json::Array(_)) => self.array(v, depth)?,
            Value::Object(_) | Value::Json(_) => self.object(v, depth)?,
        }
        Ok(true)
    }

    fn number(&mut self, n: f64) -> Result<(), Error> {
        if !n.is_finite() {
            if self.opts.replacer && n.is_infinite() {
                return Err(Error::new("D1001").value_json(Some("null".into())));
            }
            return self.push("null");
        }
        let n = if self.opts.replacer { to_precision(n, 15).parse::<f64>().unwrap_or(n) } else { n };
        if !n.is_finite() {
            // e.g. 1.7976931348623157e308 rounds to Infinity: JSON.stringify writes null
            return self.push("null");
        }
        self.push(&to_js_string(n))
    }

    fn newline(&mut self, depth: usize) -> Result<(), Error> {
        if self.opts.pretty {
            self.push("\n")?;
            self.push(&"  ".repeat(depth))?;
        }
        Ok(())
    }

    fn array(&mut self, v: &Value<'_>, depth: usize) -> Result<(), Error> {
        let items = v.members();
        if items.is_empty() {
            return self.push("[]");
        }
        self.push("[")?;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(",")?;
            }
            self.newline(depth + 1)?;
            if !self.value(item, depth + 1)? {
                self.push("null")?;
            }
        }
        self.newline(depth)?;
        self.push("]")
    }

    fn object(&mut self, v: &Value<'_>, depth: usize) -> Result<(), Error> {
        let mut first = true;
        self.push("{")?;
        for (k, item) in v.entries() {
            if item.is_undefined() || (item.is_function() && !self.opts.replacer) {
                continue;
            }
            if !first {
                self.push(",")?;
            }
            first = false;
            self.newline(depth + 1)?;
            self.push(&crate::error::json_quote(&k))?;
            self.push(if self.opts.pretty { ": " } else { ":" })?;
            self.value(&item, depth + 1)?;
        }
        if !first {
            self.newline(depth)?;
        }
        self.push("}")
    }
}

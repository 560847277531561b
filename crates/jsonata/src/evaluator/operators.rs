//! Operators: `evaluateBinary`, `evaluateUnary` and the numeric, equality,
//! comparison, inclusion, boolean, concatenation and range operators.

pub use super::equality::deep_equal;
use super::frame::Frame;
use super::{Evaluator, R};
use crate::error::Error;
use crate::functions;
use crate::parser::ast::{Kind, Node};
use crate::signature::json_of;
use crate::value::{flags, Value};

fn type_error(code: &str, v: &Value<'_>) -> Error {
    Error::new(code).value_json(json_of(v))
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluateBinary(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_binary(
        &mut self,
        expr: &Node,
        op: &str,
        lhs: &Node,
        rhs: &Node,
        input: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        let l = self.evaluate(lhs, input, env)?;
        // errors of the operator itself carry its position and token
        let fix = |mut e: Error| {
            e.position = Some(expr.position);
            e.token = Some(op.to_string());
            e.token_literal = false;
            e
        };
        if op == "and" || op == "or" {
            return self.evaluate_boolean(op, &l, rhs, input, env).map_err(fix);
        }
        let r = self.evaluate(rhs, input, env)?;
        let result = match op {
            "+" | "-" | "*" | "/" | "%" => numeric(&l, &r, op),
            "=" | "!=" => self.equality(&l, &r, op == "!=").map(Value::Bool),
            "<" | "<=" | ">" | ">=" => comparison(&l, &r, op),
            "&" => self.concat(&l, &r),
            ".." => self.range(&l, &r),
            "in" => self.charge(r.len() as u64 / 16).map(|_| Value::Bool(includes(&l, &r))),
            _ => Ok(Value::Undefined),
        };
        result.map_err(fix)
    }

    /// `evaluateBooleanExpression`: `and`/`or` with a lazily evaluated right side.
    fn evaluate_boolean(&mut self, op: &str, l: &Value<'a>, rhs: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let lb = boolize(l)?;
        if (op == "and" && !lb) || (op == "or" && lb) {
            return Ok(Value::Bool(lb));
        }
        let r = self.evaluate(rhs, input, env)?;
        Ok(Value::Bool(boolize(&r)?))
    }

    /// `evaluateEqualityExpression`: false whenever either side is undefined.
    fn equality(&mut self, l: &Value<'a>, r: &Value<'a>, negate: bool) -> Result<bool, Error> {
        if l.is_undefined() || r.is_undefined() {
            return Ok(false);
        }
        let mut work = 0;
        let eq = deep_equal(l, r, 0, self.options.max_value_depth, &mut work);
        self.charge(work)?;
        Ok(eq? != negate)
    }

    fn concat(&mut self, l: &Value<'a>, r: &Value<'a>) -> R<'a> {
        let ls = if l.is_undefined() { String::new() } else { self.string_of(l)? };
        let rs = if r.is_undefined() { String::new() } else { self.string_of(r)? };
        self.check_str(ls.len() + rs.len())?;
        self.charge((ls.len() + rs.len()) as u64 / 64)?;
        Ok(Value::string(ls + &rs))
    }

    /// `fn.string(v)` as a Rust string (for defined values).
    pub fn string_of(&self, v: &Value<'a>) -> Result<String, Error> {
        Ok(functions::string(self, v, false)?.as_str().unwrap_or_default().to_string())
    }

    fn range(&mut self, l: &Value<'a>, r: &Value<'a>) -> R<'a> {
        let is_int = |v: &Value<'_>| v.as_f64().is_some_and(|n| n.is_finite() && n.fract() == 0.0);
        if !l.is_undefined() && !is_int(l) {
            return Err(type_error("T2003", l));
        }
        if !r.is_undefined() && !is_int(r) {
            return Err(type_error("T2004", r));
        }
        let (Some(lo), Some(hi)) = (l.as_f64(), r.as_f64()) else {
            return Ok(Value::Undefined);
        };
        if lo > hi {
            return Ok(Value::Undefined);
        }
        let size = hi - lo + 1.0;
        if size > 1e7 {
            return Err(Error::new("D2014").value_json(Some(crate::number::to_js_string(size))));
        }
        self.check_len(size as usize)?;
        self.charge(size as u64)?;
        let items = (0..size as i64).map(|i| Value::Number(lo + i as f64)).collect();
        Ok(Value::sequence(items))
    }

    /// Unary minus (`evaluateUnary` case `-`).
    #[inline(never)]
    pub fn evaluate_negate(&mut self, expr: &Node, e: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let result = self.evaluate(e, input, env)?;
        if result.is_undefined() {
            return Ok(Value::Undefined);
        }
        if functions::is_numeric(&result)? {
            return Ok(Value::Number(-result.as_f64().unwrap_or(0.0)));
        }
        Err(Error::new("D1002").at(expr.position).token("-").value_json(json_of(&result)))
    }

    /// Array constructor (`evaluateUnary` case `[`).
    #[inline(never)]
    pub fn evaluate_array(&mut self, expr: &Node, items: &[Node], input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let mut result: Vec<Value<'a>> = Vec::new();
        for item in items {
            let value = self.evaluate(item, input, env)?;
            if value.is_undefined() {
                continue;
            }
            if matches!(item.kind, Kind::Array(_)) {
                result.push(value);
            } else if value.is_array() {
                result.extend(value.members());
            } else {
                result.push(value);
            }
            self.check_len(result.len())?;
        }
        self.charge(result.len() as u64)?;
        Ok(Value::array(result, if expr.consarray { flags::CONS } else { 0 }))
    }
}

/// `boolize`: effective boolean value, undefined as false.
fn boolize(v: &Value<'_>) -> Result<bool, Error> {
    Ok(functions::boolean(v)?.unwrap_or(false))
}

/// `evaluateNumericExpression`.
fn numeric<'a>(l: &Value<'a>, r: &Value<'a>, op: &str) -> R<'a> {
    if !l.is_undefined() && !functions::is_numeric(l)? {
        return Err(type_error("T2001", l));
    }
    if !r.is_undefined() && !functions::is_numeric(r)? {
        return Err(type_error("T2002", r));
    }
    let (Some(a), Some(b)) = (l.as_f64(), r.as_f64()) else {
        return Ok(Value::Undefined);
    };
    Ok(Value::Number(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        _ => a % b,
    }))
}

/// `evaluateComparisonExpression`.
fn comparison<'a>(l: &Value<'a>, r: &Value<'a>, op: &str) -> R<'a> {
    let comparable = |v: &Value<'_>| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
    if !comparable(l) || !comparable(r) {
        let bad = if matches!(l, Value::String(_) | Value::Number(_)) { r } else { l };
        return Err(type_error("T2010", bad));
    }
    if l.is_undefined() || r.is_undefined() {
        return Ok(Value::Undefined);
    }
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(crate::functions::compare_strings(a, b)),
        _ => {
            let mut e = type_error("T2009", l);
            e.value2 = json_of(r);
            return Err(e);
        }
    };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match (op, ord) {
        (_, None) => false,
        ("<", Some(o)) => o == Less,
        ("<=", Some(o)) => o != Greater,
        (">", Some(o)) => o == Greater,
        (_, Some(o)) => o != Less,
    }))
}

/// `evaluateIncludesExpression` (strict equality membership).
fn includes(l: &Value<'_>, r: &Value<'_>) -> bool {
    if l.is_undefined() || r.is_undefined() {
        return false;
    }
    if r.is_array() {
        return r.members().iter().any(|x| x.strict_equals(l));
    }
    r.strict_equals(l)
}

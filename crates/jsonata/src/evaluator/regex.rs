//! Regex literals (`evaluateRegex`): a closure returning match objects
//! `{match, start, end, groups, next}` with UTF-16 `start`/`end`.

use super::{Evaluator, R};
use crate::error::Error;
use crate::jsstr::{byte_to_utf16, utf16_to_byte};
use crate::parser::ast::Node;
use crate::value::{Function, FunctionKind, ObjMap, RegexValue, Str, Value};
use std::rc::Rc;

impl<'a> Evaluator<'a, '_> {
    /// `evaluateRegex(expr)`: compiles the literal for this evaluation.
    #[inline(never)]
    pub fn evaluate_regex(&mut self, expr: &Node, pattern: &str, flags: &str) -> R<'a> {
        let compiled = crate::regex::compile(pattern, flags).map_err(|e| e.at(expr.position))?;
        let re = RegexValue { compiled, source: pattern.to_string(), position: expr.position };
        Ok(Function::value(FunctionKind::Regex(Rc::new(re))))
    }

    /// The regex closure `(str, fromIndex)`.
    #[inline(never)]
    pub fn regex_closure(&mut self, re: &Rc<RegexValue>, s: &Value<'a>, from: &Value<'a>) -> R<'a> {
        let Value::String(text) = s else {
            return Ok(Value::Undefined);
        };
        let from = from.as_f64().filter(|f| *f > 0.0).map(|f| utf16_to_byte(text, f as usize)).unwrap_or(0);
        Ok(self.exec_at(re, text, from))
    }

    fn exec_at(&self, re: &Rc<RegexValue>, text: &Str<'a>, from: usize) -> Value<'a> {
        let Some(m) = re.compiled.exec(text, from) else {
            return Value::Undefined;
        };
        let slice = |a: usize, b: usize| Value::string(text.get(a..b).unwrap_or_default());
        let mut obj = ObjMap::new();
        obj.insert("match", slice(m.start, m.end));
        obj.insert("start", Value::Number(byte_to_utf16(text, m.start) as f64));
        obj.insert("end", Value::Number(byte_to_utf16(text, m.end) as f64));
        let groups = m.groups.iter().map(|g| g.map(|(a, b)| slice(a, b)).unwrap_or_default()).collect();
        obj.insert("groups", Value::array(groups, 0));
        obj.insert("next", Function::value(FunctionKind::RegexNext(re.clone(), text.clone(), m.end)));
        Value::object(obj)
    }

    /// The `next()` function of a match.
    #[inline(never)]
    pub fn regex_next(&mut self, re: &Rc<RegexValue>, text: &Str<'a>, last_index: usize) -> R<'a> {
        if last_index >= text.len() {
            return Ok(Value::Undefined);
        }
        let next = self.exec_at(re, text, last_index);
        if next.get("match").as_str() == Some("") {
            return Err(Error::new("D1004").at(re.position).value_str(&re.source));
        }
        Ok(next)
    }
}

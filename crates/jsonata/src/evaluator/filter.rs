//! Predicates: `evaluateFilter` (numeric indexes, index arrays and boolean filters).

use super::frame::Frame;
use super::tuple::frame_from_tuple;
use super::{Evaluator, R};
use crate::functions;
use crate::parser::ast::{Kind, Node};
use crate::value::{flags, Value};

/// Normalises a (possibly negative) index against the input length.
fn normalise_index(n: f64, len: f64) -> f64 {
    let i = n.floor();
    if i < 0.0 {
        i + len
    } else {
        i
    }
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluateFilter(predicate, input, environment)`.
    #[inline(never)]
    pub fn evaluate_filter(&mut self, predicate: &Node, input: Value<'a>, env: &Frame<'a>) -> R<'a> {
        let stream = input.has_flag(flags::TUPLE_STREAM);
        let result_flags = flags::SEQUENCE | if stream { flags::TUPLE_STREAM } else { 0 };
        let input = if input.is_array() { input } else { Value::sequence(vec![input]) };
        if let Kind::Number(n) = predicate.kind {
            return Ok(index_filter(&input, n, result_flags));
        }
        let len = input.len() as f64;
        let mut results = Vec::new();
        for (index, item) in input.members().into_iter().enumerate() {
            let (context, env2) = if input.has_flag(flags::TUPLE_STREAM) {
                (item.get("@"), frame_from_tuple(env, &item))
            } else {
                (item.clone(), env.clone())
            };
            let res = self.evaluate(predicate, &context, &env2)?;
            for _ in 0..selections(&res, index, len)? {
                results.push(item.clone());
            }
        }
        Ok(Value::array(results, result_flags))
    }
}

/// A literal numeric predicate `[n]`: select one item (an array item replaces the result).
fn index_filter<'a>(input: &Value<'a>, n: f64, result_flags: u8) -> Value<'a> {
    let len = input.len() as f64;
    let index = normalise_index(n, len);
    let mut results = Vec::new();
    if index >= 0.0 && index < len {
        let item = input.at(index as usize);
        if item.is_array() {
            return item;
        }
        if !item.is_undefined() {
            results.push(item);
        }
    }
    Value::array(results, result_flags)
}

/// How many times item `index` is selected by predicate result `res`
/// (numbers select by position, anything else by its boolean value).
fn selections(res: &Value<'_>, index: usize, len: f64) -> Result<usize, crate::Error> {
    let res = if functions::is_numeric(res)? { Value::array(vec![res.clone()], 0) } else { res.clone() };
    if functions::is_array_of_numbers(&res)? {
        let hit = |ires: &Value<'_>| normalise_index(ires.as_f64().unwrap_or(f64::NAN), len) == index as f64;
        return Ok(res.members().iter().filter(|v| hit(v)).count());
    }
    Ok(usize::from(functions::boolean(&res)? == Some(true)))
}

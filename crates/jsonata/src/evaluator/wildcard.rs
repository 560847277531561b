//! `evaluateWildcard` (`*`) and `evaluateDescendants` (`**`).

use super::{Evaluator, R};
use crate::value::{flags, Value};

impl<'a> Evaluator<'a, '_> {
    /// `evaluateWildcard(expr, input)`.
    #[inline(never)]
    pub fn evaluate_wildcard(&mut self, input: &Value<'a>) -> R<'a> {
        let mut input = input.clone();
        if input.has_flag(flags::OUTER_WRAPPER) && !input.is_empty() {
            input = input.at(0);
        }
        let mut results = Vec::new();
        // `fn.append` returns a plain array, so flattening an array member drops the sequence flag
        let mut seq = true;
        let values: Vec<Value<'a>> =
            if input.is_array() { input.members() } else { input.entries().into_iter().map(|(_, v)| v).collect() };
        for value in values {
            if value.is_array() {
                self.flatten(&value, &mut results, 0)?;
                seq = false;
            } else {
                results.push(value);
            }
            self.check_len(results.len())?;
        }
        self.charge(results.len() as u64)?;
        Ok(Value::array(results, if seq { flags::SEQUENCE } else { 0 }))
    }

    /// `flatten(arg)`: nested arrays into one list (depth-bounded).
    fn flatten(&self, arg: &Value<'a>, out: &mut Vec<Value<'a>>, depth: usize) -> Result<(), crate::Error> {
        if depth > self.options.max_value_depth {
            return Err(crate::value::too_deep(self.options.max_value_depth));
        }
        if arg.is_array() {
            for item in arg.members() {
                self.flatten(&item, out, depth + 1)?;
            }
        } else {
            out.push(arg.clone());
        }
        Ok(())
    }

    /// `evaluateDescendants(expr, input)` (iterative `recurseDescendants`, same order).
    #[inline(never)]
    pub fn evaluate_descendants(&mut self, input: &Value<'a>) -> R<'a> {
        if input.is_undefined() {
            return Ok(Value::Undefined);
        }
        let mut results = Vec::new();
        let mut stack = vec![input.clone()];
        while let Some(v) = stack.pop() {
            let children: Vec<Value<'a>> = if v.is_array() {
                v.members()
            } else {
                results.push(v.clone());
                self.check_len(results.len())?;
                v.entries().into_iter().map(|(_, c)| c).collect()
            };
            stack.extend(children.into_iter().rev());
        }
        self.charge(results.len() as u64)?;
        if results.len() == 1 {
            return Ok(results.swap_remove(0));
        }
        Ok(Value::sequence(results))
    }
}

//! Order-by (`evaluateSortExpression`) and the stable merge sort of
//! functions.js `sort`, with a fallible "swap?" comparator.

use super::frame::Frame;
use super::tuple::frame_from_tuple;
use super::{Evaluator, R};
use crate::error::Error;
use crate::parser::ast::{Kind, Node};
use crate::signature::json_of;
use crate::value::{flags, Value};

/// The merge sort of functions.js: `comp(a, b)` returns true to put `b` first.
pub fn merge_sort<T: Clone, E>(items: Vec<T>, comp: &mut dyn FnMut(&T, &T) -> Result<bool, E>) -> Result<Vec<T>, E> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let middle = items.len() / 2;
    let mut left = items;
    let right = left.split_off(middle);
    let left = merge_sort(left, comp)?;
    let right = merge_sort(right, comp)?;
    merge(left, right, comp)
}

/// `merge_iter` of functions.js, iteratively.
fn merge<T: Clone, E>(
    left: Vec<T>,
    right: Vec<T>,
    comp: &mut dyn FnMut(&T, &T) -> Result<bool, E>,
) -> Result<Vec<T>, E> {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if comp(&left[i], &right[j])? {
            merged.push(right[j].clone());
            j += 1;
        } else {
            merged.push(left[i].clone());
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    Ok(merged)
}

/// One order-by term of the comparator: -1, 0 (equal: the next term decides) or 1, and
/// whether the result came from comparing values (only then does `descending` flip it).
fn compare_term<'a>(position: usize, aa: &Value<'a>, bb: &Value<'a>) -> Result<(i32, bool), Error> {
    // undefined sorts last
    match (aa.is_undefined(), bb.is_undefined()) {
        (true, true) => return Ok((0, false)),
        (true, false) => return Ok((1, false)),
        (false, true) => return Ok((-1, false)),
        _ => {}
    }
    let ok = |v: &Value<'_>| matches!(v, Value::String(_) | Value::Number(_));
    if !ok(aa) || !ok(bb) {
        let bad = if !ok(aa) { aa } else { bb };
        return Err(Error::new("T2008").at(position).value_json(json_of(bad)));
    }
    let ord = match (aa, bb) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::String(x), Value::String(y)) => Some(crate::functions::compare_strings(x, y)),
        _ => {
            let mut e = Error::new("T2007").at(position).value_json(json_of(aa));
            e.value2 = json_of(bb);
            return Err(e);
        }
    };
    Ok(match ord {
        Some(std::cmp::Ordering::Equal) => (0, true),
        Some(std::cmp::Ordering::Less) => (-1, true),
        _ => (1, true),
    })
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluateSortExpression(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_sort(&mut self, expr: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let Kind::Sort(terms) = &expr.kind else {
            return Ok(Value::Undefined);
        };
        let is_tuple = input.has_flag(flags::TUPLE_STREAM);
        if !input.is_array() || input.len() <= 1 {
            return Ok(input.clone());
        }
        let mut comparator = |a: &Value<'a>, b: &Value<'a>| -> Result<bool, Error> {
            let mut comp = 0;
            for term in terms {
                if comp != 0 {
                    break;
                }
                let aa = self.sort_key(&term.expression, a, is_tuple, env)?;
                let bb = self.sort_key(&term.expression, b, is_tuple, env)?;
                let (c, ordered) = compare_term(expr.position, &aa, &bb)?;
                comp = if ordered && term.descending { -c } else { c };
            }
            // only swap a and b if comp equals 1
            Ok(comp == 1)
        };
        let sorted = merge_sort(input.members(), &mut comparator)?;
        // functions.js `sort` returns a new plain array (flags are not carried over)
        Ok(Value::array(sorted, 0))
    }

    fn sort_key(&mut self, term: &Node, item: &Value<'a>, is_tuple: bool, env: &Frame<'a>) -> R<'a> {
        if is_tuple {
            let frame = frame_from_tuple(env, item);
            self.evaluate(term, &item.get("@"), &frame)
        } else {
            self.evaluate(term, item, env)
        }
    }
}

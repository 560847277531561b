//! Intrinsics for arrays: `States.Array`, `ArrayPartition`, `ArrayContains`, `ArrayRange`,
//! `ArrayGetItem`, `ArrayLength` (`ArrayUnique` is in `unique.rs`).

use super::eval::{array, invalid, shallow, truncated, Eval, Problem};
use super::{Call, Function};
use json_value::Value;

/// The most items `States.ArrayRange` may produce (developer guide).
const MAX_RANGE_ITEMS: i128 = 1000;

/// `States.Array(value…)`: the values, in order.
pub(super) fn eval_array<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    Ok(Value::from(ev.args_from(call, 0)?))
}

/// `States.ArrayPartition(array, size)`: chunks of `size` items, the last one shorter. The size
/// is truncated (AWS recording: 2.6 chunks by 2) and must then be at least 1 (0.6 fails).
pub(super) fn eval_array_partition<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (items, size) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let items = array(items, call.function)?;
    let size = truncated(&size, call.function)?;
    let size = usize::try_from(size).ok().filter(|size| *size >= 1).ok_or_else(|| invalid(call.function))?;
    let mut chunks = Vec::with_capacity(items.len().div_ceil(size));
    let mut rest = items.into_iter();
    loop {
        let chunk: Vec<Value> = rest.by_ref().take(size).collect();
        if chunk.is_empty() {
            return Ok(Value::from(chunks));
        }
        chunks.push(Value::from(chunk));
    }
}

/// `States.ArrayContains(array, value)`: whether an item equals `value` (objects regardless of
/// key order; `1` and `1.0` differ, as Java's `Integer` and `Double` do).
pub(super) fn eval_array_contains<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (items, wanted) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let items = array(items, call.function)?;
    shallow(&wanted, call.function)?;
    Ok(Value::Bool(items.contains(&wanted)))
}

/// `States.ArrayRange(first, last, step)`: `first`, `first + step`, … up to `last` included.
/// Arguments are truncated (AWS recording: `ArrayRange(5.4, -0.6, -2.4)` is `[5, 3, 1]`); a zero
/// step or more than 1000 items fails; a step pointing away from `last` gives `[]`.
pub(super) fn eval_array_range<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (first, last, step) = (ev.arg(call, 0)?, ev.arg(call, 1)?, ev.arg(call, 2)?);
    let function = call.function;
    let (first, last, step) = (truncated(&first, function)?, truncated(&last, function)?, truncated(&step, function)?);
    let count = range_len(first, last, step).ok_or_else(|| invalid(function))?;
    let item = |i: i64| i128::from(first) + i128::from(step) * i128::from(i);
    let items = (0..count).map(|i| Value::from(i64::try_from(item(i)).unwrap_or(last)));
    Ok(Value::Array(items.collect()))
}

/// How many items `first..=last` by `step` has, if it is a valid range of at most 1000 items.
fn range_len(first: i64, last: i64, step: i64) -> Option<i64> {
    let span = i128::from(last) - i128::from(first);
    let count = match step {
        0 => return None,
        _ if span != 0 && (span > 0) != (step > 0) => 0,
        _ => span / i128::from(step) + 1,
    };
    i64::try_from(count).ok().filter(|count| i128::from(*count) <= MAX_RANGE_ITEMS)
}

/// `States.ArrayGetItem(array, index)`: the item at `index` (truncated: 1.2 reads item 1). A
/// negative or too large index fails, except that an empty array gives `null` (AWS recording
/// States.ArrayGetItem-012: `ArrayGetItem([], 999)` is `null`, `ArrayGetItem([10, 20, 30], 3)` fails).
pub(super) fn eval_array_get_item<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (items, index) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let items = array(items, call.function)?;
    let index = truncated(&index, call.function)?;
    let index = usize::try_from(index).map_err(|_| invalid(call.function))?;
    if items.is_empty() {
        return Ok(Value::Null);
    }
    items.into_iter().nth(index).ok_or_else(|| invalid(call.function))
}

/// `States.ArrayLength(array)`: how many items.
pub(super) fn eval_array_length<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let items = array(ev.arg(call, 0)?, Function::ArrayLength)?;
    Ok(Value::from(items.len()))
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::json;

    const NO_ARRAY: &str = "Invalid arguments in States.ArrayLength";

    #[test]
    fn array() {
        give("States.Array()", json!({}), Ok(json!([])));
        give(
            "States.Array($.a, 'b', 3, 4.5, true, null, $.o)",
            json!({"a": "", "o": {"k": [1]}}),
            Ok(json!(["", "b", 3, 4.5, true, null, {"k": [1]}])),
        );
        give("States.Array(1, States.Array(2, 3))", json!({}), Ok(json!([1, [2, 3]])));
    }

    #[test]
    fn partition() {
        give("States.ArrayPartition($.a, 2)", json!({"a": [1, 2, 3, 4, 5]}), Ok(json!([[1, 2], [3, 4], [5]])));
        give("States.ArrayPartition($.a, 9)", json!({"a": ["x", "y"]}), Ok(json!([["x", "y"]])));
        give("States.ArrayPartition($.a, 1)", json!({"a": []}), Ok(json!([])));
        give("States.ArrayPartition($.a, 2147483647)", json!({"a": [1]}), Ok(json!([[1]])));
        // AWS truncates the size: 2.6 is 2, 0.6 is 0 (AWS recordings AP-013, AP-015).
        give("States.ArrayPartition($.a, 2.6)", json!({"a": [1, 2, 3]}), Ok(json!([[1, 2], [3]])));
        let bad = "Invalid arguments in States.ArrayPartition";
        for size in ["0", "0.6", "-1", "'2'", "null"] {
            give(&format!("States.ArrayPartition($.a, {size})"), json!({"a": [1]}), Err(bad));
        }
        give("States.ArrayPartition('abc', 1)", json!({}), Err(bad));
    }

    #[test]
    fn contains() {
        let input = json!({"a": [[1, 2], {"k": 1, "j": [true]}, null, false, "s", 7], "o": {"j": [true], "k": 1}});
        let has = |wanted: &str, found: bool| {
            give(&format!("States.ArrayContains($.a, {wanted})"), input.clone(), Ok(json!(found)));
        };
        has("States.Array(1, 2)", true);
        has("$.o", true); // key order does not matter
        has("null", true);
        has("false", true);
        has("'s'", true);
        has("7", true);
        has("7.0", false); // Java's Integer 7 is not Double 7.0
        has("States.Array(2, 1)", false);
        has("'7'", false);
        has("true", false);
        give("States.ArrayContains($.a, $.a)", json!({"a": []}), Ok(json!(false)));
        give("States.ArrayContains('x', 'x')", json!({}), Err("Invalid arguments in States.ArrayContains"));
    }

    #[test]
    fn range() {
        give("States.ArrayRange(1, 9, 2)", json!({}), Ok(json!([1, 3, 5, 7, 9])));
        give("States.ArrayRange(0, 10, 3)", json!({}), Ok(json!([0, 3, 6, 9])));
        give("States.ArrayRange(5, 1, -2)", json!({}), Ok(json!([5, 3, 1])));
        give("States.ArrayRange(3, 3, -1)", json!({}), Ok(json!([3])));
        give("States.ArrayRange(5, 1, 1)", json!({}), Ok(json!([])));
        give("States.ArrayRange(1, 5, -1)", json!({}), Ok(json!([])));
        // Truncated, not rounded (AWS recordings ARANGE-023/024).
        give("States.ArrayRange(1.6, 1.4, 1)", json!({}), Ok(json!([1])));
        give("States.ArrayRange(5.4, -0.6, -2.4)", json!({}), Ok(json!([5, 3, 1])));
        give("States.ArrayRange($.f, $.l, $.s)", json!({"f": -9, "l": -1, "s": 4}), Ok(json!([-9, -5, -1])));
    }

    #[test]
    fn range_limits() {
        let bad = "Invalid arguments in States.ArrayRange";
        let thousand = |text: &str| give(text, json!({}), Ok(json!((0..1000).map(|i| 1 + i).collect::<Vec<_>>())));
        thousand("States.ArrayRange(1, 1000, 1)");
        give("States.ArrayRange(1000, 1, -1)", json!({}), Ok(json!((1..=1000).rev().collect::<Vec<_>>())));
        for args in [
            "1, 1001, 1",
            "1001, 1, -1",
            "1, 10, 0",
            "1, 10, 0.49",
            "'a', 5, 1",
            "1, null, 1",
            "-9223372036854775808, 9223372036854775807, 1",
        ] {
            give(&format!("States.ArrayRange({args})"), json!({}), Err(bad));
        }
        give(
            "States.ArrayRange(-9223372036854775808, 9223372036854775807, 9223372036854775807)",
            json!({}),
            Ok(json!([i64::MIN, -1, i64::MAX - 1])),
        );
    }

    #[test]
    fn get_item() {
        let input = json!({"a": [10, {"b": 2}, null], "i": 1});
        give("States.ArrayGetItem($.a, 0)", input.clone(), Ok(json!(10)));
        give("States.ArrayGetItem($.a, $.i)", input.clone(), Ok(json!({"b": 2})));
        give("States.ArrayGetItem($.a, 2)", input.clone(), Ok(json!(null)));
        give("States.ArrayGetItem($.a, 1.9)", input.clone(), Ok(json!({"b": 2})));
        let bad = "Invalid arguments in States.ArrayGetItem";
        for index in ["3", "-1", "'1'", "1e30"] {
            give(&format!("States.ArrayGetItem($.a, {index})"), input.clone(), Err(bad));
        }
        give("States.ArrayGetItem('abc', 0)", json!({}), Err(bad));
        // AWS quirk (recording AGI-011): an empty array gives null, not a failure.
        give("States.ArrayGetItem($.e, 999)", json!({"e": []}), Ok(json!(null)));
    }

    #[test]
    fn length() {
        give("States.ArrayLength($.a)", json!({"a": [1, [2, 3], null]}), Ok(json!(3)));
        give("States.ArrayLength($.a)", json!({"a": []}), Ok(json!(0)));
        give("States.ArrayLength($.a)", json!({"a": "abc"}), Err(NO_ARRAY));
        give("States.ArrayLength($.a)", json!({"a": {"x": 1}}), Err(NO_ARRAY));
    }
}

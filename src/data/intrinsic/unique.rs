//! `States.ArrayUnique`: the items without duplicates, in the order of a Java `HashSet`.

use super::eval::{array, shallow, Eval, Problem};
use super::{java, Call};
use json_value::Value;
use std::collections::HashMap;

/// `States.ArrayUnique(array)`: one of each item, ordered as AWS orders them: AWS collects the
/// items in `new HashSet<>(list)` and lists them in its iteration order (AWS recordings AUNIQ-004
/// and AUNIQ-010: `[true, false, true]` gives `[false, true]`, `[[1, 2], [1, 2], [2, 1]]` gives
/// `[[2, 1], [1, 2]]`; small integers and one-letter strings come out sorted).
pub(super) fn eval_array_unique<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let items = array(ev.arg(call, 0)?, call.function)?;
    for item in &items {
        shallow(item, call.function)?;
    }
    let capacity = java::hash_set_capacity(items.len());
    let mut kept: Vec<(usize, Value)> = Vec::new();
    let mut by_hash: HashMap<i32, Vec<usize>> = HashMap::new();
    for item in items {
        let hash = java::hash_code(&item);
        let same_hash = by_hash.entry(hash).or_default();
        let seen = same_hash.iter().any(|&index| kept.get(index).is_some_and(|(_, other)| *other == item));
        if !seen {
            same_hash.push(kept.len());
            kept.push((java::bucket(hash, capacity), item));
        }
    }
    // A stable sort keeps first-seen order within a bucket, as HashMap's bucket lists do.
    kept.sort_by_key(|(bucket, _)| *bucket);
    Ok(Value::Array(kept.into_iter().map(|(_, item)| item).collect()))
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::json;

    fn unique(input: json_value::Value, want: json_value::Value) {
        give("States.ArrayUnique($.a)", json!({ "a": input }), Ok(want));
    }

    #[test]
    fn duplicates_go() {
        unique(json!([]), json!([]));
        unique(json!([4, 3, 3, 1, 4]), json!([1, 3, 4]));
        unique(json!(["b", "a", "b", "c"]), json!(["a", "b", "c"]));
        unique(json!([{"x": 1, "y": 2}, {"y": 2, "x": 1}]), json!([{"x": 1, "y": 2}]));
        unique(json!([{"n": {"m": [1]}}, {"n": {"m": [1]}}]), json!([{"n": {"m": [1]}}]));
        // 2.0 is a Double (bucket 0); 2, "2" and "02" share bucket 2.
        unique(json!([2, "2", 2.0, "02", 2]), json!([2.0, 2, "2", "02"]));
    }

    #[test]
    fn order_follows_java_hash_set() {
        // AWS recordings AUNIQ-004, AUNIQ-005, AUNIQ-010.
        unique(json!([true, false, true, false]), json!([false, true]));
        unique(json!([null, 1, null]), json!([null, 1]));
        unique(json!([[1, 2], [1, 2], [2, 1]]), json!([[2, 1], [1, 2]]));
        // "1" and 1 share bucket 1 (hashes 49 and 1): first seen first.
        unique(json!(["1", 1, 17]), json!(["1", 1, 17]));
        // A longer list gets a bigger table: 16 and 0 no longer collide when it has 32 buckets.
        unique(
            json!([16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
            json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
        );
        unique(json!([16, 0, 1]), json!([16, 0, 1]));
    }

    #[test]
    fn only_arrays() {
        let bad = "Invalid arguments in States.ArrayUnique";
        give("States.ArrayUnique('abc')", json!({}), Err(bad));
        give("States.ArrayUnique($.o)", json!({"o": {"a": 1}}), Err(bad));
    }
}

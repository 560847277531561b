//! Intrinsics for JSON data manipulation: `States.StringToJson`, `States.JsonToString`,
//! `States.JsonMerge`.

use super::eval::{invalid, object, shallow, string, Eval, Problem};
use super::{java, Call};
use json_value::{Map, Value};

const JSON_WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// `States.StringToJson(text)`: the JSON value `text` holds. Blank text gives `null` (LocalStack's
/// AWS-validated test_string_to_json: `""` and `" "` are `null`); bad JSON fails; `-0` is `0`.
pub(super) fn eval_string_to_json<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let text = string(ev.arg(call, 0)?, call.function)?;
    if text.trim_matches(JSON_WHITESPACE).is_empty() {
        return Ok(Value::Null);
    }
    // `-0` reads as the integer 0, as Java's parser reads it.
    json_value::from_str(&text).map_err(|_| invalid(call.function))
}

/// `States.JsonToString(value)`: compact JSON text, keys in their order (LocalStack's
/// AWS-validated test_json_to_string: `{"Arg1":1,"Arg2":[]}`, `"\"HelloWorld\""`, `"null"`).
pub(super) fn eval_json_to_string<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let value = ev.arg(call, 0)?;
    shallow(&value, call.function)?;
    Ok(Value::from(value.to_json_string()))
}

/// `States.JsonMerge(left, right, deep)`: `left`'s keys, overridden and extended by `right`'s;
/// nested objects are replaced, not merged. AWS only does the shallow merge, so `deep = true`
/// fails; any other third argument merges shallowly (AWS recording JMG-13 accepts `'false'`).
/// Keys come out in the order of a Java `HashMap` filled with `left` then `right`, as AWS's do
/// (LocalStack's AWS-validated test_json_merge_escaped_argument).
pub(super) fn eval_json_merge<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (left, right, deep) = (ev.arg(call, 0)?, ev.arg(call, 1)?, ev.arg(call, 2)?);
    let (mut merged, right) = (object(left, call.function)?, object(right, call.function)?);
    if deep == Value::Bool(true) {
        return Err(invalid(call.function));
    }
    let (left_len, right_len) = (merged.len(), right.len());
    // With serde_json's preserve_order, a key already present keeps its place, as in a HashMap.
    merged.extend(right);
    let capacity = java::merged_map_capacity(left_len, right_len, merged.len());
    Ok(Value::Object(hash_map_order(merged, capacity)))
}

/// The entries of `map` in the order a Java `HashMap` filled with them one at a time iterates
/// them (the key order AWS gives a CSV row read by a Distributed Map's ItemReader).
pub(crate) fn java_hash_map_order(map: Map) -> Map {
    let capacity = java::grown_capacity(map.len());
    hash_map_order(map, capacity)
}

/// The entries of `map` in the iteration order of a Java `HashMap` of `capacity` buckets that
/// received them in `map`'s order.
fn hash_map_order(map: Map, capacity: usize) -> Map {
    let mut entries: Vec<(usize, std::rc::Rc<str>, Value)> =
        map.into_iter().map(|(key, value)| (java::bucket(java::string_hash(&key), capacity), key, value)).collect();
    entries.sort_by_key(|(bucket, _, _)| *bucket);
    entries.into_iter().map(|(_, key, value)| (key, value)).collect()
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::{json, Value};

    fn keys(value: &Value) -> Vec<&str> {
        value.as_object().map(|map| map.keys().map(|k| &**k).collect()).unwrap_or_default()
    }

    #[test]
    fn string_to_json() {
        let parse = |text: &str, want: Value| give("States.StringToJson($.t)", json!({ "t": text }), Ok(want));
        parse("{\"k\": [1, 2.5, \"x\"]}", json!({"k": [1, 2.5, "x"]}));
        parse(" [true, null] ", json!([true, null]));
        parse("\"text\"", json!("text"));
        parse("42", json!(42));
        parse("-0", json!(0));
        parse("[-0, -0.5]", json!([0, -0.5]));
        parse("null", json!(null));
        parse("", json!(null));
        parse(" \n ", json!(null));
        let bad = "Invalid arguments in States.StringToJson";
        for text in ["{bad}", "{\"a\":1", "undefined", "'x'", "1 2"] {
            give("States.StringToJson($.t)", json!({ "t": text }), Err(bad));
        }
        for arg in ["1", "null", "$.o", "$.l"] {
            give(&format!("States.StringToJson({arg})"), json!({"o": {}, "l": []}), Err(bad));
        }
    }

    #[test]
    fn json_to_string() {
        let show = |value: Value, want: &str| give("States.JsonToString($.v)", json!({ "v": value }), Ok(json!(want)));
        show(json!({"z": 1, "a": [true, null, "q\"uote"], "m": {}}), r#"{"z":1,"a":[true,null,"q\"uote"],"m":{}}"#);
        show(json!("text"), "\"text\"");
        show(json!(null), "null");
        show(json!(1.5), "1.5");
        show(json!(-7), "-7");
        show(json!("é\n"), "\"é\\n\"");
        give("States.JsonToString('x')", json!({}), Ok(json!("\"x\"")));
        give("States.StringToJson(States.JsonToString($.v))", json!({"v": {"b": [1]}}), Ok(json!({"b": [1]})));
    }

    #[test]
    fn json_merge() {
        let input = json!({"l": {"a": {"a1": 1}, "b": 2, "d": 3}, "r": {"a": {"a2": 2}, "c": 3, "d": 4}});
        give("States.JsonMerge($.l, $.r, false)", input.clone(), Ok(json!({"a": {"a2": 2}, "b": 2, "c": 3, "d": 4})));
        give("States.JsonMerge($.l, $.r, 'false')", input.clone(), Ok(json!({"a": {"a2": 2}, "b": 2, "c": 3, "d": 4})));
        give("States.JsonMerge($.l, $.e, false)", json!({"l": {"x": null}, "e": {}}), Ok(json!({"x": null})));
        give("States.JsonMerge($.e, $.e, false)", json!({"e": {}}), Ok(json!({})));
        let bad = "Invalid arguments in States.JsonMerge";
        give("States.JsonMerge($.l, $.r, true)", input.clone(), Err(bad));
        give("States.JsonMerge($.l, $.r)", input, Err(bad));
        for (left, right) in [("null", "$.o"), ("$.o", "null"), ("$.a", "$.o"), ("$.o", "'x'")] {
            give(&format!("States.JsonMerge({left}, {right}, false)"), json!({"o": {}, "a": []}), Err(bad));
        }
    }

    #[test]
    fn json_merge_orders_keys_like_a_java_hash_map() {
        let merged = super::super::testing::run(
            "States.JsonMerge($.l, $.r, false)",
            json!({"l": {"d": 1, "b": 2, "a": 3}, "r": {"c": 4}}),
        );
        assert_eq!(merged.as_ref().map(keys).ok(), Some(vec!["a", "b", "c", "d"]));
        // One key each: a 2-bucket table grows to 4; "cc" (hash 3168) lands in bucket 0, "ab" (3105) in 1.
        let merged =
            super::super::testing::run("States.JsonMerge($.l, $.r, false)", json!({"l": {"ab": 1}, "r": {"cc": 2}}));
        assert_eq!(merged.as_ref().map(keys).ok(), Some(vec!["cc", "ab"]));
    }
}

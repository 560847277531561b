//! Writing a state's result into its input at a reference path, for `ResultPath`.
//!
//! AWS (developer guide, "Specifying state output using ResultPath"): `$` replaces the whole
//! input; `$.a.b` puts the result under `b`, replacing what was there, and creates the objects
//! missing on the way (`"ResultPath": "$.strings.lambdaresult"` on an input without `strings`);
//! a path that cannot be applied fails the state with `States.ResultPathMatchFailure`, as a
//! name into a value that is not an object does. An index (`$.a[0]`) replaces an existing
//! element; it never grows an array.

use json_value::{Map, Value};

use super::step::{Query, Step};
use super::{PathError, Root};

/// `root` with `value` written at `query`; `text` is the path as written, for messages.
pub(crate) fn write(query: &Query, root_kind: Root, text: &str, root: Value, value: Value) -> Result<Value, PathError> {
    let failure =
        |reason: String| PathError::new(format!("Unable to apply ResultPath '{text}' to the input: {reason}"));
    if root_kind == Root::Context {
        return Err(failure("a ResultPath cannot write into the context object ($$)".to_string()));
    }
    if root_kind == Root::Variable {
        return Err(failure("a ResultPath cannot write into a variable (use Assign)".to_string()));
    }
    if !query.steps.iter().all(|step| matches!(step, Step::Name(_) | Step::Index(_))) {
        return Err(failure("a ResultPath may only hold names and single indices".to_string()));
    }
    let Some((last, inner)) = query.steps.split_last() else {
        return Ok(value);
    };
    let mut doc = root;
    let mut node = &mut doc;
    for (index, step) in inner.iter().enumerate() {
        node = descend(node, step).map_err(|found| failure(reason(query, index, step, &found)))?;
    }
    let last_index = inner.len();
    place(node, last, value).map_err(|found| failure(reason(query, last_index, last, &found)))?;
    Ok(doc)
}

/// What a step found where it could not go on.
enum Found {
    /// A value of this kind where an object (name) or an array (index) was needed.
    Kind(&'static str),
    /// An array too short for the index.
    OutOfRange(usize),
}

/// The node under `node` for `step`, creating a missing member as an empty object.
fn descend<'v>(node: &'v mut Value, step: &Step) -> Result<&'v mut Value, Found> {
    match (node, step) {
        (Value::Object(members), Step::Name(name)) => {
            Ok(members.get_or_insert_with(name, || Value::Object(Map::new())))
        }
        (Value::Array(items), Step::Index(index)) => {
            let len = items.len();
            element_mut(items.make_mut(), *index).ok_or(Found::OutOfRange(len))
        }
        (other, _) => Err(Found::Kind(kind(other))),
    }
}

/// Puts `value` at `step` under `node`.
fn place(node: &mut Value, step: &Step, value: Value) -> Result<(), Found> {
    match (node, step) {
        (Value::Object(members), Step::Name(name)) => {
            members.insert(name.as_str(), value);
            Ok(())
        }
        (Value::Array(items), Step::Index(index)) => {
            let len = items.len();
            let slot = element_mut(items.make_mut(), *index).ok_or(Found::OutOfRange(len))?;
            *slot = value;
            Ok(())
        }
        (other, _) => Err(Found::Kind(kind(other))),
    }
}

/// Element `index` of `items`, counted from the end when negative.
fn element_mut(items: &mut [Value], index: i32) -> Option<&mut Value> {
    let len = i64::try_from(items.len()).ok()?;
    let index = i64::from(index);
    let position = if index < 0 { len + index } else { index };
    usize::try_from(position).ok().and_then(|p| items.get_mut(p))
}

/// Why the step at `index` failed, naming the node it was applied to.
fn reason(query: &Query, index: usize, step: &Step, found: &Found) -> String {
    let at = query.prefix(index);
    let wanted = match step {
        Step::Index(_) => "an array",
        _ => "an object",
    };
    match found {
        Found::Kind(kind) => format!("{at} is {kind}, not {wanted}"),
        Found::OutOfRange(len) => format!("index {} is out of range for {at} (length {len})", step.fragment()),
    }
}

/// A value's kind, with its article.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use json_value::{json, Value};

    use super::super::Path;

    /// Writing `value` at `path` into `input` gives `expected` (a document or an error message).
    fn put(path: &str, input: Value, value: Value, expected: Result<Value, &str>) {
        let parsed = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(parsed.set(input, value).map_err(|e| e.message), expected.map_err(String::from), "{path}");
    }

    #[test]
    fn writes_and_creates() {
        put("$", json!({"a": 1}), json!("x"), Ok(json!("x")));
        put("$.r", json!({"a": 1}), json!(2), Ok(json!({"a": 1, "r": 2})));
        put("$.a", json!({"a": 1, "b": 2}), json!({"n": 3}), Ok(json!({"a": {"n": 3}, "b": 2})));
        // AWS developer guide, ResultPath: missing objects on the way are created.
        put("$.a.b.c", json!({"x": 1}), json!(true), Ok(json!({"x": 1, "a": {"b": {"c": true}}})));
        put("$.a.b", json!({"a": {"x": 1}}), json!(2), Ok(json!({"a": {"x": 1, "b": 2}})));
        put("$['a b'].c", json!({}), json!(1), Ok(json!({"a b": {"c": 1}})));
        put("$.a[1]", json!({"a": [1, 2, 3]}), json!(9), Ok(json!({"a": [1, 9, 3]})));
        put("$.a[-1]", json!({"a": [1, 2, 3]}), json!(9), Ok(json!({"a": [1, 2, 9]})));
        put("$.a[1].b", json!({"a": [{}, {}]}), json!(1), Ok(json!({"a": [{}, {"b": 1}]})));
        put("$[0]", json!([1]), json!(2), Ok(json!([2])));
    }

    #[test]
    fn cannot_apply() {
        let fail = |reason: &str, path: &str| format!("Unable to apply ResultPath '{path}' to the input: {reason}");
        put("$.a", json!("text"), json!(1), Err(&fail("$ is a string, not an object", "$.a")));
        put("$.a.b", json!({"a": null}), json!(1), Err(&fail("$['a'] is null, not an object", "$.a.b")));
        put(
            "$.a.b.c",
            json!({"a": {"b": 5}}),
            json!(1),
            Err(&fail("$['a']['b'] is a number, not an object", "$.a.b.c")),
        );
        put(
            "$.a[5]",
            json!({"a": [1]}),
            json!(1),
            Err(&fail("index [5] is out of range for $['a'] (length 1)", "$.a[5]")),
        );
        put(
            "$.a[0].b",
            json!({"a": []}),
            json!(1),
            Err(&fail("index [0] is out of range for $['a'] (length 0)", "$.a[0].b")),
        );
        put("$.a[0]", json!({"a": {}}), json!(1), Err(&fail("$['a'] is an object, not an array", "$.a[0]")));
        put("$.a[0]", json!({}), json!(1), Err(&fail("$['a'] is an object, not an array", "$.a[0]")));
        let only = "a ResultPath may only hold names and single indices";
        put("$.a[*]", json!({"a": [1]}), json!(1), Err(&fail(only, "$.a[*]")));
        put("$..a", json!({}), json!(1), Err(&fail(only, "$..a")));
        put("$.a.length()", json!({}), json!(1), Err(&fail(only, "$.a.length()")));
        let context = "a ResultPath cannot write into the context object ($$)";
        put("$$.Execution", json!({}), json!(1), Err(&fail(context, "$$.Execution")));
    }
}

//! The JSONPath state I/O pipeline's path steps: `InputPath`, `ResultPath`, `OutputPath`, with
//! the errors and causes AWS reports when they fail.

use json_value::{Map, Value};

use super::context::ContextObject;
use super::path::Path;
use super::payload::compact;
use super::variables::{eval_path, Variables};
use crate::asl::{ErrorName, Failure};

/// `InputPath` (or `OutputPath`): the part of `value` the path selects; `None` (`null`) gives `{}`.
pub fn apply_path(
    path: Option<&Path>,
    value: &Value,
    context: &dyn ContextObject,
    variables: &Variables,
) -> Result<Value, Failure> {
    let Some(path) = path else { return Ok(Value::Object(Map::new())) };
    if path.text() == "$" {
        return Ok(value.clone());
    }
    eval_path(path, value, context, variables)?.map_err(|e| match e.limit {
        true => Failure::new(ErrorName::Runtime, e.message),
        false => invalid_path(path, &e.message),
    })
}

// AWS: States.Runtime "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']".
fn invalid_path(path: &Path, message: &str) -> Failure {
    Failure::new(ErrorName::Runtime, format!("Invalid path '{}' : {message}", path.text()))
}

/// `ResultPath`: `result` placed into the state's raw `input`; `None` (`null`) keeps the input.
pub fn apply_result_path(path: Option<&Path>, input: Value, result: Value) -> Result<Value, Failure> {
    let Some(path) = path else { return Ok(input) };
    if path.text() == "$" {
        return Ok(result);
    }
    let original = input.clone(); // shared, not copied: written out only for the cause
    path.set(input, result).map_err(|_| {
        Failure::new(
            ErrorName::ResultPathMatchFailure,
            format!("Unable to apply ResultPath \"{}\" to input \"{}\"", path.text(), compact(&original)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn path(text: &str) -> Path {
        text.parse().expect("a valid path")
    }

    #[test]
    fn input_and_output_paths() {
        let ctx = json!({"Execution": {"Name": "e"}});
        let mut vars = Variables::default();
        vars.assign("x".into(), json!({"y": 2}));
        assert_eq!(apply_path(Some(&path("$x.y")), &json!({}), &ctx, &vars), Ok(json!(2)));
        assert_eq!(apply_path(Some(&path("$")), &json!({"a": 1}), &ctx, &vars), Ok(json!({"a": 1})));
        assert_eq!(apply_path(Some(&path("$.a")), &json!({"a": 1}), &ctx, &vars), Ok(json!(1)));
        assert_eq!(apply_path(None, &json!({"a": 1}), &ctx, &vars), Ok(json!({})));
        assert_eq!(apply_path(Some(&path("$$.Execution.Name")), &json!({}), &ctx, &vars), Ok(json!("e")));
    }

    // Recorded against AWS: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']".
    #[test]
    fn a_missing_input_path_is_a_runtime_error_with_jayways_message() {
        let failure = apply_path(Some(&path("$.NoSuchInputPath")), &json!({}), &json!({}), &Variables::default());
        assert_eq!(
            failure,
            Err(Failure::new(
                ErrorName::Runtime,
                "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
            ))
        );
    }

    #[test]
    fn result_path_places_the_result() {
        assert_eq!(apply_result_path(Some(&path("$")), json!({"a": 1}), json!(2)), Ok(json!(2)));
        assert_eq!(apply_result_path(None, json!({"a": 1}), json!(2)), Ok(json!({"a": 1})));
        assert_eq!(apply_result_path(Some(&path("$.r")), json!({"a": 1}), json!(2)), Ok(json!({"a": 1, "r": 2})));
        assert_eq!(apply_result_path(Some(&path("$.x.y")), json!({}), json!(2)), Ok(json!({"x": {"y": 2}})));
        let failure = apply_result_path(Some(&path("$.a.b")), json!({"a": "text"}), json!(2));
        assert_eq!(failure.map_err(|f| f.error), Err("States.ResultPathMatchFailure".to_owned()));
    }
}

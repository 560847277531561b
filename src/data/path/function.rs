//! Jayway's path functions without parameters (`$.a.length()`, `$.a.sum()`), applied as
//! Jayway 2.9 does: `length`/`size` count an array's elements or an object's members,
//! the aggregations read the numbers of an array and answer a double.
//!
//! Source: json-path/JsonPath `internal/function/PathFunctionFactory.java`, `text/Length.java`,
//! `numeric/AbstractAggregation.java`, `numeric/{Sum,Average,Min,Max,StandardDeviation}.java`,
//! `json/KeySetFunction.java`.

use json_value::Value;

use super::eval::Fault;

/// A function that can end a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    /// `length()`: elements of an array, members of an object, else `null`.
    Length,
    /// `size()`: Jayway's other name for `length()`.
    Size,
    /// `min()` of an array's numbers.
    Min,
    /// `max()` of an array's numbers.
    Max,
    /// `avg()` of an array's numbers.
    Avg,
    /// `sum()` of an array's numbers.
    Sum,
    /// `stddev()`: the population standard deviation of an array's numbers.
    Stddev,
    /// `keys()`: an object's member names, else `null`.
    Keys,
}

/// Jayway functions that exist but that this module does not evaluate.
const UNSUPPORTED: [&str; 5] = ["concat", "append", "first", "last", "index"];

/// Message of Jayway's `AbstractAggregation` when an array holds no number.
const EMPTY_AGGREGATION: &str = "Aggregation function attempted to calculate value using empty array";

impl Function {
    /// The function called `name`, or the error the path parser reports.
    pub(crate) fn from_name(name: &str) -> Result<Function, String> {
        let function = match name {
            "length" => Function::Length,
            "size" => Function::Size,
            "min" => Function::Min,
            "max" => Function::Max,
            "avg" => Function::Avg,
            "sum" => Function::Sum,
            "stddev" => Function::Stddev,
            "keys" => Function::Keys,
            _ if UNSUPPORTED.contains(&name) => return Err(format!("Function {name}() is not supported")),
            // Jayway's `PathFunctionFactory.newFunction` message.
            _ => return Err(format!("Function with name: {name} does not exist.")),
        };
        Ok(function)
    }

    /// The name as written in a path.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Function::Length => "length",
            Function::Size => "size",
            Function::Min => "min",
            Function::Max => "max",
            Function::Avg => "avg",
            Function::Sum => "sum",
            Function::Stddev => "stddev",
            Function::Keys => "keys",
        }
    }

    /// The function's value for `model`.
    pub(crate) fn apply(self, model: &Value) -> Result<Value, Fault> {
        match self {
            Function::Length | Function::Size => Ok(length(model)),
            Function::Keys => Ok(keys(model)),
            _ => self.aggregate(&numbers(model)),
        }
    }

    /// One of the numeric aggregations over `values` (never empty on success).
    fn aggregate(self, values: &[f64]) -> Result<Value, Fault> {
        if values.is_empty() {
            return Err(Fault::Fatal(EMPTY_AGGREGATION.to_string()));
        }
        let count = values.len() as f64;
        let sum: f64 = values.iter().sum();
        let result = match self {
            Function::Min => values.iter().copied().fold(f64::MAX, f64::min),
            Function::Max => values.iter().copied().fold(-f64::MAX, f64::max),
            Function::Avg => sum / count,
            Function::Stddev => {
                let squares: f64 = values.iter().map(|v| v * v).sum();
                (squares / count - sum * sum / count / count).sqrt()
            }
            _ => sum,
        };
        // Jayway answers a java.lang.Double, which AWS prints with a fraction (`6.0`).
        Ok(json_value::Number::from_f64(result).map_or(Value::Null, Value::Number))
    }
}

/// `length()`: Jayway's `Length` counts arrays and objects only (a string gives `null`).
fn length(model: &Value) -> Value {
    match model {
        Value::Array(items) => Value::from(items.len()),
        Value::Object(members) => Value::from(members.len()),
        _ => Value::Null,
    }
}

/// `keys()`: the member names of an object.
fn keys(model: &Value) -> Value {
    match model {
        Value::Object(members) => members.keys().map(|k| Value::String(k.clone())).collect(),
        _ => Value::Null,
    }
}

/// The numbers among an array's elements (other elements are skipped, as in Jayway).
fn numbers(model: &Value) -> Vec<f64> {
    match model {
        Value::Array(items) => items.iter().filter_map(Value::as_f64).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use json_value::json;

    use super::super::test_support::give;

    #[test]
    fn length_and_keys() {
        give("$.a.length()", json!({"a": [1, 2, 3]}), Ok(json!(3)));
        give("$.a.size()", json!({"a": {"x": 1, "y": 2}}), Ok(json!(2)));
        give("$.length()", json!([1]), Ok(json!(1)));
        // Jayway's Length counts arrays and objects only.
        give("$.a.length()", json!({"a": "abc"}), Ok(json!(null)));
        give("$.a.keys()", json!({"a": {"x": 1, "y": 2}}), Ok(json!(["x", "y"])));
        give("$.a.keys()", json!({"a": [1]}), Ok(json!(null)));
    }

    #[test]
    fn aggregations_answer_doubles() {
        give("$.a.sum()", json!({"a": [1, 2, 3]}), Ok(json!(6.0)));
        give("$.a.avg()", json!({"a": [1, 2, 3, 4]}), Ok(json!(2.5)));
        give("$.a.min()", json!({"a": [3, "x", 1, 2]}), Ok(json!(1.0)));
        give("$.a.max()", json!({"a": [-3, -1]}), Ok(json!(-1.0)));
        give("$.a.stddev()", json!({"a": [2, 4, 4, 4, 5, 5, 7, 9]}), Ok(json!(2.0)));
        let empty = "Aggregation function attempted to calculate value using empty array";
        give("$.a.sum()", json!({"a": []}), Err(empty));
        give("$.a.max()", json!({"a": ["x"]}), Err(empty));
        give("$.a.avg()", json!({"a": 5}), Err(empty));
    }

    #[test]
    fn functions_after_other_steps() {
        give("$.missing.length()", json!({}), Err("Missing property in path $['missing']"));
        give("$.a[5].length()", json!({"a": []}), Err("No results for path: $['a'][5].length()"));
        give("$.a[*].length()", json!({"a": [[1], [1, 2], "x"]}), Ok(json!([1, 2, null])));
        // Jayway CompiledPath.invertScannerFunctionRelationship: `$..x.f()` is `f($..x)`.
        give("$..b.length()", json!({"a": {"b": [1, 2]}, "b": 3}), Ok(json!(2)));
        give("$..n.sum()", json!({"n": 1, "a": [{"n": 2}, {"n": "x"}]}), Ok(json!(3.0)));
    }
}

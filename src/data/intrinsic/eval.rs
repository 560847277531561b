//! Evaluating a parsed call: arguments first, then the function, with AWS's failure texts.

use super::{array, encoding, format, hash, java, json, math, string, unique, uuid};
use super::{Arg, Call, Failure, Function};
use crate::engine::rng::Rng;
use crate::engine::MAX_PAYLOAD_BYTES;
use json_value::{Map, Number, Value};

/// Evaluates `call`. `resolve` gives a path argument's value (the engine evaluates it against the
/// input, context object or variables; its `Err` is returned as is: AWS words a missing one
/// `The function '<call.text>' had the following error: The JsonPath argument for the field
/// '$.missing' could not be found in the input '{}'`, AWS recording HASH-036); `rng` drives
/// `States.UUID` and unseeded `States.MathRandom`.
pub fn eval<P>(
    call: &Call<P>,
    resolve: &mut dyn FnMut(&P) -> Result<Value, Failure>,
    rng: &mut Rng,
) -> Result<Value, Failure> {
    let mut evaluator = Eval { resolve, rng };
    evaluator.call(call).map_err(|problem| match problem {
        Problem::Path(failure) => failure,
        // AWS recordings: "There was an error while evaluating the intrinsic function:
        // States.ArrayRange(1, 10, 0). Invalid arguments in States.ArrayRange".
        Problem::Invalid(detail) => Failure::runtime(format!(
            "There was an error while evaluating the intrinsic function: {}. {detail}",
            call.text
        )),
        // Our limit (AWS documents none for intermediate values): no call may build more than
        // a payload can hold, so nested calls cannot multiply a document into gigabytes.
        Problem::TooLarge(function, bytes) => Failure {
            error: "States.DataLimitExceeded".to_owned(),
            cause: format!(
                "{function} built a value of {bytes} bytes, more than the {MAX_PAYLOAD_BYTES} bytes a payload may have"
            ),
        },
    })
}

/// Why a call failed.
#[derive(Debug)]
pub(super) enum Problem {
    /// A path argument could not be resolved: the engine's failure, passed through.
    Path(Failure),
    /// A function rejected its arguments; AWS's words for it.
    Invalid(String),
    /// A function built a value larger than a payload may be (its size in bytes).
    TooLarge(Function, usize),
}

/// AWS's failure for arguments a function rejects (wrong count, type or range).
pub(super) fn invalid(function: Function) -> Problem {
    Problem::Invalid(format!("Invalid arguments in {function}"))
}

/// The state of one evaluation.
pub(super) struct Eval<'r, 'f, P> {
    resolve: &'r mut (dyn FnMut(&P) -> Result<Value, Failure> + 'f),
    pub(super) rng: &'r mut Rng,
}

impl<P> Eval<'_, '_, P> {
    /// Evaluates a call: its argument count, then the function (which evaluates its arguments).
    pub(super) fn call(&mut self, call: &Call<P>) -> Result<Value, Problem> {
        if !call.function.accepts(call.args.len()) {
            return Err(invalid(call.function));
        }
        let value = self.dispatch(call)?;
        if fits_any_payload(&value) {
            return Ok(value);
        }
        match value.json_len() {
            bytes if bytes > MAX_PAYLOAD_BYTES => Err(Problem::TooLarge(call.function, bytes)),
            _ => Ok(value),
        }
    }

    fn dispatch(&mut self, call: &Call<P>) -> Result<Value, Problem> {
        match call.function {
            Function::Format => format::eval_format(self, call),
            Function::StringToJson => json::eval_string_to_json(self, call),
            Function::JsonToString => json::eval_json_to_string(self, call),
            Function::Array => array::eval_array(self, call),
            Function::ArrayPartition => array::eval_array_partition(self, call),
            Function::ArrayContains => array::eval_array_contains(self, call),
            Function::ArrayRange => array::eval_array_range(self, call),
            Function::ArrayGetItem => array::eval_array_get_item(self, call),
            Function::ArrayLength => array::eval_array_length(self, call),
            Function::ArrayUnique => unique::eval_array_unique(self, call),
            Function::Base64Encode => encoding::eval_base64_encode(self, call),
            Function::Base64Decode => encoding::eval_base64_decode(self, call),
            Function::Hash => hash::eval_hash(self, call),
            Function::JsonMerge => json::eval_json_merge(self, call),
            Function::MathRandom => math::eval_math_random(self, call),
            Function::MathAdd => math::eval_math_add(self, call),
            Function::StringSplit => string::eval_string_split(self, call),
            Function::Uuid => uuid::eval_uuid(self, call),
        }
    }

    /// The value of argument `index` of `call`.
    pub(super) fn arg(&mut self, call: &Call<P>, index: usize) -> Result<Value, Problem> {
        match call.args.get(index) {
            Some(arg) => self.value(arg),
            None => Err(invalid(call.function)),
        }
    }

    /// The values of the arguments of `call` from `first` on.
    pub(super) fn args_from(&mut self, call: &Call<P>, first: usize) -> Result<Vec<Value>, Problem> {
        let args = call.args.get(first..).unwrap_or_default();
        args.iter().map(|arg| self.value(arg)).collect()
    }

    fn value(&mut self, arg: &Arg<P>) -> Result<Value, Problem> {
        match arg {
            Arg::String(text) => Ok(Value::from(text.clone())),
            Arg::Number(number) => Ok(Value::Number(number.clone())),
            Arg::Boolean(flag) => Ok(Value::Bool(*flag)),
            Arg::Null => Ok(Value::Null),
            Arg::Path(path) => (self.resolve)(path).map_err(Problem::Path),
            Arg::Call(inner) => self.call(inner),
        }
    }
}

/// Whether `value` is a scalar short enough for any payload without measuring it: null, a
/// boolean, or a number that is not one of unbounded digits (at most 24 characters).
fn fits_any_payload(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) => true,
        Value::Number(number) => !number.is_big(),
        _ => false,
    }
}

/// A string argument.
pub(super) fn string(value: Value, function: Function) -> Result<String, Problem> {
    match value {
        Value::String(text) => Ok(text.to_string()),
        _ => Err(invalid(function)),
    }
}

/// An array argument.
pub(super) fn array(value: Value, function: Function) -> Result<Vec<Value>, Problem> {
    match value {
        Value::Array(items) => Ok(items.into_vec()),
        _ => Err(invalid(function)),
    }
}

/// An object argument.
pub(super) fn object(value: Value, function: Function) -> Result<Map, Problem> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(invalid(function)),
    }
}

fn number(value: &Value, function: Function) -> Result<&Number, Problem> {
    match value {
        Value::Number(number) => Ok(number),
        _ => Err(invalid(function)),
    }
}

/// A number argument cut to an integer toward zero, as Java's `(long)` cast does: AWS truncates
/// `ArrayRange`, `ArrayPartition`, `ArrayGetItem` and `MathRandom` arguments (AWS recordings:
/// `ArrayPartition(…, 2.6)` chunks by 2, `ArrayGetItem(…, 1.2)` is item 1).
pub(super) fn truncated(value: &Value, function: Function) -> Result<i64, Problem> {
    let number = number(value, function)?;
    Ok(match number.as_i64() {
        Some(integer) => integer,
        None => number.as_f64().map_or(0, |float| float as i64),
    })
}

/// A number argument rounded as Java's `Math.round` does (halves up: 2.5 → 3, -2.5 → -2), as
/// `States.MathAdd` does (LocalStack's AWS-validated test_math_add).
pub(super) fn rounded(value: &Value, function: Function) -> Result<i64, Problem> {
    let number = number(value, function)?;
    Ok(match number.as_i64() {
        Some(integer) => integer,
        None => java::round(number.as_f64().unwrap_or(0.0)),
    })
}

/// The deepest nesting a value may have where a function walks it recursively.
pub(super) const MAX_VALUE_DEPTH: usize = 512;

/// Fails if `value` nests deeper than [`MAX_VALUE_DEPTH`], so recursive walks stay bounded.
pub(super) fn shallow(value: &Value, function: Function) -> Result<(), Problem> {
    if !matches!(value, Value::Array(_) | Value::Object(_)) {
        return Ok(());
    }
    let mut stack = vec![(value, 1usize)];
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_VALUE_DEPTH {
            return Err(invalid(function));
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|item| (item, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

/// The length of `text` in UTF-16 code units, as Java's `String.length()` counts it.
pub(super) fn java_length(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    }
}

#[cfg(test)]
mod tests {
    use super::{shallow, MAX_VALUE_DEPTH};
    use crate::data::intrinsic::testing::{give, run};
    use crate::data::intrinsic::Function;
    use json_value::{json, Value};

    #[test]
    fn argument_counts_are_checked_when_the_call_runs() {
        // AWS recording States.Hash-017: the definition loads, the execution fails.
        give("States.Hash()", json!({}), Err("Invalid arguments in States.Hash"));
        give("States.JsonToString($.a, $.b)", json!({"a": 1, "b": 2}), Err("Invalid arguments in States.JsonToString"));
        give("States.UUID(1)", json!({}), Err("Invalid arguments in States.UUID"));
        give("States.Format()", json!({}), Err("Invalid arguments in States.Format"));
    }

    #[test]
    fn failure_shape() {
        let failure = run("States.MathRandom(1, 1)", json!({})).expect_err("empty range");
        assert_eq!(failure.error, "States.Runtime");
        assert_eq!(failure.cause, "There was an error while evaluating the intrinsic function: States.MathRandom(1, 1). Invalid arguments in States.MathRandom");
    }

    #[test]
    fn depth_guard() {
        let mut deep = json!(1);
        for _ in 0..MAX_VALUE_DEPTH {
            deep = Value::from(vec![deep]);
        }
        assert!(shallow(&deep, Function::JsonToString).is_err());
        if let Value::Array(items) = deep {
            assert!(shallow(&items[0], Function::JsonToString).is_ok());
        }
        assert!(shallow(&json!("x"), Function::JsonToString).is_ok());
    }
}

//! ASL's intrinsic functions (`States.Format('{}', $.a)`, `States.MathAdd($.i, 1)`, …): parsed
//! once when a definition loads ([`parse`]), then evaluated ([`eval`]) with AWS's behaviour.
//!
//! Sources for AWS's behaviour, cited where a rule is not obvious:
//! - the AWS Step Functions developer guide, "Intrinsic functions" (limits, reserved characters);
//! - executions recorded against AWS: LocalStack's snapshot tests (outputs) and
//!   `gabrielmoreira/tiny-asl-machine` `tests/conformance/cases/.snapshots/aws/States.*` (failure
//!   texts, rounding, edge cases), called "AWS recordings" below.
//!
//! AWS runs these functions in Java, and it shows: `Math.round` in `States.MathAdd`, integer
//! casts elsewhere, `java.util.Random` for seeded `States.MathRandom`, `HashSet`/`HashMap`
//! iteration order in `States.ArrayUnique`/`States.JsonMerge`, `toString()` in `States.Format`.
//! `java.rs` reproduces those.

mod array;
mod encoding;
mod eval;
mod format;
mod function;
pub(crate) mod hash;
mod java;
mod json;
pub(crate) use json::java_hash_map_order;
mod math;
mod parse;
mod string;
mod template;
mod unique;
pub(crate) mod uuid;

#[cfg(test)]
mod testing;

use json_value::Number;

pub use eval::eval;
pub use function::Function;
pub use parse::{is_intrinsic, lint, parse, MAX_NESTING};

/// One intrinsic call, e.g. `States.Format('x {}', $.a)`, with its arguments parsed; `P` is a
/// parsed path (JSONPath in the engine, plain text in tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Call<P> {
    /// The function called.
    pub function: Function,
    /// The arguments, in order.
    pub args: Vec<Arg<P>>,
    /// The call as written (`States.MathAdd($.i, 1)`): AWS quotes the outermost one in failures.
    pub text: String,
    /// `States.Format`'s template when it is a string literal, compiled at load time so that its
    /// escaped braces (`\{`, `\}`) stay literal text.
    template: Option<template::Template>,
}

/// One argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<P> {
    /// A string literal `'…'`, its escapes (`\'`, `\{`, `\}`, `\\`) resolved.
    String(String),
    /// A number literal such as `-1` or `2.5`.
    Number(Number),
    /// `true` or `false`.
    Boolean(bool),
    /// `null`.
    Null,
    /// A path (`$`, `$.a`, `$$.Execution.Id`, `$var`), resolved by the engine when evaluated.
    Path(P),
    /// A nested intrinsic call.
    Call(Box<Call<P>>),
}

/// An intrinsic call that failed while running: an ASL error name and AWS's cause text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The ASL error name: `States.Runtime` for every intrinsic failure, as on AWS.
    pub error: String,
    /// The cause, e.g. `There was an error while evaluating the intrinsic function:
    /// States.MathRandom(1, 1). Invalid arguments in States.MathRandom`; the engine prefixes
    /// AWS's `An error occurred while executing the state '…' (entered at the event id #…). `.
    pub cause: String,
}

impl Failure {
    /// A `States.Runtime` failure with this cause.
    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure { error: "States.Runtime".to_owned(), cause: cause.into() }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

/// A problem found when a definition loads: bad syntax (`States.Format('x`), an unknown function
/// (`States.Foo()`), an illegal escape (`'\n'`), a bad path, or nesting deeper than
/// [`MAX_NESTING`]. [`lint`] also reports wrong argument counts, which AWS only rejects at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrinsicError {
    /// What is wrong and where, in words.
    pub message: String,
}

impl std::fmt::Display for IntrinsicError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IntrinsicError {}

#[cfg(test)]
mod tests {
    use super::testing::give;
    use json_value::json;

    #[test]
    fn nested_calls_compose() {
        let input = json!({"arn": "arn:aws:imagebuilder:r:1:image-recipe/web.server/1.0.0"});
        // The developer guide's nine-function example.
        let text = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 1), States.ArrayLength(States.Array(1, 2)))";
        give(text, input, Ok(json!("web.server.2")));
        give("States.MathAdd(States.MathAdd($.i, 1), 2)", json!({"i": 5}), Ok(json!(8)));
    }

    #[test]
    fn a_nested_failure_quotes_the_outermost_call() {
        // AWS recording Feature.IntrinsicComposition-003.
        give(
            "States.ArrayLength(States.JsonToString($.a))",
            json!({"a": [1, 2]}),
            Err("Invalid arguments in States.ArrayLength"),
        );
    }

    #[test]
    fn path_failures_pass_through_unchanged() {
        let got = super::testing::run("States.MathAdd($.missing, 1)", json!({}));
        let failure = got.expect_err("a missing path fails");
        assert_eq!(failure.cause, "no value at $.missing");
    }
}

//! JSONata, the 2024 query language of Step Functions, behind one adapter: the `jsonata` crate
//! (crates/jsonata, a port of jsonata-js 2.0.6, the version AWS implements), reading our shared
//! documents in place: `$states.input` over a 200 KB document copies nothing, and a result that
//! holds parts of it unchanged shares them.
//!
//! AWS's changes to JSONata, applied here: `$eval` is unavailable; `$partition`, `$range`,
//! `$hash`, `$random` (with an optional seed), `$uuid` and `$parse` are added; and, for a
//! deterministic playground, `$now()`/`$millis()` read the execution's virtual clock and
//! randomness (`$random()`, `$shuffle`, `$uuid`) comes from the execution's seeded generator.
//!
//! Numbers are doubles, as in jsonata-js (whose `JSON.parse` reads every number as one): an
//! integer beyond 2^53 becomes the nearest double (`9007199254740993` → `9007199254740992`) and
//! `57.0` is `57`, also in a document an expression returns untouched; such a document is
//! otherwise the same shared value (only the arrays and objects holding such numbers are rebuilt).

mod functions;
pub mod limits;
pub mod template;

use std::cell::RefCell;

use json_value::Value;
use jsonata::Environment;

use super::variables::Variables;
use crate::engine::rng::Rng;

/// A parsed JSONata expression (the text between `{%` and `%}`).
#[derive(Debug, Clone)]
pub struct Expression {
    compiled: jsonata::Expression,
    /// The `$name`s the expression mentions, so only those variables are bound.
    names: Vec<String>,
}

impl PartialEq for Expression {
    fn eq(&self, other: &Expression) -> bool {
        self.source() == other.source()
    }
}

/// What an expression can read: `$states` and the workflow variables; and the execution's clock
/// and random numbers.
pub struct Bindings<'a> {
    /// `$states`: `{input, context}` plus `result` or `errorOutput` where the field has them.
    pub states: &'a Value,
    /// `$name`.
    pub variables: &'a Variables,
    /// `$now()` and `$millis()`: virtual epoch milliseconds.
    pub now_millis: i64,
    /// `$random()`, `$shuffle()`, `$uuid()`.
    pub rng: &'a mut Rng,
    /// What is left of the execution's JSONata budget ([`limits::MAX_EXECUTION_STEPS`]): each
    /// evaluation takes what it used from it.
    pub budget: &'a mut u64,
}

/// Why an evaluation gave no value.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// The expression failed: JSONata's coded message (`T1006: Attempted to invoke a non-function`).
    Failed(String),
    /// It produced a function or a regular expression, which has no JSON form.
    Unsupported,
}

impl Expression {
    /// Parses JSONata source; the error is JSONata's coded message (`S0203: Expected ")" …`).
    pub fn parse(source: &str) -> Result<Expression, String> {
        let compiled = jsonata::Expression::parse(source).map_err(|e| describe(&e))?;
        Ok(Expression { compiled, names: mentioned_names(source) })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        self.compiled.source()
    }

    /// Evaluates within [`limits::OPTIONS`]; `Ok(None)` when the result is undefined.
    pub fn eval(&self, bindings: &mut Bindings) -> Result<Option<Value>, EvalError> {
        let rng = RefCell::new(&mut *bindings.rng);
        let mut random = || rng.borrow_mut().next_f64();
        let max_steps = limits::MAX_STEPS.min(*bindings.budget);
        let mut env = Environment::new(jsonata::Options { max_steps, ..limits::OPTIONS });
        env.set_now_millis(bindings.now_millis);
        env.set_random(&mut random);
        functions::register(&mut env, &rng, &self.names);
        env.bind("states", bindings.states);
        for name in &self.names {
            if let Some(value) = bindings.variables.get(name) {
                env.bind(name, value);
            }
        }
        let result = self.compiled.evaluate(None, &mut env);
        *bindings.budget = bindings.budget.saturating_sub(env.steps_used());
        result.map_err(|e| match e.code.as_str() {
            "U1008" => EvalError::Unsupported,
            "U1001" if max_steps < limits::MAX_STEPS && *bindings.budget == 0 => EvalError::Failed(format!(
                "{} (this execution used up this interpreter's budget of {} JSONata steps)",
                describe(&e),
                limits::MAX_EXECUTION_STEPS
            )),
            _ => EvalError::Failed(describe(&e)),
        })
    }
}

/// An error as AWS prints it in causes: `"{code}: {message}"` (jsonata-js's `code` and
/// `message`); the errors of AWS's functions, which have no code, as their message alone.
fn describe(error: &jsonata::Error) -> String {
    match error.code.as_str() {
        "" => error.text(),
        _ => error.to_string(),
    }
}

/// `$name` tokens in the source (a superset of the variables it reads is fine).
fn mentioned_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find('$') {
        rest = rest.get(at + 1..).unwrap_or_default();
        let length = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = rest.get(..length).unwrap_or_default();
        if !name.is_empty() && name != "states" && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests;

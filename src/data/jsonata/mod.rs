//! JSONata, the 2024 query language of Step Functions, behind one adapter (the `jsonata-core`
//! crate, JSONata 2.0 semantics) so the library can be replaced without touching the engine.
//!
//! AWS's changes to JSONata, applied here: `$eval` is unavailable; `$partition`, `$range`,
//! `$hash`, `$random` (with an optional seed), `$uuid` and `$parse` are added; and, for a
//! deterministic playground, `$now()`/`$millis()` read the execution's virtual clock and
//! randomness comes from the execution's seeded generator.

mod functions;
pub mod template;

use std::cell::RefCell;
use std::rc::Rc;

use json_value::Value;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorOptions};
use jsonata_core::value::JValue;

use super::variables::Variables;
use crate::engine::rng::Rng;

/// A parsed JSONata expression (the text between `{%` and `%}`).
#[derive(Debug, Clone)]
pub struct Expression {
    source: String,
    ast: jsonata_core::ast::AstNode,
    /// The `$name`s the expression mentions, so only those variables are bound.
    names: Vec<String>,
}

impl PartialEq for Expression {
    fn eq(&self, other: &Expression) -> bool {
        self.source == other.source
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
    /// `$random()`, `$uuid()`.
    pub rng: &'a mut Rng,
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
    /// Parses JSONata source; the error is the parser's message.
    pub fn parse(source: &str) -> Result<Expression, String> {
        let ast = jsonata_core::parser::parse(source).map_err(|e| e.to_string())?;
        Ok(Expression { source: source.to_owned(), ast, names: mentioned_names(source) })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates; `Ok(None)` when the result is undefined.
    pub fn eval(&self, bindings: &mut Bindings) -> Result<Option<Value>, EvalError> {
        let mut context = Context::new();
        context.bind("states".into(), JValue::from(bindings.states.to_serde()));
        for name in &self.names {
            if let Some(value) = bindings.variables.get(name) {
                context.bind(name.clone(), JValue::from(value.to_serde()));
            }
        }
        let rng = Rc::new(RefCell::new(bindings.rng.clone()));
        let mut evaluator = Evaluator::with_options(context, limits());
        functions::register(&mut evaluator, bindings.now_millis, rng.clone());
        let result = evaluator.evaluate(&self.ast, &JValue::Undefined);
        *bindings.rng = rng.borrow().clone();
        let value = result.map_err(|e| EvalError::Failed(reference_message(e.message())))?;
        to_json(&value)
    }
}

/// Guards on one evaluation. The stack depth keeps deep recursion a clean D1011 error in the
/// browser (whose call stack overflows near 400 JSONata levels); the sequence length stops
/// `[1..10000000]`-sized results (D2015). Natively a 10 s wall-clock guard also stops endless
/// tail calls; in wasm32 the library's clock panics, so there a runaway expression is stopped
/// only by terminating the Worker that runs it.
fn limits() -> EvaluatorOptions {
    EvaluatorOptions {
        max_stack_depth: Some(1000),
        max_sequence_length: Some(1_000_000),
        #[cfg(not(target_arch = "wasm32"))]
        timeout_ms: Some(10_000),
        ..EvaluatorOptions::default()
    }
}

/// jsonata-js's wording for an error, where the library words it differently: AWS prints
/// "T1006: Attempted to invoke a non-function" (recorded), the library adds ": <token>".
fn reference_message(message: &str) -> String {
    const NON_FUNCTION: &str = "T1006: Attempted to invoke a non-function";
    if message.starts_with(NON_FUNCTION) {
        return NON_FUNCTION.to_owned();
    }
    message.to_owned()
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

/// JSONata's value as JSON: whole numbers stay integers, undefined is `None`, and an undefined
/// member of an object or array is left out (as JSONata's `$string` does).
pub fn to_json(value: &JValue) -> Result<Option<Value>, EvalError> {
    Ok(match value {
        JValue::Undefined => None,
        JValue::Null => Some(Value::Null),
        JValue::Bool(b) => Some(Value::Bool(*b)),
        JValue::Number(n) => Some(number(*n)),
        JValue::String(s) => Some(Value::from(s.to_string())),
        JValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.extend(to_json(item)?);
            }
            Some(Value::from(out))
        }
        JValue::Object(map) => {
            let mut out = json_value::Map::with_capacity(map.len());
            for (key, item) in map.iter() {
                if let Some(v) = to_json(item)? {
                    out.insert(key.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        _ => return Err(EvalError::Unsupported),
    })
}

/// A JSON number: an integer when the value is whole and fits, as JSON.stringify prints it.
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Value::from(n as i64)
    } else {
        json_value::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn run(source: &str, states: Value) -> Result<Option<Value>, EvalError> {
        let mut variables = Variables::default();
        variables.assign("x".into(), json!({"y": [1, 2]}));
        let mut rng = Rng::new(7);
        let expression = Expression::parse(source).map_err(EvalError::Failed)?;
        expression.eval(&mut Bindings { states: &states, variables: &variables, now_millis: 0, rng: &mut rng })
    }

    #[test]
    fn reads_states_and_variables() {
        let states = json!({"input": {"items": [{"price": 2, "qty": 3}, {"price": 1.5, "qty": 2}]}});
        assert_eq!(run("$sum($states.input.items.(price * qty))", states.clone()), Ok(Some(json!(9))));
        assert_eq!(run("$x.y[1]", states.clone()), Ok(Some(json!(2))));
        assert_eq!(run("{'n': $count($x.y), 'half': 0.5}", states.clone()), Ok(Some(json!({"n": 2, "half": 0.5}))));
        assert_eq!(run("$nothing", states), Ok(None));
    }

    #[test]
    fn errors_carry_jsonatas_codes() {
        assert!(
            matches!(run("$nope(1)", json!({})), Err(EvalError::Failed(m)) if m.starts_with("T1006: Attempted to invoke a non-function"))
        );
        assert_eq!(run("function($a){$a}", json!({})), Err(EvalError::Unsupported));
        assert!(Expression::parse("1 +").is_err());
    }

    #[test]
    fn runaway_expressions_stop_with_an_error() {
        let deep = run("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))", json!({}));
        assert!(matches!(&deep, Err(EvalError::Failed(m)) if m.starts_with("D1011")), "{deep:?}");
        let long = run("$count([1..10000000])", json!({}));
        assert!(matches!(&long, Err(EvalError::Failed(m)) if m.starts_with("D2015")), "{long:?}");
    }

    #[test]
    fn whole_numbers_stay_integers() {
        assert_eq!(number(7.0), json!(7));
        assert_eq!(number(-0.0), json!(0));
        assert_eq!(number(2.5), json!(2.5));
        assert_eq!(number(1e300), json!(1e300));
    }

    #[test]
    fn names_are_found_in_the_source() {
        assert_eq!(mentioned_names("$a + $states.input.b + $sum($c) + $a"), ["a", "sum", "c"]);
    }
}

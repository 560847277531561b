//! A faithful Rust port of JSONata 2.0.6 (jsonata-js), over the shared documents of the `json-value` crate.
//!
//! ```
//! use jsonata::{Environment, Expression, Options};
//! let expr = Expression::parse("$sum(items.price)").unwrap();
//! let data = json_value::from_str(r#"{"items": [{"price": 1}, {"price": 2.5}]}"#).unwrap();
//! let mut env = Environment::new(Options::default());
//! let result = expr.evaluate(Some(&data), &mut env).unwrap();
//! assert_eq!(result.map(|v| v.to_string()), Some("3.5".to_owned()));
//! ```

#![deny(missing_docs)]

pub mod datetime;
pub mod error;
pub mod evaluator;
pub mod functions;
pub mod jsstr;
pub mod number;
pub mod parser;
pub mod regex;
pub mod signature;
pub mod value;

pub use error::{Error, ErrorData};
pub use regex::{install_regex_engine, CompiledRegex, RegexEngine, RegexMatch};
pub use value::Value;

use evaluator::frame::Frame;
use evaluator::Evaluator;
use parser::ast::Node;
use std::rc::Rc;
use std::sync::Arc;
use value::{flags, Function, FunctionKind, HostFn};

/// Resource limits of an evaluation (all deterministic).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Maximum nesting of `evaluate` calls (U1001 "Stack overflow ...").
    pub max_depth: usize,
    /// Step budget of one evaluation (U1001 "... timeout ..."): every `evaluate` call,
    /// plus the work charged for values allocated and data processed by built-ins.
    pub max_steps: u64,
    /// Maximum length of a sequence or array built (U1003; ranges above 1e7 give D2014).
    pub max_sequence_length: usize,
    /// Maximum nesting of values that are traversed or produced (U1002).
    pub max_value_depth: usize,
    /// Maximum length in bytes of a string built (U1004).
    pub max_string_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_depth: 250,
            max_steps: 50_000_000,
            max_sequence_length: 10_000_000,
            max_value_depth: 500,
            max_string_length: 64 * 1024 * 1024,
        }
    }
}

/// A parsed and processed JSONata expression.
#[derive(Debug, Clone)]
pub struct Expression {
    source: String,
    ast: Arc<Node>,
}

/// The host's side of an evaluation: variable bindings, functions, clock and randomness.
pub struct Environment<'a> {
    options: Options,
    bindings: Vec<(Rc<str>, Value<'a>)>,
    now_millis: i64,
    random: Option<&'a mut dyn FnMut() -> f64>,
    steps_used: u64,
}

impl<'a> Environment<'a> {
    /// An environment with the given limits, no bindings, clock at 0 and no random source.
    pub fn new(options: Options) -> Self {
        Environment { options, bindings: Vec::new(), now_millis: 0, random: None, steps_used: 0 }
    }

    /// The steps the last evaluation in this environment took (of `max_steps`).
    pub fn steps_used(&self) -> u64 {
        self.steps_used
    }

    /// The limits.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Binds `$name` to a borrowed JSON document (no copy).
    pub fn bind(&mut self, name: &str, value: &'a json_value::Value) {
        self.bind_value(name, Value::from_json(value));
    }

    /// Binds `$name` to an internal value.
    pub fn bind_value(&mut self, name: &str, value: Value<'a>) {
        self.bindings.retain(|(n, _)| &**n != name);
        self.bindings.push((Rc::from(name), value));
    }

    /// Sets the clock value `$now()` and `$millis()` return (milliseconds since the epoch).
    pub fn set_now_millis(&mut self, millis: i64) {
        self.now_millis = millis;
    }

    /// Sets the source of `$random()` and `$shuffle()`: numbers in [0, 1).
    pub fn set_random(&mut self, source: &'a mut dyn FnMut() -> f64) {
        self.random = Some(source);
    }

    /// Registers (or overrides) a function `$name`; its signature is validated as jsonata does.
    pub fn register_function(
        &mut self,
        name: &str,
        signature: Option<&str>,
        f: impl Fn(&[Value<'a>]) -> Result<Value<'a>, Error> + 'a,
    ) -> Result<(), Error> {
        let signature = match signature {
            Some(s) => Some(Arc::new(signature::Signature::parse(s).map_err(|(e, _)| e)?)),
            None => None,
        };
        let arity = signature.as_ref().map(|s| s.param_count()).unwrap_or(1);
        let host = HostFn { name: name.to_string(), signature, arity, f: Box::new(f) };
        self.bind_value(name, Function::value(FunctionKind::Host(Rc::new(host))));
        Ok(())
    }
}

impl Expression {
    /// Parses an expression (errors carry jsonata's S0xxx codes).
    pub fn parse(source: &str) -> Result<Expression, Error> {
        let ast = parser::parse(source)?;
        Ok(Expression { source: source.to_string(), ast: Arc::new(ast) })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates against a borrowed input (`None` = undefined); `Ok(None)` = undefined result.
    /// Parts of the input and of the bound documents that the result holds unchanged are
    /// shared with it, not copied.
    pub fn evaluate<'a>(
        &self,
        input: Option<&'a json_value::Value>,
        env: &mut Environment<'a>,
    ) -> Result<Option<json_value::Value>, Error> {
        let options = env.options;
        let random: Option<&mut dyn FnMut() -> f64> = match env.random.as_mut() {
            Some(r) => Some(&mut **r),
            None => None,
        };
        let mut ev = Evaluator::new(options, env.now_millis, random);
        let root = Frame::new(None);
        for (name, v) in &env.bindings {
            root.bind_shared(name, v.clone());
        }
        let exec = Frame::new(Some(&root));
        let mut input = input.map(Value::from_json).unwrap_or_default();
        exec.bind("$", input.clone());
        if input.is_array() && !input.is_sequence() {
            input = Value::array(vec![input], flags::SEQUENCE | flags::OUTER_WRAPPER);
        }
        let result = ev.evaluate(&self.ast, &input, &exec);
        let out = result.and_then(|v| value::to_json(&v));
        let steps = ev.steps();
        ev.finish();
        env.steps_used = steps;
        exec.clear();
        root.clear();
        out
    }
}

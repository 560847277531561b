//! The evaluator (jsonata.js `evaluate` and friends), with deterministic
//! depth and step budgets.

pub mod apply;
pub mod call;
pub mod equality;
pub mod filter;
pub mod frame;
pub mod group;
pub mod operators;
pub mod partial;
pub mod path;
pub mod regex;
pub mod sort;
pub mod transform;
pub mod tuple;
pub mod wildcard;

use crate::error::{Error, STACK_OVERFLOW, TIMEOUT};
use crate::functions::{self, Builtin};
use crate::parser::ast::{Kind, Node, Stage};
use crate::value::{flags, Function, FunctionKind, Str, Value};
use crate::Options;
use frame::Frame;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Result of evaluating to a value.
pub type R<'a> = Result<Value<'a>, Error>;

/// The state of one evaluation.
pub struct Evaluator<'a, 'e> {
    /// Limits.
    pub options: Options,
    depth: usize,
    steps: u64,
    /// The timestamp fixed for this evaluation (`$now()`, `$millis()`).
    pub now_millis: i64,
    random: Option<&'e mut dyn FnMut() -> f64>,
    prng: u64,
    builtins: BTreeMap<&'static str, Value<'a>>,
    /// Frames in which `:=` bound a value (weakly held); cleared at the end to break
    /// closure reference cycles. Dead entries are pruned as the list grows.
    bind_frames: Vec<std::rc::Weak<frame::FrameData<'a>>>,
    prune_at: usize,
    /// The string literals made into values in this evaluation, by the literal's address in the
    /// expression: one met again (an object constructor's keys, once per item) shares its string
    /// instead of allocating another. Checked by content too, so an address reused by another
    /// node cannot give a wrong string.
    literals: Vec<(usize, Rc<str>)>,
}

/// How many distinct string literals an evaluation shares (the rest are made each time).
const SHARED_LITERALS: usize = 32;

impl<'a, 'e> Evaluator<'a, 'e> {
    /// A new evaluation context.
    pub fn new(options: Options, now_millis: i64, random: Option<&'e mut dyn FnMut() -> f64>) -> Self {
        Evaluator {
            options,
            depth: 0,
            steps: 0,
            now_millis,
            random,
            prng: 0x2545_F491_4F6C_DD1D,
            builtins: BTreeMap::new(),
            bind_frames: Vec::new(),
            prune_at: 1024,
            literals: Vec::new(),
        }
    }

    /// A random number in [0, 1) from the host source (or a fixed-seed generator).
    pub fn random(&mut self) -> f64 {
        if let Some(r) = self.random.as_mut() {
            let v = r();
            return if (0.0..1.0).contains(&v) { v } else { 0.0 };
        }
        // xorshift64*: deterministic fallback when the host gave no source
        self.prng ^= self.prng >> 12;
        self.prng ^= self.prng << 25;
        self.prng ^= self.prng >> 27;
        let x = self.prng.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The steps this evaluation took so far (charged work included).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Clears frames bound by `:=` (reference cycles through closures).
    pub fn finish(&mut self) {
        for f in std::mem::take(&mut self.bind_frames) {
            if let Some(data) = f.upgrade() {
                Frame(data).clear();
            }
        }
        self.builtins.clear();
    }

    /// Registers a frame that may be part of a reference cycle (amortised pruning).
    fn remember_frame(&mut self, env: &Frame<'a>) {
        self.bind_frames.push(std::rc::Rc::downgrade(&env.0));
        if self.bind_frames.len() >= self.prune_at {
            self.bind_frames.retain(|w| w.strong_count() > 0);
            self.prune_at = (self.bind_frames.len() * 2).max(1024);
        }
    }

    /// `environment.lookup(name)` falling back to the built-in functions.
    pub fn lookup(&mut self, env: &Frame<'a>, name: &str) -> Value<'a> {
        if let Some(v) = env.lookup(name) {
            return v;
        }
        self.builtin(name).unwrap_or_default()
    }

    fn builtin(&mut self, name: &str) -> Option<Value<'a>> {
        if let Some(v) = self.builtins.get(name) {
            return Some(v.clone());
        }
        let b: &'static Builtin = functions::lookup_builtin(name)?;
        let v = Function::value(FunctionKind::Builtin(b));
        self.builtins.insert(b.name, v.clone());
        Some(v)
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        self.steps += 1;
        if self.depth > self.options.max_depth {
            return Err(Error::new("U1001").message(STACK_OVERFLOW));
        }
        if self.steps > self.options.max_steps {
            return Err(Error::new("U1001").message(TIMEOUT));
        }
        Ok(())
    }

    /// Charges `units` of work to the step budget (U1001 timeout when exhausted): one
    /// step per value allocated into a sequence, array or tuple stream, and about one
    /// per 16 values or 64 bytes that built-ins and operators scan or build, so the
    /// budget also bounds work (and memory) that involves no `evaluate` call.
    pub fn charge(&mut self, units: u64) -> Result<(), Error> {
        self.steps = self.steps.saturating_add(units);
        if self.steps > self.options.max_steps {
            return Err(Error::new("U1001").message(TIMEOUT));
        }
        Ok(())
    }

    /// Fails if a sequence would exceed the configured length.
    pub fn check_len(&self, n: usize) -> Result<(), Error> {
        if n > self.options.max_sequence_length {
            return Err(Error::new("U1003").value_json(Some(self.options.max_sequence_length.to_string())));
        }
        Ok(())
    }

    /// Fails if a string would exceed the configured length (bytes).
    pub fn check_str(&self, n: usize) -> Result<(), Error> {
        if n > self.options.max_string_length {
            return Err(Error::new("U1004").value_json(Some(self.options.max_string_length.to_string())));
        }
        Ok(())
    }

    /// `evaluate(expr, input, environment)`.
    pub fn evaluate(&mut self, expr: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        self.enter()?;
        let mut result = self.dispatch(expr, input, env)?;
        if let Some(pred) = &expr.predicate {
            for stage in pred {
                if let Stage::Filter(p) = stage {
                    result = self.evaluate_filter(p, result, env)?;
                }
            }
        }
        if !matches!(expr.kind, Kind::Path(_)) {
            if let Some(group) = &expr.group {
                result = self.evaluate_group(group, result, env)?;
            }
        }
        self.depth -= 1;
        Ok(unwrap_sequence(result, expr.keep_array))
    }

    #[inline(never)]
    fn dispatch(&mut self, expr: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        Ok(match &expr.kind {
            Kind::Path(steps) => self.evaluate_path(expr, steps, input, env)?,
            Kind::Binary(op, lhs, rhs) => self.evaluate_binary(expr, op, lhs, rhs, input, env)?,
            Kind::Negate(e) => self.evaluate_negate(expr, e, input, env)?,
            Kind::Array(items) => self.evaluate_array(expr, items, input, env)?,
            Kind::Object(g) => self.evaluate_group(g, input.clone(), env)?,
            Kind::Name(name) => {
                let v = self.lookup_value(input, name, 0)?;
                if input.is_array() {
                    self.charge(v.len() as u64)?;
                }
                v
            }
            Kind::String(s) => self.literal(s),
            Kind::Number(n) => Value::Number(*n),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Null => Value::Null,
            Kind::Wildcard => self.evaluate_wildcard(input)?,
            Kind::Descendant => self.evaluate_descendants(input)?,
            Kind::Parent(slot) => env.lookup(&slot.label).unwrap_or_default(),
            Kind::Condition(c, t, e) => self.evaluate_condition(c, t, e.as_deref(), input, env)?,
            Kind::Block(items) => self.evaluate_block(items, input, env)?,
            Kind::Bind(name, rhs) => {
                let value = self.evaluate(rhs, input, env)?;
                env.bind(name, value.clone());
                if matches!(value, Value::Function(_) | Value::Array(_) | Value::Object(_)) {
                    self.remember_frame(env);
                }
                value
            }
            Kind::Regex(p, f) => self.evaluate_regex(expr, p, f)?,
            Kind::Function(proc, args) => self.evaluate_function(expr, proc, args, input, env, None)?,
            Kind::Variable(name) => self.evaluate_variable(name, input, env),
            Kind::Lambda(def) => self.evaluate_lambda(def, input, env),
            Kind::Partial(proc, args) => self.evaluate_partial(expr, proc, args, input, env)?,
            Kind::Apply(lhs, rhs) => self.evaluate_apply(expr, lhs, rhs, input, env)?,
            Kind::Transform(parts) => Function::value(FunctionKind::Transform(parts.clone(), env.clone())),
            Kind::Sort(_) | Kind::Placeholder => Value::Undefined,
        })
    }

    /// The value of a string literal, shared with its earlier evaluations in this one.
    fn literal(&mut self, text: &str) -> Value<'a> {
        let address = text.as_ptr() as usize;
        let known = self.literals.iter().find(|(at, shared)| *at == address && **shared == *text);
        if let Some((_, shared)) = known {
            return Value::String(Str::Owned(shared.clone()));
        }
        let shared: Rc<str> = Rc::from(text);
        if self.literals.len() < SHARED_LITERALS {
            self.literals.push((address, shared.clone()));
        }
        Value::String(Str::Owned(shared))
    }

    #[inline(never)]
    fn evaluate_variable(&mut self, name: &str, input: &Value<'a>, env: &Frame<'a>) -> Value<'a> {
        if name.is_empty() {
            if input.has_flag(flags::OUTER_WRAPPER) {
                return input.at(0);
            }
            return input.clone();
        }
        self.lookup(env, name)
    }

    #[inline(never)]
    fn evaluate_condition(
        &mut self,
        c: &Node,
        t: &Node,
        e: Option<&Node>,
        input: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        let condition = self.evaluate(c, input, env)?;
        if functions::boolean(&condition)? == Some(true) {
            self.evaluate(t, input, env)
        } else if let Some(e) = e {
            self.evaluate(e, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    #[inline(never)]
    fn evaluate_block(&mut self, items: &[Node], input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let frame = Frame::new(Some(env));
        let mut result = Value::Undefined;
        for item in items {
            result = self.evaluate(item, input, &frame)?;
        }
        Ok(result)
    }

    /// `fn.lookup(input, key)`.
    pub fn lookup_value(&self, input: &Value<'a>, key: &str, depth: usize) -> R<'a> {
        if depth > self.options.max_value_depth {
            return Err(crate::value::too_deep(self.options.max_value_depth));
        }
        if input.is_array() {
            let mut out = Vec::new();
            for item in input.members() {
                let res = self.lookup_value(&item, key, depth + 1)?;
                if res.is_array() {
                    out.extend(res.members());
                } else if !res.is_undefined() {
                    out.push(res);
                }
            }
            self.check_len(out.len())?;
            return Ok(Value::sequence(out));
        }
        Ok(input.get(key))
    }
}

/// The singleton-unwrapping rule at the end of `evaluate`.
fn unwrap_sequence(result: Value<'_>, keep_array: bool) -> Value<'_> {
    if let Value::Array(a) = &result {
        if a.has(flags::SEQUENCE) && !a.has(flags::TUPLE_STREAM) {
            if keep_array {
                a.set(flags::KEEP_SINGLETON);
            }
            if a.items.is_empty() {
                return Value::Undefined;
            }
            if a.items.len() == 1 && !a.has(flags::KEEP_SINGLETON) {
                return a.items[0].clone();
            }
        }
    }
    result
}

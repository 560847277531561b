//! Function values: lambdas (closures), built-ins, host functions, regex
//! matchers and transform closures (jsonata-js models all of these as functions).

use super::{Str, Value};
use crate::error::Error;
use crate::evaluator::frame::Frame;
use crate::functions::Builtin;
use crate::parser::ast::{Node, TransformParts};
use crate::regex::CompiledRegex;
use crate::signature::Signature;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

/// A function value, with the `token`/`position` fields jsonata-js writes onto
/// function objects when they are invoked (used in error reports).
pub struct Function<'a> {
    /// What kind of function this is.
    pub kind: FunctionKind<'a>,
    /// Position of the most recent invocation (jsonata-js `proc.position`).
    pub position: Cell<Option<usize>>,
    /// Name of the most recent invocation (jsonata-js `proc.token`).
    pub token: RefCell<Option<String>>,
}

/// The kinds of functions.
pub enum FunctionKind<'a> {
    /// A lambda closure (`_jsonata_lambda`).
    Lambda(Lambda<'a>),
    /// A built-in function of functions.js / datetime.js.
    Builtin(&'static Builtin),
    /// A function registered by the host.
    Host(Rc<HostFn<'a>>),
    /// A compiled regex literal (the closure `evaluateRegex` returns).
    Regex(Rc<RegexValue>),
    /// The `next` function of a regex match.
    RegexNext(Rc<RegexValue>, Str<'a>, usize),
    /// The function a transform expression `|..|..|` evaluates to.
    Transform(Arc<TransformParts>, Frame<'a>),
}

/// A lambda closure.
pub struct Lambda<'a> {
    /// The context value captured when the lambda was evaluated.
    pub input: Value<'a>,
    /// The environment captured when the lambda was evaluated.
    pub environment: Frame<'a>,
    /// Parameter names (without `$`).
    pub arguments: Vec<Rc<str>>,
    /// The signature, if one was declared.
    pub signature: Option<Arc<Signature>>,
    /// The body.
    pub body: LambdaBody<'a>,
    /// Whether this is a tail-call thunk.
    pub thunk: bool,
}

/// The body of a lambda.
pub enum LambdaBody<'a> {
    /// An expression.
    Expr(Arc<Node>),
    /// A native function partially applied (`partialApplyNativeFunction`): the
    /// function and the names of all its parameters.
    Native(Rc<Function<'a>>, Vec<Rc<str>>),
}

/// The implementation of a host function.
pub type HostImpl<'a> = Box<dyn Fn(&[Value<'a>]) -> Result<Value<'a>, Error> + 'a>;

/// A host-provided function.
pub struct HostFn<'a> {
    /// The registered name.
    pub name: String,
    /// The parsed signature, if one was given.
    pub signature: Option<Arc<Signature>>,
    /// The arity reported to higher-order functions.
    pub arity: usize,
    /// The implementation.
    pub f: HostImpl<'a>,
}

/// A regex literal compiled for one evaluation.
pub struct RegexValue {
    /// The compiled regex.
    pub compiled: Box<dyn CompiledRegex>,
    /// The pattern source (for D1004).
    pub source: String,
    /// Position of the literal.
    pub position: usize,
}

impl<'a> Function<'a> {
    /// Wraps a kind into a function value.
    pub fn value(kind: FunctionKind<'a>) -> Value<'a> {
        Value::Function(Rc::new(Function { kind, position: Cell::new(None), token: RefCell::new(None) }))
    }

    /// `getFunctionArity` of utils.js.
    pub fn arity(&self) -> usize {
        match &self.kind {
            FunctionKind::Lambda(l) => l.arguments.len(),
            FunctionKind::Builtin(b) => b.arity,
            FunctionKind::Host(h) => h.arity,
            FunctionKind::Regex(_) => 2,
            FunctionKind::RegexNext(..) => 0,
            FunctionKind::Transform(..) => 1,
        }
    }

    /// Whether this is a lambda (`isLambda`).
    pub fn is_lambda(&self) -> bool {
        matches!(self.kind, FunctionKind::Lambda(_))
    }
}

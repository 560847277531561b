//! Function application: `apply` (with the tail-call trampoline), `applyInner`
//! and `applyProcedure`.

use super::frame::Frame;
use super::{Evaluator, R};
use crate::error::Error;
use crate::functions::Call;
use crate::parser::ast::Kind;
use crate::value::{Function, FunctionKind, Lambda, LambdaBody, Value};
use std::rc::Rc;
use std::sync::OnceLock;

impl<'a> Evaluator<'a, '_> {
    /// `apply(proc, args, input, environment)` with the tail-call trampoline.
    #[inline(never)]
    pub fn apply(&mut self, proc: &Value<'a>, args: Vec<Value<'a>>, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let mut result = self.apply_inner(proc, args, input, env)?;
        while let Some(f) = as_thunk(&result) {
            let FunctionKind::Lambda(thunk) = &f.kind else {
                break;
            };
            let LambdaBody::Expr(body) = &thunk.body else {
                break;
            };
            let Kind::Function(proc_node, arg_nodes) = &body.kind else {
                break;
            };
            let next = self.evaluate(proc_node, &thunk.input, &thunk.environment)?;
            if let Value::Function(nf) = &next {
                if let Kind::Variable(v) = &proc_node.kind {
                    *nf.token.borrow_mut() = Some(v.clone());
                }
                nf.position.set(Some(proc_node.position));
            }
            let mut evaluated = Vec::with_capacity(arg_nodes.len());
            for a in arg_nodes {
                evaluated.push(self.evaluate(a, &thunk.input, &thunk.environment)?);
            }
            result = self.apply_inner(&next, evaluated, input, env)?;
        }
        Ok(result)
    }

    /// `applyInner(proc, args, input, environment)`.
    #[inline(never)]
    pub fn apply_inner(&mut self, proc: &Value<'a>, args: Vec<Value<'a>>, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let Value::Function(f) = proc else {
            return Err(Error::new("T1006"));
        };
        let res = self.apply_function(f, args, input, env);
        res.map_err(|mut e| {
            if e.token.is_none() {
                e.token = f.token.borrow().clone();
            }
            if let Some(p) = f.position.get().filter(|p| *p != 0) {
                e.position = Some(p);
            }
            e
        })
    }

    #[inline(never)]
    fn apply_function(
        &mut self,
        f: &Rc<Function<'a>>,
        args: Vec<Value<'a>>,
        input: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        match &f.kind {
            FunctionKind::Lambda(l) => {
                let args = match &l.signature {
                    Some(sig) => sig.validate(&args, input)?,
                    None => args,
                };
                self.apply_procedure(l, args)
            }
            FunctionKind::Builtin(b) => {
                self.charge(size_units(&args))?;
                let args = b.signature().validate(&args, input)?;
                let result = (b.imp)(self, &args, &Call { input: input.clone(), env: env.clone() })?;
                self.charge(allocation_units(&result))?;
                Ok(result)
            }
            FunctionKind::Host(h) => {
                self.charge(size_units(&args))?;
                let args = match &h.signature {
                    Some(sig) => sig.validate(&args, input)?,
                    None => args,
                };
                let result = (h.f)(&args)?;
                self.charge(allocation_units(&result))?;
                Ok(result)
            }
            _ => self.call_native(f, &args, input, env),
        }
    }

    /// Invokes regex, regex-next and transform closures (no signature validation).
    #[inline(never)]
    pub fn call_native(
        &mut self,
        f: &Rc<Function<'a>>,
        args: &[Value<'a>],
        input: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        match &f.kind {
            FunctionKind::Regex(re) => self.regex_closure(re, &arg(0), &arg(1)),
            FunctionKind::RegexNext(re, text, from) => self.regex_next(re, text, *from),
            FunctionKind::Transform(parts, tenv) => {
                let args = transform_signature().validate(args, input)?;
                self.transform(parts, args.first().cloned().unwrap_or_default(), tenv)
            }
            FunctionKind::Builtin(b) => (b.imp)(self, args, &Call { input: input.clone(), env: env.clone() }),
            FunctionKind::Host(h) => (h.f)(args),
            FunctionKind::Lambda(_) => self.apply(&Value::Function(f.clone()), args.to_vec(), input, env),
        }
    }

    /// `applyProcedure(proc, args)`.
    #[inline(never)]
    fn apply_procedure(&mut self, proc: &Lambda<'a>, args: Vec<Value<'a>>) -> R<'a> {
        let env = Frame::new(Some(&proc.environment));
        let mut args = args.into_iter();
        for param in &proc.arguments {
            env.bind(param, args.next().unwrap_or_default());
        }
        match &proc.body {
            LambdaBody::Expr(body) => {
                let body = body.clone();
                self.evaluate(&body, &proc.input, &env)
            }
            LambdaBody::Native(f, names) => {
                let native_args: Vec<Value<'a>> = names.iter().map(|n| env.lookup(n).unwrap_or_default()).collect();
                self.call_native(f, &native_args, &Value::Undefined, &env)
            }
        }
    }
}

/// The work a built-in may do on its arguments: 1 unit per 16 members or 64 bytes.
pub(crate) fn size_units(args: &[Value<'_>]) -> u64 {
    let one = |v: &Value<'_>| match v {
        Value::String(s) => s.len() as u64 / 64,
        v if v.is_array() => v.len() as u64 / 16,
        v if v.is_object() => v.object_len() as u64 / 16,
        _ => 0,
    };
    args.iter().map(one).sum()
}

/// What a built-in's result allocated: 1 unit per member of a new array or object, 1 per
/// 64 bytes of string (borrowed input values cost nothing).
pub(crate) fn allocation_units(v: &Value<'_>) -> u64 {
    match v {
        Value::Array(a) => a.items.len() as u64,
        Value::Object(o) => o.map.borrow().len() as u64,
        Value::String(crate::value::Str::Owned(s)) => s.len() as u64 / 64,
        _ => 0,
    }
}

/// The tail-call thunk a lambda body returned, if any.
fn as_thunk<'a>(v: &Value<'a>) -> Option<Rc<Function<'a>>> {
    let Value::Function(f) = v else { return None };
    match &f.kind {
        FunctionKind::Lambda(l) if l.thunk => Some(f.clone()),
        _ => None,
    }
}

fn transform_signature() -> &'static crate::signature::Signature {
    static SIG: OnceLock<crate::signature::Signature> = OnceLock::new();
    SIG.get_or_init(|| crate::signature::Signature::parse("<(oa):o>").unwrap_or_else(|_| unreachable_sig()))
}

fn unreachable_sig() -> crate::signature::Signature {
    crate::signature::Signature::parse("<x>").unwrap_or_else(|_| unreachable_sig())
}

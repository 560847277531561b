//! Partial application (`evaluatePartialApplication`, `partialApplyProcedure`,
//! `partialApplyNativeFunction`) and lambda creation (`evaluateLambda`).

use super::call::proc_name;
use super::frame::Frame;
use super::{Evaluator, R};
use crate::error::Error;
use crate::parser::ast::{Kind, LambdaDef, Node};
use crate::value::{Function, FunctionKind, Lambda, LambdaBody, Value};
use std::rc::Rc;
use std::sync::Arc;

impl<'a> Evaluator<'a, '_> {
    /// `evaluateLambda(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_lambda(&mut self, def: &Arc<LambdaDef>, input: &Value<'a>, env: &Frame<'a>) -> Value<'a> {
        Function::value(FunctionKind::Lambda(Lambda {
            input: input.clone(),
            environment: env.clone(),
            arguments: def.arguments.iter().map(|a| Rc::from(a.as_str())).collect(),
            signature: def.signature.clone(),
            body: LambdaBody::Expr(def.body.clone()),
            thunk: def.thunk,
        }))
    }

    /// `evaluatePartialApplication(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_partial(
        &mut self,
        expr: &Node,
        proc_node: &Node,
        arg_nodes: &[Node],
        input: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        let mut args: Vec<Option<Value<'a>>> = Vec::new();
        for a in arg_nodes {
            args.push(match a.kind {
                Kind::Placeholder => None,
                _ => Some(self.evaluate(a, input, env)?),
            });
        }
        let proc = self.evaluate(proc_node, input, env)?;
        if proc.is_undefined() {
            if let Some(name) = self.forgot_dollar(proc_node, env)? {
                return Err(Error::new("T1007").at(expr.position).token(name));
            }
        }
        match &proc {
            Value::Function(f) => match &f.kind {
                FunctionKind::Lambda(l) => Ok(partial_apply_procedure(l, &l.body, &l.environment, &l.input, &args)),
                _ => partial_apply_native(f, &args),
            },
            _ => {
                let mut e = Error::new("T1008").at(expr.position);
                e.token = proc_name(proc_node);
                Err(e)
            }
        }
    }
}

/// `partialApplyNativeFunction`: a lambda whose body invokes the native function.
fn partial_apply_native<'a>(f: &Rc<Function<'a>>, args: &[Option<Value<'a>>]) -> R<'a> {
    if matches!(&f.kind, FunctionKind::Builtin(b) if b.name == "string") {
        // jsonata-js parses `function($arg, $prettify = false){ _ }` from the
        // source of `string(arg, prettify = false)`, which is a syntax error
        return Err(Error::new("S0208").at(26).token("=").value_json(Some("2".into())));
    }
    let names: Vec<Rc<str>> = (0..native_param_count(f)).map(|i| Rc::from(format!("arg{i}"))).collect();
    let body = LambdaBody::Native(f.clone(), names.clone());
    // the generated lambda has no enclosing environment
    Ok(partial_bind(names, body, Frame::new(None), Value::Undefined, args))
}

/// Parameter count of a native function (`getNativeFunctionArguments`).
fn native_param_count(f: &Function<'_>) -> usize {
    match &f.kind {
        FunctionKind::Builtin(b) => b.params,
        FunctionKind::Host(h) => h.arity,
        FunctionKind::Regex(_) => 2,
        // `function()` yields one empty parameter name
        FunctionKind::RegexNext(..) => 1,
        FunctionKind::Transform(..) => 1,
        FunctionKind::Lambda(l) => l.arguments.len(),
    }
}

/// `partialApplyProcedure(proc, args)`.
fn partial_apply_procedure<'a>(
    proc: &Lambda<'a>,
    body: &LambdaBody<'a>,
    env: &Frame<'a>,
    input: &Value<'a>,
    args: &[Option<Value<'a>>],
) -> Value<'a> {
    let body = match body {
        LambdaBody::Expr(e) => LambdaBody::Expr(e.clone()),
        LambdaBody::Native(f, n) => LambdaBody::Native(f.clone(), n.clone()),
    };
    partial_bind(proc.arguments.clone(), body, Frame::new(Some(env)), input.clone(), args)
}

fn partial_bind<'a>(
    params: Vec<Rc<str>>,
    body: LambdaBody<'a>,
    env: Frame<'a>,
    input: Value<'a>,
    args: &[Option<Value<'a>>],
) -> Value<'a> {
    let mut unbound = Vec::new();
    for (i, param) in params.into_iter().enumerate() {
        match args.get(i) {
            Some(None) => unbound.push(param),
            Some(Some(v)) => env.bind(&param, v.clone()),
            None => env.bind(&param, Value::Undefined),
        }
    }
    Function::value(FunctionKind::Lambda(Lambda {
        input,
        environment: env,
        arguments: unbound,
        signature: None,
        body,
        thunk: false,
    }))
}

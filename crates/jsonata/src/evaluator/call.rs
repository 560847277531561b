//! Function calls: `evaluateFunction` and `evaluateApplyExpression` (`~>`,
//! including function chaining).

use super::frame::Frame;
use super::{Evaluator, R};
use crate::error::Error;
use crate::functions;
use crate::parser::ast::{Kind, Node};
use crate::signature::json_of;
use crate::value::{Function, FunctionKind, Value};
use std::sync::OnceLock;

/// `chainAST`: `function($f, $g) { function($x){ $g($f($x)) } }`.
fn chain_ast() -> Option<&'static Node> {
    static CHAIN: OnceLock<Option<Node>> = OnceLock::new();
    CHAIN.get_or_init(|| crate::parser::parse("function($f, $g) { function($x){ $g($f($x)) } }").ok()).as_ref()
}

/// The name jsonata-js reports for a procedure expression.
pub(crate) fn proc_name(proc: &Node) -> Option<String> {
    match &proc.kind {
        Kind::Path(steps) => steps.first().and_then(Node::value_token),
        _ => proc.value_token(),
    }
}

/// Whether jsonata-js sees the function as an object (`typeof proc === 'object'`).
fn is_object_function(f: &Function<'_>) -> bool {
    !matches!(f.kind, FunctionKind::Regex(_) | FunctionKind::RegexNext(..))
}

/// Adds the call's position and name to an error that lacks them.
fn locate(mut e: Error, position: usize, name: Option<String>) -> Error {
    if e.position.unwrap_or(0) == 0 {
        e.position = Some(position);
    }
    if e.token.is_none() {
        e.token = name;
    }
    e
}

impl<'a> Evaluator<'a, '_> {
    /// Looks up the first step name of a path procedure (the "forgot the `$`" hint).
    pub(crate) fn forgot_dollar(&mut self, proc: &Node, env: &Frame<'a>) -> Result<Option<String>, Error> {
        let Kind::Path(steps) = &proc.kind else {
            return Ok(None);
        };
        let Some(Kind::Name(n)) = steps.first().map(|s| &s.kind) else {
            return Ok(None);
        };
        let v = self.lookup(env, n);
        Ok(functions::js_truthy(&v).then(|| n.clone()))
    }

    /// `evaluateFunction(expr, input, environment, applyto)`.
    #[inline(never)]
    pub fn evaluate_function(
        &mut self,
        expr: &Node,
        proc_node: &Node,
        arg_nodes: &[Node],
        input: &Value<'a>,
        env: &Frame<'a>,
        applyto: Option<Value<'a>>,
    ) -> R<'a> {
        let proc = self.evaluate(proc_node, input, env)?;
        if proc.is_undefined() {
            if let Some(name) = self.forgot_dollar(proc_node, env)? {
                return Err(Error::new("T1005").at(expr.position).token(name));
            }
        }
        let mut args: Vec<Value<'a>> = applyto.into_iter().collect();
        for a in arg_nodes {
            args.push(self.evaluate(a, input, env)?);
        }
        let name = proc_name(proc_node);
        if let Value::Function(f) = &proc {
            if is_object_function(f) {
                // jsonata-js writes the call's name and position onto the function object
                *f.token.borrow_mut() = name.clone();
                f.position.set(Some(expr.position));
            }
        }
        self.apply(&proc, args, input, env).map_err(|e| locate(e, expr.position, name))
    }

    /// `evaluateApplyExpression(expr, input, environment)`: `lhs ~> rhs`.
    #[inline(never)]
    pub fn evaluate_apply(&mut self, expr: &Node, lhs: &Node, rhs: &Node, input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let lhs_v = self.evaluate(lhs, input, env)?;
        if let Kind::Function(proc, args) = &rhs.kind {
            return self.evaluate_function(rhs, proc, args, input, env, Some(lhs_v));
        }
        let func = self.evaluate(rhs, input, env)?;
        if !func.is_function() {
            return Err(Error::new("T2006").at(expr.position).value_json(json_of(&func)));
        }
        if lhs_v.is_function() {
            let chain_node = chain_ast().ok_or_else(|| Error::new("S0500"))?;
            let chain = self.evaluate(chain_node, &Value::Null, env)?;
            return self.apply(&chain, vec![lhs_v, func], &Value::Null, env);
        }
        self.apply(&func, vec![lhs_v], &Value::Null, env)
    }
}

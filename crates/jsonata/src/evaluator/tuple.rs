//! Tuple streams: `evaluateTupleStep` and `createFrameFromTuple`. A tuple is an
//! object holding the context (`@`) and the focus, index and parent bindings.

use super::frame::Frame;
use super::{Evaluator, R};
use crate::parser::ast::{Kind, Node};
use crate::value::{flags, ObjMap, Value};

/// `createFrameFromTuple(environment, tuple)`.
pub fn frame_from_tuple<'a>(env: &Frame<'a>, tuple: &Value<'a>) -> Frame<'a> {
    let frame = Frame::new(Some(env));
    for (k, v) in tuple.entries() {
        frame.bind(&k, v);
    }
    frame
}

fn copy_tuple<'a>(t: &Value<'a>) -> ObjMap<'a> {
    let mut m = ObjMap::new();
    for (k, v) in t.entries() {
        m.insert(&k, v);
    }
    m
}

fn context_tuple(item: Value<'_>) -> Value<'_> {
    let mut m = ObjMap::new();
    m.insert("@", item);
    Value::object(m)
}

fn stream(items: Vec<Value<'_>>) -> Value<'_> {
    Value::array(items, flags::SEQUENCE | flags::TUPLE_STREAM)
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluateTupleStep(expr, input, tupleBindings, environment)`.
    #[inline(never)]
    pub(crate) fn evaluate_tuple_step(
        &mut self,
        expr: &Node,
        input: &Value<'a>,
        tuples: Option<Value<'a>>,
        env: &Frame<'a>,
    ) -> R<'a> {
        if let Kind::Sort(_) = expr.kind {
            return self.tuple_sort_step(expr, input, tuples, env);
        }
        let bindings: Vec<Value<'a>> = match tuples {
            Some(t) => t.members(),
            None => input.members().into_iter().map(context_tuple).collect(),
        };
        let mut result = Vec::new();
        for tb in &bindings {
            let step_env = frame_from_tuple(env, tb);
            let res = self.evaluate(expr, &tb.get("@"), &step_env)?;
            if !res.is_undefined() {
                self.extend_tuples(expr, tb, res, &mut result)?;
            }
        }
        self.charge(result.len() as u64)?;
        self.evaluate_stages(expr.stages.as_deref(), stream(result), env)
    }

    /// The sort branch of `evaluateTupleStep`.
    fn tuple_sort_step(&mut self, expr: &Node, input: &Value<'a>, tuples: Option<Value<'a>>, env: &Frame<'a>) -> R<'a> {
        let result = match tuples {
            Some(t) => self.evaluate_sort(expr, &t, env)?,
            None => {
                let sorted = self.evaluate_sort(expr, input, env)?;
                // jsonata-js writes `tuple[expr.index]`, i.e. key "undefined" without an index
                let key = expr.index.clone().unwrap_or_else(|| "undefined".into());
                let items = sorted.members().into_iter().enumerate().map(|(ss, v)| {
                    let mut m = ObjMap::new();
                    m.insert("@", v);
                    m.insert(&key, Value::Number(ss as f64));
                    Value::object(m)
                });
                stream(items.collect())
            }
        };
        self.evaluate_stages(expr.stages.as_deref(), result, env)
    }

    /// Adds one output tuple per member of the step result `res` for input tuple `tb`.
    fn extend_tuples(
        &self,
        expr: &Node,
        tb: &Value<'a>,
        res: Value<'a>,
        out: &mut Vec<Value<'a>>,
    ) -> Result<(), crate::Error> {
        let is_stream = res.has_flag(flags::TUPLE_STREAM);
        let members = if res.is_array() { res.members() } else { vec![res] };
        for (bb, r) in members.into_iter().enumerate() {
            let mut tuple = copy_tuple(tb);
            if is_stream {
                for (k, v) in r.entries() {
                    tuple.insert(&k, v);
                }
            } else {
                bind_tuple(expr, &mut tuple, tb.get("@"), r, bb);
            }
            out.push(Value::object(tuple));
            self.check_len(out.len())?;
        }
        Ok(())
    }
}

/// Binds the step result `r` (the `bb`-th of the step) into an output tuple.
fn bind_tuple<'a>(expr: &Node, tuple: &mut ObjMap<'a>, context: Value<'a>, r: Value<'a>, bb: usize) {
    match expr.focus.as_deref().filter(|f| !f.is_empty()) {
        Some(focus) => {
            tuple.insert(focus, r);
            tuple.insert("@", context.clone());
        }
        None => tuple.insert("@", r),
    }
    if let Some(index) = expr.index.as_deref().filter(|f| !f.is_empty()) {
        tuple.insert(index, Value::Number(bb as f64));
    }
    if let Some(anc) = &expr.ancestor {
        tuple.insert(&anc.label, context);
    }
}

//! Location paths: `evaluatePath`, `evaluateStep` and `evaluateStages`.

use super::frame::Frame;
use super::{Evaluator, R};
use crate::parser::ast::{Kind, Node, Stage};
use crate::value::{flags, Value};

/// JS `.length` of a value where jsonata tests `resultSequence.length === 0`.
fn is_empty_result(v: &Value<'_>) -> bool {
    match v {
        Value::Undefined => true,
        Value::String(s) => s.is_empty(),
        v if v.is_array() => v.is_empty(),
        _ => false,
    }
}

/// The loop state of `evaluatePath`.
struct PathState<'a> {
    input_seq: Value<'a>,
    result_seq: Value<'a>,
    is_tuple: bool,
    tuples: Option<Value<'a>>,
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluatePath(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_path(&mut self, expr: &Node, steps: &[Node], input: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        // a path starting with a variable is absolute: don't iterate over an input array
        let first_is_var = matches!(steps.first().map(|s| &s.kind), Some(Kind::Variable(_)));
        let input_seq =
            if input.is_array() && !first_is_var { input.clone() } else { Value::sequence(vec![input.clone()]) };
        let mut st = PathState { input_seq, result_seq: Value::Undefined, is_tuple: false, tuples: None };
        for (ii, step) in steps.iter().enumerate() {
            self.path_step(&mut st, step, ii, steps.len(), env)?;
            if !st.is_tuple && is_empty_result(&st.result_seq) {
                break;
            }
            if step.focus.is_none() {
                st.input_seq = st.result_seq.clone();
            }
        }
        self.finish_path(expr, st, env)
    }

    fn path_step(
        &mut self,
        st: &mut PathState<'a>,
        step: &Node,
        ii: usize,
        n: usize,
        env: &Frame<'a>,
    ) -> Result<(), crate::Error> {
        if step.tuple {
            st.is_tuple = true;
        }
        if ii == 0 && step.consarray {
            st.result_seq = self.evaluate(step, &st.input_seq, env)?;
        } else if st.is_tuple {
            st.tuples = Some(self.evaluate_tuple_step(step, &st.input_seq, st.tuples.take(), env)?);
        } else {
            st.result_seq = self.evaluate_step(step, &st.input_seq, env, ii == n - 1)?;
        }
        Ok(())
    }

    /// The end of `evaluatePath`: tuple unwrapping, `keepSingletonArray`, group-by.
    fn finish_path(&mut self, expr: &Node, st: PathState<'a>, env: &Frame<'a>) -> R<'a> {
        let mut result_seq = st.result_seq;
        if st.is_tuple {
            let t = st.tuples.clone().unwrap_or_default();
            result_seq = if expr.tuple { t } else { Value::sequence(t.members().iter().map(|x| x.get("@")).collect()) };
        }
        if expr.keep_singleton_array {
            if result_seq.has_flag(flags::CONS) && !result_seq.is_sequence() {
                result_seq = Value::sequence(vec![result_seq]);
            }
            if let Value::Array(a) = &result_seq {
                a.set(flags::KEEP_SINGLETON);
            }
        }
        if let Some(group) = &expr.group {
            let data = if st.is_tuple { st.tuples.unwrap_or_default() } else { result_seq };
            result_seq = self.evaluate_group(group, data, env)?;
        }
        Ok(result_seq)
    }

    /// `evaluateStep(expr, input, environment, lastStep)`.
    #[inline(never)]
    pub(crate) fn evaluate_step(&mut self, expr: &Node, input: &Value<'a>, env: &Frame<'a>, last_step: bool) -> R<'a> {
        if let Kind::Sort(_) = expr.kind {
            let result = self.evaluate_sort(expr, input, env)?;
            return self.evaluate_stages(expr.stages.as_deref(), result, env);
        }
        let mut result = Vec::with_capacity(input.members_len());
        for item in input.members_iter() {
            let mut res = self.evaluate(expr, &item, env)?;
            for stage in expr.stages.iter().flatten() {
                if let Stage::Filter(p) = stage {
                    res = self.evaluate_filter(p, res, env)?;
                }
            }
            if !res.is_undefined() {
                result.push(res);
            }
        }
        if last_step && result.len() == 1 && result[0].is_array() && !result[0].is_sequence() {
            return Ok(result.swap_remove(0));
        }
        self.flatten_step(result)
    }

    /// Flattens the step results into one sequence (constructed arrays stay whole).
    fn flatten_step(&mut self, result: Vec<Value<'a>>) -> R<'a> {
        let spread = |res: &Value<'a>| res.is_array() && !res.has_flag(flags::CONS);
        let mut out = Vec::with_capacity(result.iter().map(|r| if spread(r) { r.members_len() } else { 1 }).sum());
        for res in result {
            if spread(&res) {
                out.extend(res.members_iter());
            } else {
                out.push(res);
            }
            self.check_len(out.len())?;
        }
        self.charge(out.len() as u64)?;
        Ok(Value::sequence(out))
    }

    /// `evaluateStages(stages, input, environment)`.
    #[inline(never)]
    pub(crate) fn evaluate_stages(&mut self, stages: Option<&[Stage]>, input: Value<'a>, env: &Frame<'a>) -> R<'a> {
        let mut result = input;
        for stage in stages.into_iter().flatten() {
            match stage {
                Stage::Filter(p) => result = self.evaluate_filter(p, result, env)?,
                Stage::Index(name) => {
                    for (ee, tuple) in result.members().iter().enumerate() {
                        if let Value::Object(o) = tuple {
                            o.map.borrow_mut().insert(name, Value::Number(ee as f64));
                        }
                    }
                }
            }
        }
        Ok(result)
    }
}

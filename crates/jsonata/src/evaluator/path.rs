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

/// Whether `evaluate` unwraps what the path `expr` gives into its single member: no
/// `keepArray`, group-by, predicate or tuple binding on the path itself.
fn unwrapped_by_evaluate(expr: &Node) -> bool {
    !expr.keep_array && !expr.keep_singleton_array && !expr.tuple && expr.group.is_none() && expr.predicate.is_none()
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
        let single = !input.is_array() || first_is_var;
        let input_seq = if single { Value::Undefined } else { input.clone() };
        let mut st = PathState { input_seq, result_seq: Value::Undefined, is_tuple: false, tuples: None };
        let last = if unwrapped_by_evaluate(expr) { steps.len() - 1 } else { usize::MAX };
        for (ii, step) in steps.iter().enumerate() {
            if ii == 0 && single {
                self.first_step_of_one(&mut st, step, input, last == 0, env)?;
            } else {
                self.path_step(&mut st, step, ii, steps.len(), last == ii, env)?;
            }
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
        bare: bool,
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
            st.result_seq = match step.kind {
                Kind::Sort(_) => self.evaluate_step(step, &st.input_seq, env, ii == n - 1)?,
                _ => {
                    let items = st.input_seq.members_iter();
                    self.step_over(step, items, st.input_seq.members_len(), env, ii == n - 1, bare)?
                }
            };
        }
        Ok(())
    }

    /// The first step when the path's input is one value: jsonata-js wraps it in a sequence of
    /// one; a plain step reads it directly, without building that sequence.
    fn first_step_of_one(
        &mut self,
        st: &mut PathState<'a>,
        step: &Node,
        input: &Value<'a>,
        bare: bool,
        env: &Frame<'a>,
    ) -> Result<(), crate::Error> {
        let n = if bare { 1 } else { 2 }; // only whether this first step is the last matters
        if step.tuple || step.consarray || step.focus.is_some() || matches!(step.kind, Kind::Sort(_)) {
            st.input_seq = Value::sequence(vec![input.clone()]);
            return self.path_step(st, step, 0, n, bare, env);
        }
        st.result_seq = self.step_over(step, std::iter::once(input.clone()), 1, env, n == 1, bare)?;
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
        self.step_over(expr, input.members_iter(), input.members_len(), env, last_step, false)
    }

    /// `evaluateStep`'s loop over the `len` input `items`. With `bare` (the path's last step,
    /// whose sequence `evaluate` unwraps again), one input giving one value that is not an
    /// array gives that value itself: the same value, without the sequence of one around it.
    fn step_over(
        &mut self,
        expr: &Node,
        mut items: impl Iterator<Item = Value<'a>>,
        len: usize,
        env: &Frame<'a>,
        last_step: bool,
        bare: bool,
    ) -> R<'a> {
        let mut result = Vec::new();
        if bare && len == 1 {
            let res = self.step_value(expr, items.next().unwrap_or_default(), env)?;
            if !res.is_array() {
                let found = usize::from(!res.is_undefined());
                self.check_len(found)?;
                self.charge(found as u64)?;
                return Ok(res);
            }
            result.push(res);
        }
        result.reserve_exact(len - result.len());
        for item in items {
            let res = self.step_value(expr, item, env)?;
            if !res.is_undefined() {
                result.push(res);
            }
        }
        if last_step && result.len() == 1 && result[0].is_array() && !result[0].is_sequence() {
            return Ok(result.swap_remove(0));
        }
        self.flatten_step(result)
    }

    /// One input item through the step's expression and its filters.
    fn step_value(&mut self, expr: &Node, item: Value<'a>, env: &Frame<'a>) -> R<'a> {
        let mut res = self.evaluate(expr, &item, env)?;
        for stage in expr.stages.iter().flatten() {
            if let Stage::Filter(p) = stage {
                res = self.evaluate_filter(p, res, env)?;
            }
        }
        Ok(res)
    }

    /// Flattens the step results into one sequence (constructed arrays stay whole).
    fn flatten_step(&mut self, result: Vec<Value<'a>>) -> R<'a> {
        let spread = |res: &Value<'a>| res.is_array() && !res.has_flag(flags::CONS);
        if !result.iter().any(spread) {
            self.check_len(result.len())?; // the same limit the loop below checks as it grows
            self.charge(result.len() as u64)?;
            return Ok(Value::sequence(result));
        }
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

//! The template every state follows (entered → input → body → result → output → exited → next),
//! and the bodies of Pass, Choice, Wait, Succeed, Fail and Task.

use std::rc::Rc;

use json_value::Value;

use super::execution::{append, seconds_to_millis, Event, Execution, Step};
use super::frame::{Fault, FrameId, Origin, Phase};
use super::history;
use super::rng::Rng;
use super::size::check_size;
use crate::asl::{ErrorName, Failure, QueryLanguage, Rule, State, StateKind, Text, Wait, Workflow};
use crate::data::io::{apply_path, apply_result_path};
use crate::data::jsonata::template::JsonataTemplate;
use crate::data::path::Path;
use crate::data::payload::{compact, Scope, Template};
use crate::data::timestamp;
use crate::data::variables::eval_path;

/// The event type of a state event: `(Task, entered)` → `"TaskStateEntered"`.
fn state_event(kind: &StateKind, entered: bool) -> &'static str {
    match (kind, entered) {
        (StateKind::Pass(_), true) => "PassStateEntered",
        (StateKind::Pass(_), false) => "PassStateExited",
        (StateKind::Task(_), true) => "TaskStateEntered",
        (StateKind::Task(_), false) => "TaskStateExited",
        (StateKind::Choice(_), true) => "ChoiceStateEntered",
        (StateKind::Choice(_), false) => "ChoiceStateExited",
        (StateKind::Wait(_), true) => "WaitStateEntered",
        (StateKind::Wait(_), false) => "WaitStateExited",
        (StateKind::Succeed, true) => "SucceedStateEntered",
        (StateKind::Succeed, false) => "SucceedStateExited",
        (StateKind::Fail(_), true) => "FailStateEntered",
        (StateKind::Fail(_), false) => "FailStateExited",
        (StateKind::Parallel(_), true) => "ParallelStateEntered",
        (StateKind::Parallel(_), false) => "ParallelStateExited",
        (StateKind::Map(_), true) => "MapStateEntered",
        (StateKind::Map(_), false) => "MapStateExited",
    }
}

/// The longest Wait AWS accepts, in seconds (the recorded boundary: 24,856 days ≈ 2³¹ s).
const MAX_WAIT_SECONDS: i64 = i32::MAX as i64;

impl Execution {
    /// Runs `frame`'s phases until one writes an event or issues a task (that step), or the
    /// frame must wait. A phase that writes nothing (a state's body, its results, a retry
    /// decision) is followed at once by the next, counted as a step of its own, as if
    /// [`Execution::step`] had taken the frame from the front of the queue again; so is one
    /// that wrote an event before `last`, when the next step would take this frame at once
    /// ([`Self::runs_on`]).
    pub(super) fn advance(&mut self, frame: FrameId, last: u64) -> Option<Step> {
        let workflow = self.frames[frame].workflow.clone();
        let mut events_before = self.history.len();
        let mut phase = std::mem::take(&mut self.frames[frame].phase);
        let step = loop {
            let Some(state) = workflow.states.get(self.frames[frame].state) else {
                return self.return_from(frame, phase);
            };
            let next = match phase {
                Phase::Body => self.body(frame, state),
                Phase::Results(result) => {
                    self.results(frame, state, result).unwrap_or_else(|f| self.state_failed(frame, f))
                }
                Phase::Failed(fault) => self.handle_failure(frame, state, fault),
                phase @ Phase::Return(_) => return self.return_from(frame, phase),
                phase @ (Phase::AwaitTask(_) | Phase::Sleep(_) | Phase::Fanout(_) | Phase::MapRunIdle(_)) => {
                    self.frames[frame].phase = phase;
                    return None;
                }
                other => match self.run_phase(frame, state, other) {
                    Some(Step::Event(id)) if self.runs_on(frame, id, last) => {
                        self.steps += 1;
                        events_before = self.history.len();
                        phase = std::mem::take(&mut self.frames[frame].phase);
                        continue;
                    }
                    step => break step,
                },
            };
            if !self.goes_on(frame, &next, events_before) {
                self.frames[frame].phase = next;
                break None;
            }
            self.steps += 1;
            phase = next;
        };
        if self.frames[frame].active && self.is_runnable(frame) {
            self.ready.push_front(frame);
        }
        let wrote = self.history.len() > events_before;
        step.or_else(|| wrote.then(|| Step::Event(self.history.len() as u64)))
    }

    /// Whether a frame whose phase wrote event `id` goes straight on, as [`Execution::step_until`]
    /// would take it from the front of the queue: an event before `last` is wanted, no limit
    /// is reached, and nothing else could come first (no sleeper to wake, no task out).
    fn runs_on(&self, frame: FrameId, id: u64, last: u64) -> bool {
        id < last
            && self.sleepers.is_empty()
            && self.tasks.is_empty()
            && self.outcome().is_none()
            && self.within_limits()
            && self.frames[frame].active
            && self.is_runnable(frame)
    }

    /// Whether a frame whose phase wrote nothing goes straight on to its `next` phase: it is
    /// still running, can run, and the step budget allows.
    fn goes_on(&self, frame: FrameId, next: &Phase, events_before: usize) -> bool {
        !next.waits()
            && self.frames[frame].active
            && self.history.len() == events_before
            && self.steps < self.options.max_steps
    }

    /// Runs one phase of `frame` that writes an event or hands the host a task, or that leaves
    /// the frame's next phase in place (a Map Run's turn).
    fn run_phase(&mut self, frame: FrameId, state: &State, phase: Phase) -> Option<Step> {
        match phase {
            Phase::IterationStart => self.iteration_start(frame),
            Phase::Enter => self.enter(frame, state),
            Phase::Schedule(call) => Some(self.schedule(frame, call)),
            Phase::Start(call) => Some(self.start_task(frame, state, *call)),
            Phase::TaskDone(result) => Some(self.task_done(frame, state, result)),
            Phase::Submit(response, then) => Some(self.submit(frame, state, response, *then)),
            Phase::FanoutDone(result) => Some(self.fanout_done(frame, state, result)),
            Phase::MapRun(run) => self.map_run(frame, state, run),
            Phase::Evaluation(failure) => Some(self.evaluation_failed(frame, state, failure.0, failure.1)),
            Phase::Exit { output, next } => Some(self.exit(frame, state, output, next)),
            other => {
                self.frames[frame].phase = other; // handled by advance
                None
            }
        }
    }

    fn is_runnable(&self, frame: FrameId) -> bool {
        !self.frames[frame].phase.waits()
    }

    fn enter(&mut self, frame: FrameId, state: &State) -> Option<Step> {
        let now = self.now;
        let f = &mut self.frames[frame];
        f.entered_time = now;
        f.stages = None;
        let details = Some(history::state_entered(&state.name, &f.input));
        f.entered_previous = f.thread.previous;
        let event = Event { now, event_type: state_event(&state.kind, true).into(), details, stages: None };
        let id = append(&mut self.history, &mut f.thread, event);
        f.entered_event = id;
        f.phase = Phase::Body;
        Some(Step::Event(id))
    }

    /// Runs the state's body and says what comes next.
    fn body(&mut self, frame: FrameId, state: &State) -> Phase {
        let outcome = match &state.kind {
            StateKind::Pass(pass) => self.pass(frame, state, pass.result.as_ref()),
            StateKind::Task(task) => self.task(frame, state, task),
            StateKind::Choice(choice) => self.choice(frame, state, choice),
            StateKind::Wait(wait) => self.wait(frame, state, wait),
            StateKind::Succeed => self.succeed(frame, state),
            StateKind::Fail(fail) => return self.fail(frame, fail),
            StateKind::Parallel(parallel) => self.parallel(frame, state, parallel),
            StateKind::Map(map) => self.map(frame, state, map),
        };
        outcome.unwrap_or_else(|failure| self.state_failed(frame, failure))
    }

    /// `InputPath` applied to the current state's input (recorded as a stage when it changed it).
    pub(super) fn effective_input(&mut self, frame: FrameId, state: &State) -> Result<Value, Failure> {
        let input_path = state.io.input_path.as_ref();
        if input_path.is_some_and(|p| p.text() == "$") {
            return Ok(self.frames[frame].input.clone());
        }
        let f = &self.frames[frame];
        let effective = apply_path(input_path, &f.input, &self.frame_context(frame), &f.vars)?;
        self.frames[frame].stages_mut().after_input_path = Some(effective.clone());
        Ok(effective)
    }

    /// A payload template evaluated with `$` = `input` and `$$` = the context object.
    pub(super) fn eval_template(
        &mut self,
        frame: FrameId,
        template: &Template,
        input: &Value,
    ) -> Result<Value, Failure> {
        self.eval_template_named(frame, template, input, None)
    }

    /// [`Self::eval_template`] for a field that is not a `.$` key (`ErrorPath`), named in causes.
    fn eval_template_named(
        &mut self,
        frame: FrameId,
        template: &Template,
        input: &Value,
        field: Option<&str>,
    ) -> Result<Value, Failure> {
        // The scope borrows the execution (for `$$`) and its random numbers: lend those out.
        let mut rng = std::mem::replace(&mut self.rng, Rng::new(0));
        let context = self.frame_context(frame);
        let mut scope = Scope { input, context: &context, variables: &self.frames[frame].vars, rng: &mut rng };
        let value = match field {
            Some(field) => template.eval_named(&mut scope, field),
            None => template.eval(&mut scope),
        };
        self.rng = rng;
        value
    }

    /// `Parameters` applied to the effective input.
    pub(super) fn parameters(&mut self, frame: FrameId, state: &State, effective: Value) -> Result<Value, Failure> {
        let Some(template) = &state.io.parameters else { return Ok(effective) };
        let payload = self.eval_template(frame, template, &effective)?;
        self.frames[frame].stages_mut().after_parameters = Some(payload.clone());
        Ok(payload)
    }

    fn pass(&mut self, frame: FrameId, state: &State, result: Option<&Value>) -> Result<Phase, Failure> {
        if state.query_language == QueryLanguage::Jsonata {
            return Ok(Phase::Results(self.frames[frame].input.clone()));
        }
        let effective = self.effective_input(frame, state)?;
        let after_parameters = self.parameters(frame, state, effective)?;
        Ok(Phase::Results(result.cloned().unwrap_or(after_parameters)))
    }

    /// `ResultSelector` → `ResultPath` → `OutputPath`, then exit.
    pub(super) fn results(&mut self, frame: FrameId, state: &State, result: Value) -> Result<Phase, Failure> {
        if !matches!(&state.kind, StateKind::Pass(p) if p.result.is_none()) {
            self.frames[frame].stages_mut().result = Some(result.clone());
        }
        if state.query_language == QueryLanguage::Jsonata {
            return self.jsonata_results(frame, state, result);
        }
        // AWS: in JSONPath states, Assign reads the raw result, "at the same time as the ResultSelector".
        self.prepare_assign(frame, state.assign.as_ref(), None, &result, None)?;
        let selected = match &state.io.result_selector {
            Some(template) => {
                let selected = self.eval_template(frame, template, &result)?;
                self.frames[frame].stages_mut().after_result_selector = Some(selected.clone());
                selected
            }
            None => result,
        };
        let result_path = state.io.result_path.as_ref();
        let merged = if result_path.is_some_and(|p| p.text() == "$") {
            selected
        } else {
            let merged = apply_result_path(result_path, self.frames[frame].input.clone(), selected)?;
            self.frames[frame].stages_mut().after_result_path = Some(merged.clone());
            merged
        };
        let output = self.output(frame, state, merged)?;
        Ok(Phase::Exit { output, next: self.successor(frame) })
    }

    /// JSONata: `Assign` and `Output` read `$states.result` (Task, Parallel, Map); the output
    /// defaults to the result (Pass: its input).
    fn jsonata_results(&mut self, frame: FrameId, state: &State, result: Value) -> Result<Phase, Failure> {
        let has_result = matches!(state.kind, StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_));
        let extra = has_result.then_some(("result", &result));
        self.prepare_assign(frame, state.assign.as_ref(), None, &result, extra)?;
        let output = self.jsonata_output(frame, state.output.as_ref(), result.clone(), extra)?;
        check_size(&output, &state.name)?;
        Ok(Phase::Exit { output, next: self.successor(frame) })
    }

    /// The output of a state without a result (Choice, Wait, Succeed): `OutputPath` applied to
    /// the effective input, or JSONata's `Output` (default: the input).
    fn plain_output(
        &mut self,
        frame: FrameId,
        state: &State,
        effective: Value,
        output: Option<&JsonataTemplate>,
    ) -> Result<Value, Failure> {
        if state.query_language == QueryLanguage::Jsonata {
            let output = self.jsonata_output(frame, output, effective, None)?;
            check_size(&output, &state.name)?;
            return Ok(output);
        }
        self.output(frame, state, effective)
    }

    /// `OutputPath`, and the payload size limit.
    fn output(&mut self, frame: FrameId, state: &State, value: Value) -> Result<Value, Failure> {
        let output_path = state.io.output_path.as_ref();
        let output = if output_path.is_some_and(|p| p.text() == "$") {
            value
        } else {
            apply_path(output_path, &value, &self.frame_context(frame), &self.frames[frame].vars)?
        };
        check_size(&output, &state.name)?;
        Ok(output)
    }

    fn choice(&mut self, frame: FrameId, state: &State, choice: &crate::asl::Choice) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let matched = self.matching_rule(frame, choice, &effective)?;
        let target = matched.and_then(|i| choice.choices.get(i));
        // The state's Assign applies whichever rule matches; a matching rule's own adds to it.
        let rule_assign = target.and_then(|b| b.assign.as_ref());
        self.prepare_assign(frame, state.assign.as_ref(), rule_assign, &effective, None)?;
        let output_template = target.and_then(|b| b.output.as_ref()).or(state.output.as_ref());
        // AWS's cause for States.NoChoiceMatched names the state.
        if target.is_none() && choice.default.is_none() {
            return Err(Failure::new(ErrorName::NoChoiceMatched, format!("No Matches! for state '{}'", state.name)));
        }
        let output = self.plain_output(frame, state, effective, output_template)?;
        let f = &self.frames[frame];
        Ok(Phase::Exit { output, next: f.workflow.choice_target(f.state, matched) })
    }

    /// The position of the first of `choice`'s rules that holds for `effective`, if any.
    fn matching_rule(
        &mut self,
        frame: FrameId,
        choice: &crate::asl::Choice,
        effective: &Value,
    ) -> Result<Option<usize>, Failure> {
        for (i, branch) in choice.choices.iter().enumerate() {
            let holds = match &branch.rule {
                Rule::JsonPath(rule) => rule.eval(effective, &self.frame_context(frame), &self.frames[frame].vars)?,
                Rule::Condition(condition) => self.condition(frame, condition)?,
            };
            if holds {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    fn wait(&mut self, frame: FrameId, state: &State, wait: &Wait) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let until = self.wait_until(frame, wait, &effective)?;
        self.prepare_assign(frame, state.assign.as_ref(), None, &effective, None)?;
        let output = self.plain_output(frame, state, effective, state.output.as_ref())?;
        self.wake_at(frame, until);
        Ok(Phase::Sleep(Box::new(Phase::Exit { output, next: self.successor(frame) })))
    }

    fn wait_until(&mut self, frame: FrameId, wait: &Wait, effective: &Value) -> Result<i64, Failure> {
        let now = self.now;
        let runtime = |cause: String| Failure::new(ErrorName::Runtime, cause);
        let millis = match wait {
            Wait::Seconds(s) => now.saturating_add(seconds_to_millis(*s)),
            Wait::SecondsExpression(template) => {
                let seconds = self.jsonata_number(frame, template, "Seconds")?;
                now.saturating_add((seconds * 1000.0).min(i64::MAX as f64) as i64)
            }
            Wait::TimestampExpression(template) => self.jsonata_timestamp(frame, template)?,
            Wait::Timestamp(at) => *at,
            Wait::SecondsPath(path) => {
                let value = self.read(frame, path, effective)?;
                let shown = value.to_string();
                let Some(seconds) = value.as_i64().filter(|_| value.is_i64() || value.is_u64()) else {
                    return Err(runtime(format!(
                        "The SecondsPath parameter cannot be parsed as a long value: {} == {shown}",
                        path.text()
                    )));
                };
                if seconds < 0 {
                    return Err(runtime(format!(
                        "The SecondsPath parameter references a negative value: {} == {shown}",
                        path.text()
                    )));
                }
                now.saturating_add(seconds.saturating_mul(1000))
            }
            Wait::TimestampPath(path) => {
                let value = self.read(frame, path, effective)?;
                let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
                value.as_str().and_then(timestamp::parse_millis).ok_or_else(|| runtime(format!(
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {} == {text}",
                    path.text()
                )))?
            }
        };
        if (millis - now) / 1000 > MAX_WAIT_SECONDS {
            return Err(runtime("Wait state delay is too long.".into()));
        }
        Ok(millis)
    }

    fn succeed(&mut self, frame: FrameId, state: &State) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let output = self.plain_output(frame, state, effective, state.output.as_ref())?;
        Ok(Phase::Exit { output, next: None })
    }

    fn fail(&mut self, frame: FrameId, fail: &crate::asl::Fail) -> Phase {
        let input = self.frames[frame].input.clone();
        let mut text = |field: &Option<Text>, name: &str| -> Result<Option<String>, Failure> {
            let value = match field {
                None => return Ok(None),
                Some(Text::Literal(s)) => return Ok(Some(s.clone())),
                Some(Text::Computed(template)) => {
                    self.eval_template_named(frame, template, &input, Some(&format!("{name}Path")))?
                }
                Some(Text::Jsonata(template)) => self.eval_jsonata(frame, template, name, None)?,
            };
            Ok(Some(value.as_str().map(str::to_owned).unwrap_or_else(|| compact(&value))))
        };
        let fault = text(&fail.error, "Error").and_then(|error| {
            let cause = super::size::bounded_cause(text(&fail.cause, "Cause")?);
            Ok(Fault { error, cause, origin: Origin::Own })
        });
        match fault {
            Ok(fault) => Phase::Return(Err(fault)),
            Err(failure) => self.state_failed(frame, failure),
        }
    }

    /// The position in `frame`'s workflow of the state after the current one (its `Next`;
    /// `None`: `End`).
    fn successor(&self, frame: FrameId) -> Option<usize> {
        let f = &self.frames[frame];
        f.workflow.successor(f.state)
    }

    /// The position in `frame`'s workflow of the state named `next`.
    pub(super) fn next_position(&self, frame: FrameId, next: Option<&str>) -> Option<usize> {
        next.and_then(|name| self.frames[frame].workflow.position(name))
    }

    fn exit(&mut self, frame: FrameId, state: &State, output: Value, next: Option<usize>) -> Step {
        let assigned = self.commit_assign(frame);
        let now = self.now;
        let f = &mut self.frames[frame];
        let stages = f.stages.take().filter(|s| !s.is_empty());
        let details = Some(history::state_exited(&state.name, &output, assigned));
        let event = Event { now, event_type: state_event(&state.kind, false).into(), details, stages };
        let id = append(&mut self.history, &mut f.thread, event);
        match next {
            Some(position) => {
                f.state = position;
                f.input = output;
                f.phase = Phase::Enter;
                f.retries.clear();
                f.retry_count = 0;
                f.task_token = None;
            }
            None => f.phase = Phase::Return(Ok(output)),
        }
        Step::Event(id)
    }

    /// The frame is done: the execution ends, or the parent learns the result.
    fn return_from(&mut self, frame: FrameId, phase: Phase) -> Option<Step> {
        let Phase::Return(result) = phase else { return None };
        self.frames[frame].active = false;
        match self.frames[frame].parent.clone() {
            None => Some(Step::Event(self.finish(frame, result))),
            Some(parent) => {
                let step = self.child_returned(frame, parent, result);
                self.frames.release(frame);
                step
            }
        }
    }

    /// A failure of the state's own processing as it travels on. AWS prefixes the cause of
    /// States.Runtime errors with where they happened ("An error occurred while executing the
    /// state 'X' (entered at the event id #N). …").
    pub(super) fn fault(&self, frame: FrameId, failure: Failure) -> Fault {
        let located = [ErrorName::Runtime, ErrorName::QueryEvaluationError].map(ErrorName::as_str);
        if !located.contains(&failure.error.as_str()) {
            return failure.into();
        }
        let f = &self.frames[frame];
        let name = f.current().map(|s| &*s.name).unwrap_or_default();
        let cause = format!(
            "An error occurred while executing the state '{name}' (entered at the event id #{}). {}",
            f.entered_event, failure.cause
        );
        Fault::new(failure.error, cause)
    }

    /// What comes after `failure` of the state's own processing: `EvaluationFailed` first for a
    /// failed evaluation (`States.QueryEvaluationError`), then retry, catch or fail.
    pub(super) fn state_failed(&mut self, frame: FrameId, failure: Failure) -> Phase {
        let location = failure.location.clone();
        let evaluation = failure.error == ErrorName::QueryEvaluationError.as_str();
        let fault = self.fault(frame, failure);
        if evaluation {
            Phase::Evaluation(Box::new((fault, location)))
        } else {
            Phase::Failed(fault)
        }
    }

    /// Writes `EvaluationFailed`: it follows what the state's entered event followed, but in a
    /// Wait state, where it follows `WaitStateEntered` (see [`history::Thread`]).
    fn evaluation_failed(&mut self, frame: FrameId, state: &State, fault: Fault, location: Option<String>) -> Step {
        let mut details = json_value::Map::new();
        for (key, value) in [("cause", fault.cause.clone()), ("error", fault.error.clone()), ("location", location)] {
            if let Some(value) = value {
                details.insert(key, Value::from(value));
            }
        }
        details.insert(json_value::key!("state"), Value::from(state.name.clone()));
        let f = &mut self.frames[frame];
        if !matches!(state.kind, StateKind::Wait(_)) {
            f.thread.previous = f.entered_previous;
        }
        let id =
            self.emit(frame, "EvaluationFailed", Some(("evaluationFailedEventDetails", Value::Object(details)).into()));
        self.frames[frame].phase = Phase::Failed(Fault { origin: Origin::Evaluation, ..fault });
        Step::Event(id)
    }

    /// A fresh task token or UUID from the execution's generator.
    pub(super) fn uuid(&mut self) -> String {
        crate::data::intrinsic::uuid::uuid_v4(&mut self.rng)
    }

    /// The value `path` names in `input` (or in `$$`, or a variable): States.Runtime "Invalid path
    /// '…' : …" when it names nothing.
    pub(super) fn read(&self, frame: FrameId, path: &Path, input: &Value) -> Result<Value, Failure> {
        let context = self.frame_context(frame);
        eval_path(path, input, &context, &self.frames[frame].vars)?.map_err(|e| match e.limit {
            true => Failure::new(ErrorName::Runtime, e.message),
            false => Failure::new(ErrorName::Runtime, format!("Invalid path '{}' : {}", path.text(), e.message)),
        })
    }

    /// A workflow, for spawning child frames.
    pub(super) fn workflow_of(&self, frame: FrameId) -> Rc<Workflow> {
        self.frames[frame].workflow.clone()
    }
}

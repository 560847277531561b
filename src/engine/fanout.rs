//! Parallel branches and Map iterations: child frames, their results gathered in order,
//! `MaxConcurrency`, tolerated failures, and cancelling the rest when one fails.

use std::rc::Rc;

use json_value::{object, Value};

use super::execution::{Execution, Step};
use super::frame::{Fanout, Fault, Frame, FrameId, Origin, Parent, Phase};
use super::history::{Details, IterationEvent, Thread};
use crate::asl::{Count, ErrorName, Failure, Map, Parallel, QueryLanguage, State};
use crate::data::payload::compact;
use crate::data::variables::Variables;

impl Execution {
    pub(super) fn parallel(&mut self, frame: FrameId, state: &State, parallel: &Parallel) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let input = self.branch_input(frame, state, effective)?;
        super::size::check_input_size(&input, &state.name)?;
        self.emit(frame, "ParallelStateStarted", None);
        let thread = Thread::from(self.frames[frame].thread.previous);
        let mut children = Vec::with_capacity(parallel.branches.len());
        for (slot, branch) in parallel.branches.iter().enumerate() {
            let parent = Parent { frame, slot, map_name: None, worker: 0 };
            let vars = Rc::new(Variables::child(&self.frames[frame].vars));
            children.push(self.spawn(Frame::new(branch.clone(), input.clone(), Some(parent), thread, vars)));
        }
        self.run_first(&children);
        let results = vec![Value::Null; children.len()];
        Ok(Phase::Fanout(Box::new(Fanout { children, results, ..fanout_defaults() })))
    }

    fn branch_input(&mut self, frame: FrameId, state: &State, effective: Value) -> Result<Value, Failure> {
        if state.query_language == QueryLanguage::Jsonata {
            return self.arguments(frame, state, effective);
        }
        let Some(template) = &state.io.parameters else { return Ok(effective) };
        let input = self.eval_template(frame, template, &effective)?;
        self.frames[frame].stages_mut().after_parameters = Some(input.clone());
        Ok(input)
    }

    pub(super) fn map(&mut self, frame: FrameId, state: &State, map: &Map) -> Result<Phase, Failure> {
        if let Some(distributed) = &map.distributed {
            return self.distributed_map(frame, state, map, distributed);
        }
        let effective = self.effective_input(frame, state)?;
        let items = self.map_items(frame, state, map, &effective)?;
        let max_concurrency =
            self.resolve_count(frame, map.max_concurrency.as_ref(), &effective, "MaxConcurrencyPath")?;
        let details = ("mapStateStartedEventDetails", object! {"length" => items.len()});
        self.emit(frame, "MapStateStarted", Some(details.into()));
        // AWS reads the tolerated failures after writing MapStateStarted (recorded: LocalStack's
        // snapshot scenarios/test_base_scenarios `test_map_state_tolerated_failure_count_path`).
        let tolerated_count =
            self.resolve_count(frame, map.tolerated_failure_count.as_ref(), &effective, "ToleratedFailureCountPath")?;
        let tolerated_percentage = self.resolve_count(
            frame,
            map.tolerated_failure_percentage.as_ref(),
            &effective,
            "ToleratedFailurePercentagePath",
        )?;
        if items.is_empty() {
            return Ok(Phase::FanoutDone(Value::from(Vec::new())));
        }
        // AWS: "In Inline mode, the Map state supports up to 40 concurrent iterations" (Developer
        // Guide, "Using Map state in Inline mode"): MaxConcurrency 0 (or none) means 40.
        let limit = max_concurrency.map_or(0, |n| n as usize);
        let limit = if limit == 0 { MAX_INLINE_CONCURRENCY } else { limit.min(MAX_INLINE_CONCURRENCY) };
        let workers = if limit == 0 { items.len() } else { limit.min(items.len()) };
        let mut fanout = Fanout {
            workers: vec![Thread::from(self.frames[frame].thread.previous); workers],
            results: vec![Value::Null; items.len()],
            items,
            map_input: effective,
            max_concurrency: limit,
            tolerated_count,
            tolerated_percentage,
            ..fanout_defaults()
        };
        let mut started = Vec::new();
        while fanout.next_item < fanout.items.len()
            && (fanout.max_concurrency == 0 || started.len() < fanout.max_concurrency)
        {
            let worker = started.len();
            started.push(self.spawn_iteration(frame, state, map, &mut fanout, worker)?);
        }
        self.run_first(&started);
        Ok(Phase::Fanout(Box::new(fanout)))
    }

    /// The items: `Items` (JSONata) or `ItemsPath`, which must give an array.
    pub(super) fn map_items(
        &mut self,
        frame: FrameId,
        state: &State,
        map: &Map,
        effective: &Value,
    ) -> Result<Vec<Value>, Failure> {
        match &map.items {
            Some(template) => self.jsonata_items(frame, template),
            None => match self.read(frame, &map.items_path, effective)? {
                Value::Array(items) => Ok(items.into_vec()),
                other => {
                    let error = match state.query_language {
                        QueryLanguage::JsonPath => ErrorName::Runtime,
                        QueryLanguage::Jsonata => ErrorName::QueryEvaluationError,
                    };
                    let cause = format!("Map state input must be an array but was: {}", compact(&other));
                    Err(Failure::new(error, cause))
                }
            },
        }
    }

    fn spawn_iteration(
        &mut self,
        frame: FrameId,
        state: &State,
        map: &Map,
        fanout: &mut Fanout,
        worker: usize,
    ) -> Result<FrameId, Failure> {
        let index = fanout.next_item;
        fanout.next_item += 1;
        let item = fanout.items.get(index).cloned().unwrap_or(Value::Null);
        let input = match &map.item_selector {
            Some(selector) => {
                self.frames[frame].map_item = Some((index, item.clone()));
                let input = self.eval_payload(frame, selector, &fanout.map_input, "ItemSelector", None);
                self.frames[frame].map_item = None;
                input?
            }
            None => item.clone(),
        };
        super::size::check_input_size(&input, &state.name)?;
        let parent = Parent { frame, slot: index, map_name: Some(state.name.clone()), worker };
        let thread = fanout.workers.get(worker).map_or_else(Thread::default, |w| Thread::from(w.previous));
        let vars = Rc::new(Variables::child(&self.frames[frame].vars));
        let mut child = Frame::new(map.processor.clone(), input, Some(parent), thread, vars);
        child.map_item = Some((index, item));
        child.phase = Phase::IterationStart;
        let id = self.spawn(child);
        fanout.children.push(id);
        Ok(id)
    }

    fn spawn(&mut self, frame: Frame) -> FrameId {
        self.frames.push(frame)
    }

    /// Queues new children ahead of everything else, in order.
    fn run_first(&mut self, children: &[FrameId]) {
        for child in children.iter().rev() {
            self.ready.push_front(*child);
        }
    }

    pub(super) fn iteration_start(&mut self, frame: FrameId) -> Option<Step> {
        let parent = self.frames[frame].parent.as_ref()?;
        let event = IterationEvent::Started;
        let details = iteration_details(event, parent.map_name.clone(), parent.slot);
        let id = self.emit(frame, event.event_type(), Some(details));
        self.frames[frame].phase = Phase::Enter;
        Some(Step::Event(id))
    }

    /// A branch or iteration finished.
    pub(super) fn child_returned(
        &mut self,
        child: FrameId,
        parent: Parent,
        result: Result<Value, Fault>,
    ) -> Option<Step> {
        let step = parent.map_name.as_ref().map(|name| {
            let event = if result.is_ok() { IterationEvent::Succeeded } else { IterationEvent::Failed };
            let details = iteration_details(event, Some(name.clone()), parent.slot);
            Step::Event(self.emit(child, event.event_type(), Some(details)))
        });
        let Phase::Fanout(mut fanout) = std::mem::take(&mut self.frames[parent.frame].phase) else {
            return step; // the parent was cancelled or moved on
        };
        if parent.map_name.is_none() && result.is_err() {
            self.abort_state(child); // the branch's failed Task (see `abort_state`)
        }
        fanout.finished += 1;
        let succeeded = result.is_ok();
        let next = match result {
            Ok(value) => {
                fanout.result_bytes += value.json_len() + 1;
                if let Some(slot) = fanout.results.get_mut(parent.slot) {
                    *slot = value;
                }
                self.results_too_large(parent.frame, &fanout)
            }
            Err(fault) => self.child_failed(&mut fanout, fault, parent.map_name.is_some()),
        };
        let child_thread = self.frames[child].thread;
        let outer = &mut self.frames[parent.frame].thread;
        match fanout.workers.get_mut(parent.worker).filter(|_| parent.map_name.is_some()) {
            None => outer.integrate(child_thread),
            Some(worker) => {
                worker.integrate(child_thread);
                let worker_ends = next.is_some() || fanout.next_item >= fanout.items.len();
                if worker_ends {
                    if succeeded {
                        worker.previous = child_thread.last; // its last iteration's MapIterationSucceeded
                    }
                    outer.integrate(*worker);
                }
            }
        }
        let phase = match next {
            Some(fault) => {
                self.cancel(&fanout.children, parent.map_name.is_none());
                Phase::Failed(Fault { origin: Origin::Inner, ..fault })
            }
            None if fanout.finished == fanout.results.len() => {
                Phase::FanoutDone(Value::from(std::mem::take(&mut fanout.results)))
            }
            None => {
                self.start_next_iteration(parent.frame, &mut fanout, parent.worker);
                Phase::Fanout(fanout)
            }
        };
        let runnable = !matches!(phase, Phase::Fanout(_));
        self.frames[parent.frame].phase = phase;
        if runnable {
            self.ready.push_front(parent.frame);
        }
        step
    }

    /// States.DataLimitExceeded as soon as the gathered results pass the payload limit (the
    /// state's result could only be larger): a Map over many large items fails before it holds
    /// gigabytes. AWS's cause for a state result over the quota.
    fn results_too_large(&self, frame: FrameId, fanout: &Fanout) -> Option<Fault> {
        if fanout.result_bytes <= super::size::MAX_PAYLOAD_BYTES {
            return None;
        }
        let name = self.frames[frame].current().map(|s| &*s.name).unwrap_or_default();
        let cause = format!("The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit.");
        Some(Fault::new(ErrorName::DataLimitExceeded.as_str(), cause))
    }

    /// Whether a failed child fails the whole state (Map: unless the failure is tolerated).
    fn child_failed(&mut self, fanout: &mut Fanout, fault: Fault, is_map: bool) -> Option<Fault> {
        if !is_map || (fanout.tolerated_count.is_none() && fanout.tolerated_percentage.is_none()) {
            return Some(fault);
        }
        fanout.failures += 1;
        let total = fanout.items.len().max(1) as f64;
        let over_count = fanout.tolerated_count.is_some_and(|n| fanout.failures as f64 > n);
        let over_percentage = fanout.tolerated_percentage.is_some_and(|p| fanout.failures as f64 * 100.0 / total > p);
        let over = match (fanout.tolerated_count, fanout.tolerated_percentage) {
            (Some(_), Some(_)) => over_count && over_percentage,
            _ => over_count || over_percentage,
        };
        over.then(|| {
            Fault::new(
                ErrorName::ExceedToleratedFailureThreshold.as_str(),
                "The specified tolerated failure threshold was exceeded",
            )
        })
    }

    fn start_next_iteration(&mut self, frame: FrameId, fanout: &mut Fanout, worker: usize) {
        if fanout.next_item >= fanout.items.len() {
            return;
        }
        let workflow = self.workflow_of(frame);
        let Some(state) = workflow.states.get(self.frames[frame].state) else { return };
        let crate::asl::StateKind::Map(map) = &state.kind else { return };
        match self.spawn_iteration(frame, state, map, fanout, worker) {
            Ok(child) => self.ready.push_back(child),
            Err(failure) => {
                self.cancel(&fanout.children, false);
                self.frames[frame].phase = self.state_failed(frame, failure);
            }
        }
    }

    /// Stops frames and everything under them; their tasks' tickets become unknown.
    /// With `abort` (a Parallel whose branch failed), each state they are in writes its
    /// `…StateAborted`.
    fn cancel(&mut self, frames: &[FrameId], abort: bool) {
        let mut stack: Vec<FrameId> = frames.iter().rev().copied().collect();
        while let Some(frame) = stack.pop() {
            let in_state = self
                .frames
                .get(frame)
                .is_some_and(|f| f.active && !matches!(f.phase, Phase::Enter | Phase::IterationStart));
            if abort && in_state {
                self.abort_state(frame);
            }
            let Some(f) = self.frames.get_mut(frame).filter(|f| f.active) else { continue };
            f.active = false;
            match &f.phase {
                Phase::Fanout(fanout) => stack.extend(fanout.children.iter().rev().copied()),
                Phase::AwaitTask(ticket) => {
                    let ticket = *ticket;
                    self.tasks.remove(&ticket);
                }
                Phase::MapRun(_) | Phase::MapRunIdle(_) => self.child_tickets.retain(|_, (f, _, _)| *f != frame),
                _ => {}
            }
        }
    }

    /// `TaskStateAborted` (`WaitStateAborted`, `MapStateAborted`, `ParallelStateAborted`) for
    /// the state `frame` is in, written aside. AWS-recorded (LocalStack's snapshots
    /// callback/test_callback `…no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]`,
    /// states_variables/test_error_output `test_parallel_catch_error`): when a branch's Task fails,
    /// that Task writes TaskStateAborted after its TaskFailed, then the Parallel fails. The same
    /// event for the states other branches are in is our reading of AWS's event types (their
    /// interleaving was never recorded).
    fn abort_state(&mut self, frame: FrameId) {
        let event = match self.frames.get(frame).and_then(|f| f.current()).map(|s| &s.kind) {
            Some(crate::asl::StateKind::Task(_)) => "TaskStateAborted",
            Some(crate::asl::StateKind::Wait(_)) => "WaitStateAborted",
            Some(crate::asl::StateKind::Map(_)) => "MapStateAborted",
            Some(crate::asl::StateKind::Parallel(_)) => "ParallelStateAborted",
            _ => return,
        };
        self.emit(frame, event, None);
    }

    pub(super) fn fanout_done(&mut self, frame: FrameId, state: &State, result: Value) -> Step {
        let event = if matches!(state.kind, crate::asl::StateKind::Map(_)) {
            "MapStateSucceeded"
        } else {
            "ParallelStateSucceeded"
        };
        let id = self.emit(frame, event, None);
        // A Distributed Map's MapStateExited follows its MapRunStarted (AWS-recorded since 2024-11).
        let f = &mut self.frames[frame];
        if f.map_run_started != 0 {
            f.thread.previous = std::mem::take(&mut f.map_run_started);
        }
        let next = self.results(frame, state, result).unwrap_or_else(|f| self.state_failed(frame, f));
        self.frames[frame].phase = next;
        Step::Event(id)
    }
}

impl Execution {
    // AWS: "The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue".
    pub(super) fn resolve_count(
        &mut self,
        frame: FrameId,
        count: Option<&Count>,
        effective: &Value,
        field: &str,
    ) -> Result<Option<f64>, Failure> {
        match count {
            None => Ok(None),
            Some(Count::Fixed(n)) => Ok(Some(*n)),
            Some(Count::Expression(template)) => {
                Ok(Some(self.jsonata_number(frame, template, field.trim_end_matches("Path"))?))
            }
            Some(Count::Path(path)) => {
                let value = self.read(frame, path, effective)?;
                let percentage = field.contains("Percentage");
                let number = if percentage { float_of(&value) } else { integer_of(&value).map(|n| n as f64) };
                let Some(number) = number else {
                    let shown = value.as_str().map(str::to_owned).unwrap_or_else(|| compact(&value));
                    let kind = if percentage { "float" } else { "integer" };
                    return Err(runtime(format!(
                        "The {field} field refers to value \"{shown}\" which is not a valid {kind}: {}",
                        path.text()
                    )));
                };
                check_count(field, number).map(Some)
            }
        }
    }
}

/// A count read by a path: a whole number, or a string holding one ("1", recorded for
/// MaxConcurrencyPath).
fn integer_of(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str().and_then(|t| t.trim().parse().ok()))
}

/// A percentage read by a path: any number, or a string holding one.
fn float_of(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| value.as_str().and_then(|t| t.trim().parse().ok()).filter(|n: &f64| n.is_finite()))
}

/// A negative MaxConcurrencyPath leaves an AWS execution stalled after ExecutionStarted
/// (recorded: `test_max_concurrency_path_negative`); here it fails with "MaxConcurrency cannot be
/// negative." instead, our choice. AWS's range checks, recorded (LocalStack's snapshot scenarios/test_base_scenarios
/// `test_map_state_tolerated_failure_*_path`): "ToleratedFailureCount cannot be negative.",
/// "ToleratedFailurePercentage must be between 0 and 100." (-1, -1.1 and 100.1 fail).
fn check_count(field: &str, number: f64) -> Result<f64, Failure> {
    let name = field.trim_end_matches("Path");
    if name == "ToleratedFailurePercentage" && !(0.0..=100.0).contains(&number) {
        return Err(runtime(format!("{name} must be between 0 and 100.")));
    }
    if number < 0.0 {
        return Err(runtime(format!("{name} cannot be negative.")));
    }
    Ok(number)
}

/// The most iterations an inline Map runs at once (AWS's figure).
pub const MAX_INLINE_CONCURRENCY: usize = 40;

fn fanout_defaults() -> Fanout {
    Fanout {
        children: Vec::new(),
        results: Vec::new(),
        finished: 0,
        items: Vec::new(),
        map_input: Value::Null,
        next_item: 0,
        max_concurrency: 0,
        failures: 0,
        tolerated_count: None,
        tolerated_percentage: None,
        workers: Vec::new(),
        result_bytes: 1, // `[` and `]`; each result adds its size and a comma
    }
}

fn runtime(cause: String) -> Failure {
    Failure::new(ErrorName::Runtime, cause)
}

/// A `MapIteration…` event's details: the Map state's name and the item's index.
fn iteration_details(event: IterationEvent, name: Option<Rc<str>>, index: usize) -> Details {
    Details::Iteration { event, name: name.map_or(Value::Null, Value::from), index: Value::from(index) }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use json_value::json;

    use super::*;
    use crate::engine::{StartOptions, Status};

    fn run(definition: &str, input: Value) -> Execution {
        let machine = crate::asl::load(definition).expect("a valid definition");
        let mut execution = Execution::start(Rc::new(machine), input, StartOptions::default());
        while !matches!(execution.step(0), Step::Finished(_) | Step::Blocked { .. }) {}
        execution
    }

    #[test]
    fn a_finished_iteration_releases_its_frame() {
        let map = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,
            "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Pass","End":true}}},"End":true}}}"#;
        let execution = run(map, json!([1, 2, 3, 4, 5, 6, 7]));
        assert_eq!(execution.outcome().map(|o| o.status), Some(Status::Succeeded));
        assert_eq!(execution.outcome().and_then(|o| o.output.clone()), Some(json!([1, 2, 3, 4, 5, 6, 7])));
        assert_eq!(execution.frames.live(), 1, "only the top-level frame is left");
    }

    #[test]
    fn a_failed_branch_cancels_the_others_after_finished_ones_were_released() {
        // C waits, A finishes, B fails: C is cancelled (A's released id is skipped).
        let parallel = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
            {"StartAt":"C","States":{"C":{"Type":"Wait","Seconds":5,"End":true}}},
            {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
            {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"E"}}}]}}}"#;
        let execution = run(parallel, json!({}));
        let outcome = execution.outcome().expect("finished");
        assert_eq!((outcome.status, outcome.error.as_deref()), (Status::Failed, Some("E")));
        let types: Vec<&str> = execution.history().iter().map(|e| &*e.event_type).collect();
        assert!(types.contains(&"WaitStateAborted"), "{types:?}");
        assert_eq!(types.last(), Some(&"ExecutionFailed"));
    }
}

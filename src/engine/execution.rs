//! The execution: an arena of frames, a ready queue, sleepers on the virtual clock, outstanding
//! task tickets, and the history. [`Execution::step`] does at most one observable thing.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::rc::Rc;

use json_value::{object, Value};

use super::frame::{Fault, Frame, FrameId, Origin, Phase, TaskResult};
use super::history::{self, link_of, Details, HistoryEvent, Stages, Thread};
use super::rng::Rng;
use super::size::check_size;
use super::task::Resource;
use crate::asl::{ErrorName, StateMachine, MAX_EXECUTION_SECONDS};

/// AWS's limit on events in one execution's history.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// How to start an execution.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// Seed of the execution's random numbers (jitter, UUIDs, task tokens).
    pub seed: u64,
    /// Virtual start time, epoch milliseconds.
    pub start_time: i64,
    /// The execution's name (in `$$.Execution.Name` and its ARN).
    pub name: Rc<str>,
    /// The state machine's name (in `$$.StateMachine.Name` and the ARNs).
    pub state_machine_name: Rc<str>,
    /// Most steps before the execution is stopped (a guard for the host, not an AWS limit).
    pub max_steps: u64,
    /// Most history events (AWS: 25,000 for a Standard workflow); `None` lifts the limit
    /// (Express workflows, benchmarks).
    pub max_history_events: Option<usize>,
    /// The longest an execution may run in virtual time, in seconds (the state machine's
    /// `TimeoutSeconds` may be shorter): a year for Standard workflows, five minutes for Express.
    pub max_seconds: u64,
}

/// AWS's limit on an Express workflow's duration: five minutes ("Quotas related to state
/// machine executions": Maximum execution time, Express: 5 minutes).
pub const MAX_EXPRESS_SECONDS: u64 = 300;

impl StartOptions {
    /// Options for an Express workflow: no 25,000-event history limit (its history is not
    /// kept by AWS), at most five minutes.
    pub fn express(self) -> StartOptions {
        StartOptions { max_history_events: None, max_seconds: MAX_EXPRESS_SECONDS, ..self }
    }
}

impl Default for StartOptions {
    fn default() -> Self {
        StartOptions {
            seed: 0,
            start_time: 1_704_067_200_000, // 2024-01-01T00:00:00Z
            name: "execution".into(),
            state_machine_name: "StateMachine".into(),
            max_steps: 50_000_000,
            max_history_events: Some(MAX_HISTORY_EVENTS),
            max_seconds: MAX_EXECUTION_SECONDS,
        }
    }
}

/// What one call of [`Execution::step`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// One history event was appended (its id).
    Event(u64),
    /// The host must run this task, then call [`Execution::complete`].
    Invoke(Box<Invocation>),
    /// Nothing can run until a task completes or the clock reaches `wake_at`.
    Blocked {
        /// The earliest virtual time something is due (`None`: only task completions).
        wake_at: Option<i64>,
    },
    /// The execution is over (boxed: a step is returned through every phase, and most are
    /// events).
    Finished(Box<Outcome>),
}

/// A task for the host to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// Pass it back to [`Execution::complete`].
    pub ticket: u64,
    /// The Task state's name (shared with the definition).
    pub state_name: std::rc::Rc<str>,
    /// The `Resource`, understood.
    pub resource: Resource,
    /// The effective payload (after `Parameters`).
    pub payload: Value,
    /// 1 for the first attempt, 2 for the first retry, …
    pub attempt: u64,
    /// For `.waitForTaskToken`: the token in `$$.Task.Token`.
    pub task_token: Option<String>,
    /// The id of its `TaskStarted` (`LambdaFunctionStarted`, …) event in the history of the
    /// execution that runs the task (0 for a Map Run's own S3 requests, which have none).
    pub started_event: u64,
}

/// How an execution ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: Status,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error, when it did not (absent when a Fail state left it out).
    pub error: Option<String>,
    /// The cause, when it did not.
    pub cause: Option<String>,
}

/// An execution's final status, spelled as AWS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `SUCCEEDED`.
    Succeeded,
    /// `FAILED`.
    Failed,
    /// `TIMED_OUT`.
    TimedOut,
    /// `ABORTED`.
    Aborted,
}

impl Status {
    /// `"SUCCEEDED"`, `"FAILED"`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// Misuse of the host API (not an ASL error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// No outstanding task has this ticket (never issued, already completed, timed out or cancelled).
    UnknownTicket(u64),
    /// The execution is already over.
    Finished,
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::UnknownTicket(t) => write!(f, "no outstanding task has ticket {t}"),
            HostError::Finished => write!(f, "the execution is already over"),
        }
    }
}

/// An outstanding task: whose it is, and when it times out.
#[derive(Debug, Clone)]
pub(super) struct Outstanding {
    pub frame: FrameId,
    pub resource: Resource,
    pub deadline: Option<i64>,
    pub heartbeat_seconds: Option<u64>,
    pub heartbeat_deadline: Option<i64>,
    /// The task's payload (for the default submission response).
    pub payload: Value,
    /// Whether `TaskSubmitted` was written.
    pub submitted: bool,
}

/// One running (or finished) execution of a state machine.
#[derive(Debug)]
pub struct Execution {
    pub(super) machine: Rc<StateMachine>,
    pub(super) options: StartOptions,
    pub(super) input: Value,
    pub(super) frames: super::frame::Frames,
    pub(super) ready: VecDeque<FrameId>,
    pub(super) sleepers: BinaryHeap<Reverse<(i64, u64, FrameId)>>,
    pub(super) tasks: crate::hash::HashMap<u64, Outstanding>,
    pub(super) history: Vec<HistoryEvent>,
    pub(super) rng: Rng,
    pub(super) now: i64,
    pub(super) steps: u64,
    pub(super) next_ticket: u64,
    pub(super) uses_context: bool,
    /// What is left of the execution's JSONata budget (shared with Distributed Map children).
    pub(super) jsonata_budget: u64,
    /// Tasks of Distributed Map children, under the parent's tickets.
    pub(super) child_tickets: super::map_run::ChildTickets,
    /// The Map Runs that ended, with their child executions.
    pub(super) map_runs: Vec<super::map_run::MapRunRecord>,
    outcome: Option<Outcome>,
    started: bool,
    /// The virtual time the execution times out (see [`Execution::deadline`]).
    deadline: i64,
    /// `options.max_history_events`, `usize::MAX` when lifted.
    max_history_events: usize,
    /// `$$.Execution` and `$$.StateMachine`, the same for every state: made on first use.
    pub(super) context_parts: std::cell::OnceCell<(Value, Value)>,
    /// The last `$$.State.EnteredTime` formatted (states entered at the same virtual moment,
    /// the usual case, share it).
    pub(super) entered_time_text: std::cell::RefCell<(i64, Value)>,
}

impl Execution {
    /// Starts an execution of `machine` with `input`; nothing happens until [`Execution::step`].
    pub fn start(machine: Rc<StateMachine>, input: Value, options: StartOptions) -> Execution {
        let root = Frame::new(machine.workflow.clone(), input.clone(), None, Thread::from(0), Default::default());
        let uses_context = machine.uses_context;
        let mut frames = super::frame::Frames::default();
        frames.push(root);
        // Room for a run through every state once (entered and exited, a few events more for
        // tasks), so a short execution's history is never copied to grow.
        let history = Vec::with_capacity((4 + 3 * machine.workflow.states.len()).min(4096));
        Execution {
            deadline: Execution::deadline(&machine, &options),
            max_history_events: options.max_history_events.unwrap_or(usize::MAX),
            rng: Rng::new(options.seed),
            now: options.start_time,
            machine,
            options,
            input,
            frames,
            ready: VecDeque::from([0]),
            sleepers: BinaryHeap::new(),
            tasks: Default::default(),
            history,
            steps: 0,
            next_ticket: 1,
            uses_context,
            jsonata_budget: crate::data::jsonata::limits::MAX_EXECUTION_STEPS,
            child_tickets: Default::default(),
            map_runs: Vec::new(),
            outcome: None,
            started: false,
            context_parts: Default::default(),
            entered_time_text: std::cell::RefCell::new((i64::MIN, Value::Null)),
        }
    }

    /// The history so far.
    pub fn history(&self) -> &[HistoryEvent] {
        &self.history
    }

    /// The execution's input.
    pub fn input(&self) -> &Value {
        &self.input
    }

    /// The Distributed Map runs that ended, each with its child executions.
    pub fn map_runs(&self) -> &[super::map_run::MapRunRecord] {
        &self.map_runs
    }

    /// How the execution ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// The virtual time of the last step.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// Advances the execution by at most one observable thing, at virtual time `now`.
    pub fn step(&mut self, now: i64) -> Step {
        self.step_until(now, 0)
    }

    /// Steps on as calling [`Execution::step`] again after each event would, until event `last`
    /// is written or a step is not an event (a task to run, blocked, finished): that step.
    pub fn step_until(&mut self, now: i64, last: u64) -> Step {
        if let Some(step) = self.finished() {
            return step;
        }
        self.now = self.now.max(now);
        loop {
            match self.step_at_now(last) {
                Step::Event(id) if id < last => {}
                step => return step,
            }
        }
    }

    fn step_at_now(&mut self, last: u64) -> Step {
        if let Some(step) = self.finished() {
            return step;
        }
        if !self.started {
            self.started = true;
            let details = object! {"input" => self.input.clone(), "inputDetails" => not_truncated(), "roleArn" => self.role_arn()};
            let id = self.emit_raw(
                0,
                Cow::Borrowed("ExecutionStarted"),
                Some(("executionStartedEventDetails", details).into()),
            );
            // AWS's StartExecution refuses an input over 256 KiB; a host that starts one anyway
            // sees the execution fail at once.
            if let Err(failure) = check_size(&self.input, "ExecutionInput") {
                self.finish(0, Err(failure.into()));
            }
            return Step::Event(id);
        }
        if let Some(step) = self.check_limits() {
            return step;
        }
        if !self.sleepers.is_empty() {
            self.wake_sleepers();
        }
        if !self.tasks.is_empty() {
            self.expire_tasks();
        }
        while let Some(frame) = self.ready.pop_front() {
            if !self.is_live(frame) {
                continue;
            }
            self.steps += 1;
            if let Some(step) = self.advance(frame, last) {
                return step;
            }
            if let Some(step) = self.finished() {
                return step;
            }
            if let Some(step) = self.check_limits() {
                return step; // a Distributed Map's children can take many steps in one call
            }
        }
        Step::Blocked { wake_at: self.next_wake() }
    }

    /// The host's answer to the task with `ticket`.
    pub fn complete(&mut self, ticket: u64, result: TaskResult, now: i64) -> Result<(), HostError> {
        if self.outcome.is_some() {
            return Err(HostError::Finished);
        }
        self.now = self.now.max(now);
        let Some(result) = self.answer_child(ticket, result, now) else { return Ok(()) };
        let outstanding = self.tasks.remove(&ticket).ok_or(HostError::UnknownTicket(ticket))?;
        if let Some(run) = self.map_run_of(outstanding.frame) {
            run.answer(result);
            self.wake_map_run(outstanding.frame);
            return Ok(());
        }
        let phase = self.answer_phase(&outstanding, result);
        self.frames[outstanding.frame].phase = phase;
        self.ready.push_back(outstanding.frame);
        Ok(())
    }

    /// The service took the `.sync` or `.waitForTaskToken` task with `ticket` and answered
    /// `response` (written as `TaskSubmitted`); the task's result comes later, with
    /// [`Execution::complete`]. Without it, completing writes a submission AWS-shaped for the
    /// integration first. Ignored for tasks that are not submitted.
    pub fn submitted(&mut self, ticket: u64, response: Value, now: i64) -> Result<(), HostError> {
        if self.with_child(ticket, |child, t| drop(child.submitted(t, response.clone(), now))) {
            return Ok(());
        }
        let task = self.tasks.get_mut(&ticket).ok_or(HostError::UnknownTicket(ticket))?;
        if !task.resource.submits() || task.submitted {
            return Ok(());
        }
        task.submitted = true;
        let frame = task.frame;
        self.now = self.now.max(now);
        self.frames[frame].phase = Phase::Submit(response, Box::new(Phase::AwaitTask(ticket)));
        self.ready.push_back(frame);
        Ok(())
    }

    /// A heartbeat for the task with `ticket` (`SendTaskHeartbeat`): its heartbeat clock restarts.
    pub fn heartbeat(&mut self, ticket: u64, now: i64) -> Result<(), HostError> {
        if self.with_child(ticket, |child, t| drop(child.heartbeat(t, now))) {
            return Ok(());
        }
        let task = self.tasks.get_mut(&ticket).ok_or(HostError::UnknownTicket(ticket))?;
        task.heartbeat_deadline = task.heartbeat_seconds.map(|s| now.saturating_add(seconds_to_millis(s)));
        Ok(())
    }

    /// Stops the execution (`StopExecution`): ABORTED.
    pub fn abort(&mut self, now: i64, error: Option<String>, cause: Option<String>) {
        if self.outcome.is_some() {
            return;
        }
        self.now = self.now.max(now);
        // AWS-recorded (LocalStack's snapshot test_sfn_api `test_stop_execution`): ExecutionAborted
        // follows event 0.
        let details = history::failure("executionAbortedEventDetails", error.as_deref(), cause.as_deref());
        self.emit_raw(0, Cow::Borrowed("ExecutionAborted"), Some(details));
        self.outcome = Some(Outcome { status: Status::Aborted, output: None, error, cause });
    }

    /// Appends an event in `frame`'s thread (see [`history::Thread`] for the rules).
    pub(super) fn emit(
        &mut self,
        frame: FrameId,
        event_type: impl Into<Cow<'static, str>>,
        details: Option<Details>,
    ) -> u64 {
        let event = Event { now: self.now, event_type: event_type.into(), details, stages: None };
        match self.frames.get_mut(frame) {
            Some(f) => append(&mut self.history, &mut f.thread, event),
            None => self.emit_raw(0, event.event_type, event.details),
        }
    }

    /// Appends an event outside any frame's thread, after event `previous`.
    fn emit_raw(&mut self, previous: u64, event_type: Cow<'static, str>, details: Option<Details>) -> u64 {
        let event = Event { now: self.now, event_type, details, stages: None };
        append(&mut self.history, &mut Thread::from(previous), event)
    }

    /// Ends the execution with the top-level frame's result.
    pub(super) fn finish(&mut self, frame: FrameId, result: Result<Value, Fault>) -> u64 {
        let (status, event, details, output, fault) = match result {
            Ok(output) => {
                let details = Details::Json(
                    "executionSucceededEventDetails".into(),
                    object! {"output" => output.clone(), "outputDetails" => not_truncated()},
                );
                (
                    Status::Succeeded,
                    "ExecutionSucceeded",
                    details,
                    Some(output),
                    Fault { error: None, cause: None, origin: Origin::Own },
                )
            }
            Err(fault) => {
                let details =
                    history::failure("executionFailedEventDetails", fault.error.as_deref(), fault.cause.as_deref());
                (Status::Failed, "ExecutionFailed", details, None, fault)
            }
        };
        let id = self.emit(frame, event, Some(details));
        let cause = super::size::bounded_cause(fault.cause.filter(|c| !c.is_empty())); // as ExecutionFailed shows it
        self.outcome = Some(Outcome { status, output, error: fault.error, cause });
        id
    }

    /// Whether no limit is reached: the history's length, the step budget, the deadline.
    pub(super) fn within_limits(&self) -> bool {
        self.history.len() < self.max_history_events && self.steps < self.options.max_steps && self.now < self.deadline
    }

    fn check_limits(&mut self) -> Option<Step> {
        if self.within_limits() {
            return None; // checked between any two phases: the usual answer first
        }
        let over_history = self.history.len() >= self.max_history_events;
        let timed_out = self.now >= self.deadline;
        if timed_out {
            let details = history::failure("executionTimedOutEventDetails", Some("States.Timeout"), None);
            self.emit_raw(self.history.len() as u64, Cow::Borrowed("ExecutionTimedOut"), Some(details));
            self.outcome = Some(Outcome {
                status: Status::TimedOut,
                output: None,
                error: Some("States.Timeout".into()),
                cause: None,
            });
        } else {
            let cause = if over_history {
                format!(
                    "The execution reached the limit of {} history events.",
                    self.options.max_history_events.unwrap_or(0)
                )
            } else {
                format!("The execution exceeded this interpreter's budget of {} steps.", self.options.max_steps)
            };
            self.finish(0, Err(Fault::new(ErrorName::Runtime.as_str(), cause)));
        }
        self.finished()
    }

    /// [`Step::Finished`] once the execution is over.
    #[inline]
    fn finished(&self) -> Option<Step> {
        self.outcome.as_ref().map(|outcome| Step::Finished(Box::new(outcome.clone())))
    }

    /// Whether `frame` is still there and running (not finished, cancelled or released).
    #[inline]
    pub(super) fn is_live(&self, frame: FrameId) -> bool {
        self.frames.get(frame).is_some_and(|f| f.active)
    }

    fn wake_sleepers(&mut self) {
        let mut woken = Vec::new();
        while let Some(Reverse((at, _, frame))) = self.sleepers.peek().copied() {
            if at > self.now {
                break;
            }
            self.sleepers.pop();
            woken.push(frame);
        }
        for frame in woken.into_iter().rev() {
            if let Some(f) = self.frames.get_mut(frame).filter(|f| f.active) {
                if let Phase::Sleep(then) = std::mem::take(&mut f.phase) {
                    f.phase = *then;
                    self.ready.push_front(frame);
                }
            }
        }
    }

    /// Wakes `frame` at virtual time `until` (its phase must then be [`Phase::Sleep`]).
    pub(super) fn wake_at(&mut self, frame: FrameId, until: i64) {
        let seq = self.steps;
        self.sleepers.push(Reverse((until, seq, frame)));
    }

    fn next_wake(&self) -> Option<i64> {
        let sleeper = self.sleepers.peek().map(|Reverse((at, _, _))| *at);
        let task = self.tasks.values().filter_map(|t| earliest(t.deadline, t.heartbeat_deadline)).min();
        [sleeper, task, Some(self.deadline)].into_iter().flatten().min()
    }

    /// When an execution of `machine` started with `options` times out: its `TimeoutSeconds`,
    /// or the longest any execution runs.
    fn deadline(machine: &StateMachine, options: &StartOptions) -> i64 {
        let seconds = machine.timeout_seconds.unwrap_or(MAX_EXECUTION_SECONDS).min(options.max_seconds);
        options.start_time.saturating_add(seconds_to_millis(seconds))
    }

    pub(super) fn role_arn(&self) -> String {
        "arn:aws:iam::123456789012:role/StepFunctionsRole".to_owned()
    }

    pub(super) fn state_machine_arn(&self) -> String {
        format!("arn:aws:states:us-east-1:123456789012:stateMachine:{}", self.options.state_machine_name)
    }

    pub(super) fn execution_arn(&self) -> String {
        format!(
            "arn:aws:states:us-east-1:123456789012:execution:{}:{}",
            self.options.state_machine_name, self.options.name
        )
    }
}

pub(super) use super::history::not_truncated;

/// An event about to be appended: its time, type, details and data-flow stages.
pub(super) struct Event {
    pub now: i64,
    pub event_type: Cow<'static, str>,
    pub details: Option<Details>,
    pub stages: Option<Box<Stages>>,
}

/// Appends `event` to `history` in `thread` (see [`history::Thread`] for the rules); its id.
pub(super) fn append(history: &mut Vec<HistoryEvent>, thread: &mut Thread, event: Event) -> u64 {
    let link = link_of(&event.event_type);
    let id = history.len() as u64 + 1;
    let Event { now: timestamp, event_type, details, stages } = event;
    history.push(HistoryEvent { id, previous_event_id: thread.previous, timestamp, event_type, details, stages });
    thread.wrote(id, link);
    id
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Seconds → milliseconds, saturating.
pub(super) fn seconds_to_millis(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX).saturating_mul(1000)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use json_value::json;

    use super::*;

    const LOOP: &str = r#"{"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 3, "Next": "Increment"}], "Default": "Wait"},
        "Increment": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Wait": {"Type": "Wait", "Seconds": 0, "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;

    fn start() -> Execution {
        let machine = crate::asl::load(LOOP).expect("a valid definition");
        Execution::start(Rc::new(machine), json!({}), StartOptions::default())
    }

    fn ids_and_types(execution: &Execution) -> Vec<(u64, u64, String)> {
        execution.history().iter().map(|e| (e.id, e.previous_event_id, e.event_type.to_string())).collect()
    }

    #[test]
    fn step_until_stops_at_the_event_asked_for_and_writes_what_steps_one_by_one_write() {
        let mut one_by_one = start();
        while !matches!(one_by_one.step(0), Step::Finished(_)) {}
        let mut until = start();
        assert!(matches!(until.step_until(0, 5), Step::Event(5)), "on to event 5, no further");
        assert_eq!(until.history().len(), 5);
        while !matches!(until.step_until(0, u64::MAX), Step::Finished(_)) {}
        assert_eq!(ids_and_types(&until), ids_and_types(&one_by_one));
        assert_eq!(until.outcome().map(|o| o.output.clone()), one_by_one.outcome().map(|o| o.output.clone()));
    }

    #[test]
    fn step_until_returns_what_is_not_an_event_at_once() {
        let mut execution = start();
        let step = execution.step_until(0, u64::MAX);
        let Step::Blocked { wake_at: Some(at) } = step else { panic!("the Wait blocks until its time: {step:?}") };
        let last = execution.history().last().map(|e| e.event_type.to_string());
        assert_eq!(last.as_deref(), Some("WaitStateEntered"));
        assert!(matches!(execution.step_until(at, u64::MAX), Step::Finished(_)));
        assert!(matches!(execution.step_until(at, u64::MAX), Step::Finished(_)), "finished stays finished");
    }
}

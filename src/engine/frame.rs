//! A frame: one thread of execution through a workflow (the top level, a Parallel branch, or a
//! Map iteration), and the phase its current state is in.

use std::rc::Rc;

use json_value::Value;

use super::history::{Stages, Thread};
use super::task::Resource;
use crate::asl::{State, Workflow};
use crate::data::variables::Variables;

/// Index of a frame in the execution's arena.
pub type FrameId = usize;

/// The execution's frames by id. A finished branch or iteration is released (a 10,000-item Map
/// would otherwise keep 10,000 frames to its end); its id is never given again, so the ids still
/// held elsewhere (a fan-out's children, the ready queue) find nothing, as for a stopped frame.
#[derive(Debug, Default)]
pub struct Frames(Vec<Option<Box<Frame>>>);

impl Frames {
    /// Adds a frame; its id.
    pub fn push(&mut self, frame: Frame) -> FrameId {
        self.0.push(Some(Box::new(frame)));
        self.0.len() - 1
    }

    /// The frame, unless it was released.
    pub fn get(&self, id: FrameId) -> Option<&Frame> {
        self.0.get(id)?.as_deref()
    }

    /// The frame, unless it was released.
    pub fn get_mut(&mut self, id: FrameId) -> Option<&mut Frame> {
        self.0.get_mut(id)?.as_deref_mut()
    }

    /// How many frames are not released.
    #[cfg(test)]
    pub fn live(&self) -> usize {
        self.0.iter().filter(|slot| slot.is_some()).count()
    }

    /// Frees a finished frame.
    pub fn release(&mut self, id: FrameId) {
        if let Some(slot) = self.0.get_mut(id) {
            *slot = None;
        }
    }
}

impl std::ops::Index<FrameId> for Frames {
    type Output = Frame;
    fn index(&self, id: FrameId) -> &Frame {
        self.get(id).expect("a live frame")
    }
}

impl std::ops::IndexMut<FrameId> for Frames {
    fn index_mut(&mut self, id: FrameId) -> &mut Frame {
        self.get_mut(id).expect("a live frame")
    }
}

/// One thread of execution.
#[derive(Debug)]
pub struct Frame {
    /// The workflow this frame walks.
    pub workflow: Rc<Workflow>,
    /// Who waits for this frame to finish.
    pub parent: Option<Parent>,
    /// Index of the current state in `workflow.states`.
    pub state: usize,
    /// Where the current state is.
    pub phase: Phase,
    /// The current state's raw input.
    pub input: Value,
    /// Id of the current state's `…StateEntered` event.
    pub entered_event: u64,
    /// The event the current state's entered event followed.
    pub entered_previous: u64,
    /// Virtual time the current state was entered.
    pub entered_time: i64,
    /// This frame's thread of events (the next event's `previousEventId`).
    pub thread: Thread,
    /// Attempts made per Retrier of the current state.
    pub retries: Vec<u64>,
    /// Retries of the current state so far (`$$.State.RetryCount`).
    pub retry_count: u64,
    /// For Map iterations: `$$.Map.Item.Index` and `.Value`.
    pub map_item: Option<(usize, Value)>,
    /// The current task's token (`$$.Task.Token`), for `.waitForTaskToken`.
    pub task_token: Option<String>,
    /// The data-flow stages of the current state, for the inspector (boxed when the first
    /// applies, then moved into the exit event: most states have none).
    pub stages: Option<Box<Stages>>,
    /// False once the frame finished or was cancelled.
    pub active: bool,
    /// The workflow variables this frame reads (its own scope, then its parents').
    pub vars: Rc<Variables>,
    /// What the current state's `Assign` evaluated to; assigned when the state exits, so every
    /// expression of the state reads the values as they were on entering it.
    pub pending_assign: Option<json_value::Map>,
    /// The current Distributed Map's `MapRunStarted` event (its `MapStateExited` follows it).
    pub map_run_started: u64,
}

/// The frame that waits for a child frame, and where the child's result goes.
#[derive(Debug, Clone)]
pub struct Parent {
    /// The Parallel or Map state's frame.
    pub frame: FrameId,
    /// Branch or item index.
    pub slot: usize,
    /// For Map iterations, the Map state's name (for `MapIteration…` events).
    pub map_name: Option<Rc<str>>,
    /// For Map iterations, the worker that runs it (see [`super::history::Thread`]).
    pub worker: usize,
}

/// A failure as it travels: AWS lets a Fail state leave out its error or cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// The error name.
    pub error: Option<String>,
    /// The cause.
    pub cause: Option<String>,
    /// Where it came from (which decides the events a failing Parallel or Map writes).
    pub origin: Origin,
}

/// Where a state's failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// The state's own work: a path, a task's error, a limit.
    #[default]
    Own,
    /// An evaluation that wrote `EvaluationFailed` (a JSONata expression, a Map's items).
    Evaluation,
    /// A Parallel branch or Map iteration (or the Map's tolerated failures).
    Inner,
    /// The task: its error, or its result over the payload limit.
    Task,
}

impl Fault {
    /// A failure of the state's own work with this error and cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Fault {
        Fault { error: Some(error.into()), cause: super::size::bounded_cause(Some(cause.into())), origin: Origin::Own }
    }

    /// The error name, or `""` when absent (for matching against `ErrorEquals`).
    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or_default()
    }

    /// Whether only its own name catches it: a States.DataLimitExceeded of the state's own data
    /// (one a task raised is an ordinary task failure).
    pub fn is_terminal(&self) -> bool {
        self.name() == crate::asl::ErrorName::DataLimitExceeded.as_str() && self.origin != Origin::Task
    }
}

impl From<crate::asl::Failure> for Fault {
    fn from(f: crate::asl::Failure) -> Fault {
        Fault::new(f.error, f.cause)
    }
}

/// Where the current state is. Each phase that runs writes at most one history event.
#[derive(Debug, Default)]
pub enum Phase {
    /// A Map iteration that has not started: writes `MapIterationStarted`.
    IterationStart,
    /// About to write `<Type>StateEntered`.
    #[default]
    Enter,
    /// About to run the state's body.
    Body,
    /// A task about to be scheduled (`TaskScheduled` / `LambdaFunctionScheduled`).
    Schedule(Box<TaskCall>),
    /// A task about to be started and handed to the host.
    Start(Box<TaskCall>),
    /// Waiting for the host to complete a task.
    AwaitTask(u64),
    /// The service took the task (`TaskSubmitted` with its response), then `then`.
    Submit(Value, Box<Phase>),
    /// The host completed the task.
    TaskDone(TaskResult),
    /// A result to pass through `ResultSelector`, `ResultPath` and `OutputPath`.
    Results(Value),
    /// Waiting for the clock (a Wait state, or a retry's backoff); then `then`.
    Sleep(Box<Phase>),
    /// A Parallel's branches or a Map's iterations are running.
    Fanout(Box<Fanout>),
    /// A Distributed Map's Map Run, able to go on (see [`super::map_run`]).
    MapRun(Box<super::map_run::MapRun>),
    /// A Map Run waiting for the host (S3, or its children's tasks).
    MapRunIdle(Box<super::map_run::MapRun>),
    /// All branches or iterations succeeded: writes `…StateSucceeded`.
    FanoutDone(Value),
    /// An evaluation of the state failed: writes `EvaluationFailed` (the field, if any).
    Evaluation(Box<(Fault, Option<String>)>),
    /// About to write `<Type>StateExited` and move on to the state at position `next` of the
    /// frame's workflow (`None`: the workflow ends here).
    Exit { output: Value, next: Option<usize> },
    /// The state failed: retry, catch, or fail the frame.
    Failed(Fault),
    /// The frame is done.
    Return(Result<Value, Fault>),
}

impl Phase {
    /// Whether the frame waits in this phase (for a task, the clock, its children or the
    /// host) rather than being able to run.
    pub fn waits(&self) -> bool {
        matches!(self, Phase::AwaitTask(_) | Phase::Sleep(_) | Phase::Fanout(_) | Phase::MapRunIdle(_))
    }
}

/// A task call being made.
#[derive(Debug, Clone)]
pub struct TaskCall {
    /// What is called.
    pub resource: Resource,
    /// The effective payload (after `Parameters`).
    pub payload: Value,
    /// `TimeoutSeconds` resolved.
    pub timeout_seconds: Option<u64>,
    /// `HeartbeatSeconds` resolved.
    pub heartbeat_seconds: Option<u64>,
    /// `Credentials` evaluated (`{"RoleArn": …}`).
    pub credentials: Option<Value>,
}

/// The host's answer to a task.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskResult {
    /// The service's response (for `lambda:invoke`, already wrapped: see
    /// [`super::task::lambda_invoke_response`]).
    Succeeded(Value),
    /// The task failed with this error and cause (a callback's SendTaskFailure may give
    /// neither). An error of States.Timeout is the task timing out.
    Failed {
        /// Error name (for a Lambda function: its `errorType`).
        error: Option<String>,
        /// Cause (for a Lambda function: its error document).
        cause: Option<String>,
    },
}

impl TaskResult {
    /// A failure with this error and cause.
    pub fn failed(error: impl Into<String>, cause: impl Into<String>) -> TaskResult {
        TaskResult::Failed { error: Some(error.into()), cause: Some(cause.into()) }
    }
}

/// Children of a Parallel or Map state, and their results so far.
#[derive(Debug)]
pub struct Fanout {
    /// Child frames started so far.
    pub children: Vec<FrameId>,
    /// Each slot's result (Map: in item order).
    pub results: Vec<Value>,
    /// How many children finished.
    pub finished: usize,
    /// Map: the items, and the effective input for `ItemSelector`.
    pub items: Vec<Value>,
    /// Map: the effective input (the `$` of `ItemSelector`).
    pub map_input: Value,
    /// Map: next item to start.
    pub next_item: usize,
    /// Map: most iterations running at once (0: no limit).
    pub max_concurrency: usize,
    /// Map: failed iterations, and how many may fail.
    pub failures: usize,
    /// Map: `ToleratedFailureCount` resolved.
    pub tolerated_count: Option<f64>,
    /// Map: `ToleratedFailurePercentage` resolved.
    pub tolerated_percentage: Option<f64>,
    /// Map: the threads of the workers that run the iterations.
    pub workers: Vec<Thread>,
    /// The compact JSON size of the results gathered so far (with their commas and brackets).
    pub result_bytes: usize,
}

impl Frame {
    /// A new frame at the start of `workflow`.
    pub fn new(
        workflow: Rc<Workflow>,
        input: Value,
        parent: Option<Parent>,
        thread: Thread,
        vars: Rc<Variables>,
    ) -> Frame {
        let state = workflow.position(&workflow.start_at).unwrap_or(0);
        Frame {
            workflow,
            parent,
            state,
            phase: Phase::Enter,
            input,
            entered_event: 0,
            entered_previous: 0,
            entered_time: 0,
            thread,
            retries: Vec::new(),
            retry_count: 0,
            map_item: None,
            task_token: None,
            stages: None,
            active: true,
            vars,
            pending_assign: None,
            map_run_started: 0,
        }
    }

    /// The current state's stages, to record one.
    pub fn stages_mut(&mut self) -> &mut Stages {
        self.stages.get_or_insert_default()
    }

    /// The state the frame is in.
    pub fn current(&self) -> Option<&State> {
        self.workflow.states.get(self.state)
    }
}

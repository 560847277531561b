//! The one loop that drives an execution, for every host (the `asl` CLI, the tests, the page's
//! engine Worker): it steps the engine, answers tasks by the same rules everywhere, advances the
//! virtual clock, and hands the host only what it alone can do: run Lambda handler snippets and
//! ask the user for callbacks. Like the engine it does no I/O ([`Driver::poll`] returns what to
//! do; [`Driver::answer`] and friends bring the answers).
//!
//! Who answers a task, in order:
//! 1. the MockConfigFile test case, when it mocks the state (by invocation number, as Step
//!    Functions Local counts them: per state, from 0, in the order tasks are scheduled);
//! 2. a Lambda function (`arn:aws:lambda:…:function:…` or `lambda:invoke`): its handler, run by
//!    the host ([`Handlers::Host`]), or an echo of its event ([`Handlers::Echo`]), or nobody
//!    ([`Handlers::None`]: the task fails with `MockResponseMissing`, naming the state);
//! 3. `sns:publish`: the outbox ([`Driver::outbox`]) and SNS's answer;
//! 4. anything else: its static response, when the host set one, else nobody (as 2).
//!
//! A `.waitForTaskToken` task with no mocked answer is called first (its function runs, or its
//! message is published, with the token), then waits for a callback ([`Poll::Waiting`]) that
//! [`Driver::answer`] delivers. Answers reach the engine in the order the tasks were invoked,
//! once nothing else can run at the current virtual time, so Parallel branches and Map
//! iterations start together as on AWS.

use std::collections::HashMap;
use std::rc::Rc;

use json_value::{object, Value};

use super::lambda::{lambda_event, lambda_function, returned, sns_publish, HandlerReply, OutboxMessage};
use super::mock_config::TestCase;
use super::s3::S3;
use super::MOCK_MISSING;
use crate::asl::StateMachine;
use crate::engine::task::Pattern;
use crate::engine::{Execution, Invocation, Outcome, StartOptions, Step, TaskResult};

/// How Lambda functions without a mocked answer are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handlers {
    /// The host runs their handlers ([`Poll::Run`]).
    Host,
    /// Each returns its event (benchmarks).
    Echo,
    /// None is: the task fails with `MockResponseMissing`.
    None,
}

/// When virtual time may jump to the next timer while callback tasks wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    /// At once (the CLI: nobody will answer a callback).
    Jump,
    /// Only when the host asks ([`Driver::let_time_pass`]): the page waits for the user.
    OnRequest,
}

/// What answers tasks.
#[derive(Debug, Clone)]
pub struct Answers {
    /// A MockConfigFile test case, asked first.
    pub test_case: Option<TestCase>,
    /// Lambda functions' handlers.
    pub handlers: Handlers,
    /// Static responses by resource ARN, for integrations other than Lambda and SNS.
    pub static_responses: HashMap<String, Value>,
    /// Whether other integrations without a static response return their payload (benchmarks)
    /// rather than fail.
    pub echo_integrations: bool,
    /// The mock S3 that answers S3 tasks (and a Distributed Map's ItemReader and ResultWriter)
    /// without a static response; what runs write stays in it ([`Driver::s3`]).
    pub s3: S3,
}

impl Answers {
    /// Nothing answers (each task fails, saying so) unless `test_case` does.
    pub fn test_case(test_case: Option<TestCase>) -> Answers {
        Answers {
            test_case,
            handlers: Handlers::None,
            static_responses: HashMap::new(),
            echo_integrations: false,
            s3: S3::new(),
        }
    }

    /// Every task returns its payload (`lambda:invoke` wrapped as AWS wraps it): benchmarks.
    pub fn echo() -> Answers {
        Answers { handlers: Handlers::Echo, echo_integrations: true, ..Answers::test_case(None) }
    }
}

/// Who answered a task (for the page: every default answer is visible).
#[derive(Debug, Clone, PartialEq)]
pub enum AnsweredBy {
    /// The test case of this name.
    TestCase(String),
    /// The handler of this function.
    Handler(String),
    /// An echo of the event (no handler).
    Echo,
    /// The SNS outbox.
    Outbox,
    /// The static response of this resource.
    StaticResponse(String),
    /// The mock S3.
    S3,
    /// A callback (SendTaskSuccess/Failure).
    Callback,
    /// Nothing: the task failed with `MockResponseMissing`.
    Missing,
}

/// A Lambda handler the host must run.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerCall {
    /// The task's ticket (give it back to [`Driver::answer`]).
    pub ticket: u64,
    /// The Task state's name.
    pub state: String,
    /// The function's name.
    pub function: String,
    /// The event the handler receives.
    pub event: Value,
    /// Lambda's `context` (functionName, awsRequestId, …).
    pub context: Value,
    /// Whether it is a `.waitForTaskToken` call: its result does not end the task.
    pub callback: bool,
    /// The id of the task's started event (see [`Invocation::started_event`]).
    pub started_event: u64,
}

/// A task waiting for a callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Its ticket.
    pub ticket: u64,
    /// The Task state's name.
    pub state: String,
    /// `$$.Task.Token`.
    pub token: String,
    /// What was sent with the token.
    pub payload: Value,
}

/// How many events one [`Driver::poll`] may write before it reports them. Each poll is one
/// unit of work for a host that shares its thread (the page's engine Worker checks its clock
/// every few polls), so this stays small.
pub const EVENTS_PER_POLL: usize = 8;

/// What the host has to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Poll {
    /// Events were added to the history (the newest id).
    Event(u64),
    /// Run these handlers (all of them, in any order, at once if it likes), then give each
    /// result to [`Driver::answer`].
    Run(Vec<HandlerCall>),
    /// These callback tasks wait: answer them ([`Driver::answer`]) or let time pass.
    Waiting(Vec<Pending>),
    /// The execution is over.
    Finished(Outcome),
}

/// The invocations of `state` counted in `counts` before this one (then counts this one).
fn count(counts: &mut Vec<(Rc<str>, usize)>, state: &Rc<str>) -> usize {
    if let Some((_, count)) = counts.iter_mut().find(|(name, _)| name == state) {
        *count += 1;
        return *count - 1;
    }
    counts.push((state.clone(), 1));
    0
}

/// One execution and the rules that answer its tasks.
#[derive(Debug)]
pub struct Driver {
    execution: Execution,
    answers: Answers,
    time: Time,
    now: i64,
    /// Invocations so far of each state a test case mocks (its numbering); a few states, so
    /// a list.
    counts: Vec<(Rc<str>, usize)>,
    /// Each task's state, sorted by ticket (tickets grow, so a task is appended).
    states: Vec<(u64, Rc<str>)>,
    /// Invoked at the current time, not yet answered, in order.
    batch: Vec<Invocation>,
    /// Answers for the batch, invocation by invocation (`None`: not answered yet).
    results: Vec<Option<TaskResult>>,
    /// Handler calls handed to the host and not returned yet.
    running: Vec<Running>,
    /// Callback tasks waiting for an answer.
    waiting: Vec<Pending>,
    /// What SNS published.
    outbox: Vec<OutboxMessage>,
    /// Who answered each task.
    answered_by: Vec<(u64, AnsweredBy)>,
    /// Calls of callback tasks that failed (the task still waits; shown, not guessed).
    failed_calls: Vec<(u64, TaskResult)>,
}

impl Driver {
    /// An execution of `machine` on `input`, answered by `answers`.
    pub fn new(machine: Rc<StateMachine>, input: Value, options: StartOptions, answers: Answers, time: Time) -> Driver {
        let now = options.start_time;
        Driver {
            execution: Execution::start(machine, input, options),
            answers,
            time,
            now,
            counts: Default::default(),
            states: Default::default(),
            batch: Vec::new(),
            results: Vec::new(),
            running: Vec::new(),
            waiting: Vec::new(),
            outbox: Vec::new(),
            answered_by: Vec::new(),
            failed_calls: Vec::new(),
        }
    }

    /// The mock S3, with what the run wrote.
    pub fn s3(&self) -> &S3 {
        &self.answers.s3
    }

    /// The execution (its history, its outcome).
    pub fn execution(&self) -> &Execution {
        &self.execution
    }

    /// The execution, given up.
    pub fn into_execution(self) -> Execution {
        self.execution
    }

    /// The virtual time now.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The SNS messages published so far.
    pub fn outbox(&self) -> &[OutboxMessage] {
        &self.outbox
    }

    /// Who answered each task so far, by ticket.
    pub fn answered_by(&self) -> &[(u64, AnsweredBy)] {
        &self.answered_by
    }

    /// The Task state of the task with this ticket.
    pub fn task_state(&self, ticket: u64) -> Option<String> {
        let at = self.states.binary_search_by_key(&ticket, |(t, _)| *t).ok()?;
        Some(self.states[at].1.to_string())
    }

    /// The callback tasks waiting now.
    pub fn waiting(&self) -> &[Pending] {
        &self.waiting
    }

    /// Calls made for callback tasks that failed (the tasks still wait for their callback).
    pub fn failed_calls(&self) -> &[(u64, TaskResult)] {
        &self.failed_calls
    }

    /// Goes on until the host has something to do. While handler calls are out (after
    /// [`Poll::Run`]), it answers `Poll::Run(vec![])`: return them first.
    ///
    /// Events alone do not end a poll until [`EVENTS_PER_POLL`] of them were written, or one
    /// was written after the driver answered tasks (so that what the answers sent, such as an
    /// SNS message, is seen right after the events before it): a poll writes at most
    /// `EVENTS_PER_POLL + 1` events.
    pub fn poll(&mut self) -> Poll {
        let before = self.execution.history().len() as u64;
        let mut answered = false;
        loop {
            if !self.running.is_empty() {
                return Poll::Run(Vec::new());
            }
            // Events go on to the poll's last one at once (after answers, each is returned).
            let last = if answered { 0 } else { before + EVENTS_PER_POLL as u64 };
            match self.execution.step_until(self.now, last) {
                Step::Event(id) => {
                    if answered || id - before >= EVENTS_PER_POLL as u64 {
                        return Poll::Event(id);
                    }
                }
                Step::Invoke(invocation) => self.batch.push(*invocation),
                Step::Finished(outcome) => return Poll::Finished(*outcome),
                Step::Blocked { wake_at } => {
                    if !self.batch.is_empty() {
                        let calls = self.answer_batch();
                        if !calls.is_empty() {
                            return Poll::Run(calls);
                        }
                        answered = true;
                        continue;
                    }
                    if !self.waiting.is_empty() && self.time == Time::OnRequest {
                        return Poll::Waiting(self.waiting.clone());
                    }
                    match wake_at {
                        Some(at) => self.now = self.now.max(at),
                        None => self.execution.abort(self.now, Some("HostBlocked".into()), None),
                    }
                }
            }
        }
    }

    /// What the handler of a [`HandlerCall`] did (an unknown ticket is ignored).
    pub fn handled(&mut self, ticket: u64, reply: HandlerReply) {
        let Some(at) = self.running.iter().position(|r| r.ticket == ticket) else { return };
        let Running { callback, resource, function, invocation, .. } = self.running.remove(at);
        self.answered_by.push((ticket, AnsweredBy::Handler(function)));
        match (callback, reply.into_task_result(&resource)) {
            (true, TaskResult::Succeeded(response)) => {
                let _ = self.execution.submitted(ticket, response, self.now);
            }
            (true, failed) => self.failed_calls.push((ticket, failed)),
            (false, result) => {
                if let Some(slot) = self.results.get_mut(invocation) {
                    *slot = Some(result);
                }
            }
        }
        if self.running.is_empty() {
            self.deliver();
        }
    }

    /// A callback for a waiting task (SendTaskSuccess / SendTaskFailure).
    pub fn answer(&mut self, ticket: u64, result: TaskResult) {
        let Some(at) = self.waiting.iter().position(|p| p.ticket == ticket) else { return };
        self.waiting.remove(at);
        self.answered_by.push((ticket, AnsweredBy::Callback));
        let _ = self.execution.complete(ticket, result, self.now);
    }

    /// Runs virtual time to the next timer (a Wait, a retry, a task's timeout, the execution's
    /// end), even while callback tasks wait; false when no timer is set.
    pub fn let_time_pass(&mut self) -> bool {
        match self.execution.step(self.now) {
            Step::Blocked { wake_at: Some(at) } => {
                self.now = self.now.max(at);
                true
            }
            _ => false,
        }
    }

    /// Stops the execution (`StopExecution`): handler calls still out and waiting callbacks are
    /// forgotten (their answers, if they come, are ignored).
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        self.running.clear();
        self.batch.clear();
        self.results.clear();
        self.waiting.clear();
        self.execution.abort(self.now, error, cause);
    }

    /// Answers what the driver can answer itself; the handler calls the host must run.
    fn answer_batch(&mut self) -> Vec<HandlerCall> {
        let mut calls = Vec::new();
        let batch = std::mem::take(&mut self.batch);
        self.results.clear();
        self.results.resize_with(batch.len(), || None);
        for (at, invocation) in batch.iter().enumerate() {
            self.remember_state(invocation);
            match self.decide(invocation) {
                Decision::Now(result, by) => {
                    self.answered_by.push((invocation.ticket, by));
                    self.results[at] = Some(result);
                }
                Decision::Handler(call) => calls.push((at, call)),
                Decision::Wait(call) => {
                    calls.extend(call.map(|call| (at, call)));
                    self.waiting.push(pending(invocation));
                }
            }
        }
        self.running = calls.iter().map(|(at, call)| running(*at, &batch[*at], call)).collect();
        self.batch = batch;
        if self.running.is_empty() {
            self.deliver();
        }
        calls.into_iter().map(|(_, call)| call).collect()
    }

    /// Notes the task's state under its ticket.
    fn remember_state(&mut self, invocation: &Invocation) {
        let entry = (invocation.ticket, invocation.state_name.clone());
        match self.states.binary_search_by_key(&invocation.ticket, |(t, _)| *t) {
            Ok(at) => self.states[at] = entry,
            Err(at) => self.states.insert(at, entry),
        }
    }

    /// Completes the batch's answered tasks in invocation order.
    fn deliver(&mut self) {
        let (mut batch, mut results) = (std::mem::take(&mut self.batch), std::mem::take(&mut self.results));
        for (invocation, result) in batch.drain(..).zip(results.drain(..)) {
            if let Some(result) = result {
                let _ = self.execution.complete(invocation.ticket, result, self.now);
            }
        }
        (self.batch, self.results) = (batch, results); // empty, their room kept for the next batch
    }

    fn decide(&mut self, invocation: &Invocation) -> Decision {
        if let Some(case) = self.answers.test_case.as_ref().filter(|c| c.mocks(&invocation.state_name)) {
            let number = count(&mut self.counts, &invocation.state_name);
            let result = super::test_case_answer(case, invocation, number);
            return Decision::Now(result, AnsweredBy::TestCase(case.name.clone()));
        }
        if invocation.resource.pattern == Pattern::WaitForTaskToken {
            return self.call_with_token(invocation);
        }
        let resource = &invocation.resource;
        if resource.is_lambda_function() || resource.is_lambda_invoke() {
            return self.lambda(invocation, false);
        }
        if let Some((result, by)) = self.publish(invocation) {
            return Decision::Now(result, by);
        }
        match self.answers.static_responses.get(&*resource.arn) {
            Some(value) => Decision::Now(
                TaskResult::Succeeded(value.clone()),
                AnsweredBy::StaticResponse(resource.arn.to_string()),
            ),
            None if resource.resource_type.ends_with("s3") => {
                let result = self.answers.s3.answer(resource, &invocation.payload, self.now);
                Decision::Now(result.unwrap_or_else(|| missing(invocation, "")), AnsweredBy::S3)
            }
            None if self.answers.echo_integrations => {
                Decision::Now(TaskResult::Succeeded(invocation.payload.clone()), AnsweredBy::Echo)
            }
            None => {
                let why = match &self.answers.test_case {
                    Some(case) => format!("test case \"{}\" does not mock this state", case.name),
                    None => {
                        "no response is set for this integration (use --mock-config, --name and --test-case)".to_owned()
                    }
                };
                Decision::Now(missing(invocation, &why), AnsweredBy::Missing)
            }
        }
    }

    /// A `.waitForTaskToken` task: AWS calls the function (or publishes the message, or sends
    /// it) with the token, then waits for the callback.
    fn call_with_token(&mut self, invocation: &Invocation) -> Decision {
        let resource = &invocation.resource;
        if resource.is_lambda_invoke() {
            return match self.lambda(invocation, true) {
                Decision::Handler(call) => Decision::Wait(Some(call)),
                _ => Decision::Wait(None),
            };
        }
        if let Some((TaskResult::Succeeded(response), _)) = self.publish(invocation) {
            let _ = self.execution.submitted(invocation.ticket, response, self.now);
        }
        Decision::Wait(None)
    }

    /// `sns:publish`: the message goes to the outbox.
    fn publish(&mut self, invocation: &Invocation) -> Option<(TaskResult, AnsweredBy)> {
        let resource = &invocation.resource;
        if &*resource.resource_type != "sns" || !resource.resource.starts_with("publish") {
            return None;
        }
        let (message, result) = sns_publish(&invocation.payload, message_id(invocation.ticket, self.now), self.now);
        self.outbox.push(message);
        Some((result, AnsweredBy::Outbox))
    }

    fn lambda(&mut self, invocation: &Invocation, callback: bool) -> Decision {
        let event = lambda_event(invocation);
        match self.answers.handlers {
            Handlers::Host => {
                let function = lambda_function(invocation);
                Decision::Handler(HandlerCall {
                    ticket: invocation.ticket,
                    state: invocation.state_name.to_string(),
                    context: lambda_context(&function, invocation),
                    function,
                    event,
                    callback,
                    started_event: invocation.started_event,
                })
            }
            Handlers::Echo => Decision::Now(returned(&invocation.resource, event), AnsweredBy::Echo),
            Handlers::None => {
                let why = match &self.answers.test_case {
                    Some(case) => format!("test case \"{}\" does not mock this state", case.name),
                    None => "no mock config was given (use --mock-config, --name and --test-case)".to_owned(),
                };
                Decision::Now(missing(invocation, &why), AnsweredBy::Missing)
            }
        }
    }
}

/// A handler call out with the host.
#[derive(Debug)]
struct Running {
    ticket: u64,
    /// Its invocation's place in the batch.
    invocation: usize,
    /// A `.waitForTaskToken` task's call: its result does not end the task.
    callback: bool,
    /// What the task calls (its result is shaped for it).
    resource: crate::engine::task::Resource,
    function: String,
}

/// The handler call `call` for the batch's invocation `at`, out with the host.
fn running(at: usize, invocation: &Invocation, call: &HandlerCall) -> Running {
    Running {
        ticket: call.ticket,
        invocation: at,
        callback: call.callback,
        resource: invocation.resource.clone(),
        function: call.function.clone(),
    }
}

enum Decision {
    /// Answered now.
    Now(TaskResult, AnsweredBy),
    /// The host runs this handler; its result is the task's.
    Handler(HandlerCall),
    /// A callback task: maybe a call first, then it waits.
    Wait(Option<HandlerCall>),
}

/// A readable, repeatable SNS `MessageId` for the task with `ticket` published at `now`.
fn message_id(ticket: u64, now: i64) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", ticket, now.rem_euclid(1 << 48))
}

fn pending(invocation: &Invocation) -> Pending {
    Pending {
        ticket: invocation.ticket,
        state: invocation.state_name.to_string(),
        token: invocation.task_token.clone().unwrap_or_default(),
        payload: invocation.payload.clone(),
    }
}

/// Lambda's `context` object, as a Node.js handler sees it (the functions are the host's).
fn lambda_context(function: &str, invocation: &Invocation) -> Value {
    // Lambda gives each call its own request id; ours is readable and repeatable:
    // <state>-<ticket>-<attempt> (the attempt counts from 1).
    let request_id = format!("{}-{}-{}", invocation.state_name, invocation.ticket, invocation.attempt);
    object! {
        "functionName" => function,
        "functionVersion" => "$LATEST",
        "invokedFunctionArn" => format!("arn:aws:lambda:{}:123456789012:function:{function}", invocation.resource.region),
        "memoryLimitInMB" => "128",
        "awsRequestId" => request_id,
        "logGroupName" => format!("/aws/lambda/{function}"),
        "logStreamName" => "2024/01/01/[$LATEST]00000000000000000000000000000000",
    }
}

fn missing(invocation: &Invocation, why: &str) -> TaskResult {
    let cause = format!("Task state \"{}\" calls {}, but {why}", invocation.state_name, invocation.resource.arn);
    TaskResult::failed(MOCK_MISSING, cause)
}

/// Runs to the end where no handler can run (the CLI, the tests): a handler call is answered by
/// `run` (the caller's stand-in), callbacks are never answered (virtual time runs to their
/// timeouts).
pub fn run_to_end(mut driver: Driver, run: impl Fn(&HandlerCall) -> HandlerReply) -> (Outcome, Execution) {
    let outcome = drive_to_end(&mut driver, run);
    (outcome, driver.into_execution())
}

/// [`run_to_end`], keeping the driver (its S3, its outbox).
pub fn drive_to_end(driver: &mut Driver, run: impl Fn(&HandlerCall) -> HandlerReply) -> Outcome {
    loop {
        match driver.poll() {
            Poll::Event(_) => {}
            Poll::Run(calls) => {
                for call in calls {
                    let result = run(&call);
                    driver.handled(call.ticket, result);
                }
            }
            Poll::Waiting(_) => {
                if !driver.let_time_pass() {
                    driver.stop(Some("HostBlocked".into()), None);
                }
            }
            Poll::Finished(outcome) => return outcome,
        }
    }
}

#[cfg(test)]
mod tests;

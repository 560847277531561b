//! One run as the page's engine Worker holds it: [`Command`]s in, [`Report`]s out, in the order
//! things happened (events, handler logs, SNS messages, who answered each task, callback tasks
//! waiting, the outcome). Pure, like the [`Driver`] it wraps: the Worker shell
//! (`src/web/engine_worker.rs`) only moves messages, runs handler calls in the sandbox and
//! yields between [`Session::pump`]s so that a Stop arrives however long the run.
//!
//! Reports and commands cross the Worker boundary as values ([`codec`]), written with the
//! `json_value::wire` codec so that a document shared by many events crosses once.

pub mod codec;
pub mod map_runs;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use json_value::Value;

use super::driver::{AnsweredBy, Answers, Driver, HandlerCall, Handlers, Pending, Poll, Time};
use super::lambda::{HandlerReply, OutboxMessage};
use super::mock_config::load_test_case;
use crate::engine::{HistoryEvent, Outcome, StartOptions, TaskResult};
pub use map_runs::{ChildView, MapRunView};

/// What to run and what answers its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// The definition's text (JSON or YAML).
    pub definition: String,
    /// The execution input.
    pub input: Value,
    /// The Lambda functions whose handler snippets the sandbox runs (name, JavaScript source);
    /// any other function a task calls returns its event (an echo, reported).
    pub handlers: Vec<(String, String)>,
    /// Static responses of other integrations, by resource ARN.
    pub static_responses: Vec<(String, Value)>,
    /// A MockConfigFile's text, and the state machine and test case in it that answer first.
    pub test_case: Option<(String, String, String)>,
    /// A handler call's time limit, in milliseconds.
    pub handler_limit_ms: u32,
    /// The mock S3's objects (an empty key makes an empty bucket).
    pub s3: Vec<S3Entry>,
}

/// An S3 object: bucket, key and content.
pub type S3Entry = (String, String, String);

/// What the page (or the sandbox) tells a running session.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A handler call's reply, and what the handler logged.
    Handled {
        /// The call's ticket.
        ticket: u64,
        /// What the handler did.
        reply: HandlerReply,
        /// Its `console.*` lines.
        logs: Vec<String>,
    },
    /// The user's answer to a waiting callback task (Send success / Send failure).
    Answer {
        /// The task's ticket.
        ticket: u64,
        /// The answer.
        result: TaskResult,
    },
    /// Run virtual time to the next timer.
    LetTimePass,
    /// Stop the execution (`StopExecution`).
    Stop,
}

/// A line a handler logged (or the playground wrote about a task).
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// The Task state.
    pub state: String,
    /// The line, with its level.
    pub line: String,
    /// The started event of the invocation that wrote it (0: not one invocation's line).
    pub event: u64,
}

/// A handler the sandbox must run.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// What to run.
    pub call: HandlerCall,
    /// Its time limit, in milliseconds.
    pub limit_ms: u32,
}

/// What happened, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// History events, in order.
    Events(Vec<HistoryEvent>),
    /// A log line.
    Log(LogLine),
    /// A message published to SNS.
    Outbox(OutboxMessage),
    /// Who answered a task.
    Answered {
        /// The task's ticket.
        ticket: u64,
        /// Its state.
        state: String,
        /// Who.
        by: AnsweredBy,
    },
    /// These callback tasks wait for the user.
    Waiting(Vec<Pending>),
    /// A handler call for the sandbox (the shell sends it there; the page never sees it).
    Call(Call),
    /// Something the user should know that is not an event (e.g. no timer to let pass).
    Notice(String),
    /// The Distributed Map runs, once the execution is over.
    MapRuns(Vec<MapRunView>),
    /// The objects the run wrote to the mock S3, once the execution is over.
    S3Written(Vec<S3Entry>),
    /// The execution is over.
    Finished(Outcome),
}

/// Whether a session has more to do at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// More to do: pump again (after letting messages in).
    Busy,
    /// Waiting for handler replies or the user.
    Idle,
    /// The execution is over.
    Done,
}

/// One running execution.
#[derive(Debug)]
pub struct Session {
    driver: Driver,
    handlers: HashSet<String>,
    limit_ms: u32,
    /// Calls out with the sandbox: their state, for their log lines.
    /// Calls out in the sandbox: their state, Lambda request id and started event.
    calls: HashMap<u64, (String, String, u64)>,
    /// How much of each of the driver's records has been reported.
    sent: Sent,
    /// The waiting tasks last reported.
    waiting: Vec<u64>,
    done: bool,
}

#[derive(Debug, Default)]
struct Sent {
    events: usize,
    outbox: usize,
    answered: usize,
    failed_calls: usize,
}

impl Session {
    /// Loads the definition and the test case and starts the execution (a fixed seed and start
    /// time: the same run every time); why not, when they do not load.
    pub fn start(spec: RunSpec) -> Result<Session, String> {
        let machine = crate::asl::load(&spec.definition)
            .map_err(|problems| format!("The definition does not load ({} problems).", problems.len()))?;
        let test_case = match &spec.test_case {
            Some((config, machine, case)) => Some(
                load_test_case(config, machine, case)
                    .map_err(|p| format!("The test case cannot answer tasks: {}", p.join("; ")))?,
            ),
            None => None,
        };
        let answers = Answers {
            test_case,
            handlers: Handlers::Host,
            static_responses: spec.static_responses.into_iter().collect(),
            echo_integrations: false,
            s3: map_runs::s3_of(&spec.s3),
        };
        let driver = Driver::new(Rc::new(machine), spec.input, StartOptions::default(), answers, Time::OnRequest);
        Ok(Session {
            driver,
            handlers: spec.handlers.into_iter().map(|(name, _)| name).collect(),
            limit_ms: spec.handler_limit_ms,
            calls: HashMap::new(),
            sent: Sent::default(),
            waiting: Vec::new(),
            done: false,
        })
    }

    /// Runs at most `polls` steps of the driver; what happened, and whether there is more.
    pub fn pump(&mut self, polls: usize) -> (Vec<Report>, Progress) {
        let mut reports = Vec::new();
        if self.done {
            return (reports, Progress::Done);
        }
        for _ in 0..polls {
            let progress = self.poll_once(&mut reports);
            if progress != Progress::Busy {
                self.flush(&mut reports);
                return (reports, progress);
            }
        }
        self.flush(&mut reports);
        (reports, Progress::Busy)
    }

    /// Applies a command; what it reported at once (pump for the rest).
    pub fn command(&mut self, command: Command) -> Vec<Report> {
        let mut reports = Vec::new();
        match command {
            Command::Handled { ticket, reply, logs } => {
                let (state, request, event) = self.calls.remove(&ticket).unwrap_or_default();
                let lines = invocation_log(request, logs);
                reports.extend(lines.map(|line| Report::Log(LogLine { state: state.clone(), line, event })));
                self.driver.handled(ticket, reply);
            }
            Command::Answer { ticket, result } => self.driver.answer(ticket, result),
            Command::LetTimePass => {
                if !self.driver.let_time_pass() {
                    reports.push(Report::Notice(NO_TIMER.to_owned()));
                }
            }
            Command::Stop => {
                self.calls.clear();
                self.driver.stop(None, None);
            }
        }
        self.flush(&mut reports);
        reports
    }

    /// The execution (its history so far).
    pub fn driver(&self) -> &Driver {
        &self.driver
    }

    fn poll_once(&mut self, reports: &mut Vec<Report>) -> Progress {
        match self.driver.poll() {
            Poll::Event(_) => {
                if self.driver.outbox().len() > self.sent.outbox {
                    self.flush(reports); // the message goes out after the events before it
                }
                Progress::Busy
            }
            Poll::Run(calls) if calls.is_empty() => Progress::Idle,
            Poll::Run(calls) => self.run(calls, reports),
            Poll::Waiting(pending) => {
                let tickets: Vec<u64> = pending.iter().map(|p| p.ticket).collect();
                if tickets != self.waiting {
                    self.flush(reports);
                    self.waiting = tickets;
                    reports.push(Report::Waiting(pending));
                }
                Progress::Idle
            }
            Poll::Finished(outcome) => {
                self.flush(reports);
                self.done = true;
                let runs = map_runs::map_runs(self.driver.execution());
                if !runs.is_empty() {
                    reports.push(Report::MapRuns(runs));
                }
                let written = map_runs::written(self.driver.s3());
                if !written.is_empty() {
                    reports.push(Report::S3Written(written));
                }
                reports.push(Report::Finished(outcome));
                Progress::Done
            }
        }
    }

    /// Sends the calls of functions with a handler to the sandbox; echoes the others.
    fn run(&mut self, calls: Vec<HandlerCall>, reports: &mut Vec<Report>) -> Progress {
        self.flush(reports);
        let mut out = false;
        for call in calls {
            if self.handlers.contains(&call.function) {
                let request = call.context.get("awsRequestId").and_then(Value::as_str).unwrap_or_default().to_owned();
                self.calls.insert(call.ticket, (call.state.clone(), request, call.started_event));
                reports.push(Report::Call(Call { call, limit_ms: self.limit_ms }));
                out = true;
            } else {
                let line = format!("[playground] no handler for function \"{}\": it returned its event", call.function);
                reports.push(Report::Log(LogLine { state: call.state.clone(), line, event: call.started_event }));
                self.driver.handled(call.ticket, HandlerReply::Returned(call.event.to_string()));
            }
        }
        if out {
            Progress::Idle
        } else {
            Progress::Busy
        }
    }

    /// Reports what the driver recorded since the last flush: events first.
    fn flush(&mut self, reports: &mut Vec<Report>) {
        let history = self.driver.execution().history();
        if history.len() > self.sent.events {
            reports.push(Report::Events(history[self.sent.events..].to_vec()));
            self.sent.events = history.len();
        }
        for message in &self.driver.outbox()[self.sent.outbox..] {
            reports.push(Report::Outbox(message.clone()));
        }
        self.sent.outbox = self.driver.outbox().len();
        self.flush_answers(reports);
    }

    fn flush_answers(&mut self, reports: &mut Vec<Report>) {
        let state_of = |ticket: u64| self.driver.task_state(ticket).unwrap_or_default();
        for (ticket, by) in &self.driver.answered_by()[self.sent.answered..] {
            reports.push(Report::Answered { ticket: *ticket, state: state_of(*ticket), by: by.clone() });
        }
        self.sent.answered = self.driver.answered_by().len();
        for (ticket, failed) in &self.driver.failed_calls()[self.sent.failed_calls..] {
            // What AWS does when a callback task's call fails is not documented: shown, not guessed.
            let error = match failed {
                TaskResult::Failed { error: Some(error), .. } => error.as_str(),
                _ => "an error",
            };
            let line = format!("[playground] the call threw {error}; the task still waits for its callback");
            reports.push(Report::Log(LogLine { state: state_of(*ticket), line, event: 0 }));
        }
        self.sent.failed_calls = self.driver.failed_calls().len();
    }
}

/// A handler's log lines between the `START` and `END` lines Lambda writes for each invocation
/// in its CloudWatch log stream (Lambda's `REPORT` line is left out: its durations and memory are
/// not ours to tell).
fn invocation_log(request: String, logs: Vec<String>) -> impl Iterator<Item = String> {
    let start = format!("START RequestId: {request} Version: $LATEST");
    let end = format!("END RequestId: {request}");
    std::iter::once(start).chain(logs).chain(std::iter::once(end))
}

/// Why time cannot pass while a callback task waits.
pub const NO_TIMER: &str =
    "No timer is set (no TimeoutSeconds or HeartbeatSeconds): the task waits until you answer it.";

#[cfg(test)]
mod tests;

//! Drives an execution in the browser: the engine steps on a virtual clock, Lambda tasks run
//! their handler snippets in Workers, SNS publishes go to the outbox, and every event reaches
//! the page as an [`Action`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use gloo::timers::future::sleep;

use json_value::{json, Value};
use yew::Callback;

use super::worker::{run_handler, HandlerOutcome};
use crate::app::{Action, LogLine, PendingTask, StaticResponse};
use crate::asl::StateMachine;
use crate::engine::task::Pattern;
use crate::engine::{Execution, Invocation, StartOptions, Step, TaskResult};
use crate::examples::Handler;
use crate::exchange::history::Replay;
use crate::host::lambda::{returned, sns_publish, target, threw, timed_out, Target};
use crate::host::mock_config::TestCase;
use crate::host::test_case_answer;

/// How the page paces a run: pause, single steps, and a delay between events (the animation
/// speed). Shared between the controls and the running task.
#[derive(Debug, Default)]
pub struct Pacing {
    /// Hold before the next event.
    pub paused: bool,
    /// Events the user asked for one at a time while paused.
    pub steps: u32,
    /// Milliseconds between events (0: as fast as possible).
    pub delay_ms: u32,
}

/// Shared [`Pacing`].
pub type SharedPacing = Rc<RefCell<Pacing>>;

/// Waits until the next event may be shown.
async fn pace(pacing: &SharedPacing) {
    loop {
        let (paused, delay) = {
            let mut p = pacing.borrow_mut();
            if p.paused && p.steps > 0 {
                p.steps -= 1;
                return;
            }
            (p.paused, p.delay_ms)
        };
        if !paused {
            if delay > 0 {
                sleep(Duration::from_millis(u64::from(delay))).await;
            }
            return;
        }
        sleep(Duration::from_millis(40)).await;
    }
}

/// What the user does while callback tasks wait.
#[derive(Debug, Clone, PartialEq)]
pub enum UserAnswer {
    /// Send success or failure for the task with this ticket.
    Task(u64, TaskResult),
    /// Let virtual time run to the next timer (a task's TimeoutSeconds or HeartbeatSeconds).
    LetTimePass,
}

/// The user's answers to `.waitForTaskToken` tasks, waiting to be delivered.
pub type SharedAnswers = Rc<RefCell<VecDeque<UserAnswer>>>;

/// What to run, and the mocks that answer its tasks.
pub struct RunRequest {
    /// The state machine.
    pub machine: Arc<StateMachine>,
    /// The execution input.
    pub input: Value,
    /// Lambda handler snippets.
    pub handlers: Vec<Handler>,
    /// Other integrations' answers.
    pub responses: Vec<StaticResponse>,
    /// A handler's time limit.
    pub limit: Duration,
    /// A MockConfigFile test case that answers the states it mocks (before any handler).
    pub test_case: Option<TestCase>,
}

/// How a run talks to the page: actions out; pacing and the user's callback answers in.
pub struct RunHost {
    /// Where events and outcomes go.
    pub dispatch: Callback<Action>,
    /// Pause, step and speed.
    pub pacing: SharedPacing,
    /// Answers to `.waitForTaskToken` tasks.
    pub answers: SharedAnswers,
}

/// Runs a request to its end.
pub async fn run(request: RunRequest, host: RunHost) {
    let RunRequest { machine, input, handlers, responses, limit, test_case } = request;
    let mocks: Mocks = Rc::new((handlers, responses));
    let RunHost { dispatch, pacing, answers } = host;
    let options = StartOptions::default(); // a fixed seed and start time: the same run every time
    let mut now = options.start_time;
    let mut execution = Execution::start(machine, input, options);
    let mut reported = 0;
    let mut since_yield = 0;
    let mut waiting: Vec<u64> = Vec::new();
    // Tasks invoked at the current time, with the test case's answer when it has one.
    let mut invoked: Vec<(Invocation, Option<TaskResult>)> = Vec::new();
    let mut invocations: std::collections::HashMap<String, usize> = Default::default();
    answers.borrow_mut().clear();
    loop {
        let step = execution.step(now);
        for event in execution.history().get(reported..).unwrap_or_default() {
            pace(&pacing).await;
            dispatch.emit(Action::RunEvent(Box::new(event.clone())));
        }
        reported = execution.history().len();
        since_yield += 1;
        if since_yield == 200 {
            since_yield = 0;
            sleep(Duration::ZERO).await; // let the page breathe during long runs
        }
        match step {
            Step::Event(_) => {}
            Step::Invoke(invocation) => {
                let count = invocations.entry(invocation.state_name.clone()).or_default();
                *count += 1;
                // A state the test case mocks answers from it alone, as in the CLI and Step
                // Functions Local (running out of responses fails the task).
                let mocked = test_case
                    .as_ref()
                    .filter(|case| case.states().any(|s| s == invocation.state_name))
                    .map(|case| test_case_answer(case, &invocation, *count - 1));
                if mocked.is_some() {
                    invoked.push((invocation, mocked));
                } else if invocation.resource.pattern == Pattern::WaitForTaskToken {
                    // AWS calls the function (or publishes the message) with the token, then waits.
                    if !matches!(target(&invocation), Target::Other) {
                        let sent = answer(&invocation, &mocks, now, limit, &dispatch).await;
                        if let TaskResult::Failed { error, .. } = sent {
                            // What AWS does when the call itself fails is not documented: shown, not guessed.
                            let line = format!(
                                "[playground] the call threw {}; the task still waits for its callback",
                                error.as_deref().unwrap_or("an error")
                            );
                            dispatch.emit(Action::RunLog(LogLine { state: invocation.state_name.clone(), line }));
                        }
                    }
                    waiting.push(invocation.ticket);
                    dispatch.emit(Action::TaskPending(pending_task(&invocation)));
                } else {
                    invoked.push((invocation, None));
                }
            }
            // Nothing else can run now: the invoked tasks run together (Parallel branches and Map
            // iterations start at once, as on AWS), and complete in the order they were invoked.
            Step::Blocked { .. } if !invoked.is_empty() => {
                for batch in invoked.chunks(MAX_WORKERS) {
                    let results = answer_all(batch, &mocks, now, limit, &dispatch).await;
                    for ((invocation, _), result) in batch.iter().zip(results) {
                        let _ = execution.complete(invocation.ticket, result, now);
                    }
                }
                invoked.clear();
            }
            // A task waits for the user: no virtual time passes until they answer, or let it pass.
            Step::Blocked { wake_at } if !waiting.is_empty() => match next_answer(&answers).await {
                UserAnswer::Task(ticket, result) => {
                    waiting.retain(|t| *t != ticket);
                    dispatch.emit(Action::TaskAnswered(ticket));
                    let _ = execution.complete(ticket, result, now);
                }
                UserAnswer::LetTimePass => match wake_at {
                    Some(at) => now = now.max(at),
                    None => {
                        let message = "No timer is set (no TimeoutSeconds or HeartbeatSeconds): the task waits until you answer it.";
                        dispatch.emit(Action::Notify(Some(crate::app::Notice::Problem(message.into()))));
                    }
                },
            },
            Step::Blocked { wake_at: Some(at) } => now = now.max(at),
            Step::Blocked { wake_at: None } => {
                execution.abort(
                    now,
                    Some("Playground.NoCallback".into()),
                    Some("a task waits for a callback the playground cannot send yet".into()),
                );
            }
            Step::Finished(outcome) => {
                dispatch.emit(Action::RunFinished(outcome));
                return;
            }
        }
    }
}

/// What the page shows of a callback task waiting for the user.
fn pending_task(invocation: &Invocation) -> PendingTask {
    PendingTask {
        ticket: invocation.ticket,
        state: invocation.state_name.clone(),
        token: invocation.task_token.clone().unwrap_or_default(),
        payload: invocation.payload.clone(),
    }
}

/// Replays an imported history: its events reach the page at the run's pace; nothing executes.
pub async fn replay(replay: Replay, host: RunHost) {
    let RunHost { dispatch, pacing, .. } = host;
    dispatch.emit(Action::StartReplay(replay.visited_states()));
    for event in replay.events {
        pace(&pacing).await;
        dispatch.emit(Action::RunEvent(Box::new(event)));
    }
    dispatch.emit(match replay.outcome {
        Some(outcome) => Action::RunFinished(outcome),
        None => Action::ReplayIncomplete,
    });
}

async fn next_answer(answers: &SharedAnswers) -> UserAnswer {
    loop {
        if let Some(answer) = answers.borrow_mut().pop_front() {
            return answer;
        }
        sleep(Duration::from_millis(50)).await;
    }
}

/// The handler snippets and static responses a run answers tasks with.
type Mocks = Rc<(Vec<Handler>, Vec<StaticResponse>)>;

/// The most handler Workers running at once: more would compete for the CPU and hit their time
/// limits for no fault of their own.
const MAX_WORKERS: usize = 8;

/// Answers the invocations at once (each handler in its own Worker; a test case's answer as it
/// is), in the invocations' order.
async fn answer_all(
    invoked: &[(Invocation, Option<TaskResult>)],
    mocks: &Mocks,
    now: i64,
    limit: Duration,
    dispatch: &Callback<Action>,
) -> Vec<TaskResult> {
    let receivers: Vec<_> = invoked
        .iter()
        .map(|(invocation, mocked)| {
            let (send, receive) = futures_channel::oneshot::channel();
            let (invocation, mocked, mocks, dispatch) =
                (invocation.clone(), mocked.clone(), mocks.clone(), dispatch.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match mocked {
                    Some(result) => result,
                    None => answer(&invocation, &mocks, now, limit, &dispatch).await,
                };
                let _ = send.send(result);
            });
            receive
        })
        .collect();
    let mut results = Vec::with_capacity(receivers.len());
    for receive in receivers {
        let lost = || threw("Playground.WorkerError", "the handler's run was dropped");
        results.push(receive.await.unwrap_or_else(|_| lost()));
    }
    results
}

async fn answer(
    invocation: &Invocation,
    mocks: &Mocks,
    now: i64,
    limit: Duration,
    dispatch: &Callback<Action>,
) -> TaskResult {
    let (handlers, responses) = (&mocks.0, &mocks.1);
    match target(invocation) {
        Target::Lambda { function, event } => {
            let source = handlers.iter().find(|h| h.function_name == function).map(|h| h.source.clone());
            // A function without a snippet gets an echo handler.
            let source = source.unwrap_or_else(|| "export const handler = async (event) => event;".to_owned());
            // Lambda gives each call its own request id; ours is readable and repeatable:
            // <state>-<ticket>-<attempt> (the attempt counts from 1).
            let request_id = format!("{}-{}-{}", invocation.state_name, invocation.ticket, invocation.attempt);
            let context = json!({"functionName": function, "awsRequestId": request_id});
            match run_handler(&source, &event, &context, limit).await {
                Ok(run) => {
                    for line in run.logs {
                        dispatch.emit(Action::RunLog(LogLine { state: invocation.state_name.clone(), line }));
                    }
                    match run.outcome {
                        HandlerOutcome::Returned(value) => returned(&invocation.resource, value),
                        HandlerOutcome::Threw { error_type, message } => threw(&error_type, &message),
                        HandlerOutcome::TimedOut => timed_out(limit.as_secs_f64()),
                    }
                }
                Err(why) => threw("Playground.WorkerError", &why),
            }
        }
        Target::SnsPublish => {
            let id = format!("{:08x}-0000-4000-8000-{:012x}", invocation.ticket, now.rem_euclid(1 << 48));
            let (message, result) = sns_publish(&invocation.payload, id, now);
            dispatch.emit(Action::RunOutbox(message));
            result
        }
        Target::Other => {
            let text =
                responses.iter().find(|r| r.resource == invocation.resource.arn).map_or("{}", |r| r.text.as_str());
            match json_value::from_str(text) {
                Ok(value) => TaskResult::Succeeded(value),
                Err(e) => threw("Playground.InvalidStaticResponse", &format!("the static response is not JSON: {e}")),
            }
        }
    }
}

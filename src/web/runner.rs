//! Drives an execution in the browser: the engine steps on a virtual clock, Lambda tasks run
//! their handler snippets in Workers, SNS publishes go to the outbox, and every event reaches
//! the page as an [`Action`].

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use yew::Callback;

use super::worker::{run_handler, HandlerOutcome};
use crate::app::{Action, LogLine};
use crate::asl::StateMachine;
use crate::engine::{Execution, Invocation, StartOptions, Step, TaskResult};
use crate::examples::Handler;
use crate::host::lambda::{returned, sns_publish, target, threw, timed_out, Target};

/// How long a handler may run before its Worker is terminated.
pub const HANDLER_TIME_LIMIT: Duration = Duration::from_secs(5);

/// Runs `machine` on `input` to its end, reporting through `dispatch`.
pub async fn run(machine: Arc<StateMachine>, input: Value, handlers: Vec<Handler>, dispatch: Callback<Action>) {
    let options = StartOptions::default(); // a fixed seed and start time: the same run every time
    let mut now = options.start_time;
    let mut execution = Execution::start(machine, input, options);
    let mut reported = 0;
    loop {
        let step = execution.step(now);
        for event in execution.history().get(reported..).unwrap_or_default() {
            dispatch.emit(Action::RunEvent(Box::new(event.clone())));
        }
        reported = execution.history().len();
        match step {
            Step::Event(_) => {}
            Step::Invoke(invocation) => {
                let result = answer(&invocation, &handlers, now, &dispatch).await;
                let _ = execution.complete(invocation.ticket, result, now);
            }
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

async fn answer(invocation: &Invocation, handlers: &[Handler], now: i64, dispatch: &Callback<Action>) -> TaskResult {
    match target(invocation) {
        Target::Lambda { function, event } => {
            let source = handlers.iter().find(|h| h.function_name == function).map(|h| h.source.clone());
            // A function without a snippet gets an echo handler.
            let source = source.unwrap_or_else(|| "export const handler = async (event) => event;".to_owned());
            let context = json!({"functionName": function, "awsRequestId": format!("{}-{}", invocation.state_name, invocation.attempt)});
            match run_handler(&source, &event, &context, HANDLER_TIME_LIMIT).await {
                Ok(run) => {
                    for line in run.logs {
                        dispatch.emit(Action::RunLog(LogLine { state: invocation.state_name.clone(), line }));
                    }
                    match run.outcome {
                        HandlerOutcome::Returned(value) => returned(&invocation.resource, value),
                        HandlerOutcome::Threw { error_type, message } => threw(&error_type, &message),
                        HandlerOutcome::TimedOut => timed_out(HANDLER_TIME_LIMIT.as_secs_f64()),
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
        Target::Other => TaskResult::Succeeded(json!({})),
    }
}

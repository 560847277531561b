//! Native drivers of the engine: mock responses from a MockConfigFile or a built-in echo, and a
//! run-to-completion loop on a virtual clock (waits, retries and timeouts take no real time).

pub mod lambda;
pub mod mock_config;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::asl::StateMachine;
use crate::engine::task::lambda_invoke_response;
use crate::engine::{Execution, Invocation, Outcome, StartOptions, Step, TaskResult};
use mock_config::TestCase;

/// Where a native run gets its task answers.
#[derive(Debug, Clone)]
pub enum Mocks {
    /// A MockConfigFile test case: a state it does not mock fails its task, clearly.
    TestCase(TestCase),
    /// Every task returns its payload (`lambda:invoke` wrapped as AWS wraps it): for benchmarks.
    Echo,
    /// No mocks: every task fails, clearly.
    None,
}

/// The error a task gets when nothing answers for it (not an AWS error name: the message says why).
pub const MOCK_MISSING: &str = "MockResponseMissing";

impl Mocks {
    /// The answer to `invocation`, the `count`-th (0-based) of its state.
    pub fn answer(&self, invocation: &Invocation, count: usize) -> TaskResult {
        match self {
            Mocks::Echo if invocation.resource.is_lambda_invoke() => {
                let payload = invocation.payload.get("Payload").cloned().unwrap_or(Value::Null);
                TaskResult::Succeeded(lambda_invoke_response(payload))
            }
            Mocks::Echo => TaskResult::Succeeded(invocation.payload.clone()),
            Mocks::TestCase(case) => case.response(&invocation.state_name, count).cloned().unwrap_or_else(|| {
                missing(
                    invocation,
                    &format!("test case \"{}\" has no response for invocation {count} of this state", case.name),
                )
            }),
            Mocks::None => missing(invocation, "no mock config was given (use --mock-config, --name and --test-case)"),
        }
    }
}

fn missing(invocation: &Invocation, why: &str) -> TaskResult {
    TaskResult::Failed {
        error: MOCK_MISSING.into(),
        cause: format!("Task state \"{}\" calls {}, but {why}", invocation.state_name, invocation.resource.arn),
    }
}

/// Runs an execution to its end, answering tasks from `mocks` and jumping the virtual clock to
/// each wake-up time.
pub fn run(machine: Arc<StateMachine>, input: Value, options: StartOptions, mocks: &Mocks) -> (Outcome, Execution) {
    let mut now = options.start_time;
    let mut execution = Execution::start(machine, input, options);
    let mut counts: HashMap<String, usize> = HashMap::new();
    loop {
        match execution.step(now) {
            Step::Event(_) => {}
            Step::Invoke(invocation) => {
                let count = counts.entry(invocation.state_name.clone()).or_insert(0);
                let result = mocks.answer(&invocation, *count);
                *count += 1;
                // The ticket was just issued, so completing it cannot fail.
                let _ = execution.complete(invocation.ticket, result, now);
            }
            Step::Blocked { wake_at: Some(at) } => now = now.max(at),
            Step::Blocked { wake_at: None } => {
                execution.abort(
                    now,
                    Some("HostBlocked".into()),
                    Some("every task waits for a callback that never comes".into()),
                );
            }
            Step::Finished(outcome) => return (outcome, execution),
        }
    }
}

//! Native drivers of the engine: mock responses from a MockConfigFile or a built-in echo, and a
//! run-to-completion loop on a virtual clock (waits, retries and timeouts take no real time).

pub mod lambda;
pub mod mock_config;

use std::collections::HashMap;
use std::sync::Arc;

use json_value::Value;

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
            Mocks::TestCase(case) => test_case_answer(case, invocation, count),
            Mocks::None => missing(invocation, "no mock config was given (use --mock-config, --name and --test-case)"),
        }
    }
}

/// Test case `case`'s answer to `invocation`, the `count`-th (0-based) of its state: a state it
/// does not mock, or an invocation number it has no response for, fails the task, clearly.
pub fn test_case_answer(case: &TestCase, invocation: &Invocation, count: usize) -> TaskResult {
    case.response(&invocation.state_name, count).cloned().unwrap_or_else(|| {
        let why = format!("test case \"{}\" has no response for invocation {count} of this state", case.name);
        missing(invocation, &why)
    })
}

fn missing(invocation: &Invocation, why: &str) -> TaskResult {
    let cause = format!("Task state \"{}\" calls {}, but {why}", invocation.state_name, invocation.resource.arn);
    TaskResult::failed(MOCK_MISSING, cause)
}

/// Runs an execution to its end, answering tasks from `mocks` and jumping the virtual clock to
/// each wake-up time. Tasks are answered once nothing else can run at the current time, in the
/// order they were invoked: Parallel branches and Map iterations start together, as on AWS ("each
/// branch … as concurrently as possible"), instead of one finishing before the next starts.
pub fn run(machine: Arc<StateMachine>, input: Value, options: StartOptions, mocks: &Mocks) -> (Outcome, Execution) {
    let mut now = options.start_time;
    let mut execution = Execution::start(machine, input, options);
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut invoked: Vec<Invocation> = Vec::new();
    loop {
        match execution.step(now) {
            Step::Event(_) => {}
            Step::Invoke(invocation) => invoked.push(invocation),
            Step::Blocked { .. } if !invoked.is_empty() => {
                for invocation in invoked.drain(..) {
                    let count = counts.entry(invocation.state_name.clone()).or_insert(0);
                    let result = mocks.answer(&invocation, *count);
                    *count += 1;
                    // The ticket is outstanding, so completing it cannot fail.
                    let _ = execution.complete(invocation.ticket, result, now);
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    /// AWS runs a Parallel state's branches "as concurrently as possible" (States Language spec,
    /// Parallel State): every branch's task is scheduled before the first one's result arrives.
    #[test]
    fn parallel_branches_start_together_before_any_task_completes() {
        let task = |name: &str| json!({"StartAt": name, "States": {name: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": name}, "End": true}}});
        let definition = json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [task("A"), task("B"), task("C")]}}});
        let machine = Arc::new(crate::asl::load(&definition.to_string()).expect("valid"));
        let (outcome, execution) = run(machine, json!({}), StartOptions::default(), &Mocks::Echo);
        let kinds: Vec<&str> = execution.history().iter().map(|e| e.event_type.as_ref()).collect();
        let first_result = kinds.iter().position(|k| *k == "TaskSucceeded").expect("a result");
        assert_eq!(kinds[..first_result].iter().filter(|k| **k == "TaskScheduled").count(), 3, "{kinds:?}");
        assert_eq!(outcome.status, crate::engine::Status::Succeeded);
        assert_eq!(outcome.output.map(|o| o.as_array().map(|a| a.len())), Some(Some(3)));
    }
}

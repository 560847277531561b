//! Hosts of the engine: the one [`driver`] every host runs (the CLI, the tests, the page's engine
//! Worker), MockConfigFile test cases, and the shapes of Lambda and SNS answers.

pub mod driver;
pub mod lambda;
pub mod mock_config;
pub mod s3;
pub mod s3_folder;
pub mod session;

use std::rc::Rc;

use json_value::Value;

use crate::asl::StateMachine;
use crate::engine::{Execution, Invocation, Outcome, StartOptions, TaskResult};
pub use driver::{Answers, Driver, Handlers, Poll, Time};
use mock_config::TestCase;

/// Where a native run gets its task answers.
#[derive(Debug, Clone)]
pub enum Mocks {
    /// A MockConfigFile test case: a task nothing else answers fails, clearly.
    TestCase(TestCase),
    /// Every task returns its payload (`lambda:invoke` wrapped as AWS wraps it): for benchmarks.
    Echo,
    /// No mocks: a task nothing else answers fails, clearly.
    None,
}

impl Mocks {
    /// The driver's answers for these mocks.
    pub fn answers(&self) -> Answers {
        match self {
            Mocks::TestCase(case) => Answers::test_case(Some(case.clone())),
            Mocks::Echo => Answers::echo(),
            Mocks::None => Answers::test_case(None),
        }
    }
}

/// The error a task gets when nothing answers for it (not an AWS error name: the message says why).
pub const MOCK_MISSING: &str = "MockResponseMissing";

/// Test case `case`'s answer to `invocation`, the `count`-th (0-based) of its state: an
/// invocation number it has no response for fails the task, clearly.
pub fn test_case_answer(case: &TestCase, invocation: &Invocation, count: usize) -> TaskResult {
    case.response(&invocation.state_name, count).cloned().unwrap_or_else(|| {
        let why = format!("test case \"{}\" has no response for invocation {count} of this state", case.name);
        let cause = format!("Task state \"{}\" calls {}, but {why}", invocation.state_name, invocation.resource.arn);
        TaskResult::failed(MOCK_MISSING, cause)
    })
}

/// Runs an execution to its end with the [`Driver`], answering tasks from `mocks` and jumping the
/// virtual clock to each wake-up time (waits, retries and timeouts take no real time).
pub fn run(machine: Rc<StateMachine>, input: Value, options: StartOptions, mocks: &Mocks) -> (Outcome, Execution) {
    let (outcome, execution, _) = run_with_s3(machine, input, options, mocks, s3::S3::new());
    (outcome, execution)
}

/// [`run`] with a mock S3 that answers S3 tasks, a Distributed Map's ItemReader and its
/// ResultWriter; returns it with what the run wrote.
pub fn run_with_s3(
    machine: Rc<StateMachine>,
    input: Value,
    options: StartOptions,
    mocks: &Mocks,
    s3: s3::S3,
) -> (Outcome, Execution, s3::S3) {
    let mut driver = Driver::new(machine, input, options, Answers { s3, ..mocks.answers() }, Time::Jump);
    // These answers never ask the host to run a handler; were one asked, it would echo.
    let outcome = driver::drive_to_end(&mut driver, |call| lambda::HandlerReply::Returned(call.event.to_string()));
    let s3 = driver.s3().clone();
    (outcome, driver.into_execution(), s3)
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
        let machine = Rc::new(crate::asl::load(&definition.to_string()).expect("valid"));
        let (outcome, execution) = run(machine, json!({}), StartOptions::default(), &Mocks::Echo);
        let kinds: Vec<&str> = execution.history().iter().map(|e| e.event_type.as_ref()).collect();
        let first_result = kinds.iter().position(|k| *k == "TaskSucceeded").expect("a result");
        assert_eq!(kinds[..first_result].iter().filter(|k| **k == "TaskScheduled").count(), 3, "{kinds:?}");
        assert_eq!(outcome.status, crate::engine::Status::Succeeded);
        assert_eq!(outcome.output.map(|o| o.as_array().map(|a| a.len())), Some(Some(3)));
    }
}

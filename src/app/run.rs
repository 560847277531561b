//! One run as the playground shows it: the history so far, the outcome, the SNS outbox and the
//! handlers' logs; and each state's status, derived from the history alone.

use std::collections::HashMap;

use serde_json::Value;

use crate::engine::{Details, HistoryEvent, Outcome, Stages};
use crate::host::lambda::OutboxMessage;

/// The run shown in the playground.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// Whether it is running, or how it ended.
    pub status: RunStatus,
    /// The history so far.
    pub events: Vec<HistoryEvent>,
    /// Messages published to SNS.
    pub outbox: Vec<OutboxMessage>,
    /// What the handlers logged, by state.
    pub logs: Vec<LogLine>,
    /// `.waitForTaskToken` tasks waiting for the user's Send success / Send failure.
    pub pending: Vec<PendingTask>,
    /// The history was imported and is replayed, not executed.
    pub imported: bool,
}

/// A callback task waiting for its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingTask {
    /// The engine's ticket for it.
    pub ticket: u64,
    /// The Task state.
    pub state: String,
    /// `$$.Task.Token`.
    pub token: String,
    /// What the task sent (with the token in it).
    pub payload: Value,
}

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RunStatus {
    /// Nothing has run yet.
    #[default]
    Idle,
    /// Running.
    Running,
    /// Over.
    Finished(Outcome),
    /// A replayed history ended before its execution did (it was exported while running).
    Incomplete,
}

/// One `console.*` line of a handler.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// The Task state whose handler logged it.
    pub state: String,
    /// The line, with its level.
    pub line: String,
}

/// How a state fared in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateStatus {
    /// Entered and not yet exited.
    Running,
    /// A task of the state failed and will be (or is being) retried.
    Retrying,
    /// Exited normally.
    Succeeded,
    /// Exited through a Catcher.
    Caught,
    /// The execution failed in it.
    Failed,
}

impl StateStatus {
    /// A CSS-friendly name.
    pub fn as_str(self) -> &'static str {
        match self {
            StateStatus::Running => "running",
            StateStatus::Retrying => "retrying",
            StateStatus::Succeeded => "succeeded",
            StateStatus::Caught => "caught",
            StateStatus::Failed => "failed",
        }
    }
}

/// Each state's latest status, read from the history (as the graph will animate it).
pub fn state_statuses(events: &[HistoryEvent]) -> HashMap<String, StateStatus> {
    let mut statuses = HashMap::new();
    let mut current: Option<String> = None;
    let mut failed_in_state = false;
    for event in events {
        let kind = event.event_type.as_ref();
        if kind.ends_with("StateEntered") {
            current = event.state_name().map(str::to_owned);
            failed_in_state = false;
            set(&mut statuses, &current, StateStatus::Running);
        } else if kind.ends_with("StateExited") {
            let status = if failed_in_state { StateStatus::Caught } else { StateStatus::Succeeded };
            statuses.insert(event.state_name().unwrap_or_default().to_owned(), status);
        } else if kind.starts_with("Task") && kind.ends_with("Succeeded") || kind == "LambdaFunctionSucceeded" {
            failed_in_state = false; // a retry worked
            set(&mut statuses, &current, StateStatus::Running);
        } else if kind.ends_with("Failed") || kind.ends_with("TimedOut") {
            failed_in_state = true;
            if kind.starts_with("Execution") {
                // The states the failure passed through on its way out (a Parallel or Map holding
                // the failed branch) failed too.
                for status in statuses.values_mut().filter(|s| **s == StateStatus::Running) {
                    *status = StateStatus::Failed;
                }
                set(&mut statuses, &current, StateStatus::Failed);
            } else {
                set(&mut statuses, &current, StateStatus::Retrying);
            }
        } else if kind == "ExecutionSucceeded" {
            current = None;
        }
    }
    statuses
}

/// What the inspector shows for a state: its last visit's input, data-flow stages and output.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inspection {
    /// The state input (from its entered event).
    pub input: Option<Value>,
    /// The intermediate stages (from its exited event).
    pub stages: Stages,
    /// The state output (from its exited event).
    pub output: Option<Value>,
    /// Variables it assigned.
    pub assigned: Option<serde_json::Map<String, Value>>,
}

/// The inspector's view of the state called `name`, from the history.
pub fn inspect(events: &[HistoryEvent], name: &str) -> Option<Inspection> {
    let mut found: Option<Inspection> = None;
    for event in events.iter().filter(|e| e.state_name() == Some(name)) {
        if let Some(Details::State { entered, document, assigned, .. }) = &event.details {
            if *entered {
                found = Some(Inspection { input: Some(document.clone()), ..Inspection::default() });
            } else if let Some(inspection) = found.as_mut() {
                inspection.output = Some(document.clone());
                inspection.stages = event.stages.clone().unwrap_or_default();
                inspection.assigned = assigned.clone();
            }
        }
    }
    found
}

/// The transitions the run took, `(from, to)`, read from the history: each state entered right
/// after another exited.
pub fn taken_edges(events: &[HistoryEvent]) -> std::collections::HashSet<(String, String)> {
    let mut taken = std::collections::HashSet::new();
    let mut exited: Option<&str> = None;
    for event in events {
        let kind = event.event_type.as_ref();
        if kind.ends_with("StateExited") {
            exited = event.state_name();
        } else if kind.ends_with("StateEntered") {
            if let (Some(from), Some(to)) = (exited.take(), event.state_name()) {
                taken.insert((from.to_owned(), to.to_owned()));
            }
        }
    }
    taken
}

/// How many times each state's task was retried (attempts after the first), from the history.
pub fn retry_counts(events: &[HistoryEvent]) -> HashMap<String, u32> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut current: Option<&str> = None;
    let mut scheduled = 0u32;
    for event in events {
        let kind = event.event_type.as_ref();
        if kind.ends_with("StateEntered") {
            current = event.state_name();
            scheduled = 0;
        } else if kind == "TaskScheduled" || kind == "LambdaFunctionScheduled" {
            scheduled += 1;
            if let (Some(name), true) = (current, scheduled > 1) {
                counts.insert(name.to_owned(), scheduled - 1);
            }
        }
    }
    counts
}

fn set(statuses: &mut HashMap<String, StateStatus>, state: &Option<String>, status: StateStatus) {
    if let Some(name) = state {
        statuses.insert(name.clone(), status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl;
    use crate::engine::StartOptions;
    use crate::host::{self, mock_config, Mocks};
    use std::sync::Arc;

    fn statuses(case: &str, input: usize) -> HashMap<String, StateStatus> {
        let example = crate::examples::order();
        let machine = Arc::new(asl::load(example.definition).expect("valid"));
        let config = include_str!("../../static/examples/order/mock-config.json");
        let mocks = Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", case).expect("a case"));
        let (_, execution) = host::run(machine, example.inputs[input].input.clone(), StartOptions::default(), &mocks);
        state_statuses(execution.history())
    }

    #[test]
    fn a_successful_run_marks_each_visited_state_succeeded() {
        let s = statuses("InStock", 0);
        assert_eq!(s.get("ProcessPayment"), Some(&StateStatus::Succeeded));
        assert_eq!(s.get("InventoryChoice"), Some(&StateStatus::Succeeded));
        assert_eq!(s.get("NotifyFailure"), None);
    }

    #[test]
    fn caught_and_failed_states_are_told_apart() {
        let s = statuses("ThrottledFourTimes", 0);
        assert_eq!(s.get("CheckInventory"), Some(&StateStatus::Caught));
        assert_eq!(s.get("NotifyFailure"), Some(&StateStatus::Failed));
        let s = statuses("OutOfStock", 1);
        assert_eq!(s.get("FailState"), Some(&StateStatus::Failed));
        assert_eq!(s.get("NotifyFailure"), Some(&StateStatus::Succeeded));
    }

    #[test]
    fn a_parallel_whose_branch_fails_the_execution_is_marked_failed_too() {
        let definition = r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "Boom"}}}]}}}"#;
        let machine = Arc::new(asl::load(definition).expect("valid"));
        let (_, execution) = host::run(machine, serde_json::json!({}), StartOptions::default(), &Mocks::None);
        let s = state_statuses(execution.history());
        assert_eq!(
            (s.get("Fan"), s.get("B"), s.get("A")),
            (Some(&StateStatus::Failed), Some(&StateStatus::Failed), Some(&StateStatus::Succeeded))
        );
    }

    #[test]
    fn the_inspector_reads_input_stages_and_output() {
        let example = crate::examples::order();
        let machine = Arc::new(asl::load(example.definition).expect("valid"));
        let config = include_str!("../../static/examples/order/mock-config.json");
        let mocks = Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", "InStock").expect("a case"));
        let (_, execution) = host::run(machine, example.inputs[0].input.clone(), StartOptions::default(), &mocks);
        let seen = inspect(execution.history(), "CheckInventory").expect("visited");
        assert_eq!(seen.input.as_ref().map(|i| i["qty"].clone()), Some(serde_json::json!(2)));
        assert_eq!(
            seen.stages.after_parameters.as_ref().map(|p| p["Payload"]["orderId"].clone()),
            Some(serde_json::json!("A1001"))
        );
        assert_eq!(seen.output.as_ref().map(|o| o["inStock"].clone()), Some(serde_json::json!(true)));
        assert_eq!(inspect(execution.history(), "NotifyFailure"), None);
    }

    #[test]
    fn taken_edges_follow_the_run() {
        let example = crate::examples::order();
        let machine = Arc::new(asl::load(example.definition).expect("valid"));
        let config = include_str!("../../static/examples/order/mock-config.json");
        let mocks =
            Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", "OutOfStock").expect("a case"));
        let (_, execution) = host::run(machine, example.inputs[1].input.clone(), StartOptions::default(), &mocks);
        let taken = taken_edges(execution.history());
        let has = |a: &str, b: &str| taken.contains(&(a.to_owned(), b.to_owned()));
        assert!(has("InventoryChoice", "NotifyFailure") && has("NotifyFailure", "FailState"));
        assert!(!has("InventoryChoice", "ProcessPayment"));
        assert_eq!(taken.len(), 4);
    }

    #[test]
    fn retries_are_counted_per_state() {
        let example = crate::examples::order();
        let machine = Arc::new(asl::load(example.definition).expect("valid"));
        let config = include_str!("../../static/examples/order/mock-config.json");
        let mocks =
            Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", "ThrottledTwice").expect("a case"));
        let (_, execution) = host::run(machine, example.inputs[0].input.clone(), StartOptions::default(), &mocks);
        let counts = retry_counts(execution.history());
        assert_eq!((counts.get("CheckInventory"), counts.get("ValidateOrder")), (Some(&2), None));
    }

    #[test]
    fn retried_then_successful_tasks_end_succeeded() {
        let s = statuses("ThrottledTwice", 0);
        assert_eq!(s.get("CheckInventory"), Some(&StateStatus::Succeeded));
    }
}

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
    /// It was still running when the execution failed elsewhere (a sibling branch or iteration),
    /// so it was stopped.
    Stopped,
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
            StateStatus::Stopped => "stopped",
        }
    }
}

/// The state each event belongs to: a state's entered event names it, and every later event of
/// that state points back to it through `previousEventId` (branches and iterations run side by
/// side, so "the last state entered" is not enough).
fn owners(events: &[HistoryEvent]) -> Vec<Option<&str>> {
    let mut by_id: HashMap<u64, Option<&str>> = HashMap::with_capacity(events.len());
    let mut owners = Vec::with_capacity(events.len());
    for event in events {
        let owner = if event.event_type.ends_with("StateEntered") {
            event.state_name()
        } else {
            by_id.get(&event.previous_event_id).copied().flatten()
        };
        by_id.insert(event.id, owner);
        owners.push(owner);
    }
    owners
}

/// Each state's latest status, read from the history (as the graph will animate it).
pub fn state_statuses(events: &[HistoryEvent]) -> HashMap<String, StateStatus> {
    let mut statuses: HashMap<String, StateStatus> = HashMap::new();
    let mut containers: Vec<&str> = Vec::new();
    let mut failed_in: std::collections::HashSet<&str> = Default::default();
    for (event, owner) in events.iter().zip(owners(events)) {
        let kind = event.event_type.as_ref();
        let set = |statuses: &mut HashMap<String, StateStatus>, status| {
            if let Some(name) = owner {
                statuses.insert(name.to_owned(), status);
            }
        };
        if kind.ends_with("StateEntered") {
            if kind.starts_with("Parallel") || kind.starts_with("Map") {
                containers.extend(owner);
            }
            failed_in.retain(|name| Some(*name) != owner);
            set(&mut statuses, StateStatus::Running);
        } else if kind.ends_with("StateExited") {
            let caught = event.state_name().is_some_and(|name| failed_in.contains(name));
            let name = event.state_name().unwrap_or_default().to_owned();
            statuses.insert(name, if caught { StateStatus::Caught } else { StateStatus::Succeeded });
        } else if kind.starts_with("Task") && kind.ends_with("Succeeded") || kind == "LambdaFunctionSucceeded" {
            failed_in.retain(|name| Some(*name) != owner); // a retry worked
            set(&mut statuses, StateStatus::Running);
        } else if kind.starts_with("Execution")
            && (kind.ends_with("Failed") || kind.ends_with("TimedOut") || kind.ends_with("Aborted"))
        {
            // A Parallel or Map the failure passed through on its way out failed too; the states
            // still running in other branches or iterations were stopped.
            for (name, status) in statuses.iter_mut().filter(|(_, s)| **s == StateStatus::Running) {
                *status = if containers.contains(&name.as_str()) { StateStatus::Failed } else { StateStatus::Stopped };
            }
            set(&mut statuses, StateStatus::Failed);
        } else if kind.ends_with("Failed") || kind.ends_with("TimedOut") {
            failed_in.extend(owner);
            set(&mut statuses, StateStatus::Retrying);
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

/// The transitions the run took, `(from, to)`, read from the history: a state entered right
/// after another exited in the same thread of execution (its `previousEventId`).
pub fn taken_edges(events: &[HistoryEvent]) -> std::collections::HashSet<(String, String)> {
    let exited: HashMap<u64, &str> = events
        .iter()
        .filter(|e| e.event_type.ends_with("StateExited"))
        .filter_map(|e| Some((e.id, e.state_name()?)))
        .collect();
    events
        .iter()
        .filter(|e| e.event_type.ends_with("StateEntered"))
        .filter_map(|e| Some((exited.get(&e.previous_event_id)?.to_string(), e.state_name()?.to_owned())))
        .collect()
}

/// How many times each state's task was retried (attempts after the first), from the history.
pub fn retry_counts(events: &[HistoryEvent]) -> HashMap<String, u32> {
    let mut scheduled: HashMap<&str, u32> = HashMap::new();
    let mut counts: HashMap<String, u32> = HashMap::new();
    for (event, owner) in events.iter().zip(owners(events)) {
        let kind = event.event_type.as_ref();
        let Some(name) = owner else { continue };
        if kind.ends_with("StateEntered") {
            scheduled.insert(name, 0);
        } else if kind == "TaskScheduled" || kind == "LambdaFunctionScheduled" {
            let attempts = scheduled.entry(name).or_default();
            *attempts += 1;
            if *attempts > 1 {
                counts.insert(name.to_owned(), *attempts - 1);
            }
        }
    }
    counts
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
    fn a_task_failing_in_one_branch_is_told_apart_from_the_branches_it_stopped() {
        let task = |name: &str| {
            serde_json::json!({"StartAt": name, "States": {name: {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": name}, "End": true}}})
        };
        let definition = serde_json::json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true,
            "Branches": [task("A"), task("B"), task("C")]}}});
        let config = serde_json::json!({
            "StateMachines": {"M": {"TestCases": {"T": {"A": "Ok", "B": "Boom", "C": "Ok"}}}},
            "MockedResponses": {"Ok": {"0": {"Return": {"Payload": 1}}}, "Boom": {"0": {"Throw": {"Error": "Boom"}}}}
        });
        let machine = Arc::new(asl::load(&definition.to_string()).expect("valid"));
        let mocks = Mocks::TestCase(mock_config::load_test_case(&config.to_string(), "M", "T").expect("a case"));
        let (_, execution) = host::run(machine, serde_json::json!({}), StartOptions::default(), &mocks);
        let s = state_statuses(execution.history());
        let got = [("Fan", s.get("Fan")), ("A", s.get("A")), ("B", s.get("B")), ("C", s.get("C"))];
        let want = [StateStatus::Failed, StateStatus::Succeeded, StateStatus::Failed, StateStatus::Stopped];
        assert_eq!(got, [("Fan", Some(&want[0])), ("A", Some(&want[1])), ("B", Some(&want[2])), ("C", Some(&want[3]))]);
        // No edge between branches: each was entered from the Parallel's start, not from another.
        assert!(taken_edges(execution.history()).is_empty());
        assert!(retry_counts(execution.history()).is_empty());
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

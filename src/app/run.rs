//! One run as the playground shows it: the history so far, the outcome, the SNS outbox and the
//! handlers' logs; and each state's status, derived from the history alone.

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The maps of event ids these views build per render of a long history.
pub(crate) type IdMap<V> = crate::hash::HashMap<u64, V>;
pub(crate) type IdSet = crate::hash::HashSet<u64>;

use json_value::Value;

use super::history_index::HistoryIndex;
use crate::engine::{Details, HistoryEvent, Outcome, Stages};
use crate::host::driver::AnsweredBy;
pub use crate::host::driver::Pending as PendingTask;
use crate::host::lambda::OutboxMessage;
pub use crate::host::session::LogLine;

/// The run shown in the playground.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// Whether it is running, or how it ended.
    pub status: RunStatus,
    /// The history so far.
    pub events: Events,
    /// Messages published to SNS.
    pub outbox: Vec<OutboxMessage>,
    /// What the handlers logged, by state.
    pub logs: Vec<LogLine>,
    /// `.waitForTaskToken` tasks waiting for the user's Send success / Send failure.
    pub pending: Vec<PendingTask>,
    /// Who answered each task (ticket, state), in order.
    pub answered: Vec<(u64, String, AnsweredBy)>,
    /// The history was imported and is replayed, not executed.
    pub imported: bool,
    /// The Distributed Map runs, with their child executions (when the run is over).
    pub map_runs: Vec<crate::host::session::MapRunView>,
    /// What the run wrote to the mock S3: bucket, key, content.
    pub s3_written: Vec<crate::host::session::S3Entry>,
}

/// A run's history as the page holds it. Every action makes a new [`crate::app::State`] from
/// the last one; the clones of a history share one append-only list (each knows how many of
/// its events are its own), so no action copies the events: a 25,000-event run is not copied
/// on each scrub, keystroke or new batch of events.
#[derive(Clone, Default)]
pub struct Events {
    log: Rc<RefCell<Vec<HistoryEvent>>>,
    len: usize,
}

impl Events {
    /// The events, in order.
    pub fn slice(&self) -> Ref<'_, [HistoryEvent]> {
        Ref::map(self.log.borrow(), |log| &log[..self.len])
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The whole list this is a prefix of (the newest clone's events): what the views work out
    /// per event is worked out once for it, and a scrubbed prefix reads its first entries.
    pub fn full(&self) -> Events {
        Events { log: self.log.clone(), len: self.log.borrow().len() }
    }

    /// The first `count` events (all of them if there are fewer), sharing the list.
    pub fn prefix(&self, count: usize) -> Events {
        Events { log: self.log.clone(), len: self.len.min(count) }
    }

    /// Appends `events`: in place when this is the newest clone of the list, else to a copy of
    /// this clone's own events (an older state taken up again).
    pub fn extend(&mut self, events: impl IntoIterator<Item = HistoryEvent>) {
        if let Ok(mut log) = self.log.try_borrow_mut() {
            if log.len() == self.len {
                log.extend(events);
                self.len = log.len();
                return;
            }
        }
        let mut own = self.slice().to_vec();
        own.extend(events);
        self.len = own.len();
        self.log = Rc::new(RefCell::new(own));
    }
}

impl From<Vec<HistoryEvent>> for Events {
    fn from(events: Vec<HistoryEvent>) -> Events {
        Events { len: events.len(), log: Rc::new(RefCell::new(events)) }
    }
}

impl PartialEq for Events {
    fn eq(&self, other: &Events) -> bool {
        self.len == other.len && (Rc::ptr_eq(&self.log, &other.log) || *self.slice() == *other.slice())
    }
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.slice().iter()).finish()
    }
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
    /// The page stopped the engine (Stop that the engine could not obey in time, or the run's
    /// time budget), with why; the events up to then are kept.
    Stopped(String),
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

/// Each state's latest status, read from the history (as the graph will animate it; see
/// [`HistoryIndex::statuses`]).
pub fn state_statuses(events: &[HistoryEvent]) -> HashMap<String, StateStatus> {
    HistoryIndex::new(events).statuses(events.len())
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
    pub assigned: Option<json_value::Map>,
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
                inspection.stages = event.stages.as_deref().cloned().unwrap_or_default();
                inspection.assigned = assigned.clone();
            }
        }
    }
    found
}

/// The transitions the run took, `(from, to)`, read from the history (see
/// [`HistoryIndex::taken_edges`]).
pub fn taken_edges(events: &[HistoryEvent]) -> std::collections::HashSet<(String, String)> {
    HistoryIndex::new(events).taken_edges(events.len())
}

/// How many times each state's task was retried (attempts after the first, the most of any of
/// its visits), from the history (see [`HistoryIndex::retry_counts`]).
pub fn retry_counts(events: &[HistoryEvent]) -> HashMap<String, u32> {
    HistoryIndex::new(events).retry_counts(events.len())
}

#[cfg(test)]
mod tests {

    fn numbered(id: u64) -> HistoryEvent {
        HistoryEvent { id, previous_event_id: 0, timestamp: 0, event_type: "E".into(), details: None, stages: None }
    }

    fn ids(events: &Events) -> Vec<u64> {
        events.slice().iter().map(|e| e.id).collect()
    }

    #[test]
    fn a_clone_of_the_history_shares_its_events_and_keeps_its_own_length() {
        let mut newest = Events::from(vec![numbered(1), numbered(2)]);
        let older = newest.clone();
        newest.extend([numbered(3)]);
        assert!(Rc::ptr_eq(&older.log, &newest.log), "appending to the newest clone copies nothing");
        assert_eq!((ids(&older), ids(&newest)), (vec![1, 2], vec![1, 2, 3]));
        assert_ne!(older, newest);
        assert_eq!(newest.prefix(2), older);
    }

    #[test]
    fn extending_an_older_clone_copies_its_own_events_and_leaves_the_newer_alone() {
        let mut newest = Events::from(vec![numbered(1)]);
        let mut older = newest.clone();
        newest.extend([numbered(2)]);
        older.extend([numbered(9)]);
        assert_eq!((ids(&older), ids(&newest)), (vec![1, 9], vec![1, 2]));
        let held = newest.slice(); // a reader holding the list: an append copies instead of panicking
        let mut again = newest.clone();
        again.extend([numbered(3)]);
        assert_eq!((held.len(), ids(&again)), (2, vec![1, 2, 3]));
    }

    use super::*;
    use crate::asl;
    use crate::engine::StartOptions;
    use crate::host::{self, mock_config, Mocks};
    use std::rc::Rc;

    /// The history of the order example on its input `input`, answered by test case `case`.
    fn order_history(case: &str, input: usize) -> Vec<HistoryEvent> {
        let example = crate::examples::order();
        let machine = Rc::new(asl::load(example.definition).expect("valid"));
        let config = include_str!("../../static/examples/order/mock-config.json");
        let mocks = Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", case).expect("a case"));
        let (_, execution) =
            host::run(machine, Value::from(&example.inputs[input].input), StartOptions::default(), &mocks);
        execution.history().to_vec()
    }

    fn statuses(case: &str, input: usize) -> HashMap<String, StateStatus> {
        state_statuses(&order_history(case, input))
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
        let machine = Rc::new(asl::load(definition).expect("valid"));
        let (_, execution) = host::run(machine, json_value::json!({}), StartOptions::default(), &Mocks::None);
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
        let machine = Rc::new(asl::load(&definition.to_string()).expect("valid"));
        let mocks = Mocks::TestCase(mock_config::load_test_case(&config.to_string(), "M", "T").expect("a case"));
        let (_, execution) = host::run(machine, json_value::json!({}), StartOptions::default(), &mocks);
        let s = state_statuses(execution.history());
        let got = [("Fan", s.get("Fan")), ("A", s.get("A")), ("B", s.get("B")), ("C", s.get("C"))];
        let want = [StateStatus::Failed, StateStatus::Succeeded, StateStatus::Failed, StateStatus::Stopped];
        assert_eq!(got, [("Fan", Some(&want[0])), ("A", Some(&want[1])), ("B", Some(&want[2])), ("C", Some(&want[3]))]);
        // No edge between branches: each was entered from the Parallel's start, not from another.
        assert!(taken_edges(execution.history()).is_empty());
        assert!(retry_counts(execution.history()).is_empty());
    }

    fn run_with(
        definition: serde_json::Value,
        input: serde_json::Value,
        config: serde_json::Value,
    ) -> Vec<HistoryEvent> {
        let machine = Rc::new(asl::load(&definition.to_string()).expect("valid"));
        let mocks = Mocks::TestCase(mock_config::load_test_case(&config.to_string(), "M", "T").expect("a case"));
        let (_, execution) = host::run(machine, Value::from(&input), StartOptions::default(), &mocks);
        execution.history().to_vec()
    }

    fn task(name: &str) -> serde_json::Value {
        serde_json::json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": name}, "End": true})
    }

    #[test]
    fn a_parallel_or_map_whose_failure_is_caught_shows_caught_and_the_failed_task_failed() {
        let catch = serde_json::json!([{"ErrorEquals": ["States.ALL"], "Next": "After"}]);
        let config = serde_json::json!({
            "StateMachines": {"M": {"TestCases": {"T": {"A": "Boom"}}}},
            "MockedResponses": {"Boom": {"0-9": {"Throw": {"Error": "Boom"}}}}
        });
        let parallel = serde_json::json!({"StartAt": "Fan", "States": {
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": task("A")}}], "Catch": catch, "End": true},
            "After": {"Type": "Succeed"}}});
        let s = state_statuses(&run_with(parallel, serde_json::json!({}), config.clone()));
        assert_eq!(
            (s.get("Fan"), s.get("A"), s.get("After")),
            (Some(&StateStatus::Caught), Some(&StateStatus::Failed), Some(&StateStatus::Succeeded))
        );
        let map = serde_json::json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": task("A")}}, "Catch": catch, "End": true},
            "After": {"Type": "Succeed"}}});
        let s = state_statuses(&run_with(map, serde_json::json!([1, 2]), config));
        assert_eq!((s.get("Each"), s.get("A")), (Some(&StateStatus::Caught), Some(&StateStatus::Failed)));
    }

    #[test]
    fn retries_are_counted_per_visit_when_iterations_interleave() {
        let mut retried = task("A");
        retried["Retry"] = serde_json::json!([{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}]);
        let map = serde_json::json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": retried}}, "End": true}}});
        let config = serde_json::json!({
            "StateMachines": {"M": {"TestCases": {"T": {"A": "Flaky"}}}},
            "MockedResponses": {"Flaky": {"0-1": {"Throw": {"Error": "Flaky"}}, "2-3": {"Return": {"Payload": 1}}}}
        });
        let events = run_with(map, serde_json::json!([1, 2]), config);
        assert_eq!(retry_counts(&events).get("A"), Some(&1));
        assert_eq!(state_statuses(&events).get("A"), Some(&StateStatus::Succeeded));
    }

    #[test]
    fn the_inspector_reads_input_stages_and_output() {
        let history = order_history("InStock", 0);
        let seen = inspect(&history, "CheckInventory").expect("visited");
        assert_eq!(seen.input.as_ref().map(|i| i["qty"].clone()), Some(json_value::json!(2)));
        assert_eq!(
            seen.stages.after_parameters.as_ref().map(|p| p["Payload"]["orderId"].clone()),
            Some(json_value::json!("A1001"))
        );
        assert_eq!(seen.output.as_ref().map(|o| o["inStock"].clone()), Some(json_value::json!(true)));
        assert_eq!(inspect(&history, "NotifyFailure"), None);
    }

    #[test]
    fn taken_edges_follow_the_run() {
        let taken = taken_edges(&order_history("OutOfStock", 1));
        let has = |a: &str, b: &str| taken.contains(&(a.to_owned(), b.to_owned()));
        assert!(has("InventoryChoice", "NotifyFailure") && has("NotifyFailure", "FailState"));
        assert!(!has("InventoryChoice", "ProcessPayment"));
        assert_eq!(taken.len(), 4);
    }

    #[test]
    fn retries_are_counted_per_state() {
        let counts = retry_counts(&order_history("ThrottledTwice", 0));
        assert_eq!((counts.get("CheckInventory"), counts.get("ValidateOrder")), (Some(&2), None));
    }

    #[test]
    fn retried_then_successful_tasks_end_succeeded() {
        let s = statuses("ThrottledTwice", 0);
        assert_eq!(s.get("CheckInventory"), Some(&StateStatus::Succeeded));
    }
}

//! The inspector's tabs for one state, as the AWS console's state panel has them and more:
//! Input, Output, Data flow (every stage the state's data went through, each with what changed
//! from the stage before), Events, Logs and Error. Which tabs a state has and what each shows
//! is worked out here from the history; the component only renders it.

use json_value::Value;

use super::attempts::{error_and_cause, Attempt};
use super::explain::Explanation;
use crate::app::Inspection;
use crate::engine::HistoryEvent;
use crate::host::session::LogLine;

/// A tab of the inspector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The state input.
    Input,
    /// The state output.
    Output,
    /// Every stage, with a diff between stages.
    #[default]
    DataFlow,
    /// The state's own history events.
    Events,
    /// What its handler logged.
    Logs,
    /// How it failed, explained.
    Error,
}

impl Tab {
    /// Every tab, in the order shown.
    pub const ALL: [Tab; 6] = [Tab::Input, Tab::Output, Tab::DataFlow, Tab::Events, Tab::Logs, Tab::Error];

    /// What the tab says.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Input => "Input",
            Tab::Output => "Output",
            Tab::DataFlow => "Data flow",
            Tab::Events => "Events",
            Tab::Logs => "Logs",
            Tab::Error => "Error",
        }
    }

    /// The tab `step` places after this one among `tabs` (arrow keys; wraps around).
    pub fn step(self, tabs: &[Tab], step: isize) -> Tab {
        let Some(at) = tabs.iter().position(|t| *t == self) else { return tabs.first().copied().unwrap_or(self) };
        let n = tabs.len() as isize;
        tabs[((at as isize + step).rem_euclid(n)) as usize]
    }
}

/// The tab shown: the one picked when the state has it, else Error for a state that failed,
/// else Data flow.
pub fn shown_tab(picked: Tab, tabs: &[Tab]) -> Tab {
    if tabs.contains(&picked) {
        return picked;
    }
    [Tab::Error, Tab::DataFlow, Tab::Input].into_iter().find(|t| tabs.contains(t)).unwrap_or(Tab::DataFlow)
}

/// The tabs a state has: Input once it was entered, Output once it exited, Data flow when it has
/// either, Events when the history names it, Logs when its handler logged, Error when it failed.
pub fn tabs(seen: Option<&Inspection>, events: usize, logs: usize, error: bool) -> Vec<Tab> {
    let has = |tab: Tab| match tab {
        Tab::Input => seen.is_some_and(|s| s.input.is_some()),
        Tab::Output => seen.is_some_and(|s| s.output.is_some()),
        Tab::DataFlow => seen.is_some(),
        Tab::Events => events > 0,
        Tab::Logs => logs > 0,
        Tab::Error => error,
    };
    Tab::ALL.into_iter().filter(|t| has(*t)).collect()
}

/// One stage of a state's data flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The field that made it (`"Input"`, `"After InputPath"`, …).
    pub label: &'static str,
    /// The document at this stage.
    pub value: Value,
    /// What changed from the stage before (empty for the input).
    pub changes: Changes,
}

/// The stages of a state's data flow, in the order the fields apply (the States Language's
/// "Input and Output Processing"): Input, InputPath, Parameters/Arguments, the result,
/// ResultSelector, ResultPath, Output. Only the stages the history recorded are listed.
pub fn stages(seen: &Inspection) -> Vec<Stage> {
    let s = &seen.stages;
    let recorded = [
        ("Input", seen.input.as_ref()),
        ("After InputPath", s.after_input_path.as_ref()),
        ("After Parameters / Arguments", s.after_parameters.as_ref()),
        ("Result", s.result.as_ref()),
        ("After ResultSelector", s.after_result_selector.as_ref()),
        ("After ResultPath", s.after_result_path.as_ref()),
        ("Output", seen.output.as_ref()),
    ];
    let mut out: Vec<Stage> = Vec::new();
    for (label, value) in recorded {
        let Some(value) = value else { continue };
        let changes = out.last().map(|before| diff(&before.value, value)).unwrap_or_default();
        out.push(Stage { label, value: value.clone(), changes });
    }
    out
}

/// A change between two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where, as a JSONPath (`$.order.items[0]`).
    pub path: String,
    /// The value before (`None`: added).
    pub before: Option<Value>,
    /// The value after (`None`: removed).
    pub after: Option<Value>,
}

impl Change {
    /// `"added"`, `"removed"` or `"changed"`.
    pub fn kind(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        }
    }
}

/// The changes between two documents, at most [`MAX_CHANGES`] of them, and how many more.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The changes listed.
    pub listed: Vec<Change>,
    /// How many more there are.
    pub more: usize,
}

/// How many changes a stage lists.
pub const MAX_CHANGES: usize = 50;

/// What changed from `before` to `after`: members added, removed or changed (objects compared
/// member by member, arrays of the same length item by item; anything else as a whole).
pub fn diff(before: &Value, after: &Value) -> Changes {
    let mut changes = Changes::default();
    walk(before, after, &mut String::from("$"), &mut changes);
    changes
}

fn walk(before: &Value, after: &Value, path: &mut String, out: &mut Changes) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, old) in a.iter() {
                within(path, &member(key), |path| match b.get(key) {
                    Some(new) => walk(old, new, path, out),
                    None => record(out, path, Some(old), None),
                });
            }
            for (key, new) in b.iter().filter(|(key, _)| !a.contains_key(key)) {
                within(path, &member(key), |path| record(out, path, None, Some(new)));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (old, new)) in a.iter().zip(b.iter()).enumerate() {
                within(path, &format!("[{i}]"), |path| walk(old, new, path, out));
            }
        }
        _ if before == after => {}
        _ => record(out, path, Some(before), Some(after)),
    }
}

/// Runs `f` with `step` appended to `path`, then takes it off again.
fn within(path: &mut String, step: &str, f: impl FnOnce(&mut String)) {
    let len = path.len();
    path.push_str(step);
    f(path);
    path.truncate(len);
}

fn record(out: &mut Changes, path: &str, before: Option<&Value>, after: Option<&Value>) {
    if out.listed.len() == MAX_CHANGES {
        out.more += 1;
        return;
    }
    out.listed.push(Change { path: path.to_owned(), before: before.cloned(), after: after.cloned() });
}

/// A member's step in a JSONPath: `.name`, or `['odd name']` when it is not a plain name.
fn member(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        format!(".{key}")
    } else {
        format!("['{}']", key.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// The indices of the events of `state` (`states` from [`super::events::event_states`]).
pub fn state_events(states: &[Option<String>], state: &str) -> Vec<usize> {
    states.iter().enumerate().filter(|(_, s)| s.as_deref() == Some(state)).map(|(i, _)| i).collect()
}

/// What `state`'s handler logged; within a picked iteration or branch, only what the invocations
/// that started at the events `started` logged (and the lines of no one invocation).
pub fn state_logs(logs: &[LogLine], state: &str, started: Option<&crate::hash::HashSet<u64>>) -> Vec<String> {
    let mine =
        |l: &&LogLine| l.state == state && (l.event == 0 || started.as_ref().is_none_or(|s| s.contains(&l.event)));
    logs.iter().filter(mine).map(|l| l.line.clone()).collect()
}

/// How a state failed, the last time it did.
#[derive(Debug, Clone, PartialEq)]
pub struct StateError {
    /// The event that says so (`TaskFailed`, `ExecutionFailed`, …).
    pub event_type: String,
    /// The error name.
    pub error: String,
    /// The cause.
    pub cause: String,
    /// The error was retried or caught afterwards (the run went on).
    pub handled: bool,
}

/// The last error among `state`'s events (`indices` from [`state_events`]), and whether the
/// state went on after it (a retry, or a Catch leading elsewhere).
pub fn state_error(events: &[HistoryEvent], indices: &[usize]) -> Option<StateError> {
    let (at, event, (error, cause)) =
        indices.iter().rev().find_map(|i| Some((*i, &events[*i], error_and_cause(&events[*i])?)))?;
    let handled = indices.iter().any(|i| *i > at && events[*i].event_type.ends_with("StateExited"))
        || indices.iter().any(|i| *i > at && events[*i].event_type.ends_with("Scheduled"));
    Some(StateError { event_type: event.event_type.to_string(), error, cause, handled })
}

/// The execution's failure when the state was where it broke: `ExecutionFailed` follows one of
/// the state's events (a States.Runtime in its data flow has no event of the state's own).
fn failed_execution_at(events: &[HistoryEvent], states: &[Option<String>], name: &str) -> Option<StateError> {
    let last = events.last().filter(|e| e.event_type == "ExecutionFailed")?;
    let before = events.iter().rposition(|e| e.id == last.previous_event_id)?;
    if states.get(before)?.as_deref() != Some(name) {
        return None;
    }
    let (error, cause) = error_and_cause(last)?;
    Some(StateError { event_type: last.event_type.to_string(), error, cause, handled: false })
}

/// Everything the inspector shows of one state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateDetails {
    /// Its last visit's data.
    pub inspection: Option<Inspection>,
    /// Its task's attempts, each retry explained by the Retrier that asked for it.
    pub attempts: Vec<Attempt>,
    /// Its last events (at most `max_events`).
    pub events: Vec<HistoryEvent>,
    /// How many earlier events of it are left out.
    pub earlier_events: usize,
    /// What its handler logged.
    pub logs: Vec<String>,
    /// How it last failed; explained when the run did not go on after it.
    pub error: Option<(StateError, Option<Explanation>)>,
}

/// The inspector's view of `name` in `events`: `retriers` are the state's `Retry`, `definition`
/// the text the explanation's fix edits.
pub fn details(
    events: &[HistoryEvent],
    picked: bool,
    name: &str,
    logs: &[LogLine],
    retriers: &[crate::asl::Retrier],
    definition: &str,
    max_events: usize,
) -> StateDetails {
    let states = super::events::event_states(events);
    let mut attempts = super::attempts::attempts(events, &states, name);
    super::attempts::explain_retries(&mut attempts, retriers);
    let indices = state_events(&states, name);
    let error = state_error(events, &indices).or_else(|| failed_execution_at(events, &states, name)).map(|error| {
        let why = (!error.handled).then(|| super::explain::explain(&error.error, &error.cause, definition));
        (error, why)
    });
    let earlier_events = indices.len().saturating_sub(max_events);
    let started: Option<crate::hash::HashSet<u64>> = picked.then(|| {
        indices.iter().map(|i| &events[*i]).filter(|e| e.event_type.ends_with("Started")).map(|e| e.id).collect()
    });
    StateDetails {
        inspection: crate::app::inspect(events, name),
        attempts,
        events: indices[earlier_events..].iter().map(|i| events[*i].clone()).collect(),
        earlier_events,
        logs: state_logs(logs, name, started.as_ref()),
        error,
    }
}

/// Whether the attempts are worth a timeline: more than one, or one that failed.
pub fn attempts_worth_showing(attempts: &[Attempt]) -> bool {
    attempts.len() > 1 || attempts.iter().any(|a| a.error.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views::events::event_states;
    use crate::engine::{Details, Stages};
    use json_value::json;

    fn seen(input: Value, parameters: Value, result: Value, output: Value) -> Inspection {
        let stages = Stages {
            after_parameters: Some(parameters),
            result: Some(result),
            after_result_path: Some(output.clone()),
            ..Stages::default()
        };
        Inspection { input: Some(input), stages, output: Some(output), assigned: None }
    }

    #[test]
    fn a_tasks_data_flow_lists_each_recorded_stage_with_what_changed() {
        let state = seen(
            json!({"orderId": "o-1", "items": [1, 2]}),
            json!({"Payload": {"orderId": "o-1"}}),
            json!({"inStock": true}),
            json!({"orderId": "o-1", "items": [1, 2], "inventory": {"inStock": true}}),
        );
        let stages = stages(&state);
        let labels: Vec<&str> = stages.iter().map(|s| s.label).collect();
        assert_eq!(labels, ["Input", "After Parameters / Arguments", "Result", "After ResultPath", "Output"]);
        assert!(stages[0].changes.listed.is_empty());
        let kinds = |i: usize| -> Vec<(String, &'static str)> {
            stages[i].changes.listed.iter().map(|c| (c.path.clone(), c.kind())).collect()
        };
        assert_eq!(
            kinds(1),
            [("$.orderId".into(), "removed"), ("$.items".into(), "removed"), ("$.Payload".into(), "added")]
        );
        assert_eq!(
            kinds(3),
            [
                ("$.inStock".into(), "removed"),
                ("$.orderId".into(), "added"),
                ("$.items".into(), "added"),
                ("$.inventory".into(), "added")
            ]
        );
        assert!(stages[4].changes.listed.is_empty(), "OutputPath absent: the output is the ResultPath stage");
    }

    #[test]
    fn the_diff_goes_into_objects_and_same_length_arrays_and_names_odd_keys() {
        let changes =
            diff(&json!({"a": {"b": 1, "c": [1, 2]}, "x y": 1}), &json!({"a": {"b": 2, "c": [1, 3]}, "x y": 2}));
        let paths: Vec<&str> = changes.listed.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["$.a.b", "$.a.c[1]", "$['x y']"]);
        assert_eq!(changes.listed[0].before, Some(json!(1)));
        assert_eq!(changes.listed[0].after, Some(json!(2)));
        let resized = diff(&json!([1, 2]), &json!([1, 2, 3]));
        assert_eq!(resized.listed.len(), 1);
        assert_eq!(resized.listed[0].path, "$");
        assert_eq!(diff(&json!({"a": 1}), &json!({"a": 1})), Changes::default());
    }

    #[test]
    fn a_diff_lists_at_most_fifty_changes_and_counts_the_rest() {
        let wide = |v: i64| Value::Object((0..80).map(|i| (format!("k{i}"), json!(v))).collect());
        let changes = diff(&wide(1), &wide(2));
        assert_eq!((changes.listed.len(), changes.more), (MAX_CHANGES, 30));
    }

    #[test]
    fn tabs_follow_what_the_history_has_and_the_shown_tab_falls_back_sensibly() {
        let state = seen(json!({}), json!({}), json!({}), json!({}));
        let all = tabs(Some(&state), 3, 1, true);
        assert_eq!(all, Tab::ALL);
        let running = Inspection { input: Some(json!({})), ..Inspection::default() };
        assert_eq!(tabs(Some(&running), 2, 0, false), [Tab::Input, Tab::DataFlow, Tab::Events]);
        assert!(tabs(None, 0, 0, false).is_empty());
        assert_eq!(shown_tab(Tab::Logs, &[Tab::Input, Tab::DataFlow, Tab::Error]), Tab::Error);
        assert_eq!(shown_tab(Tab::Output, &[Tab::Input, Tab::DataFlow]), Tab::DataFlow);
        assert_eq!(shown_tab(Tab::Input, &[Tab::Input, Tab::DataFlow]), Tab::Input);
        assert_eq!(Tab::Input.step(&Tab::ALL, -1), Tab::Error);
        assert_eq!(Tab::Error.step(&Tab::ALL, 1), Tab::Input);
    }

    fn event(id: u64, previous: u64, kind: &str, details: Option<Details>) -> HistoryEvent {
        HistoryEvent::made(id, previous, 0, kind, details)
    }

    #[test]
    fn a_state_error_is_its_last_failure_and_says_whether_the_run_went_on() {
        let entered = Details::State { entered: true, name: "Check".into(), document: json!({}), assigned: None };
        let exited = Details::State { entered: false, name: "Check".into(), document: json!({}), assigned: None };
        let failed = || Some(Details::Json("taskFailedEventDetails".into(), json!({"error": "Boom", "cause": "bad"})));
        let mut events = vec![
            event(1, 0, "ExecutionStarted", None),
            event(2, 1, "TaskStateEntered", Some(entered)),
            event(3, 2, "TaskScheduled", None),
            event(4, 3, "TaskFailed", failed()),
        ];
        let states = event_states(&events);
        let mine = state_events(&states, "Check");
        assert_eq!(mine, [1, 2, 3]);
        let error = state_error(&events, &mine).expect("failed");
        assert_eq!((error.error.as_str(), error.cause.as_str(), error.handled), ("Boom", "bad", false));
        events.push(event(5, 4, "TaskStateExited", Some(exited)));
        let states = event_states(&events);
        assert!(state_error(&events, &state_events(&states, "Check")).expect("failed").handled, "caught: it exited");
        assert_eq!(state_error(&events, &[0]), None);
    }

    #[test]
    fn an_execution_that_broke_in_a_states_data_flow_is_that_states_error() {
        let entered = Details::State { entered: true, name: "Notify".into(), document: json!({}), assigned: None };
        let failed = Details::Json(
            "executionFailedEventDetails".into(),
            json!({"error": "States.Runtime", "cause": "no $.orderId"}),
        );
        let events = vec![
            event(1, 0, "ExecutionStarted", None),
            event(2, 1, "TaskStateEntered", Some(entered)),
            event(3, 2, "ExecutionFailed", Some(failed)),
        ];
        let seen = details(&events, false, "Notify", &[], &[], "{}", 10);
        let (error, why) = seen.error.expect("Notify's error");
        assert_eq!(
            (error.error.as_str(), error.event_type.as_str(), error.handled),
            ("States.Runtime", "ExecutionFailed", false)
        );
        assert!(why.is_some_and(|w| w.headline.contains("States.Runtime")));
        assert_eq!(details(&events, false, "Other", &[], &[], "{}", 10).error, None);
    }

    #[test]
    fn logs_are_the_states_own() {
        let line = |state: &str, line: &str, event: u64| LogLine { state: state.into(), line: line.into(), event };
        let logs = [line("A", "one", 3), line("B", "two", 4), line("A", "three", 9), line("A", "note", 0)];
        assert_eq!(state_logs(&logs, "A", None), ["one", "three", "note"]);
        // Within an iteration whose A started at event 9: its lines, and those of no one invocation.
        let started: crate::hash::HashSet<u64> = [9].into_iter().collect();
        let scoped = state_logs(&logs, "A", Some(&started));
        assert_eq!(scoped, ["three", "note"]);
    }
}

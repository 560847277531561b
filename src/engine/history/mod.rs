//! AWS-shaped history events: what `aws stepfunctions get-execution-history` prints, plus the
//! data-flow stages each state went through (for the inspector; not part of AWS's JSON).
//!
//! The rules, all from AWS-recorded histories (LocalStack's snapshot tests; the corpus beside the
//! project compares them event by event):
//! - which event each event follows (`previousEventId`): [`thread`];
//! - what each state writes: `…StateEntered`, its body, `…StateExited` (Fail: entered only);
//!   Parallel `ParallelStateStarted` → branches → `ParallelStateSucceeded`; Map `MapStateStarted
//!   {length}` → `MapIterationStarted/Succeeded/Failed {name, index}` → `MapStateSucceeded`;
//!   a failure that is final (not retried) writes `ParallelStateFailed`/`MapStateFailed`
//!   (`engine/failure.rs`), a failed JSONata evaluation `EvaluationFailed` first
//!   (`engine/states.rs`), a branch's failed Task `TaskStateAborted` (`engine/fanout.rs`);
//! - what a Task writes, per integration (`Task…`, `LambdaFunction…`, `Activity…`) and pattern
//!   (`TaskSubmitted` for `.sync` and `.waitForTaskToken`): `engine/task.rs` and
//!   `engine/task_state.rs`.

use std::borrow::Cow;

use json_value::{object, Map, Value};

use crate::data::timestamp;

pub mod thread;
pub use thread::{link_of, Link, Thread};

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in order of appending.
    pub id: u64,
    /// The event this one follows in its thread of execution (0 for the first).
    pub previous_event_id: u64,
    /// Virtual time, epoch milliseconds.
    pub timestamp: i64,
    /// AWS's event type, e.g. `"TaskStateEntered"`.
    pub event_type: Cow<'static, str>,
    /// The `<type>EventDetails` (`None`: the type has none).
    pub details: Option<Details>,
    /// For `…StateExited` events: the data-flow stages of the state (`None` when no stage
    /// applied; boxed, as most events have none).
    pub stages: Option<Box<Stages>>,
}

/// The intermediate data-flow stages of one state, in AWS's order. The input and output are in
/// the state's entered and exited events; a stage is `None` when it did not apply or changed
/// nothing (`InputPath: "$"`, no `Parameters`, a Pass state without `Result`, …).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stages {
    /// After `InputPath`.
    pub after_input_path: Option<Value>,
    /// After `Parameters` (the task's payload).
    pub after_parameters: Option<Value>,
    /// The task's (or Pass `Result`'s, or the branches') result.
    pub result: Option<Value>,
    /// After `ResultSelector`.
    pub after_result_selector: Option<Value>,
    /// After `ResultPath`.
    pub after_result_path: Option<Value>,
}

impl Stages {
    /// Whether no stage applied.
    pub fn is_empty(&self) -> bool {
        let Stages { after_input_path, after_parameters, result, after_result_selector, after_result_path } = self;
        [after_input_path, after_parameters, result, after_result_selector, after_result_path]
            .iter()
            .all(|s| s.is_none())
    }
}

/// An event's details: the frequent state and task events typed (cheap to record), the rest as
/// JSON.
#[derive(Debug, Clone)]
pub enum Details {
    /// `stateEnteredEventDetails` (`entered`) or `stateExitedEventDetails`.
    State {
        /// Entered or exited.
        entered: bool,
        /// The state's name (shared with the definition).
        name: std::rc::Rc<str>,
        /// Its input (entered) or output (exited).
        document: Value,
        /// The variables an exiting state assigned (`assignedVariables`).
        assigned: Option<Map>,
    },
    /// A task event's `<field>` (`taskScheduledEventDetails`, `lambdaFunctionSucceededEventDetails`,
    /// …): its members in AWS's order, made an object only when read as one (most events are
    /// only counted, or printed once).
    Members(&'static str, Vec<(&'static str, Value)>),
    /// A `MapIteration…` event's `{"name", "index"}` (a Map writes two per item; typed, they
    /// allocate nothing).
    Iteration {
        /// Which of the iteration's events.
        event: IterationEvent,
        /// The Map state's name.
        name: Value,
        /// The item's index.
        index: Value,
    },
    /// Any other `<field>` and its content (the name is borrowed when the engine wrote it, owned
    /// when the event came from an imported AWS history).
    Json(Cow<'static, str>, Value),
}

impl PartialEq for Details {
    /// Equal when AWS would print them the same (task details read back from JSON equal the
    /// typed ones they were written from).
    fn eq(&self, other: &Details) -> bool {
        match (self, other) {
            (Details::State { .. }, Details::State { .. }) => self.state_parts() == other.state_parts(),
            (Details::State { .. }, _) | (_, Details::State { .. }) => false,
            _ => self.to_aws_json() == other.to_aws_json(),
        }
    }
}

/// The events of a Map iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IterationEvent {
    /// `MapIterationStarted`.
    Started,
    /// `MapIterationSucceeded`.
    Succeeded,
    /// `MapIterationFailed`.
    Failed,
}

impl IterationEvent {
    /// The event's type.
    pub fn event_type(self) -> &'static str {
        match self {
            IterationEvent::Started => "MapIterationStarted",
            IterationEvent::Succeeded => "MapIterationSucceeded",
            IterationEvent::Failed => "MapIterationFailed",
        }
    }

    /// Its details' field.
    pub fn field(self) -> &'static str {
        match self {
            IterationEvent::Started => "mapIterationStartedEventDetails",
            IterationEvent::Succeeded => "mapIterationSucceededEventDetails",
            IterationEvent::Failed => "mapIterationFailedEventDetails",
        }
    }
}

impl From<(&'static str, Value)> for Details {
    fn from((field, value): (&'static str, Value)) -> Details {
        Details::Json(Cow::Borrowed(field), value)
    }
}

impl Details {
    /// The field name and content as AWS prints them (documents still as values).
    pub fn to_aws_json(&self) -> (&str, Value) {
        match self {
            Details::State { entered: true, name, document, .. } => (
                "stateEnteredEventDetails",
                object! {"name" => name.clone(), "input" => document.clone(), "inputDetails" => not_truncated()},
            ),
            Details::State { entered: false, name, document, assigned } => {
                let mut details =
                    object! {"name" => name.clone(), "output" => document.clone(), "outputDetails" => not_truncated()};
                if let Some(assigned) = assigned.as_ref().filter(|a| !a.is_empty()) {
                    // AWS: a map of variable name to the value as serialized JSON.
                    let serialized: Map =
                        assigned.iter().map(|(k, v)| (k.clone(), Value::from(v.to_json_string()))).collect();
                    details["assignedVariables"] = Value::Object(serialized);
                    details["assignedVariablesDetails"] = not_truncated();
                }
                ("stateExitedEventDetails", details)
            }
            Details::Members(field, members) => {
                (field, Value::Object(members.iter().map(|(key, value)| (*key, value.clone())).collect()))
            }
            Details::Iteration { event, name, index } => {
                (event.field(), object! {"name" => name.clone(), "index" => index.clone()})
            }
            Details::Json(field, value) => (field, value.clone()),
        }
    }

    fn state_parts(&self) -> Option<(bool, &str, &Value, Option<&Map>)> {
        match self {
            Details::State { entered, name, document, assigned } => Some((*entered, name, document, assigned.as_ref())),
            _ => None,
        }
    }

    /// A member of the details (`"name"`, `"error"`, …).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Details::State { .. } => None,
            Details::Members(_, members) => members.iter().find(|(name, _)| *name == key).map(|(_, value)| value),
            Details::Iteration { name, index, .. } => match key {
                "name" => Some(name),
                "index" => Some(index),
                _ => None,
            },
            Details::Json(_, value) => value.get(key),
        }
    }
}

impl HistoryEvent {
    /// An event made by hand, for the tests of the views that read histories.
    #[cfg(test)]
    pub fn made(id: u64, previous_event_id: u64, timestamp: i64, kind: &str, details: Option<Details>) -> HistoryEvent {
        HistoryEvent { id, previous_event_id, timestamp, event_type: kind.to_owned().into(), details, stages: None }
    }

    /// The event as AWS's API prints it.
    pub fn to_aws_json(&self) -> Value {
        let mut object = Map::new();
        object.insert(json_value::key!("timestamp"), Value::from(timestamp::format_millis(self.timestamp)));
        object.insert(json_value::key!("type"), Value::from(self.event_type.to_string()));
        object.insert(json_value::key!("id"), Value::from(self.id));
        object.insert(json_value::key!("previousEventId"), Value::from(self.previous_event_id));
        if let Some(details) = &self.details {
            let (field, details) = details.to_aws_json();
            object.insert(field, stringify_documents(&details));
        }
        Value::Object(object)
    }

    /// The `name` in the details, for state events and map iterations.
    pub fn state_name(&self) -> Option<&str> {
        match self.details.as_ref()? {
            Details::State { name, .. } => Some(name),
            other => other.get("name").and_then(Value::as_str),
        }
    }

    /// The `error` in the details, for failure events.
    pub fn error(&self) -> Option<&str> {
        self.details.as_ref()?.get("error").and_then(Value::as_str)
    }
}

/// Details keep documents as JSON values (cheap to record); AWS prints them as JSON strings.
const DOCUMENT_FIELDS: [&str; 3] = ["input", "output", "parameters"];

fn stringify_documents(details: &Value) -> Value {
    let Value::Object(map) = details else { return details.clone() };
    let converted = map.iter().map(|(key, value)| {
        let value = if DOCUMENT_FIELDS.contains(&&**key) { Value::from(value.to_json_string()) } else { value.clone() };
        (key.clone(), value)
    });
    Value::Object(converted.collect())
}

/// A JSON document for event details, and its `…Details` companion `{"truncated": false}`.
pub fn payload(value: &Value) -> (Value, Value) {
    (value.clone(), not_truncated())
}

/// `{"truncated": false}`.
pub(crate) fn not_truncated() -> Value {
    thread_local! {
        static NOT_TRUNCATED: Value = object! {"truncated" => false};
    }
    NOT_TRUNCATED.with(Value::clone)
}

/// `stateEnteredEventDetails`.
pub fn state_entered(name: &std::rc::Rc<str>, input: &Value) -> Details {
    Details::State { entered: true, name: name.clone(), document: input.clone(), assigned: None }
}

/// `stateExitedEventDetails`, with the variables the state assigned.
pub fn state_exited(name: &std::rc::Rc<str>, output: &Value, assigned: Option<Map>) -> Details {
    Details::State { entered: false, name: name.clone(), document: output.clone(), assigned }
}

/// `<field>` with `{"error", "cause"}`, leaving out what is absent (AWS omits a missing cause).
pub fn failure(field: &'static str, error: Option<&str>, cause: Option<&str>) -> Details {
    let mut object = Map::new();
    if let Some(error) = error {
        object.insert(json_value::key!("error"), Value::from(error.to_owned()));
    }
    // An empty cause is left out too: a task timeout's error output has `"Cause": ""` but its
    // ExecutionFailed has no cause (recorded: timeouts/test_timeouts `test_fixed_timeout_lambda`).
    if let Some(cause) = cause.filter(|c| !c.is_empty()) {
        object
            .insert(json_value::key!("cause"), Value::from(crate::engine::size::bounded_cause(Some(cause.to_owned()))));
    }
    Details::Json(Cow::Borrowed(field), Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    #[test]
    fn serializes_as_aws_prints_it() {
        let event = HistoryEvent {
            id: 2,
            previous_event_id: 1,
            timestamp: 0,
            event_type: Cow::Borrowed("PassStateEntered"),
            details: Some(state_entered(&"Hello".into(), &json!({"a": 1}))),
            stages: None,
        };
        assert_eq!(
            event.to_aws_json(),
            json!({
                "timestamp": "1970-01-01T00:00:00.000Z",
                "type": "PassStateEntered",
                "id": 2,
                "previousEventId": 1,
                "stateEnteredEventDetails": {"name": "Hello", "input": "{\"a\":1}", "inputDetails": {"truncated": false}}
            })
        );
        assert_eq!(event.state_name(), Some("Hello"));
    }

    #[test]
    fn failures_leave_out_what_is_absent() {
        assert_eq!(
            failure("executionFailedEventDetails", Some("E"), None),
            Details::Json("executionFailedEventDetails".into(), json!({"error": "E"}))
        );
        assert_eq!(
            failure("executionFailedEventDetails", None, None),
            Details::Json("executionFailedEventDetails".into(), json!({}))
        );
    }
}

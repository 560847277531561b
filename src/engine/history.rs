//! AWS-shaped history events: what `aws stepfunctions get-execution-history` prints, plus the
//! data-flow stages each state went through (for the inspector; not part of AWS's JSON).

use serde_json::{json, Map, Value};

use crate::data::timestamp;

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
    pub event_type: String,
    /// The `<type>EventDetails` object's field name and content (`None`: the type has none).
    pub details: Option<(&'static str, Value)>,
    /// For `…StateExited` events: the data-flow stages of the state.
    pub stages: Option<Stages>,
}

/// The data-flow stages of one state, in AWS's order (absent stages did not apply).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stages {
    /// The raw state input.
    pub input: Option<Value>,
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
    /// After `OutputPath`: the state output.
    pub output: Option<Value>,
}

impl HistoryEvent {
    /// The event as AWS's API prints it.
    pub fn to_aws_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("timestamp".into(), Value::String(timestamp::format_millis(self.timestamp)));
        object.insert("type".into(), Value::String(self.event_type.clone()));
        object.insert("id".into(), json!(self.id));
        object.insert("previousEventId".into(), json!(self.previous_event_id));
        if let Some((field, details)) = &self.details {
            object.insert((*field).into(), stringify_documents(details));
        }
        Value::Object(object)
    }

    /// The `name` in the details, for state events and map iterations.
    pub fn state_name(&self) -> Option<&str> {
        self.details.as_ref().and_then(|(_, d)| d.get("name")).and_then(Value::as_str)
    }

    /// The `error` in the details, for failure events.
    pub fn error(&self) -> Option<&str> {
        self.details.as_ref().and_then(|(_, d)| d.get("error")).and_then(Value::as_str)
    }
}

/// Details keep documents as JSON values (cheap to record); AWS prints them as JSON strings.
const DOCUMENT_FIELDS: [&str; 3] = ["input", "output", "parameters"];

fn stringify_documents(details: &Value) -> Value {
    let Value::Object(map) = details else { return details.clone() };
    let converted = map.iter().map(|(key, value)| {
        let value = if DOCUMENT_FIELDS.contains(&key.as_str()) {
            Value::String(serde_json::to_string(value).unwrap_or_default())
        } else {
            value.clone()
        };
        (key.clone(), value)
    });
    Value::Object(converted.collect())
}

/// A JSON document for event details, and its `…Details` companion `{"truncated": false}`.
pub fn payload(value: &Value) -> (Value, Value) {
    (value.clone(), json!({"truncated": false}))
}

/// `stateEnteredEventDetails`.
pub fn state_entered(name: &str, input: &Value) -> (&'static str, Value) {
    let (input, details) = payload(input);
    ("stateEnteredEventDetails", json!({"name": name, "input": input, "inputDetails": details}))
}

/// `stateExitedEventDetails`.
pub fn state_exited(name: &str, output: &Value) -> (&'static str, Value) {
    let (output, details) = payload(output);
    ("stateExitedEventDetails", json!({"name": name, "output": output, "outputDetails": details}))
}

/// `<field>` with `{"error", "cause"}`, leaving out what is absent (AWS omits a missing cause).
pub fn failure(field: &'static str, error: Option<&str>, cause: Option<&str>) -> (&'static str, Value) {
    let mut object = Map::new();
    if let Some(error) = error {
        object.insert("error".into(), Value::String(error.to_owned()));
    }
    if let Some(cause) = cause {
        object.insert("cause".into(), Value::String(cause.to_owned()));
    }
    (field, Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_aws_prints_it() {
        let event = HistoryEvent {
            id: 2,
            previous_event_id: 1,
            timestamp: 0,
            event_type: "PassStateEntered".into(),
            details: Some(state_entered("Hello", &json!({"a": 1}))),
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
        assert_eq!(failure("executionFailedEventDetails", Some("E"), None).1, json!({"error": "E"}));
        assert_eq!(failure("executionFailedEventDetails", None, None).1, json!({}));
    }
}

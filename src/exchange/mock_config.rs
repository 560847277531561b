//! MockConfigFiles in and out. Out: a test case written from a run, each task answering as it did
//! (`Return` the service's response, `Throw` the error and cause), so the same case runs in the
//! `asl` CLI, AWS Step Functions Local or LocalStack. In: the test cases a file defines, which the
//! playground can then answer tasks from (see [`crate::host::mock_config`]).

use std::collections::HashMap;

use json_value::{json, Map, Value};

use crate::engine::HistoryEvent;

/// The events that end a task invocation, and whether they are failures.
const RESULT_EVENTS: [(&str, bool); 6] = [
    ("TaskSucceeded", false),
    ("TaskFailed", true),
    ("TaskTimedOut", true),
    ("LambdaFunctionSucceeded", false),
    ("LambdaFunctionFailed", true),
    ("LambdaFunctionTimedOut", true),
];

/// `config` (a MockConfigFile's text, or a new file when `None`) with test case `case` of state
/// machine `machine` set to the task answers of the run in `events`.
pub fn with_test_case(
    config: Option<&str>,
    machine: &str,
    case: &str,
    events: &[HistoryEvent],
) -> Result<String, String> {
    let mut root: Value = match config {
        Some(text) => json_value::from_str(text).map_err(|e| format!("the mock config is not JSON: {e}"))?,
        None => json!({"StateMachines": {}, "MockedResponses": {}}),
    };
    let answers = answers_by_state(events);
    let mut mapping = Map::new();
    for (state, responses) in answers {
        let name = format!("{case}.{state}");
        mapping.insert(state, Value::from(name.clone()));
        object_at(&mut root, &["MockedResponses"])?.insert(name, numbered(responses));
    }
    object_at(&mut root, &["StateMachines", machine, "TestCases"])?.insert(case, Value::Object(mapping));
    Ok(json_value::to_string_pretty(&root))
}

/// Every `(state machine, test case)` a MockConfigFile defines, in file order.
pub fn test_cases(text: &str) -> Result<Vec<(String, String)>, String> {
    let root: Value = json_value::from_str(text).map_err(|e| format!("the mock config is not JSON: {e}"))?;
    let machines = root.get("StateMachines").and_then(Value::as_object).ok_or("no \"StateMachines\" object")?;
    let mut cases = Vec::new();
    for (machine, entry) in machines {
        let names = entry.get("TestCases").and_then(Value::as_object);
        cases.extend(names.into_iter().flat_map(|n| n.keys()).map(|case| (machine.to_string(), case.to_string())));
    }
    if cases.is_empty() {
        return Err("the mock config defines no test case".into());
    }
    Ok(cases)
}

/// The object at `path` in `root`, created as needed.
fn object_at<'a>(root: &'a mut Value, path: &[&str]) -> Result<&'a mut Map, String> {
    let mut current = root;
    for key in path {
        let object = current.as_object_mut().ok_or_else(|| format!("\"{key}\"'s parent is not an object"))?;
        current = object.get_or_insert_with(key, || json!({}));
    }
    current.as_object_mut().ok_or_else(|| format!("\"{}\" is not an object", path.join(".")))
}

/// Per state (in order of first invocation), the responses of its invocations in the order they
/// were scheduled, which is how Step Functions Local counts them.
fn answers_by_state(events: &[HistoryEvent]) -> Vec<(String, Vec<Value>)> {
    let by_id: HashMap<u64, &HistoryEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut answers: Vec<(u64, String, Value)> = Vec::new();
    for event in events {
        let Some(&(_, failed)) = RESULT_EVENTS.iter().find(|(t, _)| *t == event.event_type) else { continue };
        let Some((scheduled, state)) = invocation_of(event, &by_id) else { continue };
        let details = event.details.as_ref();
        let response = if failed {
            let text = |key| details.and_then(|d| d.get(key)).and_then(Value::as_str).map(str::to_owned);
            // A timeout can only be mocked as a thrown States.Timeout (it then replays as a
            // TaskFailed); a failure without an error name as States.TaskFailed.
            let default = if event.event_type.ends_with("TimedOut") { "States.Timeout" } else { "States.TaskFailed" };
            let error = text("error").unwrap_or_else(|| default.into());
            let mut throw = json!({"Error": error});
            if let Some(cause) = text("cause") {
                throw["Cause"] = Value::from(cause);
            }
            json!({"Throw": throw})
        } else {
            json!({"Return": details.and_then(|d| d.get("output")).cloned().unwrap_or(Value::Null)})
        };
        answers.push((scheduled, state, response));
    }
    answers.sort_by_key(|(scheduled, ..)| *scheduled);
    let mut by_state: Vec<(String, Vec<Value>)> = Vec::new();
    for (_, state, response) in answers {
        match by_state.iter_mut().find(|(s, _)| *s == state) {
            Some((_, list)) => list.push(response),
            None => by_state.push((state, vec![response])),
        }
    }
    by_state
}

/// The id of the scheduling event and the state's name, following `previousEventId` back from a
/// task's result to the state's entered event (past earlier attempts, when the task was retried).
fn invocation_of(result: &HistoryEvent, by_id: &HashMap<u64, &HistoryEvent>) -> Option<(u64, String)> {
    let mut scheduled = None;
    let mut current = result;
    loop {
        let previous = by_id.get(&current.previous_event_id).filter(|p| p.id < current.id)?;
        current = previous;
        let kind = current.event_type.as_ref();
        if scheduled.is_none() && (kind == "TaskScheduled" || kind == "LambdaFunctionScheduled") {
            scheduled = Some(current.id);
        }
        if kind.ends_with("StateEntered") {
            return Some((scheduled?, current.state_name()?.to_owned()));
        }
    }
}

/// `{"0": …, "1-2": …}`: equal consecutive responses share a range key.
fn numbered(responses: Vec<Value>) -> Value {
    let mut object = Map::new();
    let mut start = 0;
    for i in 1..=responses.len() {
        if i == responses.len() || responses[i] != responses[start] {
            let key = if i - 1 == start { start.to_string() } else { format!("{start}-{}", i - 1) };
            object.insert(key, responses[start].clone());
            start = i;
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests;

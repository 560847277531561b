//! Our own conformance fixtures: one JSON file per case under `tests/conformance/`, each written
//! from AWS's documented behaviour (its `source` names where), one generated `#[test]` each.
//!
//! A fixture: `{"source", "definition", "input", "mocks"?: {"State": [response, …]},
//! "expect": {"status", "output"?, "error"?, "cause"?, "events"?: ["ExecutionStarted", …],
//! "previous"?: [0, 0, 2, …]}}` (`previous`: each event's `previousEventId`, in order),
//! where a response is a MockConfigFile `{"Return": …}` or `{"Throw": {"Error", "Cause"}}`.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use asl_playground::asl;
use asl_playground::engine::StartOptions;
use asl_playground::host::{self, mock_config, Mocks};
use serde_json::{json, Map, Value};

include!(concat!(env!("OUT_DIR"), "/conformance_cases.rs"));

fn run_fixture(name: &str) {
    let path = format!("{}/tests/conformance/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let fixture: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expect = &fixture["expect"];
    let definition = fixture["definition"].to_string();
    let machine = match asl::load(&definition) {
        Ok(machine) => machine,
        Err(problems) => {
            assert_eq!(expect["status"], "INVALID_DEFINITION", "{name}: unexpected load problems {problems:?}");
            if let Some(codes) = expect.get("codes") {
                let found: Vec<Value> = problems.iter().map(|p| json!(p.code)).collect();
                assert_eq!(&Value::Array(found), codes, "{name}: diagnostic codes");
            }
            return;
        }
    };
    assert_ne!(expect["status"], "INVALID_DEFINITION", "{name}: the definition loaded");
    let mocks = mocks(&fixture["mocks"]);
    let input = json_value::Value::from(&fixture["input"]);
    let (outcome, execution) = host::run(Rc::new(machine), input, StartOptions::default(), &mocks);
    assert_eq!(
        outcome.status.as_str(),
        expect["status"],
        "{name}: status (error {:?}, cause {:?})",
        outcome.error,
        outcome.cause
    );
    if let Some(output) = expect.get("output") {
        assert_eq!(outcome.output.as_ref().map(|o| o.to_serde()).as_ref(), Some(output), "{name}: output");
    }
    if let Some(error) = expect.get("error") {
        assert_eq!(outcome.error.as_deref().map(Value::from).unwrap_or(Value::Null), *error, "{name}: error");
    }
    if let Some(cause) = expect.get("cause") {
        assert_eq!(outcome.cause.as_deref().map(Value::from).unwrap_or(Value::Null), *cause, "{name}: cause");
    }
    if let Some(events) = expect.get("events") {
        let types: Vec<Value> = execution.history().iter().map(|e| Value::from(e.event_type.as_ref())).collect();
        assert_eq!(&Value::Array(types), events, "{name}: event types");
    }
    if let Some(previous) = expect.get("previous") {
        let links: Vec<Value> = execution.history().iter().map(|e| Value::from(e.previous_event_id)).collect();
        assert_eq!(&Value::Array(links), previous, "{name}: previousEventId of each event");
    }
}

/// `{"State": [response, …]}` as a MockConfigFile test case.
fn mocks(spec: &Value) -> Mocks {
    let Some(states) = spec.as_object() else { return Mocks::None };
    let mut case = Map::new();
    let mut responses = Map::new();
    for (state, list) in states {
        let entry: Map<String, Value> =
            list.as_array().into_iter().flatten().enumerate().map(|(i, r)| (i.to_string(), r.clone())).collect();
        case.insert(state.clone(), Value::from(state.as_str()));
        responses.insert(state.clone(), Value::Object(entry));
    }
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": case}}}, "MockedResponses": responses});
    Mocks::TestCase(
        mock_config::load_test_case(&config.to_string(), "M", "T").unwrap_or_else(|p| panic!("mocks: {p:?}")),
    )
}

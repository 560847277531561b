use std::rc::Rc;

use json_value::json;

use super::*;
use crate::app::{state_statuses, taken_edges, StateStatus};
use crate::asl;
use crate::engine::{Execution, StartOptions};
use crate::host::{self, mock_config, Mocks};

fn order_run(case: &str) -> (Outcome, Execution) {
    let example = crate::examples::order();
    let machine = Rc::new(asl::load(example.definition).expect("valid"));
    let config = include_str!("../../../static/examples/order/mock-config.json");
    let mocks = Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", case).expect("a case"));
    host::run(machine, Value::from(&example.inputs[0].input), StartOptions::default(), &mocks)
}

/// The events without the playground's own additions (the data-flow stages), as a round trip
/// through AWS's JSON keeps them.
fn without_stages(events: &[HistoryEvent]) -> Vec<HistoryEvent> {
    events.iter().cloned().map(|e| HistoryEvent { stages: None, ..e }).collect()
}

#[test]
fn an_exported_history_imports_back_to_the_same_events_and_outcome() {
    for case in ["InStock", "OutOfStock", "ThrottledTwice", "ThrottledFourTimes"] {
        let (outcome, execution) = order_run(case);
        let text = export(execution.history());
        let replay = import(&text).expect("our own export imports");
        assert_eq!(replay.events, without_stages(execution.history()), "{case}");
        assert_eq!(replay.outcome, Some(outcome), "{case}");
    }
}

#[test]
fn the_export_is_an_events_object_with_documents_as_json_strings() {
    let (_, execution) = order_run("InStock");
    let value: Value = json_value::from_str(&export(execution.history())).expect("JSON");
    let first = &value["events"][0];
    assert_eq!(first["type"], "ExecutionStarted");
    assert_eq!(first["id"], 1);
    assert!(first["executionStartedEventDetails"]["input"].is_string());
}

#[test]
fn a_replayed_history_drives_the_graph_as_the_run_did() {
    let (_, execution) = order_run("ThrottledTwice");
    let replay = import(&export(execution.history())).expect("imports");
    assert_eq!(state_statuses(&replay.events), state_statuses(execution.history()));
    assert_eq!(taken_edges(&replay.events), taken_edges(execution.history()));
    assert_eq!(state_statuses(&replay.events).get("ProcessPayment"), Some(&StateStatus::Succeeded));
    assert_eq!(replay.visited_states(), ["ValidateOrder", "CheckInventory", "InventoryChoice", "ProcessPayment"]);
}

/// As AWS CLI v2 prints it: ISO-8601 timestamps with microseconds and the local offset, documents
/// as JSON strings (shape of the get-execution-history example in the AWS CLI reference).
const AWS_CLI_V2: &str = r#"{
    "events": [
        {
            "timestamp": "2024-03-05T10:15:30.123000+01:00",
            "type": "ExecutionStarted",
            "id": 1,
            "previousEventId": 0,
            "executionStartedEventDetails": {
                "input": "{\"name\":\"x\"}",
                "inputDetails": {"truncated": false},
                "roleArn": "arn:aws:iam::123456789012:role/service-role/StepFunctions-Role"
            }
        },
        {
            "timestamp": "2024-03-05T10:15:30.160000+01:00",
            "type": "PassStateEntered",
            "id": 2,
            "previousEventId": 0,
            "stateEnteredEventDetails": {"name": "Hello", "input": "{\"name\":\"x\"}", "inputDetails": {"truncated": false}}
        },
        {
            "timestamp": "2024-03-05T10:15:30.161000+01:00",
            "type": "PassStateExited",
            "id": 3,
            "previousEventId": 2,
            "stateExitedEventDetails": {
                "name": "Hello",
                "output": "{\"greeting\":\"hi x\"}",
                "outputDetails": {"truncated": false},
                "assignedVariables": {"count": "1"},
                "assignedVariablesDetails": {"truncated": false}
            }
        },
        {
            "timestamp": "2024-03-05T10:15:30.170000+01:00",
            "type": "ExecutionFailed",
            "id": 4,
            "previousEventId": 3,
            "executionFailedEventDetails": {"error": "States.Runtime", "cause": "boom"}
        }
    ]
}"#;

#[test]
fn an_aws_cli_v2_history_imports_with_its_times_documents_and_variables() {
    let replay = import(AWS_CLI_V2).expect("imports");
    assert_eq!(replay.events.len(), 4);
    assert_eq!(replay.events[0].timestamp, timestamp::parse_millis("2024-03-05T09:15:30.123Z").expect("valid"));
    assert_eq!(replay.events[1].state_name(), Some("Hello"));
    match &replay.events[2].details {
        Some(Details::State { entered: false, document, assigned, .. }) => {
            assert_eq!(document, &json!({"greeting": "hi x"}));
            assert_eq!(assigned.as_ref().and_then(|a| a.get("count")), Some(&json!(1)));
        }
        other => panic!("not an exited state: {other:?}"),
    }
    let outcome = replay.outcome.expect("the history is complete");
    assert_eq!(
        (outcome.status, outcome.error.as_deref(), outcome.cause.as_deref()),
        (Status::Failed, Some("States.Runtime"), Some("boom"))
    );
}

#[test]
fn a_reverse_order_listing_is_put_back_in_order_and_v1_epoch_seconds_are_read() {
    let mut value: Value = json_value::from_str(AWS_CLI_V2).expect("JSON");
    let events = value["events"].as_array_mut().expect("array");
    events.reverse();
    events[0]["timestamp"] = json!(1_709_630_130.17); // CLI v1 prints epoch seconds
    let replay = import(&value.to_string()).expect("imports");
    let ids: Vec<u64> = replay.events.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    assert_eq!(replay.events[3].timestamp, 1_709_630_130_170);
}

#[test]
fn timestamps_are_printed_as_cli_v2_prints_them_in_utc() {
    assert_eq!(cli_timestamp(1_734_787_615_246), "2024-12-21T13:26:55.246000+00:00");
    // Python's isoformat() leaves out a zero fraction.
    assert_eq!(cli_timestamp(1_704_067_200_000), "2024-01-01T00:00:00+00:00");
    for millis in [0, 1_704_067_200_000, 1_734_787_615_246] {
        assert_eq!(timestamp::parse_millis(&cli_timestamp(millis)), Some(millis));
    }
    let (_, execution) = order_run("InStock");
    let value: Value = json_value::from_str(&export(execution.history())).expect("JSON");
    assert_eq!(value["events"][0]["timestamp"], "2024-01-01T00:00:00+00:00");
}

#[test]
fn the_first_page_of_a_max_items_listing_is_refused() {
    let error = import("{\"events\": [{\"id\": 1, \"type\": \"X\"}], \"NextToken\": \"eyJ9\"}").expect_err("a page");
    assert!(error.contains("only the first page"), "{error}");
}

#[test]
fn a_history_still_running_has_no_outcome() {
    let mut value: Value = json_value::from_str(AWS_CLI_V2).expect("JSON");
    value["events"].as_array_mut().expect("array").pop();
    assert_eq!(import(&value.to_string()).expect("imports").outcome, None);
}

#[test]
fn what_is_not_a_whole_history_is_refused_with_the_reason() {
    let cases = [
        ("{", "not JSON"),
        ("42", "an object with an \"events\" array"),
        ("{\"StartAt\": \"A\"}", "no \"events\" array"),
        ("{\"events\": []}", "no events"),
        ("{\"events\": [{\"type\": \"ExecutionStarted\"}]}", "event 1: no numeric \"id\""),
        ("{\"events\": [{\"id\": 1, \"type\": \"X\", \"timestamp\": \"yesterday\"}]}", "bad timestamp"),
        ("{\"events\": [{\"id\": 1, \"type\": \"X\"}], \"nextToken\": \"abc\"}", "only the first page"),
        ("{\"events\": [{\"id\": 1, \"type\": \"X\", \"timestamp\": 1e300}]}", "out of range"),
        ("{\"events\": [{\"id\": 1, \"type\": \"X\"}, {\"id\": 1, \"type\": \"Y\"}]}", "two events have the id 1"),
    ];
    for (text, why) in cases {
        let error = import(text).expect_err(text);
        assert!(error.contains(why), "{text}: {error}");
    }
}

/// Written piece by piece, the history is the same text as written at once (a pretty-printed
/// `{"events": [...]}`), for no events, one and several.
#[test]
fn the_streamed_history_is_the_pretty_printed_one() {
    let (_, execution) = order_run("InStock");
    for count in [0, 1, execution.history().len()] {
        let events = &execution.history()[..count];
        let values: Vec<Value> = events.iter().map(cli_json).collect();
        let whole = json_value::to_string_pretty(&Value::Object(Map::from_iter([("events", Value::from(values))])));
        assert_eq!(export(events), whole, "{count} events");
    }
}

//! The loader's tables: each invalid definition with the problems it must report.

use super::*;
use crate::asl::model::{Transition, Wait};
use serde_json::{json, Value};

fn problems(definition: Value) -> Vec<(Code, String)> {
    load(&definition.to_string()).err().unwrap_or_default().into_iter().map(|d| (d.code, d.pointer)).collect()
}

fn one_state(state: Value) -> Vec<(Code, String)> {
    problems(json!({"StartAt": "S", "States": {"S": state}}))
}

fn rejects(state: Value, code: Code, pointer: &str) {
    let found = one_state(state.clone());
    assert!(found.contains(&(code, pointer.to_owned())), "{state}: expected {code:?} at {pointer}, got {found:?}");
}

#[test]
fn loads_states_in_definition_order() {
    let m = load(r#"{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"A"},"A":{"Type":"Succeed"}}}"#).expect("valid");
    assert_eq!(m.state_names(), vec!["B", "A"]);
    assert_eq!(m.state("B").and_then(|s| s.transition.clone()), Some(Transition::Next("A".into())));
    assert_eq!(m.state("A").map(|s| s.kind.type_name()), Some("Succeed"));
}

#[test]
fn reports_every_problem_at_once() {
    let found = problems(
        json!({"StartAt": "X", "States": {"A": {"Type": "Sleep"}, "B": {"Type": "Pass", "Next": "Z"}, "C": {}}}),
    );
    assert_eq!(
        found,
        vec![
            (Code::UnknownStateType, "/States/A/Type".to_owned()),
            (Code::MissingField, "/States/C".to_owned()),
            (Code::UnknownState, "/StartAt".to_owned()),
            (Code::UnknownState, "/States/B/Next".to_owned()),
        ]
    );
}

#[test]
fn bad_json_is_one_diagnostic_with_its_line() {
    let problems = load("{\n  \"StartAt\": }").err().unwrap_or_default();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].code, problems[0].line), (Code::InvalidJson, 2));
}

// What AWS's ValidateStateMachineDefinition rejects (AWS Step Functions developer guide, "States
// Language", and the state type pages).
#[test]
fn structural_rules() {
    assert_eq!(problems(json!({})), vec![(Code::MissingField, String::new()), (Code::MissingField, String::new())]);
    assert_eq!(problems(json!([])), vec![(Code::WrongType, String::new())]);
    rejects(json!({"Type": "Pass"}), Code::MissingField, "/States/S");
    rejects(json!({"Type": "Pass", "End": true, "Next": "S"}), Code::FieldConflict, "/States/S/End");
    rejects(json!({"Type": "Pass", "End": true, "Retry": []}), Code::UnknownField, "/States/S/Retry");
    rejects(json!({"Type": "Succeed", "End": true}), Code::UnknownField, "/States/S/End");
    rejects(json!({"Type": "Fail", "Next": "S"}), Code::UnknownField, "/States/S/Next");
    rejects(json!({"Type": "Pass", "End": true, "Bogus": 1}), Code::UnknownField, "/States/S/Bogus");
    rejects(json!({"Type": "Pass", "End": 1}), Code::WrongType, "/States/S/End");
}

#[test]
fn unreachable_states_and_long_names() {
    let found = problems(json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}));
    assert_eq!(found, vec![(Code::UnreachableState, "/States/B".to_owned())]);
    let long = "x".repeat(81);
    let found = problems(json!({"StartAt": long, "States": {long.clone(): {"Type": "Succeed"}}}));
    assert_eq!(found, vec![(Code::NameTooLong, format!("/States/{long}"))]);
}

#[test]
fn paths_and_templates_are_checked_at_load() {
    rejects(json!({"Type": "Pass", "End": true, "InputPath": "a.b"}), Code::InvalidPath, "/States/S/InputPath");
    rejects(json!({"Type": "Pass", "End": true, "ResultPath": "$.a[*]"}), Code::InvalidPath, "/States/S/ResultPath");
    rejects(
        json!({"Type": "Pass", "End": true, "Parameters": {"a.$": "States.Nope(1)"}}),
        Code::InvalidIntrinsic,
        "/States/S/Parameters/a.$",
    );
    rejects(
        json!({"Type": "Pass", "End": true, "Parameters": {"a.$": 1}}),
        Code::InvalidIntrinsic,
        "/States/S/Parameters/a.$",
    );
    let m = load(
        &json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "InputPath": null, "ResultPath": null}}})
            .to_string(),
    );
    let state = m.expect("valid").workflow.states[0].clone();
    assert_eq!((state.io.input_path, state.io.result_path), (None, None));
}

#[test]
fn retry_and_catch_rules() {
    let task = |retry: Value| json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Retry": retry});
    rejects(
        task(json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}])),
        Code::StatesAllNotLast,
        "/States/S/Retry/0/ErrorEquals",
    );
    rejects(
        task(json!([{"ErrorEquals": ["States.ALL", "X"]}])),
        Code::StatesAllNotLast,
        "/States/S/Retry/0/ErrorEquals",
    );
    rejects(task(json!([{"ErrorEquals": []}])), Code::WrongType, "/States/S/Retry/0/ErrorEquals");
    rejects(
        task(json!([{"ErrorEquals": ["X"], "MaxAttempts": -1}])),
        Code::InvalidValue,
        "/States/S/Retry/0/MaxAttempts",
    );
    rejects(
        task(json!([{"ErrorEquals": ["X"], "BackoffRate": 0.5}])),
        Code::InvalidValue,
        "/States/S/Retry/0/BackoffRate",
    );
    rejects(
        task(json!([{"ErrorEquals": ["X"], "IntervalSeconds": 0}])),
        Code::InvalidValue,
        "/States/S/Retry/0/IntervalSeconds",
    );
    let ok = one_state(task(json!([{"ErrorEquals": ["X"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}])));
    assert!(ok.is_empty(), "{ok:?}");
}

#[test]
fn choice_rules() {
    let choice = |rule: Value| {
        problems(
            json!({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [rule], "Default": "D"}, "D": {"Type": "Succeed"}}}),
        )
    };
    assert!(choice(json!({"Variable": "$.a", "NumericEquals": 1, "Next": "D"})).is_empty());
    assert!(choice(json!({"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringMatches": "x*"}}], "Next": "D"})).is_empty());
    assert_eq!(
        choice(json!({"Variable": "$.a", "Next": "D"})),
        vec![(Code::FieldConflict, "/States/C/Choices/0".to_owned())]
    );
    assert_eq!(
        choice(json!({"Variable": "$.a", "NumericEquals": 1, "StringEquals": "x", "Next": "D"})),
        vec![(Code::FieldConflict, "/States/C/Choices/0".to_owned())]
    );
    assert_eq!(
        choice(json!({"Variable": "$.a", "NumericEquals": "1", "Next": "D"})),
        vec![(Code::WrongType, "/States/C/Choices/0/NumericEquals".to_owned())]
    );
    assert_eq!(
        choice(json!({"Variable": "$.a", "TimestampEquals": "yesterday", "Next": "D"})),
        vec![(Code::WrongType, "/States/C/Choices/0/TimestampEquals".to_owned())]
    );
    assert_eq!(
        choice(json!({"Variable": "$.a", "NumericEquals": 1, "Next": "Nowhere"})),
        vec![(Code::UnknownState, "/States/C/Choices/0/Next".to_owned())]
    );
    assert_eq!(
        choice(json!({"And": [{"Variable": "$.a", "IsNull": true, "Next": "D"}], "Next": "D"})),
        vec![(Code::UnknownField, "/States/C/Choices/0/And/0/Next".to_owned())]
    );
}

#[test]
fn wait_needs_exactly_one_duration() {
    rejects(json!({"Type": "Wait", "End": true}), Code::FieldConflict, "/States/S");
    rejects(
        json!({"Type": "Wait", "End": true, "Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z"}),
        Code::FieldConflict,
        "/States/S",
    );
    rejects(
        json!({"Type": "Wait", "End": true, "Timestamp": "2016-12-05T21:29:29"}),
        Code::InvalidValue,
        "/States/S/Timestamp",
    );
    rejects(json!({"Type": "Wait", "End": true, "Seconds": -1}), Code::InvalidValue, "/States/S/Seconds");
    let m = load(
        &json!({"StartAt": "S", "States": {"S": {"Type": "Wait", "End": true, "Timestamp": "1970-01-01T00:00:01Z"}}})
            .to_string(),
    );
    assert!(matches!(m.expect("valid").workflow.states[0].kind, StateKind::Wait(Wait::Timestamp(1000))));
}

#[test]
fn branches_are_workflows_of_their_own() {
    let found = problems(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Outside"}}}]},
        "Outside": {"Type": "Succeed"}
    }}));
    assert!(found.contains(&(Code::UnknownState, "/States/P/Branches/0/States/A/Next".to_owned())), "{found:?}");
    rejects(json!({"Type": "Map", "End": true}), Code::MissingField, "/States/S");
    rejects(json!({"Type": "Parallel", "End": true, "Branches": []}), Code::WrongType, "/States/S/Branches");
}

#[test]
fn fields_of_the_other_query_language_and_unsupported_features_fail_loudly() {
    rejects(json!({"Type": "Pass", "End": true, "Output": {"x": 1}}), Code::UnknownField, "/States/S/Output");
    rejects(
        json!({"Type": "Pass", "End": true, "QueryLanguage": "JSONata", "InputPath": "$"}),
        Code::UnknownField,
        "/States/S/InputPath",
    );
    rejects(
        json!({"Type": "Map", "End": true, "ItemReader": {}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}}),
        Code::UnknownField,
        "/States/S/ItemReader",
    );
    let distributed = |reader: serde_json::Value| json!({"Type": "Map", "End": true, "ItemReader": reader, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}});
    let parquet = json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "PARQUET"}, "Parameters": {"Bucket": "b", "Key": "k"}});
    rejects(distributed(parquet), Code::Unsupported, "/States/S/ItemReader/ReaderConfig/InputType");
    rejects(json!({"Type": "Pass", "End": true, "Assign": {"a.b": 1}}), Code::InvalidValue, "/States/S/Assign/a.b");
    rejects(json!({"Type": "Succeed", "Assign": {"a": 1}}), Code::UnknownField, "/States/S/Assign");
    let found = problems(
        json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "QueryLanguage": "JSONPath"}}}),
    );
    assert_eq!(found, vec![(Code::InvalidValue, "/States/S/QueryLanguage".to_owned())]);
}

/// The Distributed Map's fields, as AWS's developer guide ("ItemReader (Map)", "ItemBatcher
/// (Map)", "ResultWriter (Map)") describes them: valid ones load, wrong ones are located.
#[test]
fn distributed_map_fields_load_and_their_mistakes_are_located() {
    let map = |extra: serde_json::Value| {
        let mut state = json!({"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}});
        for (k, v) in extra.as_object().unwrap() {
            state[k] = v.clone();
        }
        state
    };
    let csv = json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a"], "CSVDelimiter": "TAB", "MaxItems": 10}, "Parameters": {"Bucket.$": "$.b", "Key": "k"}},
        "ItemBatcher": {"MaxItemsPerBatch": 5, "MaxInputBytesPerBatch": 1024, "BatchInput": {"x.$": "$.x"}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}, "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}},
        "Label": "Orders", "ToleratedFailurePercentage": 0.5});
    assert_eq!(problems(json!({"StartAt": "S", "States": {"S": map(csv)}})), vec![]);
    let listing = json!({"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b", "Prefix": "in/"}}});
    assert_eq!(problems(json!({"StartAt": "S", "States": {"S": map(listing)}})), vec![]);
    rejects(
        map(json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {}}})),
        Code::MissingField,
        "/States/S/ItemReader",
    );
    rejects(
        map(
            json!({"ItemReader": {"Resource": "arn:aws:states:::s3:putObject", "ReaderConfig": {"InputType": "JSON"}}}),
        ),
        Code::InvalidValue,
        "/States/S/ItemReader/Resource",
    );
    rejects(
        map(json!({"ItemBatcher": {"MaxInputBytesPerBatch": 300000}})),
        Code::InvalidValue,
        "/States/S/ItemBatcher/MaxInputBytesPerBatch",
    );
    rejects(map(json!({"ItemBatcher": {"BatchInput": {}}})), Code::MissingField, "/States/S/ItemBatcher");
    rejects(map(json!({"ResultWriter": {}})), Code::MissingField, "/States/S/ResultWriter");
    let no_type = json!({"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}});
    rejects(no_type, Code::MissingField, "/States/S/ItemProcessor/ProcessorConfig");
}

#[test]
fn the_order_example_loads() {
    let machine = load(crate::examples::order().definition).expect("valid");
    assert_eq!(machine.start_at(), "ValidateOrder");
    assert_eq!(machine.workflow.states.len(), 6);
}

// AWS developer guide, "Passing data between states with variables": a Parallel branch cannot
// assign a name its enclosing scope assigns. The problem is placed at the nested state.
#[test]
fn an_inner_scope_assigning_an_outer_name_is_reported_at_the_nested_state() {
    let branch =
        json!({"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}});
    let found = problems(json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "Fan"},
        "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Free", "States": {"Free": {"Type": "Succeed"}}}, branch], "End": true}
    }}));
    assert_eq!(found, vec![(Code::InvalidValue, "/States/Fan/Branches/1/States/Inner".to_owned())]);
}

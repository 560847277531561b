use std::rc::Rc;

use super::*;
use crate::app::{reduce, Action, Cue, Notice, RunStatus};
use crate::engine::StartOptions;
use crate::host::session::Report;
use crate::host::{self, mock_config as mocks, Mocks};

const ORDER_CONFIG: &str = include_str!("../../../static/examples/order/mock-config.json");

/// The order example after a run of test case `case` (as if its handlers had answered so).
fn after_run(case: &str) -> State {
    let state = State::default();
    let machine = Rc::new(crate::asl::load(&state.definition).expect("valid"));
    let mocks = Mocks::TestCase(mocks::load_test_case(ORDER_CONFIG, "OrderProcessing", case).expect("a case"));
    let (outcome, execution) =
        host::run(machine, json_value::Value::from(&state.inputs[0].input), StartOptions::default(), &mocks);
    let state = reduce(state, Action::StartRun);
    let reports = vec![Report::Events(execution.history().to_vec()), Report::Finished(outcome)];
    reduce(state, Action::Cues(reports.into_iter().map(Cue::Report).collect()))
}

#[test]
fn history_and_mock_config_wait_for_a_run() {
    let state = State::default();
    assert_eq!(export(&state, Export::Definition).map(|e| e.text), Ok(state.definition.clone()));
    assert!(export(&state, Export::History).expect_err("no run").contains("press Run"));
    assert!(export(&state, Export::MockConfig).is_err());
}

#[test]
fn an_exported_history_is_recognised_and_replays_the_same_events() {
    let state = after_run("ThrottledTwice");
    let text = export(&state, Export::History).expect("a run").text;
    let Ok(Import::History(replay)) = classify(&text) else { panic!("not a history") };
    assert_eq!(replay.events.len(), state.run.events.len());
    assert!(replay
        .events
        .iter()
        .zip(state.run.events.slice().iter())
        .all(|(a, b)| a.id == b.id && a.event_type == b.event_type));
    assert!(matches!(&state.run.status, RunStatus::Finished(outcome) if Some(outcome) == replay.outcome.as_ref()));
}

#[test]
fn the_mock_config_export_names_the_machine_and_case_after_the_project_and_input() {
    let exported = export(&after_run("InStock"), Export::MockConfig).expect("a run");
    assert!(mocks::load_test_case(&exported.text, "OrderProcessing", "InStock").is_ok());
    assert!(exported.notes[0].contains("--name OrderProcessing --test-case InStock"));
}

#[test]
fn an_imported_case_of_the_same_name_is_never_overwritten() {
    let state = reduce(State::default(), Action::ImportMockConfig(ORDER_CONFIG.into()));
    let state = reduce(state, Action::SelectTestCase(None));
    let mut ran = after_run("InStock");
    ran.mock_config = state.mock_config.clone();
    let exported = export(&ran, Export::MockConfig).expect("a run");
    assert!(exported.notes[0].contains("--test-case InStock2"), "{}", exported.notes[0]);
    let original = mocks::load_test_case(ORDER_CONFIG, "OrderProcessing", "InStock").expect("a case");
    assert_eq!(mocks::load_test_case(&exported.text, "OrderProcessing", "InStock"), Ok(original));
}

#[test]
fn deploy_exports_name_the_stack_after_the_project() {
    let state = reduce(State::default(), Action::Rename("Orders (EU)".into()));
    let template = export(&state, Export::SamTemplate).expect("JSON definition");
    let value: Value = serde_json::from_str(&template.text).expect("JSON");
    assert_eq!(value["Resources"]["StateMachine"]["Properties"]["Name"], "orders-eu");
    assert!(export(&state, Export::Commands).expect("commands").text.contains("--stack-name orders-eu"));
}

#[test]
fn pasted_texts_are_recognised_or_refused() {
    assert!(matches!(classify(&State::default().definition), Ok(Import::Definition(_))));
    assert!(matches!(classify(ORDER_CONFIG), Ok(Import::MockConfig(_))));
    assert!(classify("{\"events\": []}").expect_err("empty").contains("cannot be replayed"));
    assert!(classify("[1,").expect_err("garbage").contains("neither"));
    assert!(classify("{\"hello\": 1}").expect_err("other").contains("none of them"));
}

#[test]
fn an_imported_mock_config_answers_with_its_first_case_until_another_is_picked() {
    let state = reduce(State::default(), Action::ImportMockConfig(ORDER_CONFIG.into()));
    assert_eq!(state.test_case, Some(("OrderProcessing".into(), "InStock".into())));
    assert_eq!(state.test_cases().len(), 5);
    let picked = reduce(state.clone(), Action::SelectTestCase(Some(("OrderProcessing".into(), "OutOfStock".into()))));
    assert_eq!(picked.test_case.as_ref().map(|c| c.1.as_str()), Some("OutOfStock"));
    let unknown = reduce(state.clone(), Action::SelectTestCase(Some(("OrderProcessing".into(), "Nope".into()))));
    assert_eq!(unknown.test_case, state.test_case);
    assert_eq!(reduce(state, Action::SelectTestCase(None)).test_case, None);
    let refused = reduce(State::default(), Action::ImportMockConfig("{\"MockedResponses\": {}}".into()));
    assert!(matches!(refused.notice, Some(Notice::Problem(_))));
    assert_eq!(refused.mock_config, State::default().mock_config, "a refused import changes nothing");
}

#[test]
fn a_replay_of_another_definitions_history_says_so() {
    let ours = reduce(State::default(), Action::StartReplay(vec!["ValidateOrder".into()]));
    assert!(ours.run.imported && ours.run.status == RunStatus::Running);
    assert!(matches!(ours.notice, Some(Notice::Info(ref m)) if m.contains("nothing is executed")));
    let theirs = reduce(State::default(), Action::StartReplay(vec!["ValidateOrder".into(), "ShipIt".into()]));
    assert!(matches!(theirs.notice, Some(Notice::Problem(ref m)) if m.contains("(ShipIt)")));
    assert_eq!(reduce(theirs, Action::Cues(vec![Cue::ReplayIncomplete])).run.status, RunStatus::Incomplete);
    // States inside Parallel branches count; a name that is only in a Comment does not.
    let parallel = crate::examples::gallery().into_iter().position(|e| e.title == "Parallel fan-out").expect("listed");
    let fan_out = reduce(State::default(), Action::OpenExample(parallel));
    let nested = reduce(fan_out.clone(), Action::StartReplay(vec!["PrepareOrder".into(), "CheckFraud".into()]));
    assert!(matches!(nested.notice, Some(Notice::Info(_))), "{:?}", nested.notice);
    let commented = reduce(
        State::default(),
        Action::EditDefinition(
            r#"{"Comment": "\"Ghost\"", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#.into(),
        ),
    );
    let ghost = reduce(commented, Action::StartReplay(vec!["Ghost".into()]));
    assert!(matches!(ghost.notice, Some(Notice::Problem(ref m)) if m.contains("(Ghost)")));
}

#[test]
fn names_become_identifiers() {
    assert_eq!(pascal_case("in stock"), "InStock");
    assert_eq!(pascal_case("--"), "Playground");
    assert_eq!(kebab_case("Order processing (JSONata and variables)"), "order-processing-jsonata-and-variables");
    assert_eq!(kebab_case(""), "asl-playground");
    assert_eq!(kebab_case("2024 orders"), "workflow-2024-orders");
    assert_eq!(kebab_case(&"long name ".repeat(20)).len(), 79);
}

#[test]
fn yaml_definitions_and_templates_import_as_json_with_a_note() {
    let yaml = include_str!("../../../tests/yaml/order.asl.yaml");
    let Ok(Import::Converted { definition, note }) = classify(yaml) else { panic!("a YAML definition") };
    assert!(note.contains("YAML"), "{note}");
    assert!(crate::asl::load(&definition).is_ok(), "{definition}");
    assert!(definition.trim_start().starts_with('{'));
    let template = "Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Task\n            Resource: !GetAtt Fn.Arn\n            End: true\n";
    let Ok(Import::Converted { definition, note }) = classify(template) else { panic!("a template") };
    assert!(note.contains("Machine") && note.contains("placeholders"), "{note}");
    assert!(definition.contains("${Fn.Arn}"), "{definition}");
    assert!(classify("Resources: {}\n").expect_err("empty").contains("no AWS::Serverless::StateMachine"));
}

#[test]
fn an_import_over_the_examples_mock_config_picks_the_case_it_brings_in() {
    let mut config: serde_json::Value = serde_json::from_str(ORDER_CONFIG).unwrap();
    config["StateMachines"]["OrderProcessing"]["TestCases"]["Recorded"] =
        config["StateMachines"]["OrderProcessing"]["TestCases"]["OutOfStock"].clone();
    let state = reduce(State::default(), Action::ImportMockConfig(config.to_string()));
    assert_eq!(state.test_case, Some(("OrderProcessing".into(), "Recorded".into())));
    let same = reduce(State::default(), Action::ImportMockConfig(ORDER_CONFIG.into()));
    assert_eq!(same.test_case, Some(("OrderProcessing".into(), "InStock".into())), "nothing new: the first case");
}

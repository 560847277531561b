use std::rc::Rc;

use json_value::json;

use super::*;
use crate::asl;
use crate::engine::{Execution, Outcome, StartOptions};
use crate::host::{self, mock_config as mocks, Mocks};

const ORDER_CONFIG: &str = include_str!("../../../static/examples/order/mock-config.json");

fn order_run(case: &str, input: usize) -> (Outcome, Execution) {
    let example = crate::examples::order();
    let machine = Rc::new(asl::load(example.definition).expect("valid"));
    let mocks = Mocks::TestCase(mocks::load_test_case(ORDER_CONFIG, "OrderProcessing", case).expect("a case"));
    host::run(machine, Value::from(&example.inputs[input].input), StartOptions::default(), &mocks)
}

/// The round trip that matters: a run exported as a test case, replayed by the native driver
/// (as the `asl` CLI runs it), gives the same outcome and the same history.
#[test]
fn a_run_exported_as_a_test_case_runs_again_to_the_same_history() {
    for (case, input) in
        [("InStock", 0), ("OutOfStock", 1), ("InvalidOrder", 2), ("ThrottledTwice", 0), ("ThrottledFourTimes", 0)]
    {
        let (outcome, execution) = order_run(case, input);
        let text = with_test_case(None, "Exported", "Case", execution.history()).expect("exports");
        let mocks = Mocks::TestCase(mocks::load_test_case(&text, "Exported", "Case").expect("loads back"));
        let example = crate::examples::order();
        let machine = Rc::new(asl::load(example.definition).expect("valid"));
        let (again, replayed) =
            host::run(machine, Value::from(&example.inputs[input].input), StartOptions::default(), &mocks);
        assert_eq!(again, outcome, "{case}");
        assert_eq!(replayed.history(), execution.history(), "{case}");
    }
}

#[test]
fn retries_become_numbered_responses_with_ranges() {
    let (_, execution) = order_run("ThrottledTwice", 0);
    let text = with_test_case(None, "M", "Throttled", execution.history()).expect("exports");
    let root: Value = json_value::from_str(&text).expect("JSON");
    assert_eq!(root["StateMachines"]["M"]["TestCases"]["Throttled"]["CheckInventory"], "Throttled.CheckInventory");
    let responses = root["MockedResponses"]["Throttled.CheckInventory"].as_object().expect("object");
    let keys: Vec<&str> = responses.keys().map(|k| &**k).collect();
    assert_eq!(keys, ["0-1", "2"]);
    assert!(responses["0-1"]["Throw"]["Error"].is_string());
    assert_eq!(responses["2"]["Return"]["StatusCode"], json!(200));
}

#[test]
fn a_case_is_added_to_an_existing_file_and_the_file_lists_its_cases() {
    let (_, execution) = order_run("InStock", 0);
    let text =
        with_test_case(Some(ORDER_CONFIG), "OrderProcessing", "FromPlayground", execution.history()).expect("merges");
    let cases = test_cases(&text).expect("cases");
    assert_eq!(cases.len(), 6);
    assert_eq!(cases[0], ("OrderProcessing".to_owned(), "InStock".to_owned()));
    assert_eq!(cases[5], ("OrderProcessing".to_owned(), "FromPlayground".to_owned()));
    assert!(with_test_case(Some("[1]"), "M", "C", execution.history()).is_err());
}

#[test]
fn files_without_test_cases_are_refused() {
    assert!(test_cases("{").is_err());
    assert!(test_cases("{\"MockedResponses\": {}}").expect_err("none").contains("StateMachines"));
    assert!(test_cases("{\"StateMachines\": {\"M\": {}}}").expect_err("none").contains("no test case"));
}

#[test]
fn equal_neighbours_share_a_range() {
    let (a, b) = (json!({"Return": 1}), json!({"Return": 2}));
    assert_eq!(numbered(vec![a.clone(), a.clone(), b.clone(), a.clone()]), json!({"0-1": a, "2": b, "3": a}));
    assert_eq!(numbered(Vec::new()), json!({}));
}

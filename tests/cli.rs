//! Golden tests of the `asl` command through the built binary: the contract outside test suites use.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

const ORDER: &str = "static/examples/order";

fn asl(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("asl runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).to_string())
}

/// Runs an order workflow with the order mock config's test case `case`.
fn order_run(definition: &str, case: &str, input: &str, history: bool) -> (i32, Value, String) {
    let input = format!("{ORDER}/input-{input}.json");
    let mocks = format!("{ORDER}/mock-config.json");
    let mut args = vec![
        "run",
        definition,
        "--input",
        &input,
        "--mock-config",
        &mocks,
        "--name",
        "OrderProcessing",
        "--test-case",
        case,
    ];
    if history {
        args.push("--history");
    }
    asl(&args)
}

fn order(case: &str, input: &str) -> (i32, Value, String) {
    order_run(&format!("{ORDER}/definition.asl.json"), case, input, true)
}

fn event_types(report: &Value) -> Vec<String> {
    report["history"]
        .as_array()
        .map(|h| h.iter().filter_map(|e| e["type"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[test]
fn order_in_stock_succeeds_with_the_payment_fields() {
    let (code, report, _) = order("InStock", "in-stock");
    assert_eq!(code, 0);
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(report["output"]["paymentStatus"], "SUCCESS");
    assert_eq!(report["output"]["paymentId"], "PAY-A1001");
    assert_eq!((report["error"].clone(), report["cause"].clone()), (Value::Null, Value::Null));
    let types = event_types(&report);
    assert_eq!(types.first().map(String::as_str), Some("ExecutionStarted"));
    assert_eq!(types.last().map(String::as_str), Some("ExecutionSucceeded"));
    assert_eq!(types.iter().filter(|t| *t == "TaskSucceeded").count(), 3);
}

#[test]
fn order_out_of_stock_notifies_then_fails_with_order_failed() {
    let (code, report, _) = order("OutOfStock", "out-of-stock");
    assert_eq!(code, 0);
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "OrderFailed");
    assert_eq!(report["cause"], "Inventory unavailable or downstream error");
    let history = report["history"].as_array().cloned().unwrap_or_default();
    let sns = history
        .iter()
        .find(|e| e["type"] == "TaskScheduled" && e["taskScheduledEventDetails"]["resourceType"] == "sns");
    let parameters: Value = sns
        .and_then(|e| e["taskScheduledEventDetails"]["parameters"].as_str())
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or(Value::Null);
    assert_eq!(parameters["Message"], "Order A1002 failed or out of stock");
    assert_eq!(event_types(&report).last().map(String::as_str), Some("ExecutionFailed"));
}

#[test]
fn order_throttled_twice_retries_then_succeeds() {
    let (_, report, _) = order("ThrottledTwice", "in-stock");
    assert_eq!(report["status"], "SUCCEEDED");
    let types = event_types(&report);
    assert_eq!(types.iter().filter(|t| *t == "TaskFailed").count(), 2);
    // Retries wait 2 s then 4 s of virtual time (IntervalSeconds 2, BackoffRate 2), instantly.
    let history = report["history"].as_array().cloned().unwrap_or_default();
    let scheduled: Vec<&str> =
        history.iter().filter(|e| e["type"] == "TaskScheduled").filter_map(|e| e["timestamp"].as_str()).collect();
    assert_eq!(&scheduled[1..4], ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:02.000Z", "2024-01-01T00:00:06.000Z"]);
}

// The seed's Catch has no ResultPath, so (as on AWS) the error output replaces the state input and
// NotifyFailure's `$.orderId` no longer exists: States.Runtime, not OrderFailed.
#[test]
fn order_throttled_four_times_is_caught_and_fails() {
    let (_, report, _) = order("ThrottledFourTimes", "in-stock");
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "States.Runtime");
    assert_eq!(
        report["cause"],
        "An error occurred while executing the state 'NotifyFailure' (entered at the event id #21). The function \
         'States.Format('Order {} failed or out of stock', $.orderId)' had the following error: The JsonPath argument \
         for the field '$.orderId' could not be found in the input '{\"Error\":\"Lambda.TooManyRequestsException\",\"Cause\":\"Rate exceeded\"}'"
    );
    let types = event_types(&report);
    assert_eq!(types.iter().filter(|t| *t == "TaskFailed").count(), 4);
    let entered: Vec<&str> = report["history"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter(|e| e["type"] == "TaskStateEntered")
                .filter_map(|e| e["stateEnteredEventDetails"]["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(entered, ["ValidateOrder", "CheckInventory", "NotifyFailure"]);
}

#[test]
fn order_invalid_fails_with_the_handlers_error() {
    let (_, report, _) = order("InvalidOrder", "invalid-order");
    assert_eq!((report["status"].as_str(), report["error"].as_str()), (Some("FAILED"), Some("ValueError")));
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn history_file_is_what_the_playground_imports_and_replays() {
    let path = std::env::temp_dir().join(format!("asl-cli-history-{}.json", std::process::id()));
    let definition = format!("{ORDER}/definition.asl.json");
    let (input, mocks) = (format!("{ORDER}/input-in-stock.json"), format!("{ORDER}/mock-config.json"));
    let file = path.to_str().unwrap_or_default();
    let args = ["run", &definition, "--input", &input, "--mock-config", &mocks, "--name", "OrderProcessing"];
    let (code, report, _) = asl(&[&args[..], &["--test-case", "ThrottledTwice", "--history-file", file]].concat());
    assert_eq!((code, report["status"].as_str()), (0, Some("SUCCEEDED")));
    let replay = asl_playground::exchange::history::import(&std::fs::read_to_string(&path).expect("written"))
        .expect("the playground imports it");
    assert_eq!(replay.outcome.map(|o| o.status.as_str()), Some("SUCCEEDED"));
    assert_eq!(replay.events.iter().filter(|e| e.event_type == "TaskFailed").count(), 2);
    let (code, _, stderr) =
        asl(&[&args[..], &["--test-case", "InStock", "--history-file", "/nonexistent/dir/h.json"]].concat());
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot write /nonexistent/dir/h.json"), "{stderr}");
}

#[test]
fn invalid_definitions_print_their_errors_and_exit_2() {
    let path = temp("invalid.json", "{\n  \"StartAt\": \"Nowhere\",\n  \"States\": {}\n}");
    let (code, report, _) = asl(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert_eq!(
        report,
        json!({"status": "INVALID_DEFINITION", "errors": [{
            "code": "MISSING_TRANSITION_TARGET", "kind": "UNKNOWN_STATE", "message": "\"StartAt\" names no state: \"Nowhere\"", "pointer": "/StartAt", "line": 2, "column": 14
        }, {
            "code": "MISSING_END_STATE", "kind": "MISSING_END_STATE", "message": "Workflow has no terminal state", "pointer": "", "line": 1, "column": 1
        }]})
    );
    let (code, report, _) = asl(&["validate", path.to_str().unwrap_or_default()]);
    assert_eq!((code, report["status"].as_str()), (2, Some("INVALID_DEFINITION")));
}

#[test]
fn unreadable_files_and_bad_input_exit_1_with_a_message() {
    let (code, _, stderr) = asl(&["run", "no/such/file.json"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot read no/such/file.json"), "{stderr}");
    let definition = format!("{ORDER}/definition.asl.json");
    let bad = temp("bad-input.json", "{nope");
    let (code, _, stderr) = asl(&["run", &definition, "--input", bad.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not valid JSON"), "{stderr}");
}

#[test]
fn a_task_without_a_mock_fails_the_execution_naming_state_and_resource() {
    let definition = format!("{ORDER}/definition.asl.json");
    let input = format!("{ORDER}/input-in-stock.json");
    let (code, report, _) = asl(&["run", &definition, "--input", &input]);
    assert_eq!(code, 0);
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "MockResponseMissing");
    assert!(report["cause"]
        .as_str()
        .unwrap_or_default()
        .contains("\"ValidateOrder\" calls arn:aws:states:::lambda:invoke"));
}

#[test]
fn a_one_year_wait_takes_no_real_time() {
    let path =
        temp("wait.json", r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31536000, "End": true}}}"#);
    let clock = std::time::Instant::now();
    let (_, report, _) = asl(&["run", path.to_str().unwrap_or_default(), "--history"]);
    assert!(clock.elapsed().as_secs() < 5);
    assert_eq!(report["status"], "SUCCEEDED");
    let last = report["history"].as_array().and_then(|h| h.last().cloned()).unwrap_or(Value::Null);
    assert_eq!(last["timestamp"], "2024-12-31T00:00:00.000Z"); // 365 days after 2024-01-01 (a leap year)
}

#[test]
fn express_rejects_callback_and_sync_integrations() {
    let path = temp(
        "express.json",
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}"#,
    );
    let (code, report, _) = asl(&["validate", path.to_str().unwrap_or_default(), "--type", "express"]);
    assert_eq!((code, report["errors"][0]["pointer"].as_str()), (2, Some("/States/T/Resource")));
    let (code, _, _) = asl(&["validate", path.to_str().unwrap_or_default(), "--type", "standard"]);
    assert_eq!(code, 0);
}

fn run_case(definition: &str, case: &str, input: &str) -> Value {
    order_run(definition, case, input, false).1
}

// The JSONata rewrite gives the same outcomes with the same mocks; with its $orderId variable it
// also names the order after a Catch, where the JSONPath seed fails with States.Runtime.
#[test]
fn the_jsonata_order_workflow_matches_the_jsonpath_one() {
    let jsonpath = format!("{ORDER}/definition.asl.json");
    let jsonata = "static/examples/order-jsonata/definition.asl.json";
    for (case, input) in [
        ("InStock", "in-stock"),
        ("OutOfStock", "out-of-stock"),
        ("InvalidOrder", "invalid-order"),
        ("ThrottledTwice", "in-stock"),
    ] {
        assert_eq!(run_case(&jsonpath, case, input), run_case(jsonata, case, input), "{case}");
    }
    let four = run_case(jsonata, "ThrottledFourTimes", "in-stock");
    assert_eq!((four["status"].as_str(), four["error"].as_str()), (Some("FAILED"), Some("OrderFailed")));
}

// YAML definitions (.asl.yaml, as SAM carries them) validate and run like their JSON; problems are
// located in the YAML text.
#[test]
fn yaml_definitions_validate_and_run_like_json() {
    let (code, report, _) = asl(&["validate", "tests/yaml/order.asl.yaml"]);
    assert_eq!((code, report), (0, json!({"status": "VALID", "errors": []})));
    for (case, input) in [("InStock", "in-stock"), ("OutOfStock", "out-of-stock")] {
        let (_, from_yaml, _) = order_run("tests/yaml/order.asl.yaml", case, input, false);
        let (_, from_json, _) = order_run(&format!("{ORDER}/definition.asl.json"), case, input, false);
        assert_eq!(from_yaml, from_json, "{case}");
    }
    let path = temp("bad.asl.yaml", "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Nowhere\n");
    let (code, report, _) = asl(&["validate", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert_eq!(report["errors"][0]["code"], "MISSING_TRANSITION_TARGET");
    assert_eq!((report["errors"][0]["line"].clone(), report["errors"][0]["column"].clone()), (json!(5), json!(11)));
    let path = temp("broken.asl.yaml", "StartAt: A\nStates: [1\n");
    let (code, report, _) = asl(&["validate", path.to_str().unwrap_or_default()]);
    assert_eq!((code, report["errors"][0]["code"].as_str()), (2, Some("INVALID_JSON_DESCRIPTION")));
    assert_eq!(report["errors"][0]["kind"], "INVALID_YAML");
}

/// `--type express` runs as an Express workflow: no 25,000-event history limit (AWS keeps no
/// history for it) and at most five minutes ("Quotas related to state machine executions").
#[test]
fn an_express_run_has_no_event_limit_and_times_out_after_five_minutes() {
    let map = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}});
    let definition = temp("express-map.json", &map.to_string());
    let input = temp("express-items.json", &json!(vec![0; 10_000]).to_string());
    let (definition, input) = (definition.to_string_lossy().to_string(), input.to_string_lossy().to_string());
    let (_, standard, _) = asl(&["run", &definition, "--input", &input]);
    assert_eq!(standard["cause"], "The execution reached the limit of 25000 history events.");
    let (_, express, _) = asl(&["run", &definition, "--input", &input, "--type", "express"]);
    assert_eq!(
        (express["status"].as_str(), express["output"].as_array().map(Vec::len)),
        (Some("SUCCEEDED"), Some(10_000))
    );
    let wait = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 301, "End": true}}});
    let wait = temp("express-wait.json", &wait.to_string()).to_string_lossy().to_string();
    let (_, timed_out, _) = asl(&["run", &wait, "--type", "express"]);
    assert_eq!(
        (timed_out["status"].as_str(), timed_out["error"].as_str()),
        (Some("TIMED_OUT"), Some("States.Timeout"))
    );
    let (_, standard_wait, _) = asl(&["run", &wait]);
    assert_eq!(standard_wait["status"], "SUCCEEDED");
}

/// `--s3 DIR`: each folder a bucket, each file an object; the ResultWriter's objects land in
/// `--s3-out DIR`; `--map-runs` reports each child execution.
#[test]
fn s3_folders_feed_a_distributed_map_and_receive_its_results() {
    let dir = std::env::temp_dir().join(format!("asl-cli-s3-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/examples/distributed-csv");
    std::fs::create_dir_all(dir.join("out")).expect("a folder");
    std::fs::write(dir.join("input.json"), r#"{"bucket": "orders-in", "key": "orders.csv", "currency": "EUR"}"#)
        .unwrap();
    let mocks = json!({"StateMachines": {"Csv": {"TestCases": {"Echo": {"PriceBatch": "ok"}}}},
        "MockedResponses": {"ok": {"0-99": {"Return": {"Payload": [{"priced": true}]}}}}});
    std::fs::write(dir.join("mocks.json"), mocks.to_string()).unwrap();
    let (s3, out) = (dir.join("s3"), dir.join("out"));
    std::fs::create_dir_all(s3.join("orders-in")).unwrap();
    std::fs::create_dir_all(out.join("order-results")).unwrap(); // the result bucket: an empty folder
    std::fs::create_dir_all(s3.join("order-results")).unwrap();
    std::fs::copy(example.join("s3/orders-in/orders.csv"), s3.join("orders-in/orders.csv")).unwrap();
    let (definition, input, mock_file) =
        (example.join("definition.asl.json"), dir.join("input.json"), dir.join("mocks.json"));
    let path = |p: &PathBuf| p.to_string_lossy().into_owned();
    let args = [
        "run",
        &path(&definition),
        "--input",
        &path(&input),
        "--s3",
        &path(&s3),
        "--s3-out",
        &path(&out),
        "--map-runs",
        "--mock-config",
        &path(&mock_file),
        "--name",
        "Csv",
        "--test-case",
        "Echo",
    ];
    let (code, report, stderr) = asl(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["status"], "SUCCEEDED", "{report}");
    let key = report["output"]["ResultWriterDetails"]["Key"].as_str().expect("a manifest key").to_owned();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("order-results").join(&key)).expect("written")).unwrap();
    assert_eq!(
        manifest["ResultFiles"]["SUCCEEDED"][0]["Key"].as_str().map(|k| k.ends_with("SUCCEEDED_0.json")),
        Some(true)
    );
    let executions = report["mapRuns"][0]["executions"].as_array().expect("child executions");
    assert_eq!(executions.len(), 3);
    assert_eq!(executions[0]["input"]["Items"][0]["orderId"], "A1001");
    let _ = std::fs::remove_dir_all(&dir);
}

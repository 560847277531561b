//! Distributed Map runs on the mock S3, checked against what AWS recorded (LocalStack's
//! AWS-validated snapshots in `tests/aws/services/stepfunctions/v2/`, named per test) and what
//! AWS's developer guide describes.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use asl_playground::asl;
use asl_playground::engine::{Execution, Outcome, StartOptions, Status};
use asl_playground::host::{self, s3::S3, Mocks};
use json_value::{json, Value};

fn run(definition: Value, input: Value, s3: S3) -> (Outcome, Execution, S3) {
    let machine = asl::load(&definition.to_string()).unwrap_or_else(|p| panic!("{p:?}"));
    host::run_with_s3(Rc::new(machine), input, StartOptions::default(), &Mocks::Echo, s3)
}

fn events(execution: &Execution) -> Vec<(u64, u64, String)> {
    execution.history().iter().map(|e| (e.id, e.previous_event_id, e.event_type.to_string())).collect()
}

fn distributed(processor_states: Value, start: &str, extra: Value) -> Value {
    let mut map = json!({
        "Type": "Map",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": start, "States": processor_states},
        "End": true
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        map[&**key] = value.clone();
    }
    json!({"StartAt": "MapState", "States": {"MapState": map}})
}

fn pass_through() -> Value {
    json!({"Inner": {"Type": "Pass", "End": true}})
}

fn bucket(objects: &[(&str, &str)]) -> S3 {
    let mut s3 = S3::new();
    s3.create_bucket("bucket");
    for (key, body) in objects {
        s3.put("bucket", key, (*body).to_owned(), 0);
    }
    s3
}

fn reader(input_type: &str, extra: Value) -> Value {
    let mut config = json!({"InputType": input_type});
    for (key, value) in extra.as_object().into_iter().flatten() {
        config[&**key] = value.clone();
    }
    json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": config, "Parameters": {"Bucket": "bucket", "Key": "items"}}})
}

fn kinds(execution: &Execution) -> Vec<String> {
    events(execution).into_iter().map(|(_, _, kind)| kind).collect()
}

/// test_map_state_config_distributed_item_selector: the ItemSelector sees the Map's input as `$`
/// and the item as `$$.Map.Item.Value`; no child events in the parent's history; MapStateExited
/// follows MapRunStarted (every recording from 2024-11 on).
#[test]
fn an_array_input_runs_as_a_map_run_with_the_recorded_event_links() {
    let selector = json!({"ItemSelector": {"constantValue": "constant", "mapValue.$": "$$.Map.Item.Value", "fromInput.$": "$"}, "MaxConcurrency": 1});
    let (outcome, execution, _) =
        run(distributed(pass_through(), "Inner", selector), json!(["Hello", "World"]), S3::new());
    assert_eq!(
        outcome.output,
        Some(json!([
            {"constantValue": "constant", "mapValue": "Hello", "fromInput": ["Hello", "World"]},
            {"constantValue": "constant", "mapValue": "World", "fromInput": ["Hello", "World"]}
        ]))
    );
    let expected = [
        (1, 0, "ExecutionStarted"),
        (2, 0, "MapStateEntered"),
        (3, 2, "MapStateStarted"),
        (4, 3, "MapRunStarted"),
        (5, 4, "MapRunSucceeded"),
        (6, 5, "MapStateSucceeded"),
        (7, 4, "MapStateExited"),
        (8, 7, "ExecutionSucceeded"),
    ];
    let expected: Vec<(u64, u64, String)> = expected.iter().map(|(i, p, k)| (*i, *p, k.to_string())).collect();
    assert_eq!(events(&execution), expected);
    assert_eq!(execution.history()[2].to_aws_json()["mapStateStartedEventDetails"]["length"], json!(2));
    let run = &execution.map_runs()[0];
    assert_eq!((run.status, run.children.len()), ("SUCCEEDED", 2));
    assert_eq!(
        kinds(&run.children[0].execution),
        ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    );
}

/// test_map_item_reader_json_no_json_list_object: MapRunFailed → MapStateFailed →
/// ExecutionFailed, all with States.ItemReaderFailed and AWS's cause; MapStateStarted length 0.
#[test]
fn a_json_object_that_is_not_an_array_fails_the_reader_as_aws_does() {
    let definition = distributed(pass_through(), "Inner", reader("JSON", json!({})));
    let (outcome, execution, _) = run(definition, json!({}), bucket(&[("items", r#"{"Hello": "world"}"#)]));
    assert_eq!(outcome.error.as_deref(), Some("States.ItemReaderFailed"));
    assert_eq!(outcome.cause.as_deref(), Some("Attempting to map over non-iterable node."));
    let tail: Vec<String> = kinds(&execution).into_iter().skip(2).collect();
    assert_eq!(tail, ["MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed"]);
    assert_eq!(execution.history()[2].to_aws_json()["mapStateStartedEventDetails"]["length"], json!(0));
}

/// test_map_item_reader_csv_max_items_paths__1.5 (States.Runtime after MapStateStarted, no Map
/// Run) and __-1 (States.ItemReaderFailed "field MaxItems must be positive" in the Map Run).
#[test]
fn max_items_path_is_checked_before_the_run_and_its_sign_in_the_run() {
    let csv = "Col1,Col2\na,b\nc,d\ne,f\n";
    let definition = distributed(pass_through(), "Inner", reader("CSV", json!({"MaxItemsPath": "$.MaxItems"})));
    let (outcome, execution, _) = run(definition.clone(), json!({"MaxItems": 1.5}), bucket(&[("items", csv)]));
    assert_eq!(outcome.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.MaxItems")
    );
    assert_eq!(kinds(&execution)[2..], ["MapStateStarted", "ExecutionFailed"]);
    let (outcome, _, _) = run(definition.clone(), json!({"MaxItems": -1}), bucket(&[("items", csv)]));
    assert_eq!(
        (outcome.error.as_deref(), outcome.cause.as_deref()),
        (Some("States.ItemReaderFailed"), Some("field MaxItems must be positive"))
    );
    let (outcome, _, _) = run(definition, json!({"MaxItems": "2"}), bucket(&[("items", csv)]));
    assert_eq!(outcome.output, Some(json!([{"Col1": "a", "Col2": "b"}, {"Col1": "c", "Col2": "d"}])));
}

/// test_map_item_batching_base_json_max_per_batch_jsonata: MaxItems 2 of a 3-item file, batches
/// of 2, BatchInput evaluated once in the parent's context; the child gets
/// `{"BatchInput", "Items"}`.
#[test]
fn items_are_batched_with_their_batch_input_in_jsonata() {
    let definition = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "MapState",
        "States": {"MapState": {
            "Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.max %}"}, "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "items"}},
            "ItemBatcher": {"MaxItemsPerBatch": "{% $states.input.per %}", "BatchInput": {"At": "{% $states.context.State.Name %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}},
            "End": true
        }}
    });
    let input = json!({"Bucket": "bucket", "max": 2, "per": 2});
    let (outcome, _, _) = run(definition, input, bucket(&[("items", r#"[{"n": 1}, {"n": 2}, {"n": 3}]"#)]));
    assert_eq!(outcome.output, Some(json!([{"BatchInput": {"At": "MapState"}, "Items": [{"n": 1}, {"n": 2}]}])));
}

/// The developer guide, "Setting failure thresholds for Distributed Map states": more failed
/// items than tolerated fail the Map Run with States.ExceedToleratedFailureThreshold (TestState
/// recordings give the cause), which a Catch on the Map catches.
#[test]
fn failures_beyond_the_tolerated_count_fail_the_run_and_are_caught() {
    let states = json!({
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Y"}], "Default": "N"},
        "Y": {"Type": "Succeed"},
        "N": {"Type": "Fail", "Error": "Bad", "Cause": "not ok"}
    });
    let extra = json!({"ToleratedFailureCount": 1, "MaxConcurrency": 1, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]});
    let mut definition = distributed(states, "C", extra);
    definition["States"]["Caught"] = json!({"Type": "Pass", "End": true});
    if let Value::Object(map) = &mut definition["States"]["MapState"] {
        map.remove("End");
        map.insert("Next", json!("Caught"));
    }
    let one_bad = json!([{"ok": true}, {"ok": false}, {"ok": true}]);
    let (outcome, _, _) = run(definition.clone(), one_bad, S3::new());
    assert_eq!(outcome.status, Status::Succeeded);
    let two_bad = json!([{"ok": false}, {"ok": false}, {"ok": true}]);
    let (outcome, execution, _) = run(definition, two_bad, S3::new());
    assert_eq!(
        outcome.output,
        Some(
            json!({"Error": "States.ExceedToleratedFailureThreshold", "Cause": "The specified tolerated failure threshold was exceeded"})
        )
    );
    assert!(kinds(&execution).contains(&"MapRunFailed".to_owned()));
    // With one at a time, the third item never starts.
    assert_eq!(execution.map_runs()[0].children.len(), 2);
}

/// The developer guide ("ResultWriter (Map)"): the results go to `<Prefix>/<map run id>/` as
/// SUCCEEDED_0.json and a manifest; the Map's result names the manifest.
#[test]
fn the_result_writer_exports_the_results_to_s3() {
    let extra = json!({"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "bucket", "Prefix": "out"}}, "Label": "Export"});
    let (outcome, _, s3) = run(distributed(pass_through(), "Inner", extra), json!([1, 2]), bucket(&[]));
    let output = outcome.output.expect("succeeded");
    let key = output["ResultWriterDetails"]["Key"].as_str().expect("a key").to_owned();
    let run_id = output["MapRunArn"].as_str().and_then(|arn| arn.rsplit(':').next()).expect("an ARN");
    assert!(output["MapRunArn"].as_str().is_some_and(|a| a.contains(":mapRun:StateMachine/Export:")));
    assert_eq!(key, format!("out/{run_id}/manifest.json"));
    let written: Vec<&str> = s3.written().map(|(_, key, _)| key).collect();
    assert_eq!(written, [&format!("out/{run_id}/SUCCEEDED_0.json"), key.as_str()]); // by key
    let results: Value =
        json_value::from_str(&s3.get("bucket", &format!("out/{run_id}/SUCCEEDED_0.json")).unwrap().body).unwrap();
    assert_eq!((results[0]["Output"].clone(), results[1]["Status"].clone()), (json!("1"), json!("SUCCEEDED")));
}

/// A child execution is an execution of its own: the parent's variables are not in scope
/// (developer guide, "Passing data between states with variables"), its tasks reach the host,
/// and the children run at the same time (five 10-second waits take 10 seconds).
#[test]
fn children_are_executions_of_their_own_that_run_together() {
    let states = json!({
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 10, "End": true}
    });
    let (outcome, execution, _) = run(distributed(states, "Call", json!({})), json!([1, 2, 3, 4, 5]), S3::new());
    assert_eq!(outcome.output, Some(json!([1, 2, 3, 4, 5])));
    let last = execution.history().last().expect("events");
    assert_eq!(last.timestamp - execution.history()[0].timestamp, 10_000);
    let child = &execution.map_runs()[0].children[0].execution;
    assert!(kinds(child).contains(&"TaskScheduled".to_owned()));
    let mut definition =
        distributed(json!({"Read": {"Type": "Pass", "Parameters": {"v.$": "$outer"}, "End": true}}), "Read", json!({}));
    definition["States"]["Set"] = json!({"Type": "Pass", "Assign": {"outer": 1}, "Next": "MapState"});
    definition["StartAt"] = json!("Set");
    let (outcome, _, _) = run(definition, json!([1]), S3::new());
    assert_eq!(outcome.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
}

/// listObjectsV2: one item per object, in the shape AWS's guide shows.
#[test]
fn a_listing_gives_one_item_per_object() {
    let listing = json!({"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "bucket", "Prefix": "in/"}}});
    let s3 = bucket(&[("in/a.csv", "x"), ("in/b.csv", "yy"), ("other", "z")]);
    let (outcome, _, _) = run(distributed(pass_through(), "Inner", listing), json!({}), s3);
    let output = outcome.output.expect("succeeded");
    let keys: Vec<(&str, i64)> =
        output.as_array().unwrap().iter().map(|o| (o["Key"].as_str().unwrap(), o["Size"].as_i64().unwrap())).collect();
    assert_eq!(keys, [("in/a.csv", 1), ("in/b.csv", 2)]);
    assert_eq!(output[0]["StorageClass"], json!("STANDARD"));
}

/// InputType MANIFEST (AWS's sample "monte-carlo-simulation" reads S3 Inventory manifests):
/// each row of each CSV file the manifest lists is an item keyed by its fileSchema.
#[test]
fn an_s3_inventory_manifest_gives_the_rows_of_its_files() {
    let manifest = r#"{"sourceBucket": "data", "destinationBucket": "arn:aws:s3:::bucket", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size", "files": [{"key": "inv/1.csv"}, {"key": "inv/2.csv"}]}"#;
    let s3 = bucket(&[("items", manifest), ("inv/1.csv", "data,a.txt,3\n"), ("inv/2.csv", "data,b.txt,4\n")]);
    let (outcome, _, _) =
        run(distributed(pass_through(), "Inner", reader("MANIFEST", json!({"MaxItems": 0}))), json!({}), s3);
    let keys: Vec<Value> =
        outcome.output.expect("succeeded").as_array().unwrap().iter().map(|i| i["Key"].clone()).collect();
    assert_eq!(keys, [json!("a.txt"), json!("b.txt")]);
}

/// Endless children end: each within its own 25,000 events, and all of them within the
/// execution's step budget (and, with the default budget, MAX_MAP_RUN_STEPS per Map Run).
#[test]
fn endless_children_are_bounded() {
    let states = json!({
        "Loop": {"Type": "Choice", "Choices": [{"Variable": "$", "IsPresent": false, "Next": "Done"}], "Default": "Loop"},
        "Done": {"Type": "Succeed"}
    });
    let definition = distributed(states, "Loop", json!({"ToleratedFailurePercentage": 100}));
    let machine = asl::load(&definition.to_string()).expect("valid");
    let options = StartOptions { max_steps: 120_000, ..StartOptions::default() };
    let items = Value::from(vec![json!(0); 30]);
    let (outcome, execution, _) = host::run_with_s3(Rc::new(machine), items, options, &Mocks::Echo, S3::new());
    assert_eq!(outcome.error.as_deref(), Some("States.Runtime"), "{outcome:?}");
    assert!(outcome.cause.as_deref().is_some_and(|c| c.contains("budget of 120000 steps")), "{outcome:?}");
    assert!(execution.history().len() < 10);
}

/// S3 failures of the reader and the writer (our choice, AWS's causes are unrecorded: the S3
/// error's message): a missing object is States.ItemReaderFailed, a missing result bucket
/// States.ResultWriterFailed; a bad JSON Lines file names its line.
#[test]
fn s3_problems_fail_the_map_run_with_the_reader_or_writer_error() {
    let (outcome, execution, _) =
        run(distributed(pass_through(), "Inner", reader("JSON", json!({}))), json!({}), bucket(&[]));
    assert_eq!(outcome.error.as_deref(), Some("States.ItemReaderFailed"));
    assert!(
        outcome.cause.as_deref().is_some_and(|c| c.starts_with("The specified key does not exist.")),
        "{outcome:?}"
    );
    assert!(kinds(&execution).contains(&"MapRunFailed".to_owned()));
    let jsonl = distributed(pass_through(), "Inner", reader("JSONL", json!({})));
    let (outcome, _, _) = run(jsonl, json!({}), bucket(&[("items", "{\"a\": 1}\n{oops}\n")]));
    assert!(outcome.cause.as_deref().is_some_and(|c| c.starts_with("Line 2 is not valid JSON")), "{outcome:?}");
    let writer =
        json!({"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "nowhere"}}});
    let (outcome, _, _) = run(distributed(pass_through(), "Inner", writer), json!([1]), S3::new());
    assert_eq!(outcome.error.as_deref(), Some("States.ResultWriterFailed"));
    assert!(outcome.cause.as_deref().is_some_and(|c| c.contains("NoSuchBucket")), "{outcome:?}");
}

/// A batch whose input passes the 256 KiB payload limit fails its child execution at once
/// (States.DataLimitExceeded, as StartExecution refuses such an input), which counts as
/// failed items.
#[test]
fn a_batch_over_the_payload_limit_fails_its_child() {
    let big = "x".repeat(100_000);
    let file = Value::from(vec![json!(big); 3]).to_string();
    let mut definition = distributed(pass_through(), "Inner", reader("JSON", json!({})));
    definition["States"]["MapState"]["ItemBatcher"] = json!({"MaxItemsPerBatch": 3});
    let (outcome, execution, _) = run(definition, json!({}), bucket(&[("items", &file)]));
    assert_eq!(outcome.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
    let child = execution.map_runs()[0].children[0].execution.outcome().cloned().expect("ended");
    assert_eq!(child.error.as_deref(), Some("States.DataLimitExceeded"));
}

//! Drive tests: the engine driven step by step on a virtual clock, with the host answering (or
//! not answering) tasks as a browser or a test would. No real time passes.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use asl_playground::asl;
use asl_playground::engine::{Execution, HostError, Invocation, Outcome, StartOptions, Status, Step, TaskResult};
use json_value::{json, Value};

const T0: i64 = 1_704_067_200_000; // StartOptions::default().start_time

fn start(definition: Value, input: Value, options: StartOptions) -> Execution {
    let machine = asl::load(&definition.to_string()).unwrap_or_else(|p| panic!("{p:?}"));
    Execution::start(Rc::new(machine), input, options)
}

/// Steps until the engine needs the host: an invocation, a block, or the end.
fn until_host(exe: &mut Execution, now: i64) -> Step {
    for _ in 0..100_000 {
        match exe.step(now) {
            Step::Event(_) => {}
            other => return other,
        }
    }
    panic!("no host interaction within 100,000 steps");
}

fn invoke(step: Step) -> Invocation {
    match step {
        Step::Invoke(invocation) => *invocation,
        other => panic!("expected an invocation, got {other:?}"),
    }
}

fn finished(step: Step) -> Outcome {
    match step {
        Step::Finished(outcome) => *outcome,
        other => panic!("expected the end, got {other:?}"),
    }
}

fn types(exe: &Execution) -> Vec<String> {
    exe.history().iter().map(|e| e.event_type.to_string()).collect()
}

fn task(extra: Value) -> Value {
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true});
    if let (Some(s), Some(e)) = (state.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    json!({"StartAt": "T", "States": {"T": state}})
}

#[test]
fn a_one_year_wait_finishes_at_once_on_the_virtual_clock() {
    let year = 365 * 24 * 3600;
    let mut exe = start(
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": year, "End": true}}}),
        json!({}),
        StartOptions::default(),
    );
    let Step::Blocked { wake_at: Some(at) } = until_host(&mut exe, T0) else { panic!("the wait blocks") };
    assert_eq!(at, T0 + year * 1000);
    assert_eq!(finished(until_host(&mut exe, at)).status, Status::Succeeded);
    assert_eq!(exe.history().last().map(|e| e.timestamp), Some(at));
}

#[test]
fn a_livelock_is_stopped_by_the_step_budget() {
    // A loop whose way out is never taken (a workflow with no terminal state does not load).
    let forever = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.done", "IsPresent": true, "Next": "Done"}], "Default": "A"},
        "Done": {"Type": "Succeed"}}});
    let options = StartOptions { max_steps: 1000, max_history_events: None, ..StartOptions::default() };
    let outcome = finished(until_host(&mut start(forever.clone(), json!({}), options), T0));
    assert_eq!(outcome.error.as_deref(), Some("States.Runtime"));
    assert!(outcome.cause.unwrap_or_default().contains("budget of 1000 steps"));
    // With AWS's own limit, the history stops it first: 25,000 events.
    let mut exe = start(forever, json!({}), StartOptions::default());
    let outcome = finished(until_host(&mut exe, T0));
    assert_eq!(outcome.cause.as_deref(), Some("The execution reached the limit of 25000 history events."));
    assert_eq!(exe.history().len(), 25_001);
}

#[test]
fn a_task_past_its_timeout_fails_with_states_timeout() {
    let mut exe = start(task(json!({"TimeoutSeconds": 10})), json!({}), StartOptions::default());
    let invocation = invoke(until_host(&mut exe, T0));
    let Step::Blocked { wake_at: Some(deadline) } = until_host(&mut exe, T0) else { panic!("waits for the task") };
    assert_eq!(deadline, T0 + 10_000);
    let outcome = finished(until_host(&mut exe, deadline));
    assert_eq!(outcome.error.as_deref(), Some("States.Timeout"));
    assert!(types(&exe).contains(&"TaskTimedOut".to_owned()));
    // The host's late answer is refused.
    assert_eq!(
        exe.complete(invocation.ticket, TaskResult::Succeeded(json!({})), deadline + 1),
        Err(HostError::Finished)
    );
}

// AWS developer guide, error handling: States.TaskFailed matches every task error except States.Timeout.
#[test]
fn states_task_failed_does_not_catch_a_timeout_but_states_timeout_does() {
    for (catches, expected) in [("States.TaskFailed", Status::Failed), ("States.Timeout", Status::Succeeded)] {
        let mut definition = task(json!({"TimeoutSeconds": 1, "Catch": [{"ErrorEquals": [catches], "Next": "C"}]}));
        definition["States"]["C"] = json!({"Type": "Succeed"});
        let mut exe = start(definition, json!({}), StartOptions::default());
        invoke(until_host(&mut exe, T0));
        assert_eq!(finished(until_host(&mut exe, T0 + 1000)).status, expected, "{catches}");
    }
}

// A missed heartbeat ends the task as a timeout: AWS-recorded (LocalStack's snapshot
// timeouts/test_heartbeats `test_heartbeat_timeout`): TaskTimedOut and ExecutionFailed with
// States.Timeout (not the States.HeartbeatTimeout the developer guide names).
#[test]
fn heartbeats_keep_a_task_alive_until_they_stop() {
    let mut exe = start(task(json!({"TimeoutSeconds": 60, "HeartbeatSeconds": 5})), json!({}), StartOptions::default());
    let invocation = invoke(until_host(&mut exe, T0));
    assert_eq!(until_host(&mut exe, T0), Step::Blocked { wake_at: Some(T0 + 5000) });
    assert_eq!(exe.heartbeat(invocation.ticket, T0 + 4000), Ok(()));
    assert_eq!(until_host(&mut exe, T0 + 4000), Step::Blocked { wake_at: Some(T0 + 9000) });
    let outcome = finished(until_host(&mut exe, T0 + 9000));
    assert_eq!((outcome.error.as_deref(), outcome.cause.as_deref()), (Some("States.Timeout"), None));
    assert_eq!(types(&exe)[4..], ["TaskTimedOut", "ExecutionFailed"]);
}

#[test]
fn wait_for_task_token_passes_the_token_and_waits_for_the_callback() {
    let definition = json!({"StartAt": "Approve", "States": {"Approve": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}}, "End": true
    }}});
    let mut exe = start(definition, json!({}), StartOptions { seed: 9, ..StartOptions::default() });
    let invocation = invoke(until_host(&mut exe, T0));
    let token = invocation.task_token.clone().unwrap_or_default();
    assert_eq!(token.len(), 36);
    assert_eq!(invocation.payload, json!({"MessageBody": {"token": token}}));
    // Nothing is due but the execution's own end, a year on (an unanswered callback waits that long).
    assert_eq!(until_host(&mut exe, T0), Step::Blocked { wake_at: Some(T0 + 31_622_400_000) });
    let an_hour_later = T0 + 3_600_000;
    assert_eq!(
        exe.complete(invocation.ticket, TaskResult::Succeeded(json!({"approved": true})), an_hour_later),
        Ok(())
    );
    let outcome = finished(until_host(&mut exe, an_hour_later));
    assert_eq!(outcome.output, Some(json!({"approved": true})));
    assert_eq!(exe.history().last().map(|e| e.timestamp), Some(an_hour_later));
}

#[test]
fn parallel_tasks_are_outstanding_together_and_results_keep_branch_order() {
    let branch = |name: &str| json!({"StartAt": name, "States": {name: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}});
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [branch("A"), branch("B")]}}});
    let mut exe = start(definition, json!({}), StartOptions::default());
    let a = invoke(until_host(&mut exe, T0));
    let b = invoke(until_host(&mut exe, T0));
    assert_eq!((&*a.state_name, &*b.state_name), ("A", "B"));
    assert_eq!(exe.complete(b.ticket, TaskResult::Succeeded(json!("b")), T0), Ok(()));
    assert_eq!(exe.complete(a.ticket, TaskResult::Succeeded(json!("a")), T0), Ok(()));
    assert_eq!(
        exe.complete(a.ticket, TaskResult::Succeeded(json!("again")), T0),
        Err(HostError::UnknownTicket(a.ticket))
    );
    assert_eq!(finished(until_host(&mut exe, T0)).output, Some(json!(["a", "b"])));
}

#[test]
fn a_failed_branch_cancels_the_others_outstanding_tasks() {
    let branch = |name: &str| json!({"StartAt": name, "States": {name: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}});
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [branch("A"), branch("B")]}}});
    let mut exe = start(definition, json!({}), StartOptions::default());
    let a = invoke(until_host(&mut exe, T0));
    let b = invoke(until_host(&mut exe, T0));
    let failed = TaskResult::failed("Boom", "b failed");
    assert_eq!(exe.complete(b.ticket, failed, T0), Ok(()));
    let outcome = finished(until_host(&mut exe, T0));
    assert_eq!((outcome.error.as_deref(), outcome.cause.as_deref()), (Some("Boom"), Some("b failed")));
    assert_eq!(exe.complete(a.ticket, TaskResult::Succeeded(json!(1)), T0), Err(HostError::Finished));
}

#[test]
fn map_max_concurrency_bounds_the_outstanding_tasks() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "End": true,
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}}}}});
    let mut exe = start(definition, json!([1, 2, 3, 4, 5]), StartOptions::default());
    let mut outstanding = Vec::new();
    let mut most = 0;
    let outcome = loop {
        match exe.step(T0) {
            Step::Event(_) => {}
            Step::Invoke(invocation) => {
                outstanding.push(invocation);
                most = most.max(outstanding.len());
            }
            Step::Blocked { .. } => {
                let invocation = outstanding.remove(0);
                let doubled = json!(invocation.payload.as_i64().unwrap_or(0) * 2);
                assert_eq!(exe.complete(invocation.ticket, TaskResult::Succeeded(doubled), T0), Ok(()));
            }
            Step::Finished(outcome) => break *outcome,
        }
    };
    assert_eq!(most, 2);
    assert_eq!(outcome.output, Some(json!([2, 4, 6, 8, 10])));
}

/// Runs a Map of `items` tasks answering the oldest outstanding one whenever the engine blocks;
/// the most tasks outstanding at once, and the outcome.
fn map_concurrency(map: Value, items: Value) -> (usize, Outcome) {
    let definition = json!({"StartAt": "M", "States": {"M": map}});
    let mut exe = start(definition, items, StartOptions::default());
    let (mut outstanding, mut most) = (Vec::new(), 0);
    loop {
        match exe.step(T0) {
            Step::Event(_) => {}
            Step::Invoke(invocation) => {
                outstanding.push(invocation);
                most = most.max(outstanding.len());
            }
            Step::Blocked { .. } => {
                let invocation: Invocation = *outstanding.remove(0);
                let result = TaskResult::Succeeded(invocation.payload.clone());
                assert_eq!(exe.complete(invocation.ticket, result, T0), Ok(()));
            }
            Step::Finished(outcome) => return (most, *outcome),
        }
    }
}

/// AWS: "In Inline mode, the Map state supports up to 40 concurrent iterations" (Developer
/// Guide, "Using Map state in Inline mode"), also when MaxConcurrency is 0 or larger.
#[test]
fn an_inline_map_runs_at_most_40_iterations_at_once() {
    let processor = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}});
    let items = Value::from((0..100).map(Value::from).collect::<Vec<_>>());
    for concurrency in [json!(0), json!(1000)] {
        let map = json!({"Type": "Map", "MaxConcurrency": concurrency, "End": true, "ItemProcessor": processor});
        let (most, outcome) = map_concurrency(map, items.clone());
        assert_eq!((most, outcome.output.map(|o| o.as_array().map(|a| a.len()))), (40, Some(Some(100))));
    }
}

/// The gathered results of a Map fail it as soon as they pass 256 KiB, as its result would
/// (AWS's cause for a state result over the quota), before the rest run.
#[test]
fn a_map_whose_results_pass_the_payload_limit_fails_at_once() {
    let processor = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}});
    let map = json!({"Type": "Map", "MaxConcurrency": 1, "End": true, "ItemProcessor": processor,
        "ItemSelector": {"v.$": "$.s"}, "ItemsPath": "$.items"});
    let input = json!({"s": "x".repeat(100_000), "items": [1, 2, 3, 4, 5, 6]});
    let definition = json!({"StartAt": "M", "States": {"M": map}});
    let mut exe = start(definition, input, StartOptions::default());
    let mut answered = 0;
    let outcome = loop {
        match exe.step(T0) {
            Step::Event(_) | Step::Blocked { .. } => {}
            Step::Invoke(invocation) => {
                answered += 1;
                assert_eq!(
                    exe.complete(invocation.ticket, TaskResult::Succeeded(invocation.payload.clone()), T0),
                    Ok(())
                );
            }
            Step::Finished(outcome) => break *outcome,
        }
    };
    assert_eq!(answered, 3, "the third result passes 256 KiB");
    assert_eq!(outcome.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("The state/task 'M' returned a result with a size exceeding the maximum number of bytes service limit.")
    );
}

#[test]
fn full_jitter_follows_the_seed() {
    let definition = task(
        json!({"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}]}),
    );
    let run = |seed: u64| {
        let mut exe = start(definition.clone(), json!({}), StartOptions { seed, ..StartOptions::default() });
        let mut now = T0;
        loop {
            match exe.step(now) {
                Step::Invoke(i) => {
                    let failed = TaskResult::failed("E", "");
                    assert_eq!(exe.complete(i.ticket, failed, now), Ok(()));
                }
                Step::Blocked { wake_at: Some(at) } => now = at,
                Step::Finished(_) => break,
                _ => {}
            }
        }
        exe.history().iter().filter(|e| e.event_type == "TaskScheduled").map(|e| e.timestamp - T0).collect::<Vec<_>>()
    };
    let (a, b, c) = (run(1), run(1), run(2));
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.len(), 4);
    // Each wait is at most the un-jittered backoff: 10 s, 20 s, 40 s.
    for (pair, max) in a.windows(2).zip([10_000, 20_000, 40_000]) {
        assert!((0..=max).contains(&(pair[1] - pair[0])), "{a:?}");
    }
}

#[test]
fn the_execution_timeout_ends_it_as_timed_out() {
    let definition =
        json!({"TimeoutSeconds": 5, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}});
    let mut exe = start(definition, json!({}), StartOptions::default());
    let Step::Blocked { wake_at: Some(at) } = until_host(&mut exe, T0) else { panic!("blocked") };
    assert_eq!(at, T0 + 5000);
    let outcome = finished(until_host(&mut exe, at));
    assert_eq!((outcome.status, outcome.error.as_deref()), (Status::TimedOut, Some("States.Timeout")));
    assert_eq!(types(&exe).last().map(String::as_str), Some("ExecutionTimedOut"));
}

#[test]
fn abort_stops_the_execution() {
    let mut exe = start(task(json!({})), json!({}), StartOptions::default());
    invoke(until_host(&mut exe, T0));
    exe.abort(T0 + 1, Some("Stopped".into()), None);
    assert_eq!(finished(exe.step(T0 + 2)).status, Status::Aborted);
    assert_eq!(types(&exe).last().map(String::as_str), Some("ExecutionAborted"));
}

// AWS-recorded histories (LocalStack's snapshot tests, e.g. base/test_base.snapshot.json): the
// first state's entered event follows event 0, like ExecutionStarted itself.
#[test]
fn events_chain_through_previous_event_ids() {
    let mut exe = start(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}),
        json!({}),
        StartOptions::default(),
    );
    finished(until_host(&mut exe, T0));
    let ids: Vec<(u64, u64)> = exe.history().iter().map(|e| (e.id, e.previous_event_id)).collect();
    assert_eq!(ids, [(1, 0), (2, 0), (3, 2), (4, 3), (5, 4), (6, 5)]);
    assert_eq!(exe.history()[1].to_aws_json()["stateEnteredEventDetails"]["input"], "{}");
}

#[test]
fn each_state_exit_records_its_data_flow_stages() {
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "InputPath": "$.order", "Parameters": {"Payload.$": "$"}, "ResultSelector": {"v.$": "$.Payload"}, "ResultPath": "$.r", "End": true}}});
    let mut exe = start(definition, json!({"order": {"id": 1}}), StartOptions::default());
    let invocation = invoke(until_host(&mut exe, T0));
    assert_eq!(exe.complete(invocation.ticket, TaskResult::Succeeded(json!({"Payload": 7})), T0), Ok(()));
    finished(until_host(&mut exe, T0));
    let exited = exe
        .history()
        .iter()
        .find(|e| e.event_type == "TaskStateExited")
        .and_then(|e| e.stages.clone())
        .unwrap_or_default();
    assert_eq!(exited.after_input_path, Some(json!({"id": 1})));
    assert_eq!(exited.after_parameters, Some(json!({"Payload": {"id": 1}})));
    assert_eq!(exited.result, Some(json!({"Payload": 7})));
    assert_eq!(exited.after_result_selector, Some(json!({"v": 7})));
    assert_eq!(exited.after_result_path, Some(json!({"order": {"id": 1}, "r": {"v": 7}})));
}

// AWS API reference, StateExitedEventDetails: assignedVariables maps each name to its value as
// serialized JSON; absent when the state assigns nothing.
#[test]
fn exited_events_list_the_assigned_variables() {
    let definition = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"s": "text", "n": 42, "o.$": "$"}, "Next": "B"},
        "B": {"Type": "Pass", "End": true}
    }});
    let mut exe = start(definition, json!({"k": [1]}), StartOptions::default());
    finished(until_host(&mut exe, T0));
    let exits: Vec<Value> =
        exe.history().iter().filter(|e| e.event_type == "PassStateExited").map(|e| e.to_aws_json()).collect();
    assert_eq!(
        exits[0]["stateExitedEventDetails"]["assignedVariables"],
        json!({"s": "\"text\"", "n": "42", "o": "{\"k\":[1]}"})
    );
    assert_eq!(exits[0]["stateExitedEventDetails"]["assignedVariablesDetails"], json!({"truncated": false}));
    assert!(exits[1]["stateExitedEventDetails"].get("assignedVariables").is_none());
}

#[test]
fn a_variable_over_256_kib_fails_the_state() {
    let big = "x".repeat(300_000);
    let definition =
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"big.$": "$.s"}, "End": true}}});
    let outcome = finished(until_host(&mut start(definition, json!({"s": big}), StartOptions::default()), T0));
    assert_eq!(outcome.error.as_deref(), Some("States.DataLimitExceeded"));
}

/// Runs `definition` to its end, answering every task with `result`.
fn run_answering(definition: Value, result: TaskResult) -> (Outcome, Execution) {
    let mut exe = start(definition, json!({}), StartOptions::default());
    loop {
        match until_host(&mut exe, T0) {
            Step::Invoke(invocation) => {
                assert_eq!(exe.complete(invocation.ticket, result.clone(), T0), Ok(()));
            }
            Step::Finished(outcome) => return (*outcome, exe),
            other => panic!("unexpected {other:?}"),
        }
    }
}

// AWS-recorded (LocalStack's snapshot scenarios/test_base_scenarios `test_catch_states_runtime`):
// a Catcher naming States.Runtime does not catch it; the execution fails.
#[test]
fn a_catcher_naming_states_runtime_never_catches_it() {
    let definition = task(json!({"OutputPath": "$.no.such.path",
        "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "Caught"}]}));
    let mut definition = definition;
    definition["States"]["Caught"] = json!({"Type": "Pass", "End": true});
    let (outcome, _) = run_answering(definition, TaskResult::Succeeded(json!({})));
    assert_eq!((outcome.status, outcome.error.as_deref()), (Status::Failed, Some("States.Runtime")));
}

// AWS-recorded (LocalStack's snapshot error_handling/test_states_errors
// `test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response`): a task
// result over 256 KiB is the task's failure, TaskFailed with States.DataLimitExceeded naming the
// resource type, and States.ALL catches it.
#[test]
fn a_task_result_over_the_limit_fails_the_task_and_states_all_catches_it() {
    let mut definition = task(json!({"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]}));
    definition["States"]["Caught"] = json!({"Type": "Pass", "End": true});
    let big = TaskResult::Succeeded(json!({"Payload": "x".repeat(300_000)}));
    let (outcome, exe) = run_answering(definition, big);
    let cause =
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.";
    assert_eq!(outcome.status, Status::Succeeded);
    assert_eq!(outcome.output, Some(json!({"Error": "States.DataLimitExceeded", "Cause": cause})));
    let failed = exe.history().iter().find(|e| e.event_type == "TaskFailed").map(|e| e.to_aws_json());
    assert_eq!(failed.map(|e| e["taskFailedEventDetails"]["cause"].clone()), Some(json!(cause)));
}

// AWS-recorded (LocalStack's snapshot scenarios/test_base_scenarios
// `test_map_state_tolerated_failure_*_path`): the tolerated failures are read after
// MapStateStarted, with these causes.
#[test]
fn tolerated_failure_paths_are_read_after_map_state_started_with_aws_causes() {
    let map = |field: &str| {
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.Items", field: format!("$.{}", field.trim_end_matches("Path")),
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})
    };
    let cases = [
        ("ToleratedFailureCountPath", json!("NoNumber"), Some("The ToleratedFailureCountPath field refers to value \"NoNumber\" which is not a valid integer: $.ToleratedFailureCount")),
        ("ToleratedFailureCountPath", json!(-1), Some("ToleratedFailureCount cannot be negative.")),
        ("ToleratedFailureCountPath", json!(1), None),
        ("ToleratedFailurePercentagePath", json!({}), Some("The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: $.ToleratedFailurePercentage")),
        ("ToleratedFailurePercentagePath", json!(100.1), Some("ToleratedFailurePercentage must be between 0 and 100.")),
        ("ToleratedFailurePercentagePath", json!(-1.1), Some("ToleratedFailurePercentage must be between 0 and 100.")),
        ("ToleratedFailurePercentagePath", json!(1.1), None),
    ];
    for (field, value, cause) in cases {
        let input = json!({"Items": [0], field.trim_end_matches("Path"): value});
        let mut exe = start(map(field), input, StartOptions::default());
        let outcome = finished(until_host(&mut exe, T0));
        let expected =
            cause.map(|c| format!("An error occurred while executing the state 'M' (entered at the event id #2). {c}"));
        assert_eq!(outcome.cause, expected, "{field} = {value}");
        if cause.is_some() {
            assert_eq!(types(&exe)[2..], ["MapStateStarted", "ExecutionFailed"], "{field} = {value}");
        }
    }
}

// AWS's schema (amazon-states-language-service common.json): IntervalSeconds ≤ 99,999,999,
// MaxDelaySeconds ≤ 31,622,400, "if not specified, the limit is the maximum duration a state
// machine can run". A backoff never goes past that, and no execution runs longer.
#[test]
fn backoff_and_executions_stop_at_the_longest_run_aws_allows() {
    let retry = json!({"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 99_999_999, "BackoffRate": 100, "MaxAttempts": 5}]});
    let mut exe = start(task(retry), json!({}), StartOptions::default());
    let invocation = invoke(until_host(&mut exe, T0));
    assert_eq!(exe.complete(invocation.ticket, TaskResult::failed("E", "c"), T0), Ok(()));
    let Step::Blocked { wake_at: Some(at) } = until_host(&mut exe, T0) else { panic!("a retry waits") };
    assert_eq!(at, T0 + 31_622_400_000);
    let outcome = finished(until_host(&mut exe, at));
    assert_eq!((outcome.status, outcome.error.as_deref()), (Status::TimedOut, Some("States.Timeout")));
    for bad in [
        json!({"IntervalSeconds": 100_000_000}),
        json!({"MaxDelaySeconds": 31_622_401}),
        json!({"MaxAttempts": 100_000_000}),
    ] {
        let mut retrier = json!({"ErrorEquals": ["States.ALL"]});
        if let (Some(r), Some(extra)) = (retrier.as_object_mut(), bad.as_object()) {
            r.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let definition = task(json!({"Retry": [retrier]}));
        assert!(asl::load(&definition.to_string()).is_err(), "{definition}");
    }
}

/// A Catch that loops back, where each failure's cause quotes the input holding the previous
/// cause: causes are cut at AWS's 32,768 characters (the API's maximum), so they stop doubling.
#[test]
fn causes_that_quote_earlier_causes_stay_within_awss_length() {
    // The function fails quoting its event (as an errorMessage often does).
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:1:function:f",
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "T"}], "End": true}}});
    let options = StartOptions { max_history_events: Some(400), ..StartOptions::default() };
    let mut exe = start(definition, json!({"blob": "x".repeat(1_000)}), options);
    loop {
        match until_host(&mut exe, T0) {
            Step::Invoke(invocation) => {
                let quoted = TaskResult::failed("Boom", format!("bad event {}", invocation.payload));
                let _ = exe.complete(invocation.ticket, quoted, T0);
            }
            Step::Finished(_) => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    let longest = exe
        .history()
        .iter()
        .filter_map(|e| e.details.as_ref()?.get("cause")?.as_str().map(|c| c.chars().count()))
        .max();
    assert_eq!(longest, Some(32_768));
}

/// A task's payload over 256 KiB never reaches the service: `$..a` over a 400-level chain
/// gathers 400 nested copies (80,000 levels in all, shared in memory, hundreds of KB as text).
/// Found by the workflow fuzz target: a Catch loop around such a task wrote a 2.9 GB history.
/// States.DataLimitExceeded, with our cause (AWS's for an oversized input is unrecorded).
#[test]
fn a_task_payload_over_the_limit_fails_before_it_is_scheduled() {
    let mut deep = json!(1);
    for _ in 0..400 {
        deep = json!({ "a": deep });
    }
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$..a"}, "End": true}}});
    let mut exe = start(definition, json!({ "deep": deep }), StartOptions::default());
    let outcome = finished(until_host(&mut exe, T0));
    assert_eq!(outcome.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("The state/task 'T' has an input with a size exceeding the maximum number of bytes service limit.")
    );
    assert!(exe.history().iter().all(|e| e.event_type != "TaskScheduled"));
}

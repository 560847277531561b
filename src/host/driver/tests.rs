use super::*;
use json_value::json;

fn machine(definition: serde_json::Value) -> Rc<StateMachine> {
    Rc::new(crate::asl::load(&definition.to_string()).unwrap_or_else(|p| panic!("{p:?}")))
}

fn host_driver(definition: serde_json::Value, time: Time) -> Driver {
    let answers = Answers { handlers: Handlers::Host, ..Answers::test_case(None) };
    Driver::new(machine(definition), json!({"n": 1}), StartOptions::default(), answers, time)
}

fn types(driver: &Driver) -> Vec<String> {
    driver.execution().history().iter().map(|e| e.event_type.to_string()).collect()
}

/// Polls past events; the first thing the host must do.
fn next(driver: &mut Driver) -> Poll {
    loop {
        match driver.poll() {
            Poll::Event(_) => {}
            other => return other,
        }
    }
}

#[test]
fn handlers_of_parallel_branches_run_together_and_complete_in_invocation_order() {
    let task = |name: &str| serde_json::json!({"StartAt": name, "States": {name: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": name, "Payload.$": "$"}, "End": true}}});
    let mut driver = host_driver(
        serde_json::json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [task("a"), task("b")]}}}),
        Time::Jump,
    );
    let Poll::Run(calls) = next(&mut driver) else { panic!("handlers to run") };
    assert_eq!(calls.iter().map(|c| c.function.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(calls[0].event, json!({"n": 1}));
    assert_eq!(calls[0].context["functionName"], "a");
    assert_eq!(driver.poll(), Poll::Run(Vec::new()), "nothing moves until the handlers return");
    driver.handled(calls[1].ticket, HandlerReply::Returned("\"B\"".into()));
    driver.handled(calls[0].ticket, HandlerReply::Returned("\"A\"".into()));
    let Poll::Finished(outcome) = next(&mut driver) else { panic!("the end") };
    assert_eq!(
        outcome.output.map(|o| o.to_string()).as_deref(),
        Some(
            r#"[{"ExecutedVersion":"$LATEST","Payload":"A","SdkHttpMetadata":{"AllHttpHeaders":{"X-Amz-Executed-Version":["$LATEST"],"Content-Type":["application/json"]},"HttpHeaders":{"X-Amz-Executed-Version":"$LATEST","Content-Type":"application/json"},"HttpStatusCode":200},"SdkResponseMetadata":{"RequestId":"00000000-0000-0000-0000-000000000000"},"StatusCode":200},{"ExecutedVersion":"$LATEST","Payload":"B","SdkHttpMetadata":{"AllHttpHeaders":{"X-Amz-Executed-Version":["$LATEST"],"Content-Type":["application/json"]},"HttpHeaders":{"X-Amz-Executed-Version":"$LATEST","Content-Type":"application/json"},"HttpStatusCode":200},"SdkResponseMetadata":{"RequestId":"00000000-0000-0000-0000-000000000000"},"StatusCode":200}]"#
        )
    );
}

// AWS calls the function with the token, then waits (callback/test_callback recordings show
// TaskSubmitted, then the callback's output in TaskSucceeded).
#[test]
fn a_callback_task_calls_its_function_then_waits_for_the_answer() {
    let definition = serde_json::json!({"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 60,
        "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}});
    let mut driver = host_driver(definition, Time::OnRequest);
    let Poll::Run(calls) = next(&mut driver) else { panic!("the call") };
    assert!(calls[0].callback);
    let token = calls[0].event["token"].as_str().map(str::to_owned).unwrap_or_default();
    driver.handled(calls[0].ticket, HandlerReply::Returned("\"sent\"".into()));
    let Poll::Waiting(pending) = next(&mut driver) else { panic!("waiting") };
    assert_eq!((pending[0].state.as_str(), pending[0].token.as_str()), ("Approve", token.as_str()));
    assert_eq!(types(&driver)[2..], ["TaskScheduled", "TaskStarted", "TaskSubmitted"]);
    driver.answer(pending[0].ticket, TaskResult::Succeeded(json!({"approved": true})));
    let Poll::Finished(outcome) = next(&mut driver) else { panic!("the end") };
    assert_eq!(outcome.output, Some(json!({"approved": true})));
}

#[test]
fn letting_time_pass_fires_a_waiting_tasks_timeout() {
    let definition = serde_json::json!({"StartAt": "Q", "States": {"Q": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 60,
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}});
    let mut driver = host_driver(definition, Time::OnRequest);
    assert!(matches!(next(&mut driver), Poll::Waiting(_)));
    driver.let_time_pass();
    let Poll::Finished(outcome) = next(&mut driver) else { panic!("the end") };
    assert_eq!(outcome.error.as_deref(), Some("States.Timeout"));
    assert_eq!(driver.now(), StartOptions::default().start_time + 60_000);
}

#[test]
fn the_test_case_answers_what_it_mocks_and_sns_publishes_to_the_outbox() {
    let config = serde_json::json!({"StateMachines": {"M": {"TestCases": {"T": {"A": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": {"Payload": 1}}}}});
    let case = super::super::mock_config::load_test_case(&config.to_string(), "M", "T").expect("valid");
    let definition = serde_json::json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "Next": "N"},
        "N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:t", "Message": "hi"}, "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}});
    let driver = Driver::new(
        machine(definition),
        json!({}),
        StartOptions::default(),
        Answers::test_case(Some(case)),
        Time::Jump,
    );
    let (outcome, execution) = run_to_end(driver, |_| HandlerReply::Returned("null".into()));
    assert_eq!(outcome.error.as_deref(), Some(MOCK_MISSING));
    assert!(outcome.cause.unwrap_or_default().contains(
        "Task state \"D\" calls arn:aws:states:::dynamodb:putItem, but test case \"T\" does not mock this state"
    ));
    let published = execution.history().iter().filter(|e| e.event_type == "TaskSucceeded").count();
    assert_eq!(published, 2, "A from the test case, N from the outbox");
}

/// A poll goes on through events (about `EVENTS_PER_POLL`), but reports the first event
/// after it answered a task, so that what the answer sent is seen next to the events before it.
#[test]
fn a_poll_writes_a_bounded_run_of_events_and_stops_at_the_first_after_an_answer() {
    let pass = |next: &str| serde_json::json!({"Type": "Pass", "Next": next});
    let definition = serde_json::json!({"StartAt": "P1", "States": {"P1": pass("P2"), "P2": pass("P3"),
        "P3": pass("P4"), "P4": pass("P5"), "P5": pass("P6"), "P6": pass("N"),
        "N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:t", "Message": "hi"}, "End": true}}});
    let mut driver = host_driver(definition, Time::Jump);
    let mut written = Vec::new();
    while let Poll::Event(id) = driver.poll() {
        assert_eq!(id as usize, driver.execution().history().len(), "the newest event's id");
        written.push(driver.execution().history().len());
        if driver.outbox().len() == 1 {
            break;
        }
    }
    assert_eq!(written[0], EVENTS_PER_POLL, "a run of Pass states fills a poll");
    // At most EVENTS_PER_POLL, and the one that follows an answer.
    assert!(written.windows(2).all(|w| w[1] - w[0] <= EVENTS_PER_POLL + 1), "{written:?} {:?}", types(&driver));
    assert_eq!(types(&driver).last().map(String::as_str), Some("TaskSucceeded"), "reported right after the answer");
}

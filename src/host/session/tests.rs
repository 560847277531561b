use super::codec::{inbound_from_value, inbound_to_value, reports_from_value, reports_to_value, Inbound};
use super::*;
use crate::engine::Status;
use json_value::json;

fn spec(definition: serde_json::Value, handlers: &[&str]) -> RunSpec {
    RunSpec {
        definition: definition.to_string(),
        input: json!({"n": 1}),
        handlers: handlers
            .iter()
            .map(|h| (h.to_string(), "export const handler = async (e) => e;".to_owned()))
            .collect(),
        static_responses: Vec::new(),
        test_case: None,
        handler_limit_ms: 3000,
        s3: Vec::new(),
    }
}

/// A Distributed Map in the page: the project's S3 objects feed its ItemReader, and the run
/// reports its Map Run (child executions and their events) and what it wrote, through the
/// Worker's codec.
#[test]
fn a_distributed_map_reads_the_projects_s3_and_reports_its_map_run() {
    let definition = serde_json::json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"}, "Parameters": {"Bucket": "in", "Key": "orders.csv"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}}}}});
    let mut spec = spec(definition, &[]);
    spec.s3 =
        vec![("in".into(), "orders.csv".into(), "id\n1\n2\n".into()), ("out".into(), String::new(), String::new())];
    let spec_back = match inbound_from_value(&inbound_to_value(&Inbound::Start(Box::new(spec.clone())))) {
        Ok(Inbound::Start(spec)) => *spec,
        other => panic!("{other:?}"),
    };
    assert_eq!(spec_back.s3, spec.s3);
    let mut session = Session::start(spec).expect("starts");
    let (reports, progress) = session.pump(10_000);
    assert_eq!(progress, Progress::Done);
    let reports = reports_from_value(&reports_to_value(&reports)).expect("decodes");
    let runs = reports.iter().find_map(|r| if let Report::MapRuns(runs) = r { Some(runs.clone()) } else { None });
    let runs = runs.expect("a Map Run report");
    assert_eq!((runs[0].state.as_str(), runs[0].children.len()), ("M", 2));
    assert_eq!(runs[0].children[1].output, Some(json!({"id": "2"})));
    assert_eq!(runs[0].children[0].events.len(), 4);
    let written = reports.iter().find_map(|r| if let Report::S3Written(w) = r { Some(w.clone()) } else { None });
    let keys: Vec<String> = written.expect("written objects").into_iter().map(|(b, k, _)| format!("{b}/{k}")).collect();
    assert_eq!(keys.len(), 2);
    assert!(keys[1].starts_with("out/") && keys[1].ends_with("/manifest.json"), "{keys:?}");
}

fn lambda(function: &str, next: Option<&str>) -> serde_json::Value {
    let mut state = serde_json::json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function, "Payload.$": "$"}, "OutputPath": "$.Payload"});
    match next {
        Some(next) => state["Next"] = next.into(),
        None => state["End"] = true.into(),
    }
    state
}

/// Pumps until the session is idle or done; every report.
fn drain(session: &mut Session) -> Vec<Report> {
    let mut all = Vec::new();
    loop {
        let (reports, progress) = session.pump(1000);
        all.extend(reports);
        if progress != Progress::Busy {
            return all;
        }
    }
}

fn calls(reports: &[Report]) -> Vec<Call> {
    reports.iter().filter_map(|r| if let Report::Call(c) = r { Some(c.clone()) } else { None }).collect()
}

fn event_types(reports: &[Report]) -> Vec<String> {
    let events = reports.iter().filter_map(|r| if let Report::Events(e) = r { Some(e) } else { None });
    events.flatten().map(|e| e.event_type.to_string()).collect()
}

#[test]
fn a_handler_call_goes_to_the_sandbox_and_its_logs_come_before_the_result() {
    let definition = serde_json::json!({"StartAt": "A", "States": {"A": lambda("f", None)}});
    let mut session = Session::start(spec(definition, &["f"])).expect("starts");
    let first = drain(&mut session);
    let out = calls(&first);
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].call.function.as_str(), out[0].limit_ms), ("f", 3000));
    assert_eq!(event_types(&first).last().map(String::as_str), Some("TaskStarted"));
    let reply = HandlerReply::Returned("{\"ok\":true}".into());
    let now = session.command(Command::Handled { ticket: out[0].call.ticket, reply, logs: vec!["INFO hi".into()] });
    let answered =
        Report::Answered { ticket: out[0].call.ticket, state: "A".into(), by: AnsweredBy::Handler("f".into()) };
    let event = out[0].call.started_event;
    assert!(event > 0, "the call knows its TaskStarted event");
    let log = |line: &str| Report::Log(LogLine { state: "A".into(), line: line.into(), event });
    // Lambda's own lines around the handler's, as its CloudWatch log stream has them.
    let id = out[0].call.context["awsRequestId"].as_str().unwrap_or_default().to_owned();
    assert_eq!(id, format!("A-{}-1", out[0].call.ticket));
    let (start, end) = (format!("START RequestId: {id} Version: $LATEST"), format!("END RequestId: {id}"));
    assert_eq!(now, vec![log(&start), log("INFO hi"), log(&end), answered]);
    let rest = drain(&mut session);
    assert!(matches!(&rest[0], Report::Events(_)), "the result's events follow the logs: {rest:?}");
    let Some(Report::Finished(outcome)) = rest.last() else { panic!("finished: {rest:?}") };
    assert_eq!(outcome.output, Some(json!({"ok": true})));
}

#[test]
fn a_function_without_a_handler_returns_its_event_and_says_so() {
    let definition = serde_json::json!({"StartAt": "A", "States": {"A": lambda("unknown", None)}});
    let mut session = Session::start(spec(definition, &[])).expect("starts");
    let reports = drain(&mut session);
    assert!(calls(&reports).is_empty());
    let log = reports.iter().find_map(|r| if let Report::Log(l) = r { Some(l.line.clone()) } else { None });
    assert_eq!(log.as_deref(), Some("[playground] no handler for function \"unknown\": it returned its event"));
    let Some(Report::Finished(outcome)) = reports.last() else { panic!("finished") };
    assert_eq!(outcome.output, Some(json!({"n": 1})));
}

#[test]
fn stop_ends_the_run_even_with_a_call_out_and_its_late_reply_is_ignored() {
    let definition = serde_json::json!({"StartAt": "A", "States": {"A": lambda("f", None)}});
    let mut session = Session::start(spec(definition, &["f"])).expect("starts");
    let ticket = calls(&drain(&mut session))[0].call.ticket;
    let mut reports = session.command(Command::Stop);
    reports.extend(drain(&mut session));
    let Some(Report::Finished(outcome)) = reports.last() else { panic!("finished: {reports:?}") };
    assert_eq!(outcome.status, Status::Aborted);
    assert_eq!(event_types(&reports), ["ExecutionAborted"]);
    session.command(Command::Handled { ticket, reply: HandlerReply::Returned("1".into()), logs: vec![] });
    assert_eq!(session.pump(10), (Vec::new(), Progress::Done));
}

#[test]
fn a_callback_task_waits_for_the_user_and_time_passes_only_when_asked() {
    let definition = serde_json::json!({"StartAt": "Q", "States": {"Q": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}});
    let mut session = Session::start(spec(definition, &[])).expect("starts");
    let reports = drain(&mut session);
    let Some(Report::Waiting(pending)) = reports.last() else { panic!("waiting: {reports:?}") };
    let ticket = pending[0].ticket;
    assert_eq!(drain(&mut session), Vec::new(), "still waiting, reported once");
    let mut reports =
        session.command(Command::Answer { ticket, result: TaskResult::Succeeded(json!({"approved": true})) });
    reports.extend(drain(&mut session));
    assert!(reports
        .iter()
        .any(|r| matches!(r, Report::Answered { by: AnsweredBy::Callback, state, .. } if state == "Q")));
    let Some(Report::Finished(outcome)) = reports.last() else { panic!("finished") };
    assert_eq!(outcome.output, Some(json!({"approved": true})));
}

/// With no TimeoutSeconds, a callback task waits until the execution times out (AWS: a standard
/// execution runs at most one year; ours 366 days, engine/execution.rs).
#[test]
fn letting_time_pass_without_a_task_timer_reaches_the_executions_deadline() {
    let definition = serde_json::json!({"StartAt": "Q", "States": {"Q": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}});
    let mut session = Session::start(spec(definition, &[])).expect("starts");
    assert!(matches!(drain(&mut session).last(), Some(Report::Waiting(_))));
    let mut reports = session.command(Command::LetTimePass);
    reports.extend(drain(&mut session));
    let Some(Report::Finished(outcome)) = reports.last() else { panic!("finished: {reports:?}") };
    assert_eq!((outcome.status, outcome.error.as_deref()), (Status::TimedOut, Some("States.Timeout")));
}

#[test]
fn an_endless_loop_is_pumped_in_bounded_slices_until_the_event_limit() {
    let definition = serde_json::json!({"StartAt": "C", "States": {"C": {"Type": "Choice",
        "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "C"}], "Default": "D"}, "D": {"Type": "Succeed"}}});
    let mut session = Session::start(spec(definition, &[])).expect("starts");
    let (reports, progress) = session.pump(100);
    assert_eq!(progress, Progress::Busy);
    let written = event_types(&reports).len();
    assert!(written > 100 && written <= 100 * crate::host::driver::EVENTS_PER_POLL, "{written} events");
    let reports = drain(&mut session);
    let Some(Report::Finished(outcome)) = reports.last() else { panic!("finished") };
    assert_eq!(outcome.status, Status::Failed);
    // AWS's 25,000 events, then the failure.
    assert_eq!(session.driver().execution().history().len(), crate::engine::MAX_HISTORY_EVENTS + 1);
}

#[test]
fn a_definition_that_does_not_load_is_refused_with_a_reason() {
    let refused = Session::start(spec(serde_json::json!({"StartAt": "Nowhere", "States": {}}), &[]));
    assert!(refused.err().unwrap_or_default().contains("does not load"));
}

/// Everything a run reports crosses the wire codec unchanged, and so does every command.
#[test]
fn reports_and_commands_cross_the_wire_unchanged() {
    let definition = serde_json::json!({"StartAt": "A", "States": {
        "A": lambda("f", Some("N")),
        "N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:t", "Message.$": "$"}, "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"big.$": "States.ArrayRange(1, 200, 1)"}, "Assign": {"x": 1}, "Next": "F"},
        "F": {"Type": "Fail", "Error": "E", "Cause": "because"}}});
    let mut session = Session::start(spec(definition, &["f"])).expect("starts");
    let mut all = drain(&mut session);
    let call = calls(&all)[0].clone();
    let handled = Command::Handled {
        ticket: call.call.ticket,
        reply: HandlerReply::Returned("{\"n\":2}".into()),
        logs: vec!["INFO x".into()],
    };
    all.extend(session.command(handled.clone()));
    all.extend(drain(&mut session));
    let (mut encoder, mut decoder) = (json_value::wire::Encoder::default(), json_value::wire::Decoder::default());
    for report in &all {
        let text = encoder.encode(&reports_to_value(std::slice::from_ref(report)));
        let back = reports_from_value(&decoder.decode(&text).expect("decodes")).expect("reads");
        assert_eq!(back, vec![report.clone()]);
    }
    let commands = [
        Inbound::Start(Box::new(spec(serde_json::json!({"x": 1}), &["f"]))),
        Inbound::Command(handled),
        Inbound::Command(Command::Answer {
            ticket: 3,
            result: TaskResult::Failed { error: None, cause: Some("c".into()) },
        }),
        Inbound::Command(Command::Answer { ticket: 4, result: TaskResult::Succeeded(json!(null)) }),
        Inbound::Command(Command::LetTimePass),
        Inbound::Command(Command::Stop),
        Inbound::Command(Command::Handled { ticket: 1, reply: HandlerReply::TimedOut { limit_ms: 9 }, logs: vec![] }),
        Inbound::Command(Command::Handled {
            ticket: 1,
            reply: HandlerReply::Threw { error_type: "T".into(), message: "m".into() },
            logs: vec![],
        }),
    ];
    for inbound in commands {
        assert_eq!(inbound_from_value(&inbound_to_value(&inbound)), Ok(inbound));
    }
}

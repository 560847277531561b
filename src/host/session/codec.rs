//! Session messages as values, both ways: what the page sends ([`Inbound`]) and the reports it
//! receives. The page and the Worker run the same code, so the shapes are ours (short member
//! names, documents as they are); the text goes through `json_value::wire`, which keeps the
//! documents shared.

use std::borrow::Cow;

use json_value::{object, Map, Value};

use super::{Call, ChildView, Command, LogLine, MapRunView, Report, RunSpec, S3Entry};
use crate::engine::{Details, HistoryEvent, Outcome, Stages, Status, TaskResult};
use crate::host::driver::{AnsweredBy, HandlerCall, Pending};
use crate::host::lambda::{HandlerReply, OutboxMessage};

/// What the page sends its engine Worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Start a run (the previous one, if any, is dropped).
    Start(Box<RunSpec>),
    /// A command for the running session.
    Command(Command),
}

type Decoded<T> = Result<T, String>;

/// `inbound` as a value.
pub fn inbound_to_value(inbound: &Inbound) -> Value {
    match inbound {
        Inbound::Start(spec) => object! {"start" => spec_to_value(spec)},
        Inbound::Command(command) => object! {"command" => command_to_value(command)},
    }
}

/// The [`Inbound`] message `value` is.
pub fn inbound_from_value(value: &Value) -> Decoded<Inbound> {
    if let Some(spec) = value.get("start") {
        return Ok(Inbound::Start(Box::new(spec_from_value(spec)?)));
    }
    command_from_value(member(value, "command")?).map(Inbound::Command)
}

/// Reports as a value (the page never gets [`Report::Call`]s: the shell takes them out).
pub fn reports_to_value(reports: &[Report]) -> Value {
    reports.iter().map(report_to_value).collect()
}

/// The reports `value` holds.
pub fn reports_from_value(value: &Value) -> Decoded<Vec<Report>> {
    let items = value.as_array().ok_or("reports: not a list")?;
    items.iter().map(report_from_value).collect()
}

fn spec_to_value(spec: &RunSpec) -> Value {
    let responses: Value =
        spec.static_responses.iter().map(|(arn, v)| Value::from(vec![arn.as_str().into(), v.clone()])).collect();
    let case = spec.test_case.as_ref().map(|(config, machine, case)| {
        Value::from(vec![config.as_str().into(), machine.as_str().into(), case.as_str().into()])
    });
    object! {
        "definition" => spec.definition.as_str(),
        "input" => spec.input.clone(),
        "handlers" => spec.handlers.iter().map(|(name, source)| Value::from(vec![name.as_str().into(), source.as_str().into()])).collect::<Value>(),
        "responses" => responses,
        "testCase" => case.unwrap_or_default(),
        "limitMs" => spec.handler_limit_ms,
        "s3" => entries_to_value(&spec.s3),
    }
}

fn entries_to_value(entries: &[S3Entry]) -> Value {
    let entry = |(b, k, body): &S3Entry| Value::from(vec![b.as_str().into(), k.as_str().into(), body.as_str().into()]);
    entries.iter().map(entry).collect()
}

fn entries_from_value(value: &Value) -> Decoded<Vec<S3Entry>> {
    let items = value.as_array().ok_or("s3: not a list")?;
    items.iter().map(|e| Ok((text_at(e, 0)?, text_at(e, 1)?, text_at(e, 2)?))).collect()
}

fn map_run_to_value(run: &MapRunView) -> Value {
    object! {
        "state" => run.state.as_str(),
        "arn" => &*run.arn,
        "status" => run.status.as_str(),
        "children" => run.children.iter().map(child_to_value).collect::<Value>(),
    }
}

fn child_to_value(child: &ChildView) -> Value {
    object! {
        "name" => child.name.as_str(),
        "status" => child.status.as_str(),
        "items" => child.items,
        "input" => child.input.clone(),
        "output" => child.output.clone().unwrap_or_default(),
        "error" => child.error.clone(),
        "cause" => child.cause.clone(),
        "events" => child.events.iter().map(event_to_value).collect::<Value>(),
    }
}

fn map_run_from_value(value: &Value) -> Decoded<MapRunView> {
    Ok(MapRunView {
        state: text(value, "state")?,
        arn: text(value, "arn")?,
        status: text(value, "status")?,
        children: list(value, "children")?.iter().map(child_from_value).collect::<Decoded<_>>()?,
    })
}

fn child_from_value(value: &Value) -> Decoded<ChildView> {
    Ok(ChildView {
        name: text(value, "name")?,
        status: text(value, "status")?,
        items: usize::try_from(number(value, "items")?).map_err(|_| "items: out of range")?,
        input: member(value, "input")?.clone(),
        output: value.get("output").filter(|o| !o.is_null()).cloned(),
        error: optional_text(value, "error"),
        cause: optional_text(value, "cause"),
        events: list(value, "events")?.iter().map(event_from_value).collect::<Decoded<_>>()?,
    })
}

fn spec_from_value(value: &Value) -> Decoded<RunSpec> {
    let responses = list(value, "responses")?
        .iter()
        .map(|pair| Ok((text_at(pair, 0)?, pair.get(1).cloned().ok_or("a response without its value")?)))
        .collect::<Decoded<Vec<_>>>()?;
    let test_case = match value.get("testCase") {
        Some(Value::Null) | None => None,
        Some(case) => Some((text_at(case, 0)?, text_at(case, 1)?, text_at(case, 2)?)),
    };
    Ok(RunSpec {
        definition: text(value, "definition")?,
        input: member(value, "input")?.clone(),
        handlers: list(value, "handlers")?
            .iter()
            .map(|h| Ok((text_at(h, 0)?, text_at(h, 1)?)))
            .collect::<Decoded<_>>()?,
        static_responses: responses,
        test_case,
        handler_limit_ms: u32::try_from(number(value, "limitMs")?).map_err(|_| "limitMs: out of range")?,
        s3: match value.get("s3") {
            Some(entries) => entries_from_value(entries)?,
            None => Vec::new(),
        },
    })
}

fn command_to_value(command: &Command) -> Value {
    match command {
        Command::Handled { ticket, reply, logs } => object! {
            "handled" => *ticket,
            "reply" => reply_to_value(reply),
            "logs" => logs.iter().map(|l| Value::from(l.as_str())).collect::<Value>(),
        },
        Command::Answer { ticket, result } => object! {"answer" => *ticket, "result" => result_to_value(result)},
        Command::LetTimePass => object! {"letTimePass" => true},
        Command::Stop => object! {"stop" => true},
    }
}

fn command_from_value(value: &Value) -> Decoded<Command> {
    if value.get("handled").is_some() {
        let logs = list(value, "logs")?.iter().map(|l| l.as_str().unwrap_or_default().to_owned()).collect();
        return Ok(Command::Handled {
            ticket: number(value, "handled")?,
            reply: reply_from_value(member(value, "reply")?)?,
            logs,
        });
    }
    if value.get("answer").is_some() {
        return Ok(Command::Answer {
            ticket: number(value, "answer")?,
            result: result_from_value(member(value, "result")?)?,
        });
    }
    match (value.get("letTimePass"), value.get("stop")) {
        (Some(_), _) => Ok(Command::LetTimePass),
        (_, Some(_)) => Ok(Command::Stop),
        _ => Err("an unknown command".into()),
    }
}

/// A handler reply as a value (the sandbox's replies are read by the shell into this shape).
pub fn reply_to_value(reply: &HandlerReply) -> Value {
    match reply {
        HandlerReply::Returned(text) => object! {"returned" => text.as_str()},
        HandlerReply::Threw { error_type, message } => {
            object! {"errorType" => error_type.as_str(), "errorMessage" => message.as_str()}
        }
        HandlerReply::TimedOut { limit_ms } => object! {"timedOutMs" => *limit_ms},
    }
}

/// The handler reply `value` is: `{"returned": text}`, `{"errorType", "errorMessage"}` or
/// `{"timedOutMs": n}`.
pub fn reply_from_value(value: &Value) -> Decoded<HandlerReply> {
    if let Some(text) = value.get("returned").and_then(Value::as_str) {
        return Ok(HandlerReply::Returned(text.to_owned()));
    }
    if let Some(limit) = value.get("timedOutMs").and_then(Value::as_u64) {
        return Ok(HandlerReply::TimedOut { limit_ms: u32::try_from(limit).unwrap_or(u32::MAX) });
    }
    Ok(HandlerReply::Threw { error_type: text(value, "errorType")?, message: text(value, "errorMessage")? })
}

fn result_to_value(result: &TaskResult) -> Value {
    match result {
        TaskResult::Succeeded(output) => object! {"output" => output.clone()},
        TaskResult::Failed { error, cause } => object! {"error" => error.clone(), "cause" => cause.clone()},
    }
}

fn result_from_value(value: &Value) -> Decoded<TaskResult> {
    if let Some(output) = value.get("output") {
        return Ok(TaskResult::Succeeded(output.clone()));
    }
    Ok(TaskResult::Failed { error: optional_text(value, "error"), cause: optional_text(value, "cause") })
}

fn report_to_value(report: &Report) -> Value {
    match report {
        Report::Events(events) => object! {"events" => events.iter().map(event_to_value).collect::<Value>()},
        Report::Log(log) => object! {"log" => log.line.as_str(), "state" => log.state.as_str(), "event" => log.event},
        Report::Outbox(message) => object! {"outbox" => outbox_to_value(message)},
        Report::Answered { ticket, state, by } => {
            object! {"answered" => *ticket, "state" => state.as_str(), "by" => answered_by_to_value(by)}
        }
        Report::Waiting(pending) => object! {"waiting" => pending.iter().map(pending_to_value).collect::<Value>()},
        Report::Call(call) => object! {"call" => call_to_value(call)},
        Report::Notice(text) => object! {"notice" => text.as_str()},
        Report::MapRuns(runs) => object! {"mapRuns" => runs.iter().map(map_run_to_value).collect::<Value>()},
        Report::S3Written(entries) => object! {"s3Written" => entries_to_value(entries)},
        Report::Finished(outcome) => object! {"finished" => outcome_to_value(outcome)},
    }
}

fn report_from_value(value: &Value) -> Decoded<Report> {
    let Some((kind, body)) = value.as_object().and_then(|m| m.get_index(0)) else {
        return Err("an empty report".into());
    };
    match kind.as_ref() {
        "events" => Ok(Report::Events(list(value, "events")?.iter().map(event_from_value).collect::<Decoded<_>>()?)),
        "log" => {
            let event = value.get("event").and_then(Value::as_u64).unwrap_or_default();
            Ok(Report::Log(LogLine { state: text(value, "state")?, line: text(value, "log")?, event }))
        }
        "outbox" => outbox_from_value(body).map(Report::Outbox),
        "answered" => Ok(Report::Answered {
            ticket: number(value, "answered")?,
            state: text(value, "state")?,
            by: answered_by_from_value(member(value, "by")?)?,
        }),
        "waiting" => {
            Ok(Report::Waiting(list(value, "waiting")?.iter().map(pending_from_value).collect::<Decoded<_>>()?))
        }
        "call" => call_from_value(body).map(Report::Call),
        "notice" => Ok(Report::Notice(text(value, "notice")?)),
        "finished" => outcome_from_value(body).map(Report::Finished),
        "mapRuns" => {
            Ok(Report::MapRuns(list(value, "mapRuns")?.iter().map(map_run_from_value).collect::<Decoded<_>>()?))
        }
        "s3Written" => entries_from_value(body).map(Report::S3Written),
        other => Err(format!("an unknown report \"{other}\"")),
    }
}

fn event_to_value(event: &HistoryEvent) -> Value {
    let mut out = object! {
        "id" => event.id,
        "previous" => event.previous_event_id,
        "at" => event.timestamp,
        "type" => event.event_type.as_ref(),
    };
    match &event.details {
        Some(Details::State { entered, name, document, assigned }) => {
            let assigned = assigned.clone().map(Value::Object).unwrap_or_default();
            out["state"] = object! {"entered" => *entered, "name" => name.clone(), "document" => document.clone(), "assigned" => assigned};
        }
        Some(Details::Json(field, value)) => out["details"] = Value::from(vec![field.as_ref().into(), value.clone()]),
        Some(members) => {
            let (field, value) = members.to_aws_json();
            out["details"] = Value::from(vec![field.into(), value]);
        }
        None => {}
    }
    if let Some(stages) = &event.stages {
        out["stages"] = stages_to_value(stages);
    }
    out
}

fn event_from_value(value: &Value) -> Decoded<HistoryEvent> {
    let details = match (value.get("state"), value.get("details")) {
        (Some(state), _) => Some(Details::State {
            entered: state.get("entered").and_then(Value::as_bool).unwrap_or(false),
            name: text(state, "name")?.into(),
            document: member(state, "document")?.clone(),
            assigned: state.get("assigned").and_then(Value::as_object).cloned(),
        }),
        (None, Some(pair)) => {
            Some(Details::Json(Cow::Owned(text_at(pair, 0)?), pair.get(1).cloned().ok_or("details without content")?))
        }
        (None, None) => None,
    };
    Ok(HistoryEvent {
        id: number(value, "id")?,
        previous_event_id: number(value, "previous")?,
        timestamp: member(value, "at")?.as_i64().ok_or("at: not a time")?,
        event_type: Cow::Owned(text(value, "type")?),
        details,
        stages: value.get("stages").map(|stages| Box::new(stages_from_value(stages))),
    })
}

const STAGES: [&str; 5] = ["afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath"];

fn stage_slots(stages: &Stages) -> [&Option<Value>; 5] {
    [
        &stages.after_input_path,
        &stages.after_parameters,
        &stages.result,
        &stages.after_result_selector,
        &stages.after_result_path,
    ]
}

fn stages_to_value(stages: &Stages) -> Value {
    let mut out = Map::new();
    for (name, slot) in STAGES.iter().zip(stage_slots(stages)) {
        if let Some(value) = slot {
            out.insert(*name, value.clone());
        }
    }
    Value::Object(out)
}

fn stages_from_value(value: &Value) -> Stages {
    let slot = |name: &str| value.get(name).cloned();
    Stages {
        after_input_path: slot(STAGES[0]),
        after_parameters: slot(STAGES[1]),
        result: slot(STAGES[2]),
        after_result_selector: slot(STAGES[3]),
        after_result_path: slot(STAGES[4]),
    }
}

fn outcome_to_value(outcome: &Outcome) -> Value {
    object! {
        "status" => outcome.status.as_str(),
        "output" => outcome.output.clone().map_or_else(|| Value::from(vec![]), |o| Value::from(vec![o])),
        "error" => outcome.error.clone(),
        "cause" => outcome.cause.clone(),
    }
}

fn outcome_from_value(value: &Value) -> Decoded<Outcome> {
    let status = text(value, "status")?;
    let status = [Status::Succeeded, Status::Failed, Status::TimedOut, Status::Aborted]
        .into_iter()
        .find(|s| s.as_str() == status)
        .ok_or_else(|| format!("an unknown status {status}"))?;
    Ok(Outcome {
        status,
        // In a list, so that an output of `null` is told from no output.
        output: list(value, "output")?.iter().next().cloned(),
        error: optional_text(value, "error"),
        cause: optional_text(value, "cause"),
    })
}

fn outbox_to_value(message: &OutboxMessage) -> Value {
    object! {
        "topic" => message.topic.as_str(),
        "subject" => message.subject.clone(),
        "message" => message.message.clone(),
        "id" => message.message_id.as_str(),
        "at" => message.at,
    }
}

fn outbox_from_value(value: &Value) -> Decoded<OutboxMessage> {
    Ok(OutboxMessage {
        topic: text(value, "topic")?,
        subject: optional_text(value, "subject"),
        message: member(value, "message")?.clone(),
        message_id: text(value, "id")?,
        at: member(value, "at")?.as_i64().ok_or("at: not a time")?,
    })
}

fn answered_by_to_value(by: &AnsweredBy) -> Value {
    let (kind, name) = match by {
        AnsweredBy::TestCase(name) => ("testCase", Some(name)),
        AnsweredBy::Handler(name) => ("handler", Some(name)),
        AnsweredBy::Echo => ("echo", None),
        AnsweredBy::Outbox => ("outbox", None),
        AnsweredBy::StaticResponse(arn) => ("staticResponse", Some(arn)),
        AnsweredBy::Callback => ("callback", None),
        AnsweredBy::Missing => ("missing", None),
        AnsweredBy::S3 => ("s3", None),
    };
    Value::from(vec![kind.into(), name.cloned().into()])
}

fn answered_by_from_value(value: &Value) -> Decoded<AnsweredBy> {
    let name = || text_at(value, 1);
    Ok(match text_at(value, 0)?.as_str() {
        "testCase" => AnsweredBy::TestCase(name()?),
        "handler" => AnsweredBy::Handler(name()?),
        "echo" => AnsweredBy::Echo,
        "outbox" => AnsweredBy::Outbox,
        "staticResponse" => AnsweredBy::StaticResponse(name()?),
        "callback" => AnsweredBy::Callback,
        "missing" => AnsweredBy::Missing,
        "s3" => AnsweredBy::S3,
        other => return Err(format!("an unknown answerer {other}")),
    })
}

fn pending_to_value(pending: &Pending) -> Value {
    object! {
        "ticket" => pending.ticket,
        "state" => pending.state.as_str(),
        "token" => pending.token.as_str(),
        "payload" => pending.payload.clone(),
    }
}

fn pending_from_value(value: &Value) -> Decoded<Pending> {
    Ok(Pending {
        ticket: number(value, "ticket")?,
        state: text(value, "state")?,
        token: text(value, "token")?,
        payload: member(value, "payload")?.clone(),
    })
}

/// A handler call as the sandbox reads it: the event and context as JSON text.
pub fn call_to_value(call: &Call) -> Value {
    let c = &call.call;
    object! {
        "ticket" => c.ticket,
        "state" => c.state.as_str(),
        "function" => c.function.as_str(),
        "event" => c.event.to_json_string(),
        "context" => c.context.to_json_string(),
        "callback" => c.callback,
        "startedEvent" => c.started_event,
        "limitMs" => call.limit_ms,
    }
}

fn call_from_value(value: &Value) -> Decoded<Call> {
    let document = |key: &str| json_value::from_str(&text(value, key)?).map_err(|e| format!("{key}: {e}"));
    let call = HandlerCall {
        ticket: number(value, "ticket")?,
        state: text(value, "state")?,
        function: text(value, "function")?,
        event: document("event")?,
        context: document("context")?,
        callback: value.get("callback").and_then(Value::as_bool).unwrap_or(false),
        started_event: value.get("startedEvent").and_then(Value::as_u64).unwrap_or_default(),
    };
    Ok(Call { call, limit_ms: u32::try_from(number(value, "limitMs")?).unwrap_or(u32::MAX) })
}

fn member<'v>(value: &'v Value, key: &str) -> Decoded<&'v Value> {
    value.get(key).ok_or_else(|| format!("no \"{key}\""))
}

fn text(value: &Value, key: &str) -> Decoded<String> {
    member(value, key)?.as_str().map(str::to_owned).ok_or_else(|| format!("\"{key}\": not text"))
}

fn optional_text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn text_at(value: &Value, index: usize) -> Decoded<String> {
    value.get(index).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("item {index}: not text"))
}

fn number(value: &Value, key: &str) -> Decoded<u64> {
    member(value, key)?.as_u64().ok_or_else(|| format!("\"{key}\": not a number"))
}

fn list<'v>(value: &'v Value, key: &str) -> Decoded<&'v json_value::Array> {
    member(value, key)?.as_array().ok_or_else(|| format!("\"{key}\": not a list"))
}

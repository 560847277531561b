//! Execution histories in and out: the JSON that `aws stepfunctions get-execution-history` prints
//! (`{"events": [...]}`), written from a run, and read back from a paste (ours or AWS's) so the
//! playground can replay it on the graph without executing anything.

use std::borrow::Cow;

use json_value::{Map, Value};

use crate::data::timestamp;
use crate::engine::{Details, HistoryEvent, Outcome, Status};

/// The most events an imported history may hold (AWS stops an execution at 25,000).
pub const MAX_IMPORTED_EVENTS: usize = 25_000;

/// `{"events": [...]}` as AWS CLI v2's `get-execution-history` prints it on a machine whose
/// time zone is UTC: pretty-printed, timestamps in ISO 8601 with microseconds.
pub fn export(events: &[HistoryEvent]) -> String {
    let mut text = String::new();
    export_into(events, &mut |piece| text.push_str(piece));
    text
}

/// [`export`], written piece by piece into `sink` (one event at a time: a 25,000-event history
/// of 200 KB documents is gigabytes of text, which a file can take and memory should not).
pub fn export_into(events: &[HistoryEvent], sink: &mut dyn FnMut(&str)) {
    if events.is_empty() {
        return sink("{\n  \"events\": []\n}");
    }
    sink("{\n  \"events\": [\n");
    for (i, event) in events.iter().enumerate() {
        let pretty = json_value::to_string_pretty(&cli_json(event));
        for (j, line) in pretty.lines().enumerate() {
            sink(if j == 0 { "    " } else { "\n    " });
            sink(line);
        }
        sink(if i + 1 < events.len() { ",\n" } else { "\n" });
    }
    sink("  ]\n}");
}

/// One event as CLI v2 prints it (see [`export`]).
pub fn cli_json(event: &HistoryEvent) -> Value {
    let mut json = event.to_aws_json();
    json["timestamp"] = Value::from(cli_timestamp(event.timestamp));
    json
}

/// A timestamp as CLI v2 prints it: Python's `datetime.isoformat()` of the UTC time, which has
/// microseconds (`2024-12-21T13:26:55.246000+00:00`) unless they are zero
/// (`2024-12-21T13:26:55+00:00`). Source: aws-cli's tests/functional/test_timeformat.py.
fn cli_timestamp(millis: i64) -> String {
    let iso = timestamp::format_millis(millis); // 2024-12-21T13:26:55.246Z
    let seconds = &iso[..19];
    match millis.rem_euclid(1000) {
        0 => format!("{seconds}+00:00"),
        ms => format!("{seconds}.{ms:03}000+00:00"),
    }
}

/// A history read back for replay.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The events, oldest first (a `--reverse-order` listing is put back in order).
    pub events: Vec<HistoryEvent>,
    /// How the execution ended, when the history reaches its end.
    pub outcome: Option<Outcome>,
}

/// The history in `text`: an object with `events` (what the CLI and the API print) or a bare array
/// of events. A history cut short by paging (`nextToken`) is refused: it would replay half a run.
pub fn import(text: &str) -> Result<Replay, String> {
    let value: Value = json_value::from_str(text).map_err(|e| format!("the history is not JSON: {e}"))?;
    let events = match &value {
        Value::Array(events) => events,
        Value::Object(object) => {
            // The API says `nextToken`; the CLI with --max-items prints `NextToken`.
            if ["nextToken", "NextToken"].iter().any(|key| object.get(key).is_some_and(|t| !t.is_null())) {
                return Err("the history has a nextToken: it is only the first page. Export it without \
                            --max-items (the CLI then fetches every page)"
                    .into());
            }
            object.get("events").and_then(Value::as_array).ok_or("the history has no \"events\" array")?
        }
        _ => return Err("a history is an object with an \"events\" array".into()),
    };
    if events.len() > MAX_IMPORTED_EVENTS {
        return Err(format!("the history has {} events; at most {MAX_IMPORTED_EVENTS} are replayed", events.len()));
    }
    let mut events = events
        .iter()
        .enumerate()
        .map(|(i, e)| event(e).map_err(|why| format!("event {}: {why}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    events.sort_by_key(|e| e.id);
    if events.is_empty() {
        return Err("the history has no events".into());
    }
    if let Some(pair) = events.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(format!("two events have the id {}", pair[0].id));
    }
    let outcome = events.last().and_then(outcome);
    Ok(Replay { events, outcome })
}

impl Replay {
    /// The states the history enters, in order of first entry.
    pub fn visited_states(&self) -> Vec<String> {
        let mut visited: Vec<String> = Vec::new();
        for event in self.events.iter().filter(|e| e.event_type.ends_with("StateEntered")) {
            if let Some(name) = event.state_name().filter(|n| !visited.iter().any(|v| v == n)) {
                visited.push(name.to_owned());
            }
        }
        visited
    }
}

fn event(value: &Value) -> Result<HistoryEvent, String> {
    let object = value.as_object().ok_or("not an object")?;
    let id = object.get("id").and_then(Value::as_u64).ok_or("no numeric \"id\"")?;
    let event_type = object.get("type").and_then(Value::as_str).ok_or("no \"type\"")?;
    let timestamp = object.get("timestamp").map(timestamp_millis).transpose()?.unwrap_or(0);
    let previous_event_id = object.get("previousEventId").and_then(Value::as_u64).unwrap_or(0);
    let details = object.iter().find(|(key, _)| key.ends_with("EventDetails")).map(|(k, v)| details(k, v));
    Ok(HistoryEvent {
        id,
        previous_event_id,
        timestamp,
        event_type: Cow::Owned(event_type.to_owned()),
        details,
        stages: None,
    })
}

/// The years a timestamp may fall in (what ISO 8601's four-digit years print).
const TIMESTAMP_RANGE: std::ops::RangeInclusive<i64> = -62_135_596_800_000..=253_402_300_799_999;

/// Epoch milliseconds of a timestamp as AWS CLI v2 prints it (ISO 8601 with an offset), as v1
/// prints it (epoch seconds, fractional), or as the API's epoch milliseconds; years 1 to 9999.
fn timestamp_millis(value: &Value) -> Result<i64, String> {
    let millis = any_timestamp_millis(value)?;
    if TIMESTAMP_RANGE.contains(&millis) {
        Ok(millis)
    } else {
        Err(format!("timestamp {value} is out of range"))
    }
}

fn any_timestamp_millis(value: &Value) -> Result<i64, String> {
    match value {
        Value::String(text) => timestamp::parse_millis(text).ok_or_else(|| format!("bad timestamp {text:?}")),
        Value::Number(n) => {
            let seconds = n.as_f64().ok_or("bad timestamp")?;
            // Epoch seconds until the year 5138; larger numbers are milliseconds.
            Ok(if seconds.abs() < 1e11 { (seconds * 1000.0).round() as i64 } else { seconds.round() as i64 })
        }
        _ => Err("bad timestamp".into()),
    }
}

/// Details as the engine keeps them: documents AWS prints as JSON strings become JSON again.
fn details(field: &str, value: &Value) -> Details {
    let entered = field == "stateEnteredEventDetails";
    if entered || field == "stateExitedEventDetails" {
        let document = value.get(if entered { "input" } else { "output" }).map(parse_document);
        let name = value.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
        let assigned = value
            .get("assignedVariables")
            .and_then(Value::as_object)
            .map(|vars| vars.iter().map(|(k, v)| (k.clone(), parse_document(v))).collect::<Map>());
        return Details::State { entered, name: name.into(), document: document.unwrap_or(Value::Null), assigned };
    }
    let parsed = match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v =
                        if ["input", "output", "parameters"].contains(&&**k) { parse_document(v) } else { v.clone() };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Details::Json(Cow::Owned(field.to_owned()), parsed)
}

/// A document AWS printed as a JSON string (a string that is not JSON stays a string).
fn parse_document(value: &Value) -> Value {
    match value {
        Value::String(text) => json_value::from_str(text).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

/// The execution's end, from its last event.
fn outcome(last: &HistoryEvent) -> Option<Outcome> {
    let status = match last.event_type.as_ref() {
        "ExecutionSucceeded" => Status::Succeeded,
        "ExecutionFailed" => Status::Failed,
        "ExecutionTimedOut" => Status::TimedOut,
        "ExecutionAborted" => Status::Aborted,
        _ => return None,
    };
    let detail = |key: &str| last.details.as_ref().and_then(|d| d.get(key)).cloned();
    let text = |key: &str| detail(key).and_then(|v| v.as_str().map(str::to_owned));
    Some(Outcome { status, output: detail("output"), error: text("error"), cause: text("cause") })
}

#[cfg(test)]
mod tests;

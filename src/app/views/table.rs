//! The run as the AWS console's table view shows it: one row per state visit, with its type,
//! status, resource, start, duration and attempts, read from the history.

use super::events::event_states;
use crate::engine::HistoryEvent;

/// One visit of a state.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The state's name.
    pub state: String,
    /// Its type (from the entered event: `TaskStateEntered` → `Task`).
    pub kind: String,
    /// `"succeeded"`, `"failed"`, `"caught"` or `"running"`.
    pub status: &'static str,
    /// A Task's resource (the scheduled event's `resource`/`resourceType`), else empty.
    pub resource: String,
    /// Entered at (virtual epoch milliseconds).
    pub started_at: i64,
    /// From entered to exited (`None`: not exited).
    pub duration_ms: Option<i64>,
    /// Tries of its task (0 for states without one).
    pub attempts: usize,
}

/// The rows of a history, in the order the states were entered.
pub fn rows(events: &[HistoryEvent]) -> Vec<Row> {
    first_rows(events, &event_states(events), usize::MAX).0
}

/// The first `limit` rows of a history and how many rows it has in all; `states` are its events'
/// states ([`event_states`], of these events or of a history they begin). Later visits are
/// counted, not built: scrubbing a 25,000-event run builds a table's worth of rows.
pub fn first_rows(events: &[HistoryEvent], states: &[Option<String>], limit: usize) -> (Vec<Row>, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut total = 0;
    // Per state, the row of its open visit (`usize::MAX`: a visit past the limit).
    let mut open: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (event, state) in events.iter().zip(states) {
        let kind = event.event_type.as_ref();
        if matches!(kind, "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted") {
            rows.iter_mut().filter(|r| r.status == "running").for_each(|r| r.status = "failed");
        }
        let Some(state) = state.as_deref() else { continue };
        if let Some(entered) = kind.strip_suffix("StateEntered") {
            total += 1;
            open.insert(state, if rows.len() < limit { rows.len() } else { usize::MAX });
            if rows.len() < limit {
                rows.push(entered_row(state, entered, event.timestamp));
            }
            continue;
        }
        let Some(row) = open.get(state).and_then(|&r| rows.get_mut(r)) else { continue };
        update(row, event, kind);
    }
    (rows, total)
}

fn entered_row(state: &str, kind: &str, started_at: i64) -> Row {
    Row {
        state: state.to_owned(),
        kind: kind.to_owned(),
        status: if kind == "Fail" { "failed" } else { "running" },
        resource: String::new(),
        started_at,
        duration_ms: None,
        attempts: 0,
    }
}

fn update(row: &mut Row, event: &HistoryEvent, kind: &str) {
    if kind.ends_with("StateExited") {
        row.duration_ms = Some(event.timestamp - row.started_at);
        if row.status == "running" {
            row.status = "succeeded";
        }
    } else if kind.ends_with("Scheduled") {
        row.attempts += 1;
        row.resource = resource_of(event);
    } else if kind.ends_with("StateFailed") || kind == "ExecutionFailed" || kind.ends_with("TimedOut") {
        row.status = "failed";
    } else if kind.ends_with("Failed") && row.status == "running" {
        row.status = "caught"; // a task failure; an exit after it means a Catch took it
    } else if kind.ends_with("Succeeded") && row.status == "caught" {
        row.status = "running"; // a retry worked
    }
}

fn resource_of(event: &HistoryEvent) -> String {
    let Some(details) = &event.details else { return String::new() };
    let text = |key: &str| details.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    match (text("resourceType"), text("resource")) {
        (Some(kind), Some(resource)) => format!("{kind}:{resource}"),
        (None, Some(resource)) => resource,
        _ => String::new(),
    }
}

/// "1.5 s", "2 min 5 s", "—" for a state still running.
pub fn duration_text(duration_ms: Option<i64>) -> String {
    match duration_ms {
        None => "—".to_owned(),
        Some(ms) if ms < 60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        Some(ms) => format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{self, Mocks};
    use std::rc::Rc;

    #[test]
    fn the_order_workflows_throttled_run_has_a_row_per_state_with_attempts_and_durations() {
        let example = crate::examples::order();
        let machine = Rc::new(crate::asl::load(example.definition).expect("valid"));
        let config = example.mock_config.expect("the scenarios");
        let case =
            crate::host::mock_config::load_test_case(config, "OrderProcessing", "ThrottledTwice").expect("a case");
        let input = json_value::Value::from(&example.inputs[0].input);
        let (_, execution) = host::run(machine, input, crate::engine::StartOptions::default(), &Mocks::TestCase(case));
        let rows = rows(execution.history());
        let summary: Vec<(&str, &str, &str, usize)> =
            rows.iter().map(|r| (r.state.as_str(), r.kind.as_str(), r.status, r.attempts)).collect();
        assert_eq!(
            summary,
            [
                ("ValidateOrder", "Task", "succeeded", 1),
                ("CheckInventory", "Task", "succeeded", 3),
                ("InventoryChoice", "Choice", "succeeded", 0),
                ("ProcessPayment", "Task", "succeeded", 1),
            ]
        );
        assert_eq!(rows[1].resource, "lambda:invoke");
        assert_eq!(rows[1].duration_ms, Some(6_000), "2 s and 4 s of backoff");
        assert_eq!(duration_text(rows[1].duration_ms), "6.0 s");
        assert_eq!(duration_text(Some(125_000)), "2 min 5 s");
        let case =
            crate::host::mock_config::load_test_case(config, "OrderProcessing", "ThrottledFourTimes").expect("a case");
        let machine = Rc::new(crate::asl::load(example.definition).expect("valid"));
        let input = json_value::Value::from(&example.inputs[0].input);
        let (_, execution) = host::run(machine, input, crate::engine::StartOptions::default(), &Mocks::TestCase(case));
        let statuses: Vec<(String, &str)> =
            super::rows(execution.history()).into_iter().map(|r| (r.state, r.status)).collect();
        assert_eq!(statuses[1], ("CheckInventory".to_owned(), "caught"));
        assert_eq!(statuses.last(), Some(&("NotifyFailure".to_owned(), "failed")));
    }

    /// A loop revisits its states: the first rows are the whole table's, later visits counted.
    #[test]
    fn the_first_rows_are_the_whole_tables_first_rows_and_the_rest_are_counted() {
        let definition = r#"{"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 4, "Next": "Inc"}], "Default": "Done"},
            "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}}"#;
        let machine = Rc::new(crate::asl::load(definition).expect("valid"));
        let (_, execution) =
            host::run(machine, json_value::json!({}), crate::engine::StartOptions::default(), &Mocks::None);
        let events = execution.history();
        let all = rows(events);
        assert_eq!(all.len(), 11);
        for limit in [0, 1, 5, 11, 20] {
            let (first, total) = first_rows(events, &event_states(events), limit);
            assert_eq!((first.as_slice(), total), (&all[..limit.min(all.len())], all.len()), "limit {limit}");
        }
    }
}

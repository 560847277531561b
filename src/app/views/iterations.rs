//! Map iterations and Parallel branches, told apart in the history: which events belong to
//! which iteration (or branch) of the last time a Map (or Parallel) state ran, and how each
//! ended. Picking one, the page shows its states' data and statuses instead of the last
//! iteration's. The rules are the history's own (see `engine::history::thread`): an iteration
//! starts at its `MapIterationStarted` and every event it writes follows one of its events; a
//! branch starts at an event that follows the `ParallelStateStarted`.

use std::collections::HashMap;

use crate::engine::HistoryEvent;

/// One iteration or branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The item or branch index.
    pub index: usize,
    /// `"succeeded"`, `"failed"`, `"aborted"` or `"running"`.
    pub status: &'static str,
    /// Indices (into the events) of its events.
    pub events: Vec<usize>,
}

/// The iterations (Map) or branches (Parallel) of the last run of `state`.
pub fn parts(events: &[HistoryEvent], state: &str) -> Vec<Part> {
    let Some(start) =
        events.iter().rposition(|e| e.event_type.ends_with("StateEntered") && e.state_name() == Some(state))
    else {
        return Vec::new();
    };
    let kind = match events[start].event_type.as_ref() {
        "MapStateEntered" => "Map",
        "ParallelStateEntered" => "Parallel",
        _ => return Vec::new(),
    };
    let end = own_end(events, start, state, kind);
    let scope = &events[..end];
    match kind {
        "Map" => iterations(scope, start, state),
        _ => branches(scope, start),
    }
}

/// Where the state's own closing events begin: its last `…StateSucceeded`/`…StateFailed` before
/// its `…StateExited` (those follow the last part's events but are the state's own).
fn own_end(events: &[HistoryEvent], start: usize, state: &str, kind: &str) -> usize {
    let exit = events[start..]
        .iter()
        .position(|e| e.event_type.ends_with("StateExited") && e.state_name() == Some(state))
        .map_or(events.len(), |p| start + p);
    let (succeeded, failed) = (format!("{kind}StateSucceeded"), format!("{kind}StateFailed"));
    let own =
        events[start..exit].iter().rposition(|e| e.event_type == succeeded.as_str() || e.event_type == failed.as_str());
    own.map_or(exit, |p| start + p)
}

fn iterations(events: &[HistoryEvent], start: usize, map: &str) -> Vec<Part> {
    let starts = |event: &HistoryEvent| event.event_type == "MapIterationStarted" && event.state_name() == Some(map);
    split(events, start, starts, |event, part| {
        if event.state_name() != Some(map) {
            return;
        }
        part.status = match event.event_type.as_ref() {
            "MapIterationSucceeded" => "succeeded",
            "MapIterationFailed" => "failed",
            "MapIterationAborted" => "aborted",
            _ => part.status,
        };
    })
}

fn branches(events: &[HistoryEvent], start: usize) -> Vec<Part> {
    let Some(started) = events[start..].iter().find(|e| e.event_type == "ParallelStateStarted").map(|e| e.id) else {
        return Vec::new();
    };
    let starts =
        |event: &HistoryEvent| event.previous_event_id == started && event.event_type.ends_with("StateEntered");
    split(events, start, starts, |event, part| {
        let kind = event.event_type.as_ref();
        if kind.ends_with("StateExited") {
            part.status = "succeeded";
        } else if kind.ends_with("Failed") && !kind.starts_with("Task") || kind == "FailStateEntered" {
            part.status = "failed";
        } else if kind.ends_with("StateAborted") {
            part.status = "aborted";
        }
    })
}

/// Splits the events from `start` into parts: an event for which `starts` holds begins one,
/// every other event joins the part of the event it follows; `status` sees each event in its part.
fn split(
    events: &[HistoryEvent],
    start: usize,
    starts: impl Fn(&HistoryEvent) -> bool,
    status: impl Fn(&HistoryEvent, &mut Part),
) -> Vec<Part> {
    let mut owner: HashMap<u64, usize> = HashMap::new();
    let mut parts: Vec<Part> = Vec::new();
    for (i, event) in events.iter().enumerate().skip(start) {
        let slot = if starts(event) {
            let index = index_of(event).unwrap_or(parts.len());
            parts.push(Part { index, status: "running", events: Vec::new() });
            parts.len() - 1
        } else {
            match owner.get(&event.previous_event_id) {
                Some(slot) => *slot,
                None => continue,
            }
        };
        owner.insert(event.id, slot);
        parts[slot].events.push(i);
        status(event, &mut parts[slot]);
    }
    parts
}

fn index_of(event: &HistoryEvent) -> Option<usize> {
    let details = event.to_aws_json();
    let fields = ["mapIterationStartedEventDetails", "mapIterationSucceededEventDetails"];
    fields.iter().find_map(|f| details.get(*f)?.get("index")?.as_u64()).map(|i| i as usize)
}

/// The events of the picked part (`(state, position in its parts)`), when it exists.
pub fn picked_events(events: &[HistoryEvent], picked: Option<&(String, usize)>) -> Option<Vec<HistoryEvent>> {
    let (state, position) = picked?;
    parts(events, state).get(*position).map(|part| events_of(events, part))
}

/// The events of one part, in order.
pub fn events_of(events: &[HistoryEvent], part: &Part) -> Vec<HistoryEvent> {
    part.events.iter().filter_map(|&i| events.get(i).cloned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{self, Mocks};
    use json_value::json;
    use std::sync::Arc;

    fn run(definition: serde_json::Value, input: json_value::Value) -> Vec<HistoryEvent> {
        let machine = Arc::new(crate::asl::load(&definition.to_string()).expect("valid"));
        let (_, execution) = host::run(machine, input, crate::engine::StartOptions::default(), &Mocks::Echo);
        execution.history().to_vec()
    }

    #[test]
    fn each_map_iteration_has_its_own_events_and_status() {
        let definition = serde_json::json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 2,
            "ToleratedFailureCount": 5,
            "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Y"}], "Default": "N"},
                "Y": {"Type": "Pass", "End": true},
                "N": {"Type": "Fail", "Error": "Bad"}}}}}});
        let events = run(definition, json!([{"ok": true}, {"ok": false}, {"ok": true}]));
        let parts = parts(&events, "M");
        let summary: Vec<(usize, &str)> = parts.iter().map(|p| (p.index, p.status)).collect();
        assert_eq!(summary, [(0, "succeeded"), (1, "failed"), (2, "succeeded")]);
        let second = events_of(&events, &parts[1]);
        let inner: Vec<&str> = second.iter().filter_map(|e| e.state_name()).collect();
        assert!(inner.contains(&"N") && !inner.contains(&"Y"), "{inner:?}");
        let third = events_of(&events, &parts[2]);
        assert!(third.iter().any(|e| e.state_name() == Some("Y")));
    }

    #[test]
    fn each_parallel_branch_has_its_own_events() {
        let branch = |name: &str| serde_json::json!({"StartAt": name, "States": {name: {"Type": "Pass", "End": true}}});
        let definition = serde_json::json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [branch("A"), branch("B")]}}});
        let events = run(definition, json!({}));
        let parts = parts(&events, "P");
        assert_eq!(parts.len(), 2);
        assert!(events_of(&events, &parts[1]).iter().all(|e| e.state_name() == Some("B")));
        assert_eq!(parts[0].status, "succeeded");
    }
}

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

/// The histories the picks narrow to, outermost first: each pick `(state, position)` is an
/// iteration or branch of `state` within the scope before it (a Map inside a Map's iteration is
/// picked within that iteration). A pick that no longer exists ends the list.
pub fn picked_scopes(events: &[HistoryEvent], path: &[(String, usize)]) -> Vec<Vec<HistoryEvent>> {
    let mut scopes: Vec<Vec<HistoryEvent>> = Vec::new();
    for (state, position) in path {
        let scope = scopes.last().map_or(events, Vec::as_slice);
        let Some(part) = parts(scope, state).into_iter().nth(*position) else { break };
        let narrowed = events_of(scope, &part);
        scopes.push(narrowed);
    }
    scopes
}

/// The picks in words, outermost first: `"Outer #0"`, `"Inner #1"` (the item or branch index).
pub fn picked_labels(events: &[HistoryEvent], path: &[(String, usize)]) -> Vec<String> {
    let scopes = picked_scopes(events, path);
    let scope = |depth: usize| if depth == 0 { events } else { scopes[depth - 1].as_slice() };
    let label = |(depth, (state, position)): (usize, &(String, usize))| {
        let part = parts(scope(depth), state).into_iter().nth(*position)?;
        Some(format!("{state} #{}", part.index))
    };
    path.iter().take(scopes.len()).enumerate().filter_map(label).collect()
}

/// How deep `state` is among `scopes`: the number of the innermost scope where it was entered
/// (1 for the first), or 0 when only the whole history has it (a Map's own iteration events are
/// in its iterations; its entry is not).
pub fn depth_of(scopes: &[Vec<HistoryEvent>], state: &str) -> usize {
    let entered = |e: &HistoryEvent| e.event_type.ends_with("StateEntered") && e.state_name() == Some(state);
    let holds = |scope: &Vec<HistoryEvent>| scope.iter().any(entered);
    scopes.iter().rposition(holds).map_or(0, |at| at + 1)
}

/// The picks after picking `position` among `state`'s parts (`None`: unpicking it): the picks
/// of the scopes around `state`, then this one.
pub fn pick(
    events: &[HistoryEvent],
    path: &[(String, usize)],
    state: &str,
    position: Option<usize>,
) -> Vec<(String, usize)> {
    let scopes = picked_scopes(events, path);
    let depth = depth_of(&scopes, state);
    let mut picked: Vec<(String, usize)> = path[..depth.min(path.len())].to_vec();
    picked.extend(position.map(|p| (state.to_owned(), p)));
    picked
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
    use std::rc::Rc;

    fn run(definition: serde_json::Value, input: json_value::Value) -> Vec<HistoryEvent> {
        let machine = Rc::new(crate::asl::load(&definition.to_string()).expect("valid"));
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
    fn a_map_inside_a_maps_iteration_is_picked_within_that_iteration() {
        let inner = serde_json::json!({"Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": {"StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": true}}}});
        let definition = serde_json::json!({"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "End": true, "MaxConcurrency": 1,
            "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": inner}}}}});
        let rows = json!([{"items": [{"v": "a0"}, {"v": "a1"}]}, {"items": [{"v": "b0"}, {"v": "b1"}, {"v": "b2"}]}]);
        let events = run(definition, rows);
        // Outer's first iteration: Inner ran over two items there (three in the last iteration).
        let path = pick(&events, &[], "Outer", Some(0));
        assert_eq!(path, [("Outer".to_owned(), 0)]);
        let scopes = picked_scopes(&events, &path);
        assert_eq!(parts(&scopes[0], "Inner").len(), 2);
        assert_eq!(parts(&events, "Inner").len(), 3, "unpicked: the last run of Inner");
        assert_eq!(depth_of(&scopes, "Inner"), 1);
        let path = pick(&events, &path, "Inner", Some(1));
        assert_eq!(path, [("Outer".to_owned(), 0), ("Inner".to_owned(), 1)]);
        assert_eq!(picked_labels(&events, &path), ["Outer #0", "Inner #1"]);
        let scopes = picked_scopes(&events, &path);
        let leaf = crate::app::inspect(&scopes[1], "Leaf").and_then(|seen| seen.input);
        assert_eq!(leaf, Some(json!({"v": "a1"})));
        // Picking another iteration of Outer drops the pick inside the old one; unpicking Inner keeps Outer's.
        assert_eq!(pick(&events, &path, "Outer", Some(1)), [("Outer".to_owned(), 1)]);
        assert_eq!(pick(&events, &path, "Inner", None), [("Outer".to_owned(), 0)]);
        assert!(picked_scopes(&events, &[("Outer".to_owned(), 9)]).is_empty(), "a pick that does not exist");
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

//! What the graph shows of a run — each state's status, its retries, the transitions taken — as
//! of any position of the timeline, worked out in one pass over the whole history. Scrubbing a
//! 25,000-event run looks the answers up instead of going over the events again at every
//! position. Each event's part depends only on the events before it, so the answer for the
//! first `p` events is the one those `p` events alone give (tests check it at every position).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::run::{IdMap, IdSet, StateStatus};
use crate::engine::HistoryEvent;

/// One visit of a state: where it was entered, its name, and each status it took, from the
/// position of the event that set it.
#[derive(Debug, PartialEq, Eq)]
struct Visit {
    entered: usize,
    name: usize,
    statuses: Vec<(usize, StateStatus)>,
}

/// The run's states as of any position (see the module's note).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HistoryIndex {
    /// State names, each once.
    names: Vec<String>,
    /// Visits in order of entry.
    visits: Vec<Visit>,
    /// Per name: its visits (indices into `visits`), in order.
    visits_of: Vec<Vec<usize>>,
    /// Per name: `(position, retries)` each time the most retries of one of its visits grew.
    retries: Vec<Vec<(usize, u32)>>,
    /// The transitions taken, `(from, to)`, with the position of the first event that took each.
    edges: Vec<(usize, (String, String))>,
}

impl HistoryIndex {
    /// The index of `events`.
    pub fn new(events: &[HistoryEvent]) -> HistoryIndex {
        let threads = Threads::new(events);
        let mut index = HistoryIndex::default();
        let visit_of = index.add_visits(events, &threads);
        index.add_statuses(events, &threads, &visit_of);
        index.add_retries(events, &threads, &visit_of);
        index.add_edges(events);
        index
    }

    /// Each state's latest status in the first `shown` events (as the graph animates it): a
    /// state's latest visit wins, but a visit stopped by a sibling's failure does not hide what
    /// an earlier (concurrent) visit came to.
    pub fn statuses(&self, shown: usize) -> HashMap<String, StateStatus> {
        let mut named = HashMap::new();
        for (name, visits) in self.visits_of.iter().enumerate() {
            let seen = &visits[..visits.partition_point(|&v| self.visits[v].entered < shown)];
            let Some((&first, later)) = seen.split_first() else { continue };
            let status_of = |v: usize| status_at(&self.visits[v].statuses, shown);
            let latest = later.iter().rev().map(|&v| status_of(v)).find(|s| *s != StateStatus::Stopped);
            named.insert(self.names[name].clone(), latest.unwrap_or_else(|| status_of(first)));
        }
        named
    }

    /// How many times each state's task was retried in the first `shown` events (attempts after
    /// the first, the most of any of its visits); states without a retry are left out.
    pub fn retry_counts(&self, shown: usize) -> HashMap<String, u32> {
        let latest = |steps: &[(usize, u32)]| steps[..steps.partition_point(|(at, _)| *at < shown)].last().copied();
        let counted = self.retries.iter().enumerate().filter_map(|(name, steps)| Some((name, latest(steps)?.1)));
        counted.map(|(name, count)| (self.names[name].clone(), count)).collect()
    }

    /// The transitions taken in the first `shown` events, `(from, to)`: a state entered right
    /// after another exited in the same thread of execution (its `previousEventId`).
    pub fn taken_edges(&self, shown: usize) -> HashSet<(String, String)> {
        self.edges.iter().take_while(|(at, _)| *at < shown).map(|(_, edge)| edge.clone()).collect()
    }

    /// A visit for every entered event; per entered-event id, its visit.
    fn add_visits(&mut self, events: &[HistoryEvent], threads: &Threads) -> IdMap<usize> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut visit_of = IdMap::default();
        for (position, event) in events.iter().enumerate().filter(|(_, e)| e.event_type.ends_with("StateEntered")) {
            let name = threads.name.get(&event.id).copied().unwrap_or_default();
            let name = *ids.entry(name).or_insert_with(|| {
                self.names.push(name.to_owned());
                self.visits_of.push(Vec::new());
                self.names.len() - 1
            });
            visit_of.insert(event.id, self.visits.len());
            self.visits_of[name].push(self.visits.len());
            self.visits.push(Visit { entered: position, name, statuses: Vec::new() });
        }
        self.retries = vec![Vec::new(); self.names.len()];
        visit_of
    }

    /// Goes over the events as the graph animates them, noting each visit's every status.
    fn add_statuses(&mut self, events: &[HistoryEvent], threads: &Threads, visit_of: &IdMap<usize>) {
        let mut now = Statuses { current: BTreeMap::new(), visits: &mut self.visits, visit_of, position: 0 };
        let mut failed_in: IdSet = Default::default();
        for (position, (event, owner)) in events.iter().zip(threads.owner.iter().copied()).enumerate() {
            now.position = position;
            let kind = event.event_type.as_ref();
            if kind.ends_with("StateEntered") {
                let status = if kind == "FailStateEntered" { StateStatus::Failed } else { StateStatus::Running };
                now.set(event.id, status);
                continue;
            }
            let Some(owner) = owner else { continue };
            if kind.ends_with("StateExited") {
                let caught = failed_in.contains(&owner);
                now.set(owner, if caught { StateStatus::Caught } else { StateStatus::Succeeded });
            } else if kind.starts_with("Task") && kind.ends_with("Succeeded") || kind == "LambdaFunctionSucceeded" {
                failed_in.remove(&owner); // a retry worked
                now.set(owner, StateStatus::Running);
            } else if kind.starts_with("Execution") {
                if kind.ends_with("Failed") || kind.ends_with("TimedOut") || kind.ends_with("Aborted") {
                    now.settle(threads, |_| true);
                    if kind == "ExecutionFailed" {
                        now.set(owner, StateStatus::Failed);
                    }
                }
            } else if kind == "ParallelStateFailed" || kind == "MapStateFailed" {
                // Its branches or iterations are over: what failed in them failed, the rest stopped.
                now.settle(threads, |entry| threads.inside(entry, owner));
                failed_in.insert(owner);
                now.set(owner, StateStatus::Retrying);
            } else if !kind.starts_with("MapIteration") && (kind.ends_with("Failed") || kind.ends_with("TimedOut")) {
                failed_in.insert(owner);
                now.set(owner, StateStatus::Retrying);
            }
        }
    }

    /// Counts each visit's scheduled tasks, noting when a name's most retries grew.
    fn add_retries(&mut self, events: &[HistoryEvent], threads: &Threads, visit_of: &IdMap<usize>) {
        let mut scheduled = vec![0_u32; self.visits.len()];
        let mut most = vec![0_u32; self.names.len()];
        for (position, (event, owner)) in events.iter().zip(threads.owner.iter().copied()).enumerate() {
            let kind = event.event_type.as_ref();
            let visit = owner.filter(|_| kind == "TaskScheduled" || kind == "LambdaFunctionScheduled");
            let Some(&visit) = visit.and_then(|owner| visit_of.get(&owner)) else { continue };
            scheduled[visit] += 1;
            let name = self.visits[visit].name;
            if scheduled[visit] - 1 > most[name] {
                most[name] = scheduled[visit] - 1;
                self.retries[name].push((position, most[name]));
            }
        }
    }

    /// Notes each transition the first time it is taken.
    fn add_edges(&mut self, events: &[HistoryEvent]) {
        let mut exited: IdMap<&str> = IdMap::default();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for (position, event) in events.iter().enumerate() {
            let (kind, name) = (event.event_type.as_ref(), event.state_name());
            match name {
                Some(name) if kind.ends_with("StateExited") => _ = exited.insert(event.id, name),
                Some(to) if kind.ends_with("StateEntered") => {
                    let Some(from) = exited.get(&event.previous_event_id) else { continue };
                    let edge = ((*from).to_owned(), to.to_owned());
                    if seen.insert(edge.clone()) {
                        self.edges.push((position, edge));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The status a visit had in the first `shown` events (it was entered in them).
fn status_at(statuses: &[(usize, StateStatus)], shown: usize) -> StateStatus {
    let set = statuses.partition_point(|(at, _)| *at < shown);
    statuses[..set].last().map_or(StateStatus::Running, |(_, status)| *status)
}

/// The statuses as of the event being read, per entered-event id in order (so a state's latest
/// visit comes last), and the visits that note every change.
struct Statuses<'a> {
    current: BTreeMap<u64, StateStatus>,
    visits: &'a mut [Visit],
    visit_of: &'a IdMap<usize>,
    position: usize,
}

impl Statuses<'_> {
    fn set(&mut self, entry: u64, status: StateStatus) {
        self.current.insert(entry, status);
        if let Some(&visit) = self.visit_of.get(&entry) {
            self.visits[visit].statuses.push((self.position, status));
        }
    }

    /// The states (those `which` selects) that were still running or waiting to retry when what
    /// held them ended: a failure that was not retried failed, a Parallel or Map failed, the
    /// rest stopped.
    fn settle(&mut self, threads: &Threads, which: impl Fn(u64) -> bool) {
        let mut changed = Vec::new();
        for (entry, status) in self.current.iter().filter(|(entry, _)| which(**entry)) {
            let settled = match *status {
                StateStatus::Retrying => StateStatus::Failed,
                StateStatus::Running if threads.containers.contains(entry) => StateStatus::Failed,
                StateStatus::Running => StateStatus::Stopped,
                other => other,
            };
            if settled != *status {
                changed.push((*entry, settled));
            }
        }
        for (entry, status) in changed {
            self.set(entry, status);
        }
    }
}

/// Which state each event belongs to, worked out from `previousEventId` (branches and iterations
/// run side by side, so "the last state entered" is not enough). States are identified by the id
/// of their entered event: the same name can be entered many times (loops, iterations).
struct Threads<'a> {
    /// Per event (by position): its state's entered-event id.
    owner: Vec<Option<u64>>,
    /// Per entered-event id: the state's name.
    name: IdMap<&'a str>,
    /// Per entered-event id: the enclosing Parallel's or Map's entered-event id.
    container: IdMap<u64>,
    /// The entered-event ids of Parallel and Map states.
    containers: IdSet,
}

impl<'a> Threads<'a> {
    /// A state's entered event names it; its later events point back to it. A Parallel's or Map's
    /// own closing events follow the last event of a branch or iteration, so they belong to the
    /// state enclosing that event.
    fn new(events: &'a [HistoryEvent]) -> Threads<'a> {
        let mut threads = Threads {
            owner: Vec::with_capacity(events.len()),
            name: IdMap::default(),
            container: IdMap::default(),
            containers: Default::default(),
        };
        let mut owner_of: IdMap<u64> = IdMap::with_capacity_and_hasher(events.len(), Default::default());
        let mut kinds: IdMap<&str> = IdMap::with_capacity_and_hasher(events.len(), Default::default());
        for event in events {
            let kind = event.event_type.as_ref();
            let previous = event.previous_event_id;
            let previous_kind = kinds.get(&previous).copied().unwrap_or_default();
            let enclosing = |id: u64| owner_of.get(&id).and_then(|entry| threads.container.get(entry)).copied();
            let owner = if kind.ends_with("StateEntered") {
                let container = if matches!(previous_kind, "ParallelStateStarted" | "MapIterationStarted") {
                    owner_of.get(&previous).copied()
                } else {
                    enclosing(previous)
                };
                if let Some(container) = container {
                    threads.container.insert(event.id, container);
                }
                if kind == "ParallelStateEntered" || kind == "MapStateEntered" {
                    threads.containers.insert(event.id);
                }
                threads.name.extend(event.state_name().map(|name| (event.id, name)));
                Some(event.id)
            } else if closes_a_branch(kind, previous_kind) {
                enclosing(previous)
            } else {
                owner_of.get(&previous).copied()
            };
            if let Some(owner) = owner {
                owner_of.insert(event.id, owner);
            }
            kinds.insert(event.id, kind);
            threads.owner.push(owner);
        }
        threads
    }

    /// Whether the state entered at `entry` is (nested) inside the one entered at `container`.
    fn inside(&self, entry: u64, container: u64) -> bool {
        let mut current = entry;
        while let Some(&parent) = self.container.get(&current) {
            if parent == container {
                return true;
            }
            current = parent;
        }
        false
    }
}

/// Whether an event of type `kind`, following one of type `previous`, is the Parallel's or Map's
/// own event after the last event of a branch or iteration.
fn closes_a_branch(kind: &str, previous: &str) -> bool {
    let own_previous =
        previous.starts_with("MapIteration") || previous.starts_with("MapState") && !previous.ends_with("StateExited");
    match kind {
        "ParallelStateSucceeded" | "ParallelStateFailed" | "ParallelStateAborted" => true,
        "MapIterationSucceeded" | "MapIterationFailed" | "MapIterationAborted" => true,
        "MapIterationStarted" | "MapStateSucceeded" | "MapStateFailed" | "MapStateAborted" => !own_previous,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::engine::StartOptions;
    use crate::host::{self, mock_config, Mocks};

    fn history(
        definition: serde_json::Value,
        input: serde_json::Value,
        config: Option<serde_json::Value>,
    ) -> Vec<HistoryEvent> {
        let machine = Rc::new(crate::asl::load(&definition.to_string()).expect("valid"));
        let mocks = match config {
            Some(config) => {
                Mocks::TestCase(mock_config::load_test_case(&config.to_string(), "M", "T").expect("a case"))
            }
            None => Mocks::None,
        };
        let (_, execution) = host::run(machine, json_value::Value::from(&input), StartOptions::default(), &mocks);
        execution.history().to_vec()
    }

    fn task(name: &str) -> serde_json::Value {
        serde_json::json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": name}, "End": true})
    }

    /// Histories with loops, retries, caught and uncaught failures in Parallel branches and Map
    /// iterations, and a failed execution.
    fn histories() -> Vec<Vec<HistoryEvent>> {
        let flaky = serde_json::json!({"StateMachines": {"M": {"TestCases": {"T": {"A": "Flaky", "A2": "Flaky", "A3": "Flaky", "B": "Boom", "B3": "Boom"}}}},
            "MockedResponses": {"Flaky": {"0-1": {"Throw": {"Error": "Flaky"}}, "2-9": {"Return": {"Payload": 1}}},
                "Boom": {"0-9": {"Throw": {"Error": "Boom"}}}}});
        let mut retried = task("A");
        retried["Retry"] = serde_json::json!([{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}]);
        let catch = serde_json::json!([{"ErrorEquals": ["States.ALL"], "Next": "After"}]);
        let branch =
            |name: &str, state: serde_json::Value| serde_json::json!({"StartAt": name, "States": {name: state}});
        let wait = serde_json::json!({"Type": "Wait", "Seconds": 10, "End": true});
        let map = serde_json::json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemProcessor": branch("A", retried.clone()), "Next": "Fan"},
            "Fan": {"Type": "Parallel", "Branches": [branch("A2", retried.clone()), branch("B", task("B"))], "Catch": catch, "End": true},
            "After": {"Type": "Pass", "Next": "Fail"}, "Fail": {"Type": "Parallel", "End": true,
                "Branches": [branch("A3", retried), branch("B3", task("B3")), branch("W", wait)]}}});
        let looped = serde_json::json!({"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 5, "Next": "Inc"}], "Default": "Done"},
            "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}});
        vec![history(map, serde_json::json!([1, 2, 3]), Some(flaky)), history(looped, serde_json::json!({}), None)]
    }

    #[test]
    fn every_position_reads_as_the_events_up_to_it_alone_give() {
        for events in histories() {
            let whole = HistoryIndex::new(&events);
            for shown in 0..=events.len() {
                let alone = HistoryIndex::new(&events[..shown]);
                assert_eq!(whole.statuses(shown), alone.statuses(shown), "statuses at {shown}");
                assert_eq!(whole.retry_counts(shown), alone.retry_counts(shown), "retries at {shown}");
                assert_eq!(whole.taken_edges(shown), alone.taken_edges(shown), "edges at {shown}");
            }
        }
    }

    #[test]
    fn the_histories_tested_retry_stop_catch_and_fail() {
        let events = &histories()[0];
        let index = HistoryIndex::new(events);
        let end = index.statuses(events.len());
        let of = |name: &str| end.get(name).copied();
        assert_eq!(
            (of("Fan"), of("B"), of("After")),
            (Some(StateStatus::Caught), Some(StateStatus::Failed), Some(StateStatus::Succeeded))
        );
        assert_eq!(
            (of("Fail"), of("B3"), of("W")),
            (Some(StateStatus::Failed), Some(StateStatus::Failed), Some(StateStatus::Stopped))
        );
        assert!(index.retry_counts(events.len()).get("A").is_some_and(|n| *n >= 1));
        let retrying =
            |name: &str| (0..events.len()).any(|p| index.statuses(p).get(name) == Some(&StateStatus::Retrying));
        assert!(["A", "A2", "A3"].into_iter().any(retrying), "a task waits for a retry at some position");
        assert!(index.taken_edges(events.len()).contains(&("Each".to_owned(), "Fan".to_owned())));
    }
}

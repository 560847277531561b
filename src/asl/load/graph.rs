//! Checks that need a whole workflow: every transition names a state of the same workflow, some
//! state ends the workflow, and every state is reachable from `StartAt`.

use json_value::Map;

use crate::hash::HashSet;

use super::fields::Fields;
use super::{escape, Loader};
use crate::asl::diagnostic::Code;
use crate::asl::model::{State, StateKind, Transition, Workflow};

/// The field of a state that names a transition.
#[derive(Clone, Copy)]
enum Via {
    Next,
    Choice(usize),
    Default,
    Catch(usize),
}

impl std::fmt::Display for Via {
    /// The field's JSON pointer within the state.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Next => f.write_str("/Next"),
            Via::Choice(i) => write!(f, "/Choices/{i}/Next"),
            Via::Default => f.write_str("/Default"),
            Via::Catch(i) => write!(f, "/Catch/{i}/Next"),
        }
    }
}

/// Each transition of a state, given to `visit`: the field that names it, and the target.
fn targets<'s>(state: &'s State, mut visit: impl FnMut(Via, &'s str)) {
    if let Some(Transition::Next(next)) = &state.transition {
        visit(Via::Next, next);
    }
    if let StateKind::Choice(choice) = &state.kind {
        for (i, branch) in choice.choices.iter().enumerate() {
            visit(Via::Choice(i), &branch.next);
        }
        if let Some(default) = &choice.default {
            visit(Via::Default, default);
        }
    }
    for (i, catcher) in state.catch.iter().enumerate() {
        visit(Via::Catch(i), &catcher.next);
    }
}

/// Whether a state can end its workflow: `End: true`, Succeed or Fail.
fn is_terminal(state: &State) -> bool {
    matches!(state.transition, Some(Transition::End)) || matches!(state.kind, StateKind::Succeed | StateKind::Fail(_))
}

impl Loader<'_> {
    /// `declared`: the `States` object (its keys name the states); `complete`: whether each of
    /// them loaded (if not, reachability is not judged, to avoid reporting the same problem twice).
    pub(super) fn check_graph(&mut self, workflow: &Workflow, fields: &Fields, declared: &Map, complete: bool) {
        let declared = |name: &str| declared.contains_key(name);
        if !declared(workflow.start_at.as_str()) {
            let message = format!("\"StartAt\" names no state: \"{}\"", workflow.start_at);
            self.report(Code::UnknownState, &fields.at("StartAt"), message);
        }
        let states_pointer = fields.at("States");
        for state in &workflow.states {
            targets(state, |suffix, target| {
                if !declared(target) {
                    let pointer = format!("{states_pointer}/{}{suffix}", escape(&state.name));
                    let message = format!("State \"{}\" refers to \"{target}\", which names no state here", state.name);
                    self.report(Code::UnknownState, &pointer, message);
                }
            });
        }
        // AWS: "Workflow has no terminal state" (no location), and then no reachability report
        // (measured with ValidateStateMachineDefinition: floci-io/floci#2786).
        if complete && !workflow.states.iter().any(is_terminal) {
            self.report(Code::MissingEndState, &fields.pointer, "Workflow has no terminal state");
            return;
        }
        // Reachability is judged from a StartAt that exists (else every state would be reported too).
        if complete && declared(workflow.start_at.as_str()) {
            self.check_reachable(workflow, &states_pointer);
        }
    }

    fn check_reachable(&mut self, workflow: &Workflow, states_pointer: &str) {
        let mut seen: HashSet<&str> = HashSet::with_capacity_and_hasher(workflow.states.len(), Default::default());
        let mut stack = vec![workflow.start_at.as_str()];
        while let Some(name) = stack.pop() {
            let Some(state) = workflow.state(name) else { continue };
            if seen.insert(name) {
                targets(state, |_, target| stack.push(target));
            }
        }
        for state in workflow.states.iter().filter(|s| !seen.contains(&*s.name)) {
            let message = format!("State \"{}\" is not reachable from \"StartAt\"", state.name);
            self.report(Code::UnreachableState, &format!("{states_pointer}/{}", escape(&state.name)), message);
        }
    }
}

impl Loader<'_> {
    /// State names are unique in the whole state machine, branches and item processors included
    /// (States Language spec: "state names MUST be unique within the scope of the whole state
    /// machine"; AWS: `DUPLICATE_STATE_NAME: Duplicate State name: …`).
    pub(super) fn check_unique_names(&mut self, top: &Workflow) {
        let mut seen: HashSet<&str> = HashSet::default();
        let mut stack: Vec<(&Workflow, String)> = vec![(top, String::new())];
        while let Some((workflow, pointer)) = stack.pop() {
            for state in &workflow.states {
                let state_pointer = || format!("{pointer}/States/{}", escape(&state.name));
                if !seen.insert(&*state.name) {
                    let message = format!("Duplicate State name: {}", state.name);
                    self.report(Code::DuplicateStateName, &state_pointer(), message);
                }
                if matches!(state.kind, StateKind::Parallel(_) | StateKind::Map(_)) {
                    push_nested(&mut stack, state, &state_pointer());
                }
            }
        }
    }
}

/// The workflows nested in `state` (Parallel branches, a Map's item processor), with pointers.
fn push_nested<'w>(stack: &mut Vec<(&'w Workflow, String)>, state: &'w State, pointer: &str) {
    match &state.kind {
        StateKind::Parallel(parallel) => {
            for (i, branch) in parallel.branches.iter().enumerate().rev() {
                stack.push((branch, format!("{pointer}/Branches/{i}")));
            }
        }
        StateKind::Map(map) => stack.push((&map.processor, format!("{pointer}/{}", map.processor_field))),
        _ => {}
    }
}

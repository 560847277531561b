//! Variable scopes: a Parallel branch or Map iteration reads the variables of the scopes around
//! it but may not assign a name one of them assigns (AWS developer guide, "Passing data between
//! states with variables": "an inner scope can't assign a name that the outer scope assigns").

use crate::hash::HashSet;

use super::{escape, Loader};
use crate::asl::diagnostic::Code;
use crate::asl::model::{Payload, State, StateKind, Workflow};
use crate::data::jsonata::template::JsonataTemplate;
use crate::data::payload::Template;

/// The variable names an `Assign` sets.
pub(super) fn assigned_names(payload: &Payload) -> Vec<String> {
    let keys: Vec<String> = match payload {
        Payload::JsonPath(Template::Object(object)) => object.fields.iter().map(|(k, _)| k.to_string()).collect(),
        Payload::Jsonata(JsonataTemplate::Object(fields)) => fields.iter().map(|(k, _)| k.to_string()).collect(),
        Payload::JsonPath(Template::Literal(json_value::Value::Object(map)))
        | Payload::Jsonata(JsonataTemplate::Literal(json_value::Value::Object(map))) => {
            map.keys().map(|k| k.to_string()).collect()
        }
        _ => Vec::new(),
    };
    keys.into_iter().map(|k| k.strip_suffix(".$").map(str::to_owned).unwrap_or(k)).collect()
}

/// Every name a workflow's own states (and their catchers and Choice rules) assign.
fn names_in(workflow: &Workflow) -> HashSet<String> {
    let mut names = HashSet::default();
    for state in &workflow.states {
        for payload in assigns_of(state) {
            names.extend(assigned_names(payload));
        }
    }
    names
}

fn assigns_of(state: &State) -> Vec<&Payload> {
    let mut payloads: Vec<&Payload> = state.assign.iter().collect();
    payloads.extend(state.catch.iter().filter_map(|c| c.assign.as_ref()));
    if let StateKind::Choice(choice) = &state.kind {
        payloads.extend(choice.choices.iter().filter_map(|b| b.assign.as_ref()));
    }
    payloads
}

impl Loader<'_> {
    /// Reports assignments in nested workflows to names an enclosing scope assigns.
    pub(super) fn check_scopes(&mut self, top: &Workflow) {
        let mut stack: Vec<(&Workflow, String, HashSet<String>)> = vec![(top, String::new(), HashSet::default())];
        while let Some((workflow, pointer, outer)) = stack.pop() {
            let here: HashSet<String> = names_in(workflow);
            for state in &workflow.states {
                // Written out only for a problem or a nested workflow.
                let state_pointer = || format!("{pointer}/States/{}", escape(&state.name));
                for name in assigns_of(state).into_iter().flat_map(assigned_names).filter(|n| outer.contains(n)) {
                    let message = format!("Variable \"{name}\" is assigned in an outer scope; a Parallel branch or Map iteration cannot assign it");
                    self.report(Code::InvalidValue, &state_pointer(), message);
                }
                let inner = || -> HashSet<String> { outer.union(&here).cloned().collect() };
                match &state.kind {
                    StateKind::Parallel(parallel) => {
                        let (state_pointer, inner) = (state_pointer(), inner());
                        for (i, branch) in parallel.branches.iter().enumerate() {
                            stack.push((branch, format!("{state_pointer}/Branches/{i}"), inner.clone()));
                        }
                    }
                    // A Distributed Map's items run as child executions, which start a scope of
                    // their own (they do not see the parent's variables).
                    StateKind::Map(map) => {
                        let scope = if map.distributed.is_some() { HashSet::default() } else { inner() };
                        stack.push((&map.processor, format!("{}/{}", state_pointer(), map.processor_field), scope))
                    }
                    _ => {}
                }
            }
        }
    }
}

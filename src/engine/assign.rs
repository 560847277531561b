//! `Assign`: evaluated with the values as they were on entering the state, assigned when it exits.

use std::rc::Rc;

use json_value::Value;

use super::execution::Execution;
use super::frame::{Frame, FrameId};
use super::jsonata::Extra;
use crate::asl::{ErrorName, Failure, Payload};

impl Execution {
    /// Evaluates `Assign` (and a second one, for a Choice rule's, whose names win) with `$` =
    /// `input`; the variables change only when the state exits.
    pub(super) fn prepare_assign(
        &mut self,
        frame: FrameId,
        assign: Option<&Payload>,
        extra: Option<&Payload>,
        input: &Value,
        states: Extra,
    ) -> Result<(), Failure> {
        if assign.is_none() && extra.is_none() {
            self.frames[frame].pending_assign = None;
            return Ok(());
        }
        let mut assigned = json_value::Map::new();
        for payload in [assign, extra].into_iter().flatten() {
            if let Value::Object(values) = self.eval_payload(frame, payload, input, "Assign", states)? {
                assigned.extend(values);
            }
        }
        check_assign_size(&assigned, &self.frames[frame])?;
        self.frames[frame].pending_assign = Some(assigned);
        Ok(())
    }

    /// Assigns what the state's `Assign` evaluated to; returns it for the history.
    pub(super) fn commit_assign(&mut self, frame: FrameId) -> Option<json_value::Map> {
        let f = &mut self.frames[frame];
        let assigned = f.pending_assign.take()?;
        let vars = Rc::make_mut(&mut f.vars);
        for (name, value) in &assigned {
            vars.assign(name.to_string(), value.clone());
        }
        Some(assigned)
    }
}

/// AWS's variable quotas: 256 KiB per variable and 256 KiB for all of one `Assign` (developer
/// guide, "Passing data between states with variables"). AWS documents no error name for
/// exceeding them; States.DataLimitExceeded is this interpreter's choice.
fn check_assign_size(assigned: &json_value::Map, frame: &Frame) -> Result<(), Failure> {
    let name = frame.current().map(|s| &*s.name).unwrap_or_default();
    let too_big = |what: String| {
        Failure::new(
            ErrorName::DataLimitExceeded,
            format!("The state '{name}' assigned {what} larger than the limit of 262144 bytes."),
        )
    };
    for (variable, value) in assigned {
        if !super::size::fits(value) {
            return Err(too_big(format!("the variable '{variable}' a value")));
        }
    }
    let all = Value::Object(assigned.clone());
    if !super::size::fits(&all) {
        return Err(too_big("variables".into()));
    }
    super::size::check_size(&all, name)
}

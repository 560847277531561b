//! `$$`, the context object (`Execution`, `StateMachine`, `State`, `Task`, `Map`), for one frame.
//! A path of member names (`$$.Map.Item.Index`, `$$.State.Name`) is answered from the frame
//! without building the object ([`Execution::context_at`]); the whole object is built only for
//! a path that needs it ([`FrameContext`]).

use std::cell::OnceCell;

use json_value::{key, object, Value};

use super::execution::Execution;
use super::frame::{Frame, FrameId};
use crate::asl::StateKind;
use crate::data::context::{member_at, ContextObject};
use crate::data::path::Path;
use crate::data::timestamp;

/// `$$` as one frame's paths read it: built on first need, once.
pub(super) struct FrameContext<'e> {
    execution: &'e Execution,
    frame: FrameId,
    built: OnceCell<Value>,
}

impl ContextObject for FrameContext<'_> {
    fn whole(&self) -> &Value {
        self.built.get_or_init(|| self.execution.context(self.frame))
    }

    fn at(&self, path: &Path) -> Option<Value> {
        self.execution.context_at(self.frame, path)
    }
}

impl Execution {
    /// `$$` for `frame`'s current state, built when a path needs it whole.
    pub(super) fn frame_context(&self, frame: FrameId) -> FrameContext<'_> {
        FrameContext { execution: self, frame, built: OnceCell::new() }
    }

    /// `$$` for `frame`'s current state (`Null` when the definition never reads `$$`).
    pub(super) fn context(&self, frame: FrameId) -> Value {
        let Some(f) = self.frames.get(frame).filter(|_| self.uses_context) else { return Value::Null };
        let mut state = json_value::Map::with_capacity(3);
        state.insert(key!("Name"), Value::from(state_name(f)));
        state.insert(key!("EnteredTime"), self.entered_time(f.entered_time));
        if has_retry_count(f) {
            state.insert(key!("RetryCount"), Value::from(f.retry_count));
        }
        let (execution, machine) = self.context_parts();
        let mut context = json_value::Map::with_capacity(5);
        context.insert(key!("Execution"), execution.clone());
        context.insert(key!("StateMachine"), machine.clone());
        context.insert(key!("State"), Value::Object(state));
        if let Some(token) = &f.task_token {
            context.insert(key!("Task"), object! {"Token" => token.as_str()});
        }
        if let Some((index, value)) = &f.map_item {
            context.insert(key!("Map"), object! {"Item" => object! {"Index" => *index, "Value" => value.clone()}});
        }
        Value::Object(context)
    }

    /// The value of [`Execution::context`] at `path` when the path is made of member names and
    /// the frame has what it names; `None` otherwise (the caller reads the whole object).
    pub(super) fn context_at(&self, frame: FrameId, path: &Path) -> Option<Value> {
        let f = self.frames.get(frame).filter(|_| self.uses_context)?;
        let mut names = path.member_names()?;
        let (execution, machine) = self.context_parts();
        match names.next()? {
            "Execution" => member_at(execution, names),
            "StateMachine" => member_at(machine, names),
            "State" => self.state_member(f, names.next()?).filter(|_| names.next().is_none()),
            "Task" => f
                .task_token
                .as_deref()
                .filter(|_| names.next() == Some("Token") && names.next().is_none())
                .map(Value::from),
            "Map" => {
                let (index, value) = f.map_item.as_ref().filter(|_| names.next() == Some("Item"))?;
                match names.next()? {
                    "Index" => names.next().is_none().then(|| Value::from(*index)),
                    "Value" => member_at(value, names),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A member of `$$.State`.
    fn state_member(&self, f: &Frame, name: &str) -> Option<Value> {
        match name {
            "Name" => Some(Value::from(state_name(f))),
            "EnteredTime" => Some(self.entered_time(f.entered_time)),
            "RetryCount" => has_retry_count(f).then(|| Value::from(f.retry_count)),
            _ => None,
        }
    }

    /// `$$.Execution` (`null` when no field of this definition reads it) and `$$.StateMachine`,
    /// made on first use.
    fn context_parts(&self) -> &(Value, Value) {
        self.context_parts.get_or_init(|| {
            let execution = if self.machine.uses_execution_context {
                object! {
                    "Id" => self.execution_arn(),
                    "Input" => self.input.clone(),
                    "StartTime" => timestamp::format_millis(self.options.start_time),
                    "Name" => &*self.options.name,
                    "RoleArn" => self.role_arn(),
                    "RedriveCount" => 0,
                }
            } else {
                Value::Null
            };
            let machine = object! {"Id" => self.state_machine_arn(), "Name" => &*self.options.state_machine_name};
            (execution, machine)
        })
    }

    /// `millis` as `$$.State.EnteredTime` shows it.
    fn entered_time(&self, millis: i64) -> Value {
        let mut last = self.entered_time_text.borrow_mut();
        if last.0 != millis {
            *last = (millis, Value::from(timestamp::format_millis(millis)));
        }
        last.1.clone()
    }
}

/// `$$.State.Name`.
fn state_name(f: &Frame) -> &str {
    f.current().map(|s| &*s.name).unwrap_or_default()
}

/// Whether `$$.State` has `RetryCount`: in the states that retry (Task, Parallel, Map).
fn has_retry_count(f: &Frame) -> bool {
    f.current().is_some_and(|s| matches!(s.kind, StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use json_value::json;

    use super::*;
    use crate::engine::StartOptions;

    /// An execution whose first state has entered, with a Map item and a task token set.
    fn entered(definition: &str) -> Execution {
        let machine = crate::asl::load(definition).expect("a valid definition");
        let mut execution = Execution::start(Rc::new(machine), json!({"in": {"k": [1]}}), StartOptions::default());
        execution.step(0);
        execution.step(5);
        let f = &mut execution.frames[0];
        f.map_item = Some((3, json!({"v": {"w": 1}, "n": null})));
        f.task_token = Some("token-1".into());
        f.retry_count = 2;
        execution
    }

    fn answers(execution: &Execution, text: &str) -> Option<Value> {
        execution.context_at(0, &Path::parse(text).expect("a path"))
    }

    #[test]
    fn paths_of_member_names_give_what_the_whole_object_has() {
        let execution = entered(
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                "Parameters": {"id.$": "$$.Execution.Id"}, "End": true}}}"#,
        );
        let whole = execution.context(0);
        for text in [
            "$$.Execution",
            "$$.Execution.Id",
            "$$.Execution.Input.in.k",
            "$$.StateMachine.Name",
            "$$.State.Name",
            "$$.State.EnteredTime",
            "$$.State.RetryCount",
            "$$.Task.Token",
            "$$.Map.Item.Index",
            "$$.Map.Item.Value",
            "$$.Map.Item.Value.v.w",
            "$$.Map.Item.Value.n",
        ] {
            let path = Path::parse(text).expect("a path");
            assert_eq!(answers(&execution, text), Some(path.eval(&whole).expect("in the whole object")), "{text}");
        }
        // Whole members, and what is missing or not an object, are left to the whole object.
        for text in ["$$", "$$.State", "$$.Map", "$$.Map.Item", "$$.Nope", "$$.Execution.Nope", "$$.State.Nope"] {
            assert_eq!(answers(&execution, text), None, "{text}");
        }
        for text in
            ["$$.Map.Item.Index.x", "$$.Task.Token.x", "$$.State.Name.x", "$$.Map.Item.Value.n.x", "$$.Map.Nope"]
        {
            assert_eq!(answers(&execution, text), None, "{text}");
            assert!(Path::parse(text).expect("a path").eval(&whole).is_err(), "{text}");
        }
    }

    #[test]
    fn a_pass_state_has_no_retry_count_and_a_definition_without_dollar_dollar_no_context() {
        let pass = entered(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$$.State.Name"}, "End": true}}}"#,
        );
        assert_eq!(answers(&pass, "$$.State.Name"), Some(json!("P")));
        assert_eq!(answers(&pass, "$$.State.RetryCount"), None);
        assert!(Path::parse("$$.State.RetryCount").expect("a path").eval(&pass.context(0)).is_err());
        let plain = entered(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#);
        assert_eq!(answers(&plain, "$$.Map.Item.Index"), None);
        assert_eq!(plain.context(0), Value::Null);
    }
}

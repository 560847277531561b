//! What JSONata states add to the state template: `$states`, `Arguments`, `Output`, and the
//! JSONata forms of `Assign`, Choice `Condition`, Wait, Map `Items` and the numeric fields.

use json_value::{object, Value};

use super::execution::Execution;
use super::frame::FrameId;
use super::size::MAX_DEPTH;
use crate::asl::{ErrorName, Failure, Payload, QueryLanguage, State};
use crate::data::jsonata::template::JsonataTemplate;
use crate::data::jsonata::Bindings;
use crate::data::payload::compact;
use crate::data::timestamp;

/// A member `$states` has besides `input` and `context`: `("result", …)` or `("errorOutput", …)`.
pub(super) type Extra<'a> = Option<(&'static str, &'a Value)>;

impl Execution {
    /// `$states`: the state's input, the context object, and `extra`.
    fn states(&self, frame: FrameId, extra: Extra) -> Value {
        let mut states = object! {"input" => self.frames[frame].input.clone(), "context" => self.context(frame)};
        if let Some((name, value)) = extra {
            states[name] = value.clone();
        }
        states
    }

    /// A JSONata template's value; `field` names it in error causes.
    pub(super) fn eval_jsonata(
        &mut self,
        frame: FrameId,
        template: &JsonataTemplate,
        field: &str,
        extra: Extra,
    ) -> Result<Value, Failure> {
        let states = self.states(frame, extra);
        let variables = self.frames[frame].vars.clone();
        let mut bindings = Bindings {
            states: &states,
            variables: &variables,
            now_millis: self.now,
            rng: &mut self.rng,
            budget: &mut self.jsonata_budget,
        };
        let value = template.eval(&mut bindings, field)?;
        match value.depth() > MAX_DEPTH {
            true => Err(self.too_deep(frame)),
            false => Ok(value),
        }
    }

    /// An expression's value nested deeper than our documents may be (JSONata builds values
    /// of any depth, e.g. with `$reduce`): the state fails as when it returns such a result.
    fn too_deep(&self, frame: FrameId) -> Failure {
        let name = self.frames[frame].current().map(|s| &*s.name).unwrap_or_default();
        let cause = format!(
            "The state/task '{name}' returned a result nested deeper than {MAX_DEPTH} levels, the limit of this interpreter."
        );
        Failure::new(ErrorName::Runtime, cause)
    }

    /// A payload in the state's query language: JSONPath with `$` = `input`, JSONata with `$states`.
    pub(super) fn eval_payload(
        &mut self,
        frame: FrameId,
        payload: &Payload,
        input: &Value,
        field: &str,
        extra: Extra,
    ) -> Result<Value, Failure> {
        match payload {
            Payload::JsonPath(template) => self.eval_template(frame, template, input),
            Payload::Jsonata(template) => self.eval_jsonata(frame, template, field, extra),
        }
    }

    /// A JSONata state's output: its `Output` (or a rule's or catcher's), else `value`.
    pub(super) fn jsonata_output(
        &mut self,
        frame: FrameId,
        output: Option<&JsonataTemplate>,
        value: Value,
        extra: Extra,
    ) -> Result<Value, Failure> {
        match output {
            Some(template) => self.eval_jsonata(frame, template, "Output", extra),
            None => Ok(value),
        }
    }

    /// `Arguments` (JSONata), or the state input.
    pub(super) fn arguments(&mut self, frame: FrameId, state: &State, input: Value) -> Result<Value, Failure> {
        let Some(template) = state.arguments.as_ref().filter(|_| state.query_language == QueryLanguage::Jsonata) else {
            return Ok(input);
        };
        let arguments = self.eval_jsonata(frame, template, "Arguments", None)?;
        self.frames[frame].stages_mut().after_parameters = Some(arguments.clone());
        Ok(arguments)
    }

    /// A number field given as an expression (`TimeoutSeconds`, `MaxConcurrency`, `Seconds`, …).
    pub(super) fn jsonata_number(
        &mut self,
        frame: FrameId,
        template: &JsonataTemplate,
        field: &str,
    ) -> Result<f64, Failure> {
        let value = self.eval_jsonata(frame, template, field, None)?;
        value.as_f64().filter(|n| *n >= 0.0).ok_or_else(|| unexpected(template, field, "number", &value))
    }

    /// Map `Items`: an array.
    pub(super) fn jsonata_items(&mut self, frame: FrameId, template: &JsonataTemplate) -> Result<Vec<Value>, Failure> {
        match self.eval_jsonata(frame, template, "Items", None)? {
            Value::Array(items) => Ok(items.into_vec()),
            other => Err(unexpected(template, "Items", "array", &other)),
        }
    }

    /// A JSONata Wait `Timestamp`: the epoch milliseconds of the expression's string.
    pub(super) fn jsonata_timestamp(&mut self, frame: FrameId, template: &JsonataTemplate) -> Result<i64, Failure> {
        let value = self.eval_jsonata(frame, template, "Timestamp", None)?;
        let text = value.as_str().map(str::to_owned).unwrap_or_else(|| compact(&value));
        value.as_str().and_then(timestamp::parse_millis).ok_or_else(|| {
            let cause = format!(
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
            );
            Failure::new(ErrorName::QueryEvaluationError, cause).at("Timestamp")
        })
    }

    /// A Choice `Condition`: true or false.
    pub(super) fn condition(&mut self, frame: FrameId, template: &JsonataTemplate) -> Result<bool, Failure> {
        let value = self.eval_jsonata(frame, template, "Condition", None)?;
        value.as_bool().ok_or_else(|| unexpected(template, "Condition", "boolean", &value))
    }
}

// AWS: "The JSONata expression 'true' specified for the field 'Items' returned an unexpected
// result type. Expected 'array', but was 'boolean' for value: true".
fn unexpected(template: &JsonataTemplate, field: &str, expected: &str, value: &Value) -> Failure {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let source = match template {
        JsonataTemplate::Expression(e) => e.source().to_owned(),
        JsonataTemplate::Literal(v) => compact(v),
        _ => String::new(),
    };
    let cause = format!(
        "The JSONata expression '{source}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{kind}' for value: {}",
        compact(value)
    );
    Failure::new(ErrorName::QueryEvaluationError, cause).at(field)
}

//! JSONata templates: a JSON value in which every string that is exactly `{% expression %}` is
//! evaluated (`Arguments`, `Output`, `Assign`, `Items`, `ItemSelector`, …); other values are
//! copied as they are.

use std::fmt;
use std::rc::Rc;

use json_value::{Map, Value};

use super::{Bindings, EvalError, Expression};
use crate::asl::{ErrorName, Failure};

/// A parsed JSONata template.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonataTemplate {
    /// A value without expressions.
    Literal(Value),
    /// `"{% … %}"`.
    Expression(Box<Expression>),
    /// An object with expressions somewhere inside.
    Object(Vec<(Rc<str>, JsonataTemplate)>),
    /// An array with expressions somewhere inside.
    Array(Vec<JsonataTemplate>),
}

/// The expression inside `{% … %}`, when `text` is exactly that.
pub fn expression_text(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{%")?.strip_suffix("%}")?;
    Some(inner.trim())
}

impl JsonataTemplate {
    /// Parses a template; problems carry a JSON pointer relative to the template.
    pub fn parse(value: &Value) -> Result<JsonataTemplate, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let template = parse_value(value, "", &mut problems);
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(problems)
        }
    }

    /// Whether the template is one expression (`"{% … %}"`).
    pub fn is_expression(&self) -> bool {
        matches!(self, JsonataTemplate::Expression(_))
    }

    /// The value, evaluating every expression; `field` names the field for error causes
    /// (`Output`, `Assign/total`, …).
    pub fn eval(&self, bindings: &mut Bindings, field: &str) -> Result<Value, Failure> {
        self.eval_at(bindings, &Field::Named(field))
    }

    fn eval_at(&self, bindings: &mut Bindings, field: &Field) -> Result<Value, Failure> {
        match self {
            JsonataTemplate::Literal(value) => Ok(value.clone()),
            JsonataTemplate::Expression(expression) => eval_expression(expression, bindings, field),
            JsonataTemplate::Object(fields) => {
                let mut members = Vec::with_capacity(fields.len());
                for (key, template) in fields {
                    members.push((key.clone(), template.eval_at(bindings, &Field::Key(field, key))?));
                }
                // The keys of one JSON object, as the definition was read: distinct.
                Ok(Value::Object(Map::from_distinct(members)))
            }
            JsonataTemplate::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, template) in items.iter().enumerate() {
                    out.push(template.eval_at(bindings, &Field::Index(field, i))?);
                }
                Ok(Value::from(out))
            }
        }
    }
}

/// Where in a state's field a template is (`Output/result/0`), written out only for an error's
/// cause: evaluating never formats it.
enum Field<'p> {
    /// The state's field, `Output` or `Assign/total`.
    Named(&'p str),
    /// A member of an object.
    Key(&'p Field<'p>, &'p str),
    /// An item of an array.
    Index(&'p Field<'p>, usize),
}

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Named(name) => f.write_str(name),
            Field::Key(parent, key) => write!(f, "{parent}/{key}"),
            Field::Index(parent, index) => write!(f, "{parent}/{index}"),
        }
    }
}

// AWS's causes (States.QueryEvaluationError): "The JSONata expression '$x' specified for the
// field 'Output/result' returned nothing (undefined)." / "… threw an error during evaluation.
// T1006: …" / "… returned an unsupported result type."
fn eval_expression(expression: &Expression, bindings: &mut Bindings, field: &Field) -> Result<Value, Failure> {
    let what = match expression.eval(bindings) {
        Ok(Some(value)) => return Ok(value),
        Ok(None) => "returned nothing (undefined).".to_owned(),
        Err(EvalError::Failed(message)) => format!("threw an error during evaluation. {message}"),
        Err(EvalError::Unsupported) => "returned an unsupported result type.".to_owned(),
    };
    let field = field.to_string();
    let cause = format!("The JSONata expression '{}' specified for the field '{field}' {what}", expression.source());
    Err(Failure::new(ErrorName::QueryEvaluationError, cause).at(&field))
}

fn parse_value(value: &Value, pointer: &str, problems: &mut Vec<(String, String)>) -> JsonataTemplate {
    let literal = || JsonataTemplate::Literal(value.clone());
    match value {
        Value::String(text) => match expression_text(text) {
            Some(source) => match Expression::parse(source) {
                Ok(expression) => JsonataTemplate::Expression(Box::new(expression)),
                Err(message) => {
                    problems.push((pointer.to_owned(), format!("Invalid JSONata expression '{source}': {message}")));
                    literal()
                }
            },
            None => literal(),
        },
        Value::Object(map) => {
            let fields: Vec<(Rc<str>, JsonataTemplate)> = map
                .iter()
                .map(|(k, v)| {
                    (k.clone(), parse_value(v, &format!("{pointer}/{}", crate::asl::escape_pointer(k)), problems))
                })
                .collect();
            if fields.iter().all(|(_, t)| matches!(t, JsonataTemplate::Literal(_))) {
                literal()
            } else {
                JsonataTemplate::Object(fields)
            }
        }
        Value::Array(items) => {
            let parsed: Vec<JsonataTemplate> =
                items.iter().enumerate().map(|(i, v)| parse_value(v, &format!("{pointer}/{i}"), problems)).collect();
            if parsed.iter().all(|t| matches!(t, JsonataTemplate::Literal(_))) {
                literal()
            } else {
                JsonataTemplate::Array(parsed)
            }
        }
        _ => literal(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::variables::Variables;
    use crate::engine::rng::Rng;
    use json_value::json;

    fn give(template: Value, states: Value, expected: Result<Value, &str>) {
        let template = JsonataTemplate::parse(&template).expect("a valid template");
        let (variables, mut rng) = (Variables::default(), Rng::new(1));
        let mut budget = u64::MAX;
        let mut bindings =
            Bindings { states: &states, variables: &variables, now_millis: 0, rng: &mut rng, budget: &mut budget };
        assert_eq!(template.eval(&mut bindings, "Output").map_err(|f| f.cause), expected.map_err(str::to_owned));
    }

    #[test]
    fn only_whole_expression_strings_are_evaluated() {
        let states = json!({"input": {"a": 2}});
        give(json!("{% $states.input.a * 2 %}"), states.clone(), Ok(json!(4)));
        give(
            json!({"x": "{%$states.input.a%}", "y": "not {% 1 %}", "z": [1, "{% 'k' %}"]}),
            states.clone(),
            Ok(json!({"x": 2, "y": "not {% 1 %}", "z": [1, "k"]})),
        );
        give(json!({"plain": "$.a"}), states, Ok(json!({"plain": "$.a"})));
    }

    // Recorded against AWS: "The JSONata expression '$doesNotExist' specified for the field
    // 'Output/result' returned nothing (undefined)."
    #[test]
    fn undefined_names_the_field() {
        give(
            json!({"result": "{% $doesNotExist %}"}),
            json!({}),
            Err("The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)."),
        );
        give(json!("{% function($x){$x} %}"), json!({}), Err("The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an unsupported result type."));
    }

    // The path goes through nested objects and array items alike: 'Output/order/lines/1'.
    #[test]
    fn nested_fields_and_items_are_named_by_their_path() {
        give(
            json!({"order": {"lines": [1, "{% $nothing %}"]}}),
            json!({}),
            Err("The JSONata expression '$nothing' specified for the field 'Output/order/lines/1' returned nothing (undefined)."),
        );
    }

    #[test]
    fn syntax_errors_are_load_problems() {
        let problems = JsonataTemplate::parse(&json_value::json!({"a": {"b": "{% 1 + %}"}})).err().unwrap_or_default();
        assert_eq!(problems.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["/a/b"]);
    }
}

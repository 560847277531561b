//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` and the `…Path` fields that
//! may hold an intrinsic function. A key ending in `.$` takes its value from a path (`$…` into the
//! input, `$$…` into the context object) or an intrinsic function call; every other value is
//! copied as it is.

use std::rc::Rc;

use json_value::{Map, Value};

use super::context::ContextObject;
use super::intrinsic::{self, Call};
use super::path::{Path, PathError};
use super::variables::{document, eval_path, Variables};
use crate::asl::{ErrorName, Failure};
use crate::engine::rng::Rng;

/// A parsed payload template.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// An object, some of whose values may be dynamic; keys are stored without `.$`.
    Object(ObjectTemplate),
    /// An array with dynamic parts somewhere inside.
    Array(Vec<Template>),
    /// A value with nothing dynamic in it.
    Literal(Value),
    /// `"key.$": "$.path"` or `"key.$": "$$.path"`.
    Path(Path),
    /// `"key.$": "States.Format(…)"`.
    Intrinsic(Call<Path>),
}

/// What a template reads: the effective input as `$`, the context object as `$$`, variables as
/// `$name`.
pub struct Scope<'a> {
    /// `$`.
    pub input: &'a Value,
    /// `$$`.
    pub context: &'a dyn ContextObject,
    /// `$name`.
    pub variables: &'a Variables,
    /// The execution's random numbers (States.UUID, States.MathRandom).
    pub rng: &'a mut Rng,
}

impl Scope<'_> {
    /// The document `path` reads in this scope.
    pub fn document(&self, path: &Path) -> Result<&Value, Failure> {
        document(path, self.input, self.context, self.variables)
    }

    /// `path` evaluated in this scope ([`eval_path`]).
    pub fn eval(&self, path: &Path) -> Result<Result<Value, PathError>, Failure> {
        eval_path(path, self.input, self.context, self.variables)
    }
}

impl Template {
    /// Parses a template: the dynamic value of a `.$` key must be a path or an intrinsic call.
    /// Errors carry a JSON pointer relative to the template.
    pub fn parse(value: &Value) -> Result<Template, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let template = parse_value(value, "", &mut problems);
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(problems)
        }
    }

    /// Parses the value of one `.$` key (also the `ErrorPath`/`CausePath` form).
    pub fn parse_dynamic(text: &str) -> Result<Template, String> {
        if text.starts_with('$') {
            return text.parse::<Path>().map(Template::Path).map_err(|e| e.message);
        }
        let call = intrinsic::parse(text, &|p: &str| p.parse::<Path>().map_err(|e| e.message));
        call.map(Template::Intrinsic).map_err(|e| e.message)
    }

    /// The payload this template produces in `scope`.
    pub fn eval(&self, scope: &mut Scope) -> Result<Value, Failure> {
        self.eval_field(scope, "")
    }

    /// The value of a dynamic field that is not a `.$` key (`ErrorPath`, `CausePath`): causes
    /// name the field as written.
    pub fn eval_named(&self, scope: &mut Scope, field: &str) -> Result<Value, Failure> {
        match self {
            Template::Path(path) => scope.eval(path)?.map_err(|e| missing_field(path, field, scope, e)),
            other => other.eval(scope),
        }
    }

    fn eval_field(&self, scope: &mut Scope, key: &str) -> Result<Value, Failure> {
        match self {
            Template::Literal(value) => Ok(value.clone()),
            Template::Object(object) => object.eval(scope),
            Template::Array(items) => items.iter().map(|t| t.eval_field(scope, key)).collect(),
            Template::Path(path) => scope.eval(path)?.map_err(|e| missing_field(path, &format!("{key}.$"), scope, e)),
            Template::Intrinsic(call) => eval_intrinsic(call, scope),
        }
    }
}

/// An object template's fields, and the compact JSON length and depth of its fixed parts (braces,
/// keys, commas, literal values), worked out at its first evaluation: the object it builds is
/// measured by adding its dynamic values' sizes (a task's payload is measured against the 256 KiB
/// limit). Not at load: the page loads definitions without running them, and its module then
/// carries no measuring code.
#[derive(Debug, Clone)]
pub struct ObjectTemplate {
    /// The fields in order, keys without `.$` (distinct: `parse_object` refuses "a" beside "a.$").
    pub fields: Vec<(Rc<str>, Template)>,
    fixed: std::cell::Cell<Option<(usize, usize)>>,
}

impl PartialEq for ObjectTemplate {
    /// The same fields (whether the sizes were worked out yet does not matter).
    fn eq(&self, other: &ObjectTemplate) -> bool {
        self.fields == other.fields
    }
}

impl ObjectTemplate {
    fn new(fields: Vec<(Rc<str>, Template)>) -> ObjectTemplate {
        ObjectTemplate { fields, fixed: std::cell::Cell::new(None) }
    }

    /// The length and depth of the braces, keys, commas and literal values.
    fn fixed(&self) -> (usize, usize) {
        if let Some(fixed) = self.fixed.get() {
            return fixed;
        }
        let (mut len, mut depth) = (2 + self.fields.len().saturating_sub(1), 1); // {} and the commas
        for (key, template) in &self.fields {
            len += json_value::escaped_len(key) + 1; // "key":
            if let Template::Literal(value) = template {
                let (value_len, value_depth) = value.json_len_and_depth();
                (len, depth) = (len.saturating_add(value_len), depth.max(value_depth + 1));
            }
        }
        self.fixed.set(Some((len, depth)));
        (len, depth)
    }

    fn eval(&self, scope: &mut Scope) -> Result<Value, Failure> {
        let (mut len, mut depth) = self.fixed();
        let mut measured = true;
        let mut members = Vec::with_capacity(self.fields.len());
        for (key, template) in &self.fields {
            let value = template.eval_field(scope, key)?;
            if !matches!(template, Template::Literal(_)) {
                match value.cached_len_and_depth() {
                    Some((value_len, value_depth)) => {
                        (len, depth) = (len.saturating_add(value_len), depth.max(value_depth + 1))
                    }
                    None => measured = false,
                }
            }
            members.push((key.clone(), value));
        }
        Ok(Value::Object(match measured {
            true => Map::from_distinct_measured(members, len, depth),
            false => Map::from_distinct(members),
        }))
    }
}

fn eval_intrinsic(call: &Call<Path>, scope: &mut Scope) -> Result<Value, Failure> {
    let (input, context, variables) = (scope.input, scope.context, scope.variables);
    // AWS: "The function '<call>' had the following error: The JsonPath argument for the field
    // '$.x' could not be found in the input '{…}'".
    let mut resolve = |path: &Path| {
        let evaluated = eval_path(path, input, context, variables)
            .map_err(|f| intrinsic::Failure { error: f.error, cause: f.cause })?;
        evaluated.map_err(|e| intrinsic::Failure {
            error: ErrorName::Runtime.as_str().to_owned(),
            cause: match e.limit {
                true => format!("The function '{}' had the following error: {}", call.text, e.message),
                false => format!(
                    "The function '{}' had the following error: The JsonPath argument for the field '{}' could not be found in the input '{}'",
                    call.text,
                    path.text(),
                    compact(input)
                ),
            },
        })
    };
    intrinsic::eval(call, &mut resolve, scope.rng).map_err(|f| Failure {
        error: f.error,
        cause: f.cause,
        location: None,
    })
}

// AWS: "The JSONPath '$.a' specified for the field 'b.$' could not be found in the input '{…}'"
// (States.Runtime, as AWS reports a Parameters path that matches nothing); for a Fail state's
// ErrorPath the field is 'ErrorPath' (recorded: scenarios/…invalid_jsonpath…IN_ERRORPATH).
fn missing_field(path: &Path, field: &str, scope: &Scope, error: PathError) -> Failure {
    if error.limit {
        return Failure::new(ErrorName::Runtime, error.message);
    }
    let document = scope.document(path).unwrap_or(scope.input);
    Failure::new(
        ErrorName::Runtime,
        format!(
            "The JSONPath '{}' specified for the field '{field}' could not be found in the input '{}'",
            path.text(),
            compact(document)
        ),
    )
}

/// JSON with no white space, as AWS prints documents in causes.
pub fn compact(value: &Value) -> String {
    value.to_json_string()
}

fn parse_value(value: &Value, pointer: &str, problems: &mut Vec<(String, String)>) -> Template {
    match value {
        Value::Object(map) => parse_object(value, map, pointer, problems),
        Value::Array(items) => {
            let parsed: Vec<Template> =
                items.iter().enumerate().map(|(i, v)| parse_value(v, &format!("{pointer}/{i}"), problems)).collect();
            if parsed.iter().all(|t| matches!(t, Template::Literal(_))) {
                Template::Literal(value.clone())
            } else {
                Template::Array(parsed)
            }
        }
        other => Template::Literal(other.clone()),
    }
}

/// `object` is the template's object, `map` its members.
fn parse_object(
    object: &Value,
    map: &json_value::Map,
    pointer: &str,
    problems: &mut Vec<(String, String)>,
) -> Template {
    let mut fields = Vec::with_capacity(map.len());
    for (key, value) in map {
        // The member's pointer, made only for a problem or a nested template.
        let here = || format!("{pointer}/{}", crate::asl::escape_pointer(key));
        if let Some(name) = key.strip_suffix(".$").filter(|name| map.contains_key(name)) {
            // States Language spec, "Payload Template": "A JSON object MUST NOT have duplicate
            // field names after fields ending with the characters ".$" are renamed".
            problems.push((
                here(),
                format!("The fields \"{name}\" and \"{key}\" have the same name once \".$\" is removed"),
            ));
        }
        let Some(name) = key.strip_suffix(".$") else {
            let template = match value {
                Value::Object(_) | Value::Array(_) => parse_value(value, &here(), problems),
                scalar => Template::Literal(scalar.clone()),
            };
            fields.push((key.clone(), template));
            continue;
        };
        match value.as_str().map(Template::parse_dynamic) {
            Some(Ok(template)) => fields.push((Rc::from(name), template)),
            Some(Err(message)) => problems
                .push((here(), format!("The value of \"{key}\" is not a valid path or intrinsic function: {message}"))),
            None => problems
                .push((here(), format!("The value of \"{key}\" must be a string: a path or an intrinsic function"))),
        }
    }
    if fields.iter().all(|(_, t)| matches!(t, Template::Literal(_))) && !map.keys().any(|k| k.ends_with(".$")) {
        Template::Literal(object.clone())
    } else {
        Template::Object(ObjectTemplate::new(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn give(template: Value, input: Value, expected: Result<Value, &str>) {
        let template = Template::parse(&template).expect("a valid template");
        let context = json!({"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Index": 3}}});
        let mut rng = Rng::new(0);
        let mut variables = Variables::default();
        variables.assign("v".into(), json!({"w": [7]}));
        let mut scope = Scope { input: &input, context: &context, variables: &variables, rng: &mut rng };
        let got = template.eval(&mut scope).map_err(|f| f.cause);
        assert_eq!(got, expected.map_err(str::to_owned));
    }

    /// What `template` builds from `input` (no variables, an empty context).
    fn built(template: Value, input: &Value) -> Value {
        let template = Template::parse(&template).expect("a valid template");
        let (context, variables, mut rng) = (json!({}), Variables::default(), Rng::new(0));
        let mut scope = Scope { input, context: &context, variables: &variables, rng: &mut rng };
        template.eval(&mut scope).expect("evaluates")
    }

    /// Whether the size `value` cached is its written size and depth (measured afresh from its text).
    fn measured(value: &Value) -> bool {
        let fresh = json_value::from_str(&value.to_json_string()).expect("its own text parses");
        value.cached_len_and_depth() == Some(fresh.json_len_and_depth())
    }

    #[test]
    fn an_object_template_measures_what_it_builds_from_its_fixed_parts_and_its_values() {
        let input = json!({"s": "a\"b\u{1}é", "n": -2.5e-7, "o": {"k": [1, {"x": null}]}, "t": true});
        let input = json_value::from_str(&input.to_json_string()).expect("parses"); // unmeasured
        let _ = input.json_len(); // measured, as an execution's input is
        let templates = [
            json!({"FunctionName": "arn:aws:lambda:us-east-1:1:function:f", "Payload.$": "$"}),
            json!({"quote\"key": "tab\tvalue", "n.$": "$.n", "s.$": "$.s", "t.$": "$.t", "deep": {"d": [[{}]]}}),
            json!({"outer": {"inner.$": "$.o", "lit": 1}, "é.$": "$.o.k"}),
            json!({"one.$": "$.s"}),
            json!({"f.$": "States.Format('{} {}', $.s, $.n)", "empty": {}, "list": []}),
        ];
        for template in templates {
            let object = built(template.clone(), &input);
            assert!(measured(&object), "{template} built {object} with the wrong size cached");
        }
    }

    #[test]
    fn an_object_holding_a_value_never_measured_is_left_to_be_measured() {
        let input = json_value::from_str(r#"{"o": {"k": [1, 2]}}"#).expect("parses");
        let object = built(json!({"o.$": "$.o", "a": 1}), &input);
        assert_eq!(object.cached_len_and_depth(), None);
        assert_eq!(object.json_len_and_depth(), (r#"{"o":{"k":[1,2]},"a":1}"#.len(), 3));
    }

    #[test]
    fn keys_that_clash_once_dollar_is_removed_are_refused() {
        let problems = Template::parse(&json!({"a": 1, "b": {"c": 2, "c.$": "$.x"}, "a.$": "$.y"})).err();
        let pointers: Vec<String> = problems.unwrap_or_default().into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["/b/c.$", "/a.$"]);
    }

    #[test]
    fn literals_are_copied_and_dollar_keys_read_paths() {
        give(json!({"a": 1, "b": [1, {"c": "$.x"}]}), json!({}), Ok(json!({"a": 1, "b": [1, {"c": "$.x"}]})));
        give(json!({"v.$": "$.x", "all.$": "$"}), json!({"x": 5}), Ok(json!({"v": 5, "all": {"x": 5}})));
        give(json!({"outer": {"inner.$": "$.x"}}), json!({"x": [1]}), Ok(json!({"outer": {"inner": [1]}})));
        give(json!({"list": [{"i.$": "$.x"}]}), json!({"x": 2}), Ok(json!({"list": [{"i": 2}]})));
    }

    #[test]
    fn double_dollar_reads_the_context_object() {
        give(
            json!({"id.$": "$$.Execution.Id", "i.$": "$$.Map.Item.Index"}),
            json!({}),
            Ok(json!({"id": "arn:x", "i": 3})),
        );
    }

    #[test]
    fn dollar_name_reads_a_variable() {
        give(json!({"a.$": "$v.w[0]", "f.$": "States.Format('{}', $v.w)"}), json!({}), Ok(json!({"a": 7, "f": "[7]"})));
        give(json!({"a.$": "$nope"}), json!({}), Err("Invalid path '$nope': The variable 'nope' is not defined"));
    }

    #[test]
    fn intrinsic_values_are_called() {
        give(
            json!({"m.$": "States.Format('Order {} failed', $.id)"}),
            json!({"id": "A1"}),
            Ok(json!({"m": "Order A1 failed"})),
        );
    }

    // AWS reports: States.Runtime "The JSONPath '$.application.address' specified for the field
    // 'address.$' could not be found in the input '{"flagged":false}'".
    #[test]
    fn a_missing_path_names_the_field_and_the_input() {
        give(
            json!({"address.$": "$.application.address"}),
            json!({"flagged": false}),
            Err("The JSONPath '$.application.address' specified for the field 'address.$' could not be found in the input '{\"flagged\":false}'"),
        );
    }

    #[test]
    fn invalid_dynamic_values_are_load_problems_with_pointers() {
        let problems =
            Template::parse(&json!({"a.$": 3, "b": {"c.$": "States.Nope()"}, "ok.$": "$.x"})).err().unwrap_or_default();
        let pointers: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/a.$", "/b/c.$"]);
    }
}

//! `PATH_NOT_IN_INPUT`: a JSONPath a state reads that none of its inputs can have. A state's
//! input is what the states leading to it output; where a definition fixes that output's shape
//! (a Pass with `Result` or `Parameters`, a `ResultSelector` with `ResultPath` `"$"`, an
//! `OutputPath` into such a shape, a Catch without `ResultPath`), a path outside it finds
//! nothing and the state fails with States.Runtime (or States.ParameterPathFailure).
//!
//! The shapes are those of the States Language's "Input and Output Processing": InputPath,
//! then Parameters (or a Pass's Result), ResultSelector, ResultPath, OutputPath. What the
//! definition does not fix (a service's answer, the execution input, an item) is unknown, and a
//! path into the unknown is never reported. A predecessor that passes its input on (Choice,
//! Wait, a Pass without Result) is followed back a few steps.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use json_value::{Map, Value};

use super::{escape_pointer, paths_in, Warning};

const DOC_PATHS: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html";

/// The most members of a path that are followed (the shapes are walked recursively; a path of
/// 100,000 members must not exhaust the stack).
const MAX_STEPS: usize = 64;

/// How far back a state's input is followed through states that pass their input on.
const LOOKBACK: usize = 4;

/// The most ways into a state that are followed (beyond that its input is taken as unknown).
const MAX_EDGES: usize = 32;

/// What is known of a document (member names borrowed from the definition).
#[derive(Debug, Clone, PartialEq)]
enum Shape<'a> {
    /// An object with exactly these members.
    Object(BTreeMap<&'a str, Shape<'a>>),
    /// A string, number, boolean or null: it has no members.
    Scalar,
    /// Anything (an array, a service's answer, the execution input).
    Unknown,
}

impl<'a> Shape<'a> {
    /// Whether a document of this shape can have the members `steps` lead to.
    fn can_have(&self, steps: &[&str]) -> bool {
        let Some((first, rest)) = steps.split_first() else { return true };
        match self {
            Shape::Unknown => true,
            Shape::Scalar => false,
            Shape::Object(members) => members.get(first).is_some_and(|m| m.can_have(rest)),
        }
    }

    /// The shape at `steps` (unknown where it is not known).
    fn at(&self, steps: &[&str]) -> Shape<'a> {
        let Some((first, rest)) = steps.split_first() else { return self.clone() };
        match self {
            Shape::Object(members) => members.get(first).map_or(Shape::Unknown, |m| m.at(rest)),
            _ => Shape::Unknown,
        }
    }

    /// This shape with `value` put at `steps` (ResultPath), when this shape is an object.
    fn with(&self, steps: &[&'a str], value: Shape<'a>) -> Shape<'a> {
        let Some((first, rest)) = steps.split_first() else { return value };
        let Shape::Object(members) = self else { return Shape::Unknown };
        let mut members = members.clone();
        let inner = members.get(first).cloned().unwrap_or_else(|| Shape::Object(BTreeMap::new()));
        members.insert(first, inner.with(rest, value));
        Shape::Object(members)
    }

    /// The member names, for the message.
    fn names(&self) -> String {
        match self {
            Shape::Object(members) if members.is_empty() => "no members".into(),
            Shape::Object(members) if members.len() > 10 => {
                let first: Vec<&str> = members.keys().take(10).copied().collect();
                format!("{} and {} more", first.join(", "), members.len() - 10)
            }
            Shape::Object(members) => members.keys().copied().collect::<Vec<_>>().join(", "),
            _ => "no members".into(),
        }
    }
}

/// A literal's shape (a Pass's `Result`).
fn literal(value: &Value) -> Shape<'_> {
    match value {
        Value::Object(map) => Shape::Object(map.iter().map(|(k, v)| (&**k, literal(v))).collect()),
        Value::Array(_) => Shape::Unknown,
        _ => Shape::Scalar,
    }
}

/// A payload template's shape (`Parameters`, `ResultSelector`): a `"….$"` member is unknown.
fn template(value: &Value) -> Shape<'_> {
    match value {
        Value::Object(map) => Shape::Object(
            map.iter()
                .map(|(k, v)| match k.strip_suffix(".$") {
                    Some(name) => (name, Shape::Unknown),
                    None => (&**k, template(v)),
                })
                .collect(),
        ),
        Value::Array(_) => Shape::Unknown,
        _ => Shape::Scalar,
    }
}

/// The members a simple path (`$`, `$.a.b`) steps through; `None` for anything else (filters,
/// indices, wildcards, `$$`, variables).
fn steps(path: &str) -> Option<Vec<&str>> {
    if path == "$" {
        return Some(Vec::new());
    }
    let rest = path.strip_prefix("$.")?;
    let plain = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let steps: Vec<&str> = rest.split('.').collect();
    (steps.len() <= MAX_STEPS && steps.iter().all(plain)).then_some(steps)
}

/// The leading member names of a path a state reads (`$.a.b[0].c` → a, b): what must exist.
fn leading_steps(path: &str) -> Vec<&str> {
    let rest = path.strip_prefix("$.").unwrap_or_default();
    let end = rest.find(['[', '*', '?', '(', ' ']).unwrap_or(rest.len());
    // A prefix is enough: no input having it, none has the whole path.
    rest[..end].split('.').take_while(|s| !s.is_empty()).take(MAX_STEPS).collect()
}

/// A path field applied to a shape: absent or `"$"` keeps it, `null` gives `{}`, a simple path
/// steps into it, anything else is unknown.
fn apply_path<'a>(shape: Shape<'a>, field: Option<&Value>) -> Shape<'a> {
    match field {
        None => shape,
        Some(Value::Null) => Shape::Object(BTreeMap::new()),
        Some(Value::String(path)) => steps(path).map_or(Shape::Unknown, |s| shape.at(&s)),
        Some(_) => Shape::Unknown,
    }
}

/// An edge into a state: from which state, and how (its normal output, or a Catcher).
struct Edge<'a> {
    from: &'a str,
    state: &'a Map,
    catcher: Option<&'a Map>,
}

/// The edges into each state of one `States` object.
fn edges(states: &Map) -> HashMap<&str, Vec<Edge<'_>>> {
    let mut into: HashMap<&str, Vec<Edge<'_>>> = HashMap::new();
    for (name, state) in states.iter() {
        let Value::Object(state) = state else { continue };
        for (target, catcher) in targets(state) {
            into.entry(target).or_default().push(Edge { from: name, state, catcher });
        }
    }
    into
}

/// Where a state goes: `Next`, `Default`, each Choice rule's `Next`, each Catcher's `Next` (with it).
fn targets(state: &Map) -> Vec<(&str, Option<&Map>)> {
    fn next(v: &Value) -> Option<&str> {
        v.get("Next").and_then(Value::as_str)
    }
    let mut out: Vec<(&str, Option<&Map>)> = Vec::new();
    out.extend(["Next", "Default"].iter().filter_map(|k| state.get(k)?.as_str()).map(|t| (t, None)));
    out.extend(
        state.get("Choices").and_then(Value::as_array).into_iter().flatten().filter_map(next).map(|t| (t, None)),
    );
    for catcher in state.get("Catch").and_then(Value::as_array).into_iter().flatten() {
        out.extend(next(catcher).map(|t| (t, catcher.as_object())));
    }
    out
}

/// The inputs worked out so far: per state and depth, a shape per way in.
type Known<'a> = HashMap<(&'a str, usize), Rc<[Shape<'a>]>>;

/// One workflow's graph, and the inputs worked out so far (each state's at each depth once:
/// a state many others lead to is not worked out again for each).
struct Graph<'a> {
    into: HashMap<&'a str, Vec<Edge<'a>>>,
    start: &'a str,
    known: std::cell::RefCell<Known<'a>>,
}

impl<'a> Graph<'a> {
    /// What is known of the input of `name`, following edges back `depth` more steps.
    fn input_shape(&self, name: &'a str, depth: usize) -> Rc<[Shape<'a>]> {
        if let Some(known) = self.known.borrow().get(&(name, depth)) {
            return known.clone();
        }
        let incoming = self.into.get(name).map(Vec::as_slice).unwrap_or_default();
        let shapes: Rc<[Shape<'a>]> =
            if name == self.start || incoming.is_empty() || depth == 0 || incoming.len() > MAX_EDGES {
                Rc::new([Shape::Unknown])
            } else {
                incoming.iter().map(|edge| self.edge_shape(edge, depth - 1)).collect()
            };
        self.known.borrow_mut().insert((name, depth), shapes.clone());
        shapes
    }

    /// What an edge carries: the state's output, or (a Catcher's) its error output put by ResultPath.
    fn edge_shape(&self, edge: &Edge<'a>, depth: usize) -> Shape<'a> {
        let input = || merged(&self.input_shape(edge.from, depth));
        let Some(catcher) = edge.catcher else { return output_shape(edge.state, input) };
        let error = Shape::Object([("Error", Shape::Scalar), ("Cause", Shape::Scalar)].into());
        match catcher.get("ResultPath") {
            None => error,
            Some(Value::Null) => input(),
            Some(Value::String(path)) => steps(path).map_or(Shape::Unknown, |s| input().with(&s, error)),
            Some(_) => Shape::Unknown,
        }
    }
}

/// One shape for several inputs: the same shape, else unknown (only used to look further back).
fn merged<'a>(shapes: &[Shape<'a>]) -> Shape<'a> {
    match shapes.split_first() {
        Some((first, rest)) if rest.iter().all(|s| s == first) => first.clone(),
        _ => Shape::Unknown,
    }
}

/// A state's output, from what is known of its input.
fn output_shape<'a>(state: &'a Map, input: impl Fn() -> Shape<'a>) -> Shape<'a> {
    let kind = state.get("Type").and_then(Value::as_str).unwrap_or_default();
    let effective = || apply_path(input(), state.get("InputPath"));
    let result = match kind {
        "Pass" => match (state.get("Result"), state.get("Parameters")) {
            (Some(result), _) => literal(result),
            (None, Some(parameters)) => template(parameters),
            (None, None) => effective(),
        },
        "Task" | "Map" | "Parallel" => state.get("ResultSelector").map_or(Shape::Unknown, template),
        "Choice" | "Wait" => return apply_path(effective(), state.get("OutputPath")),
        _ => return Shape::Unknown,
    };
    let placed = match state.get("ResultPath") {
        None => result,
        Some(Value::Null) => input(),
        Some(Value::String(path)) => steps(path).map_or(Shape::Unknown, |s| input().with(&s, result)),
        Some(_) => Shape::Unknown,
    };
    apply_path(placed, state.get("OutputPath"))
}

/// A path a state reads: the members of its field below the state (for the warning's pointer),
/// and the path.
struct Read<'a> {
    field: Vec<Cow<'a, str>>,
    path: &'a str,
}

/// The JSONPath paths a state reads: `raw` ones from its input as it arrives, the others after
/// its InputPath.
fn reads(state: &Map) -> (Vec<Read<'_>>, Vec<Read<'_>>) {
    let (mut raw, mut effective) = (Vec::new(), Vec::new());
    let field =
        |key: &'static str| state.get(key).and_then(Value::as_str).map(|path| Read { field: vec![key.into()], path });
    raw.extend(["InputPath", "ErrorPath", "CausePath"].into_iter().filter_map(field));
    effective.extend(["ItemsPath", "SecondsPath", "TimestampPath"].into_iter().filter_map(field));
    for key in ["Parameters", "ItemSelector"] {
        if let Some(template) = state.get(key) {
            template_reads(template, &mut vec![key.into()], &mut effective);
        }
    }
    if let Some(Value::Array(rules)) = state.get("Choices") {
        for (i, rule) in rules.iter().enumerate().filter(|(_, rule)| !mentions(rule, "IsPresent")) {
            rule_reads(rule, &mut vec!["Choices".into(), i.to_string().into()], &mut effective);
        }
    }
    (raw, effective)
}

/// The paths of a payload template's `"….$"` members (a path or an intrinsic's arguments).
fn template_reads<'a>(value: &'a Value, at: &mut Vec<Cow<'a, str>>, out: &mut Vec<Read<'a>>) {
    let Value::Object(map) = value else { return };
    for (key, value) in map.iter() {
        at.push(Cow::Borrowed(key));
        match value {
            Value::String(text) if key.ends_with(".$") => {
                out.extend(paths_in(text).into_iter().map(|path| Read { field: at.clone(), path }));
            }
            Value::Object(_) => template_reads(value, at, out),
            _ => {}
        }
        at.pop();
    }
}

/// The paths of a Choice rule: `Variable` and the `…Path` comparators, through And, Or, Not.
fn rule_reads<'a>(rule: &'a Value, at: &mut Vec<Cow<'a, str>>, out: &mut Vec<Read<'a>>) {
    let Value::Object(map) = rule else { return };
    for (key, value) in map.iter() {
        at.push(Cow::Borrowed(key));
        match value {
            Value::String(path) if &**key == "Variable" || key.ends_with("Path") => {
                out.push(Read { field: at.clone(), path });
            }
            Value::Array(rules) => {
                for (i, rule) in rules.iter().enumerate() {
                    at.push(i.to_string().into());
                    rule_reads(rule, at, out);
                    at.pop();
                }
            }
            Value::Object(_) if &**key == "Not" => rule_reads(value, at, out),
            _ => {}
        }
        at.pop();
    }
}

fn mentions(value: &Value, key: &str) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| &**k == key || mentions(v, key)),
        Value::Array(items) => items.iter().any(|v| mentions(v, key)),
        _ => false,
    }
}

/// The warnings of one workflow's `States` (JSONPath states only).
pub(super) fn paths_not_in_input(fields: &Map, pointer: &str, jsonata: bool, out: &mut Vec<Warning>) {
    let (Some(Value::Object(states)), Some(start)) =
        (fields.get("States"), fields.get("StartAt").and_then(Value::as_str))
    else {
        return;
    };
    let graph = Graph { into: edges(states), start, known: Default::default() };
    for (name, state) in states.iter() {
        let Value::Object(state) = state else { continue };
        let language = state.get("QueryLanguage").and_then(Value::as_str).map_or(jsonata, |l| l == "JSONata");
        let incoming = graph.into.get(&**name).map(Vec::as_slice).unwrap_or_default();
        // Reached only through Catchers without ResultPath: CATCH_WITHOUT_RESULT_PATH says it.
        let only_bare_catches = incoming.iter().all(|e| e.catcher.is_some_and(|c| !c.contains_key("ResultPath")));
        if language || only_bare_catches {
            continue;
        }
        let (raw, after) = reads(state);
        if raw.is_empty() && after.is_empty() {
            continue;
        }
        let inputs = graph.input_shape(name, LOOKBACK);
        if inputs.contains(&Shape::Unknown) {
            continue;
        }
        let effective: Vec<Shape> = inputs.iter().map(|s| apply_path(s.clone(), state.get("InputPath"))).collect();
        let found = raw.iter().map(|r| (r, &inputs[..])).chain(after.iter().map(|r| (r, effective.as_slice())));
        for (read, shapes) in found {
            let needed = leading_steps(read.path);
            if needed.is_empty() || shapes.iter().any(|s| s.can_have(&needed)) {
                continue;
            }
            let at = format!("{pointer}/States/{}", escape_pointer(name));
            out.push(warning(&at, read, &shapes[0], incoming));
        }
    }
}

fn warning(at: &str, read: &Read<'_>, shape: &Shape<'_>, incoming: &[Edge<'_>]) -> Warning {
    let field: Vec<String> = read.field.iter().map(|f| escape_pointer(f).into_owned()).collect();
    let from: Vec<&str> = incoming.iter().map(|e| e.from).collect();
    Warning {
        code: "PATH_NOT_IN_INPUT",
        pointer: format!("{at}/{}", field.join("/")),
        message: format!(
            "{} can never be found: this state's input comes only from {}, whose output has {} here. Reading it fails with States.Runtime when the state runs.",
            read.path,
            from.join(", "),
            shape.names()
        ),
        doc: DOC_PATHS,
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::lint;
    use serde_json::json;

    fn found(definition: serde_json::Value) -> Vec<(String, String)> {
        let warnings = lint(&definition.to_string());
        warnings.into_iter().filter(|w| w.code == "PATH_NOT_IN_INPUT").map(|w| (w.pointer, w.message)).collect()
    }

    #[test]
    fn a_path_outside_a_pass_result_is_found_at_its_field() {
        let definition = json!({"StartAt": "Make", "States": {
            "Make": {"Type": "Pass", "Result": {"order": {"id": 1}}, "Next": "Use"},
            "Use": {"Type": "Pass", "Parameters": {"id.$": "$.order.id", "total.$": "$.order.total", "who.$": "$.customer"}, "End": true}}});
        let warnings = found(definition);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/States/Use/Parameters/total.$", "/States/Use/Parameters/who.$"]);
        assert!(
            warnings[1].1.starts_with(
                "$.customer can never be found: this state's input comes only from Make, whose output has order here"
            ),
            "{}",
            warnings[1].1
        );
    }

    #[test]
    fn result_selector_result_path_and_output_path_shape_the_output() {
        let task = |extra: serde_json::Value| {
            let mut t = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
                "ResultSelector": {"status.$": "$.Payload.status", "kind": "ack"}});
            for (k, v) in extra.as_object().unwrap() {
                t[k] = v.clone();
            }
            json!({"StartAt": "Call", "States": {"Call": t,
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "ok", "Next": "Done"}], "Default": "Done"},
                "Done": {"Type": "Succeed"}}})
        };
        assert!(found(task(json!({}))).is_empty(), "the selector's status is read");
        // Put beside an unknown input: nothing can be said about the rest.
        assert!(found(task(json!({"ResultPath": "$.call"}))).is_empty());
        assert!(found(task(json!({"ResultPath": "$", "OutputPath": "$.status"}))).is_empty(), "the status is unknown");
        let nested = found(task(json!({"ResultPath": "$", "OutputPath": "$.kind"})));
        assert_eq!(nested.len(), 1, "the output is the string \"ack\" itself: {nested:?}");
        assert_eq!(nested[0].0, "/States/Check/Choices/0/Variable");
    }

    #[test]
    fn pass_through_states_are_followed_back_and_unknown_inputs_are_never_reported() {
        let definition = json!({"StartAt": "Seed", "States": {
            "Seed": {"Type": "Pass", "Parameters": {"a": 1}, "Next": "Pause"},
            "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Read"},
            "Read": {"Type": "Pass", "InputPath": "$.b", "End": true}}});
        let warnings = found(definition);
        assert_eq!(warnings.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["/States/Read/InputPath"]);
        // The start state's input is the execution's: unknown.
        let start = json!({"StartAt": "Read", "States": {"Read": {"Type": "Pass", "InputPath": "$.b", "End": true}}});
        assert!(found(start).is_empty());
        // Two ways in, one of which has the path: fine.
        let two = json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "A"}], "Default": "B"},
            "A": {"Type": "Pass", "Result": {"v": 1}, "Next": "Use"},
            "B": {"Type": "Pass", "Result": {"w": 1}, "Next": "Use"},
            "Use": {"Type": "Pass", "InputPath": "$.v", "End": true}}});
        assert!(found(two).is_empty());
    }

    #[test]
    fn a_path_of_a_hundred_thousand_members_is_read_without_exhausting_the_stack() {
        let long = format!("$.{}", vec!["a"; 100_000].join("."));
        let definition = json!({"StartAt": "Seed", "States": {
            "Seed": {"Type": "Pass", "Result": {"b": 1}, "ResultPath": long.clone(), "Next": "Read"},
            "Read": {"Type": "Pass", "InputPath": long, "End": true}}});
        // Seed's ResultPath is too long to follow: Read's input is unknown, nothing is reported.
        assert!(found(definition).is_empty());
        let definition = json!({"StartAt": "Seed", "States": {
            "Seed": {"Type": "Pass", "Result": {"b": 1}, "Next": "Read"},
            "Read": {"Type": "Pass", "Parameters": {"x.$": format!("$.{}", vec!["a"; 100_000].join("."))}, "End": true}}});
        assert_eq!(found(definition).len(), 1, "its first member is not in {{b}}");
    }

    #[test]
    fn a_catch_with_result_path_null_or_is_present_guards_are_understood() {
        let definition = json!({"StartAt": "Seed", "States": {
            "Seed": {"Type": "Pass", "Result": {"id": 1}, "Next": "Try"},
            "Try": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "ResultSelector": {"sent": true}, "Next": "After",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": null, "Next": "Recover"}]},
            "Recover": {"Type": "Pass", "Parameters": {"id.$": "$.id", "missing.$": "$.nope"}, "End": true},
            "After": {"Type": "Choice", "Choices": [{"Variable": "$.other", "IsPresent": true, "Next": "Recover"}], "Default": "Recover"}}});
        let warnings = found(definition);
        // Recover: from Try's Catch (input kept: {id}) and from After (Try's output {sent}): $.id is in one, $.nope in none.
        assert_eq!(
            warnings.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            ["/States/Recover/Parameters/missing.$"]
        );
    }
}

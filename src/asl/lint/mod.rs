//! Gotchas: warnings about definitions that load (AWS accepts them) but do not do what their
//! author most likely means. Each warning has a code, a located pointer, a plain explanation, the
//! AWS documentation page that says why, and, where the change is safe, a quick fix.
//!
//! Rules:
//! - `CATCH_WITHOUT_RESULT_PATH`: a JSONPath Catch without `ResultPath` replaces the state's input
//!   with the error output (`{"Error", "Cause"}`), so a next state reading other paths of the input
//!   fails with States.Runtime (the order example's ThrottledFourTimes test case). Fix: `"ResultPath": "$.error"`.
//! - `RUNTIME_NEVER_CAUGHT`: `States.Runtime` in a Retrier's or Catcher's `ErrorEquals`: it is never
//!   retried nor caught, not even by name (AWS-recorded; see `asl::error_matches`).
//! - `TASK_WITHOUT_TIMEOUT`: a Task without `TimeoutSeconds(Path)` waits as long as the service
//!   takes (a year for callbacks): AWS's best practice is to set one.
//! - `LAMBDA_WITHOUT_RETRY`: a Lambda task without a Retrier for Lambda's transient errors
//!   (`Lambda.ServiceException`, `Lambda.AWSLambdaException`, `Lambda.SdkClientException`,
//!   `Lambda.TooManyRequestsException`), which AWS recommends. Fix: AWS's recommended Retrier.
//! - `JSONATA_EVAL`: `$eval` in a JSONata expression: Step Functions does not support it (a
//!   States.QueryEvaluationError when it runs).
//! - `PATH_NOT_IN_INPUT`: a JSONPath a state reads that none of its inputs can have, where the
//!   definition fixes the shape of what leads to it (see `paths`).
//! - `EXPRESS_INCOMPATIBLE`: in a Distributed Map whose child executions are Express, a Task
//!   with `.sync` or `.waitForTaskToken` (Express workflows support Request Response
//!   integrations only: "Integrating optimized services with Step Functions"), or a Wait longer
//!   than an Express execution may last (five minutes, "Step Functions service quotas"). Fix:
//!   `"ExecutionType": "STANDARD"`.

use json_value::{Map, Value};
use serde_json::json;

use super::escape_pointer;

mod paths;

/// A warning about a definition that loads.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Which rule (`CATCH_WITHOUT_RESULT_PATH`, …).
    pub code: &'static str,
    /// Where: a JSON pointer into the definition.
    pub pointer: String,
    /// What happens, in plain words.
    pub message: String,
    /// The AWS documentation page that explains it.
    pub doc: &'static str,
    /// A safe edit that removes the warning.
    pub fix: Option<Fix>,
}

/// An edit of the definition: set `key` to `value` in the object at `pointer`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What the button says.
    pub label: String,
    /// The object to change.
    pub pointer: String,
    /// Its member to set.
    pub key: String,
    /// The member's new value.
    pub value: serde_json::Value,
}

const DOC_ERRORS: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html";
const DOC_RESULT_PATH: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html";
const DOC_TIMEOUTS: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/sfn-best-practices.html";
const DOC_LAMBDA_RETRY: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html";
const DOC_EXPRESS: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html";
const DOC_JSONATA: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html";

/// Lambda's transient errors, as AWS's recommended Retrier lists them.
const LAMBDA_TRANSIENT: [&str; 4] = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// The warnings of a definition's text (none when it is not JSON: YAML and broken text are the
/// loader's business).
pub fn lint(text: &str) -> Vec<Warning> {
    match super::Source::read(text) {
        Ok(source) if source.format == super::Format::Json => lint_document(&source.value),
        _ => Vec::new(),
    }
}

/// The warnings of a definition already read (the document the loader read).
pub fn lint_document(root: &Value) -> Vec<Warning> {
    let Value::Object(root) = root else { return Vec::new() };
    let jsonata = root.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    let mut warnings = Vec::new();
    workflow(root, "", jsonata, &mut warnings);
    warnings
}

/// The states of a workflow (the top level, a branch, an item processor), and theirs.
fn workflow(fields: &Map, pointer: &str, jsonata: bool, out: &mut Vec<Warning>) {
    let Some(Value::Object(states)) = fields.get("States") else { return };
    paths::paths_not_in_input(fields, pointer, jsonata, out);
    for (name, state) in states {
        let Value::Object(state) = state else { continue };
        let at = format!("{pointer}/States/{}", escape_pointer(name));
        let language = match state.get("QueryLanguage").and_then(Value::as_str) {
            Some(language) => language == "JSONata",
            None => jsonata,
        };
        self::state(state, states, &at, language, out);
        for (key, inner) in nested(state) {
            workflow(inner, &format!("{at}/{key}"), language, out);
        }
    }
}

/// A Parallel's branches and a Map's processor, with their pointers below the state.
fn nested(state: &Map) -> Vec<(String, &Map)> {
    let mut inner = Vec::new();
    if let Some(Value::Array(branches)) = state.get("Branches") {
        inner.extend(branches.iter().enumerate().filter_map(|(i, b)| Some((format!("Branches/{i}"), b.as_object()?))));
    }
    for key in ["ItemProcessor", "Iterator"] {
        if let Some(Value::Object(processor)) = state.get(key) {
            inner.push((key.to_owned(), processor));
        }
    }
    inner
}

fn state(state: &Map, siblings: &Map, at: &str, jsonata: bool, out: &mut Vec<Warning>) {
    if !jsonata {
        catches_without_result_path(state, siblings, at, out);
    }
    runtime_in_error_equals(state, at, out);
    if state.get("Type").and_then(Value::as_str) == Some("Task") {
        task(state, at, out);
    }
    express_children(state, at, out);
    if jsonata && state.values().flat_map(strings).any(|s| s.contains("$eval(")) {
        out.push(Warning {
            code: "JSONATA_EVAL",
            pointer: at.to_owned(),
            message: "$eval is not available in Step Functions' JSONata: this expression fails with States.QueryEvaluationError when it runs.".into(),
            doc: DOC_JSONATA,
            fix: None,
        });
    }
}

fn catches_without_result_path(state: &Map, siblings: &Map, at: &str, out: &mut Vec<Warning>) {
    let Some(Value::Array(catchers)) = state.get("Catch") else { return };
    for (i, catcher) in catchers.iter().enumerate() {
        let Some(catcher) = catcher.as_object().filter(|c| !c.contains_key("ResultPath")) else { continue };
        let next = catcher.get("Next").and_then(Value::as_str).unwrap_or_default();
        let Some(read) = siblings.get(next).and_then(|s| input_paths(s).into_iter().next()) else { continue };
        out.push(Warning {
            code: "CATCH_WITHOUT_RESULT_PATH",
            pointer: format!("{at}/Catch/{i}"),
            message: format!(
                "This Catch has no ResultPath, so the error output ({{\"Error\", \"Cause\"}}) replaces the state's input; \"{next}\" then reads {read}, which the error output does not have, and fails with States.Runtime. Add \"ResultPath\": \"$.error\" to keep the input and put the error beside it."
            ),
            doc: DOC_RESULT_PATH,
            fix: Some(Fix {
                label: "Add \"ResultPath\": \"$.error\"".into(),
                pointer: format!("{at}/Catch/{i}"),
                key: "ResultPath".into(),
                value: json!("$.error"),
            }),
        });
    }
}

/// The JSONPath paths a state reads from its input other than the error output's own
/// (`$.Error`, `$.Cause`): `"….$"` values and path fields.
fn input_paths(state: &Value) -> Vec<String> {
    let mut paths = Vec::new();
    collect_paths(state, &mut paths);
    paths.retain(|p| p.starts_with("$.") && !matches!(p.as_str(), "$.Error" | "$.Cause"));
    paths
}

fn collect_paths(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let reads = key.ends_with(".$") || key.ends_with("Path") || &**key == "Variable";
                match value {
                    Value::String(text) if reads => out.extend(paths_in(text).into_iter().map(str::to_owned)),
                    _ => collect_paths(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_paths(v, out)),
        _ => {}
    }
}

/// The `$.a.b` paths in a path or an intrinsic call (not the context object's `$$.…`).
fn paths_in(text: &str) -> Vec<&str> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("$.") {
        let len = rest[at..].find([',', ')', ' ', '\'']).unwrap_or(rest.len() - at);
        let context = rest[..at].ends_with('$');
        if !context {
            paths.push(&rest[at..at + len]);
        }
        rest = &rest[at + len.max(2)..];
    }
    paths
}

fn runtime_in_error_equals(state: &Map, at: &str, out: &mut Vec<Warning>) {
    for field in ["Retry", "Catch"] {
        let Some(Value::Array(rules)) = state.get(field) else { continue };
        for (i, rule) in rules.iter().enumerate() {
            let names = rule.get("ErrorEquals").and_then(Value::as_array);
            if names.is_some_and(|n| n.iter().any(|e| e.as_str() == Some("States.Runtime"))) {
                let what = if field == "Retry" { "retried" } else { "caught" };
                out.push(Warning {
                    code: "RUNTIME_NEVER_CAUGHT",
                    pointer: format!("{at}/{field}/{i}/ErrorEquals"),
                    message: format!("States.Runtime is never {what}, not even by name: it means the definition's data flow is broken (a path that finds nothing, a wrong type), which no retry can mend. States.ALL does not match it either."),
                    doc: DOC_ERRORS,
                    fix: None,
                });
            }
        }
    }
}

fn task(state: &Map, at: &str, out: &mut Vec<Warning>) {
    if !state.contains_key("TimeoutSeconds") && !state.contains_key("TimeoutSecondsPath") {
        out.push(Warning {
            code: "TASK_WITHOUT_TIMEOUT",
            pointer: at.to_owned(),
            message: "This Task has no TimeoutSeconds: if the service never answers, the execution waits (up to a year). AWS recommends a timeout on every Task.".into(),
            doc: DOC_TIMEOUTS,
            fix: None,
        });
    }
    let resource = state.get("Resource").and_then(Value::as_str).unwrap_or_default();
    let lambda =
        resource.contains(":lambda:") && (resource.contains(":function:") || resource.ends_with("lambda:invoke"));
    if lambda && !retries_lambda_errors(state) {
        out.push(Warning {
            code: "LAMBDA_WITHOUT_RETRY",
            pointer: at.to_owned(),
            message: "This Lambda task does not retry Lambda's transient errors (Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.TooManyRequestsException), which AWS recommends: an occasional throttle or service hiccup then fails the state.".into(),
            doc: DOC_LAMBDA_RETRY,
            fix: (!state.contains_key("Retry")).then(|| Fix {
                label: "Add AWS's recommended Retry".into(),
                pointer: at.to_owned(),
                key: "Retry".into(),
                value: json!([{"ErrorEquals": LAMBDA_TRANSIENT, "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL"}]),
            }),
        });
    }
}

/// A Distributed Map with Express child executions: what they cannot do.
fn express_children(state: &Map, at: &str, out: &mut Vec<Warning>) {
    let Some(Value::Object(processor)) = state.get("ItemProcessor") else { return };
    let config = processor.get("ProcessorConfig");
    let field = |key: &str| config.and_then(|c| c.get(key)).and_then(Value::as_str);
    if field("Mode") != Some("DISTRIBUTED") || field("ExecutionType") != Some("EXPRESS") {
        return;
    }
    let config_at = format!("{at}/ItemProcessor/ProcessorConfig");
    let mut stack = vec![(processor, format!("{at}/ItemProcessor"))];
    while let Some((workflow, pointer)) = stack.pop() {
        let Some(Value::Object(states)) = workflow.get("States") else { continue };
        for (name, inner) in states.iter() {
            let Value::Object(inner) = inner else { continue };
            let here = format!("{pointer}/States/{}", escape_pointer(name));
            if let Some(why) = express_gotcha(inner) {
                out.push(Warning {
                    code: "EXPRESS_INCOMPATIBLE",
                    pointer: here.clone(),
                    message: format!("This Distributed Map runs its items as Express child executions, and this state {why}. Run them as Standard executions, or change the state."),
                    doc: DOC_EXPRESS,
                    fix: Some(Fix { label: "Use Standard child executions".into(), pointer: config_at.clone(), key: "ExecutionType".into(), value: json!("STANDARD") }),
                });
            }
            stack.extend(nested(inner).into_iter().map(|(key, workflow)| (workflow, format!("{here}/{key}"))));
        }
    }
}

/// What an Express execution cannot do in this state, in words.
fn express_gotcha(state: &Map) -> Option<String> {
    let resource = state.get("Resource").and_then(Value::as_str).unwrap_or_default();
    let seconds = state.get("Seconds").and_then(Value::as_f64).unwrap_or_default();
    match state.get("Type").and_then(Value::as_str) {
        Some("Task") if resource.ends_with(".waitForTaskToken") => {
            Some("waits for a callback (.waitForTaskToken), which Express workflows do not support".into())
        }
        Some("Task") if resource.contains(".sync") => {
            Some("waits for a job to finish (.sync), which Express workflows do not support".into())
        }
        Some("Wait") if seconds > 300.0 => {
            Some(format!("waits {seconds} s, longer than an Express execution may run (five minutes)"))
        }
        _ => None,
    }
}

/// Whether some Retrier covers Lambda.ServiceException (or everything).
fn retries_lambda_errors(state: &Map) -> bool {
    let Some(Value::Array(retriers)) = state.get("Retry") else { return false };
    retriers
        .iter()
        .filter_map(|r| r.get("ErrorEquals")?.as_array())
        .flatten()
        .any(|e| matches!(e.as_str(), Some("States.ALL" | "States.TaskFailed" | "Lambda.ServiceException")))
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![&**s],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// The definition with `fix` applied, pretty-printed (as Format prints it); why not, when the
/// text no longer has the object the fix names.
pub fn apply(text: &str, fix: &Fix) -> Result<String, String> {
    use serde_json::Value;
    let mut root: Value = serde_json::from_str(text).map_err(|e| format!("the definition is not JSON: {e}"))?;
    let target = root
        .pointer_mut(&fix.pointer)
        .and_then(Value::as_object_mut)
        .ok_or("the definition changed; nothing was edited")?;
    target.insert(fix.key.clone(), fix.value.clone());
    serde_json::to_string_pretty(&root).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn codes(definition: Value) -> Vec<(&'static str, String)> {
        lint(&definition.to_string()).into_iter().map(|w| (w.code, w.pointer)).collect()
    }

    #[test]
    fn the_order_examples_catch_without_result_path_is_found_and_fixed() {
        let text = crate::examples::order().definition;
        let warnings = lint(text);
        let catch = warnings.iter().find(|w| w.code == "CATCH_WITHOUT_RESULT_PATH").expect("the seed's gotcha");
        assert_eq!(catch.pointer, "/States/CheckInventory/Catch/0");
        assert!(catch.message.contains("\"NotifyFailure\" then reads $.orderId"), "{}", catch.message);
        let fixed = apply(text, catch.fix.as_ref().expect("a fix")).expect("applies");
        assert!(lint(&fixed).iter().all(|w| w.code != "CATCH_WITHOUT_RESULT_PATH"));
        let machine = crate::asl::load(&fixed).expect("still valid");
        assert_eq!(machine.state_names().len(), 6);
    }

    #[test]
    fn each_rule_fires_where_it_should_and_only_there() {
        let task = |extra: Value| {
            let mut t =
                json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "TimeoutSeconds": 5});
            for (k, v) in extra.as_object().unwrap() {
                t[k] = v.clone();
            }
            json!({"StartAt": "T", "States": {"T": t}})
        };
        assert_eq!(codes(task(json!({"Retry": [{"ErrorEquals": ["States.ALL"]}]}))), vec![]);
        assert_eq!(codes(task(json!({}))), vec![("LAMBDA_WITHOUT_RETRY", "/States/T".to_owned())]);
        let runtime = task(json!({"Retry": [{"ErrorEquals": ["States.Runtime", "States.ALL"]}]}));
        assert_eq!(codes(runtime), vec![("RUNTIME_NEVER_CAUGHT", "/States/T/Retry/0/ErrorEquals".to_owned())]);
        let no_timeout = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}});
        assert_eq!(codes(no_timeout), vec![("TASK_WITHOUT_TIMEOUT", "/States/T".to_owned())]);
        let eval = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $eval('1') %}", "End": true}}});
        assert_eq!(codes(eval), vec![("JSONATA_EVAL", "/States/P".to_owned())]);
        // Inside a Map's processor too, with its pointer.
        let nested = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}}}});
        assert_eq!(codes(nested), vec![("TASK_WITHOUT_TIMEOUT", "/States/M/ItemProcessor/States/T".to_owned())]);
    }

    #[test]
    fn express_children_of_a_distributed_map_cannot_wait_for_callbacks_jobs_or_long() {
        let map = |execution: &str, inner: Value| {
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution},
                "StartAt": "X", "States": {"X": inner}}}}})
        };
        let callback = json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 60, "End": true});
        let definition = map("EXPRESS", callback.clone());
        let warnings: Vec<Warning> =
            lint(&definition.to_string()).into_iter().filter(|w| w.code == "EXPRESS_INCOMPATIBLE").collect();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/States/M/ItemProcessor/States/X");
        let fixed = apply(&definition.to_string(), warnings[0].fix.as_ref().expect("a fix")).expect("applies");
        assert!(lint(&fixed).iter().all(|w| w.code != "EXPRESS_INCOMPATIBLE"));
        assert!(codes(map("STANDARD", callback)).iter().all(|(code, _)| *code != "EXPRESS_INCOMPATIBLE"));
        let long_wait = codes(map("EXPRESS", json!({"Type": "Wait", "Seconds": 600, "End": true})));
        assert_eq!(long_wait, vec![("EXPRESS_INCOMPATIBLE", "/States/M/ItemProcessor/States/X".to_owned())]);
        let job = codes(map(
            "EXPRESS",
            json!({"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "TimeoutSeconds": 60, "End": true}),
        ));
        assert_eq!(job, vec![("EXPRESS_INCOMPATIBLE", "/States/M/ItemProcessor/States/X".to_owned())]);
    }

    #[test]
    fn a_context_object_path_is_not_read_from_the_input() {
        let definition = json!({"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "TimeoutSeconds": 5, "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Report"}]},
            "Report": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "why.$": "States.Format('{}', $$.State.Name)"}, "End": true}}});
        assert_eq!(codes(definition), vec![]);
    }

    #[test]
    fn a_catch_whose_next_state_reads_only_the_error_is_fine() {
        let definition = json!({"StartAt": "T", "States": {
            "T": {"Type": "Pass", "End": true},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}], "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Report"}]},
            "Report": {"Type": "Pass", "Parameters": {"why.$": "$.Cause"}, "End": true}}});
        assert_eq!(codes(definition), vec![]);
    }
}

//! A callback payload that works: what to pre-fill Send success with for a `.waitForTaskToken`
//! task, read from the definition. When the task's next state is a Choice whose first rule reads
//! the task's result (`ResultPath` `$.decision`, rule `$.decision.approved == true`), the payload
//! satisfies that rule (`{"approved": true}`); otherwise `{}`.

use serde_json::{json, Map, Value};

/// The payload to pre-fill for the task state `state` (anywhere in the definition).
pub fn sample_output(definition: &str, state: &str) -> String {
    let Ok(root) = serde_json::from_str::<Value>(definition) else { return "{}".into() };
    let sample = find_states(&root, state).and_then(|(task, states)| from_next_choice(task, states));
    serde_json::to_string(&sample.unwrap_or_else(|| json!({}))).unwrap_or_else(|_| "{}".into())
}

/// The state called `name` and the `States` it is in (branches and processors searched too).
fn find_states<'v>(workflow: &'v Value, name: &str) -> Option<(&'v Value, &'v Map<String, Value>)> {
    let states = workflow.get("States")?.as_object()?;
    if let Some(state) = states.get(name) {
        return Some((state, states));
    }
    states.values().find_map(|state| {
        let branches = state.get("Branches").and_then(Value::as_array).into_iter().flatten();
        let processors = ["ItemProcessor", "Iterator"].into_iter().filter_map(|k| state.get(k));
        branches.chain(processors).find_map(|inner| find_states(inner, name))
    })
}

fn from_next_choice(task: &Value, states: &Map<String, Value>) -> Option<Value> {
    let next = states.get(task.get("Next")?.as_str()?)?;
    let rule = next.get("Choices")?.as_array()?.first()?;
    let variable = rule.get("Variable")?.as_str()?;
    let result_path = task.get("ResultPath").and_then(Value::as_str).unwrap_or("$");
    let relative = match result_path {
        "$" => variable.strip_prefix("$.")?,
        prefix => variable.strip_prefix(prefix)?.strip_prefix('.')?,
    };
    let value = satisfying(rule)?;
    Some(relative.rsplit('.').fold(value, |inner, key| json!({ key: inner })))
}

/// A value the rule's comparison accepts.
fn satisfying(rule: &Value) -> Option<Value> {
    let rule = rule.as_object()?;
    let (operator, operand) =
        rule.iter().find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next" | "Comment" | "Assign"))?;
    let n = operand.as_f64().unwrap_or(0.0);
    Some(match operator.as_str() {
        "NumericLessThan" => json!(n - 1.0),
        "NumericGreaterThan" => json!(n + 1.0),
        "IsPresent" | "IsBoolean" => json!(true),
        "IsString" => json!("text"),
        "IsNumeric" => json!(1),
        _ if operator.ends_with("Path") => return None,
        _ => operand.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_human_approval_example_gets_an_approval() {
        let definition = include_str!("../../../static/examples/human-approval/definition.asl.json");
        assert_eq!(sample_output(definition, "RequestApproval"), r#"{"approved":true}"#);
    }

    #[test]
    fn without_a_choice_reading_the_result_it_is_an_empty_object() {
        let definition = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}"#;
        assert_eq!(sample_output(definition, "T"), "{}");
        assert_eq!(sample_output("not json", "T"), "{}");
        let whole = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "ok", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#;
        assert_eq!(sample_output(whole, "T"), r#"{"status":"ok"}"#);
    }
}

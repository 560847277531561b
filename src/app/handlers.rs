//! Which Lambda functions a definition calls, so each gets a handler snippet: the user's, or a
//! generated echo handler they can edit.

use json_value::Value;

use crate::asl::{StateKind, StateMachine};
use crate::data::jsonata::template::JsonataTemplate;
use crate::data::payload::Template;
use crate::engine::task::Pattern;
use crate::examples::Handler;
use crate::host::lambda::function_name;

/// The snippet a function gets until the user writes one: it returns its event.
pub const ECHO_HANDLER: &str = "// A generated handler: it returns the event it receives. Edit it to mock the function.\nexport const handler = async (event, context) => {\n  return event;\n};\n";

/// The Lambda functions `machine` calls (by name), in definition order, without repeats.
pub fn called_functions(machine: &StateMachine) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for state in machine.all_states() {
        let StateKind::Task(task) = &state.kind else { continue };
        let resource = &task.resource;
        let name = if resource.is_lambda_function() {
            Some(function_name(&resource.arn))
        } else if resource.is_lambda_invoke() {
            literal_function_name(state.io.parameters.as_ref(), state.arguments.as_ref())
        } else {
            None
        };
        if let Some(name) = name.filter(|n| !names.contains(n)) {
            names.push(name);
        }
    }
    names
}

/// A non-Lambda integration's mocked answer (the text of a JSON document, as the user edits it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticResponse {
    /// The Task's `Resource`.
    pub resource: String,
    /// The response, as JSON text.
    pub text: String,
}

/// The resources other than Lambda and SNS publish that `machine` calls (callback tasks excluded:
/// the user answers those at run time).
pub fn other_integrations(machine: &StateMachine) -> Vec<String> {
    let mut resources: Vec<String> = Vec::new();
    for state in machine.all_states() {
        let StateKind::Task(task) = &state.kind else { continue };
        let r = &task.resource;
        let sns = &*r.resource_type == "sns" && r.resource.starts_with("publish");
        let callback = r.pattern == Pattern::WaitForTaskToken;
        if !(r.is_lambda_function()
            || r.is_lambda_invoke()
            || sns
            || callback
            || resources.iter().any(|known| **known == *r.arn))
        {
            resources.push(r.arn.to_string());
        }
    }
    resources
}

/// `responses` plus `{}` for each integration that has none (nothing is removed).
pub fn with_static_responses(mut responses: Vec<StaticResponse>, resources: &[String]) -> Vec<StaticResponse> {
    for resource in resources {
        if !responses.iter().any(|r| &r.resource == resource) {
            responses.push(StaticResponse { resource: resource.clone(), text: "{}".to_owned() });
        }
    }
    responses
}

/// `FunctionName` when the definition writes it out (not when a path computes it).
fn literal_function_name(parameters: Option<&Template>, arguments: Option<&JsonataTemplate>) -> Option<String> {
    let value = match (parameters, arguments) {
        (Some(Template::Literal(Value::Object(map))), _) | (_, Some(JsonataTemplate::Literal(Value::Object(map)))) => {
            map.get("FunctionName").cloned()
        }
        (Some(Template::Object(object)), _) => object.fields.iter().find_map(|(k, t)| match (&**k, t) {
            ("FunctionName", Template::Literal(v)) => Some(v.clone()),
            _ => None,
        }),
        (_, Some(JsonataTemplate::Object(fields))) => fields.iter().find_map(|(k, t)| match (&**k, t) {
            ("FunctionName", JsonataTemplate::Literal(v)) => Some(v.clone()),
            _ => None,
        }),
        _ => None,
    };
    value.as_ref().and_then(Value::as_str).map(function_name)
}

/// `handlers` plus an echo handler for each called function that has none (nothing is removed).
pub fn with_echo_handlers(mut handlers: Vec<Handler>, called: &[String]) -> Vec<Handler> {
    for name in called {
        if !handlers.iter().any(|h| &h.function_name == name) {
            handlers.push(Handler { function_name: name.clone(), source: ECHO_HANDLER.to_owned() });
        }
    }
    handlers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::load;

    #[test]
    fn finds_the_functions_a_definition_calls() {
        let order = load(crate::examples::order().definition).expect("valid");
        assert_eq!(called_functions(&order), ["validateOrder", "checkInventory", "processPayment"]);
        let jsonata = load(crate::examples::order_jsonata().definition).expect("valid");
        assert_eq!(called_functions(&jsonata), ["validateOrder", "checkInventory", "processPayment"]);
        let direct = load(
            r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:inner:live","End":true}}}]}}}"#,
        );
        assert_eq!(called_functions(&direct.expect("valid")), ["inner"]);
    }

    #[test]
    fn other_integrations_get_a_static_response() {
        let machine = load(
            &serde_json::json!({"StartAt": "A", "States": {
                "A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Next": "B"},
                "B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "C"},
                "C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}
            }})
            .to_string(),
        )
        .expect("valid");
        let resources = other_integrations(&machine);
        assert_eq!(resources, ["arn:aws:states:::dynamodb:putItem"]);
        let responses = with_static_responses(Vec::new(), &resources);
        assert_eq!(responses, [StaticResponse { resource: resources[0].clone(), text: "{}".into() }]);
    }

    #[test]
    fn new_functions_get_an_echo_handler_and_nothing_is_lost() {
        let handlers = crate::examples::order().handlers;
        let more = with_echo_handlers(handlers.clone(), &["checkInventory".into(), "shipOrder".into()]);
        assert_eq!(more.len(), 4);
        assert_eq!(more[..3], handlers[..]);
        assert_eq!((more[3].function_name.as_str(), more[3].source.as_str()), ("shipOrder", ECHO_HANDLER));
    }
}

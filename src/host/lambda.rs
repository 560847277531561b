//! The browser host's answers, as pure functions: which handler snippet a task calls, how a
//! handler's result or error becomes the task's result (as Lambda and Step Functions shape them),
//! and the built-in SNS publish.

use json_value::{json, Value};

use crate::engine::task::{lambda_error_cause, lambda_invoke_response, Resource};
use crate::engine::{Invocation, TaskResult};

/// What a task calls.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A Lambda function (by its name) with this event.
    Lambda {
        /// The function's name (from the ARN or `FunctionName`).
        function: String,
        /// The event the handler receives.
        event: Value,
    },
    /// `arn:aws:states:::sns:publish`.
    SnsPublish,
    /// Any other integration: answered with an empty response.
    Other,
}

/// What `invocation` calls.
pub fn target(invocation: &Invocation) -> Target {
    let resource = &invocation.resource;
    if resource.is_lambda_function() || resource.is_lambda_invoke() {
        return Target::Lambda { function: lambda_function(invocation), event: lambda_event(invocation) };
    }
    if &*resource.resource_type == "sns" && resource.resource.starts_with("publish") {
        return Target::SnsPublish;
    }
    Target::Other
}

/// The function a Lambda task calls: from its ARN, or `lambda:invoke`'s `FunctionName`.
pub fn lambda_function(invocation: &Invocation) -> String {
    let resource = &invocation.resource;
    if resource.is_lambda_function() {
        return function_name(&resource.arn);
    }
    function_name(invocation.payload.get("FunctionName").and_then(Value::as_str).unwrap_or_default())
}

/// The event a Lambda task's handler gets: the payload, or `lambda:invoke`'s `Payload`.
pub fn lambda_event(invocation: &Invocation) -> Value {
    if invocation.resource.is_lambda_function() {
        return invocation.payload.clone();
    }
    invocation.payload.get("Payload").cloned().unwrap_or_else(|| json!({}))
}

/// `arn:aws:lambda:us-east-1:123:function:name:alias` → `name`; a bare name stays as it is.
pub fn function_name(arn_or_name: &str) -> String {
    match arn_or_name.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest).to_owned(),
        None => arn_or_name.to_owned(),
    }
}

/// A handler's return value as the task result: `lambda:invoke` wraps it as AWS does.
pub fn returned(resource: &Resource, value: Value) -> TaskResult {
    if resource.is_lambda_invoke() {
        TaskResult::Succeeded(lambda_invoke_response(value))
    } else {
        TaskResult::Succeeded(value)
    }
}

/// A thrown error: its `name` becomes the ASL error, the Lambda error document the cause.
pub fn threw(error_type: &str, message: &str) -> TaskResult {
    TaskResult::failed(error_type, lambda_error_cause(error_type, message))
}

/// What a handler snippet did, as the host that ran it reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum HandlerReply {
    /// It returned: the JSON text of its value (`JSON.stringify`, `undefined` as `null`, as the
    /// Node.js runtime sends it).
    Returned(String),
    /// It threw, or its module did not load: the error's `name` and `message`.
    Threw {
        /// `err.name` (e.g. `TypeError`, `Runtime.UserCodeSyntaxError`).
        error_type: String,
        /// `err.message`.
        message: String,
    },
    /// It ran past its time limit and was stopped.
    TimedOut {
        /// The limit, in milliseconds.
        limit_ms: u32,
    },
}

impl HandlerReply {
    /// The task result of this reply to a call of `resource`: a result that is not JSON fails
    /// the task saying so (the engine then applies its own size and depth limits).
    pub fn into_task_result(self, resource: &Resource) -> TaskResult {
        match self {
            HandlerReply::Returned(text) => match parse_result(&text) {
                Ok(value) => returned(resource, value),
                Err(why) => threw(INVALID_RESULT, &format!("The handler's result is not JSON ({why}).")),
            },
            HandlerReply::Threw { error_type, message } => threw(&error_type, &message),
            HandlerReply::TimedOut { limit_ms } => timed_out(f64::from(limit_ms) / 1000.0),
        }
    }
}

/// The error of a handler result that is not JSON (not an AWS name: the host broke its contract).
pub const INVALID_RESULT: &str = "Playground.InvalidResult";

/// A handler's JSON text as a value, however deep: the parse is iterative, and the engine fails
/// the task when the value nests deeper than its limit, as it does for any task result.
fn parse_result(text: &str) -> Result<Value, json_value::ParseError> {
    let options = json_value::ParseOptions { max_depth: text.len().max(1), reject_duplicate_keys: false };
    json_value::from_str_with(text, options)
}

/// A handler stopped at its time limit, as Lambda reports a timeout (`Sandbox.Timedout`).
pub fn timed_out(limit_seconds: f64) -> TaskResult {
    let message = format!("Task timed out after {limit_seconds:.2} seconds");
    TaskResult::failed("Sandbox.Timedout", json!({"errorMessage": message}).to_string())
}

/// An SNS message the playground shows in its outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    /// `TopicArn`.
    pub topic: String,
    /// `Subject`, if any.
    pub subject: Option<String>,
    /// `Message`.
    pub message: Value,
    /// `MessageId` the mock answered.
    pub message_id: String,
    /// Virtual time of the publish, epoch milliseconds.
    pub at: i64,
}

/// `sns:publish`: the message for the outbox and the response AWS's integration returns.
pub fn sns_publish(payload: &Value, message_id: String, at: i64) -> (OutboxMessage, TaskResult) {
    let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
    let message = OutboxMessage {
        topic: text("TopicArn").unwrap_or_default(),
        subject: text("Subject"),
        message: payload.get("Message").cloned().unwrap_or(Value::Null),
        message_id: message_id.clone(),
        at,
    };
    let response = json!({"MessageId": message_id, "SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "00000000-0000-0000-0000-000000000000"}});
    (message, TaskResult::Succeeded(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(resource: &str, payload: Value) -> Invocation {
        Invocation {
            ticket: 1,
            state_name: "S".into(),
            resource: Resource::parse(resource),
            payload,
            attempt: 1,
            task_token: None,
            started_event: 0,
        }
    }

    #[test]
    fn finds_the_handler_a_task_calls() {
        let invoke = invocation(
            "arn:aws:states:::lambda:invoke",
            json!({"FunctionName": "arn:aws:lambda:us-east-1:1:function:checkInventory:$LATEST", "Payload": {"q": 1}}),
        );
        assert_eq!(target(&invoke), Target::Lambda { function: "checkInventory".into(), event: json!({"q": 1}) });
        let direct = invocation("arn:aws:lambda:us-east-1:1:function:f", json!({"a": 1}));
        assert_eq!(target(&direct), Target::Lambda { function: "f".into(), event: json!({"a": 1}) });
        assert_eq!(target(&invocation("arn:aws:states:::sns:publish", json!({}))), Target::SnsPublish);
        assert_eq!(target(&invocation("arn:aws:states:::dynamodb:putItem", json!({}))), Target::Other);
        assert_eq!(function_name("plainName"), "plainName");
    }

    #[test]
    fn results_and_errors_are_shaped_as_aws_shapes_them() {
        let invoke = Resource::parse("arn:aws:states:::lambda:invoke");
        let TaskResult::Succeeded(wrapped) = returned(&invoke, json!({"ok": 1})) else { panic!("succeeds") };
        assert_eq!((wrapped["Payload"].clone(), wrapped["StatusCode"].clone()), (json!({"ok": 1}), json!(200)));
        let direct = Resource::parse("arn:aws:lambda:us-east-1:1:function:f");
        assert_eq!(returned(&direct, json!(1)), TaskResult::Succeeded(json!(1)));
        let TaskResult::Failed { error, cause } = threw("ValueError", "bad") else { panic!("fails") };
        assert_eq!(error.as_deref(), Some("ValueError"));
        assert_eq!(
            serde_json::from_str::<Value>(&cause.unwrap_or_default()).ok(),
            Some(json!({"errorMessage": "bad", "errorType": "ValueError", "stackTrace": []}))
        );
        assert!(matches!(timed_out(5.0), TaskResult::Failed { error: Some(e), .. } if e == "Sandbox.Timedout"));
    }

    #[test]
    fn a_handler_reply_becomes_the_task_result() {
        let direct = Resource::parse("arn:aws:lambda:us-east-1:1:function:f");
        let reply = |r: HandlerReply| r.into_task_result(&direct);
        assert_eq!(reply(HandlerReply::Returned("{\"a\":[1]}".into())), TaskResult::Succeeded(json!({"a": [1]})));
        let TaskResult::Failed { error, cause } = reply(HandlerReply::Returned("{oops".into())) else {
            panic!("fails")
        };
        assert_eq!(error.as_deref(), Some(INVALID_RESULT));
        assert!(cause.unwrap_or_default().contains("not JSON"));
        let timeout = reply(HandlerReply::TimedOut { limit_ms: 2500 });
        assert!(matches!(timeout, TaskResult::Failed { cause: Some(c), .. } if c.contains("2.50 seconds")));
        // Deeper than the engine's limit still parses: the engine fails the task (task_state.rs).
        let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
        let TaskResult::Succeeded(value) = reply(HandlerReply::Returned(deep)) else { panic!("parses") };
        assert_eq!(value.depth(), 5_000);
    }

    #[test]
    fn sns_publish_goes_to_the_outbox() {
        let payload = json!({"TopicArn": "arn:t", "Message": "Order A1 failed", "Subject": "S"});
        let (message, result) = sns_publish(&payload, "id-1".into(), 5);
        assert_eq!((message.topic.as_str(), message.subject.as_deref(), message.at), ("arn:t", Some("S"), 5));
        assert!(matches!(result, TaskResult::Succeeded(r) if r["MessageId"] == "id-1"));
    }
}

//! Task resources: what kind of integration a `Resource` ARN names, the history events it writes,
//! and the response shapes AWS gives (`lambda:invoke` wraps the function's result).

use json_value::{json, Value};

/// A moment in a task's life, each with its own event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskPhase {
    /// Scheduled.
    Scheduled,
    /// Started.
    Started,
    /// Submitted (`.sync` and `.waitForTaskToken` services only).
    Submitted,
    /// Succeeded.
    Succeeded,
    /// Failed.
    Failed,
    /// Timed out (`States.Timeout`).
    TimedOut,
}

pub use crate::asl::{Integration, Pattern, Resource};

impl Resource {
    /// AWS's event type for `phase` (`None`: this integration has no such event).
    pub fn event(&self, phase: TaskPhase) -> Option<&'static str> {
        use TaskPhase::*;
        Some(match (self.integration, phase) {
            (Integration::Service, Scheduled) => "TaskScheduled",
            (Integration::Service, Started) => "TaskStarted",
            (Integration::Service, Submitted) => "TaskSubmitted",
            (Integration::Service, Succeeded) => "TaskSucceeded",
            (Integration::Service, Failed) => "TaskFailed",
            (Integration::Service, TimedOut) => "TaskTimedOut",
            (Integration::LambdaFunction, Scheduled) => "LambdaFunctionScheduled",
            (Integration::LambdaFunction, Started) => "LambdaFunctionStarted",
            (Integration::LambdaFunction, Succeeded) => "LambdaFunctionSucceeded",
            (Integration::LambdaFunction, Failed) => "LambdaFunctionFailed",
            (Integration::LambdaFunction, TimedOut) => "LambdaFunctionTimedOut",
            (Integration::Activity, Scheduled) => "ActivityScheduled",
            (Integration::Activity, Started) => "ActivityStarted",
            (Integration::Activity, Succeeded) => "ActivitySucceeded",
            (Integration::Activity, Failed) => "ActivityFailed",
            (Integration::Activity, TimedOut) => "ActivityTimedOut",
            (_, Submitted) => return None,
        })
    }

    /// The details object of `phase`'s event, starting with what names the resource: a
    /// service's `resourceType` and `resource`; nothing for Lambda functions and activities,
    /// whose scheduled event alone names the ARN. `None`: the event has no details
    /// (`LambdaFunctionStarted`).
    pub fn details(&self, phase: TaskPhase) -> Option<(&'static str, TaskDetails)> {
        let event = self.event(phase)?;
        let mut members = Vec::with_capacity(6); // the most an event has but for rare fields
        match self.integration {
            Integration::Service => {
                members.push(("resourceType", Value::from(self.resource_type.clone())));
                members.push(("resource", Value::from(self.resource.clone())));
            }
            Integration::LambdaFunction if phase == TaskPhase::Started => return None,
            _ if phase == TaskPhase::Scheduled => members.push(("resource", Value::from(self.arn.clone()))),
            _ => {}
        }
        Some((details_field(event), members))
    }

    /// The name AWS gives a task in a States.DataLimitExceeded cause: the resource type, or the
    /// ARN of a Lambda function or activity.
    pub fn limit_name(&self) -> &str {
        if self.integration == Integration::Service {
            &self.resource_type
        } else {
            &self.arn
        }
    }
}

/// A task event's details, member by member in AWS's order (see [`super::Details::Members`]).
pub type TaskDetails = Vec<(&'static str, Value)>;

/// `TaskScheduled` → `taskScheduledEventDetails`.
fn details_field(event: &'static str) -> &'static str {
    match event {
        "TaskScheduled" => "taskScheduledEventDetails",
        "TaskStarted" => "taskStartedEventDetails",
        "TaskSubmitted" => "taskSubmittedEventDetails",
        "TaskSucceeded" => "taskSucceededEventDetails",
        "TaskFailed" => "taskFailedEventDetails",
        "TaskTimedOut" => "taskTimedOutEventDetails",
        "LambdaFunctionScheduled" => "lambdaFunctionScheduledEventDetails",
        "LambdaFunctionSucceeded" => "lambdaFunctionSucceededEventDetails",
        "LambdaFunctionFailed" => "lambdaFunctionFailedEventDetails",
        "LambdaFunctionTimedOut" => "lambdaFunctionTimedOutEventDetails",
        "ActivityScheduled" => "activityScheduledEventDetails",
        "ActivityStarted" => "activityStartedEventDetails",
        "ActivitySucceeded" => "activitySucceededEventDetails",
        "ActivityFailed" => "activityFailedEventDetails",
        _ => "activityTimedOutEventDetails",
    }
}

/// What a service answers when it takes a `.sync` or `.waitForTaskToken` task (the output of
/// `TaskSubmitted`), shaped as AWS's integrations shape it (recorded in LocalStack's callback
/// snapshots: `sqs:sendMessage` gives `MD5OfMessageBody` and `MessageId`, `sns:publish` a
/// `MessageId`, `states:startExecution` an `ExecutionArn` and `StartDate`, all with the SDK's
/// HTTP metadata). `request_id` stands for the ids AWS generates; `now` is epoch milliseconds.
pub fn submit_response(resource: &Resource, payload: &Value, request_id: &str, now: i64) -> Value {
    let action = resource.resource.split('.').next().unwrap_or_default();
    let mut response = match (&*resource.resource_type, action) {
        ("sqs", "sendMessage") => {
            json!({"MD5OfMessageBody": md5_of_body(payload.get("MessageBody")), "MessageId": request_id})
        }
        ("sns", "publish") => json!({"MessageId": request_id}),
        ("states", "startExecution") => {
            let machine = payload.get("StateMachineArn").and_then(Value::as_str).unwrap_or_default();
            let name = payload.get("Name").and_then(Value::as_str).unwrap_or(request_id);
            let execution = machine.replacen(":stateMachine:", ":execution:", 1);
            json!({"ExecutionArn": format!("{execution}:{name}"), "StartDate": now})
        }
        ("lambda", "invoke") => return lambda_invoke_response(Value::Null),
        _ => json!({}),
    };
    if let Value::Object(map) = &mut response {
        map.insert(json_value::key!("SdkHttpMetadata"), json!({"AllHttpHeaders": {"x-amzn-RequestId": [request_id]}, "HttpHeaders": {"x-amzn-RequestId": request_id}, "HttpStatusCode": 200}));
        map.insert(json_value::key!("SdkResponseMetadata"), json!({"RequestId": request_id}));
    }
    response
}

/// SQS's `MD5OfMessageBody`: the hex MD5 of the body as sent (an object is sent as its JSON text).
fn md5_of_body(body: Option<&Value>) -> String {
    let text = match body {
        Some(Value::String(text)) => text.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    crate::data::intrinsic::hash::digest(text.as_bytes(), "MD5").unwrap_or_default()
}

/// What `arn:aws:states:::lambda:invoke` returns for a function result `payload`, as AWS shapes it.
pub fn lambda_invoke_response(payload: Value) -> Value {
    // The wrapper is built once; the payload goes in as it is (`json!` would copy it through
    // serde, losing its sharing: a 256 KiB result copied on every call).
    thread_local! {
        static WRAPPER: Value = measured(lambda_invoke_wrapper());
    }
    let mut response = WRAPPER.with(Value::clone);
    if let Value::Object(members) = &mut response {
        members.insert(json_value::key!("Payload"), payload); // its size updated, not measured again
    }
    response
}

/// `value`, its JSON size worked out (and cached) now, so that the copies made of it are not
/// measured again.
fn measured(value: Value) -> Value {
    let _ = value.json_len();
    value
}

fn lambda_invoke_wrapper() -> Value {
    json!({
        "ExecutedVersion": "$LATEST",
        "Payload": null,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "X-Amz-Executed-Version": ["$LATEST"],
                "Content-Type": ["application/json"]
            },
            "HttpHeaders": {
                "X-Amz-Executed-Version": "$LATEST",
                "Content-Type": "application/json"
            },
            "HttpStatusCode": 200
        },
        "SdkResponseMetadata": {"RequestId": "00000000-0000-0000-0000-000000000000"},
        "StatusCode": 200
    })
}

/// The cause AWS reports for an error a Lambda function threw: the function's error document.
pub fn lambda_error_cause(error_type: &str, message: &str) -> String {
    json!({"errorMessage": message, "errorType": error_type, "stackTrace": []}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_resources() {
        let invoke = Resource::parse("arn:aws:states:::lambda:invoke");
        assert_eq!((&*invoke.resource_type, &*invoke.resource), ("lambda", "invoke"));
        assert!(invoke.is_lambda_invoke() && !invoke.is_lambda_function());
        assert_eq!(invoke.event(TaskPhase::Scheduled), Some("TaskScheduled"));

        let function = Resource::parse("arn:aws:lambda:eu-west-1:123456789012:function:f");
        assert!(function.is_lambda_function());
        assert_eq!(
            (function.event(TaskPhase::Succeeded), &*function.region),
            (Some("LambdaFunctionSucceeded"), "eu-west-1")
        );
        assert_eq!(function.details(TaskPhase::Started), None);

        let activity = Resource::parse("arn:aws:states:us-east-1:123456789012:activity:approve");
        assert_eq!(activity.integration, Integration::Activity);
        assert_eq!(activity.event(TaskPhase::Started), Some("ActivityStarted"));
        assert_eq!(activity.event(TaskPhase::Submitted), None);

        let token = Resource::parse("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assert_eq!((&*token.resource_type, token.pattern), ("sqs", Pattern::WaitForTaskToken));
        let sync = Resource::parse("arn:aws:states:::states:startExecution.sync:2");
        assert_eq!(sync.pattern, Pattern::Sync);
        assert!(sync.submits() && token.submits() && !invoke.submits());
        let sdk = Resource::parse("arn:aws:states:::aws-sdk:dynamodb:putItem");
        assert_eq!((&*sdk.resource_type, &*sdk.resource), ("aws-sdk:dynamodb", "putItem"));
    }

    #[test]
    fn lambda_invoke_wraps_the_payload() {
        let response = lambda_invoke_response(json!({"ok": true}));
        assert_eq!(response["Payload"], json!({"ok": true}));
        assert_eq!(response["StatusCode"], json!(200));
    }
}

//! Task resources: what kind of integration a `Resource` ARN names, the history events it writes,
//! and the response shapes AWS gives (`lambda:invoke` wraps the function's result).

use serde_json::{json, Value};

/// How a Task waits for its work (the ARN's suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// No suffix: the call's response is the result.
    RequestResponse,
    /// `.sync`: the result arrives when the job finishes.
    Sync,
    /// `.waitForTaskToken`: the result arrives with the task token, later.
    WaitForTaskToken,
}

/// A Task's `Resource`, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The ARN as written.
    pub arn: String,
    /// The history's `resourceType` (`"lambda"`, `"sns"`, `"aws-sdk:dynamodb"`, …); empty for a
    /// Lambda function ARN, which writes `LambdaFunction…` events instead of `Task…` ones.
    pub resource_type: String,
    /// The history's `resource` (`"invoke"`, `"publish"`, `"invoke.waitForTaskToken"`, …).
    pub resource: String,
    /// The integration pattern.
    pub pattern: Pattern,
    /// Whether the ARN is a Lambda function's own (`arn:aws:lambda:…:function:name`).
    pub is_lambda_function: bool,
    /// The region in the ARN (`us-east-1` when the ARN has none).
    pub region: String,
}

impl Resource {
    /// Classifies an ARN.
    pub fn parse(arn: &str) -> Resource {
        let parts: Vec<&str> = arn.split(':').collect();
        let region = parts.get(3).filter(|r| !r.is_empty()).unwrap_or(&"us-east-1").to_string();
        let is_lambda_function = parts.get(2) == Some(&"lambda") && parts.get(5) == Some(&"function");
        if is_lambda_function || !arn.starts_with("arn:aws:states:::") {
            let pattern = Pattern::RequestResponse;
            return Resource {
                arn: arn.to_owned(),
                resource_type: String::new(),
                resource: arn.to_owned(),
                pattern,
                is_lambda_function,
                region,
            };
        }
        let service_part = arn.trim_start_matches("arn:aws:states:::");
        let (resource_type, action) = match service_part.strip_prefix("aws-sdk:") {
            Some(rest) => {
                let (service, action) = rest.split_once(':').unwrap_or((rest, ""));
                (format!("aws-sdk:{service}"), action)
            }
            None => {
                let (service, action) = service_part.split_once(':').unwrap_or((service_part, ""));
                (service.to_owned(), action)
            }
        };
        let pattern = if action.ends_with(".sync") || action.contains(".sync:") {
            Pattern::Sync
        } else if action.ends_with(".waitForTaskToken") {
            Pattern::WaitForTaskToken
        } else {
            Pattern::RequestResponse
        };
        Resource {
            arn: arn.to_owned(),
            resource_type,
            resource: action.to_owned(),
            pattern,
            is_lambda_function: false,
            region,
        }
    }

    /// `arn:aws:states:::lambda:invoke` (with any pattern).
    pub fn is_lambda_invoke(&self) -> bool {
        self.resource_type == "lambda" && self.resource.starts_with("invoke")
    }

    /// The event type for a phase of this task: `"Scheduled"` → `TaskScheduled` or
    /// `LambdaFunctionScheduled`.
    pub fn event(&self, phase: &str) -> String {
        if self.is_lambda_function {
            format!("LambdaFunction{phase}")
        } else {
            format!("Task{phase}")
        }
    }

    /// The details field of an event type made by [`Resource::event`].
    pub fn details_field(&self, phase: &str) -> &'static str {
        match (self.is_lambda_function, phase) {
            (true, "Scheduled") => "lambdaFunctionScheduledEventDetails",
            (true, "Started") => "lambdaFunctionStartedEventDetails",
            (true, "Succeeded") => "lambdaFunctionSucceededEventDetails",
            (true, "Failed") => "lambdaFunctionFailedEventDetails",
            (true, _) => "lambdaFunctionTimedOutEventDetails",
            (false, "Scheduled") => "taskScheduledEventDetails",
            (false, "Started") => "taskStartedEventDetails",
            (false, "Succeeded") => "taskSucceededEventDetails",
            (false, "Failed") => "taskFailedEventDetails",
            (false, _) => "taskTimedOutEventDetails",
        }
    }

    /// `resourceType` and `resource` for task event details.
    pub fn identity(&self) -> serde_json::Map<String, Value> {
        let mut map = serde_json::Map::new();
        if !self.is_lambda_function {
            map.insert("resourceType".into(), Value::String(self.resource_type.clone()));
            map.insert("resource".into(), Value::String(self.resource.clone()));
        }
        map
    }
}

/// What `arn:aws:states:::lambda:invoke` returns for a function result `payload`, as AWS shapes it.
pub fn lambda_invoke_response(payload: Value) -> Value {
    json!({
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
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
        assert_eq!((invoke.resource_type.as_str(), invoke.resource.as_str()), ("lambda", "invoke"));
        assert!(invoke.is_lambda_invoke() && !invoke.is_lambda_function);
        assert_eq!(invoke.event("Scheduled"), "TaskScheduled");

        let function = Resource::parse("arn:aws:lambda:eu-west-1:123456789012:function:f");
        assert!(function.is_lambda_function);
        assert_eq!(
            (function.event("Succeeded").as_str(), function.region.as_str()),
            ("LambdaFunctionSucceeded", "eu-west-1")
        );

        let token = Resource::parse("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assert_eq!((token.resource_type.as_str(), token.pattern), ("sqs", Pattern::WaitForTaskToken));
        let sync = Resource::parse("arn:aws:states:::states:startExecution.sync:2");
        assert_eq!(sync.pattern, Pattern::Sync);
        let sdk = Resource::parse("arn:aws:states:::aws-sdk:dynamodb:putItem");
        assert_eq!((sdk.resource_type.as_str(), sdk.resource.as_str()), ("aws-sdk:dynamodb", "putItem"));
    }

    #[test]
    fn lambda_invoke_wraps_the_payload() {
        let response = lambda_invoke_response(json!({"ok": true}));
        assert_eq!(response["Payload"], json!({"ok": true}));
        assert_eq!(response["StatusCode"], json!(200));
    }
}

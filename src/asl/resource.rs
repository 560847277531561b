//! A Task's `Resource` field: the ARN, understood once when the definition loads (which
//! integration it names, its pattern, the history's `resourceType` and `resource`).

use std::rc::Rc;

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

/// Which family of history events a Task's resource writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integration {
    /// `arn:aws:states:::<service>:<action>` (and anything else): `Task…` events.
    Service,
    /// `arn:aws:lambda:…:function:…`: `LambdaFunction…` events.
    LambdaFunction,
    /// `arn:aws:states:…:activity:…`: `Activity…` events.
    Activity,
}

/// A Task's `Resource`, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The ARN as written.
    pub arn: Rc<str>,
    /// The history's `resourceType` (`"lambda"`, `"sns"`, `"aws-sdk:dynamodb"`, …); empty for a
    /// Lambda function or an activity.
    pub resource_type: Rc<str>,
    /// The history's `resource` (`"invoke"`, `"publish"`, `"invoke.waitForTaskToken"`, …; the
    /// ARN for a Lambda function or an activity).
    pub resource: Rc<str>,
    /// The integration pattern.
    pub pattern: Pattern,
    /// Which events it writes.
    pub integration: Integration,
    /// The region in the ARN (`us-east-1` when the ARN has none).
    pub region: Rc<str>,
}

impl Resource {
    /// Classifies an ARN.
    pub fn parse(arn: &str) -> Resource {
        let parts: Vec<&str> = arn.split(':').collect();
        let region: Rc<str> = Rc::from(*parts.get(3).filter(|r| !r.is_empty()).unwrap_or(&"us-east-1"));
        let integration = match (parts.get(2), parts.get(5)) {
            (Some(&"lambda"), Some(&"function")) => Integration::LambdaFunction,
            (Some(&"states"), Some(&"activity")) => Integration::Activity,
            _ => Integration::Service,
        };
        if integration != Integration::Service || !arn.starts_with("arn:aws:states:::") {
            let pattern = Pattern::RequestResponse;
            let arn: Rc<str> = Rc::from(arn);
            return Resource {
                arn: arn.clone(),
                resource_type: Rc::from(""),
                resource: arn,
                pattern,
                integration,
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
            arn: Rc::from(arn),
            resource_type: Rc::from(resource_type),
            resource: Rc::from(action),
            pattern,
            integration,
            region,
        }
    }

    /// Whether the ARN is a Lambda function's own (`arn:aws:lambda:…:function:name`).
    pub fn is_lambda_function(&self) -> bool {
        self.integration == Integration::LambdaFunction
    }

    /// `arn:aws:states:::lambda:invoke` (with any pattern).
    pub fn is_lambda_invoke(&self) -> bool {
        &*self.resource_type == "lambda" && self.resource.starts_with("invoke")
    }

    /// Whether AWS writes `TaskSubmitted` for it: a service called with `.sync` or
    /// `.waitForTaskToken` (AWS-recorded: 35 of 35 such tasks in LocalStack's snapshots).
    pub fn submits(&self) -> bool {
        self.integration == Integration::Service && self.pattern != Pattern::RequestResponse
    }
}

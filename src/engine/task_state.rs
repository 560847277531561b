//! The Task state's body: scheduling the call, handing it to the host, the host's answer, and
//! `TimeoutSeconds` / `HeartbeatSeconds` on the virtual clock.

use serde_json::{json, Value};

use super::execution::{seconds_to_millis, Execution, Invocation, Outstanding, Step};
use super::frame::{Fault, FrameId, Origin, Phase, TaskCall, TaskResult};
use super::size::fits;
use super::task::{Pattern, Resource};
use crate::asl::{ErrorName, Failure, Seconds, State, StateKind, Task};

impl Execution {
    pub(super) fn task(&mut self, frame: FrameId, state: &State, task: &Task) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let resource = Resource::parse(&task.resource);
        // `$$.Task.Token` exists for `.waitForTaskToken` and `.sync` tasks alike.
        if resource.pattern != Pattern::RequestResponse && self.frames[frame].task_token.is_none() {
            self.frames[frame].task_token = Some(self.uuid());
        }
        let timeout_seconds = self.resolve_seconds(frame, task.timeout.as_ref(), &effective, "TimeoutSecondsPath")?;
        let heartbeat_seconds =
            self.resolve_seconds(frame, task.heartbeat.as_ref(), &effective, "HeartbeatSecondsPath")?;
        let payload = self.parameters(frame, state, effective)?;
        let payload = self.arguments(frame, state, payload)?;
        Ok(Phase::Schedule(Box::new(TaskCall { resource, payload, timeout_seconds, heartbeat_seconds })))
    }

    pub(super) fn schedule(&mut self, frame: FrameId, call: TaskCall) -> Step {
        let mut details = call.resource.identity();
        if call.resource.is_lambda_function {
            details.insert("resource".into(), Value::String(call.resource.arn.clone()));
            details.insert("input".into(), call.payload.clone());
            details.insert("inputDetails".into(), json!({"truncated": false}));
        } else {
            details.insert("region".into(), Value::String(call.resource.region.clone()));
            details.insert("parameters".into(), call.payload.clone());
        }
        if let Some(timeout) = call.timeout_seconds {
            details.insert("timeoutInSeconds".into(), json!(timeout));
        }
        if let Some(heartbeat) = call.heartbeat_seconds {
            details.insert("heartbeatInSeconds".into(), json!(heartbeat));
        }
        let field = call.resource.details_field("Scheduled");
        let id = self.emit(frame, call.resource.event("Scheduled"), Some((field, Value::Object(details)).into()));
        self.frames[frame].phase = Phase::Start(Box::new(call));
        Step::Event(id)
    }

    pub(super) fn start_task(&mut self, frame: FrameId, state: &State, call: TaskCall) -> Step {
        let details = (!call.resource.is_lambda_function)
            .then(|| (call.resource.details_field("Started"), Value::Object(call.resource.identity())).into());
        self.emit(frame, call.resource.event("Started"), details);
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let now = self.now;
        let after = |s: Option<u64>| s.map(|s| now.saturating_add(seconds_to_millis(s)));
        let outstanding = Outstanding {
            frame,
            deadline: after(call.timeout_seconds),
            heartbeat_seconds: call.heartbeat_seconds,
            heartbeat_deadline: after(call.heartbeat_seconds),
            resource: call.resource.clone(),
        };
        self.tasks.insert(ticket, outstanding);
        self.frames[frame].phase = Phase::AwaitTask(ticket);
        Step::Invoke(Invocation {
            ticket,
            state_name: state.name.clone(),
            attempt: self.frames[frame].retry_count + 1,
            task_token: self.frames[frame].task_token.clone(),
            resource: call.resource,
            payload: call.payload,
        })
    }

    pub(super) fn task_done(&mut self, frame: FrameId, state: &State, result: TaskResult) -> Step {
        let StateKind::Task(task) = &state.kind else {
            return Step::Event(self.emit(frame, "TaskFailed", None));
        };
        let resource = Resource::parse(&task.resource);
        let mut details = resource.identity();
        let (what, next) = match over_the_limit(&resource, result) {
            TaskResult::Succeeded(output) => {
                details.insert("output".into(), output.clone());
                details.insert("outputDetails".into(), json!({"truncated": false}));
                ("Succeeded", Phase::Results(output))
            }
            TaskResult::Failed { error, cause } => {
                details.insert("error".into(), Value::String(error.clone()));
                details.insert("cause".into(), Value::String(cause.clone()));
                ("Failed", Phase::Failed(Fault { origin: Origin::Task, ..Fault::new(error, cause) }))
            }
        };
        let id =
            self.emit(frame, resource.event(what), Some((resource.details_field(what), Value::Object(details)).into()));
        self.frames[frame].phase = next;
        Step::Event(id)
    }

    /// Fails the tasks whose `TimeoutSeconds` or `HeartbeatSeconds` ran out.
    pub(super) fn expire_tasks(&mut self) {
        let now = self.now;
        let mut expired: Vec<(u64, bool)> = self
            .tasks
            .iter()
            .filter_map(|(ticket, t)| {
                let heartbeat = t.heartbeat_deadline.is_some_and(|d| d <= now);
                let timeout = t.deadline.is_some_and(|d| d <= now);
                (heartbeat || timeout).then_some((*ticket, heartbeat && !timeout))
            })
            .collect();
        expired.sort_unstable();
        for (ticket, heartbeat) in expired {
            let Some(task) = self.tasks.remove(&ticket) else { continue };
            let error = if heartbeat { ErrorName::HeartbeatTimeout } else { ErrorName::Timeout };
            let mut details = task.resource.identity();
            details.insert("error".into(), Value::String(error.as_str().into()));
            details.insert("cause".into(), Value::String(String::new()));
            self.emit(
                task.frame,
                task.resource.event("TimedOut"),
                Some((task.resource.details_field("TimedOut"), Value::Object(details)).into()),
            );
            self.frames[task.frame].phase = Phase::Failed(Fault::new(error.as_str(), String::new()));
            self.ready.push_back(task.frame);
        }
    }

    pub(super) fn resolve_seconds(
        &mut self,
        frame: FrameId,
        seconds: Option<&Seconds>,
        effective: &Value,
        field: &str,
    ) -> Result<Option<u64>, Failure> {
        match seconds {
            None => Ok(None),
            Some(Seconds::Fixed(s)) => Ok(Some(*s)),
            Some(Seconds::Expression(template)) => {
                let field = field.trim_end_matches("Path");
                Ok(Some(self.jsonata_number(frame, template, field)?.max(1.0) as u64))
            }
            Some(Seconds::Path(path)) => {
                let value = self.read(frame, path, effective)?;
                value.as_u64().filter(|s| *s > 0).map(Some).ok_or_else(|| {
                    let cause = format!(
                        "The {field} parameter does not reference a positive integer: {} == {value}",
                        path.text()
                    );
                    Failure::new(ErrorName::Runtime, cause)
                })
            }
        }
    }
}

/// A task result over the payload limit is the task's failure (`TaskFailed` with
/// States.DataLimitExceeded, naming the resource type, or the function ARN of a Lambda function
/// task), which States.ALL catches. AWS-recorded: LocalStack's snapshot
/// `error_handling/test_states_errors` (`…data_limit_exceeded_on_large_utf8_response`).
fn over_the_limit(resource: &Resource, result: TaskResult) -> TaskResult {
    match result {
        TaskResult::Succeeded(output) if !fits(&output) => {
            let name = if resource.is_lambda_function { &resource.arn } else { &resource.resource_type };
            TaskResult::Failed {
                error: ErrorName::DataLimitExceeded.as_str().into(),
                cause: format!(
                    "The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit."
                ),
            }
        }
        other => other,
    }
}

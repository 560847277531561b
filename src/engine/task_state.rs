//! The Task state's body: scheduling the call, handing it to the host, its submission (`.sync`,
//! `.waitForTaskToken`), the host's answer, and `TimeoutSeconds` / `HeartbeatSeconds` on the
//! virtual clock. The events each integration writes are in [`super::task`]; the rules behind
//! them are AWS-recorded (LocalStack's snapshot tests, see `history/thread.rs`).

use json_value::{object, Value};

use super::execution::{not_truncated, seconds_to_millis, Execution, Invocation, Outstanding, Step};
use super::frame::{Fault, FrameId, Origin, Phase, TaskCall, TaskResult};
use super::history::Details;
use super::size::{fits, MAX_DEPTH};
use super::task::{submit_response, Pattern, Resource, TaskPhase};
use crate::asl::{ErrorName, Failure, Seconds, State, StateKind, Task};

impl Execution {
    pub(super) fn task(&mut self, frame: FrameId, state: &State, task: &Task) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let resource = self.resource(state);
        // `$$.Task.Token` exists for `.waitForTaskToken` and `.sync` tasks alike (recorded:
        // callback/test_callback `test_sync_with_task_token`).
        if resource.pattern != Pattern::RequestResponse && self.frames[frame].task_token.is_none() {
            self.frames[frame].task_token = Some(self.uuid());
        }
        let timeout_seconds = self.resolve_seconds(frame, task.timeout.as_ref(), &effective, "TimeoutSecondsPath")?;
        let heartbeat_seconds =
            self.resolve_seconds(frame, task.heartbeat.as_ref(), &effective, "HeartbeatSecondsPath")?;
        let credentials = match &task.credentials {
            Some(payload) => Some(self.eval_payload(frame, payload, &effective, "Credentials", None)?),
            None => None,
        };
        let payload = self.parameters(frame, state, effective)?;
        let payload = self.arguments(frame, state, payload)?;
        // A payload over 256 KiB never reaches the service (and `$..a` over a deep input can
        // build one of gigabytes, shared in memory but not on the wire).
        super::size::check_input_size(&payload, &state.name)?;
        Ok(Phase::Schedule(Box::new(TaskCall { resource, payload, timeout_seconds, heartbeat_seconds, credentials })))
    }

    /// `TaskScheduled` (`LambdaFunctionScheduled`, `ActivityScheduled`): what is called, with
    /// what, and its limits and role when the state sets them.
    pub(super) fn schedule(&mut self, frame: FrameId, call: Box<TaskCall>) -> Step {
        let Some((field, mut details)) = call.resource.details(TaskPhase::Scheduled) else {
            return Step::Blocked { wake_at: None };
        };
        if call.resource.is_lambda_function() || call.resource.integration == super::task::Integration::Activity {
            details.push(("input", call.payload.clone()));
            details.push(("inputDetails", not_truncated()));
        } else {
            details.push(("region", Value::from(call.resource.region.clone())));
            details.push(("parameters", call.payload.clone()));
        }
        if let Some(timeout) = call.timeout_seconds {
            details.push(("timeoutInSeconds", Value::from(timeout)));
        }
        if let Some(heartbeat) = call.heartbeat_seconds.filter(|_| !call.resource.is_lambda_function()) {
            details.push(("heartbeatInSeconds", Value::from(heartbeat)));
        }
        if let Some(role) = call.credentials.as_ref().and_then(|c| c.get("RoleArn")) {
            details.push(("taskCredentials", object! {"roleArn" => role.clone()}));
        }
        let event = call.resource.event(TaskPhase::Scheduled).unwrap_or("TaskScheduled");
        let id = self.emit(frame, event, Some(Details::Members(field, details)));
        self.frames[frame].phase = Phase::Start(call); // the same box
        Step::Event(id)
    }

    pub(super) fn start_task(&mut self, frame: FrameId, state: &State, call: TaskCall) -> Step {
        let details =
            call.resource.details(TaskPhase::Started).map(|(field, members)| Details::Members(field, members));
        let started_event = self.emit(frame, call.resource.event(TaskPhase::Started).unwrap_or("TaskStarted"), details);
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
            payload: call.payload.clone(),
            submitted: false,
        };
        self.tasks.insert(ticket, outstanding);
        self.frames[frame].phase = Phase::AwaitTask(ticket);
        Step::Invoke(Box::new(Invocation {
            ticket,
            state_name: state.name.clone(),
            attempt: self.frames[frame].retry_count + 1,
            task_token: self.frames[frame].task_token.clone(),
            started_event,
            resource: call.resource,
            payload: call.payload,
        }))
    }

    /// `TaskSubmitted`: the service took a `.sync` or `.waitForTaskToken` task; its response.
    pub(super) fn submit(&mut self, frame: FrameId, state: &State, response: Value, then: Phase) -> Step {
        let resource = self.resource(state);
        let (field, mut details) =
            resource.details(TaskPhase::Submitted).unwrap_or(("taskSubmittedEventDetails", Vec::new()));
        details.push(("output", response));
        details.push(("outputDetails", not_truncated()));
        let id = self.emit(frame, "TaskSubmitted", Some(Details::Members(field, details)));
        self.frames[frame].phase = then;
        Step::Event(id)
    }

    pub(super) fn task_done(&mut self, frame: FrameId, state: &State, result: TaskResult) -> Step {
        let resource = self.resource(state);
        let result = over_the_limit(&resource, result);
        let (phase, next, extra) = match result {
            TaskResult::Succeeded(output) => {
                let extra = [("output", Some(output.clone())), ("outputDetails", Some(not_truncated()))];
                (TaskPhase::Succeeded, Phase::Results(output), extra)
            }
            TaskResult::Failed { error, .. } if error.as_deref() == Some(ErrorName::Timeout.as_str()) => {
                return self.timed_out(frame, &resource);
            }
            TaskResult::Failed { error, cause } => {
                let cause = super::size::bounded_cause(cause);
                let fault = Fault { error: error.clone(), cause: cause.clone(), origin: Origin::Task };
                let extra = [("error", error.map(Value::from)), ("cause", cause.map(Value::from))];
                (TaskPhase::Failed, Phase::Failed(fault), extra)
            }
        };
        let Some((field, mut details)) = resource.details(phase) else { return Step::Blocked { wake_at: None } };
        details.extend(extra.into_iter().filter_map(|(k, v)| Some((k, v?))));
        let event = resource.event(phase).unwrap_or("TaskFailed");
        let id = self.emit(frame, event, Some(Details::Members(field, details)));
        self.frames[frame].phase = next;
        Step::Event(id)
    }

    /// `TaskTimedOut` (`LambdaFunctionTimedOut`, `ActivityTimedOut`): error States.Timeout, no
    /// cause; the error output's cause is "" (recorded: timeouts/test_timeouts,
    /// error_handling/test_task_service_lambda `test_invoke_timeout`). A heartbeat that did not
    /// come is recorded as States.Timeout too (timeouts/test_heartbeats `test_heartbeat_timeout`).
    fn timed_out(&mut self, frame: FrameId, resource: &Resource) -> Step {
        let (field, mut details) =
            resource.details(TaskPhase::TimedOut).unwrap_or(("taskTimedOutEventDetails", Vec::new()));
        details.push(("error", Value::String(ErrorName::Timeout.as_str().into())));
        let event = resource.event(TaskPhase::TimedOut).unwrap_or("TaskTimedOut");
        let id = self.emit(frame, event, Some(Details::Members(field, details)));
        let fault = Fault { origin: Origin::Task, ..Fault::new(ErrorName::Timeout.as_str(), String::new()) };
        self.frames[frame].phase = Phase::Failed(fault);
        Step::Event(id)
    }

    /// The host's answer goes through `TaskSubmitted` first when the service writes one and the
    /// host did not report the submission itself.
    pub(super) fn answer_phase(&mut self, outstanding: &Outstanding, result: TaskResult) -> Phase {
        if outstanding.resource.submits() && !outstanding.submitted {
            let response = self.default_submit_response(outstanding);
            return Phase::Submit(response, Box::new(Phase::TaskDone(result)));
        }
        Phase::TaskDone(result)
    }

    /// What a service answers a submission with, when the host gives nothing of its own.
    pub(super) fn default_submit_response(&mut self, outstanding: &Outstanding) -> Value {
        let request_id = self.uuid();
        submit_response(&outstanding.resource, &outstanding.payload, &request_id, self.now)
    }

    /// Fails the tasks whose `TimeoutSeconds` or `HeartbeatSeconds` ran out.
    pub(super) fn expire_tasks(&mut self) {
        if self.tasks.is_empty() {
            return; // most steps: no task is out
        }
        let now = self.now;
        let mut expired: Vec<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.heartbeat_deadline.is_some_and(|d| d <= now) || t.deadline.is_some_and(|d| d <= now))
            .map(|(ticket, _)| *ticket)
            .collect();
        expired.sort_unstable();
        for ticket in expired {
            let Some(task) = self.tasks.remove(&ticket) else { continue };
            let then =
                Phase::TaskDone(TaskResult::Failed { error: Some(ErrorName::Timeout.as_str().into()), cause: None });
            self.frames[task.frame].phase = if task.resource.submits() && !task.submitted {
                Phase::Submit(self.default_submit_response(&task), Box::new(then))
            } else {
                then
            };
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

impl Execution {
    /// The state's `Resource`, understood when the definition loaded (an empty one for a state
    /// that is not a Task).
    fn resource(&self, state: &State) -> Resource {
        match &state.kind {
            StateKind::Task(task) => task.resource.clone(),
            _ => Resource::parse(""),
        }
    }
}

/// A task result over the payload limit is the task's failure (`TaskFailed` with
/// States.DataLimitExceeded, naming the resource type, or the function ARN of a Lambda function
/// task), which States.ALL catches. AWS-recorded: LocalStack's snapshot
/// `error_handling/test_states_errors` (`…data_limit_exceeded_on_large_utf8_response`).
fn over_the_limit(resource: &Resource, result: TaskResult) -> TaskResult {
    match result {
        TaskResult::Succeeded(output) if output.depth() > MAX_DEPTH => TaskResult::Failed {
            error: Some(ErrorName::Runtime.as_str().into()),
            cause: Some(format!(
                "The state/task '{}' returned a result nested deeper than {MAX_DEPTH} levels, the limit of this interpreter.",
                resource.limit_name()
            )),
        },
        TaskResult::Succeeded(output) if !fits(&output) => TaskResult::Failed {
            error: Some(ErrorName::DataLimitExceeded.as_str().into()),
            cause: Some(format!(
                "The state/task '{}' returned a result with a size exceeding the maximum number of bytes service limit.",
                resource.limit_name()
            )),
        },
        other => other,
    }
}

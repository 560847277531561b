//! A Task's attempts as the inspector shows them: each try with how it ended and how long the
//! execution waited before the next (the Retrier's backoff, jitter and cap, as they played out).

use crate::engine::{Details, HistoryEvent};

/// One try of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// 1 for the first try.
    pub number: usize,
    /// When it was scheduled (virtual epoch milliseconds).
    pub scheduled_at: i64,
    /// When it ended (`None`: still running).
    pub ended_at: Option<i64>,
    /// `"succeeded"`, `"failed"`, `"timed out"` or `"running"`.
    pub outcome: &'static str,
    /// The error and cause of a failed try.
    pub error: Option<(String, String)>,
    /// The wait before the next try (the retry's backoff), when there was one.
    pub backoff_ms: Option<i64>,
}

/// The attempts of the last time `state` ran (`states` from [`super::events::event_states`]).
pub fn attempts(events: &[HistoryEvent], states: &[Option<String>], state: &str) -> Vec<Attempt> {
    let of_state = |i: usize| states.get(i).and_then(|s| s.as_deref()) == Some(state);
    let last_entry =
        events.iter().enumerate().rev().find(|(i, e)| of_state(*i) && e.event_type.ends_with("StateEntered"));
    let Some((start, _)) = last_entry else { return Vec::new() };
    let mut tries: Vec<Attempt> = Vec::new();
    for (i, event) in events.iter().enumerate().skip(start) {
        if !of_state(i) {
            continue;
        }
        let kind = event.event_type.as_ref();
        if kind.ends_with("Scheduled") {
            if let Some(previous) = tries.last_mut() {
                previous.backoff_ms = previous.ended_at.map(|end| event.timestamp - end);
            }
            let number = tries.len() + 1;
            tries.push(Attempt {
                number,
                scheduled_at: event.timestamp,
                ended_at: None,
                outcome: "running",
                error: None,
                backoff_ms: None,
            });
        } else if let Some(current) = tries.last_mut().filter(|t| t.ended_at.is_none()) {
            let outcome = match kind {
                k if k.ends_with("Succeeded") && !k.ends_with("StateSucceeded") => "succeeded",
                k if k.ends_with("TimedOut") => "timed out",
                k if k.ends_with("Failed") && !k.ends_with("StateFailed") => "failed",
                _ => continue,
            };
            current.ended_at = Some(event.timestamp);
            current.outcome = outcome;
            current.error = failure(event);
        }
    }
    tries
}

fn failure(event: &HistoryEvent) -> Option<(String, String)> {
    let Some(Details::Json(_, details)) = &event.details else { return None };
    let text = |key: &str| details.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    details.get("error").map(|_| (text("error"), readable_cause(&text("cause"))))
}

/// A Lambda function's error document (`{"errorMessage", "errorType", "stackTrace"}`, the cause
/// AWS records) shown as its message; any other cause as it is.
fn readable_cause(cause: &str) -> String {
    let message = json_value::from_str(cause).ok().and_then(|v| v.get("errorMessage")?.as_str().map(str::to_owned));
    message.unwrap_or_else(|| cause.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views::events::event_states;
    use json_value::json;

    fn event(id: u64, previous: u64, at: i64, kind: &str, details: Option<Details>) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp: at,
            event_type: kind.to_owned().into(),
            details,
            stages: None,
        }
    }

    #[test]
    fn two_throttles_then_success_give_three_attempts_with_their_backoffs() {
        let entered = Details::State { entered: true, name: "Check".into(), document: json!({}), assigned: None };
        let failed = || {
            Some(Details::Json(
                "taskFailedEventDetails".into(),
                json!({"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}),
            ))
        };
        let events = vec![
            event(1, 0, 0, "ExecutionStarted", None),
            event(2, 0, 0, "TaskStateEntered", Some(entered)),
            event(3, 2, 0, "TaskScheduled", None),
            event(4, 3, 0, "TaskStarted", None),
            event(5, 4, 10, "TaskFailed", failed()),
            event(6, 5, 2_010, "TaskScheduled", None),
            event(7, 6, 2_010, "TaskStarted", None),
            event(8, 7, 2_020, "TaskFailed", failed()),
            event(9, 8, 6_020, "TaskScheduled", None),
            event(10, 9, 6_020, "TaskStarted", None),
            event(11, 10, 6_030, "TaskSucceeded", None),
        ];
        let tries = attempts(&events, &event_states(&events), "Check");
        let summary: Vec<(usize, &str, Option<i64>)> =
            tries.iter().map(|t| (t.number, t.outcome, t.backoff_ms)).collect();
        assert_eq!(summary, [(1, "failed", Some(2_000)), (2, "failed", Some(4_000)), (3, "succeeded", None)]);
        assert_eq!(tries[0].error.clone(), Some(("Lambda.TooManyRequestsException".into(), "Rate exceeded".into())));
        assert!(attempts(&events, &event_states(&events), "Other").is_empty());
    }
}

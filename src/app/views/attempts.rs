//! A Task's attempts as the inspector shows them: each try with how it ended and how long the
//! execution waited before the next (the Retrier's backoff, jitter and cap, as they played out).

use crate::engine::HistoryEvent;

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
    /// Which Retrier asked for the next try and what it planned (see [`explain_retries`]).
    pub retry: Option<RetryPlan>,
    /// Why a failed try was the last: its Retrier's MaxAttempts was used up, or none matched.
    pub last_because: Option<String>,
}

/// What a Retrier planned for one retry: `IntervalSeconds × BackoffRate^(n-1)`, capped by
/// `MaxDelaySeconds`; with `JitterStrategy: FULL` the wait is a random time up to that
/// (the States Language's "Retrying after an error"; AWS's "Handling errors" page on jitter).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPlan {
    /// Its position in `Retry`.
    pub retrier: usize,
    /// Its `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// 1 for this Retrier's first retry.
    pub retry: u64,
    /// Its `MaxAttempts`.
    pub max_attempts: u64,
    /// `IntervalSeconds`.
    pub interval_seconds: u64,
    /// `BackoffRate`.
    pub backoff_rate: f64,
    /// `IntervalSeconds × BackoffRate^(retry-1)`, in milliseconds, before the cap.
    pub nominal_ms: i64,
    /// `MaxDelaySeconds`, when it cut the wait short.
    pub capped_at: Option<u64>,
    /// `JitterStrategy: FULL`.
    pub jitter: bool,
}

impl RetryPlan {
    /// The longest wait the plan allows, in milliseconds.
    pub fn planned_ms(&self) -> i64 {
        self.capped_at.map_or(self.nominal_ms, |cap| (cap as i64).saturating_mul(1000))
    }

    /// The plan in words: `"Retry[0] (States.ALL), retry 2 of 3: 1 s × 2^1 = 2 s"`, with the cap
    /// and the jitter when they apply.
    pub fn describe(&self) -> String {
        let seconds = |ms: i64| format!("{} s", ms as f64 / 1000.0);
        let mut text = format!(
            "Retry[{}] ({}), retry {} of {}: IntervalSeconds {} × BackoffRate {}^{} = {}",
            self.retrier,
            self.error_equals.join(", "),
            self.retry,
            self.max_attempts,
            self.interval_seconds,
            self.backoff_rate,
            self.retry - 1,
            seconds(self.nominal_ms)
        );
        if let Some(cap) = self.capped_at {
            text.push_str(&format!(", capped by MaxDelaySeconds at {cap} s"));
        }
        if self.jitter {
            text.push_str(&format!("; JitterStrategy FULL: a random wait up to {}", seconds(self.planned_ms())));
        }
        text
    }
}

/// One stretch of a task's attempt timeline: a try or the wait after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// `"try"` or `"wait"`.
    pub kind: &'static str,
    /// The try's outcome (`"failed"`, …) or `"backoff"`.
    pub outcome: &'static str,
    /// How long, in milliseconds.
    pub millis: i64,
    /// Its share of the timeline's width, in percent (a try is never drawn thinner than 2%).
    pub percent: f64,
}

/// The attempts drawn to scale: each try, then the wait before the next.
pub fn timeline(tries: &[Attempt]) -> Vec<Span> {
    let mut spans = Vec::new();
    for attempt in tries {
        let ran = attempt.ended_at.map_or(0, |end| end - attempt.scheduled_at);
        spans.push(Span { kind: "try", outcome: attempt.outcome, millis: ran, percent: 0.0 });
        if let Some(wait) = attempt.backoff_ms {
            spans.push(Span { kind: "wait", outcome: "backoff", millis: wait, percent: 0.0 });
        }
    }
    let total: i64 = spans.iter().map(|s| s.millis.max(0)).sum::<i64>().max(1);
    for span in &mut spans {
        let share = span.millis.max(0) as f64 * 100.0 / total as f64;
        span.percent = if span.kind == "try" { share.max(2.0) } else { share };
    }
    spans
}

/// Says, for each failed try, which of `retriers` (the state's `Retry`) retried it and with what
/// backoff, or why it was the last (the first Retrier whose `ErrorEquals` names the error
/// retries it, as the engine does).
pub fn explain_retries(tries: &mut [Attempt], retriers: &[crate::asl::Retrier]) {
    let mut used = vec![0_u64; retriers.len()];
    let count = tries.len();
    for (i, attempt) in tries.iter_mut().enumerate() {
        let Some((error, _)) = &attempt.error else { continue };
        let matched =
            retriers.iter().position(|r| r.error_equals.iter().any(|p| crate::asl::error_matches(p, error, false)));
        let Some(at) = matched else {
            attempt.last_because = Some(format!("no Retrier's ErrorEquals names {error}"));
            continue;
        };
        let retrier = &retriers[at];
        if i + 1 == count || used[at] >= retrier.max_attempts {
            let why = format!("Retry[{at}] allows MaxAttempts {}: no retry left", retrier.max_attempts);
            attempt.last_because = (used[at] >= retrier.max_attempts).then_some(why);
            continue;
        }
        used[at] += 1;
        attempt.retry = Some(plan(at, retrier, used[at]));
    }
}

fn plan(at: usize, retrier: &crate::asl::Retrier, retry: u64) -> RetryPlan {
    let exponent = i32::try_from(retry - 1).unwrap_or(i32::MAX);
    let nominal = retrier.interval_seconds as f64 * retrier.backoff_rate.powi(exponent) * 1000.0;
    let nominal_ms = nominal.round().min(i64::MAX as f64) as i64;
    let capped_at = retrier.max_delay_seconds.filter(|cap| (*cap as f64) * 1000.0 < nominal);
    RetryPlan {
        retrier: at,
        error_equals: retrier.error_equals.clone(),
        retry,
        max_attempts: retrier.max_attempts,
        interval_seconds: retrier.interval_seconds,
        backoff_rate: retrier.backoff_rate,
        nominal_ms,
        capped_at,
        jitter: retrier.full_jitter,
    }
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
                retry: None,
                last_because: None,
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

/// The error and cause a failed try's event records, the cause made readable.
fn failure(event: &HistoryEvent) -> Option<(String, String)> {
    error_and_cause(event).map(|(error, cause)| (error, readable_cause(&cause)))
}

/// The error and cause an event records (`…EventDetails.error` / `.cause`), as they are.
pub(super) fn error_and_cause(event: &HistoryEvent) -> Option<(String, String)> {
    let details = event.details.as_ref()?;
    let text = |key: &str| details.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    details.get("error").map(|_| (text("error"), text("cause")))
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
    use crate::engine::Details;
    use json_value::json;

    fn event(id: u64, previous: u64, at: i64, kind: &str, details: Option<Details>) -> HistoryEvent {
        HistoryEvent::made(id, previous, at, kind, details)
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

    fn retrier(
        errors: &[&str],
        interval: u64,
        max_attempts: u64,
        rate: f64,
        cap: Option<u64>,
        jitter: bool,
    ) -> crate::asl::Retrier {
        crate::asl::Retrier {
            error_equals: errors.iter().map(|e| (*e).to_owned()).collect(),
            interval_seconds: interval,
            max_attempts,
            backoff_rate: rate,
            max_delay_seconds: cap,
            full_jitter: jitter,
        }
    }

    fn failed_try(number: usize, error: &str) -> Attempt {
        Attempt {
            number,
            scheduled_at: 0,
            ended_at: Some(0),
            outcome: "failed",
            error: Some((error.into(), String::new())),
            backoff_ms: None,
            retry: None,
            last_because: None,
        }
    }

    #[test]
    fn each_retry_names_its_retrier_backoff_cap_and_jitter_and_the_last_try_says_why() {
        let retriers = [
            retrier(&["Lambda.ServiceException"], 1, 2, 2.0, None, false),
            retrier(&["States.ALL"], 2, 3, 3.0, Some(5), true),
        ];
        let mut tries: Vec<Attempt> =
            ["Boom", "Boom", "Boom", "Boom"].iter().enumerate().map(|(i, e)| failed_try(i + 1, e)).collect();
        explain_retries(&mut tries, &retriers);
        let plans: Vec<(usize, u64, i64, Option<u64>)> = tries
            .iter()
            .filter_map(|t| t.retry.as_ref())
            .map(|p| (p.retrier, p.retry, p.nominal_ms, p.capped_at))
            .collect();
        // 2 s × 3^0 = 2 s; 2 × 3^1 = 6 s capped at 5; 2 × 3^2 = 18 s capped at 5.
        assert_eq!(plans, [(1, 1, 2_000, None), (1, 2, 6_000, Some(5)), (1, 3, 18_000, Some(5))]);
        assert_eq!(tries[3].last_because.as_deref(), Some("Retry[1] allows MaxAttempts 3: no retry left"));
        let words = tries[1].retry.as_ref().map(RetryPlan::describe).unwrap_or_default();
        assert_eq!(words, "Retry[1] (States.ALL), retry 2 of 3: IntervalSeconds 2 × BackoffRate 3^1 = 6 s, capped by MaxDelaySeconds at 5 s; JitterStrategy FULL: a random wait up to 5 s");
    }

    #[test]
    fn the_timeline_draws_tries_and_waits_to_scale() {
        let at = |number: usize, start: i64, end: i64, backoff: Option<i64>| Attempt {
            scheduled_at: start,
            ended_at: Some(end),
            error: None,
            backoff_ms: backoff,
            ..failed_try(number, "")
        };
        let spans = timeline(&[at(1, 0, 0, Some(2_000)), at(2, 2_000, 2_000, Some(6_000)), at(3, 8_000, 8_000, None)]);
        let kinds: Vec<(&str, i64)> = spans.iter().map(|s| (s.kind, s.millis)).collect();
        assert_eq!(kinds, [("try", 0), ("wait", 2_000), ("try", 0), ("wait", 6_000), ("try", 0)]);
        assert_eq!((spans[1].percent, spans[3].percent), (25.0, 75.0));
        assert_eq!(spans[0].percent, 2.0, "an instant try still shows");
    }

    #[test]
    fn a_failure_no_retrier_names_says_so_and_states_runtime_is_never_retried() {
        let retriers = [retrier(&["States.ALL"], 1, 3, 2.0, None, false)];
        let mut tries = vec![failed_try(1, "States.Runtime")];
        explain_retries(&mut tries, &retriers);
        assert_eq!(tries[0].last_because.as_deref(), Some("no Retrier's ErrorEquals names States.Runtime"));
        let mut tries = vec![failed_try(1, "Lambda.ServiceException"), failed_try(2, "Lambda.ServiceException")];
        explain_retries(&mut tries, &[retrier(&["Lambda.ServiceException"], 1, 1, 2.0, None, false)]);
        assert!(tries[0].retry.is_some());
        assert_eq!(tries[1].last_because.as_deref(), Some("Retry[0] allows MaxAttempts 1: no retry left"));
    }
}

//! What happens when a state fails: the first Retrier whose `ErrorEquals` matches retries it after
//! a backoff (while attempts remain); otherwise the first matching Catcher sends the error output
//! to its `Next`; otherwise the failure ends the frame.

use json_value::object;

use super::execution::Execution;
use super::frame::{Fault, FrameId, Origin, Phase};
use super::rng::Rng;
use crate::asl::{error_matches, QueryLanguage, Retrier, State, StateKind, MAX_EXECUTION_SECONDS};
use crate::data::io::apply_result_path;

impl Execution {
    pub(super) fn handle_failure(&mut self, frame: FrameId, state: &State, fault: Fault) -> Phase {
        self.frames[frame].pending_assign = None; // the state's own Assign applies only on success
        if let Some(delay) = self.retry_delay(frame, state, &fault) {
            let until = self.now.saturating_add(delay);
            self.wake_at(frame, until);
            return Phase::Sleep(Box::new(Phase::Body));
        }
        if let Some(event) = state_failed_event(state).filter(|_| fault.origin != Origin::Own) {
            self.emit(frame, event, None);
        }
        let Some(catcher) = state.catch.iter().find(|c| matches_any(&c.error_equals, &fault)) else {
            return Phase::Return(Err(fault));
        };
        // A failure without error or cause (a SendTaskFailure that gave neither) has `null`s in
        // its error output (recorded: callback/test_callback `…no_error_field`).
        let error_output =
            object! {"Error" => fault.error.clone(), "Cause" => super::size::bounded_cause(fault.cause.clone())};
        // A Catcher's Assign reads the error output (`$`, `$states.errorOutput`) and replaces the
        // state's own; JSONata's Output defaults to the error output, JSONPath's ResultPath places it.
        let extra = Some(("errorOutput", &error_output));
        let output = self.prepare_assign(frame, catcher.assign.as_ref(), None, &error_output, extra).and_then(|()| {
            if state.query_language == QueryLanguage::Jsonata {
                self.jsonata_output(frame, catcher.output.as_ref(), error_output.clone(), extra)
            } else {
                apply_result_path(catcher.result_path.as_ref(), self.frames[frame].input.clone(), error_output.clone())
            }
        });
        match output {
            Ok(output) => Phase::Exit { output, next: self.next_position(frame, Some(&catcher.next)) },
            Err(failure) => Phase::Return(Err(self.fault(frame, failure))),
        }
    }

    /// Milliseconds to wait before the next attempt, or `None` when no Retrier applies any more.
    fn retry_delay(&mut self, frame: FrameId, state: &State, fault: &Fault) -> Option<i64> {
        let (index, retrier) = state.retry.iter().enumerate().find(|(_, r)| matches_any(&r.error_equals, fault))?;
        let f = &mut self.frames[frame];
        if f.retries.len() < state.retry.len() {
            f.retries.resize(state.retry.len(), 0);
        }
        let attempts = f.retries.get(index).copied().unwrap_or(0);
        if attempts >= retrier.max_attempts {
            return None;
        }
        if let Some(count) = f.retries.get_mut(index) {
            *count += 1;
        }
        f.retry_count += 1;
        Some(backoff_millis(retrier, attempts, &mut self.rng))
    }
}

/// The event a Parallel or Map writes when its branches, iterations or evaluation failed for good
/// (not when it is retried: AWS then writes only the next attempt's `…StateStarted`).
fn state_failed_event(state: &State) -> Option<&'static str> {
    match state.kind {
        StateKind::Parallel(_) => Some("ParallelStateFailed"),
        StateKind::Map(_) => Some("MapStateFailed"),
        _ => None,
    }
}

fn matches_any(error_equals: &[String], fault: &Fault) -> bool {
    error_equals.iter().any(|pattern| error_matches(pattern, fault.name(), fault.is_terminal()))
}

/// The wait before retry number `attempt + 1`: `IntervalSeconds × BackoffRate^attempt`, capped by
/// `MaxDelaySeconds`; with `JitterStrategy: FULL`, a random time between 0 and that.
pub fn backoff_millis(retrier: &Retrier, attempt: u64, rng: &mut Rng) -> i64 {
    let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
    let mut seconds = retrier.interval_seconds as f64 * retrier.backoff_rate.powi(exponent);
    seconds = seconds.min(retrier.max_delay_seconds.unwrap_or(MAX_EXECUTION_SECONDS) as f64);
    if retrier.full_jitter {
        seconds *= rng.next_f64();
    }
    (seconds * 1000.0).round().min(i64::MAX as f64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retrier(interval: u64, rate: f64, max_delay: Option<u64>, jitter: bool) -> Retrier {
        Retrier {
            error_equals: vec!["States.ALL".into()],
            interval_seconds: interval,
            max_attempts: 10,
            backoff_rate: rate,
            max_delay_seconds: max_delay,
            full_jitter: jitter,
        }
    }

    #[test]
    fn backoff_grows_by_the_rate_and_stops_at_the_cap() {
        let mut rng = Rng::new(1);
        let r = retrier(2, 2.0, None, false);
        let delays: Vec<i64> = (0..4).map(|a| backoff_millis(&r, a, &mut rng)).collect();
        assert_eq!(delays, [2000, 4000, 8000, 16000]);
        let capped = retrier(2, 2.0, Some(5), false);
        let delays: Vec<i64> = (0..4).map(|a| backoff_millis(&capped, a, &mut rng)).collect();
        assert_eq!(delays, [2000, 4000, 5000, 5000]);
        assert_eq!(backoff_millis(&retrier(3, 1.5, None, false), 2, &mut rng), 6750);
    }

    #[test]
    fn full_jitter_stays_under_the_delay_and_follows_the_seed() {
        let r = retrier(10, 2.0, None, true);
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..5).map(|a| backoff_millis(&r, a, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        for (attempt, delay) in run(7).into_iter().enumerate() {
            assert!((0..=10_000 << attempt).contains(&delay), "{delay}");
        }
    }
}

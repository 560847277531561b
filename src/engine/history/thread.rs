//! Which event each event follows: the rules behind `previousEventId`, as AWS writes them.
//!
//! Every frame (the top level, a Parallel branch, a Map iteration, and each Map worker that runs
//! iterations one after the other) keeps a [`Thread`]: the event its next event follows, and the
//! last event it wrote. Most events move the thread on ([`Link::Thread`]); a few are written
//! beside it and leave it where it was ([`Link::Aside`]). The rules, each shown by AWS-recorded
//! histories (LocalStack's snapshot tests, `tests/aws/services/stepfunctions/v2/`):
//!
//! - `ExecutionStarted` is event 1 and follows 0; the first state's entered event follows 0 too
//!   (every recorded history: e.g. `base/test_base.snapshot.json`).
//! - A state's events follow one another: entered → (started) → … → exited.
//! - Parallel: each branch starts from `ParallelStateStarted`; when all are done the state goes
//!   on from the newest event any branch wrote on its thread; `ParallelStateSucceeded` is written
//!   aside, so `ParallelStateExited` follows the last branch event
//!   (`assign/test_assign_base.snapshot.json`, `BASE_SCOPE_PARALLEL`).
//! - Map: `MaxConcurrency` workers (one per item when unlimited) each start from
//!   `MapStateStarted` and run iterations one after the other; an iteration starts from where
//!   its worker's previous iteration left its thread; `MapIterationSucceeded`/`Failed`/`Aborted`
//!   are written aside (so the next `MapIterationStarted` follows the previous iteration's last
//!   state event), except that a worker's last successful iteration moves the worker on to its
//!   `MapIterationSucceeded`; `MapStateSucceeded` is aside, so `MapStateExited` follows the last
//!   `MapIterationSucceeded` (`assign/test_assign_base.snapshot.json`, `BASE_SCOPE_MAP`;
//!   `scenarios/test_base_scenarios.snapshot.json`, `map_state_retry`: a retried Map starts
//!   again from the failed iteration's last state event).
//! - `EvaluationFailed` (a JSONata or Map input evaluation that failed) follows what the state's
//!   entered event followed, except in a Wait state, where it follows `WaitStateEntered`
//!   (`scenarios/…map_state_items_eval_jsonata_fail_*`, `assign/…undefined_reference_*`,
//!   `scenarios/…wait_timestamp_jsonata_*`); the state's failure events follow it.

/// Where an event goes in its frame's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The event follows the thread and moves it on.
    Thread,
    /// The event follows the thread but leaves it where it was.
    Aside,
}

/// The link of an event type.
pub fn link_of(event_type: &str) -> Link {
    if event_type.ends_with("Entered") || event_type.ends_with("Exited") {
        return Link::Thread; // most events, answered without comparing whole names
    }
    match event_type {
        "ExecutionStarted"
        | "MapIterationSucceeded"
        | "MapIterationFailed"
        | "MapIterationAborted"
        | "MapStateSucceeded"
        | "ParallelStateSucceeded"
        | "TaskStateAborted"
        | "WaitStateAborted"
        | "MapStateAborted"
        | "ParallelStateAborted" => Link::Aside,
        _ => Link::Thread,
    }
}

/// A thread of events: what the next event follows, and the newest event written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Thread {
    /// The event the next event on this thread follows (its `previousEventId`).
    pub previous: u64,
    /// The newest event this thread wrote, on it or aside.
    pub last: u64,
}

impl Thread {
    /// A thread whose next event follows `previous`.
    pub fn from(previous: u64) -> Thread {
        Thread { previous, last: previous }
    }

    /// Records event `id`, written with `link`.
    pub fn wrote(&mut self, id: u64, link: Link) {
        self.last = id;
        if link == Link::Thread {
            self.previous = id;
        }
    }

    /// Takes in what a finished inner thread wrote: the newest of both.
    pub fn integrate(&mut self, inner: Thread) {
        self.previous = self.previous.max(inner.previous);
        self.last = self.last.max(inner.last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aside_events_leave_the_thread_where_it_was() {
        let mut thread = Thread::from(0);
        thread.wrote(2, link_of("PassStateEntered"));
        thread.wrote(3, link_of("MapIterationSucceeded"));
        assert_eq!(thread, Thread { previous: 2, last: 3 });
        let mut outer = Thread::from(1);
        outer.integrate(thread);
        assert_eq!(outer, Thread { previous: 2, last: 3 });
    }
}

//! The sans-IO interpreter: it never does I/O, never reads a clock, never sleeps. The host drives
//! it with [`Execution::step`] and answers its [`Invocation`]s with [`Execution::complete`].
//!
//! ```
//! use std::rc::Rc;
//! use asl_playground::{asl, engine::{Execution, StartOptions, Status, Step}};
//!
//! let machine = asl::load(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31536000, "End": true}}}"#).unwrap();
//! let mut exe = Execution::start(Rc::new(machine), json_value::json!({"x": 1}), StartOptions::default());
//! let mut now = 0;
//! let outcome = loop {
//!     match exe.step(now) {
//!         Step::Blocked { wake_at: Some(t) } => now = t, // a year passes at once
//!         Step::Finished(outcome) => break *outcome,
//!         _ => {}
//!     }
//! };
//! assert_eq!(outcome.status, Status::Succeeded);
//! ```

mod assign;
mod context;
mod execution;
mod failure;
mod fanout;
mod frame;
pub mod history;
mod item_reader;
mod jsonata;
mod map_run;
mod result_writer;
pub mod rng;
mod size;
mod states;
pub mod task;
mod task_state;

pub use execution::{Execution, HostError, Invocation, Outcome, StartOptions, Status, Step, MAX_HISTORY_EVENTS};
pub use failure::backoff_millis;
pub use frame::TaskResult;
pub use history::{Details, HistoryEvent, Stages};
pub use map_run::{ChildExecution, MapRunRecord};
pub use size::MAX_PAYLOAD_BYTES;

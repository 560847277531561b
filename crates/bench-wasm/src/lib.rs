//! The benchmark harness of ASL Playground's engine, the same code natively and in wasm32: load a
//! definition once, run it N times with echo mocks (every Lambda task returns its payload,
//! `lambda:invoke` wrapped as AWS wraps it, exactly as `asl bench` answers them), time each batch
//! of runs, and report the timings, the number of state transitions and the last run's output as
//! JSON. The wasm build is what `bench/side-by-side.mjs` calls in Node; `bench-native` is the
//! native build of the same loop (the definition-load series and the outputs the table checks).
//!
//! Only the runs are timed, as in `asl bench`: the definition is loaded and the input parsed
//! before, and each batch's executions (their histories) are dropped after its clock stops.

use std::rc::Rc;

use asl_playground::asl;
use asl_playground::engine::{Outcome, StartOptions};
use asl_playground::host::{self, Mocks};
use json_value::{Map, Value};

/// `asl bench`'s start options: seed 0, the CLI's names, the history limit lifted.
fn start_options() -> StartOptions {
    StartOptions {
        name: "asl-cli".into(),
        state_machine_name: "StateMachine".into(),
        max_history_events: None,
        ..StartOptions::default()
    }
}

fn error_report(message: String) -> String {
    Value::Object(Map::from_iter([("error", Value::from(message))])).to_json_string()
}

fn numbers(samples: &[f64]) -> Value {
    Value::Array(samples.iter().map(|&s| json_value::Number::from_f64(s).map_or(Value::Null, Value::Number)).collect())
}

/// Runs `definition` on `input` `warmup` times untimed, then `runs` times (rounded up to whole
/// batches of `batch` runs), and returns `{"status","output","error","cause","transitions",
/// "events","runs","batch","samples_ms"}`, `samples_ms` holding each batch's time divided by its
/// runs; `{"error"}` if the definition or the input does not load. `now` is a millisecond clock.
pub fn bench(definition: &str, input: &str, runs: u32, batch: u32, warmup: u32, now: impl Fn() -> f64) -> String {
    let machine = match asl::load(definition) {
        Ok(machine) => Rc::new(machine),
        Err(problems) => {
            let messages: Vec<String> = problems.iter().map(|d| format!("{} at {}", d.message, d.pointer)).collect();
            return error_report(format!("invalid definition: {}", messages.join("; ")));
        }
    };
    let input = match json_value::from_str(input) {
        Ok(value) => value,
        Err(e) => return error_report(format!("input is not JSON: {e}")),
    };
    let batch = batch.max(1) as usize;
    let batches = (runs.max(1) as usize).div_ceil(batch);
    let start = start_options();
    for _ in 0..warmup {
        drop(host::run(machine.clone(), input.clone(), start.clone(), &Mocks::Echo));
    }
    let mut samples = Vec::with_capacity(batches);
    let mut last: Option<(Outcome, asl_playground::engine::Execution)> = None;
    for _ in 0..batches {
        let mut done = Vec::with_capacity(batch);
        let clock = now();
        for _ in 0..batch {
            done.push(host::run(machine.clone(), input.clone(), start.clone(), &Mocks::Echo));
        }
        samples.push((now() - clock) / batch as f64);
        last = done.pop();
    }
    let (outcome, execution) = last.expect("at least one run");
    let transitions = execution.history().iter().filter(|e| e.event_type.ends_with("StateEntered")).count();
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::from);
    let report = Map::from_iter([
        ("status", Value::from(outcome.status.as_str())),
        ("output", outcome.output.clone().unwrap_or_default()),
        ("error", text(&outcome.error)),
        ("cause", text(&outcome.cause)),
        ("transitions", Value::from(transitions as u64)),
        ("events", Value::from(execution.history().len() as u64)),
        ("runs", Value::from((batches * batch) as u64)),
        ("batch", Value::from(batch as u64)),
        ("samples_ms", numbers(&samples)),
    ]);
    Value::Object(report).to_json_string()
}

/// Loads `definition` `runs` times (the text parsed and checked each time, as the CLI and the page
/// do; the first load is a warm-up, not counted) and returns `{"states","samples_ms"}`, or `{"error"}` if it does not load.
pub fn load(definition: &str, runs: u32, now: impl Fn() -> f64) -> String {
    let mut samples = Vec::new();
    let mut states = 0;
    for round in 0..=runs.max(1) {
        let clock = now();
        let loaded = asl::load(definition);
        if round > 0 {
            samples.push(now() - clock);
        }
        match loaded {
            Ok(machine) => states = machine.state_names().len(),
            Err(problems) => return error_report(format!("invalid definition ({} problems)", problems.len())),
        }
    }
    Value::Object(Map::from_iter([("states", Value::from(states as u64)), ("samples_ms", numbers(&samples))]))
        .to_json_string()
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `performance.now()`: milliseconds, sub-millisecond resolution in Node.
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }

    /// [`super::bench`] with the JavaScript clock.
    #[wasm_bindgen]
    pub fn run(definition: &str, input: &str, runs: u32, batch: u32, warmup: u32) -> String {
        super::bench(definition, input, runs, batch, warmup, performance_now)
    }

    /// [`super::load`] with the JavaScript clock.
    #[wasm_bindgen]
    pub fn load(definition: &str, runs: u32) -> String {
        super::load(definition, runs, performance_now)
    }
}

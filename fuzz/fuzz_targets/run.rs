//! A definition (before the first NUL byte) run on an input (after it) with echo mocks, a small
//! step budget and the history limit: never a panic, never a hang.
#![no_main]

use std::rc::Rc;

use asl_playground::engine::StartOptions;
use asl_playground::host::{self, Mocks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |b| *b == 0);
    let Some(Ok(definition)) = parts.next().map(std::str::from_utf8) else { return };
    let input = parts.next().and_then(|i| std::str::from_utf8(i).ok()).and_then(|i| json_value::from_str(i).ok());
    let input = input.unwrap_or_else(|| json_value::json!({}));
    let Ok(machine) = asl_playground::asl::load(definition) else { return };
    let options = StartOptions { max_steps: 20_000, max_history_events: Some(5_000), ..StartOptions::default() };
    let (_, execution) = host::run(Rc::new(machine), input, options, &Mocks::Echo);
    for event in execution.history().iter().take(50) {
        let _ = event.to_aws_json();
    }
});

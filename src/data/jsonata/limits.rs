//! The bounds of one JSONata evaluation. All are counted, none is timed, so an expression
//! succeeds or fails the same way on every machine, natively and in the browser.

use jsonata::Options;

/// The limits every expression is evaluated within.
pub(super) const OPTIONS: Options = Options {
    max_depth: MAX_DEPTH,
    max_steps: MAX_STEPS,
    max_sequence_length: MAX_SEQUENCE_LENGTH,
    max_value_depth: MAX_VALUE_DEPTH,
    max_string_length: MAX_STRING_LENGTH,
};

/// Nested evaluations (non-tail recursion): beyond, U1001 "Stack overflow error". The port's
/// default, which fits the browser's 1 MiB wasm stack with room to spare (tests/web.rs runs a
/// recursion to this depth with a sort at every level).
pub const MAX_DEPTH: usize = 250;

/// The evaluation budget: every evaluation step of the expression plus the work charged for
/// values it builds and scans. Beyond, U1001 "Expression evaluation timeout: Check for infinite
/// loop". About 0.4–0.6 s natively and 0.2 GB at most on this machine for an expression that
/// uses all of it (an endless loop, `$sum([1..999999].($sum([1..999999])))`), while a workflow's
/// real expressions use a few thousand steps: mapping over 10,000 items takes about 100,000.
pub const MAX_STEPS: u64 = 10_000_000;

/// The budget of all the JSONata evaluations of one execution (and its Distributed Map
/// children): ten evaluations that use all of theirs, about 5 s natively. Without it an
/// endless Choice loop of heavy expressions would run for hours within its 25,000 events.
pub const MAX_EXECUTION_STEPS: u64 = 100_000_000;

/// The longest array or sequence an expression may build (U1003); ranges above 10^7 items are
/// JSONata's own D2014. Results are bounded by AWS's 256 KiB payload anyway.
pub const MAX_SEQUENCE_LENGTH: usize = 1_000_000;

/// The deepest value an expression may traverse (U1002): our documents' 1,000 levels
/// (`engine::size::MAX_DEPTH`) plus `$states` around the input.
pub const MAX_VALUE_DEPTH: usize = 1_001;

/// The longest string an expression may build, in bytes (U1004): 32 times AWS's payload limit.
pub const MAX_STRING_LENGTH: usize = 8 << 20;

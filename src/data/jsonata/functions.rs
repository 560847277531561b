//! The functions AWS adds to JSONata, and the built-ins it changes: `$partition`, `$range`,
//! `$hash`, `$random([seed])`, `$uuid`, `$parse`; `$eval` removed (AWS developer guide,
//! "Transforming data with JSONata in Step Functions"). `$now()`, `$millis()`, `$shuffle()` and
//! `$random()` are JSONata's own, fed by the environment's clock and random source.

use std::cell::RefCell;

use jsonata::value::{from_json_owned, stringify, StringifyOptions};
use jsonata::{Environment, Error, Value};

use super::limits::OPTIONS;
use crate::data::intrinsic::{hash::digest, uuid::uuid_v4};
use crate::engine::rng::Rng;

/// The execution's generator, shared by `$random`, `$shuffle` and `$uuid` during one evaluation.
pub(super) type Shared<'r> = RefCell<&'r mut Rng>;

type Result<'a> = std::result::Result<Value<'a>, Error>;

/// AWS's functions: `$eval` taken away, the others added.
const AWS_FUNCTIONS: [&str; 7] = ["eval", "random", "uuid", "partition", "range", "hash", "parse"];

/// Registers in `env` those of AWS's functions that `mentioned` (the expression's `$name`s)
/// names: an expression can call no other (registering all seven cost each evaluation more than
/// a small expression's own work).
pub(super) fn register<'a>(env: &mut Environment<'a>, rng: &'a Shared<'_>, mentioned: &[String]) {
    for name in AWS_FUNCTIONS.into_iter().filter(|name| mentioned.iter().any(|m| m == name)) {
        let registered = match name {
            "eval" => env.register_function(name, None, |_| Err(fail("$eval is not supported by Step Functions"))),
            "random" => env.register_function(name, None, move |args| Ok(random(rng, args))),
            "uuid" => env.register_function(name, None, move |_| Ok(Value::string(uuid_v4(&mut rng.borrow_mut())))),
            "partition" => env.register_function(name, None, partition),
            "range" => env.register_function(name, None, range),
            "hash" => env.register_function(name, None, hash),
            _ => env.register_function(name, None, parse),
        };
        // Registration fails only for a bad signature, and these have none.
        debug_assert!(registered.is_ok(), "{registered:?}");
    }
}

/// An error of AWS's functions: no JSONata code, the message alone.
fn fail(message: &str) -> Error {
    Error::new("").message(message)
}

/// `$random()` from the execution's generator; `$random(seed)` the same number for the same seed.
fn random<'a>(rng: &Shared, args: &[Value<'a>]) -> Value<'a> {
    let number = match args.first().and_then(Value::as_f64) {
        Some(seed) => Rng::new(seed.to_bits()).next_f64(),
        None => rng.borrow_mut().next_f64(),
    };
    Value::Number(number)
}

/// `$partition(array, size)`: the array in chunks of `size`.
fn partition<'a>(args: &[Value<'a>]) -> Result<'a> {
    let items = match args.first() {
        Some(array) if array.is_array() => array.members(),
        _ => return Err(fail("$partition: the first argument must be an array")),
    };
    let size = args
        .get(1)
        .and_then(Value::as_f64)
        .filter(|n| *n >= 1.0)
        .ok_or_else(|| fail("$partition: the size must be a number of at least 1"))?;
    let chunks = items.chunks(size as usize).map(|chunk| Value::array(chunk.to_vec(), 0)).collect();
    Ok(Value::array(chunks, 0))
}

/// The most numbers `$range` makes (as States.ArrayRange).
const MAX_RANGE: usize = 1000;

/// `$range(start, end, step)`: the numbers from `start` to `end` (inclusive) by `step`, at most 1000.
fn range<'a>(args: &[Value<'a>]) -> Result<'a> {
    let number = |i: usize, what: &str| {
        args.get(i).and_then(Value::as_f64).ok_or_else(|| fail(&format!("$range: {what} must be a number")))
    };
    let (start, end) = (number(0, "start")?, number(1, "end")?);
    let step = match args.get(2) {
        Some(_) => number(2, "step")?,
        None => 1.0,
    };
    if step == 0.0 {
        return Err(fail("$range: the step must not be 0"));
    }
    let mut out = Vec::new();
    let mut value = start;
    while (step > 0.0 && value <= end) || (step < 0.0 && value >= end) {
        if out.len() == MAX_RANGE {
            return Err(fail("$range: the range has more than 1000 items"));
        }
        out.push(Value::Number(value));
        value += step;
    }
    // A sequence, as AWS's $range returns: one item stands alone (recorded: `$range(1, 1)` is `1`).
    Ok(Value::sequence(out))
}

/// `$hash(value, algorithm)`: the hex digest of a string (other values: of their JSON text).
fn hash<'a>(args: &[Value<'a>]) -> Result<'a> {
    let data = match args.first() {
        Some(Value::String(s)) => s.to_string(),
        Some(other) => json_text(other)?.ok_or_else(|| fail("$hash: no value to hash"))?,
        None => return Err(fail("$hash: no value to hash")),
    };
    let algorithm = args.get(1).and_then(Value::as_str).unwrap_or("SHA-256");
    digest(data.as_bytes(), algorithm)
        .map(Value::string)
        .ok_or_else(|| fail("$hash: the algorithm must be MD5, SHA-1, SHA-256, SHA-384 or SHA-512"))
}

/// A value's compact JSON text (`JSON.stringify`), within the evaluation's limits.
fn json_text(value: &Value) -> std::result::Result<Option<String>, Error> {
    let options = StringifyOptions {
        replacer: false,
        pretty: false,
        max_depth: OPTIONS.max_value_depth,
        max_len: OPTIONS.max_string_length,
    };
    stringify(value, options)
}

/// `$parse(text)`: the JSON document in `text`.
fn parse<'a>(args: &[Value<'a>]) -> Result<'a> {
    let text = args.first().and_then(Value::as_str).ok_or_else(|| fail("$parse: the argument must be a string"))?;
    let document = json_value::from_str(text).map_err(|e| fail(&format!("$parse: {e}")))?;
    Ok(from_json_owned(&document))
}

//! The functions AWS adds to JSONata, and the built-ins it changes: `$partition`, `$range`,
//! `$hash`, `$random([seed])`, `$uuid`, `$parse`; `$eval` removed; and, here, `$now()` and
//! `$millis()` on the execution's virtual clock (AWS developer guide, "Transforming data with
//! JSONata in Step Functions").

use std::cell::RefCell;
use std::rc::Rc;

use jsonata_core::evaluator::{Evaluator, EvaluatorError, HostFnResult};
use jsonata_core::value::JValue;

use crate::data::intrinsic::{hash::digest, uuid::uuid_v4};
use crate::data::timestamp::format_millis;
use crate::engine::rng::Rng;

type Shared = Rc<RefCell<Rng>>;

/// Registers AWS's functions on `evaluator`.
pub(super) fn register(evaluator: &mut Evaluator, now_millis: i64, rng: Shared) {
    let results = [
        evaluator.register_fn_override("now", move |_: &[JValue]| Ok(JValue::from(format_millis(now_millis)))),
        evaluator.register_fn_override("millis", move |_: &[JValue]| Ok(JValue::from(now_millis))),
        evaluator.register_fn_override("eval", |_: &[JValue]| Err(fail("$eval is not supported by Step Functions"))),
        evaluator.register_fn_override("random", random(rng.clone())),
        evaluator.register_fn_override("shuffle", shuffle(rng.clone())),
        evaluator.register_fn("uuid", move |_: &[JValue]| Ok(JValue::from(uuid_v4(&mut rng.borrow_mut())))),
        evaluator.register_fn("partition", partition),
        evaluator.register_fn("range", range),
        evaluator.register_fn("hash", hash),
        evaluator.register_fn("parse", parse),
    ];
    // Registration fails only for names that clash with built-ins, which these are checked not to.
    debug_assert!(results.iter().all(Result::is_ok), "{results:?}");
}

fn fail(message: &str) -> EvaluatorError {
    EvaluatorError::EvaluationError(message.to_owned())
}

/// `$random()` from the execution's generator; `$random(seed)` the same number for the same seed.
fn random(rng: Shared) -> impl Fn(&[JValue]) -> HostFnResult {
    move |args| match args.first() {
        None | Some(JValue::Undefined) => Ok(JValue::from(rng.borrow_mut().next_f64())),
        Some(seed) => {
            let seed = seed.as_f64().ok_or_else(|| fail("$random: the seed must be a number"))?;
            Ok(JValue::from(Rng::new(seed.to_bits()).next_f64()))
        }
    }
}

/// `$shuffle(array)`, with the execution's generator (Fisher–Yates).
fn shuffle(rng: Shared) -> impl Fn(&[JValue]) -> HostFnResult {
    move |args| {
        let Some(items) = args.first() else { return Ok(JValue::Undefined) };
        let mut items = match items.as_array() {
            Some(items) => items.clone(),
            None => vec![items.clone()],
        };
        let mut rng = rng.borrow_mut();
        for i in (1..items.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
        Ok(JValue::from(items))
    }
}

/// `$partition(array, size)`: the array in chunks of `size`.
fn partition(args: &[JValue]) -> HostFnResult {
    let items = args
        .first()
        .and_then(JValue::as_array)
        .ok_or_else(|| fail("$partition: the first argument must be an array"))?;
    let size = args
        .get(1)
        .and_then(JValue::as_f64)
        .filter(|n| *n >= 1.0)
        .ok_or_else(|| fail("$partition: the size must be a number of at least 1"))?;
    let chunks = items.chunks(size as usize).map(|chunk| JValue::from(chunk.to_vec())).collect::<Vec<_>>();
    Ok(JValue::from(chunks))
}

/// `$range(start, end, step)`: the numbers from `start` to `end` (inclusive) by `step`, at most 1000.
fn range(args: &[JValue]) -> HostFnResult {
    let number = |i: usize, what: &str| {
        args.get(i).and_then(JValue::as_f64).ok_or_else(|| fail(&format!("$range: {what} must be a number")))
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
        if out.len() == 1000 {
            return Err(fail("$range: the range has more than 1000 items"));
        }
        out.push(JValue::from(value));
        value += step;
    }
    // A sequence, as AWS's $range returns: one item stands alone (recorded: `$range(1, 1)` is `1`).
    Ok(JValue::sequence(out))
}

/// `$hash(value, algorithm)`: the hex digest of a string (other values: of their JSON text).
fn hash(args: &[JValue]) -> HostFnResult {
    let data = match args.first() {
        Some(JValue::String(s)) => s.to_string(),
        Some(other) => other.to_json_string().map_err(|e| fail(&e.to_string()))?,
        None => return Err(fail("$hash: no value to hash")),
    };
    let algorithm = args.get(1).and_then(JValue::as_str).unwrap_or("SHA-256");
    digest(data.as_bytes(), algorithm)
        .map(JValue::from)
        .ok_or_else(|| fail("$hash: the algorithm must be MD5, SHA-1, SHA-256, SHA-384 or SHA-512"))
}

/// `$parse(text)`: the JSON document in `text`.
fn parse(args: &[JValue]) -> HostFnResult {
    let text = args.first().and_then(JValue::as_str).ok_or_else(|| fail("$parse: the argument must be a string"))?;
    JValue::from_json_str(text).map_err(|e| fail(&format!("$parse: {e}")))
}

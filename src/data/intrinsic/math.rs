//! Intrinsics for math operations: `States.MathRandom`, `States.MathAdd`.

use super::eval::{invalid, rounded, truncated, Eval, Problem};
use super::java::JavaRandom;
use super::{Call, Function};
use json_value::Value;

/// A 32-bit integer (Java's `int`), or the failure for `function`.
fn int32(value: i64, function: Function) -> Result<i64, Problem> {
    i32::try_from(value).map(i64::from).map_err(|_| invalid(function))
}

/// `States.MathAdd(a, b)`: the sum. Operands are rounded with Java's `Math.round` (LocalStack's
/// AWS-validated test_math_add: 1.49 + 1.5 = 3, -0.5 + 0 = 0, -2.5 + 0 = -2); operands and sum
/// must be 32-bit integers (developer guide; AWS recordings MADD-011..014).
pub(super) fn eval_math_add<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (a, b) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let function = call.function;
    let a = int32(rounded(&a, function)?, function)?;
    let b = int32(rounded(&b, function)?, function)?;
    Ok(Value::from(int32(a + b, function)?))
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)` (developer guide).
/// Bounds are truncated (AWS recordings MRAND-008/009: `(1.6, 5.4)` can give 1, `(1.4, 1.6)`
/// fails) and `start < end` is required. With a seed the value is Java's
/// `start + new Random(seed).nextInt(end - start)` (AWS recording MRAND-026: seed 42 over
/// `[-5, 5)` gives -5); without one it comes from the execution's seeded generator.
pub(super) fn eval_math_random<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (start, end) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let seed = match call.args.len() {
        3 => Some(ev.arg(call, 2)?),
        _ => None,
    };
    let function = call.function;
    let start = int32(truncated(&start, function)?, function)?;
    let end = int32(truncated(&end, function)?, function)?;
    let seed = seed.map(|seed| truncated(&seed, function)).transpose()?;
    let bound = i32::try_from(end - start).ok().filter(|bound| *bound > 0).ok_or_else(|| invalid(function))?;
    let offset = match seed {
        Some(seed) => i64::from(JavaRandom::new(seed).next_int(bound)),
        None => ev.rng.range_inclusive(0, i64::from(bound) - 1),
    };
    Ok(Value::from(start + offset))
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::{give, run_seeded};
    use json_value::json;

    fn add(a: &str, b: &str, want: i64) {
        give(&format!("States.MathAdd({a}, {b})"), json!({}), Ok(json!(want)));
    }

    #[test]
    fn math_add() {
        add("5", "-7", -2);
        add("2147483646", "1", 2_147_483_647);
        add("-2147483647", "-1", -2_147_483_648);
        give("States.MathAdd($.i, $.step)", json!({"i": 111, "step": -1}), Ok(json!(110)));
    }

    #[test]
    fn math_add_rounds_like_java() {
        // Each operand is rounded first, halves up (LocalStack's AWS-validated test_math_add).
        add("1.6", "2.7", 5);
        add("0.5", "0", 1);
        add("-0.5", "0.5", 1);
        add("-0.5", "0", 0);
        add("-2.5", "0", -2);
        add("2.5", "0.49", 3);
        add("-1.51", "0", -2);
        add("1e2", "0", 100);
    }

    #[test]
    fn math_add_rejects() {
        let bad = "Invalid arguments in States.MathAdd";
        for args in [
            "2147483647, 1",
            "-2147483648, -1",
            "3000000000, 1",
            "-3000000000, 1",
            "'1', 2",
            "null, 1",
            "true, 1",
            "1, $.a",
            "2147483647.6, 0",
        ] {
            give(&format!("States.MathAdd({args})"), json!({"a": [1]}), Err(bad));
        }
        give("States.MathAdd(1)", json!({}), Err(bad));
        give("States.MathAdd(1, 2, 3)", json!({}), Err(bad));
    }

    #[test]
    fn math_random_is_in_range_and_follows_the_seed() {
        for seed in 0..200 {
            let got = run_seeded("States.MathRandom(-3, 4)", json!({}), seed).ok().and_then(|v| v.as_i64());
            assert!(got.is_some_and(|n| (-3..4).contains(&n)), "{got:?}");
        }
        let draw = |seed| run_seeded("States.MathRandom(0, 1000000)", json!({}), seed);
        assert_eq!(draw(9), draw(9));
        assert_ne!(draw(9), draw(10));
        give("States.MathRandom(7, 8)", json!({}), Ok(json!(7)));
        // Truncated bounds: [1, 5) here.
        for seed in 0..100 {
            let got = run_seeded("States.MathRandom(1.6, 5.4)", json!({}), seed).ok().and_then(|v| v.as_i64());
            assert!(got.is_some_and(|n| (1..5).contains(&n)));
        }
    }

    #[test]
    fn math_random_with_a_seed_is_javas() {
        // start + new Random(seed).nextInt(end - start).
        give("States.MathRandom(-5, 5, 42)", json!({}), Ok(json!(-5)));
        give("States.MathRandom(1, 100, 42)", json!({}), Ok(json!(63)));
        give("States.MathRandom($.s, $.e, $.seed)", json!({"s": 0, "e": 999, "seed": 1}), Ok(json!(105)));
        give("States.MathRandom(2147483640, 2147483647, 1)", json!({}), Ok(json!(2_147_483_640 + 4)));
    }

    #[test]
    fn math_random_rejects() {
        let bad = "Invalid arguments in States.MathRandom";
        for args in [
            "1, 1",
            "10, 5",
            "1.4, 1.6",
            "'a', 10",
            "1, 'b'",
            "1, 10, 'seed'",
            "1, 10, null",
            "null, 10",
            "-2147483648, 2147483647",
            "0, 3000000000",
        ] {
            give(&format!("States.MathRandom({args})"), json!({}), Err(bad));
        }
        give("States.MathRandom(1)", json!({}), Err(bad));
        give("States.MathRandom(1, 10, 5, 99)", json!({}), Err(bad));
    }
}

//! Test helpers: parse with paths kept as text, resolve `$` and `$.a.b` naively.

use super::{eval, parse, Call, Failure};
use crate::engine::rng::Rng;
use json_value::Value;

/// Parses `text` (paths kept as text), panicking if it does not parse.
pub(super) fn parse_text(text: &str) -> Call<String> {
    match parse(text, &|path: &str| Ok(path.to_owned())) {
        Ok(call) => call,
        Err(error) => panic!("{text} should parse: {error}"),
    }
}

/// Asserts that `text` does not parse, with a message containing `fragment`.
pub(super) fn fails_to_parse(text: &str, fragment: &str) {
    match parse(text, &|path: &str| Ok::<_, String>(path.to_owned())) {
        Ok(call) => panic!("{text} should not parse, got {call:?}"),
        Err(error) => assert!(error.message.contains(fragment), "{text}: {}", error.message),
    }
}

/// Evaluates `text` against `input` with the generator seeded with `seed`.
pub(super) fn run_seeded(text: &str, input: Value, seed: u64) -> Result<Value, Failure> {
    let call = parse_text(text);
    let mut resolve = |path: &String| lookup(&input, path);
    eval(&call, &mut resolve, &mut Rng::new(seed))
}

/// Evaluates `text` against `input`.
pub(super) fn run(text: &str, input: Value) -> Result<Value, Failure> {
    run_seeded(text, input, 7)
}

/// `$` is the input, `$.a.b` its fields; anything else is missing.
fn lookup(input: &Value, path: &str) -> Result<Value, Failure> {
    let missing = || Failure::runtime(format!("no value at {path}"));
    let Some(fields) = path.strip_prefix('$') else {
        return Err(missing());
    };
    let mut value = input;
    for field in fields.split('.').skip(1) {
        value = value.get(field).ok_or_else(missing)?;
    }
    if fields.is_empty() || fields.starts_with('.') {
        Ok(value.clone())
    } else {
        Err(missing())
    }
}

/// Asserts that `text` evaluated against `input` gives `want`; `Err(detail)` is AWS's cause after
/// "There was an error while evaluating the intrinsic function: <text>. ".
pub(super) fn give(text: &str, input: Value, want: Result<Value, &str>) {
    let got = run(text, input);
    let want = want.map_err(|detail| {
        Failure::runtime(format!("There was an error while evaluating the intrinsic function: {text}. {detail}"))
    });
    assert_eq!(got, want, "{text}");
}

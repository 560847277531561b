//! The host API: borrowed input and bindings, host functions, clock, randomness, results.

use json_value::json;
use jsonata::{Environment, Error, Expression, Options, Value};

#[test]
fn evaluates_borrowed_input_and_bindings() {
    let input = json!({"a": {"b": [1, 2, 3]}});
    let states = json!({"input": {"x": "hello"}});
    let expr = Expression::parse("$states.input.x & ' ' & $string($sum(a.b))").unwrap();
    let mut env = Environment::new(Options::default());
    env.bind("states", &states);
    assert_eq!(expr.evaluate(Some(&input), &mut env).unwrap(), Some(json!("hello 6")));
    assert_eq!(expr.source(), "$states.input.x & ' ' & $string($sum(a.b))");
}

#[test]
fn undefined_result_is_none() {
    let expr = Expression::parse("nothing.here").unwrap();
    let input = json!({});
    let mut env = Environment::new(Options::default());
    assert_eq!(expr.evaluate(Some(&input), &mut env).unwrap(), None);
}

#[test]
fn host_functions_and_overrides() {
    let expr = Expression::parse("$double(21) + $random()").unwrap();
    let mut env = Environment::new(Options::default());
    env.register_function("double", Some("<n:n>"), |args| Ok(Value::Number(args[0].as_f64().unwrap_or(0.0) * 2.0)))
        .unwrap();
    env.register_function("random", None, |_| Ok(Value::Number(0.5))).unwrap();
    assert_eq!(expr.evaluate(None, &mut env).unwrap(), Some(json!(42.5)));
    let bad = Expression::parse("$double('x')").unwrap();
    assert_eq!(bad.evaluate(None, &mut env).unwrap_err().code, "T0410");
}

#[test]
fn clock_and_random_come_from_the_host() {
    let mut n = 0.0;
    let mut source = || {
        n += 0.25;
        n - 0.25
    };
    let expr = Expression::parse("[$millis(), $now(), $random(), $random()]").unwrap();
    let mut env = Environment::new(Options::default());
    env.set_now_millis(1_514_764_800_000);
    env.set_random(&mut source);
    let r = expr.evaluate(None, &mut env).unwrap();
    assert_eq!(r, Some(json!([1_514_764_800_000i64, "2018-01-01T00:00:00.000Z", 0, 0.25])));
}

#[test]
fn functions_in_results_are_reported() {
    let expr = Expression::parse("function($x){$x}").unwrap();
    let mut env = Environment::new(Options::default());
    assert_eq!(expr.evaluate(None, &mut env).unwrap_err().code, "U1008");
}

#[test]
fn numbers_convert_like_json_stringify() {
    let expr = Expression::parse("[1.0, 2.5, 1e300, 9007199254740993, -0]").unwrap();
    let mut env = Environment::new(Options::default());
    let r = expr.evaluate(None, &mut env).unwrap().unwrap();
    assert_eq!(r.to_string(), "[1,2.5,1e+300,9007199254740992,0]");
    let s = Expression::parse("$string(123456789012345678)").unwrap();
    assert_eq!(s.evaluate(None, &mut env).unwrap(), Some(json!("123456789012346000")));
}

#[test]
fn errors_display_code_and_message() {
    let expr = Expression::parse("$x()").unwrap();
    let mut env = Environment::new(Options::default());
    let e: Error = expr.evaluate(None, &mut env).unwrap_err();
    assert_eq!(e.to_string(), "T1006: Attempted to invoke a non-function");
}

#[test]
fn object_keys_follow_javascript_order() {
    let expr = Expression::parse("$keys({'b': 1, '10': 2, 'a': 3, '2': 4})").unwrap();
    let mut env = Environment::new(Options::default());
    assert_eq!(expr.evaluate(None, &mut env).unwrap(), Some(json!(["2", "10", "b", "a"])));
}

#[test]
fn expression_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Expression>();
}

#[test]
#[cfg(feature = "regress")]
fn string_indices_follow_javascript() {
    let mut env = Environment::new(Options::default());
    let cases = [
        ("$length('a😀b')", json!(3)),
        ("$substring('a😀bc', 1, 2)", json!("😀b")),
        ("$match('😀a', /a/).index", json!(2)),
        ("$substringBefore('x😀y', 'y')", json!("x😀")),
        ("$split('a😀b', '')", json!(["a", "😀", "b"])),
    ];
    for (src, want) in cases {
        let r = Expression::parse(src).unwrap().evaluate(None, &mut env).unwrap();
        assert_eq!(r, Some(want), "{src}");
    }
}

#[test]
fn borrowed_documents_are_shared_and_read_as_json_parse_reads_them() {
    let input =
        json_value::from_str(r#"{"a": {"x": [1, 2.5]}, "b": {"p": 57.0, "q": [9007199254740993, 1e20]}}"#).unwrap();
    let mut env = Environment::new(Options::default());
    let same = Expression::parse("a").unwrap().evaluate(Some(&input), &mut env).unwrap().unwrap();
    assert!(same.same(&input["a"]), "an untouched document is shared");
    let all = Expression::parse("$").unwrap().evaluate(Some(&input), &mut env).unwrap().unwrap();
    assert_eq!(all.to_string(), r#"{"a":{"x":[1,2.5]},"b":{"p":57,"q":[9007199254740992,100000000000000000000]}}"#);
    assert!(all["a"].same(&input["a"]), "members without such numbers stay shared");
    let big = json_value::from_str("[123456789012345678901234567890, 12345678901234567890, -1e300]").unwrap();
    let mut env = Environment::new(Options::default());
    let r = Expression::parse("$").unwrap().evaluate(Some(&big), &mut env).unwrap().unwrap();
    assert_eq!(r.to_string(), "[1.2345678901234568e+29,12345678901234567000,-1e+300]");
}

#[test]
fn members_len_counts_what_members_iter_gives() {
    let document = json!([1, [2, 3], {"a": 4}]);
    let values = [
        Value::from_json(&document),
        Value::sequence(vec![Value::Number(1.0), Value::Number(2.0)]),
        Value::Number(1.0),
        Value::Undefined,
    ];
    for value in &values {
        assert_eq!(value.members_len(), value.members_iter().count());
    }
    assert_eq!(values[0].members_len(), 3);
}

fn eval(source: &str) -> Result<Option<json_value::Value>, Error> {
    Expression::parse(source).unwrap().evaluate(None, &mut Environment::new(Options::default()))
}

// jsonata-js 2.0.6, evaluateGroupExpression: every pair's key is evaluated (for every item)
// before any value, and a key met again from another pair is D1009.
#[test]
fn object_constructor_keys_come_before_values_and_repeat_is_d1009() {
    assert_eq!(eval("{'a': $x := 'q', $x: 2}").unwrap(), Some(json!({"a": "q"})));
    assert_eq!(eval("{'a': 1, 'b': 2, 'a': 3}").map_err(|e| e.code.clone()), Err("D1009".to_owned()));
    let many: Vec<String> = (0..12).map(|i| format!("'k{i}': {i}")).collect();
    assert_eq!(eval(&format!("{{{}, 'k3': 0}}", many.join(", "))).map_err(|e| e.code.clone()), Err("D1009".to_owned()));
    assert_eq!(eval(&format!("$count($keys({{{}}}))", many.join(", "))).unwrap(), Some(json!(12)));
}

// String literals are shared between their evaluations; each literal keeps its own text.
#[test]
fn repeated_literals_keep_their_own_text() {
    let source = "[1, 2].{'k': 'v' & $string($), 'w': 'z'}";
    assert_eq!(eval(source).unwrap(), Some(json!([{"k": "v1", "w": "z"}, {"k": "v2", "w": "z"}])));
    assert_eq!(eval("{'': '', 'e': ''}").unwrap(), Some(json!({"": "", "e": ""})));
}

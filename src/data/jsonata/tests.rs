use super::*;
use json_value::json;

fn run(source: &str, states: Value) -> Result<Option<Value>, EvalError> {
    let mut variables = Variables::default();
    variables.assign("x".into(), json!({"y": [1, 2]}));
    let mut rng = Rng::new(7);
    let expression = Expression::parse(source).map_err(EvalError::Failed)?;
    expression.eval(&mut Bindings {
        states: &states,
        variables: &variables,
        now_millis: 0,
        rng: &mut rng,
        budget: &mut u64::MAX.clone(),
    })
}

fn failure(source: &str) -> String {
    match run(source, json!({})) {
        Err(EvalError::Failed(message)) => message,
        other => format!("not a failure: {other:?}"),
    }
}

#[test]
fn reads_states_and_variables() {
    let states = json!({"input": {"items": [{"price": 2, "qty": 3}, {"price": 1.5, "qty": 2}]}});
    assert_eq!(run("$sum($states.input.items.(price * qty))", states.clone()), Ok(Some(json!(9))));
    assert_eq!(run("$x.y[1]", states.clone()), Ok(Some(json!(2))));
    assert_eq!(run("{'n': $count($x.y), 'half': 0.5}", states.clone()), Ok(Some(json!({"n": 2, "half": 0.5}))));
    assert_eq!(run("$nothing", states), Ok(None));
}

#[test]
fn documents_are_shared_not_copied() {
    let states = json!({"input": {"order": {"lines": [1, 2, 3]}}});
    let result = run("$states.input.order", states.clone()).ok().flatten().unwrap_or_default();
    assert!(result.same(&states["input"]["order"]));
    let wrapped = run("{'o': $states.input.order}", states.clone()).ok().flatten().unwrap_or_default();
    assert!(wrapped["o"].same(&states["input"]["order"]));
}

#[test]
fn numbers_are_doubles_as_jsonata_js_reads_them() {
    let input = json_value::from_str(r#"{"n": 9007199254740993, "list": [9007199254740993, 57.0], "f": 1e20}"#);
    let states = json_value::object! {"input" => input.unwrap_or_default()};
    let text = |source| run(source, states.clone()).map(|v| v.map(|v| v.to_string()));
    assert_eq!(text("$states.input.n"), Ok(Some("9007199254740992".into())));
    assert_eq!(
        text("$states.input"),
        Ok(Some(r#"{"n":9007199254740992,"list":[9007199254740992,57],"f":100000000000000000000}"#.into()))
    );
    assert_eq!(run("[7.0, -0, 2.5, 1e300]", json!({})), Ok(Some(json!([7, 0, 2.5, 1e300]))));
}

#[test]
fn errors_carry_jsonatas_codes() {
    assert_eq!(failure("$nope(1)"), "T1006: Attempted to invoke a non-function");
    assert_eq!(run("function($a){$a}", json!({})), Err(EvalError::Unsupported));
    assert!(Expression::parse("1 +").is_err_and(|m| m.starts_with("S0207")));
}

#[test]
fn runaway_expressions_stop_with_an_error() {
    let deep = failure("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))");
    assert!(deep.starts_with("U1001: Stack overflow error"), "{deep}");
    let endless = failure("($f := function($n){ $f($n + 1) }; $f(0))");
    assert_eq!(endless, "U1001: Expression evaluation timeout: Check for infinite loop");
    assert!(failure("$count([1..10000000])").starts_with("U1003"));
    assert!(failure("[1..100000000]").starts_with("D2014"));
}

#[test]
fn aws_functions() {
    assert_eq!(run("$partition([1,2,3], 2)", json!({})), Ok(Some(json!([[1, 2], [3]]))));
    assert_eq!(run("$range(1, 1)", json!({})), Ok(Some(json!(1))));
    assert_eq!(run("$range(0, 4, 2)", json!({})), Ok(Some(json!([0, 2, 4]))));
    assert!(failure("$range(1, 100000000, 1)").starts_with("$range: the range has more than 1000 items"));
    assert_eq!(run("$hash('abc', 'MD5')", json!({})), Ok(Some(json!("900150983cd24fb0d6963f7d28e17f72"))));
    assert_eq!(run("$parse('{\"a\":[1, 2.5]}').a[1]", json!({})), Ok(Some(json!(2.5))));
    assert_eq!(run("$random(4) = $random(4)", json!({})), Ok(Some(json!(true))));
    assert_eq!(run("$length($uuid())", json!({})), Ok(Some(json!(36))));
    assert_eq!(failure("$eval('1')"), "$eval is not supported by Step Functions");
}

#[test]
fn clock_and_randomness_are_the_executions() {
    let states = json!({});
    let (variables, mut rng) = (Variables::default(), Rng::new(7));
    let expression = Expression::parse("[$millis(), $now(), $random(), $shuffle([1, 2, 3])]").ok();
    let mut bindings = Bindings {
        states: &states,
        variables: &variables,
        now_millis: 86_400_000,
        rng: &mut rng,
        budget: &mut u64::MAX.clone(),
    };
    let first = expression.as_ref().map(|e| e.eval(&mut bindings));
    assert_eq!(
        first.clone().and_then(Result::ok).flatten().map(|v| v[1].clone()),
        Some(json!("1970-01-02T00:00:00.000Z"))
    );
    let mut again = Rng::new(7);
    let mut bindings = Bindings {
        states: &states,
        variables: &variables,
        now_millis: 86_400_000,
        rng: &mut again,
        budget: &mut u64::MAX.clone(),
    };
    assert_eq!(expression.as_ref().map(|e| e.eval(&mut bindings)), first);
    assert_ne!(again, Rng::new(7), "the generator advanced");
}

#[test]
fn regular_expressions_work_natively() {
    assert_eq!(run("$replace('a-b-c', /-/, '+')", json!({})), Ok(Some(json!("a+b+c"))));
    assert_eq!(run("$match('x😀y', /y/).index", json!({})), Ok(Some(json!(3))));
}

/// Our documents nest at most 1,000 levels (engine::size::MAX_DEPTH).
const DOCUMENT_DEPTH: usize = 1000;

#[test]
fn the_value_depth_covers_our_deepest_documents() {
    let mut deep = json!(1);
    for _ in 0..DOCUMENT_DEPTH {
        deep = Value::from(vec![deep]);
    }
    let states = json_value::object! {"input" => deep};
    let text = run("$string($states)", states.clone()).ok().flatten().and_then(|v| v.as_str().map(str::len));
    assert_eq!(text, Some(r#"{"input":}"#.len() + 2 * DOCUMENT_DEPTH + 1));
    assert_eq!(run("$states = $states", states), Ok(Some(json!(true))));
}

#[test]
fn names_are_found_in_the_source() {
    assert_eq!(mentioned_names("$a + $states.input.b + $sum($c) + $a"), ["a", "sum", "c"]);
}

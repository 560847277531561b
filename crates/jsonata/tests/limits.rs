//! Resource limits: every hostile input ends in an error, never a crash.
//! Each test runs on a thread with a 1 MiB stack (like a wasm32 browser tab) in
//! optimised builds; unoptimised (debug) frames are several times larger, so
//! debug runs of these tests use 8 MiB.

use jsonata::{Environment, Error, Expression, Options};

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let mib = if cfg!(debug_assertions) { 8 } else { 1 };
    std::thread::Builder::new().stack_size(mib * 1024 * 1024).spawn(f).unwrap().join().unwrap()
}

/// A result as JSON text (values are not `Send`: they stay on the thread that made them).
fn text(result: Result<Option<json_value::Value>, Error>) -> Result<Option<String>, Error> {
    result.map(|value| value.map(|v| v.to_json_string()))
}

fn eval_with(src: &str, options: Options) -> Result<Option<json_value::Value>, Error> {
    let expr = Expression::parse(src)?;
    let mut env = Environment::new(options);
    expr.evaluate(None, &mut env)
}

fn eval(src: &str) -> Result<Option<json_value::Value>, Error> {
    eval_with(src, Options::default())
}

#[test]
fn deep_recursion_is_a_stack_overflow_error() {
    let err = on_small_stack(|| eval("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))").unwrap_err());
    assert_eq!(err.code, "U1001");
    assert_eq!(
        err.text(),
        "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
    );
}

#[test]
fn endless_tail_recursion_times_out_deterministically() {
    let src = "($f := function($n){ $f($n + 1) }; $f(0))";
    let options = Options { max_steps: 100_000, ..Options::default() };
    let a = on_small_stack(move || eval_with(src, options).unwrap_err());
    let b = on_small_stack(move || eval_with(src, options).unwrap_err());
    assert_eq!(a.code, "U1001");
    assert_eq!(a.text(), "Expression evaluation timeout: Check for infinite loop");
    assert_eq!(a, b);
}

#[test]
fn tail_recursion_runs_in_constant_stack() {
    let r = on_small_stack(|| {
        text(eval("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(50000, 0))"))
    });
    assert_eq!(r.unwrap().as_deref(), Some("50000"));
}

#[test]
fn huge_range_is_rejected_before_allocation() {
    assert_eq!(eval("[1..100000000]").unwrap_err().code, "D2014");
    let small = Options { max_sequence_length: 1000, ..Options::default() };
    assert_eq!(eval_with("[1..5000]", small).unwrap_err().code, "U1003");
}

#[test]
fn deeply_nested_source_fails_cleanly() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{\"a\":", "}"), ("-", ""), ("$f(", ")")] {
        let src = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let err = on_small_stack(move || Expression::parse(&src).unwrap_err());
        assert_eq!(err.code, "U1005", "{open}");
    }
    let chain = format!("1{}", "+1".repeat(100_000));
    assert_eq!(on_small_stack(move || Expression::parse(&chain).unwrap_err()).code, "U1005");
}

#[test]
fn moderately_nested_source_still_works() {
    let src = format!("{}1{}", "(".repeat(150), ")".repeat(150));
    assert_eq!(on_small_stack(move || text(eval(&src))).unwrap().as_deref(), Some("1"));
    let path = format!("a{}", ".b".repeat(300));
    assert!(on_small_stack(move || Expression::parse(&path)).is_ok());
}

#[test]
fn reduce_building_a_100000_deep_object_is_converted_without_recursion() {
    // the result is built without a depth check (no traversal recurses); converting it to a
    // document, measuring its depth and dropping it do not recurse either
    let src = "$reduce([1..100000], function($acc, $v){ {\"a\": $acc} }, {})";
    let depth = on_small_stack(move || eval(src).map(|v| v.map(|v| v.depth())));
    assert_eq!(depth.unwrap(), Some(100_001));
    // the value is also dropped without recursion when it is not returned
    let src = "($x := $reduce([1..100000], function($acc, $v){ [$acc] }, []); 1)";
    assert_eq!(on_small_stack(move || text(eval(src))).unwrap().as_deref(), Some("1"));
}

#[test]
fn deep_values_are_bounded_in_every_traversal() {
    let deep = "$reduce([1..5000], function($acc, $v){ {\"a\": $acc} }, {})";
    for wrap in ["$string(%)", "% = %", "$clone(%)", "$keys([%])", "%.**"] {
        let src = wrap.replace('%', deep);
        let r = on_small_stack(move || eval(&src).map(|v| v.map(|v| v.depth())));
        match r {
            Err(e) => assert!(e.code == "U1002" || e.code == "U1003", "{wrap}: {e}"),
            Ok(_) if wrap == "%.**" || wrap == "$keys([%])" => {}
            Ok(v) => panic!("{wrap}: {v:?}"),
        }
    }
}

#[test]
fn string_growth_is_bounded() {
    let small = Options { max_string_length: 1000, ..Options::default() };
    assert_eq!(eval_with("$pad('x', 100000000)", small).unwrap_err().code, "U1004");
    assert_eq!(eval_with("$join([1..2000].$string(), ',')", small).unwrap_err().code, "U1004");
    assert_eq!(eval_with("$reduce([1..2000], function($a, $v){ $a & 'xy' }, '')", small).unwrap_err().code, "U1004");
    assert_eq!(eval_with("$string([1..2000])", small).unwrap_err().code, "U1004");
}

#[test]
fn numeric_results_must_be_finite() {
    assert_eq!(eval("1/0").unwrap_err().code, "D1001");
    assert_eq!(eval("(1/0) + 1").unwrap_err().code, "D1001");
}

#[test]
fn hostile_signatures_are_bounded() {
    // a signature that makes a backtracking regex explode, and a very long one
    let opt = "n?".repeat(40);
    let req = "n".repeat(40);
    let args = vec!["1"; 45].join(", ");
    let src = format!("function($a)<{opt}{req}>{{1}}({args})");
    let r = on_small_stack(move || eval(&src).map(drop));
    assert!(r.is_ok() || r.as_ref().is_err_and(|e| e.code == "T0410"), "{r:?}");
    let long = format!("function($a)<{}>{{$a}}(1)", "n".repeat(20_000));
    let r = on_small_stack(move || eval(&long).map(drop));
    assert_eq!(r.unwrap_err().code, "T0410");
}

#[test]
fn huge_picture_widths_are_bounded() {
    let small = Options { max_string_length: 1000, ..Options::default() };
    assert_eq!(eval_with("$fromMillis(0, '[Y,999999999]')", small).unwrap_err().code, "U1004");
    assert_eq!(eval_with("$formatInteger(1e15, 'I')", small).unwrap_err().code, "U1004");
}

#[test]
fn deeply_nested_arrays_are_bounded() {
    let deep = "$reduce([1..20000], function($a, $v){ $zip($a) }, [1])";
    for wrap in ["$boolean(%)", "$spread(%)", "$string(%)", "% = %", "$count(%) ", "%", "[%].**", "$not(%)", "%[0]"] {
        let src = wrap.replace('%', deep);
        let r = on_small_stack(move || eval(&src).map(drop));
        if let Err(e) = &r {
            assert!(e.code == "U1002" || e.code == "U1003", "{wrap}: {e}");
        }
    }
}

#[test]
fn work_without_evaluate_calls_is_charged_to_the_step_budget() {
    let timeout = "Expression evaluation timeout: Check for infinite loop";
    let options = Options { max_steps: 5_000_000, ..Options::default() };
    for src in [
        "$distinct([1..100000])",
        "$map([1..10000], function($v){ [1..1000000] })",
        "($b := [1..1000000]; $map([1..1000], function($v){ $append($b, []) }))",
        "($s := $join([1..100000].$string()); $map([1..100000], function($v){ $uppercase($s) }))",
        "$map([1..10000], function($v){ $pad('x', 10000000) })",
        "($a := [1..1000000]; $b := [1..1000000]; $map([1..1000], function($v){ $a = $b }))",
    ] {
        let t = std::time::Instant::now();
        let e = on_small_stack(move || eval_with(src, options).unwrap_err());
        assert_eq!((e.code.as_str(), e.text()), ("U1001", timeout.to_string()), "{src}");
        assert!(t.elapsed().as_secs() < 30, "{src} took {:?}", t.elapsed());
    }
    // jsonata's own allowance still fits the default budget
    assert_eq!(on_small_stack(|| text(eval("$count([1..10000000])"))).unwrap().as_deref(), Some("10000000"));
}

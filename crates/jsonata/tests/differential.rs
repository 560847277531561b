//! Regression test against recorded jsonata-js 2.0.6 outputs: ~2,600 expressions
//! (number formatting, pictures, strings, paths, tuples, errors...) whose results the
//! reference implementation produced (`tests/fixtures/jsonata_js_2_0_6.json`).
//! Needs a regex engine, hence the `regress` feature.
#![cfg(feature = "regress")]

use jsonata::{Environment, Expression, Options};
use serde_json::{json, Value as Json};

/// Numbers compared as doubles; null fields of error objects dropped.
fn normalise(v: &Json) -> Json {
    match v {
        Json::Number(n) => json!(n.as_f64()),
        Json::Array(a) => Json::Array(a.iter().map(normalise).collect()),
        Json::Object(m) => Json::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null() || !m.contains_key("code"))
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn run(case: &Json, datasets: &Json) -> Json {
    let src = case["expr"].as_str().unwrap_or_default();
    let data = case.get("data").and_then(Json::as_str).map(|d| json_value::Value::from(&datasets[d]));
    let bindings: Vec<(String, json_value::Value)> = match case.get("bindings") {
        Some(Json::Object(b)) => b.iter().map(|(k, v)| (k.clone(), json_value::Value::from(v))).collect(),
        _ => Vec::new(),
    };
    let mut env = Environment::new(Options::default());
    for (k, v) in &bindings {
        env.bind(k, v);
    }
    match Expression::parse(src).and_then(|e| e.evaluate(data.as_ref(), &mut env)) {
        Ok(Some(v)) => json!({ "ok": v.to_serde() }),
        Ok(None) => json!({ "undef": true }),
        Err(e) => json!({"code": e.code, "message": e.text(), "position": e.position, "token": e.token}),
    }
}

#[test]
fn agrees_with_jsonata_js() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jsonata_js_2_0_6.json"))
        .expect("fixture");
    let fixture: Json = serde_json::from_str(&text).expect("fixture json");
    let datasets = &fixture["datasets"];
    let cases = fixture["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let got = normalise(&run(case, datasets));
        let want = normalise(&case["expect"]);
        if got != want {
            failures.push(format!("{}\n  want {want}\n  got  {got}", case["expr"]));
        }
    }
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

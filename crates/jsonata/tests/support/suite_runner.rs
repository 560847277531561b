//! The jsonata-js 2.0.6 test-suite runner (as test/run-test-suite.js runs it),
//! shared by `examples/suite.rs` and `tests/suite.rs`.

use jsonata::{Environment, Expression, Options};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

struct Outcome {
    ok: bool,
    detail: String,
}

fn read_json(path: &Path) -> Result<Json, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| format!("unreadable test file: {e}"))
}

/// chai's deep equality (object key order ignored; numbers compared as doubles).
fn deep_equal(a: &Json, b: &Json, unordered: bool) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if unordered {
                let mut used = vec![false; y.len()];
                return x.iter().all(|xi| {
                    let found = y.iter().enumerate().position(|(j, yj)| !used[j] && deep_equal(xi, yj, false));
                    found.map(|j| used[j] = true).is_some()
                });
            }
            x.iter().zip(y).all(|(p, q)| deep_equal(p, q, false))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w, false)))
        }
        _ => a == b,
    }
}

fn run_case(case: &Json, datasets: &BTreeMap<String, Json>, group_dir: &Path) -> Outcome {
    let fail = |d: String| Outcome { ok: false, detail: d };
    let expr_src = match (case.get("expr"), case.get("expr-file")) {
        (Some(Json::String(s)), _) => s.clone(),
        (_, Some(Json::String(f))) => match fs::read_to_string(group_dir.join(f)) {
            Ok(s) => s,
            Err(e) => return fail(format!("expr-file: {e}")),
        },
        _ => return fail("no expr".into()),
    };
    let expected_code = case
        .get("code")
        .and_then(Json::as_str)
        .map(str::to_string)
        .or_else(|| case.get("error").and_then(|e| e.get("code")).and_then(Json::as_str).map(str::to_string));
    let expr = match Expression::parse(&expr_src) {
        Ok(e) => e,
        Err(e) => {
            return match &expected_code {
                Some(c) if *c == e.code => check_token(case, &e),
                _ => fail(format!("parse error {e}")),
            }
        }
    };
    let mut options = Options::default();
    if let (Some(t), Some(d)) = (case.get("timelimit").and_then(Json::as_u64), case.get("depth").and_then(Json::as_u64))
    {
        options.max_steps = t * 3000;
        options.max_depth = d as usize;
    }
    let data: Option<&Json> = if let Some(d) = case.get("data") {
        Some(d)
    } else {
        match case.get("dataset") {
            None | Some(Json::Null) => None,
            Some(Json::String(name)) => match datasets.get(name) {
                Some(d) => Some(d),
                None => return fail(format!("missing dataset {name}")),
            },
            _ => None,
        }
    };
    let data = data.map(json_value::Value::from);
    let bindings: Vec<(String, json_value::Value)> = match case.get("bindings") {
        Some(Json::Object(b)) => b.iter().map(|(k, v)| (k.clone(), json_value::Value::from(v))).collect(),
        _ => Vec::new(),
    };
    let mut env = Environment::new(options);
    env.set_now_millis(1_700_000_000_000);
    for (k, v) in &bindings {
        env.bind(k, v);
    }
    let result = expr.evaluate(data.as_ref(), &mut env).map(|r| r.map(|r| r.to_serde()));
    if case.get("undefinedResult").is_some() {
        return match result {
            Ok(None) => Outcome { ok: true, detail: String::new() },
            other => fail(format!("expected undefined, got {other:?}")),
        };
    }
    if let Some(expected) = case.get("result") {
        let unordered = case.get("unordered").and_then(Json::as_bool).unwrap_or(false);
        return match result {
            Ok(Some(r)) if deep_equal(&r, expected, unordered) => Outcome { ok: true, detail: String::new() },
            Ok(r) => {
                fail(format!("expected {expected}, got {}", r.map(|r| r.to_string()).unwrap_or("undefined".into())))
            }
            Err(e) => fail(format!("expected {expected}, got error {e}")),
        };
    }
    if let Some(code) = expected_code {
        return match result {
            Err(e) if e.code == code => check_error(case, &e),
            Err(e) => fail(format!("expected code {code}, got {e}")),
            Ok(r) => fail(format!("expected code {code}, got {r:?}")),
        };
    }
    fail("nothing to test".into())
}

fn check_token(case: &Json, e: &jsonata::Error) -> Outcome {
    if let Some(t) = case.get("token").and_then(Json::as_str) {
        if e.token.as_deref() != Some(t) {
            return Outcome { ok: false, detail: format!("token {:?} != {t}", e.token) };
        }
    }
    Outcome { ok: true, detail: String::new() }
}

fn check_error(case: &Json, e: &jsonata::Error) -> Outcome {
    if let Some(Json::Object(spec)) = case.get("error") {
        for (k, v) in spec {
            let ok = match (k.as_str(), v) {
                ("code", _) => true,
                ("message", Json::String(m)) => e.text() == *m,
                ("token", Json::String(t)) => e.token.as_deref() == Some(t.as_str()),
                ("position", Json::Number(p)) => e.position.map(|x| x as u64) == p.as_u64(),
                _ => true,
            };
            if !ok {
                return Outcome {
                    ok: false,
                    detail: format!("error field {k}: expected {v}, got {e:?} / {}", e.text()),
                };
            }
        }
    }
    check_token(case, e)
}

/// Outcome of a suite run.
pub struct Summary {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Failures by group: `file[index] `expr`: reason`.
    pub failures: BTreeMap<String, Vec<String>>,
}

fn load_datasets(dir: &Path) -> BTreeMap<String, Json> {
    let mut datasets = BTreeMap::new();
    for entry in fs::read_dir(dir.join("datasets")).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".json").to_string();
        if let Ok(j) = read_json(&entry.path()) {
            datasets.insert(name, j);
        }
    }
    datasets
}

fn sorted_paths(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

/// Runs every case of the suite in `dir` (groups whose name contains `filter`, if given).
pub fn run(dir: &Path, filter: Option<&str>) -> Summary {
    let datasets = load_datasets(dir);
    let mut summary = Summary { passed: 0, failed: 0, failures: BTreeMap::new() };
    for g in sorted_paths(&dir.join("groups")) {
        let gname = g.file_name().unwrap_or_default().to_string_lossy().to_string();
        if filter.is_some_and(|f| !gname.contains(f)) {
            continue;
        }
        for f in sorted_paths(&g).into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
            run_file(&f, &g, &gname, &datasets, &mut summary);
        }
    }
    summary
}

fn run_file(f: &Path, g: &Path, gname: &str, datasets: &BTreeMap<String, Json>, summary: &mut Summary) {
    let fname = f.file_name().unwrap_or_default().to_string_lossy().to_string();
    let cases = match read_json(f) {
        Ok(Json::Array(a)) => a,
        Ok(j) => vec![j],
        Err(e) => {
            summary.failed += 1;
            summary.failures.entry(gname.to_string()).or_default().push(format!("{fname}: {e}"));
            return;
        }
    };
    for (i, case) in cases.iter().enumerate() {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(case, datasets, g)))
            .unwrap_or_else(|_| Outcome { ok: false, detail: "PANIC".into() });
        if out.ok {
            summary.passed += 1;
        } else {
            summary.failed += 1;
            let expr = case.get("expr").and_then(Json::as_str).unwrap_or("<file>");
            summary
                .failures
                .entry(gname.to_string())
                .or_default()
                .push(format!("{fname}[{i}] `{expr}`: {}", out.detail));
        }
    }
}

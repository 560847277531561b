//! The hostile corpus: definitions, inputs and mock configs built to exhaust the interpreter (deep
//! values, result bombs, endless loops, huge ranges, bad bytes, bombs and garbage). Every case
//! runs through the built `asl` binary under a 1 GiB address-space limit (`ulimit -v`) and a 10 s
//! wall clock, and must end with the clear error (or the correct result) its file expects.
//!
//! One case per file, `tests/hostile/<name>.json`, one `#[test]` each (listed in `cases!` below;
//! `every_case_file_is_listed` fails when a file and the list disagree):
//!
//! ```text
//! {
//!   "why": "what the case attacks, the right outcome and why (AWS's documented behaviour, or 'our limit')",
//!   "command": "run" | "validate",            (optional, default "run")
//!   "args": ["--history-file", "/dev/null"],  (optional, more arguments; relative paths are in the sandbox)
//!   the definition, one of:
//!     "definition": <JSON value>              written compactly
//!     "definition": "<text>"                  a string is the definition's text itself
//!     "definition_text": <recipe>             text generated from a recipe (below)
//!     "definition_text_file": "<file>"        raw bytes of a file next to the case (not named *.json)
//!   the input, optional (none: asl runs with `{}`), one of:
//!     "input": <JSON value> | "input_text": <recipe> | "input_text_file": "<file>"
//!   the mocks, optional: "mock_config": <MockConfigFile object> | "mock_config_text": <recipe>
//!     (run with `--name` and `--test-case` set to its first state machine and first test case)
//!   "expect": {
//!     "exit": 0 | 1 | 2,                      the exit code (0 ran, 1 refused input or files, 2 INVALID_DEFINITION)
//!     "status": "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "INVALID_DEFINITION" | "VALID",   (optional)
//!     "error": "States.Runtime",              (optional) the report's error; for INVALID_DEFINITION the
//!                                             first diagnostic's code (INVALID_JSON_DESCRIPTION, …)
//!     "message_contains": "…",                (optional) in the cause, the first diagnostic's message or stderr
//!     "output": <JSON value>,                 (optional) the output, compared as serde_json values
//!     "output_json": <recipe>                 (optional) the output's text exactly as printed (big numbers,
//!                                             -0.0, values too deep for the case file itself)
//!   },
//!   "known_failure": "reason"                 (optional) the interpreter misbehaves today: the case is
//!                                             reported, not failed; once it passes the test fails until
//!                                             the marker is removed
//! }
//! ```
//!
//! A recipe builds text without storing it: a string is itself; an array is its recipes one after
//! another; `{"repeat": <recipe>, "times": n, "separator": "…"}` is n copies, in which `{i}` and
//! `{i+1}` become the copy's index from 0 (and that plus one); `{"tree": "<template>", "leaf":
//! <recipe>, "depth": n}` is the leaf put n times into the template in place of `{sub}`;
//! `{"hex": "efbbbf"}` is raw bytes; `{"json": <value>}` is a value as compact JSON.
//!
//! Run: `cargo test --test hostile [-- <case> --nocapture]` (the binary of the test's profile:
//! add `--release` for the optimized one; each case prints its verdict, time and peak RSS, sampled
//! from /proc every 2 ms). Environment: `HOSTILE_KEEP=1` keeps every sandbox (the case's files,
//! stdout and stderr) and prints the command that reproduces the run; `HOSTILE_REPORT=<file>`
//! appends one tab-separated line per case (name, result, seconds, peak RSS in KiB, detail).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The wall clock a case may take.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The address space a case may use, in KiB (`ulimit -v`): 1 GiB.
const MEMORY_LIMIT_KIB: u64 = 1_048_576;
/// The most stdout a case may print that the harness reads.
const MAX_STDOUT: u64 = 64 << 20;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run_case(stringify!($name)); })*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    choice_loop_50kb_input,
    choice_loop_50kb_input_history_file,
    definition_10000_states,
    definition_2mb,
    definition_bad_utf8,
    definition_bom,
    definition_deep_brackets_100k,
    definition_duplicate_field,
    definition_duplicate_state_name,
    definition_empty,
    definition_garbage_bytes,
    definition_number_1e400,
    definition_result_above_2_64,
    definition_truncated,
    definition_yaml_alias_bomb,
    definition_yaml_alias_string_bomb,
    input_2_pow_53_plus_1,
    input_above_2_64,
    input_bad_utf8,
    input_bom,
    input_deep_1000,
    input_deep_100k,
    input_huge_string,
    input_negative_zero,
    input_not_json,
    input_number_1e400,
    intrinsic_array_range_billion,
    intrinsic_format_huge_string,
    intrinsic_format_nested_bomb,
    intrinsic_nested_calls,
    intrinsic_string_split_bomb,
    intrinsic_string_to_json_deep,
    jsonata_deep_parentheses,
    jsonata_endless_recursion,
    jsonata_range_100m,
    jsonata_reduce_deep_object,
    jsonata_states_range_100m,
    jsonata_time_bomb,
    jsonata_heavy_choice_loop,
    jsonpath_deep_filter,
    jsonpath_descendant_scan_x12,
    map_100k_items,
    map_iteration_results_bomb,
    map_jsonata_items_100k,
    map_nested_100,
    map_nested_24,
    map_nested_fanout_24,
    mock_config_300_ranges_retry_forever,
    mock_config_range_beyond_u64,
    parallel_nested_100,
    parallel_nested_24,
    pass_chain_wraps_input_3000,
    wait_loop_virtual_year,
}

#[test]
fn every_case_file_is_listed() {
    let mut files: Vec<String> = fs::read_dir(hostile_dir())
        .expect("tests/hostile exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "tests/hostile/*.json and the cases! list in tests/hostile.rs differ");
}

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    timed_out: bool,
    elapsed: Duration,
    peak_kib: Option<u64>,
    stdout: String,
    stderr: String,
}

fn run_case(name: &str) {
    let path = hostile_dir().join(format!("{name}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(case["why"].as_str().is_some_and(|w| !w.is_empty()), "{name}: the case needs a \"why\"");
    let sandbox = std::env::temp_dir().join(format!("asl-hostile-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&sandbox);
    fs::create_dir_all(&sandbox).expect("sandbox");
    let args = write_files(name, &case, &sandbox).unwrap_or_else(|e| panic!("{name}: {e}"));
    let run = execute(&sandbox, &args);
    let problems = check(&case["expect"], &run);
    let known = case["known_failure"].as_str();
    let verdict = match (problems.is_empty(), known) {
        (true, None) => "PASS",
        (false, Some(_)) => "KNOWN FAILURE",
        (true, Some(_)) => "FIXED",
        (false, None) => "FAIL",
    };
    let detail = if problems.is_empty() { String::new() } else { problems.join("; ") };
    report(name, verdict, &run, &detail);
    let keep = std::env::var_os("HOSTILE_KEEP").is_some() || verdict == "FAIL";
    let repro = reproduction(&sandbox, &args);
    if keep {
        eprintln!("hostile {name}: files kept; reproduce with:\n  {repro}");
    } else {
        let _ = fs::remove_dir_all(&sandbox);
    }
    match verdict {
        "FAIL" => panic!("{name}: {detail}\n  reproduce: {repro}"),
        "FIXED" => panic!(
            "{name} passes now: remove \"known_failure\" ({}) from tests/hostile/{name}.json",
            known.unwrap_or_default()
        ),
        _ => {}
    }
}

/// Writes the case's definition, input and mock config into `sandbox`; the arguments after `asl`.
fn write_files(name: &str, case: &Value, sandbox: &Path) -> Result<Vec<String>, String> {
    let command = case["command"].as_str().unwrap_or("run").to_owned();
    let definition = match (&case["definition"], &case["definition_text"], &case["definition_text_file"]) {
        (Value::String(text), Value::Null, Value::Null) => text.as_bytes().to_vec(),
        (Value::Null, Value::Null, Value::Null) => return Err("no definition".into()),
        (value, Value::Null, Value::Null) => value.to_string().into_bytes(),
        (Value::Null, recipe, Value::Null) => render(recipe)?,
        (Value::Null, Value::Null, Value::String(file)) => read_beside(file)?,
        _ => return Err("more than one of definition, definition_text, definition_text_file".into()),
    };
    fs::write(sandbox.join("definition.json"), definition).map_err(|e| e.to_string())?;
    let mut args = vec![command, "definition.json".to_owned()];
    let input = match (&case["input"], &case["input_text"], &case["input_text_file"]) {
        (Value::Null, Value::Null, Value::Null) => None,
        (value, Value::Null, Value::Null) => Some(value.to_string().into_bytes()),
        (Value::Null, recipe, Value::Null) => Some(render(recipe)?),
        (Value::Null, Value::Null, Value::String(file)) => Some(read_beside(file)?),
        _ => return Err("more than one of input, input_text, input_text_file".into()),
    };
    if let Some(input) = input {
        fs::write(sandbox.join("input.json"), input).map_err(|e| e.to_string())?;
        args.extend(["--input".to_owned(), "input.json".to_owned()]);
    }
    let mocks = match (&case["mock_config"], &case["mock_config_text"]) {
        (Value::Null, Value::Null) => None,
        (value, Value::Null) => Some(value.to_string().into_bytes()),
        (Value::Null, recipe) => Some(render(recipe)?),
        _ => return Err("both mock_config and mock_config_text".into()),
    };
    if let Some(mocks) = mocks {
        let config: Value = serde_json::from_slice(&mocks).map_err(|e| format!("{name}: mock config: {e}"))?;
        let machines = config["StateMachines"].as_object().ok_or("mock config without StateMachines")?;
        let (machine, spec) = machines.iter().next().ok_or("mock config without a state machine")?;
        let cases = spec["TestCases"].as_object().ok_or("mock config without TestCases")?;
        let test_case = cases.keys().next().ok_or("mock config without a test case")?;
        fs::write(sandbox.join("mock-config.json"), &mocks).map_err(|e| e.to_string())?;
        args.extend(
            ["--mock-config", "mock-config.json", "--name", machine, "--test-case", test_case].map(String::from),
        );
    }
    for arg in case["args"].as_array().into_iter().flatten() {
        args.push(arg.as_str().ok_or("args must be strings")?.to_owned());
    }
    Ok(args)
}

fn read_beside(file: &str) -> Result<Vec<u8>, String> {
    if file.contains('/') || file.starts_with('.') {
        return Err(format!("{file}: a file next to the case, by its name"));
    }
    fs::read(hostile_dir().join(file)).map_err(|e| format!("{file}: {e}"))
}

/// The text a recipe builds (see the module documentation).
fn render(recipe: &Value) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    render_into(recipe, &mut out)?;
    Ok(out)
}

fn render_into(recipe: &Value, out: &mut Vec<u8>) -> Result<(), String> {
    match recipe {
        Value::String(text) => out.extend_from_slice(text.as_bytes()),
        Value::Array(parts) => parts.iter().try_for_each(|part| render_into(part, out))?,
        Value::Object(map) if map.contains_key("repeat") => {
            let body = String::from_utf8(render(&map["repeat"])?).map_err(|_| "repeat: not UTF-8")?;
            let times = map.get("times").and_then(Value::as_u64).ok_or("repeat needs \"times\"")?;
            let separator = map.get("separator").and_then(Value::as_str).unwrap_or_default();
            for i in 0..times {
                if i > 0 {
                    out.extend_from_slice(separator.as_bytes());
                }
                if body.contains("{i") {
                    let copy = body.replace("{i+1}", &(i + 1).to_string()).replace("{i}", &i.to_string());
                    out.extend_from_slice(copy.as_bytes());
                } else {
                    out.extend_from_slice(body.as_bytes());
                }
            }
        }
        Value::Object(map) if map.contains_key("tree") => {
            let template = map["tree"].as_str().ok_or("tree: a template string")?;
            let depth = map.get("depth").and_then(Value::as_u64).ok_or("tree needs \"depth\"")?;
            let mut text = String::from_utf8(render(map.get("leaf").ok_or("tree needs \"leaf\"")?)?)
                .map_err(|_| "tree: the leaf is not UTF-8")?;
            for _ in 0..depth {
                text = template.replace("{sub}", &text);
            }
            out.extend_from_slice(text.as_bytes());
        }
        Value::Object(map) if map.contains_key("hex") => {
            let hex = map["hex"].as_str().ok_or("hex: a string")?;
            let digits: Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            for pair in digits.chunks(2) {
                let pair = std::str::from_utf8(pair).map_err(|_| "hex: not hex")?;
                out.push(u8::from_str_radix(pair, 16).map_err(|_| format!("hex: \"{pair}\" is not a byte"))?);
            }
        }
        Value::Object(map) if map.contains_key("json") => out.extend_from_slice(map["json"].to_string().as_bytes()),
        other => return Err(format!("not a recipe: {other}")),
    }
    Ok(())
}

/// Runs `asl <args>` in `sandbox` under the limits: stdout and stderr go to files there; the
/// peak RSS is sampled from /proc every 2 ms while it runs (Linux; `exec` keeps the process id),
/// so a run shorter than that has none and the last 2 ms of growth may be missed.
fn execute(sandbox: &Path, args: &[String]) -> Run {
    let file = |name: &str| Stdio::from(fs::File::create(sandbox.join(name)).expect("sandbox file"));
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(sandbox)
        .stdin(Stdio::null())
        .stdout(file("stdout"))
        .stderr(file("stderr"))
        .spawn()
        .expect("sh starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = None;
    let mut timed_out = false;
    let status = loop {
        if let Some(kib) = fs::read_to_string(&status_file).ok().as_deref().and_then(asl_high_water_mark) {
            peak_kib = Some(peak_kib.map_or(kib, |p: u64| p.max(kib)));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    let read = |name: &str| {
        let path = sandbox.join(name);
        match fs::metadata(&path).map(|m| m.len()) {
            Ok(len) if len > MAX_STDOUT => format!("<{len} bytes, too many to read>"),
            _ => String::from_utf8_lossy(&fs::read(&path).unwrap_or_default()).into_owned(),
        }
    };
    Run { code: status.code(), timed_out, elapsed, peak_kib, stdout: read("stdout"), stderr: read("stderr") }
}

/// `VmHWM` (the peak resident set so far, in KiB) of a /proc status text, once `sh` has become `asl`.
fn asl_high_water_mark(status: &str) -> Option<u64> {
    let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    if field("Name:")? != "asl" {
        return None;
    }
    field("VmHWM:")?.split_whitespace().next()?.parse().ok()
}

/// What `run` did that `expect` does not allow, in words.
fn check(expect: &Value, run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.timed_out {
        problems.push(format!("did not finish within {} s (killed)", TIME_LIMIT.as_secs()));
        return problems;
    }
    let Some(code) = run.code else {
        problems.push(format!("killed by a signal (crash or out of memory); stderr: {}", tail(&run.stderr)));
        return problems;
    };
    if Some(i64::from(code)) != expect["exit"].as_i64() {
        problems.push(format!("exit code {code}, expected {}; stderr: {}", expect["exit"], tail(&run.stderr)));
    }
    // The report's members one by one: serde_json stops at 128 levels, and outputs may nest 1,000.
    let stdout = run.stdout.trim();
    let member = |key: &str| raw_member(stdout, key).and_then(|raw| serde_json::from_str(raw).ok());
    let report: Value = ["status", "error", "cause", "errors"]
        .into_iter()
        .filter_map(|key| Some((key.to_owned(), member(key)?)))
        .collect::<serde_json::Map<String, Value>>()
        .into();
    let first = &report["errors"][0];
    let invalid = report["status"] == "INVALID_DEFINITION";
    let mut field = |key: &str, found: &Value| {
        if let Some(want) = expect.get(key) {
            if found != want {
                problems.push(format!("{key} {found}, expected {want}"));
            }
        }
    };
    field("status", &report["status"]);
    field("error", if invalid { &first["code"] } else { &report["error"] });
    if expect.get("output").is_some() {
        field("output", &member("output").unwrap_or(Value::Null));
    }
    if let Some(want) = expect["message_contains"].as_str() {
        let places = [report["cause"].as_str(), first["message"].as_str(), Some(run.stderr.as_str())];
        if !places.iter().flatten().any(|text| text.contains(want)) {
            let found = places.iter().flatten().map(|t| tail(t)).collect::<Vec<_>>().join(" | ");
            problems.push(format!("no message contains {want:?}: {found}"));
        }
    }
    if let Some(recipe) = expect.get("output_json") {
        let want = render(recipe).map(|text| String::from_utf8_lossy(&text).into_owned()).unwrap_or_default();
        let found = raw_member(run.stdout.trim(), "output");
        if found != Some(want.as_str()) {
            let found = found.map_or("nothing".into(), tail);
            problems.push(format!("output printed as {found}, expected {}", tail(&want)));
        }
    }
    if report.get("status").is_none() && expect.get("status").is_some() {
        problems.push(format!("stdout is not one JSON report: {}", tail(&run.stdout)));
    }
    problems
}

/// At most the last 300 characters of `text`, on one line.
fn tail(text: &str) -> String {
    let text = text.trim();
    let start = text.char_indices().rev().nth(299).map_or(0, |(i, _)| i);
    let cut = if start > 0 { "…" } else { "" };
    format!("{cut}{}", &text[start..]).replace('\n', " ⏎ ")
}

/// The raw text of the member `key` of the top-level JSON object `text` (exactly as printed).
fn raw_member<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_space(bytes, at);
        let key_end = skip_value(bytes, at)?;
        let name = text.get(at + 1..key_end - 1)?;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_space(bytes, at + 1);
        let value_end = skip_value(bytes, value_start)?;
        if name == key {
            return text.get(value_start..value_end);
        }
        at = skip_space(bytes, value_end);
        match bytes.get(at) {
            Some(b',') => at += 1,
            _ => return None,
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// The end of the JSON value that starts at `at` (strings, containers and scalars).
fn skip_value(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        match *bytes.get(at)? {
            b'"' => {
                at += 1;
                while *bytes.get(at)? != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at += 1;
            }
            b'{' | b'[' => {
                depth += 1;
                at += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                at += 1;
            }
            b',' | b'}' | b']' if depth == 0 => return Some(at),
            b if b.is_ascii_whitespace() && depth == 0 => return Some(at),
            _ => at += 1,
        }
        if depth == 0 && at > start && matches!(bytes.get(at - 1), Some(b'"' | b'}' | b']')) {
            return Some(at);
        }
    }
}

/// The shell command that runs the case again (its files stay with `HOSTILE_KEEP=1`).
fn reproduction(sandbox: &Path, args: &[String]) -> String {
    let mut command = format!(
        "cd {} && sh -c 'ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\"' {}",
        sandbox.display(),
        env!("CARGO_BIN_EXE_asl")
    );
    for arg in args {
        let _ = write!(command, " {arg}");
    }
    command
}

/// One line on stderr (seen with `--nocapture`) and, with `HOSTILE_REPORT`, in that file.
fn report(name: &str, verdict: &str, run: &Run, detail: &str) {
    let seconds = run.elapsed.as_secs_f64();
    // A run of a few samples only shows the loader's first pages: no figure rather than a wrong one.
    let peak_kib = run.peak_kib.filter(|_| run.elapsed >= Duration::from_millis(50));
    let rss = peak_kib.map_or("not measured (under 50 ms)".to_owned(), |k| format!("~{:.1} MiB", k as f64 / 1024.0));
    eprintln!("hostile {name}: {verdict} in {seconds:.2} s, peak RSS {rss} (sampled)");
    if !detail.is_empty() {
        eprintln!("  {detail}");
    }
    if let Some(path) = std::env::var_os("HOSTILE_REPORT") {
        let kib = peak_kib.map_or("-".to_owned(), |k| k.to_string());
        let line = format!("{name}\t{verdict}\t{seconds:.2}\t{kib}\t{}\n", detail.replace(['\t', '\n'], " "));
        if let Ok(mut file) = fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = file.write_all(line.as_bytes());
        }
    }
}

//! `asl`: run, validate and benchmark Amazon States Language definitions from the command line.
//!
//! ```text
//! asl run <definition.json> --input <input.json> [--mock-config <file> --name <machine> --test-case <case>]
//!         [--history] [--history-file <file>] [--seed N] [--type standard|express]
//!         [--s3 <dir>] [--s3-out <dir>] [--map-runs]
//! asl validate <definition.json> [--type standard|express]
//! asl bench <definition.json> --input <input.json> [--runs N] [mock options as for run]
//! ```
//! `run` prints `{"status","output","error","cause"}` and exits 0 when the execution finished;
//! an invalid definition prints `{"status":"INVALID_DEFINITION","errors":[…]}` and exits 2;
//! unreadable files or bad JSON input print a message on stderr and exit 1. `--history-file` writes
//! the history as `aws stepfunctions get-execution-history` prints it, which the playground's
//! Import replays on the graph.
//!
//! `--s3 DIR` gives the run a mock S3: each folder in DIR is a bucket, each file under it an
//! object (its path the key). S3 tasks and a Distributed Map's ItemReader read it; what the run
//! writes (ResultWriter, putObject) lands in DIR, or in `--s3-out DIR`. `--map-runs` adds each
//! Distributed Map run and its child executions to the report (with their histories under
//! `--history`).

use std::io::Write as _;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use asl_playground::asl::{self, Diagnostic, StateMachine};
use asl_playground::engine::{ChildExecution, Execution, HistoryEvent, Outcome, StartOptions, Status};
use asl_playground::host::s3::S3;
use asl_playground::host::{self, mock_config, s3_folder, Mocks};
use json_value::{Map, Value};
use serde_json::json;

const USAGE: &str = "usage:
  asl run <definition.json> --input <input.json> [--mock-config <file> --name <machine> --test-case <case>] [--history] [--history-file <file>] [--seed N] [--type standard|express] [--s3 <dir>] [--s3-out <dir>] [--map-runs]
  asl validate <definition.json> [--type standard|express]
  asl bench <definition.json> --input <input.json> [--runs N] [--mock-config <file> --name <machine> --test-case <case>]";

/// A failure of the command itself: the message for stderr and the exit code.
struct Fail(String, u8);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(message, code)) => {
            eprintln!("asl: {message}");
            ExitCode::from(code)
        }
    }
}

fn dispatch(args: &[String]) -> Result<u8, Fail> {
    let (command, rest) = args.split_first().ok_or_else(|| Fail(USAGE.into(), 1))?;
    let options = Options::parse(rest)?;
    match command.as_str() {
        "run" => run(&options),
        "validate" => validate(&options),
        "bench" => bench(&options),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(Fail(format!("unknown command \"{other}\"\n{USAGE}"), 1)),
    }
}

#[derive(Default)]
struct Options {
    definition: Option<String>,
    input: Option<String>,
    mock_config: Option<String>,
    name: Option<String>,
    test_case: Option<String>,
    history: bool,
    history_file: Option<String>,
    seed: u64,
    express: bool,
    runs: usize,
    s3: Option<String>,
    s3_out: Option<String>,
    map_runs: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, Fail> {
        let mut options = Options { runs: 10, ..Options::default() };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| Fail(format!("{flag} needs a value"), 1));
            match arg.as_str() {
                "--input" => options.input = Some(value(arg)?),
                "--mock-config" => options.mock_config = Some(value(arg)?),
                "--name" => options.name = Some(value(arg)?),
                "--test-case" => options.test_case = Some(value(arg)?),
                "--history" => options.history = true,
                "--history-file" => options.history_file = Some(value(arg)?),
                "--seed" => options.seed = number(&value(arg)?, "--seed")?,
                "--runs" => options.runs = number(&value(arg)?, "--runs")?,
                "--s3" => options.s3 = Some(value(arg)?),
                "--s3-out" => options.s3_out = Some(value(arg)?),
                "--map-runs" => options.map_runs = true,
                "--type" => {
                    options.express = match value(arg)?.to_ascii_lowercase().as_str() {
                        "standard" => false,
                        "express" => true,
                        other => return Err(Fail(format!("--type must be standard or express, not \"{other}\""), 1)),
                    }
                }
                flag if flag.starts_with("--") => return Err(Fail(format!("unknown option {flag}\n{USAGE}"), 1)),
                path if options.definition.is_none() => options.definition = Some(path.to_owned()),
                extra => return Err(Fail(format!("unexpected argument \"{extra}\""), 1)),
            }
        }
        Ok(options)
    }
}

fn number<T: std::str::FromStr>(text: &str, flag: &str) -> Result<T, Fail> {
    text.parse().map_err(|_| Fail(format!("{flag} needs a whole number, not \"{text}\""), 1))
}

fn read(path: &str) -> Result<String, Fail> {
    std::fs::read_to_string(path).map_err(|e| Fail(format!("cannot read {path}: {e}"), 1))
}

/// The definition, loaded; `Err(Ok(2))` after printing INVALID_DEFINITION.
fn load(options: &Options) -> Result<Result<(Rc<StateMachine>, String), u8>, Fail> {
    let path = options.definition.as_deref().ok_or_else(|| Fail(format!("no definition file given\n{USAGE}"), 1))?;
    let text = read(path)?;
    let loaded = asl::Source::read(&text).map_err(|d| vec![d]).and_then(|source| {
        let machine = asl::load_source(&source)?;
        let problems = if options.express { asl::express_problems(&machine, &source) } else { Vec::new() };
        if problems.is_empty() {
            Ok(machine)
        } else {
            Err(problems)
        }
    });
    match loaded {
        Ok(machine) => Ok(Ok((Rc::new(machine), text))),
        Err(problems) => {
            println!("{}", json!({"status": "INVALID_DEFINITION", "errors": diagnostics(&problems)}));
            Ok(Err(2))
        }
    }
}

fn diagnostics(problems: &[Diagnostic]) -> Vec<serde_json::Value> {
    problems
        .iter()
        .map(
            |d| json!({"code": d.code.aws(), "kind": d.code, "message": d.message, "pointer": d.pointer, "line": d.line, "column": d.column}),
        )
        .collect()
}

fn input(options: &Options) -> Result<Value, Fail> {
    let Some(path) = options.input.as_deref() else { return Ok(Value::Object(Map::new())) };
    let text = read(path)?;
    if text.starts_with('\u{feff}') {
        let message =
            format!("{path} starts with a byte-order mark (U+FEFF), which JSON does not allow: save it without one");
        return Err(Fail(message, 1));
    }
    json_value::from_str(&text).map_err(|e| Fail(format!("{path} is not valid JSON: {e}"), 1))
}

fn mocks(options: &Options, default: Mocks) -> Result<Mocks, Fail> {
    let Some(path) = options.mock_config.as_deref() else { return Ok(default) };
    let (Some(name), Some(case)) = (options.name.as_deref(), options.test_case.as_deref()) else {
        return Err(Fail("--mock-config needs --name <state machine> and --test-case <case>".into(), 1));
    };
    let case = mock_config::load_test_case(&read(path)?, name, case)
        .map_err(|problems| Fail(format!("{path}:\n  {}", problems.join("\n  ")), 1))?;
    Ok(Mocks::TestCase(case))
}

/// `--type express` runs as an Express workflow: no 25,000-event limit, five minutes at most.
fn start_options(options: &Options) -> StartOptions {
    let start = StartOptions {
        seed: options.seed,
        name: "asl-cli".into(),
        state_machine_name: options.name.as_deref().unwrap_or("StateMachine").into(),
        ..StartOptions::default()
    };
    if options.express {
        start.express()
    } else {
        start
    }
}

fn run(options: &Options) -> Result<u8, Fail> {
    let (machine, _) = match load(options)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let input = input(options)?;
    let mocks = mocks(options, Mocks::None)?;
    let s3 = match &options.s3 {
        Some(dir) => s3_folder::load(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?,
        None => S3::new(),
    };
    let (outcome, execution, s3) = host::run_with_s3(machine, input, start_options(options), &mocks, s3);
    if let Some(dir) = options.s3_out.as_ref().or(options.s3.as_ref()) {
        s3_folder::save_written(&s3, std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    }
    if let Some(path) = &options.history_file {
        write_history_file(path, execution.history())?;
    }
    let history = options.history.then(|| execution.history());
    let mut report = outcome_json(&outcome);
    if options.map_runs {
        report.insert("mapRuns", map_runs_json(&execution, options.history));
    }
    print_report(&report, history).map_err(|e| Fail(format!("cannot write the report: {e}"), 1))?;
    Ok(0)
}

/// Each Distributed Map run: its ARN, status and child executions (with histories if asked).
fn map_runs_json(execution: &Execution, histories: bool) -> Value {
    let child = |c: &ChildExecution| {
        let mut map = outcome_json(c.execution.outcome().unwrap_or(&Outcome {
            status: Status::Aborted,
            output: None,
            error: None,
            cause: None,
        }));
        map.insert("name", Value::from(c.name.as_str()));
        map.insert("executionArn", Value::from(&*c.arn));
        map.insert("input", c.execution.input().clone());
        if histories {
            let events: Vec<Value> = c.execution.history().iter().map(HistoryEvent::to_aws_json).collect();
            map.insert("history", Value::from(events));
        }
        Value::Object(map)
    };
    let runs = execution.map_runs().iter().map(|run| {
        json_value::object! {
            "stateName" => run.state_name.as_str(),
            "mapRunArn" => &*run.arn,
            "status" => run.status,
            "executions" => run.children.iter().map(child).collect::<Vec<_>>(),
        }
    });
    Value::from(runs.collect::<Vec<_>>())
}

/// The history as `get-execution-history` prints it, written event by event (it can be
/// gigabytes: 25,000 events of 200 KB documents).
fn write_history_file(path: &str, events: &[HistoryEvent]) -> Result<(), Fail> {
    let fail = |e: std::io::Error| Fail(format!("cannot write {path}: {e}"), 1);
    let file = std::fs::File::create(path).map_err(fail)?;
    let mut out = std::io::BufWriter::new(file);
    let mut result = Ok(());
    asl_playground::exchange::history::export_into(events, &mut |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result.and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush()).map_err(fail)
}

/// The report on one line, its `history` (when asked for) written event by event.
fn print_report(report: &Map, history: Option<&[HistoryEvent]>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let text = Value::Object(report.clone()).to_json_string();
    let Some(events) = history else { return writeln!(out, "{text}") };
    out.write_all(&text.as_bytes()[..text.len() - 1])?; // without its closing brace
    out.write_all(b",\"history\":[")?;
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(event.to_aws_json().to_json_string().as_bytes())?;
    }
    out.write_all(b"]}\n")?;
    out.flush()
}

/// `{"status", "output", "error", "cause"}`.
fn outcome_json(outcome: &Outcome) -> Map {
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::from);
    Map::from_iter([
        ("status", Value::from(outcome.status.as_str())),
        ("output", outcome.output.clone().unwrap_or_default()),
        ("error", text(&outcome.error)),
        ("cause", text(&outcome.cause)),
    ])
}

fn validate(options: &Options) -> Result<u8, Fail> {
    match load(options)? {
        Ok(_) => {
            println!("{}", json!({"status": "VALID", "errors": []}));
            Ok(0)
        }
        Err(code) => Ok(code),
    }
}

fn bench(options: &Options) -> Result<u8, Fail> {
    let (machine, _) = match load(options)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let input = input(options)?;
    let mocks = mocks(options, Mocks::Echo)?;
    let start = StartOptions { max_history_events: None, ..start_options(options) };
    let mut millis = Vec::with_capacity(options.runs);
    let mut transitions = 0;
    let mut events = 0;
    let mut status = String::new();
    for _ in 0..options.runs.max(1) {
        let clock = Instant::now();
        let (outcome, execution) = host::run(machine.clone(), input.clone(), start.clone(), &mocks);
        millis.push(clock.elapsed().as_secs_f64() * 1000.0);
        transitions = execution.history().iter().filter(|e| e.event_type.ends_with("StateEntered")).count();
        events = execution.history().len();
        status = outcome.status.as_str().to_owned();
    }
    let mean = millis.iter().sum::<f64>() / millis.len() as f64;
    let best = millis.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "{}",
        json!({
            "status": status,
            "runs": millis.len(),
            "millis": millis,
            "mean_millis": mean,
            "best_millis": best,
            "state_transitions_per_run": transitions,
            "history_events_per_run": events,
            "state_transitions_per_second": transitions as f64 / (mean / 1000.0),
            "note": "history limit lifted for benchmarks (AWS stops at 25,000 events)"
        })
    );
    Ok(0)
}

//! The hand-written limit of `make bench`: each standard workload (bench/workloads/) written out
//! directly in Rust on `serde_json` values, no interpreter, while keeping a history as an engine
//! must (a `Vec` of events holding each state's input and output, shared, not copied). It shows
//! the practical ceiling an ASL engine is measured against.
//!
//! ```text
//! cargo run --release --example limit -- <workload> <input.json> [runs] [batch] [warmup]
//! ```
//! prints `{"status","output","transitions","events","runs","batch","samples_ms"}` like
//! `bench-native run` (crates/bench-wasm): `warmup` untimed runs first, then only the runs are
//! timed (input parsed and state names made before), each batch's histories dropped after its
//! clock stops.

use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// What happened: AWS's event kinds, reduced to what carries data.
#[derive(Debug, Clone, Copy)]
enum Kind {
    StateEntered,
    StateExited,
    TaskScheduled,
    TaskSucceeded,
    IterationStarted,
    IterationSucceeded,
}

/// One history event: the state and the document it holds (input, output, payload or result).
struct Event<'n> {
    #[allow(dead_code)] // kept, as an engine keeps it; never read back here
    kind: Kind,
    #[allow(dead_code)]
    state: &'n str,
    #[allow(dead_code)]
    data: Option<Rc<Value>>,
}

struct History<'n>(Vec<Event<'n>>);

impl<'n> History<'n> {
    fn push(&mut self, kind: Kind, state: &'n str, data: &Rc<Value>) {
        self.0.push(Event { kind, state, data: Some(data.clone()) });
    }

    fn mark(&mut self, kind: Kind, state: &'n str) {
        self.0.push(Event { kind, state, data: None });
    }

    fn transitions(&self) -> usize {
        self.0.iter().filter(|e| matches!(e.kind, Kind::StateEntered)).count()
    }
}

/// State names made once, before the clock (an engine has them in its loaded definition).
struct Names {
    chain: Vec<String>,
    branches: Vec<Vec<String>>,
}

impl Names {
    fn new() -> Names {
        Names {
            chain: (0..1000).map(|i| format!("P{i}")).collect(),
            branches: (0..50).map(|b| (0..20).map(|i| format!("B{b}P{i}")).collect()).collect(),
        }
    }
}

type Workload = for<'n> fn(&'n Names, &Rc<Value>, &mut History<'n>) -> Rc<Value>;

// ---- order: ValidateOrder → CheckInventory → InventoryChoice → ProcessPayment -----------------

/// `lambda:invoke` answered by echo: the result AWS shapes around the returned payload.
fn lambda_invoke_response(payload: Value) -> Value {
    json!({
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"], "Content-Type": ["application/json"]},
            "HttpHeaders": {"X-Amz-Executed-Version": "$LATEST", "Content-Type": "application/json"},
            "HttpStatusCode": 200
        },
        "SdkResponseMetadata": {"RequestId": "00000000-0000-0000-0000-000000000000"},
        "StatusCode": 200
    })
}

/// A `lambda:invoke` Task with `Parameters: {FunctionName, "Payload.$": "$"}`, `OutputPath: "$.Payload"`.
fn invoke<'n>(state: &'n str, function: &str, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    history.push(Kind::StateEntered, state, input);
    let payload = Rc::new(json!({"FunctionName": function, "Payload": (**input).clone()}));
    history.push(Kind::TaskScheduled, state, &payload);
    let result = Rc::new(lambda_invoke_response(payload["Payload"].clone()));
    history.push(Kind::TaskSucceeded, state, &result);
    let output = Rc::new(result["Payload"].clone());
    history.push(Kind::StateExited, state, &output);
    output
}

fn order<'n>(_: &'n Names, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    let arn = |name: &str| format!("arn:aws:lambda:us-east-1:123456789012:function:{name}");
    let validated = invoke("ValidateOrder", &arn("validateOrder"), input, history);
    let checked = invoke("CheckInventory", &arn("checkInventory"), &validated, history);
    history.push(Kind::StateEntered, "InventoryChoice", &checked);
    history.push(Kind::StateExited, "InventoryChoice", &checked);
    assert_eq!(checked["inStock"], Value::Bool(true), "the order workload is the in-stock path");
    invoke("ProcessPayment", &arn("processPayment"), &checked, history)
}

// ---- Pass chain: 1,000 × Parameters {step, "value.$": "$.value"} -------------------------------

fn chain<'n>(names: &'n [String], input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    let mut current = input.clone();
    for (step, name) in names.iter().enumerate() {
        history.push(Kind::StateEntered, name, &current);
        let output = Rc::new(json!({"step": step, "value": current["value"].clone()}));
        history.push(Kind::StateExited, name, &output);
        current = output;
    }
    current
}

fn pass_chain<'n>(names: &'n Names, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    chain(&names.chain, input, history)
}

// ---- Choice loop: Init, n × (Check, Increment with States.MathAdd), Check, Done ---------------

fn choice_loop<'n>(n: i64, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    history.push(Kind::StateEntered, "Init", input);
    let mut current = Rc::new(json!({"i": 0}));
    history.push(Kind::StateExited, "Init", &current);
    loop {
        history.push(Kind::StateEntered, "Check", &current);
        history.push(Kind::StateExited, "Check", &current);
        let i = current["i"].as_i64().expect("a number");
        if i >= n {
            break;
        }
        history.push(Kind::StateEntered, "Increment", &current);
        let output = Rc::new(json!({"i": i + 1}));
        history.push(Kind::StateExited, "Increment", &output);
        current = output;
    }
    history.push(Kind::StateEntered, "Done", &current);
    history.push(Kind::StateExited, "Done", &current);
    current
}

// ---- inline Map: ItemSelector {i: index, v: value}, one Pass per item ---------------------------

fn map<'n>(_: &'n Names, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    history.push(Kind::StateEntered, "Map", input);
    let items = input["items"].as_array().expect("items");
    let mut results = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        history.mark(Kind::IterationStarted, "Map");
        let selected = Rc::new(json!({"i": index, "v": item.clone()}));
        history.push(Kind::StateEntered, "Work", &selected);
        history.push(Kind::StateExited, "Work", &selected);
        history.mark(Kind::IterationSucceeded, "Map");
        results.push((*selected).clone());
    }
    let output = Rc::new(Value::Array(results));
    history.push(Kind::StateExited, "Map", &output);
    output
}

// ---- Parallel: 50 branches × 20 Pass ------------------------------------------------------------

fn parallel<'n>(names: &'n Names, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    history.push(Kind::StateEntered, "Fan", input);
    let outputs: Vec<Value> = names.branches.iter().map(|branch| (*chain(branch, input, history)).clone()).collect();
    let output = Rc::new(Value::Array(outputs));
    history.push(Kind::StateExited, "Fan", &output);
    output
}

// ---- intrinsics: Check, then Work's 16 intrinsic functions, until n reaches limit ---------------

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().take_while(|&c| c != b'=') {
        let v = BASE64.iter().position(|&x| x == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8(bytes).expect("UTF-8")
}

fn sha256_hex(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(text.as_bytes()) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

fn unique(values: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(values.len());
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

fn range(start: i64, end: i64, step: i64) -> Vec<Value> {
    (start..=end).step_by(step as usize).map(Value::from).collect()
}

fn work(input: &Value) -> Value {
    let (n, limit) = (input["n"].as_i64().expect("n"), input["limit"].as_i64().expect("limit"));
    let text = input["text"].as_str().expect("text");
    let csv = input["csv"].as_str().expect("csv");
    let tags = input["tags"].as_array().expect("tags");
    let parts: Vec<Value> = csv.split(',').map(Value::from).collect();
    let mut merged: Map<String, Value> =
        serde_json::from_str(input["objText"].as_str().expect("objText")).expect("JSON");
    for (k, v) in input["extra"].as_object().expect("extra") {
        merged.insert(k.clone(), v.clone());
    }
    let encoded = base64_encode(text.as_bytes());
    let parsed: Value = serde_json::from_str(&serde_json::to_string(&input["extra"]).expect("JSON")).expect("JSON");
    let chunks: Vec<Value> = range(1, 10, 1).chunks(4).map(|c| Value::Array(c.to_vec())).collect();
    json!({
        "n": n + 1,
        "limit": input["limit"].clone(),
        "text": input["text"].clone(),
        "csv": input["csv"].clone(),
        "tags": input["tags"].clone(),
        "obj": input["obj"].clone(),
        "objText": input["objText"].clone(),
        "extra": input["extra"].clone(),
        "derived": {
            "label": format!("step {n} of {limit}: {text}"),
            "parts": unique(&parts),
            "partCount": csv.split(',').count(),
            "b64": encoded,
            "roundTrip": base64_decode(&base64_encode(text.as_bytes())),
            "hash": sha256_hex(text),
            "merged": merged,
            "json": serde_json::to_string(&input["obj"]).expect("JSON"),
            "parsed": parsed,
            "range": range(1, 10, 3),
            "chunks": chunks,
            "hasY": tags.contains(&Value::from("y")),
            "first": tags[0].clone(),
            "uniqueTags": unique(tags),
            "array": [n, "x", true],
        }
    })
}

fn intrinsics<'n>(_: &'n Names, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    let mut current = input.clone();
    loop {
        history.push(Kind::StateEntered, "Check", &current);
        history.push(Kind::StateExited, "Check", &current);
        if current["n"].as_f64() >= current["limit"].as_f64() {
            break;
        }
        history.push(Kind::StateEntered, "Work", &current);
        let output = Rc::new(work(&current));
        history.push(Kind::StateExited, "Work", &output);
        current = output;
    }
    history.push(Kind::StateEntered, "Done", &current);
    history.push(Kind::StateExited, "Done", &current);
    current
}

// ---- JSONata loop: Init (Assign), n × (Check Condition, Step Output + Assign), Check, Done --------

fn jsonata_loop<'n>(n: i64, input: &Rc<Value>, history: &mut History<'n>) -> Rc<Value> {
    history.push(Kind::StateEntered, "Init", input);
    let (mut i, mut total) = (0i64, 0i64);
    let order_id = input["orderId"].clone();
    history.push(Kind::StateExited, "Init", input);
    let mut current = input.clone();
    loop {
        history.push(Kind::StateEntered, "Check", &current);
        history.push(Kind::StateExited, "Check", &current);
        if i >= n {
            break;
        }
        history.push(Kind::StateEntered, "Step", &current);
        let items = current["items"].as_array().expect("items");
        let sum: i64 = items.iter().map(|it| it["price"].as_i64().unwrap_or(0) * it["qty"].as_i64().unwrap_or(0)).sum();
        let copied: Vec<Value> = items
            .iter()
            .map(|it| json!({"sku": it["sku"].clone(), "price": it["price"].clone(), "qty": it["qty"].clone()}))
            .collect();
        let output = Rc::new(json!({"orderId": order_id.clone(), "items": copied, "count": items.len(), "round": i}));
        (i, total) = (i + 1, total + sum);
        history.push(Kind::StateExited, "Step", &output);
        current = output;
    }
    history.push(Kind::StateEntered, "Done", &current);
    let output = Rc::new(json!({"orderId": order_id, "rounds": i, "total": total, "last": (*current).clone()}));
    history.push(Kind::StateExited, "Done", &output);
    output
}

fn workload(name: &str) -> Option<Workload> {
    Some(match name {
        "order" => order,
        "pass-chain-1000" => pass_chain,
        "choice-loop-10000" => |_, input, h| choice_loop(10_000, input, h),
        "map-10000" => map,
        "parallel-50x20" => parallel,
        "intrinsics-1000" => intrinsics,
        "jsonata-loop-1000" => |_, input, h| jsonata_loop(1000, input, h),
        "growth-1k" => |_, input, h| choice_loop(500, input, h),
        "growth-10k" => |_, input, h| choice_loop(5_000, input, h),
        "growth-100k" => |_, input, h| choice_loop(50_000, input, h),
        _ => return None,
    })
}

fn bench(run: Workload, input: Value, runs: usize, batch: usize, warmup: usize) -> Value {
    let names = Names::new();
    let input = Rc::new(input);
    for _ in 0..warmup {
        let mut history = History(Vec::new());
        drop(run(&names, &input, &mut history));
    }
    let batches = runs.max(1).div_ceil(batch.max(1));
    let mut samples = Vec::with_capacity(batches);
    let mut last = None;
    for _ in 0..batches {
        let mut done = Vec::with_capacity(batch);
        let clock = Instant::now();
        for _ in 0..batch.max(1) {
            let mut history = History(Vec::new());
            let output = run(&names, &input, &mut history);
            done.push((output, history));
        }
        samples.push(clock.elapsed().as_secs_f64() * 1000.0 / batch.max(1) as f64);
        last = done.pop();
    }
    let (output, history) = last.expect("a run");
    json!({
        "status": "SUCCEEDED",
        "output": *output,
        "transitions": history.transitions(),
        "events": history.0.len(),
        "runs": batches * batch.max(1),
        "batch": batch.max(1),
        "samples_ms": samples,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: limit <workload> <input.json> [runs] [batch] [warmup]";
    let (Some(name), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        return ExitCode::from(1);
    };
    let Some(run) = workload(name) else {
        eprintln!("limit: no hand-written version of workload \"{name}\"");
        return ExitCode::from(1);
    };
    let number = |i: usize, default: usize| args.get(i).map_or(Some(default), |t| t.parse().ok());
    let (Some(runs), Some(batch), Some(warmup)) = (number(2, 10), number(3, 1), number(4, 0)) else {
        eprintln!("{usage}");
        return ExitCode::from(1);
    };
    let input = match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| {
        let parsed: Result<Value, _> = serde_json::from_str(&t);
        parsed.map_err(|e| e.to_string())
    }) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("limit: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", bench(run, input, runs, batch, warmup));
    ExitCode::SUCCESS
}

//! The benchmark harness of `bench-wasm`, built natively: the same loop the wasm module runs.
//!
//! ```text
//! bench-native run <definition.json> <input.json> [runs] [batch] [warmup]   → bench_wasm::bench's report
//! bench-native load <definition.json> [runs]                       → bench_wasm::load's report
//! ```

use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: bench-native run <definition> <input> [runs] [batch] [warmup] | load <definition> [runs]";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn number(text: Option<&String>, default: u32) -> Result<u32, String> {
    text.map_or(Ok(default), |t| t.parse().map_err(|_| format!("not a whole number: {t}")))
}

fn report(args: &[String]) -> Result<String, String> {
    let epoch = Instant::now();
    let now = || epoch.elapsed().as_secs_f64() * 1000.0;
    match args.first().map(String::as_str) {
        Some("run") if args.len() >= 3 => {
            let (runs, batch, warmup) = (number(args.get(3), 10)?, number(args.get(4), 1)?, number(args.get(5), 0)?);
            Ok(bench_wasm::bench(&read(&args[1])?, &read(&args[2])?, runs, batch, warmup, now))
        }
        Some("load") if args.len() >= 2 => Ok(bench_wasm::load(&read(&args[1])?, number(args.get(2), 10)?, now)),
        _ => Err(USAGE.into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match report(&args) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("bench-native: {message}");
            ExitCode::from(1)
        }
    }
}

//! Runs the jsonata-js 2.0.6 test suite (as test/run-test-suite.js does).
//! Usage: `cargo run --release --example suite -- <suite-dir> [group-filter] [-v]`

#[path = "../tests/support/suite_runner.rs"]
mod suite_runner;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map(String::as_str).unwrap_or("../suite"));
    let filter = args.get(2).filter(|a| !a.starts_with('-')).cloned();
    let verbose = args.iter().any(|a| a == "-v");
    let s = suite_runner::run(&dir, filter.as_deref());
    for (g, list) in &s.failures {
        println!("--- {g}: {} failed", list.len());
        if verbose {
            for l in list {
                let l: String = l.chars().take(400).collect();
                println!("    {l}");
            }
        }
    }
    println!("{} passed, {} failed, {} total", s.passed, s.failed, s.passed + s.failed);
}

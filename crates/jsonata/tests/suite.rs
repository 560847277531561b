//! Runs the jsonata-js 2.0.6 test suite when `JSONATA_SUITE` names its directory
//! (the suite is public test data kept outside this crate).

#[path = "support/suite_runner.rs"]
mod suite_runner;

#[test]
fn jsonata_2_0_6_test_suite() {
    let Some(dir) = std::env::var_os("JSONATA_SUITE") else {
        eprintln!("JSONATA_SUITE not set: skipping the jsonata test suite");
        return;
    };
    let s = suite_runner::run(std::path::Path::new(&dir), None);
    for (g, list) in &s.failures {
        for l in list {
            eprintln!("{g}: {l}");
        }
    }
    println!("{} passed, {} failed, {} total", s.passed, s.failed, s.passed + s.failed);
    // the two known failures: test files with lone UTF-16 surrogates (see REPORT.md)
    assert!(s.failed <= 2, "{} suite cases failed", s.failed);
}

//! `asl::load` on any text, every diagnostic's pointer located in it, and the linter (with each
//! quick fix applied): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(problems) = asl_playground::asl::load(text) {
        for problem in problems {
            let _ = asl_playground::asl::locate(text, &problem.pointer);
        }
    } else {
        for warning in asl_playground::asl::lint::lint(text) {
            if let Some(fix) = &warning.fix {
                let _ = asl_playground::asl::lint::apply(text, fix);
            }
        }
    }
    for line in text.lines().take(4) {
        if let Ok(path) = line.parse::<asl_playground::data::path::Path>() {
            let _ = path.eval(&json_value::json!({"a": [1, {"b": null}], "c": "d"}));
        }
    }
});

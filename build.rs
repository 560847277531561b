//! Generates one `#[test]` per conformance fixture in `tests/conformance/` (see tests/conformance.rs).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("tests/conformance");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.retain(|n| n.ends_with(".json"));
    names.sort();
    let mut code = String::new();
    for name in names {
        let ident: String =
            name.trim_end_matches(".json").chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let _ = writeln!(code, "#[test]\nfn {ident}() {{ run_fixture({name:?}); }}");
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = std::fs::write(Path::new(&out).join("conformance_cases.rs"), code);
}

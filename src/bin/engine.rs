//! The engine Worker's own module (built by trunk for wasm32, at opt-level 3: see index.html).
//! `static/engine-worker.js` loads it and calls [`engine_worker_start`]; the page's module
//! (`src/bin/app.rs`) has no engine, so it is smaller and the engine is faster.

#[cfg(target_arch = "wasm32")]
fn main() {
    // JSONata's regular expressions on the browser's RegExp, as in the page.
    asl_playground::web::regex::install();
}

/// The engine Worker's entry, exported so that wasm-bindgen exports it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_worker_start(sandbox: web_sys::MessagePort) {
    asl_playground::web::engine_worker::start(sandbox);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`engine` is the browser's engine Worker: run `make serve` (trunk builds it for wasm32).");
    std::process::exit(2);
}

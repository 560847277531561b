//! The browser app's entry point (built by trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    asl_playground::web::start();
}

/// The engine Worker's entry (`static/engine-worker.js` calls it after loading this module):
/// exported from the binary so that wasm-bindgen exports it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_worker_start(sandbox: web_sys::MessagePort) {
    asl_playground::web::engine_worker::start(sandbox);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`app` is the browser build: run `make serve` (trunk builds it for wasm32).");
    std::process::exit(2);
}

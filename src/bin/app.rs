//! The browser app's entry point (built by trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    asl_playground::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`app` is the browser build: run `make serve` (trunk builds it for wasm32).");
    std::process::exit(2);
}

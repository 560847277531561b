// Starts the playground: loads the wasm bindings named by this script's tag (trunk writes the
// hashed file names into data-app and data-wasm), so the page needs no inline script and its
// Content-Security-Policy can forbid them.
const tag = document.querySelector("script[data-app]");
const bindings = await import(tag.dataset.app);
await bindings.default({ module_or_path: tag.dataset.wasm });

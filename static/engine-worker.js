// The engine Worker's bootstrap. The page sends one first message: the URLs of the engine's
// own module (src/bin/engine.rs, built for speed) and its bindings and, as a transferred port,
// the channel to the handler sandbox. The engine then runs here, off the page's thread
// (src/web/engine_worker.rs); messages that arrive while it loads wait in order.
const early = [];
self.onmessage = async (first) => {
  self.onmessage = (message) => early.push(message);
  const { engine, wasm } = first.data;
  const bindings = await import(engine);
  await bindings.default({ module_or_path: wasm });
  bindings.engine_worker_start(first.ports[0]);
  for (const message of early) self.onmessage(message);
};

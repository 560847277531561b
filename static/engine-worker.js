// The engine Worker's bootstrap. The page sends one first message: the URL of the playground's
// wasm bindings, its compiled WebAssembly.Module and, as a transferred port, the channel to the
// handler sandbox. The same module then runs the engine here, off the page's thread
// (src/web/engine_worker.rs); messages that arrive while it loads wait in order.
const early = [];
self.onmessage = async (first) => {
  self.onmessage = (message) => early.push(message);
  const { app, module } = first.data;
  const bindings = await import(app);
  await bindings.default({ module_or_path: module });
  bindings.engine_worker_start(first.ports[0]);
  for (const message of early) self.onmessage(message);
};

//! The page's side of a run: the engine Worker (one per run, so Stop can always end it by
//! terminating it; the next run's is loaded in advance) and the handler sandbox (one
//! opaque-origin iframe for the page's lifetime, `static/sandbox.html`). The page and the Worker
//! exchange `json_value::wire` text; the Worker and the sandbox talk over a MessageChannel the
//! page sets up, so handler calls never pass through the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use json_value::wire::{Decoder, Encoder};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlIFrameElement, MessageChannel, MessageEvent, MessagePort, Worker, WorkerOptions, WorkerType};

use crate::host::session::codec::{inbound_to_value, reports_from_value, Inbound};
use crate::host::session::{Command, Report, RunSpec};

/// The sandboxed iframe that owns the handler Workers.
pub struct Sandbox {
    frame: HtmlIFrameElement,
    ready: Rc<Cell<bool>>,
    /// Ports given before the frame was ready.
    early: Rc<RefCell<Vec<MessagePort>>>,
    _listener: EventListener,
}

impl Sandbox {
    /// Adds the (invisible) sandbox frame to the page.
    pub fn mount() -> Result<Sandbox, String> {
        let document = gloo::utils::document();
        let frame: HtmlIFrameElement = document.create_element("iframe").map_err(describe)?.unchecked_into();
        // allow-scripts without allow-same-origin: the frame's origin is opaque.
        frame.set_attribute("sandbox", "allow-scripts").map_err(describe)?;
        frame.set_attribute("class", "handler-sandbox").map_err(describe)?;
        frame.set_attribute("title", "Handler sandbox").map_err(describe)?;
        frame.set_attribute("aria-hidden", "true").map_err(describe)?;
        frame.set_attribute("tabindex", "-1").map_err(describe)?;
        frame.set_src("sandbox.html");
        let (ready, early) = (Rc::new(Cell::new(false)), Rc::new(RefCell::new(Vec::<MessagePort>::new())));
        let listener = {
            let (frame, ready, early) = (frame.clone(), ready.clone(), early.clone());
            EventListener::new(&gloo::utils::window(), "message", move |event| {
                let Some(message) = event.dyn_ref::<MessageEvent>() else { return };
                let from_frame = frame
                    .content_window()
                    .is_some_and(|w| message.source().is_some_and(|s| JsValue::from(s) == JsValue::from(w)));
                if from_frame && message.data().as_string().as_deref() == Some("sandbox-ready") {
                    ready.set(true);
                    for port in early.borrow_mut().drain(..) {
                        post_port(&frame, port);
                    }
                }
            })
        };
        gloo::utils::body().append_child(&frame).map_err(describe)?;
        Ok(Sandbox { frame, ready, early, _listener: listener })
    }

    /// Connects the sandbox to a new run's Worker (the sandbox drops the previous run's Workers).
    fn connect(&self, port: MessagePort) {
        if self.ready.get() {
            post_port(&self.frame, port);
        } else {
            self.early.borrow_mut().push(port);
        }
    }

    /// Stops every handler Worker (a run was stopped).
    pub fn reset(&self) {
        if let Some(window) = self.frame.content_window() {
            let _ = window.post_message(&JsValue::from_str("reset"), "*");
        }
    }
}

fn post_port(frame: &HtmlIFrameElement, port: MessagePort) {
    let Some(window) = frame.content_window() else { return };
    let transfer = js_sys::Array::of1(&port);
    // The frame's origin is opaque: "*" is the only target that reaches it; it is our own frame.
    let _ = window.post_message_with_transfer(&JsValue::from_str("port"), "*", &transfer);
}

/// One run's engine Worker.
pub struct EngineRun {
    worker: Worker,
    encoder: RefCell<Encoder>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl EngineRun {
    /// Starts a Worker running `spec`; its reports (or why they could not be read) go to
    /// `on_reports`, in order; `on_crash` hears of an error that ended the Worker (a trap).
    pub fn start(
        spec: RunSpec,
        sandbox: &Sandbox,
        on_reports: impl Fn(Result<Vec<Report>, String>) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<EngineRun, String> {
        let (worker, port) = take_spare().map_or_else(spawn_worker, Ok)?;
        let mut decoder = Decoder::default();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let text = message.data().as_string().unwrap_or_default();
            on_reports(decoder.decode(&text).and_then(|value| reports_from_value(&value)));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |error: web_sys::ErrorEvent| {
            error.prevent_default();
            on_crash(error.message());
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        sandbox.connect(port);
        // The next run's Worker loads once this run is under way.
        gloo::timers::callback::Timeout::new(SPARE_AFTER_MS, prepare_spare).forget();
        let run = EngineRun {
            worker,
            encoder: RefCell::new(Encoder::default()),
            _on_message: on_message,
            _on_error: on_error,
        };
        run.post(&Inbound::Start(Box::new(spec)));
        Ok(run)
    }

    /// Sends a command to the running session.
    pub fn send(&self, command: Command) {
        self.post(&Inbound::Command(command));
    }

    /// Ends the Worker at once, whatever it is doing.
    pub fn terminate(&self) {
        self.worker.terminate();
    }

    fn post(&self, inbound: &Inbound) {
        let text = self.encoder.borrow_mut().encode(&inbound_to_value(inbound));
        let _ = self.worker.post_message(&JsValue::from_str(&text));
    }
}

/// A Worker with the engine loaded and no run yet, and the sandbox's end of its channel.
struct Spare {
    worker: Worker,
    port: MessagePort,
}

/// How long after a run starts the next run's Worker starts loading.
const SPARE_AFTER_MS: u32 = 500;

/// A new engine Worker, sent the engine and one end of a channel for the sandbox; the other end.
fn spawn_worker() -> Result<(Worker, MessagePort), String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    options.set_name("engine");
    let worker = Worker::new_with_options("engine-worker.js", &options).map_err(describe)?;
    let channel = MessageChannel::new().map_err(describe)?;
    worker.post_message_with_transfer(&bootstrap()?, &js_sys::Array::of1(&channel.port1())).map_err(describe)?;
    Ok((worker, channel.port2()))
}

/// Starts the next run's Worker now, so that Run finds the engine loaded (a Worker that has run
/// nothing is as fresh as a new one). Only once the module is compiled: a Worker started before
/// would download and compile it itself.
fn prepare_spare() {
    let compiled = ENGINE.with(|engine| engine.borrow().is_some());
    if !compiled || SPARE.with(|spare| spare.borrow().is_some()) {
        return;
    }
    if let Ok((worker, port)) = spawn_worker() {
        SPARE.with(|spare| *spare.borrow_mut() = Some(Spare { worker, port }));
    }
}

fn take_spare() -> Option<(Worker, MessagePort)> {
    SPARE.with(|spare| spare.borrow_mut().take()).map(|Spare { worker, port }| (worker, port))
}

thread_local! {
    /// The next run's Worker, loaded in advance.
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
    /// The engine's module, compiled once by the page after it is usable: each run's Worker gets
    /// it and neither downloads nor compiles it again.
    static ENGINE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Fetches and compiles the engine's module in the background, for the runs to come (a run
/// that starts before it is ready has its Worker fetch it).
pub fn precompile_engine() {
    let Ok(url) = engine_url("engine_bg.wasm") else { return };
    let global = js_sys::global();
    let fetch = js_sys::Reflect::get(&global, &"fetch".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(response) = fetch.and_then(|fetch| fetch.call1(&global, &url.into()).ok()) else { return };
    let compiled = js_sys::WebAssembly::compile_streaming(&response.unchecked_into());
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(module) = wasm_bindgen_futures::JsFuture::from(compiled).await {
            ENGINE.with(|engine| *engine.borrow_mut() = Some(module));
            prepare_spare();
        }
    });
}

/// The Worker's first message: where the engine's bindings are, and its module (compiled, or
/// where it is). Trunk builds them as `engine.js` and `engine_bg.wasm`, beside the page, without a
/// hash in their names: the page's own hashed name goes into their query, so a new build is not
/// served an old engine from the cache.
fn bootstrap() -> Result<JsValue, String> {
    let message = js_sys::Object::new();
    let wasm = match ENGINE.with(|engine| engine.borrow().clone()) {
        Some(module) => module,
        None => engine_url("engine_bg.wasm")?.into(),
    };
    js_sys::Reflect::set(&message, &"engine".into(), &engine_url("engine.js")?.into()).map_err(describe)?;
    js_sys::Reflect::set(&message, &"wasm".into(), &wasm).map_err(describe)?;
    Ok(message.into())
}

/// The absolute URL of one of the engine's files, with the page's build in its query.
fn engine_url(file: &str) -> Result<String, String> {
    absolute(&format!("{file}?v={}", page_version()?))
}

/// The page's build: the hashed name of its bindings, from the tag `static/start.js` was started by.
fn page_version() -> Result<String, String> {
    let tag = gloo::utils::document().query_selector("script[data-app]").map_err(describe)?;
    let app = tag.ok_or("the page has no script[data-app]")?.get_attribute("data-app").unwrap_or_default();
    Ok(app.rsplit('/').next().unwrap_or_default().trim_end_matches(".js").to_owned())
}

/// `relative`, as an absolute URL against the page's base.
fn absolute(relative: &str) -> Result<String, String> {
    let base = gloo::utils::document().base_uri().map_err(describe)?.unwrap_or_default();
    web_sys::Url::new_with_base(relative, &base).map(|url| url.href()).map_err(describe)
}

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

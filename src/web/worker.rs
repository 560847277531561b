//! Handler snippets run in a Web Worker: the page stays responsive, `console.log` is captured,
//! and a snippet that runs past its time limit is stopped by terminating the Worker.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures_channel::oneshot;
use json_value::Value;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

/// The Worker's program: it turns `export const handler = …` into a function, calls it with the
/// event, and posts back the result or the thrown error, with what the snippet logged.
const WORKER_SOURCE: &str = r#"
self.onmessage = async (message) => {
  const { source } = message.data;
  const event = JSON.parse(message.data.event);
  const context = JSON.parse(message.data.context);
  const logs = [];
  const log = (level) => (...args) => logs.push(level + " " + args.map((a) => typeof a === "string" ? a : JSON.stringify(a)).join(" "));
  const console = { log: log("INFO"), info: log("INFO"), warn: log("WARN"), error: log("ERROR"), debug: log("DEBUG") };
  try {
    const body = source.replace(/export\s+(const|let|var)\s+handler\s*=/, "const handler =")
      .replace(/export\s+(async\s+)?function\s+handler/, "$1function handler") + "\nreturn handler;";
    const handler = new Function("console", body)(console);
    if (typeof handler !== "function") throw new TypeError("the snippet does not define a handler function");
    const result = await handler(event, context);
    self.postMessage({ ok: true, result: JSON.stringify(result === undefined ? null : result), logs });
  } catch (error) {
    const errorType = (error && error.name) || "Error";
    const errorMessage = error && error.message !== undefined ? String(error.message) : String(error);
    self.postMessage({ ok: false, errorType, errorMessage, logs });
  }
};
"#;

/// What a handler did.
#[derive(Debug, Clone, PartialEq)]
pub enum HandlerOutcome {
    /// It returned this (as JSON).
    Returned(Value),
    /// It threw an error of this type (`err.name`) and message.
    Threw { error_type: String, message: String },
    /// It ran past its time limit and was stopped.
    TimedOut,
}

/// A handler's outcome and the lines it logged.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerRun {
    /// What it did.
    pub outcome: HandlerOutcome,
    /// `console.*` lines, with their level.
    pub logs: Vec<String>,
}

/// Documents cross as JSON text: serde-wasm-bindgen would make JSON objects into JS `Map`s.
#[derive(Serialize)]
struct Request<'a> {
    source: &'a str,
    event: String,
    context: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reply {
    ok: bool,
    result: Option<String>,
    error_type: Option<String>,
    error_message: Option<String>,
    logs: Vec<String>,
}

/// Runs `source`'s handler on `event` in a fresh Worker, stopped after `limit`.
pub async fn run_handler(source: &str, event: &Value, context: &Value, limit: Duration) -> Result<HandlerRun, String> {
    let (worker, url) = spawn_worker()?;
    let (sender, receiver) = oneshot::channel::<Result<HandlerRun, String>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let reply_sender = sender.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        let reply = serde_wasm_bindgen::from_value::<Reply>(message.data()).map_err(|e| e.to_string());
        if let Some(sender) = reply_sender.borrow_mut().take() {
            let _ = sender.send(reply.map(into_run));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let request = Request { source, event: event.to_string(), context: context.to_string() };
    let message = serde_wasm_bindgen::to_value(&request).map_err(|e| e.to_string())?;
    worker.post_message(&message).map_err(describe)?;
    let timer_sender = sender.clone();
    let timeout =
        gloo::timers::callback::Timeout::new(u32::try_from(limit.as_millis()).unwrap_or(u32::MAX), move || {
            if let Some(sender) = timer_sender.borrow_mut().take() {
                let _ = sender.send(Ok(HandlerRun { outcome: HandlerOutcome::TimedOut, logs: Vec::new() }));
            }
        });
    let result = receiver.await.map_err(|_| "the handler's Worker went away".to_owned());
    timeout.cancel();
    worker.terminate();
    let _ = Url::revoke_object_url(&url);
    drop(on_message);
    result?
}

fn into_run(reply: Reply) -> HandlerRun {
    let outcome = if reply.ok {
        let value = reply.result.as_deref().and_then(|r| json_value::from_str(r).ok()).unwrap_or(Value::Null);
        HandlerOutcome::Returned(value)
    } else {
        HandlerOutcome::Threw {
            error_type: reply.error_type.unwrap_or_else(|| "Error".into()),
            message: reply.error_message.unwrap_or_default(),
        }
    };
    HandlerRun { outcome, logs: reply.logs }
}

/// A Worker running [`WORKER_SOURCE`], and its Blob URL (revoke it when done).
fn spawn_worker() -> Result<(Worker, String), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(WORKER_SOURCE));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let worker = Worker::new(&url).map_err(describe)?;
    Ok((worker, url))
}

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

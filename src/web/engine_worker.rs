//! The engine Worker's side (runs in a dedicated Worker, started by `static/engine-worker.js`):
//! it holds the run's [`Session`], pumps it in slices of a few milliseconds so that a Stop or a
//! callback answer gets in between, sends reports to the page and handler calls to the sandbox.

use std::cell::RefCell;

use json_value::wire::{Decoder, Encoder};
use json_value::{object, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent, MessagePort};

use crate::host::session::codec::{call_to_value, inbound_from_value, reply_from_value, reports_to_value, Inbound};
use crate::host::session::{Command, Progress, Report, RunSpec, Session};

/// How long one slice of pumping may take before the Worker lets messages in.
const SLICE_MS: f64 = 8.0;

/// Driver polls between clock checks (each writes up to [`crate::host::driver::EVENTS_PER_POLL`] events).
const POLLS_PER_CHECK: usize = 8;

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    /// The channel to the handler sandbox.
    sandbox: MessagePort,
    /// Wakes the pump without the timers' clamping.
    tick: MessageChannel,
    session: Option<Session>,
    /// Reads the page's messages; writes the reports (one pair per Worker, i.e. per run).
    decoder: Decoder,
    encoder: Encoder,
    scheduled: bool,
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Takes over the Worker: messages from the page and from the sandbox go to the session.
pub fn start(sandbox: MessagePort) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let Ok(tick) = MessageChannel::new() else { return };
    listen(&scope, |text| with_worker(|w| w.inbound(&text)));
    listen_port(&sandbox, |text| with_worker(|w| w.handled(&text)));
    listen_port(&tick.port2(), |_| pump_slice());
    let worker = Worker {
        scope,
        sandbox,
        tick,
        session: None,
        decoder: Decoder::default(),
        encoder: Encoder::default(),
        scheduled: false,
    };
    WORKER.with(|w| *w.borrow_mut() = Some(worker));
}

fn with_worker(act: impl FnOnce(&mut Worker)) {
    WORKER.with(|w| {
        if let Some(worker) = w.borrow_mut().as_mut() {
            act(worker);
        }
    });
}

fn listen(scope: &DedicatedWorkerGlobalScope, on_text: impl Fn(String) + 'static) {
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |m: MessageEvent| {
        on_text(m.data().as_string().unwrap_or_default());
    });
    scope.set_onmessage(Some(closure.as_ref().unchecked_ref()));
    closure.forget(); // lives as long as the Worker
}

fn listen_port(port: &MessagePort, on_text: impl Fn(String) + 'static) {
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |m: MessageEvent| {
        on_text(m.data().as_string().unwrap_or_default());
    });
    port.set_onmessage(Some(closure.as_ref().unchecked_ref()));
    closure.forget(); // lives as long as the Worker
}

/// Pumps the session for one slice, sends what it reported, and goes on later if it is busy.
fn pump_slice() {
    with_worker(|w| {
        w.scheduled = false;
        let Some(session) = w.session.as_mut() else { return };
        let start = now();
        let mut reports = Vec::new();
        let progress = loop {
            let (more, progress) = session.pump(POLLS_PER_CHECK);
            reports.extend(more);
            if progress != Progress::Busy || now() - start > SLICE_MS {
                break progress;
            }
        };
        w.send(reports);
        if progress == Progress::Busy {
            w.schedule();
        }
    });
}

fn now() -> f64 {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.performance().map_or(0.0, |p| p.now())
}

impl Worker {
    /// A message of the page: start a run, or a command for it.
    fn inbound(&mut self, text: &str) {
        let inbound = self.decoder.decode(text).and_then(|value| inbound_from_value(&value));
        match inbound {
            Ok(Inbound::Start(spec)) => self.start_run(*spec),
            Ok(Inbound::Command(command)) => self.command(command),
            Err(why) => self.send(vec![Report::Notice(format!("The engine could not read a message: {why}"))]),
        }
    }

    fn start_run(&mut self, spec: RunSpec) {
        let handlers: json_value::Map =
            spec.handlers.iter().map(|(name, source)| (name.as_str(), Value::from(source.as_str()))).collect();
        self.to_sandbox(&object! {"run" => handlers});
        match Session::start(spec) {
            Ok(session) => {
                self.session = Some(session);
                self.schedule();
            }
            Err(why) => self.send(vec![Report::Notice(why)]),
        }
    }

    fn command(&mut self, command: Command) {
        let Some(session) = self.session.as_mut() else { return };
        let reports = session.command(command);
        self.send(reports);
        self.schedule();
    }

    /// A reply of the sandbox: `{"handled": ticket, "reply": …, "logs": […]}` as JSON text.
    fn handled(&mut self, text: &str) {
        let Ok(value) = json_value::from_str(text) else { return };
        let (Some(ticket), Some(reply)) = (value.get("handled").and_then(Value::as_u64), value.get("reply")) else {
            return;
        };
        let reply = reply_from_value(reply).unwrap_or_else(|why| crate::host::lambda::HandlerReply::Threw {
            error_type: "Playground.SandboxError".into(),
            message: why,
        });
        let logs = value.get("logs").and_then(Value::as_array).map(lines_of).unwrap_or_default();
        self.command(Command::Handled { ticket, reply, logs });
    }

    /// Sends handler calls to the sandbox and everything else to the page.
    fn send(&mut self, reports: Vec<Report>) {
        let (calls, page): (Vec<Report>, Vec<Report>) = reports.into_iter().partition(|r| matches!(r, Report::Call(_)));
        for call in calls {
            if let Report::Call(call) = call {
                self.to_sandbox(&object! {"call" => call_to_value(&call)});
            }
        }
        if !page.is_empty() {
            let text = self.encoder.encode(&reports_to_value(&page));
            let _ = self.scope.post_message(&JsValue::from_str(&text));
        }
    }

    fn to_sandbox(&self, message: &Value) {
        let _ = self.sandbox.post_message(&JsValue::from_str(&message.to_json_string()));
    }

    fn schedule(&mut self) {
        if !self.scheduled {
            self.scheduled = true;
            let _ = self.tick.port1().post_message(&JsValue::NULL);
        }
    }
}

fn lines_of(lines: &json_value::Array) -> Vec<String> {
    lines.iter().map(|line| line.as_str().unwrap_or_default().to_owned()).collect()
}

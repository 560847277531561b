//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real DOM can show.
//! Run with `make test-wasm` or `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use asl_playground::web::App;
use gloo::timers::future::sleep;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, HtmlTextAreaElement, InputEvent, InputEventInit, MouseEvent, MouseEventInit, MutationObserver,
    MutationObserverInit,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the playground in a fresh `<div>` (with no autosaved project) and lets Yew render once.
async fn mount() -> Element {
    if let Ok(Some(storage)) = gloo::utils::window().local_storage() {
        let _ = storage.clear();
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    gloo::utils::body().append_child(&root).expect("appended");
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

async fn settle() {
    sleep(Duration::from_millis(10)).await;
}

fn state_names(root: &Element) -> Vec<String> {
    let items = root.query_selector_all("li.state .name").expect("a valid selector");
    (0..items.length()).filter_map(|i| items.item(i)).filter_map(|node| node.text_content()).collect()
}

#[wasm_bindgen_test]
async fn app_opens_with_the_order_workflow_states() {
    let root = mount().await;
    assert_eq!(
        state_names(&root),
        ["ValidateOrder", "CheckInventory", "InventoryChoice", "ProcessPayment", "NotifyFailure", "FailState"]
    );
    let editor: HtmlTextAreaElement = root
        .query_selector("textarea.definition")
        .expect("a valid selector")
        .expect("the editor is there")
        .unchecked_into();
    assert!(editor.value().contains("arn:aws:states:::sns:publish"));
}

#[wasm_bindgen_test]
async fn typing_a_broken_definition_shows_its_problem_with_line_and_column() {
    let root = mount().await;
    type_definition(&root, "{\n  \"StartAt\": \"Missing\",\n  \"States\": {\"A\": {\"Type\": \"Succeed\"}}\n}").await;

    let problems = root.query_selector(".problems").expect("a valid selector").expect("problems are listed");
    assert_eq!(problems.text_content().unwrap_or_default(), "2:14 \"StartAt\" names no state: \"Missing\"");
}

/// Types `text` into the editor (the textarea: the editor bundle is not loaded here).
async fn type_definition(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = root
        .query_selector("textarea.definition")
        .expect("a valid selector")
        .expect("the editor is there")
        .unchecked_into();
    editor.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).expect("an input event");
    editor.dispatch_event(&event).expect("dispatched");
    settle().await;
}

/// The DOM changes within an element (its subtree and attributes), counted from its creation.
struct Mutations {
    observer: MutationObserver,
    count: Rc<Cell<u32>>,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Mutations {
    fn of(target: &Element) -> Self {
        let count = Rc::new(Cell::new(0));
        let counted = count.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
            counted.set(counted.get() + records.length());
        });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).expect("an observer");
        let options = MutationObserverInit::new();
        options.set_subtree(true);
        options.set_child_list(true);
        options.set_attributes(true);
        options.set_character_data(true);
        observer.observe_with_options(target, &options).expect("observed");
        Mutations { observer, count, _callback: callback }
    }

    /// The changes so far, those not yet reported to the callback included.
    fn count(&self) -> u32 {
        self.count.get() + self.observer.take_records().length()
    }
}

/// A keystroke that breaks the definition greys the graph from its panel and leaves the drawing
/// alone; mending it to the same layout redraws nothing either (a 200-state drawing is not
/// rebuilt on every keystroke).
#[wasm_bindgen_test]
async fn breaking_and_mending_the_definition_leaves_the_graph_drawing_alone() {
    let root = mount().await;
    let original = asl_playground::examples::order().definition.to_owned();
    let svg = root.query_selector("svg.graph").expect("a valid selector").expect("the graph is drawn");
    let changes = Mutations::of(&svg);
    type_definition(&root, &format!("{original}x")).await;
    assert!(root.query_selector(".graph-panel.stale svg.graph").expect("a valid selector").is_some(), "not greyed");
    type_definition(&root, &original).await;
    assert!(root.query_selector(".graph-panel.stale").expect("a valid selector").is_none(), "still greyed");
    assert_eq!(changes.count(), 0, "the drawing changed");
}

/// The linter's warnings are kept, hidden, while the text does not load: breaking and mending
/// the definition toggles them without building the list again.
#[wasm_bindgen_test]
async fn breaking_the_definition_hides_its_warnings_and_mending_it_shows_the_same_list() {
    let root = mount().await;
    let original = asl_playground::examples::order().definition.to_owned();
    let warnings = root.query_selector("details.warnings").expect("a valid selector").expect("the order warns");
    type_definition(&root, &format!("{original}x")).await;
    assert!(warnings.is_connected() && warnings.has_attribute("hidden"), "shown while the text does not load");
    type_definition(&root, &original).await;
    let shown = root.query_selector("details.warnings").expect("a valid selector").expect("the warnings");
    assert!(shown == warnings && !warnings.has_attribute("hidden"), "not the same list, shown");
}

/// Clicking a state's node selects it (one listener on the graph for all nodes).
#[wasm_bindgen_test]
async fn clicking_a_graph_node_selects_its_state() {
    let root = mount().await;
    let node = root
        .query_selector(r#"svg.graph g.node[data-state="CheckInventory"] rect"#)
        .expect("a valid selector")
        .expect("the node is drawn");
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    node.dispatch_event(&MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("a click"))
        .expect("dispatched");
    settle().await;
    let selected =
        root.query_selector("li.state.selected .name").expect("a valid selector").expect("a state is selected");
    assert_eq!(selected.text_content().unwrap_or_default(), "CheckInventory");
}

#[wasm_bindgen_test]
async fn the_three_handlers_and_named_inputs_are_shown() {
    let root = mount().await;
    let text = root.text_content().unwrap_or_default();
    for name in ["validateOrder", "checkInventory", "processPayment", "in stock", "out of stock", "invalid order"] {
        assert!(text.contains(name), "{name} is not on the page");
    }
}

/// The engine in the browser: catches clock or randomness calls that panic on wasm32.
#[wasm_bindgen_test]
fn the_order_workflow_runs_through_the_engine_in_the_browser() {
    use asl_playground::engine::{StartOptions, Status};
    use asl_playground::host::{self, mock_config, Mocks};
    use std::rc::Rc;

    let example = asl_playground::examples::order();
    let machine = Rc::new(asl_playground::asl::load(example.definition).expect("the order example loads"));
    let config = include_str!("../static/examples/order/mock-config.json");
    for (case, input, status, error) in [
        ("InStock", 0, Status::Succeeded, None),
        ("OutOfStock", 1, Status::Failed, Some("OrderFailed")),
        ("ThrottledFourTimes", 0, Status::Failed, Some("States.Runtime")),
    ] {
        let mocks = Mocks::TestCase(mock_config::load_test_case(config, "OrderProcessing", case).expect("a test case"));
        let options = StartOptions { seed: 42, ..StartOptions::default() };
        let (outcome, execution) =
            host::run(machine.clone(), json_value::Value::from(&example.inputs[input].input), options, &mocks);
        assert_eq!((outcome.status, outcome.error.as_deref()), (status, error), "{case}");
        assert!(execution.history().len() > 5, "{case}");
    }
}

/// JSONata's regular expressions run on the browser's `RegExp` (src/web/regex.rs), with the
/// port's UTF-8 offsets converted to and from JavaScript's UTF-16 indices.
#[wasm_bindgen_test]
fn jsonata_regular_expressions_use_the_browsers_regexp() {
    use json_value::json;

    asl_playground::web::regex::install();
    for (source, expected) in [
        ("$replace('a-b-c', /-/, '+')", json!("a+b+c")),
        ("$contains('Hello', /L+/i)", json!(true)),
        ("$split('a1b22c333', /[0-9]+/)", json!(["a", "b", "c", ""])),
        ("$match('k=v; x=y', /(\\w)=(\\w)/).groups", json!(["k", "v", "x", "y"])),
        ("$match('😀a é😀b', /[a-z]/).index", json!([2, 7])),
        ("$replace('😀a😀a', /a/, 'b')", json!("😀b😀b")),
        ("$replace('été', /(t)(x)?/, '[$1$2]')", json!("é[t]é")),
        ("$match('ab', /(?<=a)b/).match", json!("b")),
        ("$split('line1\nline2', /^l/m)", json!(["", "ine1\n", "ine2"])),
        ("$toMillis('2024-03-01', '[Y0001]-[M01]-[D01]')", json!(1_709_251_200_000_i64)),
    ] {
        assert_eq!(eval_jsonata(source), Ok(Some(expected)), "{source}");
    }
    let invalid = asl_playground::data::jsonata::Expression::parse("$match('a', /a{2,1}/)");
    assert!(invalid.as_ref().is_err_and(|m| m.starts_with("U1006")), "{invalid:?}");
}

/// JSONata's limits hold in the browser: the deepest recursion the depth limit lets through,
/// with a sort at every level, then a walk over a document as deep as ours may be, fit the
/// wasm stack; one step further is JSONata's stack error, and an endless loop is stopped by the
/// step budget.
#[wasm_bindgen_test]
fn jsonata_limits_fit_the_browsers_stack() {
    let recursion = "($f := function($n){ $n = 0 ? $length($string($states)) : $sum([1, $f($n - 1)]^($)) }; $f(N))";
    assert_eq!(eval_jsonata(&recursion.replace('N', "81")), Ok(Some(json_value::json!(2092))));
    let deeper = eval_jsonata(&recursion.replace('N', "82"));
    assert!(matches!(&deeper, Err(m) if m.starts_with("U1001: Stack overflow error")), "{deeper:?}");
    let endless = eval_jsonata("($f := function($n){ $f($n + 1) }; $f(0))");
    assert_eq!(endless, Err("U1001: Expression evaluation timeout: Check for infinite loop".to_owned()));
}

/// Evaluates `source` with `$states.input` a value nested 1,000 levels deep (our documents'
/// limit), as the engine does.
fn eval_jsonata(source: &str) -> Result<Option<json_value::Value>, String> {
    use asl_playground::data::jsonata::{Bindings, EvalError, Expression};
    use asl_playground::data::variables::Variables;
    use asl_playground::engine::rng::Rng;

    let mut deep = json_value::json!(1);
    for _ in 0..1000 {
        deep = json_value::Value::from(vec![deep]);
    }
    let states = json_value::object! {"input" => deep};
    let (variables, mut rng) = (Variables::default(), Rng::new(1));
    let expression = Expression::parse(source)?;
    let mut budget = u64::MAX;
    let mut bindings =
        Bindings { states: &states, variables: &variables, now_millis: 0, rng: &mut rng, budget: &mut budget };
    expression.eval(&mut bindings).map_err(|e| match e {
        EvalError::Failed(message) => message,
        EvalError::Unsupported => "unsupported".to_owned(),
    })
}

/// JSONata in the browser: the adapter evaluates expressions (clock and randomness functions
/// included, which must not reach the browser's own clock through the library), and the JSONata
/// order workflow runs through the engine.
#[wasm_bindgen_test]
fn jsonata_evaluates_in_the_browser() {
    use asl_playground::data::jsonata::{Bindings, Expression};
    use asl_playground::data::variables::Variables;
    use asl_playground::engine::rng::Rng;
    use asl_playground::engine::{StartOptions, Status};
    use asl_playground::host::{self, mock_config, Mocks};
    use json_value::json;
    use std::rc::Rc;

    let states = json!({"input": {"items": [{"price": 2, "qty": 3}, {"price": 1.5, "qty": 2}]}});
    let variables = Variables::default();
    let mut rng = Rng::new(3);
    for (source, expected) in [
        ("$sum($states.input.items.(price * qty))", json!(9)),
        ("$count($states.input.items[price > 1.8])", json!(1)),
        ("$millis()", json!(1_704_067_200_000_i64)),
        ("$now()", json!("2024-01-01T00:00:00.000Z")),
        ("$length($uuid())", json!(36)),
        ("$random() < 1", json!(true)),
        ("$uppercase('order ' & $string(42))", json!("ORDER 42")),
    ] {
        let expression = Expression::parse(source).expect("parses");
        let mut bindings = Bindings {
            states: &states,
            variables: &variables,
            now_millis: 1_704_067_200_000,
            rng: &mut rng,
            budget: &mut u64::MAX.clone(),
        };
        assert_eq!(expression.eval(&mut bindings), Ok(Some(expected)), "{source}");
    }

    let example = asl_playground::examples::order_jsonata();
    let machine = Rc::new(asl_playground::asl::load(example.definition).expect("the JSONata order example loads"));
    let config = include_str!("../static/examples/order/mock-config.json");
    let mocks = Mocks::TestCase(
        mock_config::load_test_case(config, "OrderProcessing", "ThrottledFourTimes").expect("a test case"),
    );
    let (outcome, _) =
        host::run(machine, json_value::Value::from(&example.inputs[0].input), StartOptions::default(), &mocks);
    assert_eq!((outcome.status, outcome.error.as_deref()), (Status::Failed, Some("OrderFailed")));
}

/// The engine Worker's session in the browser's wasm: an endless Choice loop is pumped in slices
/// up to AWS's 25,000 events, and every report crosses the wire codec with its documents shared
/// (the handler sandbox itself is tested end to end: tests/e2e).
#[wasm_bindgen_test]
fn an_endless_loop_runs_in_slices_to_the_event_limit_and_crosses_the_wire() {
    use asl_playground::host::session::codec::{reports_from_value, reports_to_value};
    use asl_playground::host::session::{Progress, Report, RunSpec, Session};
    use json_value::wire::{Decoder, Encoder};

    let definition = r#"{"StartAt": "C", "States": {"C": {"Type": "Choice",
        "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "C"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#;
    let input = json_value::json!({"n": 1, "blob": "x".repeat(50_000)});
    let spec = RunSpec {
        definition: definition.into(),
        input,
        handlers: vec![],
        static_responses: vec![],
        test_case: None,
        handler_limit_ms: 1000,
        s3: vec![],
    };
    let mut session = Session::start(spec).expect("starts");
    let (mut encoder, mut decoder) = (Encoder::default(), Decoder::default());
    let (mut events, mut bytes, mut slices) = (0, 0, 0);
    loop {
        // About 500 events per slice (a poll writes up to EVENTS_PER_POLL).
        let (reports, progress) = session.pump(500 / asl_playground::host::driver::EVENTS_PER_POLL);
        let text = encoder.encode(&reports_to_value(&reports));
        bytes += text.len();
        slices += 1;
        let back = reports_from_value(&decoder.decode(&text).expect("decodes")).expect("reads");
        assert_eq!(back, reports);
        events += back.iter().map(|r| if let Report::Events(e) = r { e.len() } else { 0 }).sum::<usize>();
        if progress == Progress::Done {
            break;
        }
    }
    assert_eq!(events, 25_001);
    assert!(slices > 50, "pumped in slices");
    // The 50 KB input crosses once, not once per event.
    assert!(bytes < 8_000_000, "{bytes} bytes for {events} events");
}

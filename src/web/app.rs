//! The root component: owns the [`State`] through a reducer and lays out the panels.

use std::rc::Rc;

use yew::prelude::*;

use super::autosave::use_autosave;
use super::code_editor::CodeEditor;
use super::exchange_panel::ExchangePanel;
use super::graph_view::GraphView;
use super::inspector::{Inspector, STATE_EVENTS_SHOWN};
use super::panels::{
    ExamplePicker, ExplainedError, HandlerList, InputPicker, ProjectsMenu, SecondsSetting, StateList, StaticResponses,
    TestCasePicker, ThemePicker, Warnings,
};
use super::persistence;
use super::run_panels::{
    EventDetail, EventsView, Logs, Outbox, PartPicker, PendingTasks, RunControls, RunTable, Timeline,
};
use super::runs::{use_runs, Runs};
use super::s3_panel::{MapRuns, S3Panel};
use crate::app::views::inspector::Tab;
use crate::app::{
    classify, export, reduce, state_range, state_statuses, underlines, Action, Export, HistoryIndex, Import, Notice,
    Outline, Pane, State, Theme,
};
use crate::engine::TaskResult;

/// [`State`] behind Yew's reducer hook; every change goes through [`reduce`].
#[derive(Default, PartialEq)]
struct Store(State);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Store(reduce(self.0.clone(), action)))
    }
}

/// A callback that turns a DOM-level value into an [`Action`] and dispatches it.
fn dispatcher<T: 'static>(dispatch: &UseReducerDispatcher<Store>, make: fn(T) -> Action) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

/// The app's callbacks into the store, made once: the same ones in every render. Yew compares
/// callbacks by identity, so callbacks made anew in each render would render every child that
/// takes one again on every keystroke (a 200-state graph and state list, a run's table).
struct Callbacks {
    select_state: Callback<String>,
    reveal_problem: Callback<usize>,
    select_part: Callback<(String, Option<usize>)>,
    select_tab: Callback<Tab>,
    select_event: Callback<Option<u64>>,
    select_child: Callback<Option<(usize, usize)>>,
    apply_fix: Callback<crate::asl::lint::Fix>,
    save_to_library: Callback<()>,
    new_project: Callback<()>,
    open_from_library: Callback<String>,
    delete_from_library: Callback<String>,
    open_example: Callback<usize>,
    set_theme: Callback<Theme>,
    show_pane: Callback<Pane>,
    edit_definition: Callback<String>,
    select_input: Callback<usize>,
    edit_input: Callback<String>,
    revert_input: Callback<()>,
    select_test_case: Callback<Option<(String, String)>>,
    set_paused: Callback<bool>,
    set_delay: Callback<u32>,
    scrub: Callback<Option<usize>>,
    put_s3_object: Callback<(String, String, String)>,
    edit_s3_object: Callback<(usize, String)>,
    remove_s3_object: Callback<usize>,
    edit_static_response: Callback<(usize, String)>,
    set_handler_limit: Callback<u32>,
    set_run_budget: Callback<u32>,
    edit_handler: Callback<(usize, String)>,
}

impl Callbacks {
    fn new(d: &UseReducerDispatcher<Store>) -> Self {
        Callbacks {
            select_state: dispatcher(d, Action::SelectState),
            reveal_problem: dispatcher(d, Action::RevealProblem),
            select_part: dispatcher(d, |(s, p)| Action::SelectPart(s, p)),
            select_tab: dispatcher(d, Action::SelectTab),
            select_event: dispatcher(d, Action::SelectEvent),
            select_child: dispatcher(d, Action::SelectChild),
            apply_fix: dispatcher(d, Action::ApplyFix),
            save_to_library: dispatcher(d, |()| Action::SaveToLibrary),
            new_project: dispatcher(d, |()| Action::NewProject),
            open_from_library: dispatcher(d, Action::OpenFromLibrary),
            delete_from_library: dispatcher(d, Action::DeleteFromLibrary),
            open_example: dispatcher(d, Action::OpenExample),
            set_theme: dispatcher(d, Action::SetTheme),
            show_pane: dispatcher(d, Action::ShowPane),
            edit_definition: dispatcher(d, Action::EditDefinition),
            select_input: dispatcher(d, Action::SelectInput),
            edit_input: dispatcher(d, Action::EditInput),
            revert_input: dispatcher(d, |()| Action::RevertInput),
            select_test_case: dispatcher(d, Action::SelectTestCase),
            set_paused: dispatcher(d, Action::SetPaused),
            set_delay: dispatcher(d, Action::SetDelay),
            scrub: dispatcher(d, Action::Scrub),
            put_s3_object: dispatcher(d, |(b, k, v)| Action::PutS3Object(b, k, v)),
            edit_s3_object: dispatcher(d, |(i, text)| Action::EditS3Object(i, text)),
            remove_s3_object: dispatcher(d, Action::RemoveS3Object),
            edit_static_response: dispatcher(d, |(i, text)| Action::EditStaticResponse(i, text)),
            set_handler_limit: dispatcher(d, Action::SetHandlerLimit),
            set_run_budget: dispatcher(d, Action::SetRunBudget),
            edit_handler: dispatcher(d, |(i, source)| Action::EditHandler(i, source)),
        }
    }
}

/// Run: the selected input, handlers and mocks, in a new engine Worker.
fn run_callback(store: &UseReducerHandle<Store>, runs: &Runs) -> Callback<()> {
    let (store, runs) = (store.clone(), runs.clone());
    Callback::from(move |()| {
        if !matches!(store.0.outline, Outline::States(_)) {
            return;
        }
        match store.0.run_spec() {
            Ok(spec) => runs.start(spec),
            Err(message) => store.dispatch(Action::Notify(Some(Notice::Problem(message)))),
        }
    })
}

/// Import: a definition replaces the text, a MockConfigFile its test cases, and a history is
/// replayed at the run's pace.
fn import_callback(store: &UseReducerHandle<Store>, runs: &Runs) -> Callback<String> {
    let (store, runs) = (store.clone(), runs.clone());
    Callback::from(move |text: String| match classify(&text) {
        Ok(Import::Definition(definition)) => store.dispatch(Action::EditDefinition(definition)),
        Ok(Import::Converted { definition, note }) => {
            store.dispatch(Action::EditDefinition(definition));
            store.dispatch(Action::Notify(Some(Notice::Info(note))));
        }
        Ok(Import::MockConfig(config)) => store.dispatch(Action::ImportMockConfig(config)),
        Ok(Import::History(replay)) => runs.replay(replay),
        Err(why) => store.dispatch(Action::Notify(Some(Notice::Problem(why)))),
    })
}

/// Ctrl+Enter (Cmd+Enter on a Mac) runs, wherever the focus is.
#[hook]
fn use_run_shortcut(on_run: Callback<()>, enabled: bool) {
    use_effect_with(enabled, move |enabled| {
        let enabled = *enabled;
        // In the capture phase, before the editor: the keys run, and insert no newline.
        let options =
            gloo::events::EventListenerOptions { phase: gloo::events::EventListenerPhase::Capture, passive: false };
        let window = gloo::utils::window();
        let listener = gloo::events::EventListener::new_with_options(&window, "keydown", options, move |event| {
            let Some(key) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event) else { return };
            if key.key() == "Enter" && (key.ctrl_key() || key.meta_key()) {
                key.prevent_default();
                key.stop_propagation();
                if enabled {
                    on_run.emit(());
                }
            }
        });
        move || drop(listener)
    });
}

fn notice_bar(notice: Notice, on_close: Callback<MouseEvent>) -> Html {
    let (class, text, link) = match notice {
        Notice::Info(text) => ("notice info", text, None),
        Notice::Problem(text) => ("notice problem", text, None),
        Notice::Link(text, link) => ("notice info", text, Some(link)),
    };
    let link = link.map(|link| {
        let onfocus = Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select());
        html! { <input class="share-link" readonly=true aria-label="Link to this project" value={link} {onfocus} /> }
    });
    html! {
        <div class={class} role="status">
            <span>{ text }</span>
            { for link }
            <button class="close" aria-label="Dismiss" onclick={on_close}>{ "×" }</button>
        </div>
    }
}

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(Store::default);
    let callbacks = {
        let dispatch = store.dispatcher();
        use_memo((), move |()| Callbacks::new(&dispatch))
    };
    let c = &*callbacks;
    let runs = use_runs(
        dispatcher(&store.dispatcher(), |action| action),
        store.0.paused,
        store.0.delay_ms,
        store.0.run_budget_ms,
    );
    let on_run = run_callback(&store, &runs);
    // Open the link or the save once; from then on, save every change.
    let restored = use_state(|| false);
    {
        let (store, restored) = (store.clone(), restored.clone());
        use_effect_with((), move |_| {
            store.dispatch(Action::SetTheme(persistence::stored_theme()));
            for action in persistence::library_actions().into_iter().chain(persistence::startup_actions()) {
                store.dispatch(action);
            }
            restored.set(true);
            // A link pasted into this tab's address bar opens here, as on a fresh page.
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                for action in persistence::link_actions() {
                    store.dispatch(action);
                }
            });
            move || drop(listener)
        });
    }
    let on_save_failed = {
        let store = store.clone();
        Callback::from(move |message: String| store.dispatch(Action::Notify(Some(Notice::Problem(message)))))
    };
    use_autosave(store.0.project(), *restored, on_save_failed);
    {
        let library = store.0.library.clone();
        let store = store.clone();
        use_effect_with((library, *restored), move |(library, restored)| {
            if *restored {
                if let Err(why) = persistence::save_library(library) {
                    let message = format!("Your projects could not be stored in this browser ({why}).");
                    store.dispatch(Action::Notify(Some(Notice::Problem(message))));
                }
            }
        });
    }
    use_effect_with((store.0.theme, *restored), |(theme, restored)| {
        if *restored {
            persistence::apply_theme(*theme);
        }
    });
    let on_copy_link = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let (project, left_out) = crate::share::for_link(&store.0.project());
            let link = persistence::copy_link(&project);
            let mut message = format!(
                "Link copied ({} characters). Whoever opens it gets this project; nothing runs until they press Run.",
                link.len()
            );
            if !left_out.is_empty() {
                message.push_str(&format!(
                    " S3 objects over the link's 32 KB were left out of it (they stay in your saved project): {}.",
                    left_out.join(", ")
                ));
            }
            store.dispatch(Action::Notify(Some(Notice::Link(message, link))));
        })
    };
    let on_answer = {
        let runs = runs.clone();
        Callback::from(move |(ticket, result): (u64, TaskResult)| runs.answer(ticket, result))
    };
    let on_let_time_pass = {
        let runs = runs.clone();
        Callback::from(move |()| runs.let_time_pass())
    };
    let on_step = {
        let runs = runs.clone();
        Callback::from(move |()| runs.step())
    };
    let on_stop = {
        let runs = runs.clone();
        Callback::from(move |()| runs.stop())
    };
    let on_import = import_callback(&store, &runs);
    let exchange_open = use_state(|| false);
    let export_shown = use_state(|| Export::Definition);
    let on_toggle_exchange = {
        let open = exchange_open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let idle = store.0.run.status != crate::app::RunStatus::Running;
    use_run_shortcut(on_run.clone(), idle && matches!(store.0.outline, Outline::States(_)));
    let state = &store.0;
    let on_reset = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::ResetToExample))
    };
    let visible = state.visible_events();
    let events_shown = visible.slice();
    let events: &[crate::engine::HistoryEvent] = &events_shown;
    let elapsed = match (events.first(), events.last()) {
        (Some(first), Some(last)) => last.timestamp - first.timestamp,
        _ => 0,
    };
    // Worked out once per history (a keystroke after a 25,000-event run does not redo it), and
    // read as of the timeline's position (scrubbing goes over no events).
    let index = use_memo(state.run.events.full(), |full| HistoryIndex::new(&full.slice()));
    let event_states = use_memo(state.run.events.full(), |full| crate::app::views::events::event_states(&full.slice()));
    let derived = use_memo((visible.len(), index.clone()), |(shown, index)| {
        (index.statuses(*shown), index.retry_counts(*shown), index.taken_edges(*shown))
    });
    // Picked Map iterations and Parallel branches (nested ones within the pick around them), and
    // the Distributed Map child picked in Map Runs: their states show their data and statuses.
    let picks =
        use_memo((visible.clone(), state.selected_parts.clone(), state.selected_child), |(visible, parts, _)| {
            let events = visible.slice();
            let mut scopes = crate::app::views::iterations::picked_scopes(&events, parts);
            scopes.extend(state.selected_child_events().map(<[_]>::to_vec));
            let statuses: Vec<_> = scopes.iter().map(|scope| state_statuses(scope)).collect();
            (scopes, statuses, crate::app::views::iterations::picked_labels(&events, parts))
        });
    let (scopes, _, picked_labels) = &*picks;
    let mut statuses = derived.0.clone();
    for scope_statuses in &picks.1 {
        statuses.extend(scope_statuses.clone());
    }
    // What the inspector shows of the selected state, worked out once per history, pick and
    // definition (not on every animation frame of a run).
    let picked = (state.selected_parts.clone(), state.selected_child);
    let key = (visible.clone(), state.selected_state.clone(), picked, state.run.logs.len(), state.definition.clone());
    let inspected = use_memo(key, |(_, name, _, _, _)| {
        name.as_ref().map(|name| {
            let depth = crate::app::views::iterations::depth_of(scopes, name);
            let seen = if depth == 0 { events } else { &scopes[depth - 1] };
            // Logs are told apart by the events of this execution's history: a Distributed Map
            // child's (a history of its own) are not narrowed.
            let narrowed = depth > 0 && depth <= state.selected_parts.len();
            let retriers = state.retriers(name);
            let details = crate::app::views::inspector::details(
                seen,
                narrowed,
                name,
                &state.run.logs,
                &retriers,
                &state.definition,
                STATE_EVENTS_SHOWN,
            );
            // Its own iterations (or branches) within the scope that holds it.
            let parts = crate::app::views::iterations::parts(seen, name);
            let picked = state.selected_parts.get(depth).filter(|(s, _)| s == name).map(|(_, p)| *p);
            (details, parts, picked)
        })
    });
    // The imported MockConfigFile's cases, read once per file (not on every keystroke).
    let test_cases = use_memo(state.mock_config.clone(), |_| state.test_cases());
    let runnable = matches!(state.outline, Outline::States(_));
    let problems = match &state.outline {
        Outline::Problems(problems) => underlines(&state.definition, problems),
        Outline::States(_) => crate::app::warning_underlines(&state.definition, &state.warnings),
    };
    let reveal = match state.revealed_problem.and_then(|i| problems.get(i)) {
        Some(problem) => Some((problem.from, problem.to, true)),
        None => state
            .selected_state
            .as_ref()
            .and_then(|name| state_range(&state.definition, name))
            .map(|(from, to)| (from, to, false)),
    };
    let graph = state.graph.clone().map(|graph| {
        html! { <GraphView {graph} statuses={statuses.clone()} retries={derived.1.clone()} taken={derived.2.clone()} counters={crate::app::views::map_runs::node_counters(&state.run.map_runs)} selected={state.selected_state.clone()} on_select={c.select_state.clone()} /> }
    });
    let exchange = exchange_open.then(|| {
        // Only the export shown is computed (a history is re-serialised on every event of a run).
        let exported = export(state, *export_shown);
        let (open, shown) = (exchange_open.clone(), export_shown.clone());
        let on_show = Callback::from(move |kind| shown.set(kind));
        let busy = state.run.status == crate::app::RunStatus::Running;
        html! { <ExchangePanel shown={*export_shown} {exported} {on_show} {busy} {on_import} on_close={Callback::from(move |()| open.set(false))} /> }
    });
    let titles = (*use_memo((), |()| crate::examples::gallery().iter().map(|e| e.title).collect::<Vec<_>>())).clone();
    let on_rename = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            store.dispatch(Action::Rename(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
        })
    };
    let inspector = state.selected_state.as_ref().zip(inspected.as_ref().as_ref()).map(|(name, (d, parts, picked))| {
        let d = d.clone();
        html! { <>
            <PartPicker state={name.clone()} parts={parts.clone()} picked={*picked} on_pick={c.select_part.clone()} />
            <Inspector state={name.clone()} inspection={d.inspection} attempts={d.attempts} events={Rc::new(d.events)}
                earlier_events={d.earlier_events} logs={d.logs} error={d.error} tab={state.inspector_tab}
                on_tab={c.select_tab.clone()} selected_event={state.selected_event}
                on_select_event={c.select_event.clone()} on_fix={c.apply_fix.clone()} />
        </> }
    });
    let on_show_last = {
        let (store, first) = (store.clone(), state.selected_parts.first().map(|(s, _)| s.clone()).unwrap_or_default());
        Callback::from(move |_: MouseEvent| store.dispatch(Action::SelectPart(first.clone(), None)))
    };
    let pane_class = format!("pane-{}", state.pane.label().to_lowercase());
    html! {
        <div class={classes!("playground", pane_class)}>
            <header class="topbar">
                <h1>{ "ASL Playground" }</h1>
                <span class="tagline">{ "Amazon States Language, run in your browser" }</span>
                <input class="project-name" aria-label="Project name" value={state.name.clone()} oninput={on_rename} />
                <span class="hint">{ "Ctrl+Enter runs" }</span>
                <ProjectsMenu name={state.name.clone()} saved={state.library.names()}
                    on_save={c.save_to_library.clone()} on_new={c.new_project.clone()}
                    on_open={c.open_from_library.clone()} on_delete={c.delete_from_library.clone()} />
                <ExamplePicker {titles} on_open={c.open_example.clone()} />
                <ThemePicker theme={state.theme} on_pick={c.set_theme.clone()} />
                <button class="exchange" onclick={on_toggle_exchange}>{ "Import / Export" }</button>
                <button class="copy-link" onclick={on_copy_link}>{ "Copy link" }</button>
                <button class="reset" onclick={on_reset}>{ "Reset to example" }</button>
            </header>
            <PaneTabs shown={state.pane} on_show={c.show_pane.clone()} />
            { for state.notice.clone().map(|notice| notice_bar(notice, dispatcher(&store.dispatcher(), |_: MouseEvent| Action::Notify(None)))) }
            { for exchange }
            <section class="panel editor-panel">
                <h2>{ "Definition" }<button class="format" onclick={dispatcher(&store.dispatcher(), |_: MouseEvent| Action::FormatDefinition)}>{ "Format" }</button></h2>
                <CodeEditor text={state.definition.clone()} underlines={problems} {reveal} on_change={c.edit_definition.clone()} />
            </section>
            <section class={classes!("panel", "graph-panel", (!runnable).then_some("stale"))}>
                <h2>{ "Graph" }</h2>
                { for graph }
                if !state.selected_parts.is_empty() {
                    <p class="picked-path" role="status">
                        { format!("Showing {}", picked_labels.join(" › ")) }
                        <button class="show-last" onclick={on_show_last}>{ "Show the last run" }</button>
                    </p>
                }
                { for inspector.map(|inspector| html! { <div class="inspector-area" aria-label="Inspector" role="region">{ inspector }</div> }) }
            </section>
            <section class="panel side-panel">
                <h2>{ "Input" }</h2>
                <InputPicker
                    inputs={state.inputs.clone()}
                    selected={state.selected_input}
                    on_select={c.select_input.clone()}
                    draft={state.input_draft.clone()}
                    on_edit={c.edit_input.clone()}
                    modified={state.input_modified()}
                    on_revert={c.revert_input.clone()}
                />
                <TestCasePicker cases={(*test_cases).clone()} selected={state.test_case.clone()} on_select={c.select_test_case.clone()} />
                <RunControls status={state.run.status.clone()} imported={state.run.imported} runs={state.runs} {runnable} {on_run} {on_step} {on_stop}
                    paused={state.paused} delay_ms={state.delay_ms} elapsed_ms={elapsed}
                    on_pause={c.set_paused.clone()} on_speed={c.set_delay.clone()} />
                { for state.failure_explanation().map(|explanation| html! { <ExplainedError {explanation} on_fix={c.apply_fix.clone()} /> }) }
                <PendingTasks tasks={state.run.pending.clone()} hint={state.callback_hint()} {on_answer} {on_let_time_pass} />
                <Timeline length={state.run.events.len()} position={state.scrub} current={events.last().cloned()}
                    on_scrub={c.scrub.clone()} />
                <h2>{ "States" }</h2>
                <StateList outline={state.outline.clone()} loaded={state.loaded_states.clone()} {statuses} selected={state.selected_state.clone()}
                    on_select={c.select_state.clone()} on_problem={c.reveal_problem.clone()} />
                <Warnings warnings={state.warnings.clone()} on_fix={c.apply_fix.clone()} hidden={!runnable} />
                if state.run.status != crate::app::RunStatus::Running || events.len() <= super::run_panels::LIVE_TABLE_EVENTS {
                    <RunTable events={visible.clone()} states={event_states.clone()} on_select={c.select_state.clone()} />
                }
                <h2>{ "Events" }</h2>
                <EventsView events={visible.clone()} states={event_states.clone()} selected={state.selected_event} on_select={c.select_event.clone()} />
                { for state.selected_event().map(|event| html! { <EventDetail event={event.clone()} /> }) }
                <MapRuns runs={state.run.map_runs.clone()} selected={state.selected_child} on_select={c.select_child.clone()} />
                <h2>{ "SNS outbox" }</h2>
                <Outbox messages={state.run.outbox.clone()} />
                <h2>{ "Handler logs" }</h2>
                <Logs lines={state.run.logs.clone()} />
                <h2>{ "S3 (mock)" }</h2>
                <S3Panel objects={state.s3.clone()} written={state.run.s3_written.clone()}
                    on_put={c.put_s3_object.clone()}
                    on_edit={c.edit_s3_object.clone()}
                    on_remove={c.remove_s3_object.clone()} />
                <StaticResponses responses={state.static_responses.clone()} on_edit={c.edit_static_response.clone()} />
                <h2>{ "Lambda handlers" }</h2>
                <SecondsSetting class="handler-limit" label="Time limit per handler (s) " millis={state.handler_limit_ms} on_change={c.set_handler_limit.clone()} />
                <SecondsSetting class="run-budget" label="Real-time budget per run (s) " millis={state.run_budget_ms} on_change={c.set_run_budget.clone()} />
                <HandlerList handlers={state.handlers.clone()} on_edit={c.edit_handler.clone()} />
            </section>
        </div>
    }
}

/// Props of [`PaneTabs`].
#[derive(Properties, PartialEq)]
struct PaneTabsProps {
    shown: Pane,
    on_show: Callback<Pane>,
}

/// A phone's tabs: Definition, Graph, Run (the stylesheet shows them, and one part at a time,
/// on narrow screens only).
#[function_component(PaneTabs)]
fn pane_tabs(props: &PaneTabsProps) -> Html {
    html! {
        <nav class="pane-tabs" aria-label="Parts of the page">
            { for Pane::ALL.into_iter().map(|pane| {
                let (on_show, pressed) = (props.on_show.clone(), pane == props.shown);
                html! {
                    <button class={classes!("pane-tab", pressed.then_some("selected"))} aria-pressed={pressed.to_string()}
                        onclick={Callback::from(move |_| on_show.emit(pane))}>{ pane.label() }</button>
                }
            }) }
        </nav>
    }
}

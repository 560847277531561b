//! The inspector: one state's attempts, then its tabs (Input, Output, Data flow, Events, Logs,
//! Error), as `app::views::inspector` works them out. Tabs follow the WAI-ARIA tabs pattern
//! (arrow keys, Home and End move between them).

use std::rc::Rc;

use yew::prelude::*;

use super::panels::ExplainedError;
use super::run_panels::{EventDetail, JsonBlock};
use crate::app::views::attempts::Attempt;
use crate::app::views::events::event_summary;
use crate::app::views::explain::Explanation;
use crate::app::views::inspector::{shown_tab, stages, tabs, Change, Stage, StateError, Tab};
use crate::app::Inspection;
use crate::data::timestamp::format_millis;
use crate::engine::HistoryEvent;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The selected state's name.
    pub state: String,
    /// What the history says about its last visit (`None`: not visited).
    pub inspection: Option<Inspection>,
    /// Its task's attempts, the last time it ran.
    #[prop_or_default]
    pub attempts: Vec<Attempt>,
    /// Its events (the last ones, at most [`STATE_EVENTS_SHOWN`]), and how many earlier ones are left out.
    #[prop_or_default]
    pub events: Rc<Vec<HistoryEvent>>,
    /// Events of the state not in `events`.
    #[prop_or_default]
    pub earlier_events: usize,
    /// What its handler logged.
    #[prop_or_default]
    pub logs: Vec<String>,
    /// How it last failed, and what that means (when the run did not go on).
    #[prop_or_default]
    pub error: Option<(StateError, Option<Explanation>)>,
    /// The tab picked.
    pub tab: Tab,
    /// A tab was picked.
    pub on_tab: Callback<Tab>,
    /// The event shown in full.
    #[prop_or_default]
    pub selected_event: Option<u64>,
    /// An event row was clicked.
    #[prop_or_default]
    pub on_select_event: Callback<Option<u64>>,
    /// An explained error's fix was asked for.
    #[prop_or_default]
    pub on_fix: Callback<crate::asl::lint::Fix>,
}

/// The most events of one state the Events tab lists (a Choice loop visits a state thousands of times).
pub const STATE_EVENTS_SHOWN: usize = 200;

/// One state as the run left it.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let available = tabs(props.inspection.as_ref(), props.events.len(), props.logs.len(), props.error.is_some());
    if available.is_empty() {
        return html! { <p class="inspector empty">{ format!("{} did not run.", props.state) }</p> };
    }
    let shown = shown_tab(props.tab, &available);
    html! {
        <div class="inspector" data-state={props.state.clone()}>
            <h3>{ &props.state }</h3>
            if crate::app::views::inspector::attempts_worth_showing(&props.attempts) {
                <AttemptList attempts={props.attempts.clone()} />
            }
            <TabBar tabs={available} {shown} on_tab={props.on_tab.clone()} />
            <div class="tab-panel" role="tabpanel" id="inspector-panel" aria-labelledby={tab_id(shown)} data-tab={shown.label()}>
                { panel(props, shown) }
            </div>
        </div>
    }
}

fn tab_id(tab: Tab) -> String {
    format!("inspector-tab-{}", tab.label().replace(' ', "-").to_lowercase())
}

fn panel(props: &InspectorProps, tab: Tab) -> Html {
    let seen = props.inspection.as_ref();
    match tab {
        Tab::Input => seen.and_then(|s| s.input.clone()).map(|v| html! { <JsonBlock value={v} /> }).unwrap_or_default(),
        Tab::Output => {
            seen.and_then(|s| s.output.clone()).map(|v| html! { <JsonBlock value={v} /> }).unwrap_or_default()
        }
        Tab::DataFlow => seen.map(data_flow).unwrap_or_default(),
        Tab::Events => events_panel(props),
        Tab::Logs => html! { <pre class="logs" tabindex="0">{ for props.logs.iter().map(|l| format!("{l}\n")) }</pre> },
        Tab::Error => {
            props.error.as_ref().map(|(error, why)| error_panel(error, why.as_ref(), &props.on_fix)).unwrap_or_default()
        }
    }
}

/// Props of [`TabBar`].
#[derive(Properties, PartialEq)]
struct TabBarProps {
    tabs: Vec<Tab>,
    shown: Tab,
    on_tab: Callback<Tab>,
}

#[function_component(TabBar)]
fn tab_bar(props: &TabBarProps) -> Html {
    let list = use_node_ref();
    let onkeydown = {
        let (tabs, shown, on_tab, list) = (props.tabs.clone(), props.shown, props.on_tab.clone(), list.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => shown.step(&tabs, 1),
                "ArrowLeft" => shown.step(&tabs, -1),
                "Home" => tabs[0],
                "End" => tabs[tabs.len() - 1],
                _ => return,
            };
            e.prevent_default();
            on_tab.emit(next);
            focus_tab(&list, next);
        })
    };
    html! {
        <div class="inspector-tabs" role="tablist" aria-label="State details" ref={list} {onkeydown}>
            { for props.tabs.iter().map(|tab| {
                let (tab, selected, on_tab) = (*tab, *tab == props.shown, props.on_tab.clone());
                html! {
                    <button role="tab" id={tab_id(tab)} aria-selected={selected.to_string()} aria-controls="inspector-panel"
                        tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
                        onclick={Callback::from(move |_| on_tab.emit(tab))}>{ tab.label() }</button>
                }
            }) }
        </div>
    }
}

/// Moves focus to `tab`'s button once it is drawn (the arrow keys' focus follows the selection).
fn focus_tab(list: &NodeRef, tab: Tab) {
    let list = list.clone();
    gloo::timers::callback::Timeout::new(0, move || {
        let button =
            list.cast::<web_sys::Element>().and_then(|l| l.query_selector(&format!("#{}", tab_id(tab))).ok().flatten());
        if let Some(button) = button.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok()) {
            let _ = button.focus();
        }
    })
    .forget();
}

/// Props of [`AttemptList`].
#[derive(Properties, PartialEq)]
struct AttemptListProps {
    attempts: Vec<Attempt>,
}

/// Each try of the task: how it ended, and what the Retrier planned and waited before the next.
#[function_component(AttemptList)]
fn attempt_list(props: &AttemptListProps) -> Html {
    html! {
        <div class="stage attempts-timeline"><span class="label">{ "Attempts" }</span>
            <div class="attempt-bar" role="img" aria-label="The attempts and the waits between them, to scale">
                { for crate::app::views::attempts::timeline(&props.attempts).into_iter().map(|span| html! {
                    <span class={classes!("span", span.kind, span.outcome.replace(' ', "-"))} style={format!("width: {:.1}%", span.percent)}
                        title={format!("{} {:.1} s", if span.kind == "try" { span.outcome } else { "waited" }, span.millis as f64 / 1000.0)}></span>
                }) }
            </div>
            <ol class="attempts">
                { for props.attempts.iter().map(attempt) }
            </ol>
        </div>
    }
}

fn attempt(a: &Attempt) -> Html {
    let waited = a.backoff_ms.map(|ms| format!(" — then waited {:.1} s", ms as f64 / 1000.0));
    html! {
        <li class={classes!("attempt", a.outcome.replace(' ', "-"))}>
            <b>{ format!("#{} {}", a.number, a.outcome) }</b>
            { for a.error.as_ref().map(|(error, cause)| html! { <>{ " " }<code>{ error }</code>{ format!(": {cause}") }</> }) }
            { for waited.map(|w| html! { <span class="backoff">{ w }</span> }) }
            { for a.retry.as_ref().map(|plan| html! { <div class="retry-plan">{ plan.describe() }</div> }) }
            { for a.last_because.as_ref().map(|why| html! { <div class="retry-plan last">{ format!("Not retried: {why}.") }</div> }) }
        </li>
    }
}

fn data_flow(seen: &Inspection) -> Html {
    html! {
        <>
            { for stages(seen).into_iter().map(|stage| stage_view(&stage)) }
            { for seen.assigned.iter().map(|vars| html! {
                <div class="stage"><span class="label">{ "Assigned variables" }</span><JsonBlock value={json_value::Value::Object(vars.clone())} /></div>
            }) }
        </>
    }
}

fn stage_view(stage: &Stage) -> Html {
    let changes = &stage.changes;
    let unchanged = changes.listed.is_empty() && stage.label != "Input";
    html! {
        <div class="stage" data-stage={stage.label}>
            <span class="label">{ stage.label }{ if unchanged { " (unchanged)" } else { "" } }</span>
            if !changes.listed.is_empty() {
                <ul class="changes" aria-label={format!("What {} changed", stage.label)}>
                    { for changes.listed.iter().map(change) }
                    if changes.more > 0 { <li class="more">{ format!("… and {} more", changes.more) }</li> }
                </ul>
            }
            <JsonBlock value={stage.value.clone()} />
        </div>
    }
}

fn change(c: &Change) -> Html {
    let short = |v: &json_value::Value| json_value::to_string_prefix(v, 120);
    let what = match (&c.before, &c.after) {
        (None, Some(after)) => format!(" added: {}", short(after)),
        (Some(before), None) => format!(" removed (was {})", short(before)),
        (Some(before), Some(after)) => format!(": {} → {}", short(before), short(after)),
        (None, None) => String::new(),
    };
    html! { <li class={classes!("change", c.kind())}><code>{ &c.path }</code>{ what }</li> }
}

fn events_panel(props: &InspectorProps) -> Html {
    let selected = props.selected_event.and_then(|id| props.events.iter().find(|e| e.id == id));
    let on_select = props.on_select_event.clone();
    html! {
        <>
            if props.earlier_events > 0 {
                <p class="hint">{ format!("The last {} events of this state ({} earlier ones are in the Events table).", props.events.len(), props.earlier_events) }</p>
            }
            <table class="events state-events">
                <thead><tr><th>{ "#" }</th><th>{ "Type" }</th><th>{ "Time" }</th><th>{ "Details" }</th></tr></thead>
                <tbody>
                    { for props.events.iter().map(|event| {
                        let (id, chosen, on_select) = (event.id, props.selected_event == Some(event.id), on_select.clone());
                        let onkeydown = {
                            let on_select = on_select.clone();
                            Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" || e.key() == " " {
                                e.prevent_default();
                                on_select.emit((!chosen).then_some(id));
                            })
                        };
                        html! {
                            <tr class={classes!("event", chosen.then_some("selected"))} tabindex="0" aria-selected={chosen.to_string()}
                                onclick={Callback::from(move |_| on_select.emit((!chosen).then_some(id)))} {onkeydown}>
                                <td>{ event.id }</td><td>{ event.event_type.to_string() }</td>
                                <td>{ format_millis(event.timestamp).get(11..23).unwrap_or_default().to_owned() }</td>
                                <td class="details"><code>{ event_summary(event, 200) }</code></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            { for selected.map(|event| html! { <EventDetail event={event.clone()} /> }) }
        </>
    }
}

fn error_panel(error: &StateError, why: Option<&Explanation>, on_fix: &Callback<crate::asl::lint::Fix>) -> Html {
    html! {
        <div class="state-error">
            <p><code class="error-name">{ &error.error }</code>{ format!(" ({})", error.event_type) }</p>
            <pre class="cause" tabindex="0">{ &error.cause }</pre>
            if error.handled {
                <p class="hint">{ "Handled: a Retrier tried again or a Catcher went on, so the run did not fail here." }</p>
            }
            { for why.cloned().map(|explanation| html! { <ExplainedError {explanation} on_fix={on_fix.clone()} /> }) }
        </div>
    }
}

//! The run's panels: controls, outcome, event history, outbox and logs. Each renders
//! plain data and reports clicks as domain values.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::views::events::{event_summary, visible_rows, SUMMARY_BYTES};
use crate::app::{Events, LogLine, PendingTask, RunStatus};
use crate::data::timestamp::format_millis;
use crate::engine::HistoryEvent;
use crate::engine::TaskResult;
use crate::host::lambda::OutboxMessage;

/// Props of [`RunControls`].
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    /// The run's status.
    pub status: RunStatus,
    /// The run is a replay of an imported history.
    #[prop_or_default]
    pub imported: bool,
    /// How many runs have started (shown as `data-runs`).
    #[prop_or_default]
    pub runs: u32,
    /// Whether the definition loads (Run is disabled otherwise).
    pub runnable: bool,
    /// Run was pressed.
    pub on_run: Callback<()>,
    /// Stop was pressed.
    pub on_stop: Callback<()>,
    /// Whether runs are paused.
    pub paused: bool,
    /// Milliseconds between events.
    pub delay_ms: u32,
    /// Virtual time the shown run has taken, in milliseconds.
    pub elapsed_ms: i64,
    /// Pause (true) or resume (false).
    pub on_pause: Callback<bool>,
    /// One event, while paused.
    pub on_step: Callback<()>,
    /// A new delay between events.
    pub on_speed: Callback<u32>,
}

/// The speeds offered: label and milliseconds between events.
const SPEEDS: [(&str, u32); 4] = [("Instant", 0), ("Fast", 150), ("Slow", 600), ("Very slow", 1500)];

/// The Run button and what the last run came to.
#[function_component(RunControls)]
pub fn run_controls(props: &RunControlsProps) -> Html {
    let on_run = props.on_run.clone();
    let running = props.status == RunStatus::Running;
    let summary = match &props.status {
        RunStatus::Idle => html! { <span class="outcome idle">{ "Not run yet" }</span> },
        RunStatus::Running if props.imported => html! { <span class="outcome running">{ "Replaying…" }</span> },
        RunStatus::Running => html! { <span class="outcome running">{ "Running…" }</span> },
        RunStatus::Stopped(why) => html! { <span class="outcome stopped"><b>{ "STOPPED" }</b>{ " " }{ why }</span> },
        RunStatus::Incomplete => {
            html! { <span class="outcome incomplete">{ "Replayed: the history ends before the execution did" }</span> }
        }
        RunStatus::Finished(outcome) => {
            let status = outcome.status.as_str();
            let detail = match (&outcome.output, &outcome.error) {
                (Some(output), _) => json_value::to_string_prefix(output, 2_000),
                (None, error) => {
                    format!("{} {}", error.as_deref().unwrap_or(""), outcome.cause.as_deref().unwrap_or(""))
                }
            };
            let replayed = props.imported.then_some("Replayed ");
            html! { <span class={classes!("outcome", status.to_lowercase())}>{ for replayed }<b>{ status }</b>{ " " }<code>{ detail }</code></span> }
        }
    };
    let (on_pause, paused) = (props.on_pause.clone(), props.paused);
    let on_step = props.on_step.clone();
    let on_speed = props.on_speed.clone();
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<web_sys::HtmlSelectElement>().selected_index();
        on_speed.emit(SPEEDS.get(usize::try_from(index).unwrap_or(0)).map_or(0, |(_, ms)| *ms));
    });
    html! {
        <div class="run-controls" data-runs={props.runs.to_string()}>
            <button class="run" disabled={running || !props.runnable} onclick={Callback::from(move |_| on_run.emit(()))}>{ "▶ Run" }</button>
            <button class="stop" disabled={!running} onclick={let on_stop = props.on_stop.clone(); Callback::from(move |_| on_stop.emit(()))}>{ "■ Stop" }</button>
            <button class="pause" onclick={Callback::from(move |_| on_pause.emit(!paused))}>{ if paused { "Resume" } else { "Pause" } }</button>
            <button class="step" disabled={!paused} onclick={Callback::from(move |_| on_step.emit(()))}>{ "Step" }</button>
            <select class="speed" aria-label="Animation speed" {onchange}>
                { for SPEEDS.iter().map(|(label, ms)| html! { <option selected={*ms == props.delay_ms}>{ *label }</option> }) }
            </select>
            <span class="clock" title="Virtual time since the execution started">{ format!("virtual time {}", clock(props.elapsed_ms)) }</span>
            <div class="summary">{ summary }</div>
        </div>
    }
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// How many events the run has.
    pub length: usize,
    /// Where the view is (`None`: live, the last event).
    pub position: Option<usize>,
    /// The event at the position, to name it.
    pub current: Option<HistoryEvent>,
    /// The user scrubbed (`None`: back to live).
    pub on_scrub: Callback<Option<usize>>,
}

/// Time travel: a slider over the history; the graph, states and inspector show the run as of
/// the chosen event.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    if props.length == 0 {
        return html! {};
    }
    let last = props.length - 1;
    let position = props.position.unwrap_or(last);
    let on_scrub = props.on_scrub.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value_as_number();
        on_scrub.emit(Some(value.max(0.0) as usize));
    });
    let on_live = props.on_scrub.clone();
    let label = props.current.as_ref().map(|e| {
        let time = format_millis(e.timestamp);
        format!(
            "#{} {} {} {}",
            e.id,
            e.event_type,
            e.state_name().unwrap_or_default(),
            time.get(11..23).unwrap_or_default()
        )
    });
    html! {
        <div class="timeline">
            <input type="range" min="0" max={last.to_string()} value={position.to_string()} aria-label="Event timeline" {oninput} />
            <button class="live" disabled={props.position.is_none()} onclick={Callback::from(move |_| on_live.emit(None))}>{ "Live" }</button>
            <span class="at">{ label.unwrap_or_default() }</span>
        </div>
    }
}

/// Props of [`EventTable`].
#[derive(Properties, PartialEq)]
pub struct EventTableProps {
    /// The events.
    pub events: Events,
    /// Which of them to show (indices, in order; `None`: all).
    #[prop_or_default]
    pub kept: Option<Rc<Vec<usize>>>,
    /// Each event's state, if the caller has them (at least one per event).
    #[prop_or_default]
    pub states: Option<Rc<Vec<Option<String>>>>,
    /// The event shown in full (its id).
    #[prop_or_default]
    pub selected: Option<u64>,
    /// A row was clicked: its event's id (`None` when the shown one is clicked again).
    #[prop_or_default]
    pub on_select: Callback<Option<u64>>,
}

/// A row's height in pixels (the stylesheet gives every row this height).
const ROW_PX: f64 = 22.0;

/// The history as a table: only the rows in view are drawn (a run has up to 25,000 events);
/// while scrolled to the end it follows new events.
#[function_component(EventTable)]
pub fn event_table(props: &EventTableProps) -> Html {
    let viewport = use_node_ref();
    let scroll = use_state(|| (0.0_f64, 320.0_f64, true)); // (top, height, following the end)
    let all = props.events.slice();
    let total = props.kept.as_ref().map_or(all.len(), |kept| kept.len());
    {
        let (viewport, following) = (viewport.clone(), scroll.2);
        use_effect_with(total, move |_| {
            if let Some(element) = viewport.cast::<web_sys::Element>().filter(|_| following) {
                follow_end(element);
            }
        });
    }
    let onscroll = {
        let (viewport, scroll) = (viewport.clone(), scroll.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = viewport.cast::<web_sys::Element>() {
                let (top, height) = (f64::from(element.scroll_top()), f64::from(element.client_height()));
                let following = top + height >= f64::from(element.scroll_height()) - ROW_PX;
                scroll.set((top, height, following));
            }
        })
    };
    let rows = visible_rows(total, scroll.0, scroll.1, ROW_PX);
    let key = (all.len(), all.last().map(|e| e.id), props.states.is_some());
    let own = use_memo(key, |_| match props.states {
        Some(_) => Vec::new(),
        None => crate::app::views::events::event_states(&all),
    });
    let states: &[Option<String>] = props.states.as_deref().map_or(&own, |given| given);
    let index = |row: usize| props.kept.as_ref().map_or(row, |kept| kept[row]);
    let spacer = |count: usize| {
        (count > 0).then(|| html! { <tr class="spacer" aria-hidden="true" style={format!("height: {}px", count as f64 * ROW_PX)}></tr> })
    };
    html! {
        <div class="events-viewport" ref={viewport} {onscroll} tabindex="0" aria-label={format!("History events ({total})")}>
            <table class="events">
                <thead><tr><th>{ "#" }</th><th>{ "Type" }</th><th>{ "State" }</th><th>{ "Time" }</th><th>{ "Details" }</th></tr></thead>
                <tbody>
                    { for spacer(rows.start) }
                    { for rows.clone().map(index).map(|i| event_row(&all[i], states.get(i).cloned().flatten(), props.selected, &props.on_select)) }
                    { for spacer(total - rows.end) }
                </tbody>
            </table>
        </div>
    }
}

/// Scrolls `element` to its end once the current task is over: reading its height at once would
/// lay the page out during every render that adds events (several per frame while a run
/// reports), and the browser clamps a too-large `scrollTop` to the end without it being read.
fn follow_end(element: web_sys::Element) {
    gloo::timers::callback::Timeout::new(0, move || element.set_scroll_top(i32::MAX)).forget();
}

fn event_row(
    event: &HistoryEvent,
    state: Option<String>,
    selected: Option<u64>,
    on_select: &Callback<Option<u64>>,
) -> Html {
    let details = event_summary(event, SUMMARY_BYTES);
    let failure = event.event_type.ends_with("Failed") || event.event_type.ends_with("TimedOut");
    let is_selected = selected == Some(event.id);
    let (on_select, id) = (on_select.clone(), event.id);
    let onkeydown = {
        let on_select = on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_select.emit((!is_selected).then_some(id));
            }
        })
    };
    let onclick = Callback::from(move |_| on_select.emit((!is_selected).then_some(id)));
    html! {
        <tr class={classes!("event", failure.then_some("failure"), is_selected.then_some("selected"))} data-type={event.event_type.to_string()} {onclick}
            {onkeydown} tabindex="0" aria-selected={is_selected.to_string()}>
            <td>{ event.id }</td>
            <td>{ event.event_type.to_string() }</td>
            <td>{ state.unwrap_or_default() }</td>
            <td>{ format_millis(event.timestamp).get(11..19).unwrap_or_default().to_owned() }</td>
            <td class="details"><code>{ details }</code></td>
        </tr>
    }
}

/// The most of a document a block shows before "Show all" (drawing megabytes of text takes
/// the page seconds).
const SHOWN_BYTES: usize = 64 * 1024;

/// Props of [`JsonBlock`].
#[derive(Properties, PartialEq)]
pub struct JsonBlockProps {
    /// The document.
    pub value: json_value::Value,
}

/// A document, indented: written once per document (not per render), long ones cut until asked.
#[function_component(JsonBlock)]
pub fn json_block(props: &JsonBlockProps) -> Html {
    let text = use_memo(props.value.clone(), pretty);
    let all = use_state(|| false);
    if text.len() <= SHOWN_BYTES || *all {
        return html! { <pre tabindex="0">{ (*text).clone() }</pre> };
    }
    let mut end = SHOWN_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let onclick = Callback::from(move |_| all.set(true));
    html! {
        <div class="json-block">
            <pre tabindex="0">{ &text[..end] }{ "…" }</pre>
            <button class="show-all" {onclick}>{ format!("Show all ({} KB)", text.len() / 1024) }</button>
        </div>
    }
}

/// Props of [`EventDetail`].
#[derive(Properties, PartialEq)]
pub struct EventDetailProps {
    /// The event.
    pub event: HistoryEvent,
}

/// One history event in full, as `aws stepfunctions get-execution-history` prints it.
#[function_component(EventDetail)]
pub fn event_detail(props: &EventDetailProps) -> Html {
    let event = &props.event;
    html! {
        <div class="event-detail" data-event={event.id.to_string()}>
            <h3>{ format!("#{} {}", event.id, event.event_type) }</h3>
            <JsonBlock value={crate::exchange::history::cli_json(event)} />
        </div>
    }
}

/// Props of [`Outbox`].
#[derive(Properties, PartialEq)]
pub struct OutboxProps {
    /// Published messages.
    pub messages: Vec<OutboxMessage>,
}

/// Messages published to SNS.
#[function_component(Outbox)]
pub fn outbox(props: &OutboxProps) -> Html {
    if props.messages.is_empty() {
        return html! { <p class="empty">{ "No messages." }</p> };
    }
    html! {
        <ul class="outbox">
            { for props.messages.iter().map(|m| html! {
                <li class="message">
                    <div><b>{ m.subject.clone().unwrap_or_default() }</b>{ " → " }<code>{ &m.topic }</code>
                        <span class="time">{ format!(" at {}", format_millis(m.at).get(11..23).unwrap_or_default()) }</span></div>
                    <div class="body">{ m.message.as_str().map(str::to_owned).unwrap_or_else(|| json_value::to_string_prefix(&m.message, 4_000)) }</div>
                </li>
            }) }
        </ul>
    }
}

/// Props of [`Logs`].
#[derive(Properties, PartialEq)]
pub struct LogsProps {
    /// Handler log lines.
    pub lines: Vec<LogLine>,
}

/// What the handlers logged.
#[function_component(Logs)]
pub fn logs(props: &LogsProps) -> Html {
    if props.lines.is_empty() {
        return html! { <p class="empty">{ "No logs." }</p> };
    }
    html! {
        <pre class="logs" tabindex="0">{ for props.lines.iter().map(|l| format!("[{}] {}\n", l.state, l.line)) }</pre>
    }
}

/// `h:mm:ss` (and days) of virtual time.
fn clock(millis: i64) -> String {
    let seconds = millis.max(0) / 1000;
    let (days, h, m, s) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    if days > 0 {
        format!("{days}d {h}:{m:02}:{s:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

fn pretty(value: &json_value::Value) -> String {
    json_value::to_string_pretty(value)
}

/// Props of [`PendingTasks`].
#[derive(Properties, PartialEq)]
pub struct PendingTasksProps {
    /// Callback tasks waiting for the user.
    pub tasks: Vec<PendingTask>,
    /// The user's answer: ticket and result.
    pub on_answer: Callback<(u64, TaskResult)>,
    /// Let virtual time run to the next timer (a timeout or heartbeat).
    pub on_let_time_pass: Callback<()>,
    /// What Send success is pre-filled with (a payload the definition accepts).
    #[prop_or_default]
    pub hint: String,
}

/// `.waitForTaskToken` tasks with Send success (with an output) and Send failure.
#[function_component(PendingTasks)]
pub fn pending_tasks(props: &PendingTasksProps) -> Html {
    let output = use_state(|| "{}".to_owned());
    {
        // Each new waiting task starts from the pre-filled payload.
        let (output, hint) = (output.clone(), props.hint.clone());
        let first = props.tasks.first().map(|t| t.ticket);
        use_effect_with(first, move |first| {
            if first.is_some() && !hint.is_empty() {
                output.set(hint);
            }
        });
    }
    if props.tasks.is_empty() {
        return html! {};
    }
    let on_output = {
        let output = output.clone();
        Callback::from(move |e: InputEvent| {
            output.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        })
    };
    let parsed = json_value::from_str(&output);
    let problem = parsed.as_ref().err().map(|e| html! { <p class="problem">{ format!("Not JSON: {e}") }</p> });
    let on_let_time_pass = props.on_let_time_pass.clone();
    html! {
        <div class="pending">
            { for props.tasks.iter().map(|task| {
                let (ticket, on_success, on_failure) = (task.ticket, props.on_answer.clone(), props.on_answer.clone());
                let value = parsed.as_ref().ok().cloned();
                let succeed = Callback::from(move |_| {
                    if let Some(value) = value.clone() {
                        on_success.emit((ticket, TaskResult::Succeeded(value)));
                    }
                });
                let fail = Callback::from(move |_| {
                    let result = TaskResult::failed("Playground.Rejected", "Sent as a failure from the playground");
                    on_failure.emit((ticket, result));
                });
                html! {
                    <div class="task" data-state={task.state.clone()}>
                        <div><b>{ &task.state }</b>{ " waits for its task token " }<code>{ task.token.get(..8).unwrap_or_default() }{ "…" }</code></div>
                        <textarea class="callback-output" rows="2" aria-label="Task output" value={(*output).clone()} oninput={on_output.clone()} />
                        <button class="send-success" disabled={parsed.is_err()} onclick={succeed}>{ "Send success" }</button>
                        <button class="send-failure" onclick={fail}>{ "Send failure" }</button>
                    </div>
                }
            }) }
            { for problem }
            <button class="let-time-pass" title="Virtual time runs to the next timer: a TimeoutSeconds or HeartbeatSeconds"
                onclick={Callback::from(move |_| on_let_time_pass.emit(()))}>{ "Let time pass" }</button>
        </div>
    }
}

/// Props of [`EventsView`].
#[derive(Properties, PartialEq)]
pub struct EventsViewProps {
    /// The run's events (as far as the timeline shows them).
    pub events: Events,
    /// The state of each event of the whole run ([`crate::app::views::events::event_states`]
    /// of `events.full()`), worked out once for the views that need it.
    pub states: Rc<Vec<Option<String>>>,
    /// The event shown in full.
    pub selected: Option<u64>,
    /// A row was clicked.
    pub on_select: Callback<Option<u64>>,
}

/// The events table with its filters: by state, by type, and a search.
#[function_component(EventsView)]
pub fn events_view(props: &EventsViewProps) -> Html {
    use crate::app::views::events::{filtered, EventFilter, FilterChoices};
    let filter = use_state(EventFilter::default);
    let all = props.events.slice();
    // The states are worked out once per event of the whole run (a run animates up to 25,000
    // of them) and read as far as the timeline shows: scrubbing works nothing out again.
    let every = props.states.clone();
    let states = &every[..all.len().min(every.len())];
    let choices = use_memo(props.events.full(), |full| FilterChoices::new(&full.slice(), &every));
    let (names, types) = choices.as_of(all.len());
    let kept: Option<Rc<Vec<usize>>> =
        (*filter != EventFilter::default()).then(|| Rc::new(filtered(&all, states, &filter)));
    let shown = kept.as_ref().map_or(all.len(), |kept| kept.len());
    let set = |change: fn(&mut EventFilter, String)| {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let mut next = (*filter).clone();
            change(&mut next, e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
            filter.set(next);
        })
    };
    let on_text = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(EventFilter {
                text: e.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
                ..(*filter).clone()
            })
        })
    };
    let option =
        |value: &str, chosen: bool| html! { <option value={value.to_owned()} selected={chosen}>{ value }</option> };
    html! {
        <div class="events-view">
            <div class="event-filters">
                <select class="event-state-filter" aria-label="Events of state" onchange={set(|f, v| f.state = Some(v).filter(|v| !v.is_empty()))}>
                    <option value="" selected={filter.state.is_none()}>{ "all states" }</option>
                    { for names.iter().map(|n| option(n, filter.state.as_ref() == Some(n))) }
                </select>
                <select class="event-type-filter" aria-label="Events of type" onchange={set(|f, v| f.event_type = Some(v).filter(|v| !v.is_empty()))}>
                    <option value="" selected={filter.event_type.is_none()}>{ "all types" }</option>
                    { for types.iter().map(|t| option(t, filter.event_type.as_ref() == Some(t))) }
                </select>
                <input class="event-search" type="search" placeholder="Search events" aria-label="Search events" value={filter.text.clone()} oninput={on_text} />
                <span class="hint">{ format!("{shown} of {}", all.len()) }</span>
            </div>
            <EventTable events={props.events.clone()} {kept} states={Some(every)} selected={props.selected} on_select={props.on_select.clone()} />
        </div>
    }
}

/// Props of [`PartPicker`].
#[derive(Properties, PartialEq)]
pub struct PartPickerProps {
    /// The Map or Parallel state.
    pub state: String,
    /// Its iterations or branches in the last run.
    pub parts: Vec<crate::app::views::iterations::Part>,
    /// The one picked (position in `parts`).
    pub picked: Option<usize>,
    /// Picks one (state, position), or none (state, `None`).
    pub on_pick: Callback<(String, Option<usize>)>,
}

/// The iterations of a Map (or branches of a Parallel) with their status, filterable; picking
/// one shows its states' data on the graph and in the inspector.
#[function_component(PartPicker)]
pub fn part_picker(props: &PartPickerProps) -> Html {
    let filter = use_state(String::new);
    if props.parts.is_empty() {
        return html! {};
    }
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| filter.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    html! {
        <div class="part-picker" data-state={props.state.clone()}>
            <span class="label">{ format!("{} ran {} times (iterations or branches): pick one", props.state, props.parts.len()) }</span>
            <select class="part-filter" aria-label="Show iterations or branches that" onchange={on_filter}>
                { for [("", "all"), ("succeeded", "succeeded"), ("failed", "failed"), ("aborted", "stopped"), ("running", "running")].into_iter().map(|(v, l)| html! {
                    <option value={v} selected={*filter == v}>{ l }</option>
                }) }
            </select>
            <ol class="parts">
                { for props.parts.iter().enumerate().filter(|(_, p)| filter.is_empty() || p.status == filter.as_str()).map(|(position, part)| {
                    let picked = props.picked == Some(position);
                    let (on_pick, state) = (props.on_pick.clone(), props.state.clone());
                    let onclick = Callback::from(move |_: MouseEvent| on_pick.emit((state.clone(), (!picked).then_some(position))));
                    html! { <li><button class={classes!("part", part.status, picked.then_some("selected"))} aria-pressed={picked.to_string()} {onclick}>
                        { format!("#{} {}", part.index, part.status) }
                    </button></li> }
                }) }
            </ol>
            if props.picked.is_some() {
                <p class="hint">{ "The graph and the inspector now show this one. Pick it again to go back to the last." }</p>
            }
        </div>
    }
}

/// The most events a running run's table follows live (a longer run's table is built once it
/// is over, not on every animation frame).
pub const LIVE_TABLE_EVENTS: usize = 2_000;

/// The most rows the table draws (a 25,000-event loop has 12,500 visits; the events view, which
/// is virtualised, has them all).
const MAX_TABLE_ROWS: usize = 300;

/// Props of [`RunTable`].
#[derive(Properties, PartialEq)]
pub struct RunTableProps {
    /// The run's events (as far as the timeline shows them).
    pub events: Events,
    /// The state of each event of the whole run (as for [`EventsView`]).
    pub states: Rc<Vec<Option<String>>>,
    /// Opens a state in the inspector.
    pub on_select: Callback<String>,
}

/// The run as the console's table: a row per state visit (type, status, resource, start,
/// duration, attempts), and the execution's input and output side by side.
#[function_component(RunTable)]
pub fn run_table(props: &RunTableProps) -> Html {
    use crate::app::views::table::{duration_text, first_rows};
    let every = &props.states; // of the whole run, read as far as the timeline shows
    let events = props.events.slice();
    if events.is_empty() {
        return html! {};
    }
    // The documents as the events hold them (shared, never re-serialized), shown once the run is over.
    let over =
        events.last().is_some_and(|e| e.event_type.starts_with("Execution") && e.event_type != "ExecutionStarted");
    let document = |kind: &str, key: &str| {
        let event = events.iter().find(|e| e.event_type == kind).filter(|_| over)?;
        event.details.as_ref()?.get(key).cloned()
    };
    let (input, output) = (document("ExecutionStarted", "input"), document("ExecutionSucceeded", "output"));
    let parse = |value: Option<json_value::Value>| value;
    let (rows, total) = first_rows(&events, &every[..events.len().min(every.len())], MAX_TABLE_ROWS);
    let hidden = total - rows.len();
    html! {
        <details class="run-table" open=true>
            <summary>{ "Table" }</summary>
            <div class="execution-io">
                <div><span class="label">{ "Execution input" }</span>{ for parse(input).map(|value| html! { <JsonBlock {value} /> }) }</div>
                <div><span class="label">{ "Execution output" }</span>{ for parse(output).map(|value| html! { <JsonBlock {value} /> }) }</div>
            </div>
            <table class="states-table">
                <thead><tr><th>{ "State" }</th><th>{ "Type" }</th><th>{ "Status" }</th><th>{ "Resource" }</th><th>{ "Started" }</th><th>{ "Duration" }</th><th>{ "Attempts" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().map(|row| {
                        let (on_select, name) = (props.on_select.clone(), row.state.clone());
                        html! {
                            <tr class={classes!("row", row.status)} data-state={row.state.clone()}>
                                <td><button class="link" onclick={Callback::from(move |_: MouseEvent| on_select.emit(name.clone()))}>{ &row.state }</button></td>
                                <td>{ &row.kind }</td>
                                <td>{ row.status }</td>
                                <td><code>{ &row.resource }</code></td>
                                <td>{ format_millis(row.started_at).get(11..23).unwrap_or_default().to_owned() }</td>
                                <td>{ duration_text(row.duration_ms) }</td>
                                <td>{ if row.attempts > 0 { row.attempts.to_string() } else { String::new() } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if hidden > 0 {
                <p class="hint">{ format!("{hidden} more state visits: the events below have them all.") }</p>
            }
        </details>
    }
}

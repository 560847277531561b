//! The mock S3 panel (the project's buckets and objects: add, edit, upload, delete; what the last
//! run wrote) and the Map Runs panel (each Distributed Map run's counts and child executions).
//! What they show comes from [`crate::app`]; these components move strings.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::run_panels::{EventTable, JsonBlock};
use crate::app::views::map_runs::{filtered, summary};
use crate::host::session::{MapRunView, S3Entry};

/// Props of [`S3Panel`].
#[derive(Properties, PartialEq)]
pub struct S3PanelProps {
    /// The project's objects.
    pub objects: Vec<S3Entry>,
    /// What the last run wrote.
    pub written: Vec<S3Entry>,
    /// Adds or replaces an object (bucket, key, content).
    pub on_put: Callback<(String, String, String)>,
    /// Changes object `n`'s content.
    pub on_edit: Callback<(usize, String)>,
    /// Deletes object `n`.
    pub on_remove: Callback<usize>,
}

/// The mock S3: the objects ItemReader and S3 tasks read, and those the last run wrote.
#[function_component(S3Panel)]
pub fn s3_panel(props: &S3PanelProps) -> Html {
    html! {
        <div class="s3-panel">
            <p class="hint">{ "Objects a Distributed Map's ItemReader and S3 tasks read. Each run starts from these; what it writes is listed below and cleared by the next run." }</p>
            <ul class="s3-objects" aria-label="S3 objects">
                { for props.objects.iter().enumerate().map(|(index, object)| object_row(index, object, &props.on_edit, &props.on_remove)) }
            </ul>
            <AddObject on_put={props.on_put.clone()} />
            if !props.written.is_empty() {
                <h3>{ "Written by the last run" }</h3>
                <ul class="s3-written" aria-label="Objects the last run wrote">
                    { for props.written.iter().map(written_row) }
                </ul>
            }
        </div>
    }
}

fn object_row(
    index: usize,
    (bucket, key, body): &S3Entry,
    on_edit: &Callback<(usize, String)>,
    on_remove: &Callback<usize>,
) -> Html {
    let on_edit = on_edit.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_edit.emit((index, e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    });
    let on_remove = on_remove.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_remove.emit(index));
    let name = format!("s3://{bucket}/{key}");
    html! {
        <li class="s3-object" data-key={name.clone()}>
            <details>
                <summary>{ if key.is_empty() { format!("{name} (a bucket)") } else { format!("{name} ({} bytes)", body.len()) } }</summary>
                <textarea rows="6" spellcheck="false" aria-label={format!("Content of {name}")} value={body.clone()} {oninput} />
                <button class="s3-remove" {onclick}>{ "Delete" }</button>
            </details>
        </li>
    }
}

fn written_row((bucket, key, body): &S3Entry) -> Html {
    let name = format!("s3://{bucket}/{key}");
    html! {
        <li class="s3-written-object" data-key={name.clone()}>
            <details>
                <summary>{ format!("{name} ({} bytes)", body.len()) }</summary>
                <pre>{ body }</pre>
            </details>
        </li>
    }
}

/// Props of [`AddObject`].
#[derive(Properties, PartialEq)]
struct AddObjectProps {
    on_put: Callback<(String, String, String)>,
}

/// A bucket, a key and the content (typed or from a file), then Add object.
#[function_component(AddObject)]
fn add_object(props: &AddObjectProps) -> Html {
    let fields = use_state(|| ("input".to_owned(), String::new(), String::new()));
    let set = |which: usize| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let value = match which {
                2 => e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                _ => e.target_unchecked_into::<HtmlInputElement>().value(),
            };
            let mut next = (*fields).clone();
            *[&mut next.0, &mut next.1, &mut next.2][which] = value;
            fields.set(next);
        })
    };
    let onchange = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let Some(file) = e.target_unchecked_into::<HtmlInputElement>().files().and_then(|f| f.get(0)) else {
                return;
            };
            let fields = fields.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
                let key = if fields.1.is_empty() { file.name() } else { fields.1.clone() };
                fields.set((fields.0.clone(), key, text.unwrap_or_default()));
            });
        })
    };
    let onclick = {
        let (fields, on_put) = (fields.clone(), props.on_put.clone());
        Callback::from(move |_: MouseEvent| on_put.emit((*fields).clone()))
    };
    html! {
        <fieldset class="s3-add">
            <legend>{ "Add an object" }</legend>
            <label>{ "Bucket " }<input class="s3-bucket" value={fields.0.clone()} oninput={set(0)} /></label>
            <label>{ "Key " }<input class="s3-key" placeholder="orders.csv" value={fields.1.clone()} oninput={set(1)} /></label>
            <label>{ "Upload " }<input type="file" class="s3-file" accept=".csv,.json,.jsonl,.txt" {onchange} /></label>
            <textarea class="s3-body" rows="4" spellcheck="false" aria-label="New object's content" value={fields.2.clone()} oninput={set(2)} />
            <button class="s3-put" {onclick}>{ "Add object" }</button>
        </fieldset>
    }
}

/// Props of [`MapRuns`].
#[derive(Properties, PartialEq)]
pub struct MapRunsProps {
    /// The last run's Map Runs.
    pub runs: Vec<MapRunView>,
    /// The child execution shown (Map Run, child).
    pub selected: Option<(usize, usize)>,
    /// Called with the user's pick.
    pub on_select: Callback<Option<(usize, usize)>>,
}

/// Each Distributed Map run: its counts, its children (filterable by status), and the picked
/// child's input, output or error, and events.
#[function_component(MapRuns)]
pub fn map_runs(props: &MapRunsProps) -> Html {
    let status = use_state(|| None::<String>);
    if props.runs.is_empty() {
        return html! {};
    }
    let on_filter = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            status.set(Some(value).filter(|v| !v.is_empty()));
        })
    };
    html! {
        <div class="map-runs">
            <h2>{ "Map Runs" }</h2>
            <label>{ "Show " }
                <select class="child-filter" onchange={on_filter}>
                    { for [("", "all"), ("SUCCEEDED", "succeeded"), ("FAILED", "failed"), ("ABORTED", "aborted")].into_iter().map(|(value, label)| {
                        let selected = status.as_deref().unwrap_or_default() == value;
                        html! { <option {value} {selected}>{ label }</option> }
                    }) }
                </select>
            </label>
            { for props.runs.iter().enumerate().map(|(index, run)| map_run(index, run, status.as_deref(), props)) }
        </div>
    }
}

fn map_run(index: usize, run: &MapRunView, status: Option<&str>, props: &MapRunsProps) -> Html {
    let selected = props.selected.filter(|(r, _)| *r == index).map(|(_, c)| c);
    let child = selected.and_then(|c| run.children.get(c));
    html! {
        <section class="map-run" data-state={run.state.clone()}>
            <h3>{ format!("{} — {}", run.state, run.status) }</h3>
            <p class="map-run-counts">{ summary(run) }</p>
            <ol class="children">
                { for filtered(run, status).into_iter().map(|(c, child)| {
                    let on_select = props.on_select.clone();
                    let onclick = Callback::from(move |_: MouseEvent| on_select.emit(Some((index, c))));
                    let class = classes!("child", child.status.to_lowercase(), (selected == Some(c)).then_some("selected"));
                    html! { <li><button {class} {onclick} aria-pressed={(selected == Some(c)).to_string()}>{ format!("#{c} {}", child.status) }</button></li> }
                }) }
            </ol>
            { for child.map(|child| html! {
                <div class="child-detail">
                    <h4>{ format!("Child execution {}", child.name) }</h4>
                    <h5>{ "Input" }</h5>
                    <JsonBlock value={child.input.clone()} />
                    { for child.output.clone().map(|value| html! { <><h5>{ "Output" }</h5><JsonBlock {value} /></> }) }
                    { for child.error.clone().map(|error| html! { <p class="child-error">{ format!("{error}: {}", child.cause.clone().unwrap_or_default()) }</p> }) }
                    if child.events.is_empty() {
                        <p class="hint">{ "Only the first 100 child executions keep their events here." }</p>
                    } else {
                        <EventTable events={crate::app::Events::from(child.events.clone())} />
                    }
                </div>
            }) }
        </section>
    }
}

//! The Import / Export panel: a text box that takes a pasted (or opened) definition, history or
//! MockConfigFile, and one button per export showing the text with a Download button. What a
//! text is and what each export says come from [`crate::app`]; this file moves strings.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{Export, Exported};

/// Props of [`ExchangePanel`].
#[derive(Properties, PartialEq)]
pub struct ExchangePanelProps {
    /// The export shown.
    pub shown: Export,
    /// It, for the current project (or why there is none yet).
    pub exported: Result<Exported, String>,
    /// Another export was picked.
    pub on_show: Callback<Export>,
    /// A run or replay is going on: Import waits for it to end.
    pub busy: bool,
    /// Import was pressed with this text.
    pub on_import: Callback<String>,
    /// The panel should close.
    pub on_close: Callback<()>,
}

/// Import a text; export the project in five forms.
#[function_component(ExchangePanel)]
pub fn exchange_panel(props: &ExchangePanelProps) -> Html {
    let pasted = use_state(String::new);
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let onchange = {
        let pasted = pasted.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                let pasted = pasted.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                    pasted.set(text.ok().and_then(|t| t.as_string()).unwrap_or_default());
                });
            }
        })
    };
    let on_import = {
        let (pasted, on_import) = (pasted.clone(), props.on_import.clone());
        Callback::from(move |_: MouseEvent| on_import.emit((*pasted).clone()))
    };
    let kind = props.shown;
    let body = match &props.exported {
        Ok(exported) => {
            let text = exported.text.clone();
            let download = Callback::from(move |_: MouseEvent| download(kind.file_name(), &text));
            html! {
                <>
                    { for exported.notes.iter().map(|note| html! { <p class="export-note">{ note }</p> }) }
                    <textarea class="export-text" aria-label="Exported text" readonly=true spellcheck="false" rows="14" value={exported.text.clone()} />
                    <button class="download" onclick={download}>{ format!("Download {}", kind.file_name()) }</button>
                </>
            }
        }
        Err(why) => html! { <p class="export-note problem">{ why }</p> },
    };
    let on_close = props.on_close.clone();
    html! {
        <section class="panel exchange-panel" aria-label="Import and export">
            <h2>{ "Import" }<button class="close" aria-label="Close" onclick={Callback::from(move |_| on_close.emit(()))}>{ "×" }</button></h2>
            <p class="hint">{ "Paste or open an ASL definition, an execution history (aws stepfunctions get-execution-history, replayed on the graph without running anything) or a MockConfigFile (its test cases then answer tasks)." }</p>
            <textarea class="import-text" spellcheck="false" rows="6" aria-label="Text to import" value={(*pasted).clone()} {oninput} />
            <div class="import-actions">
                <input type="file" class="import-file" aria-label="Open a file to import" accept=".json,.yaml,.yml,application/json" {onchange} />
                <button class="import" disabled={pasted.trim().is_empty() || props.busy} title={props.busy.then_some("Wait for the run to end")} onclick={on_import}>{ "Import" }</button>
            </div>
            <h2>{ "Export" }</h2>
            <div class="export-kinds">
                { for Export::ALL.iter().map(|kind| {
                    let (on_show, kind) = (props.on_show.clone(), *kind);
                    let selected = props.shown == kind;
                    html! { <button class={classes!("export-kind", selected.then_some("selected"))} data-export={kind.file_name()}
                        onclick={Callback::from(move |_| on_show.emit(kind))}>{ kind.label() }</button> }
                }) }
            </div>
            { body }
        </section>
    }
}

/// Saves `text` as a file called `name`: a Blob behind a link added to the page, clicked, then
/// removed; the Blob's address is released a minute later (some browsers read it after the click).
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let (Ok(link), Some(body)) = (document.create_element("a"), document.body()) {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        let _ = body.append_child(&link);
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
        link.remove();
    }
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

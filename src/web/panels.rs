//! Leaf components: each renders plain data and reports DOM events as domain values.

use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use std::collections::HashMap;
use std::rc::Rc;

use crate::app::{Outline, StateStatus};
use crate::examples::{Handler, NamedInput};

/// Props of [`DefinitionEditor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text to show.
    pub text: String,
    /// Called with the whole new text on every edit.
    pub on_change: Callback<String>,
}

/// The definition's text area.
#[function_component(DefinitionEditor)]
pub fn definition_editor(props: &EditorProps) -> Html {
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
    });
    html! {
        <textarea class="definition" spellcheck="false" wrap="off" aria-label="State machine definition"
            value={props.text.clone()} {oninput} />
    }
}

/// Props of [`StateList`].
#[derive(Properties, PartialEq)]
pub struct StateListProps {
    /// What the definition loads to.
    pub outline: Outline,
    /// The states of the last definition that loaded (listed under the problems).
    #[prop_or_default]
    pub loaded: Rc<Vec<(String, &'static str)>>,
    /// Each state's status in the last run.
    #[prop_or_default]
    pub statuses: HashMap<String, StateStatus>,
    /// The state the inspector shows.
    #[prop_or_default]
    pub selected: Option<String>,
    /// A state was clicked.
    #[prop_or_default]
    pub on_select: Callback<String>,
    /// A problem was clicked (its index).
    #[prop_or_default]
    pub on_problem: Callback<usize>,
}

/// The definition's problems, if any, and its states by name and type (as last loaded while
/// it does not load). One click and one key listener for the whole list: a 200-state list does
/// not rebuild 400 listeners on every keystroke.
#[function_component(StateList)]
pub fn state_list(props: &StateListProps) -> Html {
    let (states, problems) = match &props.outline {
        Outline::States(states) => (states.clone(), None),
        Outline::Problems(problems) => (props.loaded.clone(), Some(problems)),
    };
    let problems = problems.map(|problems| {
        html! {
            <ul class="problems">
                { for problems.iter().enumerate().map(|(index, p)| {
                    let on_problem = props.on_problem.clone();
                    html! {
                        <li class="problem" onclick={Callback::from(move |_| on_problem.emit(index))}>{ format!("{}:{} {}", p.line, p.column, p.message) }</li>
                    }
                }) }
            </ul>
        }
    });
    let stale = problems.is_some() && !states.is_empty();
    let (onclick, onkeydown) = select_listeners(&props.on_select, "li[data-state]");
    html! { <>
        { for problems }
        if stale {
            <p class="states-as-loaded">{ "The states as the definition last loaded:" }</p>
        }
        <ol class="states" {onclick} {onkeydown}>
            { for states.iter().map(|(name, kind)| state_row(name, kind, props)) }
        </ol>
    </> }
}

fn state_row(name: &str, kind: &str, props: &StateListProps) -> Html {
    let status = props.statuses.get(name).map(|s| s.as_str());
    let selected = props.selected.as_deref() == Some(name);
    html! {
        <li key={name} class={classes!("state", status, selected.then_some("selected"))} data-state={name.to_owned()}
            data-status={status.unwrap_or("idle")}>
            <span class="state-row" tabindex="0" role="button" aria-pressed={selected.to_string()}>
                <span class={classes!("kind", kind.to_lowercase())}>{ kind.to_owned() }</span>
                <span class="name">{ name.to_owned() }</span>
            </span>
        </li>
    }
}

/// One click and one key listener for a list of states (rows, graph nodes): a click on the
/// element matching `selector` that an event happened in, or Enter or Space on it, selects the
/// state its `data-state` names.
pub(super) fn select_listeners(
    on_select: &Callback<String>,
    selector: &'static str,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let on_select = on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(name) = picked_state(&e, selector) {
                on_select.emit(name);
            }
        })
    };
    let on_select = on_select.clone();
    let key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            if let Some(name) = picked_state(&e, selector) {
                e.prevent_default();
                on_select.emit(name);
            }
        }
    });
    (click, key)
}

/// The state whose element (matching `selector`) an event happened in.
fn picked_state(event: &Event, selector: &str) -> Option<String> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest(selector).ok()??.get_attribute("data-state")
}

/// Props of [`InputPicker`].
#[derive(Properties, PartialEq)]
pub struct InputPickerProps {
    /// The named inputs.
    pub inputs: Vec<NamedInput>,
    /// Index of the selected one.
    pub selected: usize,
    /// Called with the index the user picks.
    pub on_select: Callback<usize>,
    /// The selected input's text while it is not JSON, and why.
    #[prop_or_default]
    pub draft: Option<(String, String)>,
    /// Called with the input's new text.
    #[prop_or_default]
    pub on_edit: Callback<String>,
    /// Whether the selected input differs from the project's.
    #[prop_or_default]
    pub modified: bool,
    /// Puts it back.
    #[prop_or_default]
    pub on_revert: Callback<()>,
}

/// A picker of named inputs and the selected input's JSON.
#[function_component(InputPicker)]
pub fn input_picker(props: &InputPickerProps) -> Html {
    let on_select = props.on_select.clone();
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        on_select.emit(usize::try_from(index).unwrap_or(0));
    });
    let shown = match &props.draft {
        Some((text, _)) => text.clone(),
        None => props.inputs.get(props.selected).map(|i| pretty(&i.input)).unwrap_or_default(),
    };
    let on_edit = props.on_edit.clone();
    let oninput =
        Callback::from(move |e: InputEvent| on_edit.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let problem = props.draft.as_ref().map(|(_, why)| html! { <p class="problem">{ format!("Not JSON: {why}") }</p> });
    html! {
        <div class="inputs">
            <select class="input-picker" aria-label="Execution input" {onchange}>
                { for props.inputs.iter().enumerate().map(|(i, input)| html! {
                    <option selected={i == props.selected}>{ &input.name }</option>
                }) }
            </select>
            if props.modified {
                <span class="modified">{ "modified" }</span>
                <button class="revert-input" onclick={props.on_revert.reform(|_: MouseEvent| ())}>{ "Revert" }</button>
            }
            <textarea class="input-json" spellcheck="false" aria-label="Input JSON" rows="7" value={shown} {oninput} />
            { for problem }
        </div>
    }
}

/// Props of [`HandlerList`].
#[derive(Properties, PartialEq)]
pub struct HandlerListProps {
    /// The handlers to show.
    pub handlers: Vec<Handler>,
    /// Called with a handler's index and its new source.
    #[prop_or_default]
    pub on_edit: Callback<(usize, String)>,
}

/// The Lambda handlers' JavaScript, one collapsible block each.
#[function_component(HandlerList)]
pub fn handler_list(props: &HandlerListProps) -> Html {
    html! {
        <div class="handlers">
            { for props.handlers.iter().enumerate().map(|(index, h)| {
                let on_edit = props.on_edit.clone();
                let oninput = Callback::from(move |e: InputEvent| {
                    on_edit.emit((index, e.target_unchecked_into::<HtmlTextAreaElement>().value()));
                });
                html! {
                    <details class="handler" data-function={h.function_name.clone()}>
                        <summary>{ &h.function_name }</summary>
                        <textarea class="handler-source" spellcheck="false" wrap="off" rows="14"
                            aria-label={format!("{} handler", h.function_name)} value={h.source.clone()} {oninput} />
                    </details>
                }
            }) }
        </div>
    }
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Props of [`SecondsSetting`].
#[derive(Properties, PartialEq)]
pub struct SecondsSettingProps {
    /// The label's class.
    pub class: &'static str,
    /// What the setting is.
    pub label: &'static str,
    /// The value, in milliseconds.
    pub millis: u32,
    /// A new value, in milliseconds.
    pub on_change: Callback<u32>,
}

/// A duration in seconds: a handler's time limit, a run's budget.
#[function_component(SecondsSetting)]
pub fn seconds_setting(props: &SecondsSettingProps) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let seconds = e.target_unchecked_into::<web_sys::HtmlInputElement>().value_as_number();
        if seconds.is_finite() && seconds > 0.0 {
            on_change.emit((seconds * 1000.0).round().min(f64::from(u32::MAX)) as u32);
        }
    });
    html! {
        <label class={props.class}>{ props.label }
            <input type="number" min="0.1" step="0.5" value={(f64::from(props.millis) / 1000.0).to_string()} {onchange} />
        </label>
    }
}

/// Props of [`StaticResponses`].
#[derive(Properties, PartialEq)]
pub struct StaticResponsesProps {
    /// The other integrations' answers.
    pub responses: Vec<crate::app::StaticResponse>,
    /// Called with an answer's index and its new text.
    pub on_edit: Callback<(usize, String)>,
}

/// The answers of integrations other than Lambda and SNS, editable as JSON.
#[function_component(StaticResponses)]
pub fn static_responses(props: &StaticResponsesProps) -> Html {
    if props.responses.is_empty() {
        return html! {};
    }
    html! {
        <div class="static-responses">
            <h2>{ "Other integrations" }</h2>
            { for props.responses.iter().enumerate().map(|(index, r)| {
                let on_edit = props.on_edit.clone();
                let oninput = Callback::from(move |e: InputEvent| on_edit.emit((index, e.target_unchecked_into::<HtmlTextAreaElement>().value())));
                html! {
                    <label class="static-response" data-resource={r.resource.clone()}>
                        <code>{ &r.resource }</code>
                        <textarea rows="3" spellcheck="false" value={r.text.clone()} {oninput} />
                    </label>
                }
            }) }
        </div>
    }
}

/// Props of [`TestCasePicker`].
#[derive(Properties, PartialEq)]
pub struct TestCasePickerProps {
    /// The imported mock config's test cases (state machine, case).
    pub cases: Vec<(String, String)>,
    /// The one answering tasks (`None`: the handlers).
    pub selected: Option<(String, String)>,
    /// Called with the user's pick.
    pub on_select: Callback<Option<(String, String)>>,
}

/// Who answers tasks: the handler snippets, or a test case of the imported mock config. Shown
/// only once a mock config was imported.
#[function_component(TestCasePicker)]
pub fn test_case_picker(props: &TestCasePickerProps) -> Html {
    if props.cases.is_empty() {
        return html! {};
    }
    let (cases, on_select) = (props.cases.clone(), props.on_select.clone());
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        let picked = usize::try_from(index).ok().and_then(|i| i.checked_sub(1)).and_then(|i| cases.get(i).cloned());
        on_select.emit(picked);
    });
    html! {
        <label class="test-case">{ "Tasks answered by " }
            <select class="test-case-picker" aria-label="Tasks answered by" {onchange}>
                <option selected={props.selected.is_none()}>{ "the handler snippets" }</option>
                { for props.cases.iter().map(|case| html! {
                    <option selected={props.selected.as_ref() == Some(case)}>{ format!("test case {} / {}", case.0, case.1) }</option>
                }) }
            </select>
        </label>
    }
}

/// Props of [`ExamplePicker`].
#[derive(Properties, PartialEq)]
pub struct ExamplePickerProps {
    /// The gallery's titles.
    pub titles: Vec<&'static str>,
    /// Called with the index of the example to open.
    pub on_open: Callback<usize>,
}

/// The examples gallery, as a menu in the top bar.
#[function_component(ExamplePicker)]
pub fn example_picker(props: &ExamplePickerProps) -> Html {
    let on_open = props.on_open.clone();
    let onchange = Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<HtmlSelectElement>();
        if let Some(index) = usize::try_from(select.selected_index()).ok().and_then(|i| i.checked_sub(1)) {
            on_open.emit(index);
        }
        select.set_selected_index(0);
    });
    html! {
        <select class="examples" aria-label="Open an example" {onchange}>
            <option selected=true>{ "Examples…" }</option>
            { for props.titles.iter().map(|title| html! { <option>{ *title }</option> }) }
        </select>
    }
}

/// Props of [`ProjectsMenu`].
#[derive(Properties, PartialEq)]
pub struct ProjectsMenuProps {
    /// The current project's name.
    pub name: String,
    /// The saved projects' names.
    pub saved: Vec<String>,
    /// Save the current project under its name.
    pub on_save: Callback<()>,
    /// Start an empty project.
    pub on_new: Callback<()>,
    /// Open a saved project.
    pub on_open: Callback<String>,
    /// Forget a saved project.
    pub on_delete: Callback<String>,
}

/// The projects saved in this browser: save, new, open, delete. The menu closes after each.
#[function_component(ProjectsMenu)]
pub fn projects_menu(props: &ProjectsMenuProps) -> Html {
    let open = use_state(|| false);
    let then_close = |callback: Callback<()>| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            callback.emit(());
        })
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let (on_save, on_new) = (then_close(props.on_save.clone()), then_close(props.on_new.clone()));
    html! {
        <details class="projects" open={*open}>
            <summary onclick={on_toggle}>{ "Projects" }</summary>
            <div class="projects-menu">
                <button class="save-project" onclick={on_save}>{ format!("Save \"{}\"", props.name) }</button>
                <button class="new-project" onclick={on_new}>{ "New project" }</button>
                if props.saved.is_empty() {
                    <p class="empty">{ "No saved projects yet." }</p>
                }
                <ul class="saved-projects">
                    { for props.saved.iter().map(|name| {
                        let (open_it, delete_it) = (name.clone(), name.clone());
                        let (on_open, on_delete) = (props.on_open.clone(), props.on_delete.clone());
                        let on_open = then_close(Callback::from(move |()| on_open.emit(open_it.clone())));
                        let on_delete = Callback::from(move |_: MouseEvent| on_delete.emit(delete_it.clone()));
                        html! {
                            <li data-project={name.clone()}>
                                <button class="open-project" onclick={on_open}>{ name }</button>
                                <button class="delete-project" aria-label={format!("Delete {name}")} onclick={on_delete}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </details>
    }
}

/// Props of [`ThemePicker`].
#[derive(Properties, PartialEq)]
pub struct ThemePickerProps {
    /// The theme in use.
    pub theme: crate::app::Theme,
    /// Called with the user's pick.
    pub on_pick: Callback<crate::app::Theme>,
}

/// System, light or dark.
#[function_component(ThemePicker)]
pub fn theme_picker(props: &ThemePickerProps) -> Html {
    use crate::app::Theme;
    let on_pick = props.on_pick.clone();
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        on_pick.emit(Theme::ALL.get(usize::try_from(index).unwrap_or(0)).copied().unwrap_or_default());
    });
    let label = |theme: Theme| match theme {
        Theme::System => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    html! {
        <select class="theme" aria-label="Colour theme" {onchange}>
            { for Theme::ALL.iter().map(|t| html! { <option value={t.as_str()} selected={*t == props.theme}>{ label(*t) }</option> }) }
        </select>
    }
}

/// Props of [`Warnings`].
#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    /// The linter's warnings.
    pub warnings: Vec<crate::asl::lint::Warning>,
    /// Applies a quick fix.
    pub on_fix: Callback<crate::asl::lint::Fix>,
    /// Whether they are of an older definition (the current text does not load): kept, not
    /// shown.
    #[prop_or_default]
    pub hidden: bool,
}

/// The linter's warnings: what happens, why (AWS's page), and a quick fix where one is safe.
#[function_component(Warnings)]
pub fn warnings(props: &WarningsProps) -> Html {
    if props.warnings.is_empty() {
        return html! {};
    }
    html! {
        <details class="warnings" hidden={props.hidden} open={props.warnings.iter().any(|w| w.fix.is_some())}>
            <summary>{ format!("{} warning{}", props.warnings.len(), if props.warnings.len() == 1 { "" } else { "s" }) }</summary>
            <ul>
                { for props.warnings.iter().map(|w| {
                    let fix = w.fix.clone().map(|fix| {
                        let on_fix = props.on_fix.clone();
                        let label = fix.label.clone();
                        html! { <button class="apply-fix" onclick={Callback::from(move |_: MouseEvent| on_fix.emit(fix.clone()))}>{ label }</button> }
                    });
                    html! {
                        <li class="warning" data-code={w.code} data-pointer={w.pointer.clone()}>
                            <code>{ w.code }</code>{ " " }<span class="where">{ &w.pointer }</span>
                            <p>{ &w.message }</p>
                            <a href={w.doc} target="_blank" rel="noopener noreferrer">{ "Why (AWS documentation)" }</a>
                            { for fix }
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

/// Props of [`ExplainedError`].
#[derive(Properties, PartialEq)]
pub struct ExplainedErrorProps {
    /// What the failure means.
    pub explanation: crate::app::views::explain::Explanation,
    /// Applies its fix.
    pub on_fix: Callback<crate::asl::lint::Fix>,
}

/// A failed run's error in plain words, with the fix when the definition holds the cause.
#[function_component(ExplainedError)]
pub fn explained_error(props: &ExplainedErrorProps) -> Html {
    let e = &props.explanation;
    let fix = e.fix.clone().map(|fix| {
        let on_fix = props.on_fix.clone();
        let label = fix.label.clone();
        html! { <button class="apply-fix" onclick={Callback::from(move |_: MouseEvent| on_fix.emit(fix.clone()))}>{ label }</button> }
    });
    html! {
        <div class="explained-error" role="note">
            <b>{ &e.headline }</b>
            <p>{ &e.text }</p>
            <a href={e.doc} target="_blank" rel="noopener noreferrer">{ "Error handling in the AWS documentation" }</a>
            { for fix }
        </div>
    }
}

//! The definition's editor: CodeMirror (line numbers, JSON highlighting, bracket matching,
//! undo/redo, search, the engine's diagnostics underlined with their messages on hover), or the
//! plain textarea when the editor bundle did not load. One props type for both.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::bindings::{create_editor, editor_available, select, set_diagnostics, set_text, EditorView};
use super::panels::DefinitionEditor;
use crate::app::Underline;

/// Props of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The text.
    pub text: String,
    /// Problems to underline.
    pub underlines: Vec<Underline>,
    /// A range to select and scroll to (UTF-16 offsets), e.g. the selected state's JSON, and
    /// whether the editor takes the focus (a clicked problem: yes; a picked state: no).
    pub reveal: Option<(usize, usize, bool)>,
    /// Called with the whole text on every edit.
    pub on_change: Callback<String>,
}

/// The editor.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let available = use_state(editor_available);
    let host = use_node_ref();
    let view = use_mut_ref(|| None::<EditorView>);
    {
        let (host, view, text, on_change, available) =
            (host.clone(), view.clone(), props.text.clone(), props.on_change.clone(), available.clone());
        use_effect_with((), move |_| {
            let closure = Closure::<dyn FnMut(String)>::new(move |text: String| on_change.emit(text));
            let created = host
                .cast::<web_sys::Element>()
                .and_then(|parent| create_editor(&parent, &text, closure.as_ref().unchecked_ref()));
            if created.is_none() && *available {
                available.set(false); // the bundle is there but failed: fall back to the textarea
            }
            *view.borrow_mut() = created;
            move || drop(closure)
        });
    }
    {
        let view = view.clone();
        use_effect_with(props.text.clone(), move |text| {
            if let Some(view) = view.borrow().as_ref() {
                set_text(view, text);
            }
        });
    }
    {
        let view = view.clone();
        use_effect_with(props.underlines.clone(), move |underlines| {
            if let Some(view) = view.borrow().as_ref() {
                set_diagnostics(view, &serde_json::to_string(underlines).unwrap_or_default());
            }
        });
    }
    use_effect_with(props.reveal, move |reveal| {
        if let (Some(view), Some((from, to, focus))) = (view.borrow().as_ref(), reveal) {
            select(view, u32::try_from(*from).unwrap_or(0), u32::try_from(*to).unwrap_or(0), *focus);
        }
    });
    if *available {
        html! { <div class="code-editor" ref={host} /> }
    } else {
        html! { <DefinitionEditor text={props.text.clone()} on_change={props.on_change.clone()} /> }
    }
}

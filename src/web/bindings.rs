//! All JavaScript the app calls directly (besides web-sys): the CodeMirror editor bundle
//! (js/editor.js), reached through `window.aslEditor` when it loaded.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An editor view (CodeMirror's `EditorView`).
    pub type EditorView;

    #[wasm_bindgen(js_namespace = aslEditor, js_name = create, catch)]
    fn create_view(parent: &web_sys::Element, text: &str, on_change: &js_sys::Function) -> Result<EditorView, JsValue>;

    #[wasm_bindgen(js_namespace = aslEditor, js_name = setText, catch)]
    fn set_view_text(view: &EditorView, text: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(js_namespace = aslEditor, js_name = setDiagnostics, catch)]
    fn set_view_diagnostics(view: &EditorView, list: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(js_namespace = aslEditor, js_name = select, catch)]
    fn select_in_view(view: &EditorView, from: u32, to: u32, focus: bool) -> Result<(), JsValue>;
}

/// Whether the editor bundle loaded.
pub fn editor_available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("aslEditor")).is_ok_and(|v| v.is_object())
}

/// A CodeMirror editor in `parent`, or `None` when the bundle is missing or fails.
pub fn create_editor(parent: &web_sys::Element, text: &str, on_change: &js_sys::Function) -> Option<EditorView> {
    if !editor_available() {
        return None;
    }
    create_view(parent, text, on_change).ok()
}

/// Sets the editor's text (no change is reported back).
pub fn set_text(view: &EditorView, text: &str) {
    let _ = set_view_text(view, text);
}

/// Underlines diagnostics: a JSON array of `{from, to, message}` in UTF-16 offsets.
pub fn set_diagnostics(view: &EditorView, list: &str) {
    let _ = set_view_diagnostics(view, list);
}

/// Selects a range and scrolls to it (with `focus`, the editor takes the keyboard focus).
pub fn select(view: &EditorView, from: u32, to: u32, focus: bool) {
    let _ = select_in_view(view, from, to, focus);
}

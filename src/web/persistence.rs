//! Links and saves in the browser: the project from the URL fragment (never run on opening),
//! autosave to localStorage, and Copy link. The codec is [`crate::share`]; this file only moves
//! strings between it and the browser.

use wasm_bindgen::{JsCast, JsValue};

use crate::app::{Action, Notice, Theme};
use crate::share::library::Library;
use crate::share::{decode, encode, Project};

const SAVE_KEY: &str = "asl-playground:project";
const BROKEN_KEY: &str = "asl-playground:broken-save";
const LIBRARY_KEY: &str = "asl-playground:library";
const THEME_KEY: &str = "asl-playground:theme";
const BROKEN_LIBRARY_KEY: &str = "asl-playground:broken-library";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// What the page should open with: the autosave (else the example), then the link in the
/// fragment if there is one (which keeps the autosave in Projects if it would be lost). A bad
/// link or save becomes a notice; the broken save is kept aside.
pub fn startup_actions() -> Vec<Action> {
    let mut actions = saved_actions();
    actions.extend(link_actions());
    actions
}

/// The link in the address bar, if any: its project opens and the fragment is cleared, so that
/// a reload opens the autosave with the edits made since.
pub fn link_actions() -> Vec<Action> {
    let window = gloo::utils::window();
    let hash = window.location().hash().unwrap_or_default();
    if hash.len() <= 1 {
        return Vec::new();
    }
    clear_fragment();
    match decode(&hash) {
        Ok(project) => vec![Action::OpenLink(Box::new(project), clock_label())],
        Err(e) => vec![Action::Notify(Some(Notice::Problem(format!(
            "This link could not be opened: {e}. Your own project is unchanged."
        ))))],
    }
}

/// Removes the fragment from the address bar (without a reload or a `hashchange`).
fn clear_fragment() {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The time now, `YYYY-MM-DD HH:MM` (UTC), to name work kept in Projects.
fn clock_label() -> String {
    let now = crate::data::timestamp::format_millis(js_sys::Date::now() as i64);
    now.get(..16).unwrap_or_default().replace('T', " ")
}

fn saved_actions() -> Vec<Action> {
    let mut actions = Vec::new();
    let saved = storage().and_then(|s| s.get_item(SAVE_KEY).ok().flatten());
    if let Some(saved) = saved {
        match decode(&saved) {
            Ok(project) => actions.push(Action::LoadProject(Box::new(project))),
            Err(e) => {
                if let Some(s) = storage() {
                    let _ = s.set_item(BROKEN_KEY, &saved);
                }
                let message = format!("Your saved project could not be read ({e}); it is kept in localStorage under \"{BROKEN_KEY}\" and the example is open.");
                actions.push(Action::Notify(Some(Notice::Problem(message))));
            }
        }
    }
    actions
}

/// The projects saved by name; an unreadable index is kept aside and reported.
pub fn library_actions() -> Vec<Action> {
    let Some(text) = storage().and_then(|s| s.get_item(LIBRARY_KEY).ok().flatten()) else { return Vec::new() };
    match Library::parse(&text) {
        Some(library) => vec![Action::LibraryLoaded(library)],
        None => {
            if let Some(s) = storage() {
                let _ = s.set_item(BROKEN_LIBRARY_KEY, &text);
            }
            let message = format!(
                "Your saved projects could not be read; they are kept in localStorage under \"{BROKEN_LIBRARY_KEY}\"."
            );
            vec![Action::Notify(Some(Notice::Problem(message)))]
        }
    }
}

/// Stores the saved projects (called when they change); fails when the browser refuses (storage
/// full or disabled).
pub fn save_library(library: &Library) -> Result<(), String> {
    let storage = storage().ok_or("no localStorage")?;
    storage.set_item(LIBRARY_KEY, &library.to_text()).map_err(|e| format!("{e:?}"))
}

/// The theme chosen in this browser.
pub fn stored_theme() -> Theme {
    let stored = storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    Theme::parse(stored.as_deref().unwrap_or_default())
}

/// Applies `theme` to the page (`data-theme` on `<html>`, read by the style sheet) and keeps it.
pub fn apply_theme(theme: Theme) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
    if let Some(s) = storage() {
        let _ = s.set_item(THEME_KEY, theme.as_str());
    }
}

/// Saves the project (called on every change).
pub fn autosave(project: &Project) -> Result<(), String> {
    let storage = storage().ok_or("no localStorage")?;
    storage.set_item(SAVE_KEY, &encode(project)).map_err(|e| format!("{e:?}"))
}

/// Puts the project's link on the clipboard (not in the address bar: a reload would reopen it
/// over later edits); returns the link.
pub fn copy_link(project: &Project) -> String {
    let fragment = encode(project);
    let window = gloo::utils::window();
    let link =
        format!("{}#{fragment}", window.location().href().unwrap_or_default().split('#').next().unwrap_or_default());
    write_clipboard(&link);
    link
}

/// `navigator.clipboard.writeText(text)`, when the browser offers it.
fn write_clipboard(text: &str) {
    let navigator = js_sys::Reflect::get(&gloo::utils::window(), &JsValue::from_str("navigator")).ok();
    let clipboard = navigator
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| c.is_object());
    let Some(clipboard) = clipboard else { return };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok();
    if let Some(write) = write.and_then(|w| w.dyn_into::<js_sys::Function>().ok()) {
        let _ = write.call1(&clipboard, &JsValue::from_str(text));
    }
}

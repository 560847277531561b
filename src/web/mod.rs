//! The browser side (wasm32 only): Yew components that render [`crate::app::State`] and turn DOM
//! events into [`crate::app::Action`]s. No playground logic lives here.

mod app;
mod autosave;
mod bindings;
mod code_editor;
pub mod engine;
pub mod engine_worker;
mod exchange_panel;
mod graph_view;
mod inspector;
mod panels;
mod persistence;
pub mod regex;
mod run_panels;
mod runs;
mod s3_panel;

pub use app::App;

/// Mounts the playground on the page's `<main id="app">` (or `<body>` if there is none); in the
/// engine Worker, where the same module runs, there is no page and nothing to mount.
pub fn start() {
    regex::install(); // JSONata's regular expressions on JavaScript's RegExp (page and Worker)
    if web_sys::window().is_none() {
        return;
    }
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

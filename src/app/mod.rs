//! The playground's UI state as plain data: [`State`], the [`Action`]s that change it, and the
//! pure [`reduce`]. No DOM here: the web components render a `State` and dispatch `Action`s.

mod editor;
mod exchange;
mod handlers;
mod history_index;
pub mod links;
pub mod playback;
mod run;
pub mod s3;
mod state;
pub mod views;

pub use editor::{state_range, underlines, warning_underlines, Underline};
pub use exchange::{classify, export, Export, Exported, Import};
pub use handlers::{
    called_functions, other_integrations, with_echo_handlers, with_static_responses, StaticResponse, ECHO_HANDLER,
};
pub use history_index::HistoryIndex;
pub use playback::{Cue, Playback};
pub use run::{
    inspect, retry_counts, state_statuses, taken_edges, Events, Inspection, LogLine, PendingTask, Run, RunStatus,
    StateStatus,
};
pub use state::{reduce, Action, Notice, Outline, Pane, State, Theme};

//! What the run's views show, computed from the history (pure; the components only render it).

pub mod attempts;
pub mod callback;
pub mod events;
pub mod explain;
pub mod inspector;
pub mod iterations;
pub mod map_runs;
pub mod table;

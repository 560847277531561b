//! What the run's views show, computed from the history (pure; the components only render it).

pub mod events;
pub mod map_runs;

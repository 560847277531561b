//! The event table: one short line per event, and which rows a scrolled table draws (a run has
//! up to 25,000 events; the table draws the few on screen).

use std::collections::HashMap;
use std::ops::Range;

use json_value::to_string_prefix;

use crate::engine::{Details, HistoryEvent};

/// The longest details line a row shows, in bytes.
pub const SUMMARY_BYTES: usize = 160;

/// A row's details in one short line: a state's input or output, or the event's details, cut
/// after `max` bytes (without writing the rest of a large document).
pub fn event_summary(event: &HistoryEvent, max: usize) -> String {
    match &event.details {
        Some(Details::State { entered: true, document, .. }) => format!("input {}", to_string_prefix(document, max)),
        Some(Details::State { entered: false, document, .. }) => {
            format!("output {}", to_string_prefix(document, max))
        }
        Some(Details::Json(_, value)) => to_string_prefix(value, max),
        Some(members) => to_string_prefix(&members.to_aws_json().1, max),
        None => String::new(),
    }
}

/// The state each event belongs to: its own name, or that of the event it follows (a Task's
/// `TaskScheduled` follows its `TaskStateEntered`), so every row of the table names its state.
pub fn event_states(events: &[HistoryEvent]) -> Vec<Option<String>> {
    let mut by_id: crate::app::run::IdMap<Option<String>> =
        crate::app::run::IdMap::with_capacity_and_hasher(events.len(), Default::default());
    events
        .iter()
        .map(|event| {
            let name = match event.state_name() {
                Some(name) => Some(name.to_owned()),
                None if event.event_type.starts_with("Execution") => None,
                None => by_id.get(&event.previous_event_id).cloned().flatten(),
            };
            by_id.insert(event.id, name.clone());
            name
        })
        .collect()
}

/// What the events view shows: events of one state, of one type, containing a text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Only this state's events.
    pub state: Option<String>,
    /// Only events of this type.
    pub event_type: Option<String>,
    /// Only events whose type, state or details contain this (case-insensitive).
    pub text: String,
}

/// The indices of the events `filter` keeps (`states` from [`event_states`]).
pub fn filtered(events: &[HistoryEvent], states: &[Option<String>], filter: &EventFilter) -> Vec<usize> {
    let needle = filter.text.trim().to_lowercase();
    let keeps = |i: usize, e: &HistoryEvent| {
        let state = states.get(i).cloned().flatten();
        filter.state.as_ref().is_none_or(|s| state.as_ref() == Some(s))
            && filter.event_type.as_ref().is_none_or(|t| e.event_type == t.as_str())
            && (needle.is_empty() || matches_text(e, state.as_deref(), &needle))
    };
    events.iter().enumerate().filter(|(i, e)| keeps(*i, e)).map(|(i, _)| i).collect()
}

fn matches_text(event: &HistoryEvent, state: Option<&str>, needle: &str) -> bool {
    event.event_type.to_lowercase().contains(needle)
        || state.is_some_and(|s| s.to_lowercase().contains(needle))
        || event_summary(event, 4096).to_lowercase().contains(needle)
}

/// The event types present, in first-seen order (for the type filter).
pub fn event_types(events: &[HistoryEvent]) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for event in events {
        if !types.iter().any(|t| t == event.event_type.as_ref()) {
            types.push(event.event_type.to_string());
        }
    }
    types
}

/// What the events view's filters offer, for every position of the timeline at once: each state
/// name (sorted) and each event type (in order of appearance), with the position of its first
/// event. As of a position, the filters offer those first seen before it.
#[derive(Debug, Default, PartialEq)]
pub struct FilterChoices {
    names: Vec<(usize, String)>,
    types: Vec<(usize, String)>,
}

impl FilterChoices {
    /// The choices of `events`, whose states are `states` ([`event_states`]).
    pub fn new(events: &[HistoryEvent], states: &[Option<String>]) -> FilterChoices {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (position, name) in states.iter().enumerate() {
            if let Some(name) = name.as_deref() {
                first.entry(name).or_insert(position);
            }
        }
        let mut names: Vec<(usize, String)> = first.into_iter().map(|(name, at)| (at, name.to_owned())).collect();
        names.sort_by(|a, b| a.1.cmp(&b.1));
        let mut types: Vec<(usize, String)> = Vec::new();
        for (position, event) in events.iter().enumerate() {
            if !types.iter().any(|(_, t)| t == event.event_type.as_ref()) {
                types.push((position, event.event_type.to_string()));
            }
        }
        FilterChoices { names, types }
    }

    /// The state names and event types of the first `shown` events.
    pub fn as_of(&self, shown: usize) -> (Vec<String>, Vec<String>) {
        let seen =
            |list: &[(usize, String)]| list.iter().filter(|(at, _)| *at < shown).map(|(_, v)| v.clone()).collect();
        (seen(&self.names), seen(&self.types))
    }
}

/// The rows a table of `total` rows of `row_px` pixels draws when scrolled `scroll_px` down a
/// `viewport_px` window: those in view and a screenful either side.
pub fn visible_rows(total: usize, scroll_px: f64, viewport_px: f64, row_px: f64) -> Range<usize> {
    if row_px <= 0.0 || total == 0 {
        return 0..0;
    }
    let per_screen = (viewport_px / row_px).ceil().max(1.0) as usize;
    let first = (scroll_px.max(0.0) / row_px) as usize;
    let start = first.saturating_sub(per_screen).min(total);
    let end = (first + 2 * per_screen).min(total);
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::{json, object};

    fn state_event(entered: bool, document: json_value::Value) -> HistoryEvent {
        HistoryEvent {
            id: 1,
            previous_event_id: 0,
            timestamp: 0,
            event_type: "PassStateEntered".into(),
            details: Some(Details::State { entered, name: "P".into(), document, assigned: None }),
            stages: None,
        }
    }

    #[test]
    fn a_summary_is_short_however_large_the_document() {
        let big = object! {"blob" => "x".repeat(200_000)};
        let summary = event_summary(&state_event(true, big), SUMMARY_BYTES);
        assert!(summary.starts_with("input {\"blob\":\"xxx") && summary.ends_with('…'));
        assert!(summary.len() < SUMMARY_BYTES + 16);
        assert_eq!(event_summary(&state_event(false, json!({"a": 1})), 100), "output {\"a\":1}");
    }

    fn event(id: u64, previous: u64, kind: &str, name: Option<&str>) -> HistoryEvent {
        let details = name.map(|n| Details::State {
            entered: true,
            name: n.into(),
            document: json!({"k": "needle"}),
            assigned: None,
        });
        HistoryEvent::made(id, previous, 0, kind, details)
    }

    #[test]
    fn every_event_names_its_state_and_filters_pick_by_state_type_and_text() {
        let events = vec![
            event(1, 0, "ExecutionStarted", None),
            event(2, 0, "TaskStateEntered", Some("Check")),
            event(3, 2, "TaskScheduled", None),
            event(4, 3, "TaskStarted", None),
            event(5, 4, "PassStateEntered", Some("Next")),
        ];
        let states = event_states(&events);
        assert_eq!(
            states,
            vec![None, Some("Check".into()), Some("Check".into()), Some("Check".into()), Some("Next".into())]
        );
        let by_state = EventFilter { state: Some("Check".into()), ..EventFilter::default() };
        assert_eq!(filtered(&events, &states, &by_state), [1, 2, 3]);
        let by_type = EventFilter { event_type: Some("TaskStarted".into()), ..EventFilter::default() };
        assert_eq!(filtered(&events, &states, &by_type), [3]);
        let by_text = EventFilter { text: "NEEDLE".into(), ..EventFilter::default() };
        assert_eq!(filtered(&events, &states, &by_text), [1, 4]);
        assert_eq!(event_types(&events).len(), 5);
    }

    #[test]
    fn a_scrolled_table_draws_the_rows_in_view_and_a_screen_either_side() {
        assert_eq!(visible_rows(25_000, 0.0, 220.0, 22.0), 0..20);
        assert_eq!(visible_rows(25_000, 22_000.0, 220.0, 22.0), 990..1020);
        assert_eq!(visible_rows(25_000, 1e9, 220.0, 22.0), 25_000..25_000);
        assert_eq!(visible_rows(5, 0.0, 220.0, 22.0), 0..5);
        assert_eq!(visible_rows(0, 0.0, 220.0, 22.0), 0..0);
    }

    /// As of every position, the filters offer what the events up to it have: the names sorted
    /// and deduplicated, the types in order of appearance.
    #[test]
    fn the_filter_choices_as_of_a_position_are_those_of_the_events_up_to_it() {
        let events = vec![
            event(1, 0, "ExecutionStarted", None),
            event(2, 0, "TaskStateEntered", Some("Zed")),
            event(3, 2, "TaskScheduled", None),
            event(4, 3, "PassStateEntered", Some("Alpha")),
            event(5, 4, "TaskStateEntered", Some("Zed")),
            event(6, 5, "TaskScheduled", None),
        ];
        let states = event_states(&events);
        let choices = FilterChoices::new(&events, &states);
        for shown in 0..=events.len() {
            let mut names: Vec<String> = states[..shown].iter().flatten().cloned().collect();
            names.sort();
            names.dedup();
            assert_eq!(choices.as_of(shown), (names, event_types(&events[..shown])), "as of {shown}");
        }
        assert_eq!(choices.as_of(6).0, ["Alpha", "Zed"]);
    }
}

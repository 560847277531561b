//! The event table: one short line per event, and which rows a scrolled table draws (a run has
//! up to 25,000 events; the table draws the few on screen).

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
        None => String::new(),
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

    #[test]
    fn a_scrolled_table_draws_the_rows_in_view_and_a_screen_either_side() {
        assert_eq!(visible_rows(25_000, 0.0, 220.0, 22.0), 0..20);
        assert_eq!(visible_rows(25_000, 22_000.0, 220.0, 22.0), 990..1020);
        assert_eq!(visible_rows(25_000, 1e9, 220.0, 22.0), 25_000..25_000);
        assert_eq!(visible_rows(5, 0.0, 220.0, 22.0), 0..5);
        assert_eq!(visible_rows(0, 0.0, 220.0, 22.0), 0..0);
    }
}

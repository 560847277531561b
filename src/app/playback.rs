//! The page shows a run at the pace the user picks, while the engine Worker runs ahead:
//! [`Playback`] holds what the Worker reported and lets it out as the controls allow (instant,
//! one event per delay, or one per Step while paused). Everything that is not a history event
//! (logs, SNS messages, waiting tasks, the outcome) comes out as soon as the events before it
//! have.

use std::collections::VecDeque;

use crate::engine::HistoryEvent;
use crate::host::session::Report;

/// What the page applies to its run, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Cue {
    /// A report of the engine (events come one per cue).
    Report(Report),
    /// A replayed history ended before its execution did.
    ReplayIncomplete,
    /// The run was stopped by the page (Stop, or its time budget), with why.
    Stopped(String),
}

/// How many events one instant release lets out at most (the rest follow on the next frame, so
/// a 25,000-event run renders in slices instead of one long frame).
pub const MAX_EVENTS_PER_RELEASE: usize = 2_000;

/// Reports received and not shown yet, and the pace to show them at.
#[derive(Debug, Default)]
pub struct Playback {
    queue: VecDeque<Cue>,
    /// Hold events until Step or Resume.
    pub paused: bool,
    /// Events asked for one at a time while paused.
    pub steps: u32,
    /// Milliseconds between events (0: as fast as frames allow).
    pub delay_ms: u32,
    /// When the next event may come out (page clock, milliseconds).
    next_at: f64,
    /// Show the rest as fast as frames allow, whatever the controls say (after Stop).
    rushing: bool,
}

impl Playback {
    /// Forgets what was queued (a new run starts).
    pub fn clear(&mut self) {
        self.queue.clear();
        self.steps = 0;
        self.next_at = 0.0;
        self.rushing = false;
    }

    /// Shows what is queued, and what comes until the next [`Playback::clear`], as fast as frames
    /// allow (Stop: the user wants the end, not the animation).
    pub fn rush(&mut self) {
        self.rushing = true;
    }

    /// Queues what the engine reported; events one by one.
    pub fn push(&mut self, reports: Vec<Report>) {
        for report in reports {
            match report {
                Report::Events(events) => {
                    self.queue.extend(events.into_iter().map(|e| Cue::Report(Report::Events(vec![e]))));
                }
                other => self.queue.push_back(Cue::Report(other)),
            }
        }
    }

    /// Queues a cue of the page's own.
    pub fn push_cue(&mut self, cue: Cue) {
        self.queue.push_back(cue);
    }

    /// Whether anything waits to be shown.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// What may be shown at page time `now` (consecutive events merged into one report).
    pub fn due(&mut self, now: f64) -> Vec<Cue> {
        let mut out: Vec<Cue> = Vec::new();
        let mut events = 0;
        while let Some(cue) = self.queue.front() {
            if is_event(cue) && !self.may_show_event(now, events) {
                break;
            }
            let Some(cue) = self.queue.pop_front() else { break };
            if is_event(&cue) {
                events += 1;
                self.shown_event(now);
            }
            merge(&mut out, cue);
        }
        out
    }

    /// Everything queued, at once (Stop: show where the run got to).
    pub fn drain(&mut self) -> Vec<Cue> {
        let mut out = Vec::new();
        for cue in std::mem::take(&mut self.queue) {
            merge(&mut out, cue);
        }
        out
    }

    fn may_show_event(&self, now: f64, shown: usize) -> bool {
        if self.rushing {
            return shown < MAX_EVENTS_PER_RELEASE;
        }
        if self.paused {
            return self.steps > 0;
        }
        if self.delay_ms == 0 {
            return shown < MAX_EVENTS_PER_RELEASE;
        }
        shown == 0 && now >= self.next_at
    }

    fn shown_event(&mut self, now: f64) {
        if self.paused && !self.rushing {
            self.steps = self.steps.saturating_sub(1);
        }
        self.next_at = now + f64::from(self.delay_ms);
    }
}

fn is_event(cue: &Cue) -> bool {
    matches!(cue, Cue::Report(Report::Events(_)))
}

/// Appends `cue`, joining it to the previous cue when both are events.
fn merge(out: &mut Vec<Cue>, cue: Cue) {
    if let (Some(Cue::Report(Report::Events(last))), Cue::Report(Report::Events(more))) = (out.last_mut(), &cue) {
        last.extend(more.iter().cloned());
        return;
    }
    out.push(cue);
}

/// The events among `cues`, in order.
pub fn events_of(cues: &[Cue]) -> impl Iterator<Item = &HistoryEvent> {
    cues.iter().flat_map(|cue| match cue {
        Cue::Report(Report::Events(events)) => events.as_slice(),
        _ => &[],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::session::LogLine;

    fn event(id: u64) -> HistoryEvent {
        HistoryEvent { id, previous_event_id: 0, timestamp: 0, event_type: "E".into(), details: None, stages: None }
    }

    fn ids(cues: &[Cue]) -> Vec<u64> {
        events_of(cues).map(|e| e.id).collect()
    }

    fn log(line: &str) -> Report {
        Report::Log(LogLine { state: "S".into(), line: line.into(), event: 0 })
    }

    #[test]
    fn instant_shows_everything_in_slices() {
        let mut playback = Playback::default();
        playback.push(vec![Report::Events((1..=2_500).map(event).collect()), log("end")]);
        let first = playback.due(0.0);
        assert_eq!((first.len(), ids(&first).len()), (1, MAX_EVENTS_PER_RELEASE), "one merged report");
        let rest = playback.due(16.0);
        assert_eq!(ids(&rest).len(), 500);
        assert_eq!(rest.last(), Some(&Cue::Report(log("end"))));
        assert!(playback.is_empty());
    }

    #[test]
    fn a_delay_shows_one_event_per_interval_and_what_follows_it_at_once() {
        let mut playback = Playback { delay_ms: 100, ..Playback::default() };
        playback.push(vec![Report::Events(vec![event(1)]), log("a"), Report::Events(vec![event(2)])]);
        assert_eq!(playback.due(0.0), vec![Cue::Report(Report::Events(vec![event(1)])), Cue::Report(log("a"))]);
        assert_eq!(playback.due(50.0), vec![]);
        assert_eq!(ids(&playback.due(100.0)), [2]);
    }

    #[test]
    fn paused_shows_one_event_per_step() {
        let mut playback = Playback { paused: true, ..Playback::default() };
        playback.push(vec![Report::Events(vec![event(1), event(2)])]);
        assert_eq!(playback.due(0.0), vec![]);
        playback.steps = 1;
        assert_eq!(ids(&playback.due(0.0)), [1]);
        assert_eq!(playback.due(1_000.0), vec![]);
        assert_eq!(ids(&playback.drain()), [2], "Stop shows the rest");
    }

    #[test]
    fn a_rush_ignores_the_pace_until_the_next_run() {
        let mut playback = Playback { paused: true, delay_ms: 1_000, ..Playback::default() };
        playback.push(vec![Report::Events(vec![event(1), event(2)])]);
        playback.rush();
        assert_eq!(ids(&playback.due(0.0)), [1, 2]);
        playback.clear();
        playback.push(vec![Report::Events(vec![event(3)])]);
        assert_eq!(playback.due(0.0), vec![], "paused again");
    }
}

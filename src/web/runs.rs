//! The page's run controls wired to the engine Worker: Run starts a Worker, its reports go into
//! the [`Playback`], a ticker lets them out at the chosen pace as [`Action::Cues`]; Stop asks the
//! engine to stop (`StopExecution`) and terminates the Worker if it does not answer in time; the
//! run's time budget terminates it too. The page keeps every event it received.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::engine::{EngineRun, Sandbox};
use crate::app::{Action, Cue, Notice, Playback};
use crate::engine::TaskResult;
use crate::exchange::history::Replay;
use crate::host::session::{Command, Report, RunSpec};

/// How long Stop waits for the engine to write `ExecutionAborted` before terminating it.
const STOP_GRACE_MS: u32 = 400;

/// The ticker's period: about one frame.
const TICK_MS: u32 = 16;

/// How long after the page is drawn the engine's module starts compiling and the handler sandbox
/// loading (the page is usable first).
const PRECOMPILE_AFTER_MS: u32 = 200;

/// What a run needs between events.
#[derive(Default)]
struct Runner {
    sandbox: Option<Sandbox>,
    run: Option<EngineRun>,
    playback: Playback,
    /// The budget's timer, while the engine works (not while it waits for the user).
    budget: Option<Timeout>,
    /// Stop's grace timer.
    stopping: Option<Timeout>,
    /// The engine reported the outcome.
    finished: bool,
    budget_ms: u32,
}

type Shared = Rc<RefCell<Runner>>;

/// The controls a run offers the page.
#[derive(Clone)]
pub struct Runs {
    shared: Shared,
    dispatch: Callback<Action>,
}

/// The run machinery of the page: one per App.
#[hook]
pub fn use_runs(dispatch: Callback<Action>, paused: bool, delay_ms: u32, budget_ms: u32) -> Runs {
    let shared = use_mut_ref(Runner::default);
    {
        let shared = shared.clone();
        use_effect_with((paused, delay_ms, budget_ms), move |(paused, delay, budget)| {
            let mut runner = shared.borrow_mut();
            runner.playback.paused = *paused;
            runner.playback.delay_ms = *delay;
            runner.budget_ms = *budget;
        });
    }
    {
        let (shared, dispatch) = (shared.clone(), dispatch.clone());
        use_effect_with((), move |()| {
            let warm_up = shared.clone();
            let ticker = Interval::new(TICK_MS, move || tick(&shared, &dispatch));
            // Once the page is drawn, the engine's module is fetched and compiled for the first
            // Run, and the handler sandbox loads (a failure to mount it is told at Run).
            let precompile = Timeout::new(PRECOMPILE_AFTER_MS, move || {
                super::engine::precompile_engine();
                let mut runner = warm_up.borrow_mut();
                if runner.sandbox.is_none() {
                    runner.sandbox = Sandbox::mount().ok();
                }
            });
            move || {
                drop(ticker);
                drop(precompile);
            }
        });
    }
    Runs { shared, dispatch }
}

/// Lets out what is due.
fn tick(shared: &Shared, dispatch: &Callback<Action>) {
    let cues = {
        let mut runner = shared.borrow_mut();
        if runner.playback.is_empty() {
            return;
        }
        runner.playback.due(now())
    };
    if !cues.is_empty() {
        dispatch.emit(Action::Cues(cues));
    }
}

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

impl Runs {
    /// Starts `spec` in a new engine Worker (ending the previous run's, if any).
    pub fn start(&self, spec: RunSpec) {
        self.end_previous();
        if let Err(why) = self.ensure_sandbox() {
            return self.problem(format!("The handler sandbox could not start ({why})."));
        }
        let on_reports = {
            let (shared, dispatch) = (self.shared.clone(), self.dispatch.clone());
            move |reports| received(&shared, &dispatch, reports)
        };
        let on_crash = {
            let this = self.clone();
            move |why: String| {
                this.stopped(format!("The engine stopped with an error ({why}). The events up to then are kept."))
            }
        };
        let started = {
            let runner = self.shared.borrow();
            let Some(sandbox) = runner.sandbox.as_ref() else { return };
            EngineRun::start(spec, sandbox, on_reports, on_crash)
        };
        // The Worker starts before the page redraws for the new run (its module instantiates
        // meanwhile); its first reports arrive as messages, after the redraw.
        self.dispatch.emit(Action::StartRun);
        match started {
            Ok(run) => {
                self.shared.borrow_mut().run = Some(run);
                self.arm_budget();
            }
            Err(why) => self.stopped(format!("The engine Worker could not start ({why}).")),
        }
    }

    /// Replays an imported history at the run's pace.
    pub fn replay(&self, replay: Replay) {
        self.end_previous();
        self.dispatch.emit(Action::StartReplay(replay.visited_states()));
        let mut runner = self.shared.borrow_mut();
        runner.playback.push(vec![Report::Events(replay.events)]);
        match replay.outcome {
            Some(outcome) => runner.playback.push(vec![Report::Finished(outcome)]),
            None => runner.playback.push_cue(Cue::ReplayIncomplete),
        }
    }

    /// Stop: the engine aborts the execution where it is (`ExecutionAborted`), or ends its
    /// Worker if it cannot answer in time; the page then shows every event up to there at once.
    /// (The engine runs ahead of the animation: when it has finished already, Stop shows the end.)
    pub fn stop(&self) {
        self.shared.borrow_mut().playback.rush();
        {
            let runner = self.shared.borrow();
            let Some(run) = runner.run.as_ref().filter(|_| !runner.finished) else { return };
            run.send(Command::Stop);
        }
        let this = self.clone();
        let timer = Timeout::new(STOP_GRACE_MS, move || {
            if !this.shared.borrow().finished {
                let seconds = f64::from(STOP_GRACE_MS) / 1000.0;
                this.stopped(format!("Stopped: the engine did not answer within {seconds} s, so it was ended. The events up to then are kept."));
            }
        });
        self.shared.borrow_mut().stopping = Some(timer);
    }

    /// The user's answer to a waiting callback task.
    pub fn answer(&self, ticket: u64, result: TaskResult) {
        self.dispatch.emit(Action::TaskAnswered(ticket));
        self.command(Command::Answer { ticket, result });
    }

    /// Let virtual time run to the next timer.
    pub fn let_time_pass(&self) {
        self.command(Command::LetTimePass);
    }

    /// One more event, while paused.
    pub fn step(&self) {
        self.shared.borrow_mut().playback.steps += 1;
    }

    fn command(&self, command: Command) {
        if let Some(run) = self.shared.borrow().run.as_ref() {
            run.send(command);
        }
        self.arm_budget();
    }

    fn ensure_sandbox(&self) -> Result<(), String> {
        let mut runner = self.shared.borrow_mut();
        if runner.sandbox.is_none() {
            runner.sandbox = Some(Sandbox::mount()?);
        }
        Ok(())
    }

    /// Ends the previous run's Worker and forgets what it had not shown.
    fn end_previous(&self) {
        let mut runner = self.shared.borrow_mut();
        if let Some(run) = runner.run.take() {
            run.terminate();
        }
        runner.playback.clear();
        runner.budget = None;
        runner.stopping = None;
        runner.finished = false;
    }

    /// (Re)starts the budget's clock: the engine works until it reports again.
    fn arm_budget(&self) {
        let this = self.clone();
        let budget = self.shared.borrow().budget_ms;
        let timer = Timeout::new(budget, move || {
            let seconds = f64::from(budget) / 1000.0;
            this.stopped(format!(
                "Stopped after {seconds} s of real time, the run's budget (Settings). The events up to then are kept."
            ));
        });
        self.shared.borrow_mut().budget = Some(timer);
    }

    /// Ends the Worker now; the page shows everything it received, then why it stopped.
    fn stopped(&self, why: String) {
        let cues = {
            let mut runner = self.shared.borrow_mut();
            if let Some(run) = runner.run.as_ref() {
                run.terminate();
            }
            if let Some(sandbox) = runner.sandbox.as_ref() {
                sandbox.reset();
            }
            runner.budget = None;
            runner.stopping = None;
            runner.finished = true;
            runner.playback.push_cue(Cue::Stopped(why));
            runner.playback.drain()
        };
        self.dispatch.emit(Action::Cues(cues));
    }

    fn problem(&self, message: String) {
        self.dispatch.emit(Action::Notify(Some(Notice::Problem(message))));
    }
}

/// Reports of the engine Worker: into the playback; the budget pauses while the user's answer
/// is awaited and ends with the run.
fn received(shared: &Shared, dispatch: &Callback<Action>, reports: Result<Vec<Report>, String>) {
    let reports = match reports {
        Ok(reports) => reports,
        Err(why) => {
            dispatch
                .emit(Action::Notify(Some(Notice::Problem(format!("A report of the engine was unreadable: {why}")))));
            return;
        }
    };
    let mut runner = shared.borrow_mut();
    if reports.iter().any(|r| matches!(r, Report::Finished(_))) {
        runner.finished = true;
        runner.budget = None;
        runner.stopping = None;
        if let Some(run) = runner.run.as_ref() {
            run.terminate(); // its work is done; the page has everything
        }
    } else if matches!(reports.last(), Some(Report::Waiting(_))) {
        runner.budget = None;
    }
    runner.playback.push(reports);
}

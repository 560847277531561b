//! [`State`] + [`Action`] + [`reduce`], tested natively.

use std::cell::Ref;
use std::rc::Rc;

use super::handlers::{
    called_functions, other_integrations, with_echo_handlers, with_static_responses, StaticResponse,
};
use super::links;
use super::playback::Cue;
use super::run::{LogLine, Run, RunStatus};
use super::views::inspector::Tab;
use crate::asl::{self, Diagnostic};
use crate::engine::HistoryEvent;
use crate::examples::{self, Handler, NamedInput};
use crate::graph::{layout, Graph};
use crate::host::driver::AnsweredBy;
use crate::host::session::Report;
use crate::share::library::Library;
use crate::share::Project;

/// Everything the playground shows, as data.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The definition as the user typed it.
    pub definition: String,
    /// What the definition currently loads to.
    pub outline: Outline,
    /// The Lambda handlers' JavaScript snippets.
    pub handlers: Vec<Handler>,
    /// Named execution inputs.
    pub inputs: Vec<NamedInput>,
    /// Index into `inputs` of the one Run uses.
    pub selected_input: usize,
    /// The last run.
    pub run: Run,
    /// The state the inspector shows.
    pub selected_state: Option<String>,
    /// The drawing of the last definition that loaded (kept, marked stale, while the text does not).
    pub graph: Option<Rc<Graph>>,
    /// The states (name, `Type`) of the last definition that loaded, listed (as last loaded)
    /// under the problems while the text does not load: the list does not flicker as one types.
    pub loaded_states: Rc<Vec<(String, &'static str)>>,
    /// The selected input's text while it is not valid JSON, and why.
    pub input_draft: Option<(String, String)>,
    /// Time travel: show the run as of this many events (`None`: all of them).
    pub scrub: Option<usize>,
    /// Runs hold before each event until Step or Resume.
    pub paused: bool,
    /// Milliseconds between shown events (the animation speed; 0: instant).
    pub delay_ms: u32,
    /// How long a handler snippet may run before its Worker is stopped.
    pub handler_limit_ms: u32,
    /// How much real time a run may take (not counting waits for the user) before the page
    /// stops its engine (a preference of this browser, not of the project).
    pub run_budget_ms: u32,
    /// Mocked answers of the other integrations (DynamoDB, SQS, …).
    pub static_responses: Vec<StaticResponse>,
    /// The problem (index into the current problems) the editor shows, after a click in the list.
    pub revealed_problem: Option<usize>,
    /// A message for the user about links and saved work.
    pub notice: Option<Notice>,
    /// What the user calls the project.
    pub name: String,
    /// An imported MockConfigFile's text.
    pub mock_config: Option<String>,
    /// The test case (state machine, case) of `mock_config` that answers tasks; `None`: the
    /// handler snippets and static responses do.
    pub test_case: Option<(String, String)>,
    /// The projects saved by name in this browser (kept when another project opens).
    pub library: Library,
    /// How many runs and replays have started (tells one run's outcome from the previous one's).
    pub runs: u32,
    /// The history event (its id) shown in full under the event table.
    pub selected_event: Option<u64>,
    /// Light or dark, or as the system says (a preference of this browser, not of the project).
    pub theme: Theme,
    /// The mock S3's objects: bucket, key, content (saved with the project).
    pub s3: Vec<crate::host::session::S3Entry>,
    /// The Map Run child execution the drill-down shows: (Map Run, child) of `run.map_runs`.
    pub selected_child: Option<(usize, usize)>,
    /// The linter's warnings about the definition as it last loaded: while the text does not
    /// load they are kept, not shown (as the graph and the states list keep theirs), so a
    /// keystroke that breaks the text and the next that mends it do not rebuild the list.
    pub warnings: Vec<crate::asl::lint::Warning>,
    /// The named inputs as the project opened (what Revert restores).
    pub opened_inputs: Vec<NamedInput>,
    /// The Map iterations or Parallel branches picked for inspection, outermost first: (state,
    /// position among its parts within the pick before).
    pub selected_parts: Vec<(String, usize)>,
    /// The last definition that loaded (its Retriers explain the attempts the inspector shows).
    pub machine: Option<Rc<asl::StateMachine>>,
    /// The inspector's tab last picked.
    pub inspector_tab: Tab,
    /// Which part of the page a phone shows (a wide screen shows all three).
    pub pane: Pane,
}

/// The three parts of the page, as a phone's tabs offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The definition's editor.
    Definition,
    /// The graph and the inspector.
    Graph,
    /// The input, Run and what the run did (first: the reason one opens the page).
    #[default]
    Run,
}

impl Pane {
    /// Every pane, in the tab bar's order.
    pub const ALL: [Pane; 3] = [Pane::Definition, Pane::Graph, Pane::Run];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Pane::Definition => "Definition",
            Pane::Graph => "Graph",
            Pane::Run => "Run",
        }
    }
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every choice, in the menu's order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The menu's label and the stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme stored as `text` (anything else: the system's).
    pub fn parse(text: &str) -> Theme {
        Theme::ALL.into_iter().find(|t| t.as_str() == text).unwrap_or_default()
    }
}

/// A message about links and saved work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// All is well: what happened.
    Info(String),
    /// Something could not be opened; the user's work is untouched.
    Problem(String),
    /// A link was made: what to say, and the link (shown to copy by hand where the clipboard
    /// is not available).
    Link(String, String),
}

/// The definition's states, or why it does not load.
#[derive(Debug, Clone, PartialEq)]
pub enum Outline {
    /// The definition loads: each top-level state's name and `Type`, in definition order.
    States(Rc<Vec<(String, &'static str)>>),
    /// The definition does not load: every problem found.
    Problems(Rc<Vec<Diagnostic>>),
}

impl Outline {
    /// The states, when the definition loads.
    pub fn states(&self) -> Option<Rc<Vec<(String, &'static str)>>> {
        match self {
            Outline::States(states) => Some(states.clone()),
            Outline::Problems(_) => None,
        }
    }
}

/// A change the user asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The definition text changed.
    EditDefinition(String),
    /// Another named input was picked.
    SelectInput(usize),
    /// Throw the edits away and load the order example again.
    ResetToExample,
    /// A run starts (the previous one is cleared).
    StartRun,
    /// What the run reported, as the playback lets it out (events, logs, SNS messages, waiting
    /// tasks, the outcome).
    Cues(Vec<Cue>),
    /// The inspector shows this state.
    SelectState(String),
    /// A handler's snippet changed (its index, the new source).
    EditHandler(usize, String),
    /// The selected input's text changed.
    EditInput(String),
    /// Time travel: show the run as of this many events (`None`: live, all of them).
    Scrub(Option<usize>),
    /// Pause (true) or resume (false) runs.
    SetPaused(bool),
    /// Milliseconds between shown events.
    SetDelay(u32),
    /// The user answered the pending task with this ticket.
    TaskAnswered(u64),
    /// A new time limit for handler snippets, in milliseconds.
    SetHandlerLimit(u32),
    /// A new real-time budget for runs, in milliseconds.
    SetRunBudget(u32),
    /// Pretty-print the definition (when it is JSON), keeping the order of its fields.
    FormatDefinition,
    /// A static response's text changed (its index, the new text).
    EditStaticResponse(usize, String),
    /// Show this problem (its index in the list) in the editor.
    RevealProblem(usize),
    /// Open the autosaved project (at startup).
    LoadProject(Box<Project>),
    /// Open a link's project; work that would be lost is kept in Projects first, named with
    /// this time of day (the page's clock).
    OpenLink(Box<Project>, String),
    /// Tell the user something.
    Notify(Option<Notice>),
    /// A replay of an imported history starts; these are the state names it visits.
    StartReplay(Vec<String>),
    /// A MockConfigFile was imported (its text); its first test case answers tasks from now on.
    ImportMockConfig(String),
    /// Tasks are answered by this test case of the mock config (`None`: by the handlers).
    SelectTestCase(Option<(String, String)>),
    /// Open the gallery's example at this index.
    OpenExample(usize),
    /// The project's new name.
    Rename(String),
    /// Start from an empty workflow.
    NewProject,
    /// The saved projects, read at startup.
    LibraryLoaded(Library),
    /// Save the project under its name.
    SaveToLibrary,
    /// Open the project saved under this name.
    OpenFromLibrary(String),
    /// Forget the project saved under this name.
    DeleteFromLibrary(String),
    /// Show this history event in full (`None`: close it).
    SelectEvent(Option<u64>),
    /// Use this colour theme.
    SetTheme(Theme),
    /// Adds an S3 object, or replaces the one with its bucket and key.
    PutS3Object(String, String, String),
    /// Changes the content of S3 object `n`.
    EditS3Object(usize, String),
    /// Deletes S3 object `n`.
    RemoveS3Object(usize),
    /// Shows a Map Run's child execution (Map Run, child), or none.
    SelectChild(Option<(usize, usize)>),
    /// Applies a quick fix of the linter (or of an explained error) to the definition.
    ApplyFix(crate::asl::lint::Fix),
    /// Puts the selected input back as the project opened with it.
    RevertInput,
    /// Picks a Map iteration or Parallel branch of a state to inspect (its position), or none.
    SelectPart(String, Option<usize>),
    /// Shows this tab of the inspector.
    SelectTab(Tab),
    /// Shows this part of the page (phones).
    ShowPane(Pane),
}

impl Default for State {
    /// The playground as it opens: the order-processing example.
    fn default() -> Self {
        let example = examples::order();
        let outline = outline(example.definition);
        State {
            definition: example.definition.to_owned(),
            loaded_states: outline.states().unwrap_or_default(),
            outline,
            handlers: example.handlers,
            opened_inputs: example.inputs.clone(),
            inputs: example.inputs,
            selected_input: 0,
            run: Run::default(),
            selected_state: None,
            graph: crate::asl::load(example.definition).ok().map(|m| Rc::new(layout(&m))),
            input_draft: None,
            scrub: None,
            paused: false,
            delay_ms: 150,
            handler_limit_ms: 5_000,
            run_budget_ms: 30_000,
            static_responses: Vec::new(),
            revealed_problem: None,
            notice: None,
            name: example.title.to_owned(),
            mock_config: example.mock_config.map(str::to_owned),
            test_case: None,
            library: Library::default(),
            runs: 0,
            selected_event: None,
            theme: Theme::System,
            s3: example.s3,
            selected_child: None,
            selected_parts: Vec::new(),
            warnings: crate::asl::lint::lint(example.definition),
            machine: crate::asl::load(example.definition).ok().map(Rc::new),
            inspector_tab: Tab::default(),
            pane: Pane::default(),
        }
    }
}

/// The shortest time limit a handler may have, in milliseconds.
pub const MIN_HANDLER_LIMIT_MS: u32 = 100;
/// The longest time limit a handler may have (Lambda's own maximum is 15 minutes; ours is 10).
pub const MAX_HANDLER_LIMIT_MS: u32 = 600_000;
/// The longest real time a run may take before the page stops its engine.
pub const MAX_RUN_BUDGET_MS: u32 = 600_000;

/// The definition a new project starts with.
pub const NEW_DEFINITION: &str =
    "{\n  \"Comment\": \"A new workflow\",\n  \"StartAt\": \"Hello\",\n  \"States\": {\n    \"Hello\": {\n      \"Type\": \"Pass\",\n      \"Result\": \"Hello, world\",\n      \"End\": true\n    }\n  }\n}\n";

/// The state after `action`.
pub fn reduce(state: State, action: Action) -> State {
    match action {
        Action::EditDefinition(definition) => edit_definition(state, definition),
        Action::SelectInput(index) if index < state.inputs.len() => {
            State { selected_input: index, input_draft: None, ..state }
        }
        Action::SelectInput(_) => state,
        Action::ResetToExample => {
            State { library: state.library, theme: state.theme, run_budget_ms: state.run_budget_ms, ..State::default() }
        }
        Action::StartRun => {
            let run = Run { status: RunStatus::Running, ..Run::default() };
            State {
                run,
                scrub: None,
                runs: state.runs + 1,
                selected_event: None,
                selected_child: None,
                selected_parts: Vec::new(),
                ..state
            }
        }
        Action::Cues(cues) => cues.into_iter().fold(state, apply_cue),
        // The inspector is in the graph's pane: a phone shows it.
        Action::SelectState(name) => {
            State { selected_state: Some(name), revealed_problem: None, pane: Pane::Graph, ..state }
        }
        Action::SelectTab(tab) => State { inspector_tab: tab, ..state },
        Action::ShowPane(pane) => State { pane, ..state },
        Action::LoadProject(project) => opened(state, *project),
        Action::OpenLink(project, when) => open_link(state, *project, &when),
        Action::Notify(notice) => State { notice, ..state },
        Action::StartReplay(visited) => start_replay(state, &visited),
        Action::ImportMockConfig(text) => import_mock_config(state, text),
        Action::SelectTestCase(case) => {
            let known = case.as_ref().is_none_or(|c| state.test_cases().contains(c));
            if known {
                State { test_case: case, ..state }
            } else {
                state
            }
        }
        Action::OpenExample(index) => match examples::gallery().into_iter().nth(index) {
            Some(example) => opened(state, example.project()),
            None => state,
        },
        Action::Rename(name) => State { name, ..state },
        Action::NewProject => new_project(state),
        Action::LibraryLoaded(library) => State { library, ..state },
        Action::SetTheme(theme) => State { theme, ..state },
        Action::PutS3Object(bucket, key, body) => super::s3::put(state, bucket, key, body),
        Action::EditS3Object(index, body) => super::s3::edit(state, index, body),
        Action::RemoveS3Object(index) => super::s3::remove(state, index),
        Action::SelectChild(child) => super::s3::select_child(state, child),
        Action::RevertInput => revert_input(state),
        Action::SelectPart(name, position) => {
            let events = state.run.events.slice();
            let selected_parts = super::views::iterations::pick(&events, &state.selected_parts, &name, position);
            drop(events);
            State { selected_parts, ..state }
        }
        Action::ApplyFix(fix) => match crate::asl::lint::apply(&state.definition, &fix) {
            Ok(text) => {
                let notice = Some(Notice::Info(format!("Applied: {}. Run again to see the difference.", fix.label)));
                State { notice, ..reduce(state, Action::EditDefinition(text)) }
            }
            Err(why) => State { notice: Some(Notice::Problem(format!("The fix was not applied: {why}."))), ..state },
        },
        Action::SelectEvent(id) => {
            let id = id.filter(|id| state.run.events.slice().iter().any(|e| e.id == *id));
            State { selected_event: id, ..state }
        }
        Action::SaveToLibrary => save_to_library(state),
        Action::OpenFromLibrary(name) => open_from_library(state, &name),
        Action::DeleteFromLibrary(name) => {
            let mut state = state;
            state.library.delete(&name);
            state
        }
        Action::RevealProblem(index) => State { revealed_problem: Some(index), selected_state: None, ..state },
        Action::EditHandler(index, source) => edit_handler(state, index, source),
        Action::EditInput(text) => edit_input(state, text),
        Action::Scrub(position) => State { scrub: position.filter(|p| *p < state.run.events.len()), ..state },
        Action::SetPaused(paused) => State { paused, ..state },
        Action::SetDelay(delay_ms) => State { delay_ms: delay_ms.min(5_000), ..state },
        Action::EditStaticResponse(index, text) => {
            let mut state = state;
            if let Some(response) = state.static_responses.get_mut(index) {
                response.text = text;
            }
            state
        }
        Action::FormatDefinition => match serde_json::from_str::<serde_json::Value>(&state.definition) {
            Ok(value) => {
                let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| state.definition.clone());
                reduce(state, Action::EditDefinition(text))
            }
            Err(_) => state,
        },
        Action::SetHandlerLimit(millis) => {
            State { handler_limit_ms: millis.clamp(MIN_HANDLER_LIMIT_MS, MAX_HANDLER_LIMIT_MS), ..state }
        }
        Action::SetRunBudget(millis) => State { run_budget_ms: millis.clamp(1_000, MAX_RUN_BUDGET_MS), ..state },
        Action::TaskAnswered(ticket) => with_run(state, |run| run.pending.retain(|t| t.ticket != ticket)),
    }
}

/// A link opens over the current project, which is kept in Projects if it would be lost.
fn open_link(mut state: State, project: Project, when: &str) -> State {
    let current = state.project();
    let kept = links::would_be_lost(&current, &state.library, &project).then(|| {
        let name = links::kept_name(&current, when, &state.library);
        state.library.save(&Project { name: name.clone(), ..current });
        name
    });
    let mut loaded = opened(state, project);
    let foreign = links::foreign_handlers(&loaded.handlers);
    loaded.notice = Some(Notice::Info(links::opened_notice(&foreign, kept.as_deref())));
    loaded
}

/// An empty workflow: one Pass state, no handlers, an empty input.
fn new_project(state: State) -> State {
    let project = Project {
        definition: NEW_DEFINITION.to_owned(),
        handlers: Vec::new(),
        inputs: vec![("input".to_owned(), serde_json::json!({}))],
        selected_input: 0,
        static_responses: Vec::new(),
        handler_limit_ms: state.handler_limit_ms,
        name: "Untitled".to_owned(),
        mock_config: None,
        test_case: None,
        s3: Vec::new(),
    };
    opened(state, project)
}

fn save_to_library(mut state: State) -> State {
    if state.name.trim().is_empty() {
        state.notice = Some(Notice::Problem("Give the project a name (next to the title) to save it.".into()));
        return state;
    }
    let project = state.project();
    let dropped = state.library.save(&project);
    let room = dropped
        .map(|name| format!(" The oldest saved project, \"{name}\", made room for it (50 are kept)."))
        .unwrap_or_default();
    state.notice = Some(Notice::Info(format!("Saved \"{}\" in this browser.{room}", state.name)));
    state
}

fn open_from_library(state: State, name: &str) -> State {
    match state.library.open(name) {
        Some(Ok(project)) => opened(state, project),
        Some(Err(e)) => State {
            notice: Some(Notice::Problem(format!(
                "\"{name}\" could not be opened ({e}); your current project is unchanged."
            ))),
            ..state
        },
        None => state,
    }
}

/// A replay starts: the run is cleared and marked imported; states the definition does not
/// have are pointed out (the history belongs to another definition).
fn start_replay(state: State, visited: &[String]) -> State {
    let machine = asl::load(&state.definition).ok();
    let known = machine.as_ref().map(|m| m.all_state_names()).unwrap_or_default();
    let missing: Vec<&str> = visited.iter().map(String::as_str).filter(|name| !known.contains(name)).collect();
    let notice = if machine.is_none() {
        Notice::Problem("Replaying an imported history, but the definition does not load: the graph cannot show it. Import the definition it ran first.".into())
    } else if missing.is_empty() {
        Notice::Info(
            "Replaying an imported history: nothing is executed, the graph shows what the history records.".into(),
        )
    } else {
        Notice::Problem(format!(
            "Replaying an imported history whose states are not all in this definition ({}): import the definition it ran first.",
            missing.join(", ")
        ))
    };
    let run = Run { status: RunStatus::Running, imported: true, ..Run::default() };
    State { run, scrub: None, notice: Some(notice), runs: state.runs + 1, selected_event: None, ..state }
}

/// A MockConfigFile's text becomes the project's; its first test case answers tasks.
fn import_mock_config(state: State, text: String) -> State {
    match crate::exchange::mock_config::test_cases(&text) {
        Ok(cases) => {
            let message = format!(
                "Imported a mock config with {} test case(s). Runs now answer tasks from \"{}\" (states it does not mock run their handlers); pick another case or the handlers next to Run.",
                cases.len(),
                cases[0].1
            );
            let changed = state.mock_config.as_deref().and_then(|old| first_changed_case(old, &text, &cases));
            let test_case = changed.or_else(|| cases.into_iter().next());
            State { mock_config: Some(text), test_case, notice: Some(Notice::Info(message)), ..state }
        }
        Err(why) => {
            State { notice: Some(Notice::Problem(format!("This mock config was not imported: {why}."))), ..state }
        }
    }
}

/// The first test case of `new` that `old` lacks or has otherwise (its mocks included): what an
/// import over an existing mock config brings in, so Run answers from it.
fn first_changed_case(old: &str, new: &str, cases: &[(String, String)]) -> Option<(String, String)> {
    let (old, new): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(old).ok()?, serde_json::from_str(new).ok()?);
    let case_of = |root: &serde_json::Value, (machine, case): &(String, String)| {
        let mocks = root["StateMachines"][machine]["TestCases"][case].clone();
        let responses: Vec<serde_json::Value> = mocks
            .as_object()
            .map(|m| m.values().filter_map(|r| r.as_str()).map(|r| root["MockedResponses"][r].clone()).collect())
            .unwrap_or_default();
        (mocks, responses)
    };
    cases.iter().find(|c| case_of(&old, c) != case_of(&new, c)).cloned()
}

fn edit_handler(mut state: State, index: usize, source: String) -> State {
    if let Some(handler) = state.handlers.get_mut(index) {
        handler.source = source;
    }
    state
}

/// Valid JSON replaces the selected input; anything else is kept as a draft with the reason.
fn edit_input(mut state: State, text: String) -> State {
    match serde_json::from_str(&text) {
        Ok(value) => {
            if let Some(input) = state.inputs.get_mut(state.selected_input) {
                input.input = value;
            }
            state.input_draft = None;
        }
        Err(e) => state.input_draft = Some((text, e.to_string())),
    }
    state
}

/// `project` opened in place of `state`'s: the browser's preferences (saved projects, theme) stay.
fn opened(state: State, project: Project) -> State {
    State { library: state.library, theme: state.theme, run_budget_ms: state.run_budget_ms, ..load_project(project) }
}

/// A state holding `project` (fresh run, default settings otherwise).
fn load_project(project: Project) -> State {
    let base = State {
        handlers: project
            .handlers
            .into_iter()
            .map(|(function_name, source)| Handler { function_name, source })
            .collect(),
        inputs: project.inputs.iter().cloned().map(|(name, input)| NamedInput { name, input }).collect(),
        opened_inputs: project.inputs.into_iter().map(|(name, input)| NamedInput { name, input }).collect(),
        static_responses: project
            .static_responses
            .into_iter()
            .map(|(resource, text)| StaticResponse { resource, text })
            .collect(),
        // A link may say anything: the same bounds as the settings control.
        handler_limit_ms: project.handler_limit_ms.clamp(MIN_HANDLER_LIMIT_MS, MAX_HANDLER_LIMIT_MS),
        name: if project.name.is_empty() { State::default().name } else { project.name },
        mock_config: project.mock_config,
        test_case: project.test_case,
        s3: project.s3,
        // Nothing of the example stays on screen if the project's definition does not load.
        graph: None,
        machine: None,
        loaded_states: Rc::default(),
        ..State::default()
    };
    let state = reduce(base, Action::EditDefinition(project.definition));
    State { selected_input: project.selected_input.min(state.inputs.len().saturating_sub(1)), ..state }
}

/// The selected input as it was when the project opened.
fn revert_input(mut state: State) -> State {
    let Some(current) = state.inputs.get(state.selected_input) else { return state };
    if let Some(opened) = state.opened_inputs.iter().find(|i| i.name == current.name).cloned() {
        state.inputs[state.selected_input] = opened;
        state.input_draft = None;
    }
    state
}

impl State {
    /// Whether the selected input differs from the one the project opened with.
    pub fn input_modified(&self) -> bool {
        let Some(current) = self.inputs.get(self.selected_input) else { return false };
        let opened = self.opened_inputs.iter().find(|i| i.name == current.name);
        self.input_draft.is_some() || opened.is_some_and(|o| o.input != current.input)
    }

    /// What the last run's failure means, when it failed with an error.
    pub fn failure_explanation(&self) -> Option<super::views::explain::Explanation> {
        let RunStatus::Finished(outcome) = &self.run.status else { return None };
        let error = outcome.error.as_deref().filter(|_| outcome.status != crate::engine::Status::Succeeded)?;
        Some(super::views::explain::explain(error, outcome.cause.as_deref().unwrap_or_default(), &self.definition))
    }

    /// The events of the Distributed Map child execution picked in Map Runs.
    pub fn selected_child_events(&self) -> Option<&[HistoryEvent]> {
        let (run, child) = self.selected_child?;
        let events = &self.run.map_runs.get(run)?.children.get(child)?.events;
        (!events.is_empty()).then_some(events.as_slice())
    }

    /// The `Retry` of the state called `name` in the last definition that loaded (at any depth).
    pub fn retriers(&self, name: &str) -> Vec<asl::Retrier> {
        let Some(machine) = &self.machine else { return Vec::new() };
        let found = machine.all_states().into_iter().find(|s| &*s.name == name);
        found.map(|s| s.retry.clone()).unwrap_or_default()
    }

    /// What Send success is pre-filled with for the first waiting callback task.
    pub fn callback_hint(&self) -> String {
        match self.run.pending.first() {
            Some(pending) => super::views::callback::sample_output(&self.definition, &pending.state),
            None => "{}".into(), // nothing waits: the definition is not read (this runs on every render)
        }
    }

    /// The project this state holds, for links and saves.
    pub fn project(&self) -> Project {
        Project {
            definition: self.definition.clone(),
            handlers: self.handlers.iter().map(|h| (h.function_name.clone(), h.source.clone())).collect(),
            inputs: self.inputs.iter().map(|i| (i.name.clone(), i.input.clone())).collect(),
            selected_input: self.selected_input,
            static_responses: self.static_responses.iter().map(|r| (r.resource.clone(), r.text.clone())).collect(),
            handler_limit_ms: self.handler_limit_ms,
            name: self.name.clone(),
            mock_config: self.mock_config.clone(),
            test_case: self.test_case.clone(),
            s3: self.s3.clone(),
        }
    }

    /// The test case that answers tasks in the next run (`None`: the handlers do), or why it
    /// cannot.
    pub fn test_case_to_run(&self) -> Result<Option<crate::host::mock_config::TestCase>, String> {
        match (&self.mock_config, &self.test_case) {
            (Some(config), Some((machine, case))) => crate::host::mock_config::load_test_case(config, machine, case)
                .map(Some)
                .map_err(|problems| format!("The test case cannot answer tasks: {}", problems.join("; "))),
            _ => Ok(None),
        }
    }

    /// What the engine Worker runs: the definition, the selected input, the handlers, the static
    /// responses (each must be JSON) and the test case; why not, when something cannot run.
    pub fn run_spec(&self) -> Result<crate::host::session::RunSpec, String> {
        let input = self.inputs.get(self.selected_input).map(|i| i.input.clone()).unwrap_or_default();
        let mut static_responses = Vec::with_capacity(self.static_responses.len());
        for response in &self.static_responses {
            let value = json_value::from_str(&response.text).map_err(|e| {
                format!(
                    "The static response for {} is not JSON ({e}); fix it under Other integrations.",
                    response.resource
                )
            })?;
            static_responses.push((response.resource.clone(), value));
        }
        let test_case = match (&self.mock_config, &self.test_case) {
            (Some(config), Some((machine, case))) => Some((config.clone(), machine.clone(), case.clone())),
            _ => None,
        };
        Ok(crate::host::session::RunSpec {
            definition: self.definition.clone(),
            input: json_value::Value::from(&input),
            handlers: self.handlers.iter().map(|h| (h.function_name.clone(), h.source.clone())).collect(),
            static_responses,
            test_case,
            handler_limit_ms: self.handler_limit_ms,
            s3: self.s3.clone(),
        })
    }

    /// The test cases of the imported mock config (none when there is none).
    pub fn test_cases(&self) -> Vec<(String, String)> {
        let cases = self.mock_config.as_deref().map(crate::exchange::mock_config::test_cases);
        cases.and_then(Result::ok).unwrap_or_default()
    }

    /// The history event shown in full, if one is selected.
    pub fn selected_event(&self) -> Option<Ref<'_, HistoryEvent>> {
        let id = self.selected_event?;
        Ref::filter_map(self.run.events.slice(), |events| events.iter().find(|e| e.id == id)).ok()
    }

    /// The events shown: the whole run, or as far as the timeline is scrubbed.
    pub fn visible_events(&self) -> super::run::Events {
        match self.scrub {
            Some(position) => self.run.events.prefix(position + 1),
            None => self.run.events.clone(),
        }
    }
}

/// The run after one cue of the playback.
fn apply_cue(state: State, cue: Cue) -> State {
    match cue {
        Cue::Report(report) => apply_report(state, report),
        Cue::ReplayIncomplete => with_run(state, |run| run.status = RunStatus::Incomplete),
        Cue::Stopped(why) => with_run(state, |run| {
            run.pending.clear();
            run.status = RunStatus::Stopped(why);
        }),
    }
}

fn apply_report(state: State, report: Report) -> State {
    match report {
        Report::Events(events) => with_run(state, |run| run.events.extend(events)),
        Report::Log(line) => with_run(state, |run| run.logs.push(line)),
        Report::Outbox(message) => with_run(state, |run| run.outbox.push(message)),
        Report::Answered { ticket, state: name, by } => with_run(state, |run| answered(run, ticket, name, by)),
        Report::Waiting(pending) => with_run(state, |run| run.pending = pending),
        Report::Notice(text) => State { notice: Some(Notice::Info(text)), ..state },
        Report::MapRuns(runs) => with_run(state, |run| run.map_runs = runs),
        Report::S3Written(objects) => with_run(state, |run| run.s3_written = objects),
        Report::Finished(outcome) => with_run(state, |run| {
            run.pending.clear();
            run.status = RunStatus::Finished(outcome);
        }),
        // Handler calls go to the sandbox, never to the page.
        Report::Call(_) => state,
    }
}

/// Records who answered a task; a default answer (a test case, a static response) is said in
/// the logs, next to the handlers' lines, so no answer is silent.
fn answered(run: &mut Run, ticket: u64, state: String, by: AnsweredBy) {
    run.pending.retain(|p| p.ticket != ticket || by != AnsweredBy::Callback);
    let line = match &by {
        AnsweredBy::TestCase(case) => Some(format!("[playground] answered by test case \"{case}\"")),
        AnsweredBy::StaticResponse(arn) => {
            Some(format!("[playground] answered with the static response set for {arn} (Static responses)"))
        }
        _ => None,
    };
    if let Some(line) = line {
        run.logs.push(LogLine { state: state.clone(), line, event: 0 });
    }
    run.answered.push((ticket, state, by));
}

fn with_run(mut state: State, change: impl FnOnce(&mut Run)) -> State {
    change(&mut state.run);
    state
}

fn outline(definition: &str) -> Outline {
    outline_of(asl::load(definition)).0
}

/// The definition as typed. One read and one load per keystroke: the outline, graph, handlers,
/// static responses and the linter's warnings all come from them.
fn edit_definition(state: State, definition: String) -> State {
    let source = asl::Source::read(&definition);
    let loaded = source.as_ref().map_err(|d| vec![d.clone()]).and_then(asl::load_source);
    let machine = loaded.as_ref().ok();
    let graph = machine.map(|machine| Rc::new(layout(machine))).or(state.graph);
    let (handlers, static_responses) = match machine {
        Some(machine) => (
            with_echo_handlers(state.handlers, &called_functions(machine)),
            with_static_responses(state.static_responses, &other_integrations(machine)),
        ),
        None => (state.handlers, state.static_responses),
    };
    let warnings = match (&source, machine) {
        (Ok(source), Some(_)) if source.format == asl::Format::Json => crate::asl::lint::lint_document(&source.value),
        (_, None) => state.warnings,
        _ => Vec::new(),
    };
    drop(source);
    let (outline, loaded) = outline_of(loaded);
    let loaded_states = outline.states().unwrap_or(state.loaded_states);
    let kept_machine = loaded.or(state.machine);
    State {
        outline,
        loaded_states,
        definition,
        graph,
        machine: kept_machine,
        handlers,
        static_responses,
        warnings,
        ..state
    }
}

/// The outline of what loaded, and the machine, kept (not copied) when it did.
fn outline_of(loaded: Result<asl::StateMachine, Vec<Diagnostic>>) -> (Outline, Option<Rc<asl::StateMachine>>) {
    match loaded {
        Ok(machine) => {
            let states = machine.workflow.states.iter().map(|s| (s.name.to_string(), s.kind.type_name())).collect();
            (Outline::States(Rc::new(states)), Some(Rc::new(machine)))
        }
        Err(problems) => (Outline::Problems(Rc::new(problems)), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare history event with this id.
    fn event(id: u64) -> HistoryEvent {
        HistoryEvent { id, previous_event_id: 0, timestamp: 0, event_type: "E".into(), details: None, stages: None }
    }

    fn names(state: &State) -> Vec<&str> {
        match &state.outline {
            Outline::States(states) => states.iter().map(|(n, _)| n.as_str()).collect(),
            Outline::Problems(_) => Vec::new(),
        }
    }

    #[test]
    fn opens_with_the_order_workflow() {
        let state = State::default();
        assert_eq!(names(&state)[..3], ["ValidateOrder", "CheckInventory", "InventoryChoice"]);
        assert_eq!(state.inputs[state.selected_input].name, "in stock");
    }

    #[test]
    fn a_phone_opens_on_run_and_picking_a_state_shows_the_graph_pane_with_the_inspector() {
        let state = State::default();
        assert_eq!(state.pane, Pane::Run);
        let state = reduce(state, Action::SelectState("CheckInventory".into()));
        assert_eq!(state.pane, Pane::Graph);
        let state = reduce(state, Action::ShowPane(Pane::Definition));
        assert_eq!((state.pane, state.selected_state.as_deref()), (Pane::Definition, Some("CheckInventory")));
        assert_eq!(reduce(state, Action::SelectTab(Tab::Events)).inspector_tab, Tab::Events);
    }

    #[test]
    fn the_retriers_of_a_state_come_from_the_last_definition_that_loaded_at_any_depth() {
        let state = State::default();
        let retry = state.retriers("CheckInventory");
        assert_eq!((retry.len(), retry[0].interval_seconds, retry[0].max_attempts), (1, 2, 3));
        let nested = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Retry":[{"ErrorEquals":["States.ALL"],"MaxDelaySeconds":4}],"End":true}}},"End":true}}}"#;
        let state = reduce(state, Action::EditDefinition(nested.into()));
        assert_eq!(state.retriers("T")[0].max_delay_seconds, Some(4));
        let broken = reduce(state, Action::EditDefinition("{".into()));
        assert_eq!(broken.retriers("T").len(), 1, "kept while the text does not load");
        assert!(broken.retriers("Nope").is_empty());
    }

    #[test]
    fn editing_the_definition_updates_the_outline() {
        let text = r#"{"StartAt":"Only","States":{"Only":{"Type":"Succeed"}}}"#;
        let state = reduce(State::default(), Action::EditDefinition(text.to_owned()));
        assert_eq!(names(&state), ["Only"]);
        assert_eq!(state.definition, text);
    }

    #[test]
    fn a_new_lambda_in_the_definition_gets_an_echo_handler() {
        let text = crate::examples::order().definition.replace("function:processPayment", "function:chargeCard");
        let state = reduce(State::default(), Action::EditDefinition(text));
        let names: Vec<&str> = state.handlers.iter().map(|h| h.function_name.as_str()).collect();
        assert_eq!(names, ["validateOrder", "checkInventory", "processPayment", "chargeCard"]);
    }

    #[test]
    fn a_broken_definition_lists_its_problems_and_keeps_the_text() {
        let state = reduce(State::default(), Action::EditDefinition("{".to_owned()));
        assert!(matches!(&state.outline, Outline::Problems(p) if p.len() == 1));
        assert_eq!(state.definition, "{");
        // The last good drawing and states list stay (the views mark them as last loaded).
        assert_eq!(state.graph, State::default().graph);
        assert_eq!(state.loaded_states.len(), 6);
        let mended =
            reduce(state, Action::EditDefinition(r#"{"StartAt":"Only","States":{"Only":{"Type":"Succeed"}}}"#.into()));
        assert_eq!(*mended.loaded_states, vec![("Only".to_owned(), "Succeed")]);
    }

    #[test]
    fn a_project_whose_definition_does_not_load_shows_nothing_of_the_example() {
        let project = Project { definition: "{".into(), ..State::default().project() };
        let state = reduce(State::default(), Action::LoadProject(Box::new(project)));
        assert!(matches!(&state.outline, Outline::Problems(_)));
        assert_eq!((state.graph, state.loaded_states.len()), (None, 0));
    }

    #[test]
    fn selecting_an_input_out_of_range_changes_nothing() {
        let state = reduce(State::default(), Action::SelectInput(2));
        assert_eq!(state.selected_input, 2);
        assert_eq!(reduce(state.clone(), Action::SelectInput(9)), state);
    }

    #[test]
    fn a_run_collects_events_and_ends() {
        use crate::engine::{Outcome, Status};
        let event = HistoryEvent {
            id: 1,
            previous_event_id: 0,
            timestamp: 0,
            event_type: "ExecutionStarted".into(),
            details: None,
            stages: None,
        };
        let state = reduce(State::default(), Action::StartRun);
        assert_eq!(state.run.status, RunStatus::Running);
        let state = reduce(state, Action::Cues(vec![Cue::Report(Report::Events(vec![event]))]));
        let outcome = Outcome { status: Status::Succeeded, output: None, error: None, cause: None };
        let state = reduce(state, Action::Cues(vec![Cue::Report(Report::Finished(outcome.clone()))]));
        assert_eq!((state.run.events.len(), state.run.status.clone()), (1, RunStatus::Finished(outcome)));
        let state = reduce(state, Action::StartRun);
        assert!(state.run.events.is_empty());
        assert_eq!(reduce(state, Action::SelectState("A".into())).selected_state.as_deref(), Some("A"));
    }

    #[test]
    fn handlers_and_inputs_are_editable() {
        let state = reduce(State::default(), Action::EditHandler(1, "export const handler = async () => 1;".into()));
        assert_eq!(state.handlers[1].source, "export const handler = async () => 1;");
        let state = reduce(state, Action::EditInput("{\"qty\": 3".into()));
        assert!(state.input_draft.as_ref().is_some_and(|(text, why)| text == "{\"qty\": 3" && why.contains("EOF")));
        assert_eq!(state.inputs[0].input["qty"], serde_json::json!(2));
        let state = reduce(state, Action::EditInput("{\"qty\": 3}".into()));
        assert_eq!((state.input_draft.clone(), state.inputs[0].input.clone()), (None, serde_json::json!({"qty": 3})));
    }

    #[test]
    fn scrubbing_shows_the_run_as_of_an_event() {
        let mut state = State::default();
        state.run.events = vec![event(1), event(2), event(3)].into();
        assert_eq!(reduce(state.clone(), Action::Scrub(Some(1))).visible_events().len(), 2);
        assert_eq!(reduce(state.clone(), Action::Scrub(Some(9))).visible_events().len(), 3);
        assert_eq!(reduce(state, Action::Scrub(None)).visible_events().len(), 3);
    }

    #[test]
    fn an_event_of_the_run_can_be_shown_in_full_until_the_next_run() {
        let mut state = reduce(State::default(), Action::StartRun);
        state.run.events = vec![event(1), event(2)].into();
        let shown = reduce(state.clone(), Action::SelectEvent(Some(2)));
        assert_eq!(shown.selected_event().map(|e| e.id), Some(2));
        assert_eq!(reduce(state, Action::SelectEvent(Some(9))).selected_event, None);
        assert_eq!(reduce(shown, Action::StartRun).selected_event, None);
    }

    #[test]
    fn callback_tasks_wait_until_answered() {
        let task = crate::app::PendingTask {
            ticket: 7,
            state: "Approve".into(),
            token: "t".into(),
            payload: json_value::json!({}),
        };
        let waiting = Action::Cues(vec![Cue::Report(Report::Waiting(vec![task]))]);
        let state = reduce(reduce(State::default(), Action::StartRun), waiting);
        assert_eq!(state.run.pending.len(), 1);
        assert!(reduce(state.clone(), Action::TaskAnswered(7)).run.pending.is_empty());
        let by_callback = Report::Answered { ticket: 7, state: "Approve".into(), by: AnsweredBy::Callback };
        assert!(reduce(state, Action::Cues(vec![Cue::Report(by_callback)])).run.pending.is_empty());
    }

    #[test]
    fn default_answers_are_said_in_the_logs_and_a_stop_keeps_the_events() {
        let by = AnsweredBy::StaticResponse("arn:aws:states:::dynamodb:putItem".into());
        let cues = vec![
            Cue::Report(Report::Events(vec![event(1)])),
            Cue::Report(Report::Answered { ticket: 1, state: "Put".into(), by }),
            Cue::Stopped("stopped".into()),
        ];
        let state = reduce(reduce(State::default(), Action::StartRun), Action::Cues(cues));
        assert_eq!(state.run.logs[0].line, "[playground] answered with the static response set for arn:aws:states:::dynamodb:putItem (Static responses)");
        assert_eq!((state.run.events.len(), state.run.status.clone()), (1, RunStatus::Stopped("stopped".into())));
    }

    #[test]
    fn format_pretty_prints_json_and_leaves_broken_text_alone() {
        let state = reduce(
            State::default(),
            Action::EditDefinition(r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#.into()),
        );
        let formatted = reduce(state, Action::FormatDefinition);
        assert_eq!(
            formatted.definition,
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}"
        );
        let broken = reduce(State::default(), Action::EditDefinition("{".into()));
        assert_eq!(reduce(broken, Action::FormatDefinition).definition, "{");
    }

    #[test]
    fn a_project_survives_a_link_and_nothing_runs() {
        let edited = reduce(State::default(), Action::EditHandler(1, "export const handler = async () => 1;".into()));
        let edited = reduce(edited, Action::SelectInput(2));
        let link = crate::share::encode(&edited.project());
        let opened = reduce(
            State::default(),
            Action::OpenLink(Box::new(crate::share::decode(&link).expect("opens")), "t".into()),
        );
        assert_eq!(opened.project(), edited.project());
        assert_eq!(opened.run.status, RunStatus::Idle);
        assert!(matches!(opened.notice, Some(Notice::Info(ref m)) if m.contains("Nothing has run")));
    }

    #[test]
    fn pacing_controls() {
        let state = reduce(State::default(), Action::SetPaused(true));
        assert!(state.paused);
        assert_eq!(reduce(state.clone(), Action::SetDelay(600)).delay_ms, 600);
        assert_eq!(reduce(state, Action::SetDelay(60_000)).delay_ms, 5_000);
    }

    #[test]
    fn an_example_from_the_gallery_opens_with_its_name_handlers_and_inputs() {
        let gallery = crate::examples::gallery();
        let index = gallery.iter().position(|e| e.title.starts_with("Retry")).expect("in the gallery");
        let state = reduce(State::default(), Action::OpenExample(index));
        assert_eq!(state.name, gallery[index].title);
        assert_eq!(state.handlers[0].function_name, "bookShipment");
        assert!(matches!(state.outline, Outline::States(_)));
        assert_eq!(state.run.status, RunStatus::Idle);
        assert_eq!(reduce(state.clone(), Action::OpenExample(99)), state);
        assert_eq!(reduce(state, Action::Rename("Mine".into())).project().name, "Mine");
    }

    #[test]
    fn saved_projects_reopen_by_name_and_survive_opening_others() {
        let mine = reduce(State::default(), Action::EditHandler(0, "export const handler = async () => 7;".into()));
        let mine = reduce(mine, Action::Rename("Mine".into()));
        let saved = reduce(mine.clone(), Action::SaveToLibrary);
        assert!(matches!(saved.notice, Some(Notice::Info(ref m)) if m.contains("Saved \"Mine\"")));
        let elsewhere = reduce(reduce(saved, Action::NewProject), Action::OpenExample(1));
        assert_eq!(elsewhere.library.names(), ["Mine"]);
        let reopened = reduce(elsewhere, Action::OpenFromLibrary("Mine".into()));
        assert_eq!(reopened.project(), mine.project());
        let reset = reduce(reopened, Action::ResetToExample);
        assert_eq!(reset.library.names(), ["Mine"]);
        assert!(reduce(reset, Action::DeleteFromLibrary("Mine".into())).library.names().is_empty());
    }

    #[test]
    fn a_new_project_is_one_pass_state_and_an_unnamed_one_is_not_saved() {
        let state = reduce(State::default(), Action::NewProject);
        assert_eq!((names(&state), state.name.as_str(), state.handlers.len()), (vec!["Hello"], "Untitled", 0));
        let unnamed = reduce(reduce(state, Action::Rename(" ".into())), Action::SaveToLibrary);
        assert!(unnamed.library.names().is_empty());
        assert!(matches!(unnamed.notice, Some(Notice::Problem(_))));
    }

    #[test]
    fn the_theme_is_a_preference_that_survives_opening_projects() {
        let dark = reduce(State::default(), Action::SetTheme(Theme::Dark));
        assert_eq!(reduce(dark.clone(), Action::OpenExample(2)).theme, Theme::Dark);
        assert_eq!(reduce(dark.clone(), Action::NewProject).theme, Theme::Dark);
        assert_eq!(reduce(dark, Action::ResetToExample).theme, Theme::Dark);
        assert_eq!(Theme::parse("light"), Theme::Light);
        assert_eq!(Theme::parse("purple"), Theme::System);
    }

    #[test]
    fn a_run_spec_carries_the_project_and_refuses_a_static_response_that_is_not_json() {
        let spec = State::default().run_spec().expect("runs");
        assert_eq!(spec.handlers.len(), 3);
        assert_eq!(spec.input["qty"], json_value::json!(2));
        let responses = vec![crate::app::StaticResponse { resource: "arn:x".into(), text: "{".into() }];
        let state = State { static_responses: responses, ..State::default() };
        assert!(state.run_spec().expect_err("refused").contains("The static response for arn:x is not JSON"));
    }

    #[test]
    fn a_links_handler_limit_is_clamped_as_the_settings_control_clamps_it() {
        let mut project = State::default().project();
        project.handler_limit_ms = u32::MAX;
        let opened = reduce(State::default(), Action::OpenLink(Box::new(project), "t".into()));
        assert_eq!(opened.handler_limit_ms, MAX_HANDLER_LIMIT_MS);
        assert_eq!(reduce(opened, Action::SetRunBudget(5)).run_budget_ms, 1_000);
    }

    #[test]
    fn a_link_opened_over_unsaved_work_keeps_it_in_projects() {
        let mine = reduce(State::default(), Action::EditHandler(0, "export const handler = async () => 7;".into()));
        let link = crate::examples::gallery()[1].project();
        let opened = reduce(mine.clone(), Action::OpenLink(Box::new(link.clone()), "10:00".into()));
        assert_eq!(opened.project(), link);
        let kept = "Order processing (kept when a link opened, 10:00)";
        assert_eq!(opened.library.names(), [kept]);
        let reopened = reduce(opened.clone(), Action::OpenFromLibrary(kept.into()));
        assert_eq!(reopened.project().handlers, mine.project().handlers);
        assert!(matches!(opened.notice, Some(Notice::Info(ref m)) if m.contains(kept)));
        // An untouched example is not worth keeping.
        let untouched = reduce(State::default(), Action::OpenLink(Box::new(link), "10:00".into()));
        assert!(untouched.library.names().is_empty());
    }

    #[test]
    fn reset_brings_the_example_back() {
        let edited = reduce(State::default(), Action::EditDefinition("{}".to_owned()));
        assert_eq!(reduce(edited, Action::ResetToExample), State::default());
    }

    #[test]
    fn the_seed_offers_its_scenarios_warns_of_its_catch_and_explains_its_failure() {
        let state = State::default();
        let cases: Vec<String> = state.test_cases().into_iter().map(|(_, case)| case).collect();
        assert!(
            cases.contains(&"ThrottledTwice".to_owned()) && cases.contains(&"ThrottledFourTimes".to_owned()),
            "{cases:?}"
        );
        assert_eq!(state.test_case, None, "the handlers answer until a scenario is picked");
        assert!(state.warnings.iter().any(|w| w.code == "CATCH_WITHOUT_RESULT_PATH"));
        let cause = "An error occurred while executing the state 'NotifyFailure' (entered at the event id #21). The function 'States.Format('Order {} failed or out of stock', $.orderId)' had the following error: The JsonPath argument for the field '$.orderId' could not be found in the input '{\"Error\":\"Lambda.TooManyRequestsException\",\"Cause\":\"Rate exceeded\"}'";
        let outcome = crate::engine::Outcome {
            status: crate::engine::Status::Failed,
            output: None,
            error: Some("States.Runtime".into()),
            cause: Some(cause.into()),
        };
        let failed = State { run: Run { status: RunStatus::Finished(outcome), ..Run::default() }, ..state };
        let fix = failed.failure_explanation().and_then(|e| e.fix).expect("the fix");
        let fixed = reduce(failed, Action::ApplyFix(fix));
        assert!(fixed.definition.contains("\"ResultPath\": \"$.error\""));
        assert!(fixed.warnings.iter().all(|w| w.code != "CATCH_WITHOUT_RESULT_PATH"));
        assert!(matches!(fixed.outline, Outline::States(_)));
    }

    #[test]
    fn a_definition_that_does_not_load_keeps_the_warnings_of_the_last_that_did() {
        let state = State::default();
        let warned = state.warnings.clone();
        assert!(!warned.is_empty());
        let text = state.definition.clone();
        let broken = reduce(state, Action::EditDefinition(format!("{text}x")));
        assert!(matches!(broken.outline, Outline::Problems(_)));
        assert_eq!(broken.warnings, warned);
        let mended = reduce(broken, Action::EditDefinition(text));
        assert_eq!(mended.warnings, warned);
        let clean = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
        assert_eq!(reduce(mended, Action::EditDefinition(clean.into())).warnings, []);
    }

    #[test]
    fn an_edited_input_says_so_and_reverts_to_how_the_project_opened() {
        let state = State::default();
        assert!(!state.input_modified());
        let edited = reduce(state, Action::EditInput("{\"qty\": 3}".into()));
        assert!(edited.input_modified());
        let other = reduce(edited.clone(), Action::SelectInput(1));
        assert!(!other.input_modified(), "only the edited input is marked");
        let reverted = reduce(edited, Action::RevertInput);
        assert!(!reverted.input_modified());
        assert_eq!(reverted.inputs[0].input, State::default().inputs[0].input);
    }
}

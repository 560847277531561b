//! The typed model of a definition, named after the States Language spec. The loader builds it
//! once; the engine never reads raw definition JSON.

use crate::hash::HashMap;
use std::rc::Rc;

use json_value::Value;

use crate::data::choice::ChoiceRule;
use crate::data::jsonata::template::JsonataTemplate;
use crate::data::path::Path;
use crate::data::payload::Template;

/// The longest a (Standard) execution runs, in seconds: AWS's largest `MaxDelaySeconds` (366
/// days), which its schema describes as "the maximum duration a state machine can run"; a retry
/// without `MaxDelaySeconds` waits at most that, and an execution still running then times out.
pub const MAX_EXECUTION_SECONDS: u64 = 31_622_400;

/// A loaded state machine: its top-level workflow and the top-level-only fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// `StartAt`, `States` and `Comment` of the top level.
    pub workflow: Rc<Workflow>,
    /// `TimeoutSeconds` of the whole execution.
    pub timeout_seconds: Option<u64>,
    /// `QueryLanguage` of the top level (each state has its own too).
    pub query_language: QueryLanguage,
    /// Whether any field reads the context object (`$$`), so the engine builds it only then.
    pub uses_context: bool,
    /// Whether any field may read `$$.Execution` (costly to build: it holds the execution input).
    pub uses_execution_context: bool,
}

impl StateMachine {
    /// `StartAt`.
    pub fn start_at(&self) -> &str {
        &self.workflow.start_at
    }

    /// The top-level states' names, in definition order.
    pub fn state_names(&self) -> Vec<&str> {
        self.workflow.states.iter().map(|s| &*s.name).collect()
    }

    /// Every state, those in Parallel branches and Map processors included: each workflow's
    /// states in definition order, nested workflows after the one holding them.
    pub fn all_states(&self) -> Vec<&State> {
        let mut states = Vec::new();
        let mut stack: Vec<&Workflow> = vec![&self.workflow];
        while let Some(workflow) = stack.pop() {
            for state in &workflow.states {
                states.push(state);
                match &state.kind {
                    StateKind::Parallel(parallel) => stack.extend(parallel.branches.iter().map(|b| b.as_ref())),
                    StateKind::Map(map) => stack.push(&map.processor),
                    _ => {}
                }
            }
        }
        states
    }

    /// Every state's name (see [`StateMachine::all_states`]).
    pub fn all_state_names(&self) -> Vec<&str> {
        self.all_states().into_iter().map(|s| &*s.name).collect()
    }

    /// The top-level state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.workflow.state(name)
    }
}

/// `StartAt` + `States`: the top level, a Parallel branch, or a Map's `ItemProcessor`.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    /// `Comment`.
    pub comment: Option<String>,
    /// `StartAt`.
    pub start_at: String,
    /// `States`, in definition order.
    pub states: Vec<State>,
    index: HashMap<std::rc::Rc<str>, usize>,
    /// For each state, the position of its `Next` (`None`: `End`, or no such state).
    next: Vec<Option<usize>>,
    /// For each Choice state, the positions of its rules' `Next`, then of its `Default` (empty
    /// for other states): a Choice goes on without looking its target up by name.
    choice_next: Vec<Box<[Option<usize>]>>,
}

impl Workflow {
    /// A workflow of `states`, starting at `start_at`.
    pub fn new(comment: Option<String>, start_at: String, states: Vec<State>) -> Workflow {
        let index: HashMap<std::rc::Rc<str>, usize> =
            states.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
        let next = states
            .iter()
            .map(|s| match &s.transition {
                Some(Transition::Next(name)) => index.get(name.as_str()).copied(),
                _ => None,
            })
            .collect();
        let choice_next = states.iter().map(|s| choice_targets(s, &index)).collect();
        Workflow { comment, start_at, states, index, next, choice_next }
    }

    /// The position of the state a Choice at `position` goes to: the `Next` of its rule number
    /// `rule`, or (`None`) its `Default`.
    pub fn choice_target(&self, position: usize, rule: Option<usize>) -> Option<usize> {
        let targets = self.choice_next.get(position)?;
        let at = rule.unwrap_or(targets.len().saturating_sub(1));
        targets.get(at).copied().flatten()
    }

    /// The position of the state that follows the one at `position` (its `Next`), if any.
    pub fn successor(&self, position: usize) -> Option<usize> {
        self.next.get(position).copied().flatten()
    }

    /// The position of the state called `name` in `states`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.position(name).and_then(|i| self.states.get(i))
    }
}

/// A Choice state's targets for [`Workflow::choice_target`] (none for other states).
fn choice_targets(state: &State, index: &HashMap<Rc<str>, usize>) -> Box<[Option<usize>]> {
    let StateKind::Choice(choice) = &state.kind else { return Box::default() };
    let rules = choice.choices.iter().map(|b| Some(b.next.as_str()));
    let names = rules.chain([choice.default.as_deref()]);
    names.map(|name| name.and_then(|n| index.get(n).copied())).collect()
}

/// `QueryLanguage`: how a state's strings are evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryLanguage {
    /// `"JSONPath"`, the default.
    #[default]
    JsonPath,
    /// `"JSONata"`.
    Jsonata,
}

/// One named state: the fields every type may have, and its type's own in [`StateKind`].
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The key under `States`.
    pub name: std::rc::Rc<str>,
    /// `Type` and the type's own fields.
    pub kind: StateKind,
    /// `Next` or `End` (`None` for Choice, Succeed and Fail, which have neither).
    pub transition: Option<Transition>,
    /// The JSONPath data-flow fields.
    pub io: DataFlow,
    /// `Retry` (Task, Parallel, Map).
    pub retry: Vec<Retrier>,
    /// `Catch` (Task, Parallel, Map).
    pub catch: Vec<Catcher>,
    /// `Assign`: workflow variables set when the state succeeds (Pass, Task, Choice, Wait,
    /// Parallel, Map).
    pub assign: Option<Payload>,
    /// `QueryLanguage` in force for this state.
    pub query_language: QueryLanguage,
    /// `Arguments` (JSONata Task and Parallel): the task's input.
    pub arguments: Option<JsonataTemplate>,
    /// `Output` (JSONata, all but Fail): the state's output.
    pub output: Option<JsonataTemplate>,
}

/// A value computed in the state's query language: a JSONPath payload template (`"k.$"` keys)
/// or a JSONata template (`"{% … %}"` strings).
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSONPath state's template.
    JsonPath(Template),
    /// A JSONata state's template.
    Jsonata(JsonataTemplate),
}

/// Where a state goes when it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// `"Next": name`.
    Next(String),
    /// `"End": true`.
    End,
}

/// The JSONPath data-flow fields, in the order AWS applies them. `None` in a path field means
/// the definition set it to `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFlow {
    /// `InputPath` (default `$`; `null` gives `{}`).
    pub input_path: Option<Path>,
    /// `Parameters` (Map: the legacy name of `ItemSelector`, kept in [`Map::item_selector`]).
    pub parameters: Option<Template>,
    /// `ResultSelector`.
    pub result_selector: Option<Template>,
    /// `ResultPath` (default `$`; `null` discards the result).
    pub result_path: Option<Path>,
    /// `OutputPath` (default `$`; `null` gives `{}`).
    pub output_path: Option<Path>,
}

/// `Type` and the fields only that type has.
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// `"Type": "Pass"`.
    Pass(Pass),
    /// `"Type": "Task"`.
    Task(Task),
    /// `"Type": "Choice"`.
    Choice(Choice),
    /// `"Type": "Wait"`.
    Wait(Wait),
    /// `"Type": "Succeed"`.
    Succeed,
    /// `"Type": "Fail"`.
    Fail(Fail),
    /// `"Type": "Parallel"`.
    Parallel(Parallel),
    /// `"Type": "Map"`.
    Map(Box<Map>),
}

impl StateKind {
    /// The `Type` string, as ASL spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass(_) => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
        }
    }
}

/// A Pass state's own field.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// `Result`: the fixed result, instead of the effective input.
    pub result: Option<Value>,
}

/// A Task state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// `Resource`: the ARN the host runs, understood.
    pub resource: super::Resource,
    /// `TimeoutSeconds` or `TimeoutSecondsPath`.
    pub timeout: Option<Seconds>,
    /// `HeartbeatSeconds` or `HeartbeatSecondsPath`.
    pub heartbeat: Option<Seconds>,
    /// `Credentials`: `{"RoleArn": …}` (or `"RoleArn.$"`), the role the task assumes.
    pub credentials: Option<Payload>,
}

/// A number of seconds, fixed or read from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Seconds {
    /// A literal number of seconds.
    Fixed(u64),
    /// A reference path to a number in the effective input.
    Path(Path),
    /// A JSONata expression.
    Expression(JsonataTemplate),
}

/// A Choice state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// `Choices`: each top-level rule with its `Next` and `Assign`.
    pub choices: Vec<ChoiceBranch>,
    /// `Default`.
    pub default: Option<String>,
}

/// A top-level Choice rule: the rule, where it leads, and what it assigns when it matches.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceBranch {
    /// The rule.
    pub rule: Rule,
    /// `Next`.
    pub next: String,
    /// `Assign`, applied when this rule matches.
    pub assign: Option<Payload>,
    /// `Output` (JSONata), the state's output when this rule matches.
    pub output: Option<JsonataTemplate>,
}

/// A Choice rule in either query language.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// JSONPath: `Variable` with an operator, or `And`/`Or`/`Not`.
    JsonPath(ChoiceRule),
    /// JSONata: `Condition`, true or false.
    Condition(JsonataTemplate),
}

/// A Wait state's one duration field.
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// `Seconds`.
    Seconds(u64),
    /// `Timestamp`, as epoch milliseconds.
    Timestamp(i64),
    /// `SecondsPath`.
    SecondsPath(Path),
    /// `TimestampPath`.
    TimestampPath(Path),
    /// JSONata `Seconds` given as an expression.
    SecondsExpression(JsonataTemplate),
    /// JSONata `Timestamp` given as an expression.
    TimestampExpression(JsonataTemplate),
}

/// A Fail state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    /// `Error` or `ErrorPath`.
    pub error: Option<Text>,
    /// `Cause` or `CausePath`.
    pub cause: Option<Text>,
}

/// A string given literally or computed from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A literal string (`Error`, `Cause`).
    Literal(String),
    /// A path or intrinsic function (`ErrorPath`, `CausePath`).
    Computed(Template),
    /// A JSONata expression (`Error`, `Cause` in JSONata states).
    Jsonata(JsonataTemplate),
}

/// A Parallel state's own field.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// `Branches`.
    pub branches: Vec<Rc<Workflow>>,
}

/// A Map state's own fields (inline mode).
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// `ItemsPath` (default `$`).
    pub items_path: Path,
    /// `Items` (JSONata): the array to iterate (default: the state input).
    pub items: Option<JsonataTemplate>,
    /// `ItemSelector`, or the legacy `Parameters`.
    pub item_selector: Option<Payload>,
    /// `ItemProcessor`, or the legacy `Iterator`.
    pub processor: Rc<Workflow>,
    /// Which of the two held it: `"ItemProcessor"` or `"Iterator"` (for pointers).
    pub processor_field: &'static str,
    /// `MaxConcurrency` or `MaxConcurrencyPath` (0: no limit).
    pub max_concurrency: Option<Count>,
    /// `ToleratedFailureCount` or `ToleratedFailureCountPath`.
    pub tolerated_failure_count: Option<Count>,
    /// `ToleratedFailurePercentage` or `ToleratedFailurePercentagePath`.
    pub tolerated_failure_percentage: Option<Count>,
    /// `ProcessorConfig.Mode` `DISTRIBUTED`: the fields only a Distributed Map has (`None`: inline).
    pub distributed: Option<Box<Distributed>>,
}

/// A Distributed Map's own fields: its items run as child executions in a Map Run.
#[derive(Debug, Clone, PartialEq)]
pub struct Distributed {
    /// `ProcessorConfig.ExecutionType`: `"STANDARD"` or `"EXPRESS"` child executions.
    pub execution_type: ExecutionType,
    /// `Label`: names the Map Run (its ARN, its child executions' state machine).
    pub label: Option<String>,
    /// `ItemReader`: the items come from S3 rather than the input.
    pub item_reader: Option<ItemReader>,
    /// `ItemBatcher`: items go to child executions in batches.
    pub item_batcher: Option<ItemBatcher>,
    /// `ResultWriter`: the results go to S3 (or are formatted) rather than into the output.
    pub result_writer: Option<ResultWriter>,
    /// The `ItemProcessor` as the state machine each child execution runs.
    pub machine: Rc<StateMachine>,
}

/// `ProcessorConfig.ExecutionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionType {
    /// `"STANDARD"`.
    Standard,
    /// `"EXPRESS"`.
    Express,
}

/// `ItemReader`: where a Distributed Map reads its items.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemReader {
    /// `Resource`: `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`.
    pub resource: String,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): `Bucket`, `Key` or `Prefix`, ….
    pub arguments: Option<Payload>,
    /// `ReaderConfig.InputType` (`None` for listObjectsV2).
    pub input_type: Option<InputType>,
    /// `ReaderConfig.CSVHeaderLocation`, with `CSVHeaders` when `GIVEN`.
    pub csv_headers: Option<Vec<String>>,
    /// `ReaderConfig.CSVDelimiter` (default `COMMA`).
    pub csv_delimiter: char,
    /// `ReaderConfig.MaxItems` or `MaxItemsPath` (0: all).
    pub max_items: Option<Count>,
}

impl ItemReader {
    /// Whether it lists objects (`s3:listObjectsV2`) rather than reading one.
    pub fn lists_objects(&self) -> bool {
        self.resource.ends_with(":s3:listObjectsV2")
    }
}

/// `ReaderConfig.InputType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    /// `"JSON"`: the object is a JSON array of items.
    Json,
    /// `"JSONL"`: one JSON value per line.
    Jsonl,
    /// `"CSV"`: one item per row, an object keyed by the headers.
    Csv,
    /// `"MANIFEST"`: an S3 Inventory `manifest.json`; every row of the CSV files it lists is an
    /// item keyed by its `fileSchema`.
    Manifest,
}

/// `ItemBatcher`.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch` or `MaxItemsPerBatchPath`.
    pub max_items_per_batch: Option<Count>,
    /// `MaxInputBytesPerBatch` or `MaxInputBytesPerBatchPath`.
    pub max_input_bytes_per_batch: Option<Count>,
    /// `BatchInput`: given to every batch, evaluated once against the Map's input.
    pub batch_input: Option<Payload>,
}

/// `ResultWriter`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultWriter {
    /// `Parameters`/`Arguments` (`Bucket`, `Prefix`): export to S3; `None`: `WriterConfig` only.
    pub arguments: Option<Payload>,
    /// `WriterConfig.OutputType`: `"JSON"` (default) or `"JSONL"`.
    pub jsonl: bool,
    /// `WriterConfig.Transformation`.
    pub transformation: Transformation,
}

/// `WriterConfig.Transformation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transformation {
    /// `"NONE"`: each child execution's metadata with its output (the default when exporting).
    None,
    /// `"COMPACT"`: the outputs only.
    Compact,
    /// `"FLATTEN"`: the outputs, arrays flattened into the list.
    Flatten,
}

/// A count, fixed or read from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Count {
    /// A literal number.
    Fixed(f64),
    /// A reference path into the effective input.
    Path(Path),
    /// A JSONata expression.
    Expression(JsonataTemplate),
}

/// One entry of `Retry`.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds` (default 1).
    pub interval_seconds: u64,
    /// `MaxAttempts` (default 3; 0 never retries).
    pub max_attempts: u64,
    /// `BackoffRate` (default 2.0).
    pub backoff_rate: f64,
    /// `MaxDelaySeconds`.
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy` is `"FULL"`.
    pub full_jitter: bool,
}

/// One entry of `Catch`.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `Next`.
    pub next: String,
    /// `ResultPath` (default `$`; `null` keeps the state input).
    pub result_path: Option<Path>,
    /// `Assign`, applied instead of the state's own when this Catcher catches.
    pub assign: Option<Payload>,
    /// `Output` (JSONata): the state's output when this Catcher catches (default: the error output).
    pub output: Option<JsonataTemplate>,
}

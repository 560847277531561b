//! A Distributed Map: its items run as child executions of the `ItemProcessor`, in a Map Run.
//!
//! Each child is an [`Execution`] of its own (own history, own `$$.Execution`, none of the
//! parent's variables), driven from the Map's frame: the parent steps its children, hands their
//! tasks to the host under tickets of its own and sleeps until the earliest child timer. The
//! items come from the input or, through the host's S3, from an `ItemReader`; an `ItemBatcher`
//! groups them; a `ResultWriter` writes the results to S3 as AWS lays them out.
//!
//! The parent's events, AWS-recorded (LocalStack's AWS-validated snapshots, recordings from
//! 2024-11 on): `MapStateEntered`, `MapStateStarted{length}` (0 when an ItemReader reads the
//! items), `MapRunStarted{mapRunArn}`, then `MapRunSucceeded` → `MapStateSucceeded` →
//! `MapStateExited`, whose `previousEventId` is the `MapRunStarted`; or `MapRunFailed{error,
//! cause}` → `MapStateFailed` → the catcher or `ExecutionFailed`. No child events appear in the
//! parent's history; each child's are in [`MapRunRecord::children`].

use json_value::{object, Value};

use super::execution::{Execution, Invocation, Outcome, StartOptions, Status, Step, MAX_HISTORY_EVENTS};
use super::frame::{Fault, FrameId, Origin, Phase, TaskResult};
use super::item_reader;
use super::result_writer::{self, Finished};
use super::task::Resource;
use crate::asl::{Distributed, ErrorName, ExecutionType, Failure, ItemBatcher, Map, Payload, QueryLanguage, State};
use crate::data::payload::compact;

/// AWS's default and largest number of child executions running at once.
const MAX_DISTRIBUTED_CONCURRENCY: usize = 10_000;
/// Child steps the Map's frame takes before it lets the rest of the execution run.
const CHILD_STEPS_PER_TURN: usize = 256;
/// The most steps all children of one Map Run take together: a limit of this interpreter (AWS
/// has none; each child still has its own 25,000 events), so that 10,000 endless children end
/// instead of filling memory. The run then fails with States.Runtime, saying so.
pub const MAX_MAP_RUN_STEPS: u64 = 5_000_000;

/// A finished Map Run, kept for the host: its ARN and each child execution.
#[derive(Debug)]
pub struct MapRunRecord {
    /// The Map state's name.
    pub state_name: String,
    /// `mapRunArn`.
    pub arn: String,
    /// `SUCCEEDED`, `FAILED` or `ABORTED`.
    pub status: &'static str,
    /// The child executions, in item (or batch) order.
    pub children: Vec<ChildExecution>,
}

/// One child execution of a Map Run.
#[derive(Debug)]
pub struct ChildExecution {
    /// Its name (a UUID).
    pub name: String,
    /// Its ARN: `…:execution:<state machine>/<label>:<name>`.
    pub arn: String,
    /// How many items it processed (a batch holds several).
    pub items: usize,
    /// The execution itself: its history and outcome.
    pub execution: Execution,
}

/// A Map Run in progress (the Map frame's phase).
#[derive(Debug)]
pub struct MapRun {
    arn: String,
    uuid: String,
    child_machine_name: String,
    map_input: Value,
    items: Vec<Value>,
    inputs: Vec<(Value, usize)>,
    children: Vec<Child>,
    max_concurrency: usize,
    tolerated_count: Option<f64>,
    tolerated_percentage: Option<f64>,
    max_items: Option<f64>,
    max_items_per_batch: Option<f64>,
    max_bytes_per_batch: Option<f64>,
    failed_items: usize,
    failure: Option<Fault>,
    child_steps: u64,
    stage: Stage,
    answer: Option<TaskResult>,
    cursor: usize,
    /// The ResultWriter's objects still to write, and the Map's result once they are.
    writes: Vec<(String, String)>,
    written: Option<Value>,
    /// A MANIFEST reader's S3 Inventory: its bucket, the data files still to read (the one being
    /// read first), and the columns.
    inventory: Option<(String, std::collections::VecDeque<String>, Vec<String>)>,
}

#[derive(Debug)]
struct Child {
    record: ChildExecution,
    started: i64,
    runnable: bool,
    wake: Option<i64>,
    done: bool,
}

/// Where a Map Run is.
#[derive(Debug)]
enum Stage {
    /// About to write `MapRunStarted`.
    Start,
    /// About to ask S3 for the items (a listing page from this token).
    Read(Option<String>),
    /// Waiting for S3's answer (to a read when `true`, else to a write).
    Await(bool),
    /// About to make the children's inputs and start them.
    Prepare,
    /// Children are running.
    Run,
    /// Every child is done: the results go to the ResultWriter, or straight to the end.
    Finish,
    /// Writing the ResultWriter's objects, one at a time.
    Write,
    /// About to write `MapRunSucceeded` or `MapRunFailed`.
    End(Result<Value, Fault>),
}

impl Execution {
    /// The Map's body in `DISTRIBUTED` mode: evaluates its fields and sets up the Map Run.
    pub(super) fn distributed_map(
        &mut self,
        frame: FrameId,
        state: &State,
        map: &Map,
        d: &Distributed,
    ) -> Result<Phase, Failure> {
        let effective = self.effective_input(frame, state)?;
        let items = match d.item_reader {
            Some(_) => Vec::new(), // AWS ignores ItemsPath then (test_map_item_reader_base_json_with_items_path)
            None => self.map_items(frame, state, map, &effective)?,
        };
        let details = ("mapStateStartedEventDetails", object! {"length" => items.len()});
        self.emit(frame, "MapStateStarted", Some(details.into()));
        let count = |e: &mut Self, c, field| e.resolve_count(frame, c, &effective, field);
        let max_concurrency = count(self, map.max_concurrency.as_ref(), "MaxConcurrencyPath")?;
        let tolerated_count = count(self, map.tolerated_failure_count.as_ref(), "ToleratedFailureCountPath")?;
        let tolerated_percentage =
            count(self, map.tolerated_failure_percentage.as_ref(), "ToleratedFailurePercentagePath")?;
        let max_items = match d.item_reader.as_ref().and_then(|r| r.max_items.as_ref()) {
            Some(c) => self.resolve_signed(frame, Some(c), &effective, "MaxItemsPath")?,
            None => None,
        };
        let batcher = d.item_batcher.as_ref();
        let max_items_per_batch =
            count(self, batcher.and_then(|b| b.max_items_per_batch.as_ref()), "MaxItemsPerBatchPath")?;
        let max_bytes_per_batch =
            count(self, batcher.and_then(|b| b.max_input_bytes_per_batch.as_ref()), "MaxInputBytesPerBatchPath")?;
        let uuid = self.uuid();
        let label = d.label.clone().unwrap_or_else(|| self.uuid());
        let machine = format!("{}/{label}", self.options.state_machine_name);
        let arn = format!("arn:aws:states:us-east-1:123456789012:mapRun:{machine}:{uuid}");
        let limit = max_concurrency.map_or(0, |n| n as usize);
        let limit = if limit == 0 { MAX_DISTRIBUTED_CONCURRENCY } else { limit.min(MAX_DISTRIBUTED_CONCURRENCY) };
        Ok(Phase::MapRun(Box::new(MapRun {
            arn,
            uuid,
            child_machine_name: machine,
            map_input: effective,
            items,
            inputs: Vec::new(),
            children: Vec::new(),
            max_concurrency: limit,
            tolerated_count,
            tolerated_percentage,
            max_items,
            max_items_per_batch,
            max_bytes_per_batch,
            failed_items: 0,
            failure: None,
            child_steps: 0,
            stage: Stage::Start,
            answer: None,
            cursor: 0,
            writes: Vec::new(),
            written: None,
            inventory: None,
        })))
    }

    /// One turn of a Map Run: what its stage does next.
    pub(super) fn map_run(&mut self, frame: FrameId, state: &State, mut run: Box<MapRun>) -> Option<Step> {
        let crate::asl::StateKind::Map(map) = &state.kind else { return None };
        let d = map.distributed.as_deref()?;
        match std::mem::replace(&mut run.stage, Stage::Run) {
            Stage::Start => {
                let details = ("mapRunStartedEventDetails", object! {"mapRunArn" => &*run.arn});
                let id = self.emit(frame, "MapRunStarted", Some(details.into()));
                self.frames[frame].map_run_started = id;
                run.stage = if d.item_reader.is_some() { Stage::Read(None) } else { Stage::Prepare };
                self.frames[frame].phase = Phase::MapRun(run);
                Some(Step::Event(id))
            }
            Stage::Read(token) => self.read_items(frame, state, d, run, token),
            Stage::Await(reading) => {
                let Some(answer) = run.answer.take() else {
                    run.stage = Stage::Await(reading);
                    self.frames[frame].phase = Phase::MapRunIdle(run);
                    return None;
                };
                match reading {
                    true => self.items_read(d, &mut run, answer),
                    false => self.object_written(&mut run, answer),
                }
                self.frames[frame].phase = Phase::MapRun(run);
                None
            }
            Stage::Prepare => {
                self.prepare_children(frame, state, map, d, &mut run);
                self.frames[frame].phase = Phase::MapRun(run);
                None
            }
            Stage::Run => self.run_children(frame, run),
            Stage::Finish => {
                self.finish_run(frame, state, &mut run);
                self.frames[frame].phase = Phase::MapRun(run);
                None
            }
            Stage::Write => self.write_next(frame, state, run),
            Stage::End(result) => Some(self.end_map_run(frame, state, run, result)),
        }
    }

    fn read_items(
        &mut self,
        frame: FrameId,
        state: &State,
        d: &Distributed,
        mut run: Box<MapRun>,
        token: Option<String>,
    ) -> Option<Step> {
        let reader = d.item_reader.as_ref()?;
        let file = run.inventory.as_ref().and_then(|(bucket, keys, _)| Some((bucket.clone(), keys.front()?.clone())));
        let arguments = match file {
            Some((bucket, key)) => Ok(object! {"Bucket" => bucket, "Key" => key}),
            None => self.s3_arguments(frame, state, reader.arguments.as_ref(), &run.map_input),
        };
        let mut payload = match arguments {
            Ok(payload) => payload,
            Err(failure) => return self.map_run_failed(frame, run, reader_failed(Some(failure.cause))),
        };
        if let (Some(token), Value::Object(fields)) = (token, &mut payload) {
            fields.insert(json_value::key!("ContinuationToken"), Value::from(token));
        }
        run.stage = Stage::Await(true);
        Some(self.s3_call(frame, state, run, &reader.resource, payload))
    }

    /// Hands an S3 request of the Map Run to the host, as a task of the Map state.
    fn s3_call(&mut self, frame: FrameId, state: &State, run: Box<MapRun>, arn: &str, payload: Value) -> Step {
        let resource = Resource::parse(arn);
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let outstanding = super::execution::Outstanding {
            frame,
            resource: resource.clone(),
            deadline: None,
            heartbeat_seconds: None,
            heartbeat_deadline: None,
            payload: payload.clone(),
            submitted: false,
        };
        self.tasks.insert(ticket, outstanding);
        self.frames[frame].phase = Phase::MapRunIdle(run);
        Step::Invoke(Box::new(Invocation {
            ticket,
            state_name: state.name.clone(),
            resource,
            payload,
            attempt: 1,
            task_token: None,
            started_event: 0,
        }))
    }

    fn items_read(&mut self, d: &Distributed, run: &mut MapRun, answer: TaskResult) {
        let Some(reader) = d.item_reader.as_ref() else { return };
        let response = match answer {
            TaskResult::Succeeded(response) => response,
            TaskResult::Failed { cause, .. } => return run.stage = Stage::End(Err(reader_failed(cause))),
        };
        if reader.lists_objects() {
            run.items.extend(item_reader::listed_objects(&response));
            run.stage = match item_reader::next_page(&response) {
                Some(token) => Stage::Read(Some(token)),
                None => Stage::Prepare,
            };
            return;
        }
        let body = match response.get("Body") {
            Some(Value::String(text)) => text.to_string(),
            Some(other) => compact(other),
            None => String::new(),
        };
        if reader.input_type == Some(crate::asl::InputType::Manifest) {
            return self.inventory_read(run, &body);
        }
        run.stage = match item_reader::parse(reader, &body) {
            Ok(items) => {
                run.items = items;
                Stage::Prepare
            }
            Err(cause) => Stage::End(Err(reader_failed(Some(cause)))),
        };
    }

    /// A MANIFEST reader's answer: the manifest first, then each CSV file it lists.
    fn inventory_read(&mut self, run: &mut MapRun, body: &str) {
        let read = match run.inventory.as_mut() {
            None => item_reader::inventory_manifest(body).map(|(bucket, keys, columns)| {
                run.inventory = Some((bucket, keys.into(), columns));
            }),
            Some((_, keys, columns)) => {
                let key = keys.pop_front().unwrap_or_default();
                item_reader::inventory_items(&key, body, columns).map(|items| run.items.extend(items))
            }
        };
        let more = run.inventory.as_ref().is_some_and(|(_, keys, _)| !keys.is_empty());
        run.stage = match read {
            Err(cause) => Stage::End(Err(reader_failed(Some(cause)))),
            Ok(()) if more => Stage::Read(None),
            Ok(()) => Stage::Prepare,
        };
    }

    /// `MaxItems`, `ItemSelector` and `ItemBatcher` make the children's inputs; the first
    /// children start.
    fn prepare_children(&mut self, frame: FrameId, state: &State, map: &Map, d: &Distributed, run: &mut MapRun) {
        let items = match item_reader::limit(std::mem::take(&mut run.items), run.max_items) {
            Ok(items) => items,
            Err(cause) => return run.stage = Stage::End(Err(reader_failed(Some(cause)))),
        };
        let mut selected = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            match self.select_item(frame, map, &run.map_input, index, item) {
                Ok(value) => selected.push(value),
                Err(failure) => return run.stage = Stage::End(Err(self.fault(frame, failure))),
            }
        }
        run.inputs = match &d.item_batcher {
            None => selected.into_iter().map(|item| (item, 1)).collect(),
            Some(batcher) => match self.batch_input(frame, state, batcher, &run.map_input) {
                Ok(input) => batches(selected, input, run.max_items_per_batch, run.max_bytes_per_batch),
                Err(failure) => return run.stage = Stage::End(Err(self.fault(frame, failure))),
            },
        };
        run.stage = Stage::Run;
        while run.children.len() < run.inputs.len() && run.children.len() < run.max_concurrency {
            self.start_child(d, run);
        }
        self.check_run_done(run);
    }

    fn select_item(
        &mut self,
        frame: FrameId,
        map: &Map,
        input: &Value,
        index: usize,
        item: Value,
    ) -> Result<Value, Failure> {
        let Some(selector) = &map.item_selector else { return Ok(item) };
        self.frames[frame].map_item = Some((index, item));
        let selected = self.eval_payload(frame, selector, input, "ItemSelector", None);
        self.frames[frame].map_item = None;
        selected
    }

    /// `BatchInput`, evaluated once in the Map's context.
    fn batch_input(
        &mut self,
        frame: FrameId,
        state: &State,
        batcher: &ItemBatcher,
        input: &Value,
    ) -> Result<Option<Value>, Failure> {
        let Some(payload) = &batcher.batch_input else { return Ok(None) };
        let _ = state;
        self.eval_payload(frame, payload, input, "BatchInput", None).map(Some)
    }

    fn start_child(&mut self, d: &Distributed, run: &mut MapRun) {
        let index = run.children.len();
        let Some((input, items)) = run.inputs.get(index).cloned() else { return };
        let name = self.uuid();
        let options = StartOptions {
            seed: self.rng.next_u64(),
            start_time: self.now,
            name: name.as_str().into(),
            state_machine_name: run.child_machine_name.as_str().into(),
            max_steps: self.options.max_steps.saturating_sub(self.steps),
            max_history_events: Some(MAX_HISTORY_EVENTS),
            max_seconds: self.options.max_seconds,
        };
        let options = if d.execution_type == ExecutionType::Express { options.express() } else { options };
        let arn = format!("arn:aws:states:us-east-1:123456789012:execution:{}:{name}", run.child_machine_name);
        let execution = Execution::start(d.machine.clone(), input, options);
        let record = ChildExecution { name, arn, items, execution };
        run.children.push(Child { record, started: self.now, runnable: true, wake: None, done: false });
    }

    /// Steps runnable children until one needs the host, the turn ends, or none can run.
    fn run_children(&mut self, frame: FrameId, mut run: Box<MapRun>) -> Option<Step> {
        let now = self.now;
        for child in run.children.iter_mut().filter(|c| !c.done && c.wake.is_some_and(|w| w <= now)) {
            (child.runnable, child.wake) = (true, None);
        }
        for _ in 0..CHILD_STEPS_PER_TURN {
            let Some(index) = next_runnable(&run) else { return self.idle(frame, run) };
            run.cursor = index;
            self.steps += 1;
            run.child_steps += 1;
            if run.child_steps > MAX_MAP_RUN_STEPS {
                let cause = format!("The Map Run's child executions took more than {MAX_MAP_RUN_STEPS} steps together, the limit of this interpreter.");
                run.failure = Some(Fault { origin: Origin::Inner, ..Fault::new(ErrorName::Runtime.as_str(), cause) });
                self.abort_children(frame, &mut run);
                self.check_run_done(&mut run);
                break;
            }
            // The children draw on the parent's JSONata budget.
            let child = &mut run.children[index].record.execution;
            child.jsonata_budget = self.jsonata_budget;
            let step = child.step(now);
            self.jsonata_budget = child.jsonata_budget;
            match step {
                Step::Event(_) => {}
                Step::Invoke(invocation) => return Some(self.forward(frame, run, index, invocation)),
                Step::Blocked { wake_at } => {
                    let child = &mut run.children[index];
                    (child.runnable, child.wake) = (false, wake_at);
                }
                Step::Finished(outcome) => {
                    self.child_finished(frame, &mut run, index, &outcome);
                    if !matches!(run.stage, Stage::Run) {
                        break;
                    }
                }
            }
        }
        self.frames[frame].phase = Phase::MapRun(run);
        None
    }

    /// A child's task becomes the parent's, under a ticket of the parent's.
    fn forward(&mut self, frame: FrameId, run: Box<MapRun>, index: usize, mut invocation: Box<Invocation>) -> Step {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.child_tickets.insert(ticket, (frame, index, invocation.ticket));
        self.frames[frame].phase = Phase::MapRun(run);
        invocation.ticket = ticket;
        Step::Invoke(invocation)
    }

    /// No child can run now: sleep until the earliest child timer (a child's task completing
    /// wakes the Map sooner).
    fn idle(&mut self, frame: FrameId, run: Box<MapRun>) -> Option<Step> {
        let wake = run.children.iter().filter(|c| !c.done).filter_map(|c| c.wake).min();
        match wake {
            Some(at) => {
                self.frames[frame].phase = Phase::Sleep(Box::new(Phase::MapRun(run)));
                self.wake_at(frame, at);
            }
            None => self.frames[frame].phase = Phase::MapRunIdle(run),
        }
        None
    }

    fn child_finished(&mut self, frame: FrameId, run: &mut MapRun, index: usize, outcome: &Outcome) {
        let child = &mut run.children[index];
        (child.done, child.runnable) = (true, false);
        if outcome.status != Status::Succeeded {
            run.failed_items += child.record.items;
        }
        if self.over_tolerance(run) {
            run.failure = Some(Fault {
                origin: Origin::Inner,
                ..Fault::new(
                    ErrorName::ExceedToleratedFailureThreshold.as_str(),
                    "The specified tolerated failure threshold was exceeded",
                )
            });
            self.abort_children(frame, run);
        } else if run.children.len() < run.inputs.len() {
            let workflow = self.workflow_of(frame);
            let state = workflow.states.get(self.frames[frame].state);
            if let Some(crate::asl::StateKind::Map(map)) = state.map(|s| &s.kind) {
                if let Some(d) = map.distributed.as_deref() {
                    self.start_child(d, run);
                }
            }
        }
        self.check_run_done(run);
    }

    /// Whether the failed items exceed what the Map tolerates: none by default; with both a
    /// count and a percentage, exceeding either (the developer guide, "Setting failure
    /// thresholds for Distributed Map states").
    fn over_tolerance(&self, run: &MapRun) -> bool {
        let failed = run.failed_items as f64;
        let total = run.inputs.iter().map(|(_, n)| *n).sum::<usize>().max(1) as f64;
        match (run.tolerated_count, run.tolerated_percentage) {
            (None, None) => failed > 0.0,
            (count, percentage) => {
                count.is_some_and(|n| failed > n) || percentage.is_some_and(|p| failed * 100.0 / total > p)
            }
        }
    }

    fn abort_children(&mut self, frame: FrameId, run: &mut MapRun) {
        let now = self.now;
        for child in run.children.iter_mut().filter(|c| !c.done) {
            child.record.execution.abort(now, None, None);
            (child.done, child.runnable) = (true, false);
        }
        self.child_tickets.retain(|_, (f, _, _)| *f != frame);
    }

    /// When every child is done (or the run failed and the rest are aborted), the run finishes.
    fn check_run_done(&mut self, run: &mut MapRun) {
        let all_started = run.children.len() == run.inputs.len() || run.failure.is_some();
        if all_started && run.children.iter().all(|c| c.done) {
            run.stage = Stage::Finish;
        }
    }

    /// The results go to the ResultWriter (also when the run failed, as AWS exports what
    /// finished), else the run ends with the children's outputs.
    fn finish_run(&mut self, frame: FrameId, state: &State, run: &mut MapRun) {
        let writer = self.writer_of(state);
        let Some(writer) = writer.filter(|_| run.written.is_none()) else {
            let result = run.written.take().unwrap_or_else(|| self.outputs(run));
            run.stage = Stage::End(run.failure.clone().map_or(Ok(result), Err));
            return;
        };
        let destination = match &writer.arguments {
            None => None,
            Some(arguments) => match self.s3_arguments(frame, state, Some(arguments), &run.map_input) {
                Ok(destination) => Some(destination),
                Err(failure) => return run.stage = Stage::End(Err(writer_failed(Some(failure.cause)))),
            },
        };
        let finished: Vec<Finished> = run.children.iter().map(finished_child).collect();
        let pending: Vec<&Value> = run.inputs[run.children.len()..].iter().map(|(input, _)| input).collect();
        let plan = result_writer::plan(&writer, destination.as_ref(), &run.arn, &run.uuid, &finished, &pending);
        run.writes = plan.writes;
        run.written = Some(plan.result);
        run.stage = Stage::Write;
    }

    fn write_next(&mut self, frame: FrameId, state: &State, mut run: Box<MapRun>) -> Option<Step> {
        if run.writes.is_empty() {
            run.stage = Stage::Finish;
            self.frames[frame].phase = Phase::MapRun(run);
            return None;
        }
        let (key, body) = run.writes.remove(0);
        let details = run.written.as_ref().and_then(|r| r.get("ResultWriterDetails"));
        let bucket = details.and_then(|d| d.get("Bucket")).cloned().unwrap_or(Value::Null);
        let payload = object! {"Bucket" => bucket, "Key" => key, "Body" => body};
        run.stage = Stage::Await(false);
        Some(self.s3_call(frame, state, run, "arn:aws:states:::s3:putObject", payload))
    }

    fn object_written(&mut self, run: &mut MapRun, answer: TaskResult) {
        run.stage = match answer {
            TaskResult::Succeeded(_) => Stage::Write,
            TaskResult::Failed { cause, .. } => Stage::End(Err(writer_failed(cause))),
        };
    }

    /// `MapRunSucceeded` (the result goes on through `MapStateSucceeded`), or `MapRunFailed`.
    fn end_map_run(&mut self, frame: FrameId, state: &State, run: Box<MapRun>, result: Result<Value, Fault>) -> Step {
        let (event, details) = match &result {
            Ok(_) => ("MapRunSucceeded", None),
            Err(fault) => {
                let details =
                    super::history::failure("mapRunFailedEventDetails", fault.error.as_deref(), fault.cause.as_deref());
                ("MapRunFailed", Some(details))
            }
        };
        let id = self.emit(frame, event, details);
        let status = if result.is_ok() { "SUCCEEDED" } else { "FAILED" };
        self.keep_record(state, *run, status);
        self.frames[frame].phase = match result {
            Ok(value) => Phase::FanoutDone(value),
            Err(fault) => {
                self.frames[frame].map_run_started = 0;
                Phase::Failed(Fault { origin: Origin::Inner, ..fault })
            }
        };
        Step::Event(id)
    }

    fn writer_of(&self, state: &State) -> Option<crate::asl::ResultWriter> {
        let crate::asl::StateKind::Map(map) = &state.kind else { return None };
        map.distributed.as_ref()?.result_writer.clone()
    }

    /// The Map's result without a ResultWriter: each child's output in item order (a failed
    /// child that was tolerated: its `{"Error", "Cause"}` — our choice, AWS's is unrecorded).
    fn outputs(&self, run: &MapRun) -> Value {
        let outputs = run.children.iter().map(|c| match c.record.execution.outcome() {
            Some(Outcome { output: Some(output), .. }) => output.clone(),
            Some(outcome) => object! {"Error" => outcome.error.clone(), "Cause" => outcome.cause.clone()},
            None => Value::Null,
        });
        Value::from(outputs.collect::<Vec<_>>())
    }

    fn keep_record(&mut self, state: &State, run: MapRun, status: &'static str) {
        let children = run.children.into_iter().map(|c| c.record).collect();
        self.map_runs.push(MapRunRecord { state_name: state.name.to_string(), arn: run.arn, status, children });
    }

    fn map_run_failed(&mut self, frame: FrameId, mut run: Box<MapRun>, fault: Fault) -> Option<Step> {
        run.stage = Stage::End(Err(fault));
        self.frames[frame].phase = Phase::MapRun(run);
        None
    }

    /// An ItemReader's or ResultWriter's `Parameters`/`Arguments`, evaluated.
    fn s3_arguments(
        &mut self,
        frame: FrameId,
        state: &State,
        arguments: Option<&Payload>,
        input: &Value,
    ) -> Result<Value, Failure> {
        let field = if state.query_language == QueryLanguage::Jsonata { "Arguments" } else { "Parameters" };
        match arguments {
            Some(payload) => self.eval_payload(frame, payload, input, field, None),
            None => Ok(Value::Object(Default::default())),
        }
    }

    /// A child's ticket: gives the host's answer to the child and wakes the Map.
    pub(super) fn child_ticket(&mut self, ticket: u64) -> Option<(FrameId, usize, u64)> {
        self.child_tickets.get(&ticket).copied()
    }

    /// The Map Run of `frame`, whatever it waits for.
    pub(super) fn map_run_of(&mut self, frame: FrameId) -> Option<&mut MapRun> {
        match &mut self.frames.get_mut(frame)?.phase {
            Phase::MapRun(run) | Phase::MapRunIdle(run) => Some(run),
            Phase::Sleep(then) => match then.as_mut() {
                Phase::MapRun(run) => Some(run),
                _ => None,
            },
            _ => None,
        }
    }

    /// Makes a waiting Map Run runnable again.
    pub(super) fn wake_map_run(&mut self, frame: FrameId) {
        let phase = std::mem::take(&mut self.frames[frame].phase);
        self.frames[frame].phase = match phase {
            Phase::MapRunIdle(run) => Phase::MapRun(run),
            Phase::Sleep(then) if matches!(*then, Phase::MapRun(_)) => *then,
            other => other,
        };
        if matches!(self.frames[frame].phase, Phase::MapRun(_)) && !self.ready.contains(&frame) {
            self.ready.push_back(frame);
        }
    }

    /// Routes the host's answer to a child's task; the answer back when `ticket` is not a child's.
    pub(super) fn answer_child(&mut self, ticket: u64, result: TaskResult, now: i64) -> Option<TaskResult> {
        let Some((frame, index, child_ticket)) = self.child_tickets.remove(&ticket) else { return Some(result) };
        if let Some(run) = self.map_run_of(frame) {
            if let Some(child) = run.children.get_mut(index) {
                let _ = child.record.execution.complete(child_ticket, result, now);
                (child.runnable, child.wake) = (!child.done, None);
            }
        }
        self.wake_map_run(frame);
        None
    }

    /// Routes a submission or heartbeat to a child's task.
    pub(super) fn with_child(&mut self, ticket: u64, act: impl FnOnce(&mut Execution, u64)) -> bool {
        let Some((frame, index, child_ticket)) = self.child_ticket(ticket) else { return false };
        if let Some(child) = self.map_run_of(frame).and_then(|run| run.children.get_mut(index)) {
            act(&mut child.record.execution, child_ticket);
            child.runnable = !child.done;
        }
        self.wake_map_run(frame);
        true
    }

    /// Like `resolve_count`, without refusing negative numbers (MaxItemsPath: AWS fails a
    /// negative value later, in the Map Run).
    fn resolve_signed(
        &mut self,
        frame: FrameId,
        count: Option<&crate::asl::Count>,
        input: &Value,
        field: &str,
    ) -> Result<Option<f64>, Failure> {
        match count {
            Some(crate::asl::Count::Path(path)) => {
                let value = self.read(frame, path, input)?;
                let number = value.as_i64().or_else(|| value.as_str().and_then(|t| t.trim().parse().ok()));
                match number {
                    Some(n) => Ok(Some(n as f64)),
                    None => {
                        let shown = value.as_str().map(str::to_owned).unwrap_or_else(|| compact(&value));
                        let cause = format!(
                            "The {field} field refers to value \"{shown}\" which is not a valid integer: {}",
                            path.text()
                        );
                        Err(Failure::new(ErrorName::Runtime, cause))
                    }
                }
            }
            other => self.resolve_count(frame, other, input, field),
        }
    }
}

fn next_runnable(run: &MapRun) -> Option<usize> {
    let n = run.children.len();
    (0..n).map(|i| (run.cursor + i) % n).find(|&i| run.children[i].runnable && !run.children[i].done)
}

fn finished_child(child: &Child) -> Finished<'_> {
    Finished {
        arn: &child.record.arn,
        name: &child.record.name,
        machine_arn: String::new(),
        input: child.record.execution.input(),
        outcome: child.record.execution.outcome(),
        start: child.started,
        stop: child.record.execution.now(),
    }
}

/// The items in batches: at most `max_items` each, and at most `max_bytes` of compact JSON for
/// the whole batch input (our reading of AWS's guide; a single item larger than the limit
/// goes alone in its batch).
fn batches(
    items: Vec<Value>,
    batch_input: Option<Value>,
    max_items: Option<f64>,
    max_bytes: Option<f64>,
) -> Vec<(Value, usize)> {
    let max_items = max_items.filter(|n| *n >= 1.0).map_or(usize::MAX, |n| n as usize);
    let max_bytes = max_bytes.filter(|n| *n >= 1.0).map_or(usize::MAX, |n| n as usize);
    let base = batch_input.as_ref().map_or(0, |b| b.json_len() + 14) + 11; // {"BatchInput":…,"Items":[]}
    let mut groups: Vec<Vec<Value>> = Vec::new();
    let mut bytes = base;
    for item in items {
        let size = item.json_len() + 1;
        let fits = groups.last().is_some_and(|g| g.len() < max_items && bytes + size <= max_bytes);
        if !fits {
            groups.push(Vec::new());
            bytes = base;
        }
        bytes += size;
        if let Some(group) = groups.last_mut() {
            group.push(item);
        }
    }
    groups
        .into_iter()
        .map(|group| {
            let n = group.len();
            (batch(&batch_input, group), n)
        })
        .collect()
}

fn batch(batch_input: &Option<Value>, items: Vec<Value>) -> Value {
    let mut map = json_value::Map::new();
    if let Some(input) = batch_input {
        map.insert(json_value::key!("BatchInput"), input.clone());
    }
    map.insert(json_value::key!("Items"), Value::from(items));
    Value::Object(map)
}

fn writer_failed(cause: Option<String>) -> Fault {
    Fault { origin: Origin::Inner, ..Fault::new(ErrorName::ResultWriterFailed.as_str(), cause.unwrap_or_default()) }
}

fn reader_failed(cause: Option<String>) -> Fault {
    Fault { origin: Origin::Inner, ..Fault::new(ErrorName::ItemReaderFailed.as_str(), cause.unwrap_or_default()) }
}

/// Child tickets: parent ticket → (Map frame, child index, the child's own ticket).
pub(super) type ChildTickets = crate::hash::HashMap<u64, (FrameId, usize, u64)>;

impl MapRun {
    /// The host's answer to the Map Run's S3 request.
    pub(super) fn answer(&mut self, result: TaskResult) {
        self.answer = Some(result);
    }
}

//! What a finished run tells the page about its Distributed Maps and its S3: each Map Run with
//! its child executions (the first [`MAX_CHILD_HISTORIES`] with their events), and the objects
//! the run wrote.

use json_value::Value;

use super::S3Entry;
use crate::engine::{Execution, HistoryEvent};
use crate::host::s3::S3;

/// Children whose events the page receives (the rest: status, input and output only).
pub const MAX_CHILD_HISTORIES: usize = 100;

/// A Map Run, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRunView {
    /// The Map state.
    pub state: String,
    /// Its `mapRunArn`.
    pub arn: String,
    /// `SUCCEEDED` or `FAILED`.
    pub status: String,
    /// Its child executions, in item order.
    pub children: Vec<ChildView>,
}

/// A child execution of a Map Run.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildView {
    /// Its name.
    pub name: String,
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: String,
    /// Items it processed.
    pub items: usize,
    /// Its input.
    pub input: Value,
    /// Its output, when it succeeded.
    pub output: Option<Value>,
    /// Its error and cause, when it did not.
    pub error: Option<String>,
    /// Its cause.
    pub cause: Option<String>,
    /// Its history (empty past the first [`MAX_CHILD_HISTORIES`] children).
    pub events: Vec<HistoryEvent>,
}

/// The Map Runs of a finished execution.
pub fn map_runs(execution: &Execution) -> Vec<MapRunView> {
    let runs = execution.map_runs().iter().map(|run| MapRunView {
        state: run.state_name.clone(),
        arn: run.arn.clone(),
        status: run.status.to_owned(),
        children: run.children.iter().enumerate().map(|(i, c)| child(&c.execution, &c.name, c.items, i)).collect(),
    });
    runs.collect()
}

fn child(execution: &Execution, name: &str, items: usize, index: usize) -> ChildView {
    let outcome = execution.outcome();
    ChildView {
        name: name.to_owned(),
        status: outcome.map_or("ABORTED", |o| o.status.as_str()).to_owned(),
        items,
        input: execution.input().clone(),
        output: outcome.and_then(|o| o.output.clone()),
        error: outcome.and_then(|o| o.error.clone()),
        cause: outcome.and_then(|o| o.cause.clone()),
        events: if index < MAX_CHILD_HISTORIES { execution.history().to_vec() } else { Vec::new() },
    }
}

/// The objects the run wrote.
pub fn written(s3: &S3) -> Vec<S3Entry> {
    s3.written().map(|(bucket, key, object)| (bucket.to_owned(), key.to_owned(), object.body.clone())).collect()
}

/// A mock S3 holding the project's objects.
pub fn s3_of(objects: &[S3Entry]) -> S3 {
    let mut s3 = S3::new();
    for (bucket, key, body) in objects {
        s3.create_bucket(bucket);
        if !key.is_empty() {
            s3.put(bucket, key, body.clone(), 0);
        }
    }
    s3
}

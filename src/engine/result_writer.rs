//! A Distributed Map's `ResultWriter`: what it writes to S3 and what the Map's result becomes.
//! Pure: the Map Run hands the objects to the host's S3 one at a time.
//!
//! As AWS's developer guide ("ResultWriter (Map)", "Exporting to Amazon S3") lays it out:
//! `<Prefix>/<map run id>/manifest.json` lists the result files by status;
//! `SUCCEEDED_0.json`, `FAILED_0.json`, `PENDING_0.json` (only those with entries) hold one record
//! per child execution (`ExecutionArn`, `Input` and `Output` as JSON text, `Status`, dates, …);
//! the Map's result is `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`.
//! `WriterConfig.Transformation` `COMPACT` keeps only the outputs, `FLATTEN` also flattens
//! arrays (a failed child keeps its record); `OutputType` `JSONL` writes one record per line.
//! With `WriterConfig` alone nothing is written and the formatted results are the Map's result.
//!
//! Our choices where AWS is silent: JSONL files end in `.jsonl`; every record's keys are in the
//! alphabetical order the guide shows; one file per status (AWS starts a new one past 5 GB).

use json_value::{object, Value};

use super::execution::{Outcome, Status};
use crate::asl::{ResultWriter, Transformation};
use crate::data::payload::compact;
use crate::data::timestamp;

/// A finished (or aborted) child execution, as the writer reports it.
pub struct Finished<'a> {
    /// Its ARN.
    pub arn: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its state machine's ARN (empty: derived from the execution ARN).
    pub machine_arn: String,
    /// Its input.
    pub input: &'a Value,
    /// How it ended (`None`: it never ran).
    pub outcome: Option<&'a Outcome>,
    /// Start and stop, epoch milliseconds.
    pub start: i64,
    /// Stop time.
    pub stop: i64,
}

/// What to write, in order (key, body), and the Map's result.
pub struct Plan {
    /// The objects, the manifest last.
    pub writes: Vec<(String, String)>,
    /// The Map state's result.
    pub result: Value,
}

/// The objects a Map Run writes and the Map's result. `destination` is the evaluated
/// `Parameters`/`Arguments` (`Bucket`, `Prefix`); `None` formats the results without writing.
pub fn plan(
    writer: &ResultWriter,
    destination: Option<&Value>,
    map_run_arn: &str,
    map_run_id: &str,
    children: &[Finished],
    pending: &[&Value],
) -> Plan {
    let Some(destination) = destination else {
        let records: Vec<Value> = children.iter().flat_map(|c| formatted(writer.transformation, c)).collect();
        return Plan { writes: Vec::new(), result: Value::from(records) };
    };
    let bucket = destination.get("Bucket").cloned().unwrap_or(Value::Null);
    let prefix = destination.get("Prefix").and_then(Value::as_str).unwrap_or_default();
    let folder = match prefix {
        "" => map_run_id.to_owned(),
        p if p.ends_with('/') => format!("{p}{map_run_id}"),
        p => format!("{p}/{map_run_id}"),
    };
    let extension = if writer.jsonl { "jsonl" } else { "json" };
    let mut writes = Vec::new();
    let mut files = json_value::Map::new();
    let groups = [
        (
            "FAILED",
            children
                .iter()
                .filter(|c| !succeeded(c))
                .flat_map(|c| formatted(writer.transformation, c))
                .collect::<Vec<_>>(),
        ),
        ("PENDING", pending.iter().map(|input| pending_record(input)).collect()),
        (
            "SUCCEEDED",
            children.iter().filter(|c| succeeded(c)).flat_map(|c| formatted(writer.transformation, c)).collect(),
        ),
    ];
    for (status, records) in groups {
        let mut listed = Vec::new();
        if !records.is_empty() {
            let key = format!("{folder}/{status}_0.{extension}");
            let body = body(&records, writer.jsonl);
            listed.push(object! {"Key" => key.as_str(), "Size" => body.len()});
            writes.push((key, body));
        }
        files.insert(status, Value::from(listed));
    }
    let manifest_key = format!("{folder}/manifest.json");
    let manifest = object! {"DestinationBucket" => bucket.clone(), "MapRunArn" => map_run_arn, "ResultFiles" => Value::Object(files)};
    writes.push((manifest_key.clone(), compact(&manifest)));
    let result = object! {
        "MapRunArn" => map_run_arn,
        "ResultWriterDetails" => object! {"Bucket" => bucket, "Key" => manifest_key},
    };
    Plan { writes, result }
}

fn succeeded(child: &Finished) -> bool {
    child.outcome.is_some_and(|o| o.status == Status::Succeeded)
}

fn body(records: &[Value], jsonl: bool) -> String {
    match jsonl {
        true => records.iter().map(|r| compact(r) + "\n").collect(),
        false => compact(&Value::from(records.to_vec())),
    }
}

/// A child's entries under `transformation`: its record (`NONE`), its output (`COMPACT`), or
/// its output's elements (`FLATTEN`); a failed child always gives its record.
fn formatted(transformation: Transformation, child: &Finished) -> Vec<Value> {
    let output = child.outcome.and_then(|o| o.output.clone());
    match (transformation, output) {
        (Transformation::Compact, Some(output)) => vec![output],
        (Transformation::Flatten, Some(Value::Array(items))) => items.into_vec(),
        (Transformation::Flatten, Some(output)) => vec![output],
        _ => vec![record(child)],
    }
}

/// A child execution's record, as `SUCCEEDED_0.json` and `FAILED_0.json` hold them.
fn record(child: &Finished) -> Value {
    let machine_arn = match child.machine_arn.as_str() {
        "" => child.arn.rsplit_once(':').map(|(m, _)| m.replace(":execution:", ":stateMachine:")).unwrap_or_default(),
        arn => arn.to_owned(),
    };
    let status = child.outcome.map_or("ABORTED", |o| o.status.as_str());
    let mut map = json_value::Map::new();
    if let Some(outcome) = child.outcome.filter(|o| o.status != Status::Succeeded) {
        map.insert("Cause", Value::from(outcome.cause.clone()));
        map.insert("Error", Value::from(outcome.error.clone()));
    }
    map.insert("ExecutionArn", Value::from(child.arn));
    map.insert("Input", Value::from(compact(child.input)));
    map.insert("InputDetails", object! {"Included" => true});
    map.insert("Name", Value::from(child.name));
    if let Some(output) = child.outcome.and_then(|o| o.output.as_ref()) {
        map.insert("Output", Value::from(compact(output)));
        map.insert("OutputDetails", object! {"Included" => true});
    }
    let (redrive, reason) = match status {
        "SUCCEEDED" => ("NOT_REDRIVABLE", Some("Execution is SUCCEEDED and cannot be redriven")),
        _ => ("REDRIVABLE_BY_MAP_RUN", None),
    };
    map.insert("RedriveCount", Value::from(0));
    map.insert("RedriveStatus", Value::from(redrive));
    if let Some(reason) = reason {
        map.insert("RedriveStatusReason", Value::from(reason));
    }
    map.insert("StartDate", Value::from(timestamp::format_millis(child.start)));
    map.insert("StateMachineArn", Value::from(machine_arn));
    map.insert("Status", Value::from(status));
    map.insert("StopDate", Value::from(timestamp::format_millis(child.stop)));
    Value::Object(map)
}

/// An item whose child never started (the run failed first).
fn pending_record(input: &Value) -> Value {
    object! {"Input" => compact(input), "InputDetails" => object! {"Included" => true}}
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn outcome(output: Option<Value>) -> Outcome {
        let failed = output.is_none();
        Outcome {
            status: if failed { Status::Failed } else { Status::Succeeded },
            output,
            error: failed.then(|| "Boom".to_owned()),
            cause: failed.then(|| "it broke".to_owned()),
        }
    }

    fn writer(transformation: Transformation) -> ResultWriter {
        ResultWriter { arguments: None, jsonl: false, transformation }
    }

    #[test]
    fn export_writes_a_file_per_status_and_the_manifest_last() {
        let (ok, failed) = (outcome(Some(json!({"n": 1}))), outcome(None));
        let input = json!({"id": 1});
        let child = |name, outcome| Finished {
            arn: "arn:aws:states:us-east-1:123456789012:execution:sm/Label:c1",
            name,
            machine_arn: String::new(),
            input: &input,
            outcome: Some(outcome),
            start: 0,
            stop: 1000,
        };
        let children = [child("c1", &ok), child("c2", &failed)];
        let destination = json!({"Bucket": "out", "Prefix": "runs"});
        let plan = plan(&writer(Transformation::None), Some(&destination), "arn:mapRun", "id1", &children, &[]);
        let keys: Vec<&str> = plan.writes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["runs/id1/FAILED_0.json", "runs/id1/SUCCEEDED_0.json", "runs/id1/manifest.json"]);
        assert_eq!(
            plan.result,
            json!({"MapRunArn": "arn:mapRun", "ResultWriterDetails": {"Bucket": "out", "Key": "runs/id1/manifest.json"}})
        );
        let succeeded: Value = json_value::from_str(&plan.writes[1].1).unwrap();
        assert_eq!(succeeded[0]["Output"], json!("{\"n\":1}"));
        assert_eq!(
            succeeded[0]["StateMachineArn"],
            json!("arn:aws:states:us-east-1:123456789012:stateMachine:sm/Label")
        );
        let failed: Value = json_value::from_str(&plan.writes[0].1).unwrap();
        assert_eq!((failed[0]["Error"].clone(), failed[0]["Status"].clone()), (json!("Boom"), json!("FAILED")));
        let manifest: Value = json_value::from_str(&plan.writes[2].1).unwrap();
        assert_eq!(manifest["ResultFiles"]["PENDING"], json!([]));
        assert_eq!(manifest["ResultFiles"]["SUCCEEDED"][0]["Key"], json!("runs/id1/SUCCEEDED_0.json"));
    }

    #[test]
    fn writer_config_alone_formats_the_results() {
        let out = outcome(Some(json!([1, 2])));
        let input = json!(null);
        let child = Finished {
            arn: "a:b",
            name: "c",
            machine_arn: String::new(),
            input: &input,
            outcome: Some(&out),
            start: 0,
            stop: 0,
        };
        let flat = plan(&writer(Transformation::Flatten), None, "arn", "id", &[child], &[]);
        assert!(flat.writes.is_empty());
        assert_eq!(flat.result, json!([1, 2]));
    }
}

//! The mock S3: buckets of text objects that answer S3 tasks (`arn:aws:states:::s3:getObject`,
//! `…:s3:putObject`, `…:s3:listObjectsV2` — which a Distributed Map's ItemReader and
//! ResultWriter use — and the SDK integrations `arn:aws:states:::aws-sdk:s3:getObject`,
//! `putObject`, `listObjectsV2`, `headObject`, `deleteObject`). Pure: the CLI fills it from a
//! folder, the page from the project; what a run wrote is read back with [`S3::written`].
//!
//! Responses and errors have the shapes the AWS SDK integration gives (field names as in the S3
//! API: `Body`, `ContentType`, `ETag`, `Contents`, `IsTruncated`, …; errors
//! `S3.NoSuchKeyException`, `S3.NoSuchBucketException` with S3's messages).

use std::collections::{BTreeMap, BTreeSet};

use json_value::{object, Value};

use crate::data::timestamp;
use crate::engine::task::Resource;
use crate::engine::TaskResult;

/// Most keys one `listObjectsV2` page returns (S3's default `MaxKeys`).
const PAGE_SIZE: usize = 1000;

/// One object.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Its content (objects are text here: CSV, JSON, JSON Lines, …).
    pub body: String,
    /// Its `Content-Type`.
    pub content_type: String,
    /// When it was written, epoch milliseconds.
    pub last_modified: i64,
}

/// Buckets of objects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct S3 {
    buckets: BTreeMap<String, BTreeMap<String, Object>>,
    written: BTreeSet<(String, String)>,
}

impl S3 {
    /// An empty S3.
    pub fn new() -> S3 {
        S3::default()
    }

    /// Creates `bucket` (no change if it exists).
    pub fn create_bucket(&mut self, bucket: &str) {
        self.buckets.entry(bucket.to_owned()).or_default();
    }

    /// Stores an object (creating its bucket), with a content type from its key's extension.
    pub fn put(&mut self, bucket: &str, key: &str, body: String, now: i64) {
        let object = Object { body, content_type: content_type(key).to_owned(), last_modified: now };
        self.buckets.entry(bucket.to_owned()).or_default().insert(key.to_owned(), object);
    }

    /// An object.
    pub fn get(&self, bucket: &str, key: &str) -> Option<&Object> {
        self.buckets.get(bucket)?.get(key)
    }

    /// The buckets and their objects, by name.
    pub fn buckets(&self) -> &BTreeMap<String, BTreeMap<String, Object>> {
        &self.buckets
    }

    /// The objects tasks wrote, (bucket, key), in order.
    pub fn written(&self) -> impl Iterator<Item = (&str, &str, &Object)> {
        self.written.iter().filter_map(|(b, k)| Some((b.as_str(), k.as_str(), self.get(b, k)?)))
    }

    /// Removes what tasks wrote (the page clears a run's results before the next run).
    pub fn clear_written(&mut self) {
        for (bucket, key) in std::mem::take(&mut self.written) {
            if let Some(objects) = self.buckets.get_mut(&bucket) {
                objects.remove(&key);
            }
        }
    }

    /// The answer to a task calling S3 (`None`: the resource is not S3).
    pub fn answer(&mut self, resource: &Resource, payload: &Value, now: i64) -> Option<TaskResult> {
        if &*resource.resource_type != "s3" && &*resource.resource_type != "aws-sdk:s3" {
            return None;
        }
        let bucket = payload.get("Bucket").and_then(Value::as_str).unwrap_or_default().to_owned();
        let key = payload.get("Key").and_then(Value::as_str).unwrap_or_default().to_owned();
        let result = match &*resource.resource {
            "getObject" => self.get_object(&bucket, &key).map(TaskResult::Succeeded),
            "headObject" => self.get_object(&bucket, &key).map(|mut r| {
                if let Value::Object(map) = &mut r {
                    map.remove("Body");
                }
                TaskResult::Succeeded(r)
            }),
            "putObject" => self.put_object(&bucket, &key, payload, now),
            "deleteObject" => self.delete_object(&bucket, &key),
            "listObjectsV2" => self.list_objects(&bucket, payload).map(TaskResult::Succeeded),
            other => Ok(TaskResult::failed(
                "S3.UnsupportedOperation",
                format!("The mock S3 does not answer \"{other}\" (it answers getObject, headObject, putObject, deleteObject and listObjectsV2)."),
            )),
        };
        Some(result.unwrap_or_else(|failure| failure))
    }

    fn bucket(&self, bucket: &str) -> Result<&BTreeMap<String, Object>, TaskResult> {
        self.buckets.get(bucket).ok_or_else(|| no_such("NoSuchBucket", "The specified bucket does not exist", bucket))
    }

    fn get_object(&self, bucket: &str, key: &str) -> Result<Value, TaskResult> {
        let object = self
            .bucket(bucket)?
            .get(key)
            .ok_or_else(|| no_such("NoSuchKey", "The specified key does not exist.", key))?;
        Ok(object! {
            "AcceptRanges" => "bytes",
            "Body" => object.body.as_str(),
            "ContentLength" => object.body.len(),
            "ContentType" => object.content_type.as_str(),
            "ETag" => etag(&object.body),
            "LastModified" => timestamp::format_millis(object.last_modified),
            "Metadata" => object! {},
        })
    }

    fn put_object(&mut self, bucket: &str, key: &str, payload: &Value, now: i64) -> Result<TaskResult, TaskResult> {
        self.bucket(bucket)?;
        let body = match payload.get("Body") {
            Some(Value::String(text)) => text.to_string(),
            Some(other) => crate::data::payload::compact(other),
            None => String::new(),
        };
        let tag = etag(&body);
        self.put(bucket, key, body, now);
        self.written.insert((bucket.to_owned(), key.to_owned()));
        Ok(TaskResult::Succeeded(object! {"ETag" => tag}))
    }

    fn delete_object(&mut self, bucket: &str, key: &str) -> Result<TaskResult, TaskResult> {
        self.bucket(bucket)?;
        if let Some(objects) = self.buckets.get_mut(bucket) {
            objects.remove(key);
        }
        Ok(TaskResult::Succeeded(object! {}))
    }

    /// One page of keys after `ContinuationToken` (or `StartAfter`), under `Prefix`.
    fn list_objects(&self, bucket: &str, payload: &Value) -> Result<Value, TaskResult> {
        let text = |name: &str| payload.get(name).and_then(Value::as_str).unwrap_or_default();
        let (prefix, after) = (text("Prefix"), text("ContinuationToken").max(text("StartAfter")));
        let page_size =
            payload.get("MaxKeys").and_then(Value::as_u64).map_or(PAGE_SIZE, |n| (n as usize).clamp(1, PAGE_SIZE));
        let matching = self.bucket(bucket)?.iter().filter(|(k, _)| k.starts_with(prefix) && k.as_str() > after);
        let page: Vec<(&String, &Object)> = matching.clone().take(page_size).collect();
        let truncated = matching.count() > page.len();
        let contents: Vec<Value> = page.iter().map(|(key, object)| listed(key, object)).collect();
        let mut response = object! {
            "Contents" => contents,
            "IsTruncated" => truncated,
            "KeyCount" => page.len(),
            "MaxKeys" => page_size,
            "Name" => bucket,
            "Prefix" => prefix,
        };
        if let (true, Some((last, _))) = (truncated, page.last()) {
            response["NextContinuationToken"] = Value::from(last.as_str());
        }
        Ok(response)
    }
}

fn listed(key: &str, object: &Object) -> Value {
    object! {
        "ETag" => etag(&object.body),
        "Key" => key,
        "LastModified" => timestamp::format_millis(object.last_modified),
        "Size" => object.body.len(),
        "StorageClass" => "STANDARD",
    }
}

/// S3's ETag of a single-part upload: the MD5 of the content, in quotes.
fn etag(body: &str) -> String {
    format!("\"{}\"", crate::data::intrinsic::hash::digest(body.as_bytes(), "MD5").unwrap_or_default())
}

fn no_such(code: &str, message: &str, _name: &str) -> TaskResult {
    TaskResult::failed(
        format!("S3.{code}Exception"),
        format!("{message} (Service: S3, Status Code: 404, Error Code: {code}, Request ID: MOCKS3REQUEST)"),
    )
}

/// The content type S3 would have been given for this key.
pub fn content_type(key: &str) -> &'static str {
    match key.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("csv") => "text/csv",
        Some("json") => "application/json",
        Some("jsonl") => "application/jsonl",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn call(s3: &mut S3, arn: &str, payload: Value) -> TaskResult {
        s3.answer(&Resource::parse(arn), &payload, 0).expect("an S3 resource")
    }

    #[test]
    fn objects_are_read_written_and_listed_in_pages() {
        let mut s3 = S3::new();
        s3.put("in", "data/a.csv", "x\n1\n".into(), 0);
        let got = call(&mut s3, "arn:aws:states:::aws-sdk:s3:getObject", json!({"Bucket": "in", "Key": "data/a.csv"}));
        let TaskResult::Succeeded(response) = got else { panic!("{got:?}") };
        assert_eq!((response["Body"].clone(), response["ContentType"].clone()), (json!("x\n1\n"), json!("text/csv")));
        for n in 0..3 {
            call(
                &mut s3,
                "arn:aws:states:::s3:putObject",
                json!({"Bucket": "in", "Key": format!("data/o{n}.json"), "Body": {"n": n}}),
            );
        }
        assert_eq!(s3.get("in", "data/o1.json").map(|o| o.body.as_str()), Some("{\"n\":1}"));
        let page = call(
            &mut s3,
            "arn:aws:states:::s3:listObjectsV2",
            json!({"Bucket": "in", "Prefix": "data/o", "MaxKeys": 2}),
        );
        let TaskResult::Succeeded(page) = page else { panic!() };
        assert_eq!((page["KeyCount"].clone(), page["IsTruncated"].clone()), (json!(2), json!(true)));
        let token = page["NextContinuationToken"].clone();
        let rest = call(
            &mut s3,
            "arn:aws:states:::s3:listObjectsV2",
            json!({"Bucket": "in", "Prefix": "data/o", "ContinuationToken": token}),
        );
        let TaskResult::Succeeded(rest) = rest else { panic!() };
        assert_eq!(rest["Contents"][0]["Key"], json!("data/o2.json"));
        assert_eq!(s3.written().count(), 3);
        s3.clear_written();
        assert!(s3.get("in", "data/o1.json").is_none() && s3.get("in", "data/a.csv").is_some());
    }

    #[test]
    fn missing_buckets_and_keys_fail_as_the_sdk_integration_fails() {
        let mut s3 = S3::new();
        let missing = call(&mut s3, "arn:aws:states:::s3:getObject", json!({"Bucket": "none", "Key": "k"}));
        assert!(matches!(missing, TaskResult::Failed { error: Some(ref e), .. } if e == "S3.NoSuchBucketException"));
        s3.create_bucket("b");
        let missing = call(&mut s3, "arn:aws:states:::s3:getObject", json!({"Bucket": "b", "Key": "k"}));
        assert!(matches!(missing, TaskResult::Failed { error: Some(ref e), .. } if e == "S3.NoSuchKeyException"));
        assert!(s3.answer(&Resource::parse("arn:aws:states:::sqs:sendMessage"), &json!({}), 0).is_none());
    }
}

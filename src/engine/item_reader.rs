//! A Distributed Map's `ItemReader`: the items in an S3 object's text (JSON, JSON Lines, CSV) or
//! in an S3 listing. Pure: the host's S3 answers, this turns the answer into items.
//!
//! AWS-recorded rules (LocalStack's AWS-validated snapshots `test_map_item_reader_*`):
//! - JSON: the object must be an array; anything else fails with "Attempting to map over
//!   non-iterable node.".
//! - CSV: every value is a string, white space kept; short rows are padded with `""`, extra
//!   fields dropped; a trailing newline adds no row; duplicate headers fail with "CSV headers
//!   cannot contain duplicates."; each row's keys come in the order of a Java `HashMap` (headers
//!   `0,True,{}` give `0,{},True`).
//! - `MaxItems`: the first N items (0: all); a negative value fails with "field MaxItems must be
//!   positive".
//!
//! Our choices where AWS is silent: CSV fields may be quoted RFC 4180-style (`"May 3, 2021"`,
//! `""` for a quote), CRLF ends a row like LF, a byte-order mark is skipped, empty lines are
//! skipped; a JSON Lines file ignores blank lines and fails on the first line that is not JSON.

use json_value::{object, Map, Value};

use crate::asl::{InputType, ItemReader};
use crate::data::intrinsic::java_hash_map_order;
use crate::data::timestamp;

/// The items in an object's text.
pub fn parse(reader: &ItemReader, text: &str) -> Result<Vec<Value>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match reader.input_type {
        Some(InputType::Json) | None => json_items(text),
        Some(InputType::Jsonl) => jsonl_items(text),
        Some(InputType::Csv) => csv_items(text, reader.csv_delimiter, reader.csv_headers.as_deref()),
        Some(InputType::Manifest) => Err("An S3 Inventory manifest is read file by file".into()),
    }
}

/// An S3 Inventory `manifest.json`: the bucket and keys of its data files, and the column names
/// (`fileSchema`, "Bucket, Key, Size"). Only CSV inventories are read here (AWS's guide: the
/// inventory must be CSV); gzip-compressed files are refused by [`inventory_items`].
pub fn inventory_manifest(text: &str) -> Result<(String, Vec<String>, Vec<String>), String> {
    let manifest = json_value::from_str(text).map_err(|e| format!("The manifest is not valid JSON: {e}"))?;
    let format = manifest.get("fileFormat").and_then(Value::as_str).unwrap_or_default();
    if !format.eq_ignore_ascii_case("CSV") {
        return Err(format!("The S3 Inventory manifest's fileFormat must be CSV, not \"{format}\"."));
    }
    let destination = manifest.get("destinationBucket").and_then(Value::as_str).unwrap_or_default();
    let bucket = destination.rsplit(':').next().unwrap_or_default().to_owned();
    let schema = manifest.get("fileSchema").and_then(Value::as_str).unwrap_or_default();
    let columns = schema.split(',').map(|c| c.trim().to_owned()).collect();
    let files = manifest.get("files").and_then(Value::as_array);
    let keys = files.map(|f| f.iter().filter_map(|f| f.get("key")?.as_str().map(str::to_owned)).collect());
    Ok((bucket, keys.unwrap_or_default(), columns))
}

/// The rows of one inventory data file, keyed by the manifest's columns.
pub fn inventory_items(key: &str, text: &str, columns: &[String]) -> Result<Vec<Value>, String> {
    if key.ends_with(".gz") {
        return Err(format!(
            "The inventory file {key} is gzip-compressed, which this interpreter does not read; store it uncompressed."
        ));
    }
    csv_items(text, ',', Some(columns))
}

fn json_items(text: &str) -> Result<Vec<Value>, String> {
    match json_value::from_str(text) {
        Ok(Value::Array(items)) => Ok(items.into_vec()),
        Ok(_) => Err("Attempting to map over non-iterable node.".into()),
        Err(e) => Err(format!("The object is not valid JSON: {e}")),
    }
}

fn jsonl_items(text: &str) -> Result<Vec<Value>, String> {
    let lines = text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty());
    lines
        .map(|(n, line)| json_value::from_str(line).map_err(|e| format!("Line {} is not valid JSON: {e}", n + 1)))
        .collect()
}

fn csv_items(text: &str, delimiter: char, given: Option<&[String]>) -> Result<Vec<Value>, String> {
    let mut rows = csv_rows(text, delimiter).into_iter();
    let headers: Vec<String> = match given {
        Some(headers) => headers.to_vec(),
        None => rows.next().unwrap_or_default(),
    };
    let mut seen = std::collections::HashSet::new();
    if !headers.iter().all(|h| seen.insert(h)) {
        return Err("CSV headers cannot contain duplicates.".into());
    }
    Ok(rows.map(|row| csv_item(&headers, row)).collect())
}

fn csv_item(headers: &[String], row: Vec<String>) -> Value {
    let mut fields = row.into_iter();
    let map: Map = headers
        .iter()
        .map(|h| (std::rc::Rc::<str>::from(h.as_str()), Value::from(fields.next().unwrap_or_default())))
        .collect();
    Value::Object(java_hash_map_order(map))
}

/// The rows of a CSV text: fields split on `delimiter`, quoted fields unquoted.
fn csv_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            c if quoted => field.push(c),
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => end_row(&mut rows, &mut row, &mut field),
            c => field.push(c),
        }
    }
    end_row(&mut rows, &mut row, &mut field);
    rows
}

fn end_row(rows: &mut Vec<Vec<String>>, row: &mut Vec<String>, field: &mut String) {
    if row.is_empty() && field.is_empty() {
        return; // an empty line, or the end after a final newline
    }
    row.push(std::mem::take(field));
    rows.push(std::mem::take(row));
}

/// `MaxItems`: the first `max` items (0: all); negative fails as AWS fails it.
pub fn limit(mut items: Vec<Value>, max: Option<f64>) -> Result<Vec<Value>, String> {
    match max {
        Some(n) if n < 0.0 => Err("field MaxItems must be positive".into()),
        Some(n) if n >= 1.0 && (n as usize) < items.len() => {
            items.truncate(n as usize);
            Ok(items)
        }
        _ => Ok(items),
    }
}

/// The items of an `s3:listObjectsV2` page: one per object, in the shape AWS's guide shows
/// (`Etag` spelt so, `LastModified` in epoch seconds, keys in alphabetical order).
pub fn listed_objects(response: &Value) -> Vec<Value> {
    let contents = response.get("Contents").and_then(Value::as_array);
    contents.map(|objects| objects.iter().map(listed_object).collect()).unwrap_or_default()
}

fn listed_object(object: &Value) -> Value {
    let field = |name: &str| object.get(name).cloned().unwrap_or(Value::Null);
    let modified = match object.get("LastModified") {
        Some(Value::String(text)) => timestamp::parse_millis(text).map_or(Value::Null, |ms| Value::from(ms / 1000)),
        other => other.cloned().unwrap_or(Value::Null),
    };
    let storage = object.get("StorageClass").cloned().unwrap_or_else(|| Value::from("STANDARD"));
    object! {
        "Etag" => field("ETag"),
        "Key" => field("Key"),
        "LastModified" => modified,
        "Size" => field("Size"),
        "StorageClass" => storage,
    }
}

/// The `ContinuationToken` of the next listing page, when the listing is truncated.
pub fn next_page(response: &Value) -> Option<String> {
    let truncated = response.get("IsTruncated").and_then(Value::as_bool).unwrap_or(false);
    let token = response.get("NextContinuationToken").and_then(Value::as_str);
    token.filter(|_| truncated).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn reader(input_type: InputType, headers: Option<Vec<&str>>) -> ItemReader {
        ItemReader {
            resource: "arn:aws:states:::s3:getObject".into(),
            arguments: None,
            input_type: Some(input_type),
            csv_headers: headers.map(|h| h.into_iter().map(str::to_owned).collect()),
            csv_delimiter: ',',
            max_items: None,
        }
    }

    fn keys(item: &Value) -> Vec<String> {
        item.as_object().map(|m| m.keys().map(|k| k.to_string()).collect()).unwrap_or_default()
    }

    #[test]
    fn csv_first_row_values_stay_strings_and_keys_come_in_hash_map_order() {
        // LocalStack's AWS-validated test_map_item_reader_csv_headers_first_row_typed_headers.
        let items = parse(&reader(InputType::Csv, None), "0,True,{}\ntrue,1,'HelloWorld'\nNull,None,\n   \n").unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(keys(&items[0]), ["0", "{}", "True"]);
        assert_eq!(items[0], json!({"0": "true", "{}": "'HelloWorld'", "True": "1"}));
        assert_eq!(items[1], json!({"0": "Null", "{}": "", "True": "None"}));
        assert_eq!(items[2], json!({"0": "   ", "{}": "", "True": ""}));
    }

    #[test]
    fn csv_given_headers_drop_extra_fields_and_reject_duplicates() {
        // test_map_item_reader_csv_headers_decl_extra_fields, …_decl_duplicate_headers.
        let items = parse(&reader(InputType::Csv, Some(vec!["H1"])), "Value1,Value2,Value3\n").unwrap();
        assert_eq!(items, vec![json!({"H1": "Value1"})]);
        let duplicate = parse(&reader(InputType::Csv, Some(vec!["H1", "H1", "H3"])), "a,b,c");
        assert_eq!(duplicate.unwrap_err(), "CSV headers cannot contain duplicates.");
    }

    #[test]
    fn csv_quotes_delimiters_and_line_endings() {
        let mut semicolons = reader(InputType::Csv, None);
        semicolons.csv_delimiter = ';';
        let items = parse(&semicolons, "\u{feff}a;b\r\n\"x; \"\"y\"\"\";2\r\n\r\n").unwrap();
        assert_eq!(items, vec![json!({"a": "x; \"y\"", "b": "2"})]);
        let doc_example =
            parse(&reader(InputType::Csv, None), "userId,movieId,rating,timestamp\n1,307,3.5,1256677221\n");
        assert_eq!(keys(&doc_example.unwrap()[0]), ["rating", "movieId", "userId", "timestamp"]);
    }

    #[test]
    fn json_must_be_an_array_and_jsonl_is_one_value_per_line() {
        // test_map_item_reader_json_no_json_list_object.
        let object = parse(&reader(InputType::Json, None), r#"{"Hello": "world"}"#);
        assert_eq!(object.unwrap_err(), "Attempting to map over non-iterable node.");
        assert_eq!(parse(&reader(InputType::Json, None), r#"[["x"], 1]"#).unwrap(), vec![json!(["x"]), json!(1)]);
        let lines = parse(&reader(InputType::Jsonl, None), "{\"a\":1}\n\n[2]\n").unwrap();
        assert_eq!(lines, vec![json!({"a": 1}), json!([2])]);
        assert!(parse(&reader(InputType::Jsonl, None), "{\"a\":1}\nnope").unwrap_err().starts_with("Line 2"));
    }

    #[test]
    fn max_items_takes_the_first_items_and_refuses_negatives() {
        // test_map_item_reader_csv_max_items__{0,2,100000000}, …_paths__-1.
        let items = || vec![json!(1), json!(2), json!(3)];
        assert_eq!(limit(items(), Some(2.0)).unwrap().len(), 2);
        assert_eq!(limit(items(), Some(0.0)).unwrap().len(), 3);
        assert_eq!(limit(items(), Some(1e8)).unwrap().len(), 3);
        assert_eq!(limit(items(), Some(-1.0)).unwrap_err(), "field MaxItems must be positive");
    }

    #[test]
    fn listed_objects_have_the_guides_shape() {
        let page = json!({"Contents": [{"ETag": "\"e1\"", "Key": "a.csv", "LastModified": "2022-11-17T15:44:41Z", "Size": 3}], "IsTruncated": true, "NextContinuationToken": "t"});
        let items = listed_objects(&page);
        assert_eq!(
            items,
            vec![
                json!({"Etag": "\"e1\"", "Key": "a.csv", "LastModified": 1668699881, "Size": 3, "StorageClass": "STANDARD"})
            ]
        );
        assert_eq!(next_page(&page).as_deref(), Some("t"));
    }
}

//! AWS's payload limit: 262,144 bytes of UTF-8 JSON per state input, output or task result.

use std::io::{self, Write};

use json_value::Value;

use crate::asl::{ErrorName, Failure};

/// The largest payload AWS accepts, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

/// Counts serialized bytes, and stops the serializer as soon as the limit is passed.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        if self.0 > MAX_PAYLOAD_BYTES {
            return Err(io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether `value`, as compact JSON, fits in [`MAX_PAYLOAD_BYTES`]: a cheap upper bound first,
/// and the exact size only when the bound is over the limit.
pub fn fits(value: &Value) -> bool {
    upper_bound(value) <= MAX_PAYLOAD_BYTES || serde_json::to_writer(&mut Counter(0), value).is_ok()
}

/// At least the compact JSON size of `value` (strings counted as if every byte were escaped
/// as `\uXXXX` when they hold any character that needs escaping; numbers as 24 bytes).
fn upper_bound(value: &Value) -> usize {
    let mut total = 0usize;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        total += match value {
            Value::Null | Value::Bool(_) => 5,
            Value::Number(_) => 24,
            Value::String(s) => string_bound(s),
            Value::Array(items) => {
                stack.extend(items);
                2 + items.len()
            }
            Value::Object(map) => {
                stack.extend(map.values());
                2 + map.keys().map(|k| string_bound(k) + 2).sum::<usize>()
            }
        };
        if total > MAX_PAYLOAD_BYTES {
            return total;
        }
    }
    total
}

fn string_bound(s: &str) -> usize {
    let plain = s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if plain {
        s.len() + 2
    } else {
        s.len() * 6 + 2
    }
}

/// States.DataLimitExceeded when `value` does not fit; the cause is AWS's.
pub fn check_size(value: &Value, state_name: &str) -> Result<(), Failure> {
    if fits(value) {
        return Ok(());
    }
    Err(Failure::new(
        ErrorName::DataLimitExceeded,
        format!("The state/task '{state_name}' returned a result with a size exceeding the maximum number of bytes service limit."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    #[test]
    fn the_limit_is_262144_bytes_of_json() {
        // `"` + n characters + `"`: exactly at the limit fits, one more byte does not.
        assert!(fits(&json!("x".repeat(MAX_PAYLOAD_BYTES - 2))));
        assert!(!fits(&json!("x".repeat(MAX_PAYLOAD_BYTES - 1))));
        // Escapes count: a quote is two bytes in JSON.
        assert!(fits(&json!("\"".repeat((MAX_PAYLOAD_BYTES - 2) / 2))));
        assert!(!fits(&json!("\"".repeat((MAX_PAYLOAD_BYTES - 2) / 2 + 1))));
        assert!(fits(&json!([1, 2, {"a": null}])));
        let failure = check_size(&json!("x".repeat(MAX_PAYLOAD_BYTES)), "S").err();
        assert_eq!(failure.map(|f| f.error), Some("States.DataLimitExceeded".to_owned()));
    }
}

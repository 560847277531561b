//! AWS's payload limit: 262,144 bytes of UTF-8 JSON per state input, output or task result.

use std::io::{self, Write};

use serde_json::Value;

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

/// Whether `value`, as compact JSON, fits in [`MAX_PAYLOAD_BYTES`].
pub fn fits(value: &Value) -> bool {
    serde_json::to_writer(&mut Counter(0), value).is_ok()
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
    use serde_json::json;

    #[test]
    fn the_limit_is_262144_bytes_of_json() {
        // `"` + n characters + `"`: exactly at the limit fits, one more byte does not.
        assert!(fits(&json!("x".repeat(MAX_PAYLOAD_BYTES - 2))));
        assert!(!fits(&json!("x".repeat(MAX_PAYLOAD_BYTES - 1))));
        let failure = check_size(&json!("x".repeat(MAX_PAYLOAD_BYTES)), "S").err();
        assert_eq!(failure.map(|f| f.error), Some("States.DataLimitExceeded".to_owned()));
    }
}

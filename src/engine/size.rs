//! AWS's payload limit (262,144 bytes of UTF-8 JSON per state input, output or task result), and
//! this interpreter's nesting limit. Both are read from the sizes documents cache (see the
//! `json-value` crate), so checking an unchanged 256 KiB document costs nothing.

use json_value::Value;

use crate::asl::{ErrorName, Failure};

/// The largest payload AWS accepts, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

/// The deepest nesting of arrays and objects a document may have. AWS documents no limit; ours
/// is the 1,000 levels Jackson (which AWS's service uses) refuses beyond by default since 2.15,
/// and it keeps every algorithm of the engine within the browser's stack.
pub const MAX_DEPTH: usize = 1_000;

/// The longest cause AWS's API holds (`cause`: "Maximum length of 32768" in every
/// `…FailedEventDetails`). What AWS does with a longer one is undocumented; ours is cut there,
/// so that a cause quoting an input that quotes an earlier cause cannot grow without end.
pub const MAX_CAUSE_CHARS: usize = 32_768;

/// `cause`, cut after [`MAX_CAUSE_CHARS`] characters.
pub fn bounded_cause(cause: Option<String>) -> Option<String> {
    match cause {
        Some(text) if text.len() > MAX_CAUSE_CHARS => match text.char_indices().nth(MAX_CAUSE_CHARS) {
            Some((end, _)) => Some(text[..end].to_owned()),
            None => Some(text),
        },
        other => other,
    }
}

/// Whether `value`, as compact JSON, fits in [`MAX_PAYLOAD_BYTES`].
pub fn fits(value: &Value) -> bool {
    value.json_len() <= MAX_PAYLOAD_BYTES
}

/// States.DataLimitExceeded when `value` does not fit (the cause is AWS's); States.Runtime when
/// it nests deeper than [`MAX_DEPTH`] (our limit, our cause).
pub fn check_size(value: &Value, state_name: &str) -> Result<(), Failure> {
    let (len, depth) = value.json_len_and_depth();
    if len > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            ErrorName::DataLimitExceeded,
            format!("The state/task '{state_name}' returned a result with a size exceeding the maximum number of bytes service limit."),
        ));
    }
    if depth > MAX_DEPTH {
        return Err(Failure::new(
            ErrorName::Runtime,
            format!("The state/task '{state_name}' returned a result nested deeper than {MAX_DEPTH} levels, the limit of this interpreter."),
        ));
    }
    Ok(())
}

/// States.DataLimitExceeded when a state's effective input (after `Parameters`, `Arguments`
/// or `ItemSelector`: what a task, branch or iteration receives) passes the payload limit. AWS's
/// cause for it is unrecorded; this one is ours.
pub fn check_input_size(value: &Value, state_name: &str) -> Result<(), Failure> {
    if fits(value) {
        return Ok(());
    }
    Err(Failure::new(
        ErrorName::DataLimitExceeded,
        format!("The state/task '{state_name}' has an input with a size exceeding the maximum number of bytes service limit."),
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

    #[test]
    fn causes_are_cut_at_awss_length() {
        let long = "é".repeat(MAX_CAUSE_CHARS + 10);
        assert_eq!(bounded_cause(Some(long)).map(|c| c.chars().count()), Some(MAX_CAUSE_CHARS));
        assert_eq!(bounded_cause(Some("short".into())).as_deref(), Some("short"));
        assert_eq!(bounded_cause(None), None);
    }

    #[test]
    fn documents_deeper_than_the_limit_fail_the_state() {
        let mut deep = json!(1);
        for _ in 0..MAX_DEPTH {
            deep = Value::from(vec![deep]);
        }
        assert_eq!(check_size(&deep, "S"), Ok(()));
        let deeper = Value::from(vec![deep]);
        assert_eq!(check_size(&deeper, "S").map_err(|f| f.error), Err("States.Runtime".to_owned()));
    }
}

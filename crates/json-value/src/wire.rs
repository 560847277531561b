//! Values across a message boundary (the page and its engine Worker) with their sharing kept: a
//! document that many history events share crosses once, and the receiving side shares it again.
//!
//! An [`Encoder`] and a [`Decoder`] form a pair for one conversation (one run). Every array or
//! object of at least [`SHARED_MIN_BYTES`] bytes of JSON gets a number the first time it is sent;
//! later messages refer to it by that number. A message is JSON text:
//!
//! ```text
//! [[def, def, …], body]
//! ```
//!
//! Each `def` is the next numbered value (children before parents, so a def only refers to
//! numbers already given); `{"#": n}` refers to number `n`; an object whose only member is
//! named `#` is written `{"#": [member value]}`. Values below the threshold are written in full,
//! so every piece of text nests at most a few hundred levels however deep the value is, and
//! neither side recurses deeper than that.
//!
//! ```
//! use json_value::{json, wire::{Decoder, Encoder}};
//! let big = json!({"items": vec!["x".repeat(300)]});
//! let (mut encoder, mut decoder) = (Encoder::default(), Decoder::default());
//! let both = json_value::Value::from(vec![big.clone(), big.clone()]);
//! let first = encoder.encode(&both);
//! let second = encoder.encode(&big);
//! assert!(second.len() < 20);                           // refers to what crossed before
//! assert_eq!(decoder.decode(&first).unwrap(), both);
//! assert_eq!(decoder.decode(&second).unwrap(), big);
//! ```

use std::collections::{HashMap, HashSet};

use super::{from_str_with, write_string, Map, ParseOptions, Value};

/// Arrays and objects at least this long (compact JSON bytes) are numbered and sent once.
pub const SHARED_MIN_BYTES: usize = 256;

/// The member name that marks a reference.
const MARK: &str = "#";

/// Writes values, numbering the large arrays and objects it has sent.
#[derive(Default)]
pub struct Encoder {
    /// Number of each value sent, by the address of its shared node.
    numbers: HashMap<usize, usize>,
    /// The values numbered, kept alive so that no other value can take their address.
    kept: Vec<Value>,
}

impl Encoder {
    /// The message for `value`.
    pub fn encode(&mut self, value: &Value) -> String {
        let fresh = self.unsent(value);
        let mut out = String::from("[[");
        for (i, node) in fresh.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            self.write_members(&node, &mut out);
            if let Some(address) = address(&node) {
                self.numbers.insert(address, self.kept.len());
            }
            self.kept.push(node);
        }
        out.push_str("],");
        self.write(value, &mut out);
        out.push(']');
        out
    }

    /// How many values have been numbered.
    pub fn numbered(&self) -> usize {
        self.kept.len()
    }

    /// The large values under `value` (itself included) not sent yet, children first, each once.
    fn unsent(&self, value: &Value) -> Vec<Value> {
        let mut order = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![(value, false)];
        while let Some((node, expanded)) = stack.pop() {
            let Some(address) = self.shareable(node) else { continue };
            if expanded {
                order.push(node.clone());
                continue;
            }
            if self.numbers.contains_key(&address) || !seen.insert(address) {
                continue;
            }
            stack.push((node, true));
            stack.extend(children(node).into_iter().rev().map(|child| (child, false)));
        }
        order
    }

    /// The address of `value` when it is large enough to be numbered.
    fn shareable(&self, value: &Value) -> Option<usize> {
        address(value).filter(|_| value.json_len() >= SHARED_MIN_BYTES)
    }

    /// Writes `value`: a reference when numbered, else in full (small, so the recursion is short).
    fn write(&self, value: &Value, out: &mut String) {
        match self.shareable(value).and_then(|a| self.numbers.get(&a)) {
            Some(number) => {
                out.push_str("{\"#\":");
                out.push_str(&number.to_string());
                out.push('}');
            }
            None => self.write_members(value, out),
        }
    }

    /// Writes `value` itself, its members as [`Encoder::write`] writes them.
    fn write_members(&self, value: &Value, out: &mut String) {
        match value {
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write(item, out);
                }
                out.push(']');
            }
            Value::Object(map) if map.len() == 1 && map.contains_key(MARK) => {
                out.push_str("{\"#\":[");
                self.write(&map[MARK], out);
                out.push_str("]}");
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    self.write(item, out);
                }
                out.push('}');
            }
            scalar => super::write_compact(scalar, out),
        }
    }
}

/// Reads an [`Encoder`]'s messages, keeping the numbered values to share them again.
#[derive(Default)]
pub struct Decoder {
    table: Vec<Value>,
}

impl Decoder {
    /// The value of message `text`.
    pub fn decode(&mut self, text: &str) -> Result<Value, String> {
        let options = ParseOptions { max_depth: 1_000, reject_duplicate_keys: false };
        let message = from_str_with(text, options).map_err(|e| format!("not a wire message: {e}"))?;
        let parts = message.as_array().filter(|parts| parts.len() == 2).ok_or("not a wire message")?;
        for def in parts[0].as_array().ok_or("not a wire message: no definitions")?.iter() {
            let value = self.resolve(def)?;
            self.table.push(value);
        }
        self.resolve(&parts[1])
    }

    /// `value` with its references replaced by what they refer to.
    fn resolve(&self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Object(map) if map.len() == 1 && map.contains_key(MARK) => self.marked(&map[MARK]),
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (key, item) in map.iter() {
                    out.insert(key.clone(), self.resolve(item)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => {
                items.iter().map(|item| self.resolve(item)).collect::<Result<Vec<_>, _>>().map(Value::from)
            }
            scalar => Ok(scalar.clone()),
        }
    }

    /// `{"#": n}` (a reference) or `{"#": [v]}` (an object whose only member is `#`).
    fn marked(&self, inner: &Value) -> Result<Value, String> {
        if let Some(escaped) = inner.as_array().filter(|a| a.len() == 1) {
            let mut map = Map::new();
            map.insert(MARK, self.resolve(&escaped[0])?);
            return Ok(Value::Object(map));
        }
        let number = inner.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or("a bad reference")?;
        self.table.get(number).cloned().ok_or_else(|| format!("a reference to {number}, which was never sent"))
    }
}

/// The address of an array's or object's shared node.
fn address(value: &Value) -> Option<usize> {
    match value {
        Value::Array(array) => Some(array.address()),
        Value::Object(map) => Some(map.address()),
        _ => None,
    }
}

fn children(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn round_trip(values: &[Value]) -> Vec<Value> {
        let (mut encoder, mut decoder) = (Encoder::default(), Decoder::default());
        values.iter().map(|v| decoder.decode(&encoder.encode(v)).expect("decodes")).collect()
    }

    #[test]
    fn values_cross_unchanged() {
        let values = [
            json!(null),
            json!("text \"quoted\" ✓"),
            json!(12345678901234567890123u128.to_string()),
            json!({"#": 1}),
            json!({"#": [1, {"#": "x"}], "other": true}),
            json!([{"#": {"#": null}}]),
            json!({"big": "y".repeat(400), "#": 2}),
            crate::from_str("[123456789012345678901234567890, -0, 1.5e300]").unwrap(),
        ];
        assert_eq!(round_trip(&values), values);
    }

    #[test]
    fn a_shared_document_crosses_once_and_is_shared_again() {
        let document = json!({"payload": "z".repeat(10_000)});
        let (mut encoder, mut decoder) = (Encoder::default(), Decoder::default());
        let messages: Vec<String> =
            (0..100).map(|i| encoder.encode(&crate::object! {"event" => i, "input" => document.clone()})).collect();
        let total: usize = messages.iter().map(String::len).sum();
        assert!(total < 10_100 + 100 * 60, "{total} bytes");
        let decoded: Vec<Value> = messages.iter().map(|m| decoder.decode(m).expect("decodes")).collect();
        let (Value::Object(first), Value::Object(last)) = (&decoded[0]["input"], &decoded[99]["input"]) else {
            panic!("objects")
        };
        assert!(first.ptr_eq(last), "the receiver shares the document again");
        assert_eq!(decoded[99]["input"], document);
        assert_eq!(encoder.numbered(), 101, "the document, and each (large) message once");
    }

    #[test]
    fn deep_values_cross_without_deep_text() {
        let mut deep = json!("x".repeat(300));
        for i in 0..5_000 {
            deep = Value::from(vec![deep, json!(i)]);
        }
        let (mut encoder, mut decoder) = (Encoder::default(), Decoder::default());
        let message = encoder.encode(&deep);
        let back = decoder.decode(&message).expect("decodes");
        assert_eq!(back.depth(), deep.depth());
        assert!(back == deep);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut decoder = Decoder::default();
        for text in ["", "[]", "[1,2]", "[[],{\"#\":5}]", "[[{\"#\":0}],1]", "[[],{\"#\":-1}]", "[{},1]"] {
            assert!(decoder.decode(text).is_err(), "{text}");
        }
    }
}

//! Compact JSON text, written without recursion; strings escaped as `serde_json` escapes them.

use super::Value;

/// Appends the compact JSON text of `value` to `out`.
pub fn write_compact(value: &Value, out: &mut String) {
    write_compact_within(value, out, usize::MAX);
}

/// The compact JSON text of `value`, cut after about `max_bytes` bytes with `…` (for displays:
/// a row of a table must not write a 256 KiB document to show its first hundred characters).
pub fn to_string_prefix(value: &Value, max_bytes: usize) -> String {
    let mut out = String::new();
    if !write_compact_within(value, &mut out, max_bytes) {
        let mut end = max_bytes.min(out.len());
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

/// Writes `value` until `out` reaches `limit` bytes; false when it stopped short.
fn write_compact_within(value: &Value, out: &mut String, limit: usize) -> bool {
    // Work items: a value to write, or punctuation to emit after a container's members.
    enum Item<'v> {
        Value(&'v Value),
        Text(&'static str),
        Key(&'v str),
    }
    let mut stack = vec![Item::Value(value)];
    while let Some(item) = stack.pop() {
        if out.len() > limit {
            return false;
        }
        match item {
            Item::Text(text) => out.push_str(text),
            Item::Key(key) => {
                write_string(key, out);
                out.push(':');
            }
            Item::Value(Value::Null) => out.push_str("null"),
            Item::Value(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            Item::Value(Value::Number(n)) => n.write(out),
            Item::Value(Value::String(s)) if s.len() > limit - out.len() => {
                let mut end = limit - out.len();
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                write_string(&s[..end], out);
                out.pop(); // the closing quote: the string goes on
                return false;
            }
            Item::Value(Value::String(s)) => write_string(s, out),
            Item::Value(Value::Array(items)) => {
                out.push('[');
                stack.push(Item::Text("]"));
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push(Item::Value(item));
                    if i > 0 {
                        stack.push(Item::Text(","));
                    }
                }
            }
            Item::Value(Value::Object(map)) => {
                out.push('{');
                stack.push(Item::Text("}"));
                let members: Vec<_> = map.iter().collect();
                for (i, (key, item)) in members.into_iter().enumerate().rev() {
                    stack.push(Item::Value(item));
                    stack.push(Item::Key(key));
                    if i > 0 {
                        stack.push(Item::Text(","));
                    }
                }
            }
        }
    }
    out.len() <= limit
}

/// The JSON text of `value` indented by two spaces, as `serde_json::to_string_pretty` writes it.
pub fn to_string_pretty(value: &Value) -> String {
    enum Item<'v> {
        Value(&'v Value, usize),
        Text(String),
        Key(&'v str, usize),
    }
    let indent = |level: usize| "  ".repeat(level);
    let mut out = String::new();
    let mut stack = vec![Item::Value(value, 0)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Text(text) => out.push_str(&text),
            Item::Key(key, level) => {
                out.push_str(&indent(level));
                write_string(key, &mut out);
                out.push_str(": ");
            }
            Item::Value(Value::Array(items), level) if !items.is_empty() => {
                out.push_str("[\n");
                stack.push(Item::Text(format!("\n{}]", indent(level))));
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push(Item::Value(item, level + 1));
                    stack.push(Item::Text(indent(level + 1)));
                    if i > 0 {
                        stack.push(Item::Text(",\n".into()));
                    }
                }
            }
            Item::Value(Value::Object(map), level) if !map.is_empty() => {
                out.push_str("{\n");
                stack.push(Item::Text(format!("\n{}}}", indent(level))));
                let members: Vec<_> = map.iter().collect();
                for (i, (key, item)) in members.into_iter().enumerate().rev() {
                    stack.push(Item::Value(item, level + 1));
                    stack.push(Item::Key(key, level + 1));
                    if i > 0 {
                        stack.push(Item::Text(",\n".into()));
                    }
                }
            }
            Item::Value(scalar, _) => write_compact(scalar, &mut out),
        }
    }
    out
}

/// Appends `text` as a JSON string literal: `"`, `\` and control characters escaped (`\n`,
/// `\t`, … or `\u00XX`), everything else as it is.
pub fn write_string(text: &str, out: &mut String) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let end = start + plain_prefix(&bytes[start..]); // a byte to escape is ASCII: a boundary
        out.push_str(&text[start..end]);
        let Some(&byte) = bytes.get(end) else { break };
        match escape_of(byte) {
            "u" => out.push_str(&format!("\\u{byte:04x}")),
            escape => out.push_str(escape),
        }
        start = end + 1;
    }
    out.push('"');
}

/// The escape of a byte ("" when it needs none, "u" for `\u00XX`).
fn escape_of(byte: u8) -> &'static str {
    match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        0x00..=0x1f => "u",
        _ => "",
    }
}

/// The length of [`write_string`]'s output for `text`.
pub fn escaped_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let plain = plain_prefix(bytes);
    if plain == bytes.len() {
        return bytes.len() + 2; // the usual string: nothing to escape
    }
    let extra: usize = bytes[plain..].iter().map(|&b| escape_extra(b)).sum();
    bytes.len() + extra + 2
}

/// How many bytes come before the first that needs an escape (`"`, `\\`, a control character),
/// eight at a time: member names and most values are short, and a byte loop spent more on them
/// than the rest of measuring or parsing.
pub(crate) fn plain_prefix(bytes: &[u8]) -> usize {
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let special = special_bytes(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize; // the lowest flag is exact
        }
        at += 8;
    }
    if at == bytes.len() {
        return at;
    }
    // The last 1–7 bytes: as the word ending there (it overlaps bytes known to need no escape,
    // so its lowest flag is still exact), or, in a string shorter than 8, as two half words.
    let len = bytes.len();
    if len >= 8 {
        let special = special_bytes(word_at(bytes, len - 8));
        return if special == 0 { len } else { len - 8 + (special.trailing_zeros() / 8) as usize };
    }
    short_plain_prefix(bytes)
}

/// [`plain_prefix`] of fewer than 8 bytes, without copying them: the first and the last four (they
/// overlap when there are fewer than 8), each padded with spaces; below four, byte by byte.
fn short_plain_prefix(bytes: &[u8]) -> usize {
    let len = bytes.len();
    if len < 4 {
        return bytes.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\').unwrap_or(len);
    }
    for start in [0, len - 4] {
        let special = special_bytes(half_word_at(bytes, start));
        if special != 0 {
            return start + (special.trailing_zeros() / 8) as usize;
        }
    }
    len
}

/// The 8 bytes from `start` as a little-endian word (the caller knows they are there).
fn word_at(bytes: &[u8], start: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[start..start + 8]);
    u64::from_le_bytes(word)
}

/// The 4 bytes from `start`, and four spaces above them.
fn half_word_at(bytes: &[u8], start: usize) -> u64 {
    let mut half = [0; 4];
    half.copy_from_slice(&bytes[start..start + 4]);
    u64::from(u32::from_le_bytes(half)) | (ONES * u64::from(b' ')) << 32
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (little-endian) that is below 0x20, `"` or `\` — exact for
/// the lowest such byte, maybe not above it (the bit tricks of "Bit Twiddling Hacks": a byte
/// below n borrows in `word - n`, and a borrow can only flag bytes above it).
fn special_bytes(word: u64) -> u64 {
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
    below(word, 0x20) | below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// The bytes [`escape_of`] adds to one byte: 5 for `\u00XX`, 1 for a two-character escape.
fn escape_extra(byte: u8) -> usize {
    match byte {
        b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
        0x00..=0x1f => 5,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte check the word scan stands for.
    fn needs_escape(byte: u8) -> bool {
        byte < 0x20 || byte == b'"' || byte == b'\\'
    }

    #[test]
    fn the_word_at_a_time_scan_stops_where_the_byte_check_would_for_every_byte_at_every_place() {
        for len in 1..20 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    let first = if needs_escape(byte) { at } else { len };
                    assert_eq!(plain_prefix(&bytes), first, "byte {byte:#x} at {at} of {len}");
                    bytes.push(b'"');
                    assert_eq!(plain_prefix(&bytes), first.min(len), "then a quote");
                }
            }
        }
        assert_eq!(plain_prefix(b""), 0);
        assert_eq!(plain_prefix("ééééé, 日本語".as_bytes()), "ééééé, 日本語".len());
        assert_eq!(plain_prefix(b"\x7f\x80\xff\x80\x80\x80\x80\x80\x1f\\"), 8);
    }

    #[test]
    fn the_escaped_length_is_the_written_length_for_every_ascii_character_at_every_place() {
        for len in 1..12 {
            for at in 0..len {
                for byte in 0..0x80u8 {
                    let mut text = "ab\"c".repeat(len).chars().take(len).collect::<Vec<char>>();
                    text[at] = char::from(byte);
                    let text: String = text.into_iter().collect();
                    let mut written = String::new();
                    write_string(&text, &mut written);
                    assert_eq!(escaped_len(&text), written.len(), "{text:?}");
                }
            }
        }
    }
}

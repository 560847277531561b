//! JSON pointer → place in the source text, so diagnostics can name a line and an editor can
//! underline the exact bytes.
//!
//! serde_json keeps no positions, so [`locate`] re-scans the text along the pointer. It only reads
//! text that already parsed as JSON; on anything unexpected it returns `None`.

/// Where a value sits in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Byte offset of the value's first byte.
    pub start: usize,
    /// Byte offset just past the value's last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
}

/// Finds the value that an RFC 6901 `pointer` designates in the JSON `text`.
pub fn locate(text: &str, pointer: &str) -> Option<Location> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for segment in segments(pointer) {
        pos = match bytes.get(pos)? {
            b'{' => member(bytes, pos, &segment)?,
            b'[' => element(bytes, pos, segment.parse().ok()?)?,
            _ => return None,
        };
    }
    let end = skip_value(bytes, pos)?;
    let (line, column) = line_column(text, pos);
    Some(Location { start: pos, end, line, column })
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~"))
}

/// Position of the value of `key` in the object starting at `pos`.
fn member(bytes: &[u8], pos: usize, key: &str) -> Option<usize> {
    let mut pos = skip_ws(bytes, pos + 1);
    let mut found = None;
    while *bytes.get(pos)? == b'"' {
        let key_end = skip_string(bytes, pos)?;
        let name: String = serde_json::from_slice(bytes.get(pos..key_end)?).ok()?;
        pos = skip_ws(bytes, key_end);
        (*bytes.get(pos)? == b':').then_some(())?;
        pos = skip_ws(bytes, pos + 1);
        if name == key {
            found = Some(pos); // a later duplicate wins, as serde_json's does
        }
        pos = skip_ws(bytes, skip_value(bytes, pos)?);
        if *bytes.get(pos)? == b',' {
            pos = skip_ws(bytes, pos + 1);
        }
    }
    found
}

/// Position of element `index` in the array starting at `pos`.
fn element(bytes: &[u8], pos: usize, index: usize) -> Option<usize> {
    let mut pos = skip_ws(bytes, pos + 1);
    for _ in 0..index {
        pos = skip_ws(bytes, skip_value(bytes, pos)?);
        (*bytes.get(pos)? == b',').then_some(())?;
        pos = skip_ws(bytes, pos + 1);
    }
    (*bytes.get(pos)? != b']').then_some(pos)
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// End of the value starting at `pos` (iterative, so deep nesting cannot overflow the stack).
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut pos = pos;
    loop {
        match *bytes.get(pos)? {
            b'"' => pos = skip_string(bytes, pos)?,
            b'{' | b'[' => {
                depth += 1;
                pos += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                pos += 1;
            }
            _ if depth == 0 => return Some(skip_scalar(bytes, pos)),
            _ => pos += 1,
        }
        if depth == 0 {
            return Some(pos);
        }
    }
}

fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut pos = pos + 1;
    loop {
        match *bytes.get(pos)? {
            b'\\' => pos += 2,
            b'"' => return Some(pos + 1),
            _ => pos += 1,
        }
    }
}

fn skip_scalar(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true},\n    \"a/b\": [1, {\"x\": null}]}\n}";

    fn at(pointer: &str) -> Option<(usize, usize, &'static str)> {
        locate(TEXT, pointer).map(|l| (l.line, l.column, &TEXT[l.start..l.end]))
    }

    #[test]
    fn locates_values_by_pointer() {
        assert_eq!(at("/StartAt"), Some((2, 14, "\"A\"")));
        assert_eq!(at("/States/A/Type"), Some((3, 28, "\"Pass\"")));
        assert_eq!(at("/States/A/End"), Some((3, 43, "true")));
        assert_eq!(at("/States/a~1b/1/x"), Some((4, 22, "null")));
        assert_eq!(at("/States/a~1b/1"), Some((4, 16, "{\"x\": null}")));
        assert_eq!(at(""), Some((1, 1, TEXT)));
    }

    #[test]
    fn missing_places_are_none() {
        assert_eq!(at("/Nope"), None);
        assert_eq!(at("/States/a~1b/2"), None);
        assert_eq!(at("/StartAt/x"), None);
        assert_eq!(locate("{\"a\": [", "/a/0"), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": 1, \"b\": 2}";
        assert_eq!(locate(text, "/b").map(|l| l.column), Some(15));
    }
}

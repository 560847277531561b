//! What the code editor needs from a definition: where to underline each problem, and where a
//! state's JSON is. Offsets are UTF-16 code units, as the browser's editor counts them.

use serde::Serialize;

use crate::asl::{escape_pointer, locate, Code, Diagnostic};

/// An underlined range and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Underline {
    /// Start, in UTF-16 code units.
    pub from: usize,
    /// End, in UTF-16 code units.
    pub to: usize,
    /// The diagnostic's message.
    pub message: String,
    /// `"error"` (the definition does not load) or `"warning"` (a gotcha of the linter).
    pub severity: &'static str,
}

/// Where each problem is in `text`.
pub fn underlines(text: &str, problems: &[Diagnostic]) -> Vec<Underline> {
    problems
        .iter()
        .map(|problem| {
            let (start, end) = byte_range(text, problem);
            Underline {
                from: utf16(text, start),
                to: utf16(text, end).max(utf16(text, start) + 1),
                message: problem.message.clone(),
                severity: "error",
            }
        })
        .collect()
}

/// The most warnings underlined (each is located by a scan of the text; all are listed).
pub const MAX_WARNING_UNDERLINES: usize = 50;

/// Where each of the linter's warnings is in `text` (the first [`MAX_WARNING_UNDERLINES`]).
pub fn warning_underlines(text: &str, warnings: &[crate::asl::lint::Warning]) -> Vec<Underline> {
    let shown = warnings.iter().take(MAX_WARNING_UNDERLINES);
    let located = shown.filter_map(|w| Some((w, locate(text, &w.pointer)?)));
    located
        .map(|(warning, location)| {
            let end = text
                .get(location.start..location.end)
                .and_then(|v| v.find('\n'))
                .map_or(location.end, |n| location.start + n);
            Underline {
                from: utf16(text, location.start),
                to: utf16(text, end).max(utf16(text, location.start) + 1),
                message: warning.message.clone(),
                severity: "warning",
            }
        })
        .collect()
}

/// The JSON of the top-level state called `name`, in UTF-16 code units.
pub fn state_range(text: &str, name: &str) -> Option<(usize, usize)> {
    let location = locate(text, &format!("/States/{}", escape_pointer(name)))?;
    Some((utf16(text, location.start), utf16(text, location.end)))
}

fn byte_range(text: &str, problem: &Diagnostic) -> (usize, usize) {
    if problem.code != Code::InvalidJson {
        if let Some(location) = locate(text, &problem.pointer) {
            // A whole object or array is long: underline its first line only.
            let end = text
                .get(location.start..location.end)
                .and_then(|v| v.find('\n'))
                .map_or(location.end, |n| location.start + n);
            return (location.start, end);
        }
    }
    let start = offset_of(text, problem.line, problem.column);
    (start, (start + 1).min(text.len()))
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let rest = text.get(line_start..).unwrap_or_default();
    let in_line = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    (line_start + in_line).min(text.len())
}

fn utf16(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |prefix| prefix.encode_utf16().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::load;

    #[test]
    fn problems_are_underlined_where_they_are() {
        let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}, \"B\": {\"Type\": \"Succeed\"}}\n}";
        let problems = load(text).err().unwrap_or_default();
        let lines = underlines(text, &problems);
        let underlined: Vec<&str> = lines.iter().map(|u| &text[u.from..u.to]).collect();
        assert_eq!(underlined, ["\"Nowhere\"", "{\"Type\": \"Succeed\"}"]);
    }

    #[test]
    fn bad_json_is_underlined_at_its_line_and_column() {
        let text = "{\n  \"StartAt\": }";
        let lines = underlines(text, &load(text).err().unwrap_or_default());
        assert_eq!(lines.len(), 1);
        assert_eq!(&text[lines[0].from..lines[0].to], "}");
    }

    #[test]
    fn offsets_count_utf16_units() {
        let text = "{\"Comment\": \"é😀\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}";
        let (from, to) = state_range(text, "A").unwrap_or_default();
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[from..to]), "{\"Type\": \"Succeed\"}");
    }

    #[test]
    fn warnings_are_underlined_as_warnings_at_their_state() {
        let text = crate::examples::order().definition;
        let lines = warning_underlines(text, &crate::asl::lint::lint(text));
        assert!(!lines.is_empty() && lines.iter().all(|l| l.severity == "warning"));
        let catch = lines.iter().find(|l| l.message.contains("has no ResultPath")).expect("the Catch");
        let start = text.encode_utf16().take(catch.from).count();
        assert!(String::from_utf16_lossy(&text.encode_utf16().collect::<Vec<_>>()[start..catch.to]).starts_with('{'));
    }
}

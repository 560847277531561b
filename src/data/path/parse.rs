//! Parsing a path's text into a [`Query`], after Jayway's `PathCompiler`: `.name`,
//! `['name']`, `["name"]`, `['a','b']`, `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `.*`, `[*]`, `..`,
//! `[?(…)]` and a final `.length()`. Error texts follow Jayway's where it has one.
//!
//! Stricter than Jayway where Jayway is accidental: after a step only `.`, `[` or the end may
//! follow (Jayway reads `$[0]a` as `$[0].a`), a slice step (`[::2]`) is refused (Jayway drops
//! it), a function must be the last step, and a function cannot follow `..` directly.

use super::filter;
use super::function::Function;
use super::step::{Query, Step};
use super::{PathError, MAX_DEPTH};

/// The error for `text` nested deeper than [`MAX_DEPTH`].
pub(crate) fn too_deep() -> PathError {
    PathError::new(format!("Path is nested too deeply (more than {MAX_DEPTH} levels)"))
}

/// Parses `text`, which starts with `$` (or `@` when `item_allowed`); `offset` is the character
/// position of `text` in the whole path, for messages; `depth` counts enclosing filters.
pub(crate) fn parse_query(text: &str, item_allowed: bool, offset: usize, depth: usize) -> Result<Query, PathError> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    let at_item = match text.as_bytes().first() {
        Some(b'$') => false,
        Some(b'@') if item_allowed => true,
        _ if item_allowed => return Err(PathError::new("Path must start with '$' or '@'")),
        _ => return Err(PathError::new("Path must start with '$'")),
    };
    if text.len() > 1 && text.ends_with('.') {
        return Err(PathError::new("Path must not end with a '.' or '..'"));
    }
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: 1, offset, depth, steps: Vec::new() };
    while parser.pos < parser.bytes.len() {
        parser.step()?;
    }
    Ok(Query { at_item, steps: parser.steps })
}

/// A cursor over one path's text.
struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Byte position of the next character.
    pos: usize,
    offset: usize,
    depth: usize,
    steps: Vec<Step>,
}

impl Parser<'_> {
    /// Character position of byte `at` in the whole path.
    fn position(&self, at: usize) -> usize {
        self.offset + self.text.get(..at).map_or(at, |head| head.chars().count())
    }

    fn error(&self, message: String) -> PathError {
        PathError::new(message)
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// Reads the next step, which starts with `.` or `[`.
    fn step(&mut self) -> Result<(), PathError> {
        match self.byte(self.pos) {
            Some(b'.') => self.dot()?,
            Some(b'[') => self.bracket()?,
            _ => {
                let at = self.position(self.pos);
                return Err(self.error(format!("Illegal character at position {at} expected '.' or '['")));
            }
        }
        match self.steps.last() {
            Some(Step::Function(function)) if self.pos < self.bytes.len() => {
                Err(self.error(format!("Function {}() must be the last step of a path", function.name())))
            }
            _ => Ok(()),
        }
    }

    /// `.name`, `.*`, `.[…]`, or `..` and the step it scans for.
    fn dot(&mut self) -> Result<(), PathError> {
        if self.byte(self.pos + 1) != Some(b'.') {
            self.pos += 1;
            return self.dot_target();
        }
        self.pos += 2;
        if self.byte(self.pos) == Some(b'.') {
            let at = self.position(self.pos);
            return Err(self.error(format!("Character '.' on position {at} is not valid.")));
        }
        self.steps.push(Step::Scan);
        self.dot_target()?;
        match self.steps.last() {
            Some(Step::Function(_)) => Err(self.error("A function cannot follow '..'".to_string())),
            _ => Ok(()),
        }
    }

    /// What follows a dot: a bracket, a wildcard, a name or a function.
    fn dot_target(&mut self) -> Result<(), PathError> {
        match self.byte(self.pos) {
            Some(b'[') => self.bracket(),
            Some(b'*') => {
                self.pos += 1;
                self.steps.push(Step::Wildcard);
                Ok(())
            }
            _ => self.name_or_function(),
        }
    }

    /// `name` up to the next `.`, `[` or `(`; with `()` it is a function.
    fn name_or_function(&mut self) -> Result<(), PathError> {
        let start = self.pos;
        while let Some(c) = self.byte(self.pos) {
            match c {
                b'.' | b'[' | b'(' => break,
                b' ' => {
                    let at = self.position(start);
                    return Err(self.error(format!(
                        "Use bracket notation ['my prop'] if your property contains blank characters. position: {at}"
                    )));
                }
                _ => self.pos += 1,
            }
        }
        let name = self.text.get(start..self.pos).unwrap_or_default();
        if name.is_empty() {
            let at = self.position(start);
            return Err(self.error(format!("Could not parse token starting at position {at}")));
        }
        if self.byte(self.pos) == Some(b'(') {
            return self.function(name);
        }
        self.steps.push(Step::Name(name.to_string()));
        Ok(())
    }

    /// `name()` at `self.pos` (the `(`); functions with parameters are refused.
    fn function(&mut self, name: &str) -> Result<(), PathError> {
        if self.byte(self.pos + 1) != Some(b')') {
            return Err(self.error(if self.text.get(self.pos..).is_some_and(|rest| rest.contains(')')) {
                format!("Function parameters are not supported: {name}(…)")
            } else {
                format!("Arguments to function: '{name}' are not closed properly.")
            }));
        }
        let function = Function::from_name(name).map_err(PathError::new)?;
        self.pos += 2;
        self.steps.push(Step::Function(function));
        Ok(())
    }

    /// A bracketed step at `self.pos` (the `[`).
    fn bracket(&mut self) -> Result<(), PathError> {
        let open = self.pos;
        let first = skip_ws(self.bytes, open + 1);
        match self.byte(first) {
            Some(b'\'' | b'"') => self.names(first),
            Some(b'*') => self.bracket_wildcard(first),
            Some(b'?') => self.filter(open, first),
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b':' => self.array(open),
            Some(b'(') => self.script_index(open, first),
            _ => Err(self.unparsable(open)),
        }
    }

    /// `[(@.length-1)]`, the original JSONPath's script index for "the last element": the
    /// element `N` from the end, `[-N]`. Jayway itself refuses scripts, but definitions that use
    /// this one exist (asl-validator's `valid-path-array-context`); reading it as `[-N]` is our
    /// choice. Other scripts are refused.
    fn script_index(&mut self, open: usize, paren: usize) -> Result<(), PathError> {
        let Some(close) = matching_close(self.bytes, paren, b'(', b')') else { return Err(self.unparsable(open)) };
        let end = skip_ws(self.bytes, close + 1);
        let script: String = self.text.get(paren + 1..close).unwrap_or_default().split_whitespace().collect();
        let from_end = script.strip_prefix("@.length-").and_then(|n| n.parse::<i32>().ok()).filter(|n| *n > 0);
        match (from_end, self.byte(end)) {
            (Some(n), Some(b']')) => {
                self.steps.push(Step::Index(-n));
                self.pos = end + 1;
                Ok(())
            }
            _ => Err(self.error(format!("Script expressions are not supported, except (@.length-N): ({script})"))),
        }
    }

    /// Jayway's message for a bracket it cannot read.
    fn unparsable(&self, open: usize) -> PathError {
        let at = self.position(open);
        self.error(format!("Could not parse token starting at position {at}. Expected ?, ', 0-9, * "))
    }

    /// `['a']`, `["a"]`, `['a', 'b']`, the first quote at `at`.
    fn names(&mut self, mut at: usize) -> Result<(), PathError> {
        let mut names = Vec::new();
        loop {
            let quote = match self.byte(at) {
                Some(q @ (b'\'' | b'"')) => q,
                _ => return Err(self.error(format!("Found empty property at index {}", self.position(at)))),
            };
            let Some(end) = closing_quote(self.bytes, at) else {
                return Err(self.error(format!("Property has not been closed - missing closing {}", quote as char)));
            };
            names.push(unescape_name(self.text.get(at + 1..end).unwrap_or_default(), quote as char));
            at = skip_ws(self.bytes, end + 1);
            match self.byte(at) {
                Some(b',') => at = skip_ws(self.bytes, at + 1),
                Some(b']') => break,
                _ => return Err(self.error(format!(
                    "Property must be separated by comma or Property must be terminated close square bracket at index {}",
                    self.position(at)
                ))),
            }
        }
        self.pos = at + 1;
        let step = match <[String; 1]>::try_from(names) {
            Ok([name]) => Step::Name(name),
            Err(names) => Step::Names(names),
        };
        self.steps.push(step);
        Ok(())
    }

    /// `[*]`, the `*` at `star`.
    fn bracket_wildcard(&mut self, star: usize) -> Result<(), PathError> {
        let close = skip_ws(self.bytes, star + 1);
        if self.byte(close) != Some(b']') {
            let at = self.position(star + 1);
            return Err(self.error(format!("Expected wildcard token to end with ']' on position {at}")));
        }
        self.pos = close + 1;
        self.steps.push(Step::Wildcard);
        Ok(())
    }

    /// `[?(…)]`, the `[` at `open` and the `?` at `question`.
    fn filter(&mut self, open: usize, question: usize) -> Result<(), PathError> {
        let paren = skip_ws(self.bytes, question + 1);
        if self.byte(paren) != Some(b'(') {
            return Err(self.unparsable(open));
        }
        let Some(close) = matching_close(self.bytes, paren, b'(', b')') else {
            let at = self.position(paren);
            return Err(self.error(format!("Filter opened at position {at} is not closed with ')]'")));
        };
        let end = skip_ws(self.bytes, close + 1);
        if self.byte(end) != Some(b']') {
            let at = self.position(end);
            return Err(self.error(format!("Filter must end with ')]': expected ']' at position {at}")));
        }
        let inner = self.text.get(paren + 1..close).unwrap_or_default();
        let expr = filter::parse(inner, self.position(paren + 1), self.depth + 1)?;
        self.pos = end + 1;
        self.steps.push(Step::Filter(Box::new(expr)));
        Ok(())
    }

    /// `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[:2]`, `[-2:]`, the `[` at `open`.
    fn array(&mut self, open: usize) -> Result<(), PathError> {
        let tail = self.bytes.get(open..).unwrap_or_default();
        let Some(close) = tail.iter().position(|&b| b == b']').map(|i| open + i) else {
            return Err(self.unparsable(open));
        };
        let content = self.text.get(open + 1..close).unwrap_or_default().trim();
        let valid = |c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | ':' | ' ');
        if !content.chars().all(valid) {
            return Err(self.unparsable(open));
        }
        let step = if content.contains(':') { slice(content) } else { indices(content) };
        self.steps.push(step.map_err(PathError::new)?);
        self.pos = close + 1;
        Ok(())
    }
}

/// `1:3`, `:2`, `-2:` (Jayway's `ArraySliceOperation.parse`).
fn slice(content: &str) -> Result<Step, String> {
    let failed = || format!("Failed to parse SliceOperation: {content}");
    let parts: Vec<&str> = content.split(':').collect();
    if parts.len() > 2 || content.contains(' ') {
        return Err(failed());
    }
    let bound = |part: Option<&&str>| -> Result<Option<i32>, String> {
        match part {
            None | Some(&"") => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| failed()),
        }
    };
    match (bound(parts.first())?, bound(parts.get(1))?) {
        (None, None) => Err(failed()),
        (from, to) => Ok(Step::Slice(from, to)),
    }
}

/// `0`, `-1`, `0, 2` (Jayway's `ArrayIndexOperation.parse`).
fn indices(content: &str) -> Result<Step, String> {
    let mut indices = Vec::new();
    for token in content.split(',').map(str::trim) {
        let index =
            token.parse::<i32>().map_err(|_| format!("Failed to parse token in ArrayIndexOperation: {token}"))?;
        indices.push(index);
    }
    Ok(match indices.as_slice() {
        [index] => Step::Index(*index),
        _ => Step::Indices(indices),
    })
}

/// The first byte at or after `at` that is not blank.
pub(crate) fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The position of the quote closing the one at `open`, skipping `\` escapes.
pub(crate) fn closing_quote(bytes: &[u8], open: usize) -> Option<usize> {
    let quote = *bytes.get(open)?;
    let mut at = open + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => at += 2,
            _ if b == quote => return Some(at),
            _ => at += 1,
        }
    }
    None
}

/// The position of the `close` matching the `open` at `start`, skipping quoted strings.
pub(crate) fn matching_close(bytes: &[u8], start: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        if b == b'\'' || b == b'"' {
            at = closing_quote(bytes, at)?;
        } else if b == open {
            depth += 1;
        } else if b == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(at);
            }
        }
        at += 1;
    }
    None
}

/// A bracket name's escapes as AWS reads them: `\\` and an escaped quote of the kind that
/// delimits the name; any other backslash stays (recorded: `$['Test\\""Name"']` reads the key
/// `Test\\""Name"`, scenarios escape_sequence_parsing ESCAPE_SEQUENCES_JSONPATH).
fn unescape_name(raw: &str, quote: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next)) if next == quote || next == '\\' => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Resolves Java-style escapes (`\'`, `\"`, `\\`, `\n`, `\uXXXX`, …) in a quoted name or
/// string, as Jayway's `Utils.unescape`; an unknown escape keeps the escaped character.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => out.push(unicode_escape(&mut chars)),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The character of a `\uXXXX` escape (and of a following low surrogate `\uXXXX`).
fn unicode_escape(chars: &mut std::str::Chars<'_>) -> char {
    let high = hex4(chars);
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER);
    }
    let mut ahead = chars.clone();
    if ahead.next() == Some('\\') && ahead.next() == Some('u') {
        let low = hex4(&mut ahead);
        if (0xDC00..0xE000).contains(&low) {
            *chars = ahead;
            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            return char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        }
    }
    char::REPLACEMENT_CHARACTER
}

/// Four hex digits (fewer or invalid ones read as U+FFFD's code).
fn hex4(chars: &mut std::str::Chars<'_>) -> u32 {
    let digits: String = chars.by_ref().take(4).collect();
    u32::from_str_radix(&digits, 16).unwrap_or(0xFFFD)
}

#[cfg(test)]
mod tests {
    use super::super::Path;

    /// `path` parses, and Jayway prints it as `normalized`.
    fn normal(path: &str, normalized: &str) {
        let parsed = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(parsed.normalized(), normalized, "{path}");
    }

    /// `path` does not parse, with `message`.
    fn refuse(path: &str, message: &str) {
        assert_eq!(Path::parse(path).map_err(|e| e.message), Err(message.to_string()), "{path}");
    }

    #[test]
    fn normalized_forms() {
        normal("$", "$");
        normal("$.NoSuchInputPath", "$['NoSuchInputPath']");
        normal("$.a.b", "$['a']['b']");
        normal("$['a'][\"b\"]", "$['a']['b']");
        normal("$.['a']", "$['a']");
        normal("$.a[0]", "$['a'][0]");
        normal("$.a[-1]", "$['a'][-1]");
        normal("$.a[ 0 , 2 ]", "$['a'][0,2]");
        normal("$.a[1:3]", "$['a'][1:3]");
        normal("$.a[:2]", "$['a'][:2]");
        normal("$.a[-2:]", "$['a'][-2:]");
        normal("$.*", "$[*]");
        normal("$[ * ]", "$[*]");
        normal("$..x", "$..['x']");
        normal("$..[0]", "$..[0]");
        normal("$..*", "$..[*]");
        normal("$.a[?(@.x > 1)]", "$['a'][?]");
        normal("$.a.length()", "$['a'].length()");
        normal("$['a','b']", "$['a', 'b']");
        normal("$['it\\'s', \"back\\\\slash\"]", "$['it\\'s', 'back\\\\slash']");
        // Other escapes stay as written in a bracket name (see unescape_name).
        normal("$['a\\nb']", "$['a\\\\nb']");
        normal("$$.Execution.Id", "$['Execution']['Id']");
        normal("  $.a  ", "$['a']");
    }

    #[test]
    fn malformed_paths() {
        refuse("", "Path must not be empty");
        refuse("a.b", "Path must start with '$'");
        refuse("@.a", "Path must start with '$'");
        refuse("$.", "Path must not end with a '.' or '..'");
        refuse("$..", "Path must not end with a '.' or '..'");
        refuse("$.a.", "Path must not end with a '.' or '..'");
        refuse("$...a", "Character '.' on position 3 is not valid.");
        refuse("$-a", "Illegal character at position 1 expected '.' or '['");
        refuse("$$$", "Illegal character at position 2 expected '.' or '['");
        refuse("$.a[0]b", "Illegal character at position 6 expected '.' or '['");
        refuse("$.a b", "Use bracket notation ['my prop'] if your property contains blank characters. position: 2");
        refuse("$.(", "Could not parse token starting at position 2");
        refuse("$[", "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
        refuse("$[a]", "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
        refuse("$[1", "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
        refuse("$[]", "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
        refuse("$[1a]", "Could not parse token starting at position 1. Expected ?, ', 0-9, * ");
        refuse("$['a", "Property has not been closed - missing closing '");
        refuse(
            "$['a'",
            "Property must be separated by comma or Property must be terminated close square bracket at index 5",
        );
        refuse(
            "$['a' 'b']",
            "Property must be separated by comma or Property must be terminated close square bracket at index 6",
        );
        refuse("$['a',]", "Found empty property at index 6");
        refuse("$[*", "Expected wildcard token to end with ']' on position 3");
        refuse("$[0,]", "Failed to parse token in ArrayIndexOperation: ");
        refuse("$[99999999999]", "Failed to parse token in ArrayIndexOperation: 99999999999");
        refuse("$[:]", "Failed to parse SliceOperation: :");
        refuse("$[1:2:3]", "Failed to parse SliceOperation: 1:2:3");
        refuse("$[1 :2]", "Failed to parse SliceOperation: 1 :2");
        refuse("$.a[?(@.x)", "Filter must end with ')]': expected ']' at position 10");
        refuse("$.a[?(@.x]", "Filter opened at position 5 is not closed with ')]'");
        refuse("$.a[?@.x]", "Could not parse token starting at position 3. Expected ?, ', 0-9, * ");
    }

    #[test]
    fn the_script_index_for_the_last_elements_is_counted_from_the_end() {
        normal("$[(@.length-1)].bar", "$[-1]['bar']");
        normal("$.a[( @.length - 2 )]", "$['a'][-2]");
        refuse("$[(@.length)]", "Script expressions are not supported, except (@.length-N): (@.length)");
        refuse("$[(@.x+1)]", "Script expressions are not supported, except (@.length-N): (@.x+1)");
    }

    #[test]
    fn functions_parse_only_at_the_end() {
        refuse("$.a.foo()", "Function with name: foo does not exist.");
        refuse("$.a.first()", "Function first() is not supported");
        refuse("$.a.length().b", "Function length() must be the last step of a path");
        refuse("$.sum($.a)", "Function parameters are not supported: sum(…)");
        refuse("$.a.length(", "Arguments to function: 'length' are not closed properly.");
        refuse("$..length()", "A function cannot follow '..'");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep_filters = format!("${}{}", "[?(@".repeat(100), ")]".repeat(100));
        refuse(&deep_filters, "Path is nested too deeply (more than 64 levels)");
        let deep_parens = format!("$[?({}@.a{})]", "(".repeat(1000), ")".repeat(1000));
        refuse(&deep_parens, "Path is nested too deeply (more than 64 levels)");
        let deep_nots = format!("$[?({}(@.a))]", "!".repeat(1000));
        refuse(&deep_nots, "Path is nested too deeply (more than 64 levels)");
        normal(&format!("$[?({}@.a{})]", "(".repeat(60), ")".repeat(60)), "$[?]");
    }
}

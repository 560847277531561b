//! YAML definitions (`.asl.yaml`, as SAM and the Workflow Studio export them): YAML 1.2 read into
//! the same JSON value a JSON definition gives, with the place of every value kept so that
//! diagnostics name a line and column of the YAML text.
//!
//! The YAML 1.2 core schema decides what a plain scalar is: `null`, `~` and nothing are null;
//! `true`/`false` (any case of the first letter, or all capitals) are booleans; decimal, `0o`
//! octal and `0x` hexadecimal integers and decimal floats are numbers; everything else (`Yes`,
//! `on`, `2024-01-01`) is a string. Anchors and aliases are expanded (within a bound, so a
//! "billion laughs" document is an error); a key may appear once per mapping. CloudFormation's
//! short tags (`!Sub`, `!Ref`, `!GetAtt`, …) become their long form (`{"Fn::Sub": …}`), as
//! CloudFormation reads them; other tags are refused.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use super::load::escape;
use super::source::MAX_DEFINITION_CHARS;
use super::span::Location;

/// Most values an expanded document may hold (aliases included). Nesting is bounded by the
/// parser itself (256 levels: "recursion limit exceeded").
const MAX_NODES: usize = 1_000_000;

/// A YAML document read as JSON, with where each value is.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as JSON.
    pub value: Value,
    places: HashMap<String, Location>,
}

impl Document {
    /// Where the value at `pointer` is in the YAML text.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        self.places.get(pointer).copied()
    }
}

/// A YAML problem: what, and where (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Reads a YAML document (the first of the stream; a second one is an error).
pub fn parse(text: &str) -> Result<Document, YamlError> {
    let mut reader = Reader {
        chars: CharIndex::new(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        places: HashMap::new(),
        nodes: 0,
        text_bytes: 0,
        root: None,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| reader.error_at(e.marker().line(), e.marker().col() + 1, e.info()))?;
        if reader.root.is_some() && matches!(event, Event::DocumentStart(_)) {
            return Err(reader.error(&span, "only one YAML document is allowed"));
        }
        reader.event(event, span)?;
    }
    let value = reader.root.take().unwrap_or(Value::Null);
    Ok(Document { value, places: reader.places })
}

/// A collection being read.
enum Open {
    Sequence { items: Vec<Value>, pointer: String, start: Span, anchor: usize },
    Mapping { map: Map<String, Value>, key: Option<String>, pointer: String, start: Span, anchor: usize },
}

struct Reader {
    chars: CharIndex,
    stack: Vec<Open>,
    anchors: HashMap<usize, Value>,
    places: HashMap<String, Location>,
    nodes: usize,
    /// Bytes of strings and member names so far, aliases expanded.
    text_bytes: usize,
    root: Option<Value>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if self.awaits_key() {
                    return self.key(text.into_owned(), &span);
                }
                let value = self.scalar(&text, style, tag.as_deref(), &span)?;
                self.value(value, anchor, &span, &span)
            }
            Event::Alias(id) => {
                let value = self.anchors.get(&id).cloned().ok_or_else(|| self.error(&span, "unknown alias"))?;
                self.count(&value, &span)?;
                if self.awaits_key() {
                    let key = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
                    return self.key(key, &span);
                }
                self.value(value, 0, &span, &span)
            }
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag.as_deref(), span),
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag.as_deref(), span),
            Event::SequenceEnd | Event::MappingEnd => self.close(&span),
            _ => Ok(()),
        }
    }

    fn awaits_key(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Mapping { key: None, .. }))
    }

    fn key(&mut self, key: String, span: &Span) -> Result<(), YamlError> {
        let Some(Open::Mapping { map, key: slot, .. }) = self.stack.last_mut() else { return Ok(()) };
        if map.contains_key(&key) {
            return Err(self.error(span, &format!("the key \"{key}\" appears twice in this mapping")));
        }
        *slot = Some(key);
        Ok(())
    }

    /// Where the next value goes.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            Some(Open::Sequence { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
            Some(Open::Mapping { key, pointer, .. }) => {
                format!("{pointer}/{}", escape(key.as_deref().unwrap_or_default()))
            }
            None => String::new(),
        }
    }

    fn open(&mut self, mapping: bool, anchor: usize, tag: Option<&Tag>, span: Span) -> Result<(), YamlError> {
        if self.awaits_key() {
            return Err(self.error(&span, "a key must be a scalar (a string, number or boolean)"));
        }
        if let Some(tag) = tag.filter(|t| !(t.is_yaml_core_schema() && matches!(t.suffix.as_str(), "map" | "seq"))) {
            return Err(self.error(&span, &format!("the tag {}{} is not supported here", tag.handle, tag.suffix)));
        }
        let pointer = self.child_pointer();
        self.stack.push(if mapping {
            Open::Mapping { map: Map::new(), key: None, pointer, start: span, anchor }
        } else {
            Open::Sequence { items: Vec::new(), pointer, start: span, anchor }
        });
        Ok(())
    }

    fn close(&mut self, end: &Span) -> Result<(), YamlError> {
        let (value, start, anchor) = match self.stack.pop() {
            Some(Open::Sequence { items, start, anchor, .. }) => (Value::Array(items), start, anchor),
            Some(Open::Mapping { map, start, anchor, .. }) => (Value::Object(map), start, anchor),
            None => return Ok(()),
        };
        self.value(value, anchor, &start, end)
    }

    /// Places a finished value in its parent (or as the document).
    fn value(&mut self, value: Value, anchor: usize, start: &Span, end: &Span) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(start, &format!("the document holds more than {MAX_NODES} values")));
        }
        self.add_text(&value, start)?;
        let pointer = self.child_pointer();
        self.places.insert(pointer, self.location(start, end));
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            Some(Open::Sequence { items, .. }) => items.push(value),
            Some(Open::Mapping { map, key, .. }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
            }
            None => self.root = Some(value),
        }
        Ok(())
    }

    /// An alias's expansion counts as many values as it holds.
    fn count(&mut self, value: &Value, span: &Span) -> Result<(), YamlError> {
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Err(
                    self.error(span, &format!("the document holds more than {MAX_NODES} values (aliases expanded)"))
                );
            }
            self.add_text(v, span)?;
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(map) => stack.extend(map.values()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Counts the text of a string, or of an object's member names: an alias of a long string
    /// repeated many times would make a document far beyond what AWS accepts.
    fn add_text(&mut self, value: &Value, span: &Span) -> Result<(), YamlError> {
        self.text_bytes += match value {
            Value::String(text) => text.len(),
            Value::Object(map) => map.keys().map(String::len).sum(),
            _ => 0,
        };
        if self.text_bytes > MAX_DEFINITION_CHARS {
            let message = format!(
                "the document, aliases expanded, holds more than {MAX_DEFINITION_CHARS} characters of text (AWS accepts definitions of at most {MAX_DEFINITION_CHARS})"
            );
            return Err(self.error(span, &message));
        }
        Ok(())
    }

    fn scalar(&self, text: &str, style: ScalarStyle, tag: Option<&Tag>, span: &Span) -> Result<Value, YamlError> {
        if let Some(tag) = tag {
            return self.tagged(text, tag, span);
        }
        if style != ScalarStyle::Plain {
            return Ok(Value::String(text.to_owned()));
        }
        core_schema(text).map_err(|why| self.error(span, &why))
    }

    /// `!!str 1`, `!!int "1"`, and CloudFormation's short tags (`!Sub x` → `{"Fn::Sub": "x"}`).
    fn tagged(&self, text: &str, tag: &Tag, span: &Span) -> Result<Value, YamlError> {
        if tag.is_yaml_core_schema() {
            return match tag.suffix.as_str() {
                "str" => Ok(Value::String(text.to_owned())),
                "null" | "bool" | "int" | "float" => core_schema(text).map_err(|why| self.error(span, &why)),
                other => Err(self.error(span, &format!("the tag !!{other} is not supported here"))),
            };
        }
        match cloudformation_function(&tag.suffix) {
            Some(name) if tag.handle == "!" => {
                Ok(Value::Object(Map::from_iter([(name, Value::String(text.to_owned()))])))
            }
            _ => Err(self.error(span, &format!("the tag {}{} is not supported", tag.handle, tag.suffix))),
        }
    }

    fn location(&self, start: &Span, end: &Span) -> Location {
        let from = self.chars.byte(start.start.index());
        let to = self.chars.byte(end.end.index()).max(from);
        Location { start: from, end: to, line: start.start.line(), column: start.start.col() + 1 }
    }

    fn error(&self, span: &Span, message: &str) -> YamlError {
        self.error_at(span.start.line(), span.start.col() + 1, message)
    }

    fn error_at(&self, line: usize, column: usize, message: &str) -> YamlError {
        YamlError { message: message.to_owned(), line: line.max(1), column: column.max(1) }
    }
}

/// `Sub` → `Fn::Sub` for CloudFormation's intrinsic function tags (`Ref` stays `Ref`).
fn cloudformation_function(suffix: &str) -> Option<String> {
    const FUNCTIONS: [&str; 14] = [
        "Base64",
        "Cidr",
        "FindInMap",
        "GetAtt",
        "GetAZs",
        "ImportValue",
        "Join",
        "Select",
        "Split",
        "Sub",
        "Transform",
        "If",
        "Equals",
        "Length",
    ];
    match suffix {
        "Ref" | "Condition" => Some(suffix.to_owned()),
        s if FUNCTIONS.contains(&s) => Some(format!("Fn::{s}")),
        _ => None,
    }
}

/// A plain scalar under the YAML 1.2 core schema.
fn core_schema(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Err(format!("the number {text} has no JSON form")),
        _ => {}
    }
    if let Some(number) = integer(text).or_else(|| float(text)) {
        return Ok(Value::Number(number));
    }
    Ok(Value::String(text.to_owned()))
}

fn integer(text: &str) -> Option<Number> {
    let radix = |digits: &str, radix: u32| u64::from_str_radix(digits, radix).ok().map(Number::from);
    if let Some(octal) = text.strip_prefix("0o") {
        return radix(octal, 8);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    text.parse::<i64>()
        .map(Number::from)
        .ok()
        .or_else(|| text.parse::<u64>().map(Number::from).ok())
        .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64))
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn float(text: &str) -> Option<Number> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if !(mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse::<f64>().ok().and_then(Number::from_f64)
}

/// Character index → byte offset (the parser counts characters).
struct CharIndex {
    /// For every character longer than one byte: its character index and the byte offset just
    /// after it.
    wide: Vec<(usize, usize)>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let wide = text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| c.len_utf8() > 1)
            .map(|(i, (b, c))| (i, b + c.len_utf8()))
            .collect();
        CharIndex { wide }
    }

    /// The byte offset of character `char_index`: after the last wide character before it,
    /// every character is one byte.
    fn byte(&self, char_index: usize) -> usize {
        let before = self.wide.partition_point(|(i, _)| *i < char_index);
        match before.checked_sub(1).and_then(|k| self.wide.get(k)) {
            Some((i, after)) => after + (char_index - i - 1),
            None => char_index,
        }
    }
}

#[cfg(test)]
mod tests;

//! A definition's text, read as JSON or as YAML, with the place of every value.

use json_value::Value;

use super::diagnostic::{Code, Diagnostic};
use super::span::{locate, Location};
use super::yaml;

/// The format a definition was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (what AWS's API takes).
    Json,
    /// YAML (`.asl.yaml`, as SAM and CloudFormation templates carry it).
    Yaml,
}

/// A definition read from its text.
#[derive(Debug, Clone)]
pub struct Source<'t> {
    /// The text as written.
    pub text: &'t str,
    /// The format it was read as.
    pub format: Format,
    /// The document.
    pub value: Value,
    yaml: Option<yaml::Document>,
}

/// The longest definition AWS accepts, in characters (API reference, CreateStateMachine:
/// "definition … Maximum length of 1048576").
pub const MAX_DEFINITION_CHARS: usize = 1_048_576;

impl<'t> Source<'t> {
    /// Reads `text`: JSON when it starts with `{` or `[` (after white space), YAML otherwise.
    pub fn read(text: &'t str) -> Result<Source<'t>, Diagnostic> {
        if text.len() > MAX_DEFINITION_CHARS && text.chars().count() > MAX_DEFINITION_CHARS {
            let message = format!(
                "The definition has {} characters; AWS accepts at most {MAX_DEFINITION_CHARS} (\"Member must have length less than or equal to 1048576\")",
                text.chars().count()
            );
            return Err(Diagnostic { code: Code::TooLarge, message, pointer: String::new(), line: 1, column: 1 });
        }
        if text.starts_with('\u{feff}') {
            let message =
                "The definition starts with a byte-order mark (U+FEFF), which JSON does not allow: save it without one";
            return Err(Diagnostic {
                code: Code::InvalidJson,
                message: message.into(),
                pointer: String::new(),
                line: 1,
                column: 1,
            });
        }
        if text.trim_start().starts_with(['{', '[']) || text.trim().is_empty() {
            return read_json(text);
        }
        let document = yaml::parse(text).map_err(|e| Diagnostic {
            code: Code::InvalidYaml,
            message: format!("The definition is neither JSON nor valid YAML: {}", e.message),
            pointer: String::new(),
            line: e.line,
            column: e.column,
        })?;
        Ok(Source { text, format: Format::Yaml, value: Value::from(&document.value), yaml: Some(document) })
    }

    /// Where the value at `pointer` is in the text.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        match &self.yaml {
            Some(document) => document.locate(pointer),
            None => locate(self.text, pointer),
        }
    }

    /// 1-based line and column of the value at `pointer` (1:1 when it cannot be found).
    pub fn line_column(&self, pointer: &str) -> (usize, usize) {
        self.locate(pointer).map_or((1, 1), |l| (l.line, l.column))
    }
}

/// The deepest nesting a definition's JSON may have: the engine's documents' limit, and what
/// AWS's Jackson refuses beyond by default.
pub const MAX_DEFINITION_DEPTH: usize = 1_000;

/// JSON, read without recursion (a definition of Parallels nested hundreds deep is valid) and
/// with every member name once per object: the same state twice in one `States` is AWS's
/// DUPLICATE_STATE_NAME; any other repeated member is refused as well (our rule: JSON leaves
/// duplicates undefined, and the YAML reader refuses them too).
fn read_json(text: &str) -> Result<Source<'_>, Diagnostic> {
    let options = json_value::ParseOptions { max_depth: MAX_DEFINITION_DEPTH, reject_duplicate_keys: true };
    let document = json_value::from_str_with(text, options).map_err(|e| json_error(&e))?;
    Ok(Source { text, format: Format::Json, value: document, yaml: None })
}

fn json_error(error: &json_value::ParseError) -> Diagnostic {
    let in_states = error.pointer == "/States" || error.pointer.ends_with("/States");
    let (code, message) = match &error.duplicate {
        Some(name) if in_states => (Code::DuplicateStateName, format!("Duplicate State name: {name}")),
        Some(name) => (Code::InvalidJson, format!("Duplicate field \"{name}\": a member name appears twice in one object")),
        None if error.message.contains("nested deeper") => (
            Code::InvalidJson,
            format!("The definition nests deeper than {MAX_DEFINITION_DEPTH} levels, the limit of this interpreter (and of AWS's JSON parser by default)"),
        ),
        None => (Code::InvalidJson, format!("The definition is not valid JSON: {}", error.message)),
    };
    Diagnostic { code, message, pointer: error.pointer.clone(), line: error.line, column: error.column }
}

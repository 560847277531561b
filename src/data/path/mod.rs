//! ASL paths: AWS Step Functions' JSONPath, which is the Jayway JsonPath (Java) dialect rather
//! than RFC 9535. A [`Path`] is parsed once ([`Path::parse`]) and evaluated many times
//! ([`Path::eval`]); a reference path also writes (`ResultPath`, [`Path::set`]).
//!
//! Supported: `$`, `$$` (the context object), `.name`, `['name']`, `["name"]` (Java escapes),
//! `['a','b']` (at the leaf: an object of those members), `[0]`, `[-1]`, `[0,2]`, `[1:3]`,
//! `[:2]`, `[-2:]`, `.*`, `[*]`, `..name`, `..[0]`, `..*`, filters `[?(…)]` (see `filter.rs`)
//! and a last function without parameters: `length()`, `size()`, `min()`, `max()`, `avg()`,
//! `sum()`, `stddev()`, `keys()`.
//!
//! Refused when parsing, with a [`PathError`]: regular expressions (`=~ /…/`), functions with
//! parameters or not at the end, `concat()`/`append()`/`first()`/`last()`/`index()`, Jayway's
//! `all`/`type`/`matches` filter operators, slice steps (`[::2]`), and nesting deeper than
//! [`MAX_DEPTH`].
//!
//! Results follow Jayway's rules: a definite path (names, single indices, a function, or
//! several names at the leaf) gives one value or fails; an indefinite one gives an array of
//! what it reached, possibly empty, skipping members that are missing on the way.
//!
//! Sources: json-path/JsonPath (`PathCompiler`, the `*PathToken` classes, `FilterCompiler`,
//! `ValueNodes`, `EvaluatorFactory`, `EvaluationContextImpl`); AWS's own error texts where
//! they differ, cited in `eval.rs`; LocalStack's `InputPath` cause ("Invalid path '$.x' : No
//! results for path: $['x']"); the AWS developer guide pages "Paths" and "ResultPath".

mod eval;
mod filter;
mod function;
mod parse;
mod predicate;
mod scan;
mod set;
mod step;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use json_value::Value;

use step::{Query, Step};

/// How deeply filters, parentheses and `!` may nest in one path.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSONPath, rooted at `$` (the state input / effective input) or `$$` (the context object).
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    text: std::borrow::Cow<'static, str>,
    root: Root,
    variable: Option<String>,
    query: Query,
}

/// What a path's `$` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state input (or the effective input, or the result, as the field says).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable (its name: [`Path::variable`]).
    Variable,
}

/// Why a path did not parse, evaluate or apply; `message` is ready for a diagnostic or a cause.
#[derive(Clone, Debug, PartialEq)]
pub struct PathError {
    /// The explanation, in Jayway's words where it has some (`No results for path: $['a']`).
    pub message: String,
    /// The evaluation stopped at an interpreter limit (the message says which), not because
    /// nothing matched.
    pub limit: bool,
}

impl PathError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> PathError {
        PathError { message: message.into(), limit: false }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

impl Path {
    /// Parses a path such as `$.a[0]`, `$..x`, `$.a[?(@.x > 1)]` or `$$.Execution.Id`; blanks
    /// around it are ignored, as Jayway does.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let offset = text.get(..lead).map_or(0, |blanks| blanks.chars().count());
        let mut variable = None;
        let (root, query) = match trimmed.strip_prefix('$') {
            Some(rest) if rest.starts_with('$') => (Root::Context, parse::parse_query(rest, false, offset + 1, 0)?),
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') => {
                let length = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
                let (name, tail) = rest.split_at(length);
                variable = Some(name.to_owned());
                (Root::Variable, parse::parse_query(&format!("${tail}"), false, offset + length, 0)?)
            }
            Some(_) => (Root::Input, parse::parse_query(trimmed, false, offset, 0)?),
            None if trimmed.is_empty() => return Err(PathError::new("Path must not be empty")),
            None => return Err(PathError::new("Path must start with '$'")),
        };
        Ok(Path { text: text.to_string().into(), root, variable, query })
    }

    /// `$`, the whole input: the default of `InputPath`, `OutputPath` and `ResultPath` (made
    /// without parsing, as every state that leaves them out needs it).
    pub fn whole_input() -> Path {
        Path { text: "$".into(), root: Root::Input, variable: None, query: Query { at_item: false, steps: Vec::new() } }
    }

    /// For a `$name…` path, the variable's name.
    pub fn variable(&self) -> Option<&str> {
        self.variable.as_deref()
    }

    /// Whether the path reads the input (`$`), the context object (`$$`) or a variable (`$name`).
    pub fn root(&self) -> Root {
        self.root
    }

    /// The member names of a path made only of them (`$$.Map.Item.Index`: `Map`, `Item`,
    /// `Index`); `None` for any other step (an index, a wildcard, a filter, a function).
    pub fn member_names(&self) -> Option<impl Iterator<Item = &str> + '_> {
        fn name(step: &Step) -> Option<&str> {
            match step {
                Step::Name(name) => Some(name),
                _ => None,
            }
        }
        let steps = &self.query.steps;
        steps.iter().all(|step| name(step).is_some()).then(|| steps.iter().filter_map(name))
    }

    /// The text the path was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Jayway's `isDefinite()`: no wildcard, deep scan, filter, slice, several indices, nor
    /// several names before the last step. A definite path gives one value, not an array.
    pub fn is_definite(&self) -> bool {
        self.query.is_definite()
    }

    /// ASL's "Reference Path": only names and single indices (`$.a.b`, `$['a'][0]`), so one
    /// node; what `ResultPath`, `OutputPath` and `ItemsPath` accept.
    pub fn is_reference_path(&self) -> bool {
        self.query.steps.iter().all(|step| matches!(step, Step::Name(_) | Step::Index(_)))
    }

    /// Evaluates against `root`: the input for [`Root::Input`], the context object for
    /// [`Root::Context`] (the caller passes the right document).
    ///
    /// A definite path gives its single value, or an error when nothing matches, in Jayway's
    /// words: `No results for path: $['a']['b']` (nothing at the leaf), `Missing property in
    /// path $['a']` (a member missing before it), `Property ['b'] not found in path $['a']` (a
    /// name into a non-object). An indefinite path gives a `Value::Array` of all matches,
    /// possibly empty (Jayway returns `[]` rather than an error). Only the result is cloned.
    pub fn eval(&self, root: &Value) -> Result<Value, PathError> {
        self.eval_ref(root).map(Cow::into_owned)
    }

    /// The value a path of member names and single indices reaches in `root`, if it is such a
    /// path and reaches one: [`Path::eval_ref`]'s usual case, for callers that go on to it only
    /// when this finds nothing.
    pub fn found<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        eval::found(&self.query, root)
    }

    /// [`Path::eval`] without the clone where it can: a definite path without function
    /// borrows its value from `root` (`$` costs nothing), other paths give an owned value.
    pub fn eval_ref<'a>(&self, root: &'a Value) -> Result<Cow<'a, Value>, PathError> {
        eval::read(&self.query, root, root, false).map_err(|fault| {
            let limit = matches!(fault, eval::Fault::Limit(_));
            PathError { message: fault.into_message(), limit }
        })
    }

    /// Jayway's normalized text of the path, e.g. "$['NoSuchInputPath']", "$['a'][0]", used in
    /// AWS cause texts. A `$$` path prints from the context object's `$`.
    pub fn normalized(&self) -> String {
        self.query.normalized()
    }

    /// For `ResultPath`: `root` with `value` written at this reference path, creating missing
    /// objects on the way as AWS does; `$` replaces the whole document. Fails, with a message for
    /// the `States.ResultPathMatchFailure` cause, when a name meets a non-object, an index meets
    /// a non-array or is out of range, or the path is no reference path or starts with `$$`.
    pub fn set(&self, root: Value, value: Value) -> Result<Value, PathError> {
        set::write(&self.query, self.root, &self.text, root, value)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Path {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Path, PathError> {
        Path::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use json_value::json;

    use super::{Path, PathError, Root};

    /// Parses a path the test knows to be valid.
    fn path(text: &str) -> Path {
        Path::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_whole_input_is_the_path_dollar() {
        assert_eq!(Path::whole_input(), path("$"));
        assert_eq!(Path::whole_input().eval(&json!({"a": 1})).ok(), Some(json!({"a": 1})));
    }

    #[test]
    fn roots_and_text() {
        assert_eq!(path("$.a").root(), Root::Input);
        assert_eq!(path("$$.Execution.Id").root(), Root::Context);
        assert_eq!(path("$$").root(), Root::Context);
        assert_eq!(path(" $.a ").text(), " $.a ");
        assert_eq!(path("$['a'][0]").to_string(), "$['a'][0]");
        assert_eq!("$.a".parse::<Path>(), Ok(path("$.a")));
        assert_eq!("a".parse::<Path>().map_err(|e| e.to_string()), Err("Path must start with '$'".to_string()));
        assert_eq!(PathError::new("x").to_string(), "x");
    }

    #[test]
    fn definite_paths() {
        for text in ["$", "$.a", "$['a'][0]", "$.a[-1]", "$['a','b']", "$.a.length()", "$$.Map.Item.Value"] {
            assert!(path(text).is_definite(), "{text}");
        }
        for text in ["$.*", "$.a[*]", "$..a", "$.a[0,1]", "$.a[1:2]", "$.a[?(@.x)]", "$['a','b'].c", "$[*].length()"] {
            assert!(!path(text).is_definite(), "{text}");
        }
    }

    #[test]
    fn reference_paths() {
        for text in ["$", "$.a.b", "$['a'][0]", "$.a[-1]", "$$.Execution.Input"] {
            assert!(path(text).is_reference_path(), "{text}");
        }
        for text in ["$.*", "$..a", "$.a[0,1]", "$.a[1:]", "$.a[?(@.x)]", "$['a','b']", "$.a.length()"] {
            assert!(!path(text).is_reference_path(), "{text}");
        }
    }

    #[test]
    fn eval_and_set_round_trip() {
        let input = json!({"a": {"b": 1}});
        let result_path = path("$.a.c");
        let output = result_path.set(input, json!([2])).unwrap();
        assert_eq!(output, json!({"a": {"b": 1, "c": [2]}}));
        assert_eq!(result_path.eval(&output), Ok(json!([2])));
        assert!(matches!(path("$").eval_ref(&output), Ok(Cow::Borrowed(v)) if *v == output));
        assert!(matches!(path("$.a.b").eval_ref(&output), Ok(Cow::Borrowed(v)) if *v == json!(1)));
        assert!(matches!(path("$.a.*").eval_ref(&output), Ok(Cow::Owned(v)) if v == json!([1, [2]])));
    }

    /// Every short string over the path alphabet, and longer pseudo-random ones, parse or
    /// fail without panicking, and what parses evaluates without panicking.
    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "$.[]'\"?()@*:,-0a !<=&|\\{}/".chars().collect();
        let doc = json!({"a": [1, {"a": "x", "0": null}], "0": {"a": [true]}});
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer.into_iter().filter(|t| t.starts_with('$')));
        }
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut text = String::from("$");
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            texts.push(text);
        }
        for text in &texts {
            if let Ok(parsed) = Path::parse(text) {
                let _ = parsed.eval(&doc);
                let _ = parsed.set(doc.clone(), json!(1));
                let _ = parsed.normalized();
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use json_value::Value;

    use super::Path;

    /// `path` evaluated on `input` gives `expected` (a value or an error message).
    pub(crate) fn give(path: &str, input: Value, expected: Result<Value, &str>) {
        let parsed = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(parsed.eval(&input).map_err(|e| e.message), expected.map_err(String::from), "{path}");
    }
}

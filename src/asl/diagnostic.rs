//! A problem found in a definition, with where it is.

use serde::Serialize;

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// The text is not JSON: `{"StartAt": }`.
    InvalidJson,
    /// A required field is absent: a definition without `States`.
    MissingField,
    /// A field has the wrong JSON type: `"StartAt": 3`.
    WrongType,
    /// A name refers to no state: `"StartAt": "Nowhere"`.
    UnknownState,
    /// `Type` names no ASL state type: `"Type": "Sleep"`.
    UnknownStateType,
}

/// One problem in a definition: what, and where (JSON pointer plus 1-based line and column).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The kind of problem.
    pub code: Code,
    /// A sentence saying what is wrong.
    pub message: String,
    /// RFC 6901 pointer to the offending value (`""` for the whole document).
    pub pointer: String,
    /// 1-based line of the offending value in the source text.
    pub line: usize,
    /// 1-based column (in characters) of the offending value.
    pub column: usize,
}

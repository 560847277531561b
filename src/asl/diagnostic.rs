//! A problem found in a definition, with where it is.

use serde::Serialize;

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// The text is not JSON: `{"StartAt": }`.
    InvalidJson,
    /// The text is neither JSON nor valid YAML: `a: [1`.
    InvalidYaml,
    /// A required field is absent: a definition without `States`.
    MissingField,
    /// A field has the wrong JSON type: `"StartAt": 3`.
    WrongType,
    /// A name refers to no state: `"StartAt": "Nowhere"`.
    UnknownState,
    /// `Type` names no ASL state type: `"Type": "Sleep"`.
    UnknownStateType,
    /// A field that this state type (or this place) does not have: `"Retry"` on a Pass state.
    UnknownField,
    /// Fields that exclude each other, or a required choice among fields left open:
    /// `Next` with `End`, a Wait with both `Seconds` and `Timestamp`, a Choice rule with two operators.
    FieldConflict,
    /// A value of the right type but not allowed: `"MaxAttempts": -1`, a bad timestamp.
    InvalidValue,
    /// A path that is not valid JSONPath, or not a reference path where one is required.
    InvalidPath,
    /// A `.$` value that is neither a path nor a valid intrinsic function call.
    InvalidIntrinsic,
    /// A state that no path from `StartAt` reaches.
    UnreachableState,
    /// A workflow (the top level, a branch, an item processor) with no state that ends it:
    /// every state has a `Next` (AWS: `MISSING_END_STATE`).
    MissingEndState,
    /// Two states of one state machine with the same name, even in different branches or item
    /// processors (AWS: `DUPLICATE_STATE_NAME`).
    DuplicateStateName,
    /// A state name longer than 80 characters (AWS: `INVALID_STATE_NAME`).
    NameTooLong,
    /// A Map `Label` that is empty, longer than 40 characters or holds a character AWS forbids
    /// (AWS: `INVALID_LABEL_NAME`).
    InvalidLabelName,
    /// Two Map states with the same `Label` (AWS: `DUPLICATE_LABEL_NAME`).
    DuplicateLabelName,
    /// A definition longer than the 1,048,576 characters AWS accepts.
    TooLarge,
    /// `States.ALL` in a Retrier or Catcher that is not alone and last.
    StatesAllNotLast,
    /// A feature this interpreter does not run yet (it says which).
    Unsupported,
}

impl Code {
    /// The diagnostic code AWS's `ValidateStateMachineDefinition` gives this kind of problem
    /// (`SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, …); `UNSUPPORTED` is ours.
    pub fn aws(self) -> &'static str {
        match self {
            Code::InvalidJson | Code::InvalidYaml => "INVALID_JSON_DESCRIPTION",
            Code::UnknownState | Code::UnreachableState => "MISSING_TRANSITION_TARGET",
            Code::MissingEndState => "MISSING_END_STATE",
            Code::DuplicateStateName => "DUPLICATE_STATE_NAME",
            Code::NameTooLong => "INVALID_STATE_NAME",
            Code::InvalidLabelName => "INVALID_LABEL_NAME",
            Code::DuplicateLabelName => "DUPLICATE_LABEL_NAME",
            Code::Unsupported => "UNSUPPORTED",
            _ => "SCHEMA_VALIDATION_FAILED",
        }
    }
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

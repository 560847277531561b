//! ASL errors: the predefined `States.*` names, and the `{Error, Cause}` a failure carries.

use serde::Serialize;

/// A predefined error name of the States Language ("States.…"), or any other name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorName {
    /// `States.ALL`: matches every error but `States.Runtime` and `States.DataLimitExceeded`.
    All,
    /// `States.DataLimitExceeded`: a payload over 262,144 bytes.
    DataLimitExceeded,
    /// `States.ExceedToleratedFailureThreshold`: a Map had more failed items than tolerated.
    ExceedToleratedFailureThreshold,
    /// `States.HeartbeatTimeout`: a task sent no heartbeat within `HeartbeatSeconds`.
    HeartbeatTimeout,
    /// `States.IntrinsicFailure`: an intrinsic function failed.
    IntrinsicFailure,
    /// `States.NoChoiceMatched`: no Choice rule matched and there is no `Default`.
    NoChoiceMatched,
    /// `States.ParameterPathFailure`: a `.$` field's path found nothing.
    ParameterPathFailure,
    /// `States.Permissions`: insufficient privileges.
    Permissions,
    /// `States.ResultPathMatchFailure`: `ResultPath` cannot be applied to the input.
    ResultPathMatchFailure,
    /// `States.Runtime`: a runtime problem in the definition's data flow; never caught by `States.ALL`.
    Runtime,
    /// `States.TaskFailed`: a task failed; matches every error but `States.Timeout`.
    TaskFailed,
    /// `States.Timeout`: a state ran longer than `TimeoutSeconds`.
    Timeout,
    /// `States.QueryEvaluationError`: a JSONata expression failed.
    QueryEvaluationError,
    /// `States.BranchFailed`: a Parallel branch failed (reported with the branch's own error).
    BranchFailed,
    /// `States.ItemReaderFailed`: a Distributed Map could not read its items.
    ItemReaderFailed,
    /// `States.ResultWriterFailed`: a Distributed Map could not write its results.
    ResultWriterFailed,
}

impl ErrorName {
    const NAMES: [(ErrorName, &'static str); 16] = [
        (ErrorName::All, "States.ALL"),
        (ErrorName::DataLimitExceeded, "States.DataLimitExceeded"),
        (ErrorName::ExceedToleratedFailureThreshold, "States.ExceedToleratedFailureThreshold"),
        (ErrorName::HeartbeatTimeout, "States.HeartbeatTimeout"),
        (ErrorName::IntrinsicFailure, "States.IntrinsicFailure"),
        (ErrorName::NoChoiceMatched, "States.NoChoiceMatched"),
        (ErrorName::ParameterPathFailure, "States.ParameterPathFailure"),
        (ErrorName::Permissions, "States.Permissions"),
        (ErrorName::ResultPathMatchFailure, "States.ResultPathMatchFailure"),
        (ErrorName::Runtime, "States.Runtime"),
        (ErrorName::TaskFailed, "States.TaskFailed"),
        (ErrorName::Timeout, "States.Timeout"),
        (ErrorName::QueryEvaluationError, "States.QueryEvaluationError"),
        (ErrorName::BranchFailed, "States.BranchFailed"),
        (ErrorName::ItemReaderFailed, "States.ItemReaderFailed"),
        (ErrorName::ResultWriterFailed, "States.ResultWriterFailed"),
    ];

    /// The name as ASL spells it.
    pub fn as_str(self) -> &'static str {
        Self::NAMES.iter().find(|(n, _)| *n == self).map_or("States.Runtime", |(_, s)| s)
    }

    /// The predefined error with this spelling.
    pub fn from_name(name: &str) -> Option<ErrorName> {
        Self::NAMES.iter().find(|(_, s)| *s == name).map(|(n, _)| *n)
    }
}

/// Does a Retrier's or Catcher's `ErrorEquals` entry match the error `name`? States.Runtime is
/// never caught nor retried, not even by name (AWS-recorded: LocalStack's snapshot
/// `scenarios/test_base_scenarios` `test_catch_states_runtime`). A `terminal` failure (a
/// States.DataLimitExceeded of the state's own data) is matched only by name; States.ALL matches
/// everything else, States.TaskFailed everything but States.Timeout. A task's result over the
/// limit is not terminal: States.ALL catches it (recorded: `error_handling/test_states_errors`
/// `…catch_state_all_data_limit_exceeded_on_large_utf8_response`).
pub fn error_matches(pattern: &str, name: &str, terminal: bool) -> bool {
    if name == ErrorName::Runtime.as_str() {
        return false;
    }
    match ErrorName::from_name(pattern) {
        Some(ErrorName::All) => !terminal,
        Some(ErrorName::TaskFailed) => !terminal && name != ErrorName::Timeout.as_str(),
        _ => pattern == name,
    }
}

/// A failure: an error name and a cause, as ASL's error output `{"Error", "Cause"}` carries them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The error name (`States.*` or a custom name).
    #[serde(rename = "Error")]
    pub error: String,
    /// Human-readable detail.
    #[serde(rename = "Cause")]
    pub cause: String,
    /// The field whose evaluation failed (`Items`, `Output/result`), for `EvaluationFailed`.
    #[serde(skip)]
    pub location: Option<String>,
}

impl Failure {
    /// A failure with a predefined error name.
    pub fn new(name: ErrorName, cause: impl Into<String>) -> Failure {
        Failure { error: name.as_str().to_owned(), cause: cause.into(), location: None }
    }

    /// The same failure, located in `field`.
    pub fn at(self, field: &str) -> Failure {
        Failure { location: Some(field.to_owned()), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, text) in ErrorName::NAMES {
            assert_eq!(ErrorName::from_name(text), Some(name));
            assert_eq!(name.as_str(), text);
        }
        assert_eq!(ErrorName::from_name("Lambda.ServiceException"), None);
    }

    // AWS Step Functions developer guide, "Error handling": States.ALL does not catch States.Runtime
    // (nor States.DataLimitExceeded); States.TaskFailed matches any known error but States.Timeout.
    #[test]
    fn matching_rules_follow_the_developer_guide() {
        let table = [
            ("States.ALL", "Custom", false, true),
            ("States.ALL", "States.Timeout", false, true),
            ("States.ALL", "States.Runtime", true, false),
            ("States.Runtime", "States.Runtime", true, false),
            ("States.ALL", "States.DataLimitExceeded", true, false),
            ("States.DataLimitExceeded", "States.DataLimitExceeded", true, true),
            ("States.ALL", "States.DataLimitExceeded", false, true),
            ("States.TaskFailed", "Lambda.ServiceException", false, true),
            ("States.TaskFailed", "States.Timeout", false, false),
            ("States.TaskFailed", "States.Runtime", true, false),
            ("States.Timeout", "States.Timeout", false, true),
            ("Custom", "Custom", false, true),
            ("Custom", "custom", false, false),
        ];
        for (pattern, name, terminal, expected) in table {
            assert_eq!(error_matches(pattern, name, terminal), expected, "{pattern} vs {name}");
        }
    }
}

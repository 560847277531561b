//! Errors explained: what a failed run's error means in plain words, the AWS page that says
//! more, and — when the cause is in the definition and the linter knows the edit — the fix.
//! The texts paraphrase AWS's developer guide ("Handling errors in Step Functions workflows",
//! its list of `States.*` error names).

use crate::asl::lint::{self, Fix};

/// What the page says about a failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// One line: what happened.
    pub headline: String,
    /// Why, and what to do.
    pub text: String,
    /// The AWS documentation page.
    pub doc: &'static str,
    /// The edit that removes the cause, when it is in the definition.
    pub fix: Option<Fix>,
}

const DOC_ERRORS: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html";

/// The explanation of an execution that failed with `error` and `cause`, for `definition`.
pub fn explain(error: &str, cause: &str, definition: &str) -> Explanation {
    let state = failed_state(cause);
    let fix = state.as_deref().and_then(|s| catch_fix(definition, s, error));
    let (headline, text) = match error {
        "States.Runtime" if fix.is_some() => (
            format!("{} could not read its input: a Catch without ResultPath replaced it", state.as_deref().unwrap_or("A state")),
            "The state was reached through a Catch that has no ResultPath, so its input is only the error output ({\"Error\", \"Cause\"}): the paths it reads are gone. Give the Catch \"ResultPath\": \"$.error\" to keep the original input and add the error beside it.".to_owned(),
        ),
        _ => generic(error),
    };
    Explanation { headline, text, doc: DOC_ERRORS, fix }
}

/// The state a cause names: "An error occurred while executing the state 'X' …".
fn failed_state(cause: &str) -> Option<String> {
    let rest = cause.split_once("executing the state '")?.1;
    Some(rest.split_once('\'')?.0.to_owned())
}

/// The linter's ResultPath fix for a Catch that leads to `state`, when the failure is one a
/// missing path gives.
fn catch_fix(definition: &str, state: &str, error: &str) -> Option<Fix> {
    if error != "States.Runtime" {
        return None;
    }
    let warnings = lint::lint(definition);
    let wanted = format!("\"{state}\" then reads");
    warnings.into_iter().find(|w| w.code == "CATCH_WITHOUT_RESULT_PATH" && w.message.contains(&wanted))?.fix
}

fn generic(error: &str) -> (String, String) {
    let (headline, text): (&str, &str) = match error {
        "States.Runtime" => ("The definition's data flow broke (States.Runtime)", "A path found nothing, or a value had a type the field cannot take (the cause names the state and the path). States.Runtime is never retried nor caught, not even by States.ALL: fix the path or the data that reaches it."),
        "States.Timeout" => ("A state ran longer than its TimeoutSeconds (States.Timeout)", "The task (or the whole execution) took longer than allowed. Retry it if a slow answer is transient, or raise the timeout."),
        "States.HeartbeatTimeout" => ("A task stopped sending heartbeats (States.HeartbeatTimeout)", "A task with HeartbeatSeconds did not report within that time."),
        "States.TaskFailed" => ("A task failed (States.TaskFailed)", "The integration reported an error. A Retrier or Catcher with States.TaskFailed or States.ALL handles it."),
        "States.DataLimitExceeded" => ("A document passed 256 KiB (States.DataLimitExceeded)", "Step Functions passes at most 262,144 bytes between states. Keep large data in S3 and pass its key; a Distributed Map reads large item lists from S3."),
        "States.NoChoiceMatched" => ("No Choice rule matched (States.NoChoiceMatched)", "None of the Choice state's rules matched its input and it has no Default. Add a Default, or a rule for this input."),
        "States.ResultPathMatchFailure" => ("ResultPath could not be applied (States.ResultPathMatchFailure)", "ResultPath names a place the input cannot hold (a field of a value that is not an object). Point ResultPath elsewhere, or reshape the input."),
        "States.ParameterPathFailure" => ("A parameter's path found nothing (States.ParameterPathFailure)", "A \"….$\" field of Parameters, ItemSelector or ResultSelector names a path the input does not have."),
        "States.IntrinsicFailure" => ("An intrinsic function failed (States.IntrinsicFailure)", "A States.* function got arguments it cannot use; the cause says which."),
        "States.QueryEvaluationError" => ("A JSONata expression failed (States.QueryEvaluationError)", "A {% … %} expression failed or gave a value the field cannot take; the cause has JSONata's message."),
        "States.ExceedToleratedFailureThreshold" => ("Too many Map items failed (States.ExceedToleratedFailureThreshold)", "More items failed than ToleratedFailureCount or ToleratedFailurePercentage allow; the Map Runs panel shows which child executions failed and why."),
        "States.ItemReaderFailed" => ("A Distributed Map could not read its items (States.ItemReaderFailed)", "The ItemReader's object is missing or not in the format ReaderConfig says; check the S3 panel and InputType."),
        "States.ResultWriterFailed" => ("A Distributed Map could not write its results (States.ResultWriterFailed)", "The ResultWriter's bucket does not exist in the S3 panel, or a write failed."),
        "States.BranchFailed" => ("A Parallel branch failed (States.BranchFailed)", "One branch failed, so the Parallel state failed and stopped the other branches."),
        "States.Permissions" => ("Not allowed (States.Permissions)", "The execution's role lacks a permission the state needs."),
        "MockResponseMissing" => ("Nothing answered a task (MockResponseMissing)", "This task calls an integration that has no handler, static response or test case here; the cause names it."),
        _ => return (format!("The execution failed with {error}"), "A task or a Fail state raised this error: a Retrier or Catcher that names it (or States.ALL) handles it.".to_owned()),
    };
    (headline.to_owned(), text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_throttled_four_times_failure_is_explained_with_its_fix() {
        // What the order workflow gives when CheckInventory's retries run out (its mock config's
        // ThrottledFourTimes case): NotifyFailure reads $.orderId from the error output.
        let cause = "An error occurred while executing the state 'NotifyFailure' (entered at the event id #12). The JsonPath argument for the field '$.orderId' could not be found in the input '{\"Error\":\"Lambda.TooManyRequestsException\",\"Cause\":\"Rate exceeded\"}'";
        let explanation = explain("States.Runtime", cause, crate::examples::order().definition);
        assert!(explanation.headline.starts_with("NotifyFailure could not read its input"), "{}", explanation.headline);
        let fix = explanation.fix.expect("a fix");
        assert_eq!((fix.pointer.as_str(), fix.key.as_str()), ("/States/CheckInventory/Catch/0", "ResultPath"));
    }

    #[test]
    fn every_error_has_words_and_unknown_ones_too() {
        for error in ["States.Timeout", "States.NoChoiceMatched", "States.DataLimitExceeded", "Lambda.Unknown"] {
            let e = explain(error, "", "{}");
            assert!(!e.text.is_empty() && e.headline.contains(error) && e.fix.is_none(), "{error}: {e:?}");
        }
    }
}

//! AWS Step Functions Local's MockConfigFile: `StateMachines.<name>.TestCases.<case>` maps state
//! names to entries of `MockedResponses`, whose keys (`"0"`, `"1-2"`) count the invocations of
//! that state in the execution, each answering `Return` (the service's raw response) or
//! `Throw {Error, Cause}`.

use std::collections::HashMap;

use json_value::Value;

use crate::engine::TaskResult;

/// One test case's mocks: per state name, its responses as ranges of invocation numbers (kept
/// as ranges: `"0-99999"` is one entry, not a hundred thousand).
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The test case's name.
    pub name: String,
    responses: HashMap<String, Vec<Answer>>,
}

/// The response to invocations `first..=last` of a state.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    first: usize,
    last: usize,
    result: TaskResult,
}

impl TestCase {
    /// The answer to invocation number `invocation` (0-based) of state `state`.
    pub fn response(&self, state: &str, invocation: usize) -> Option<&TaskResult> {
        let answers = self.responses.get(state)?;
        let at = answers.partition_point(|a| a.last < invocation);
        answers.get(at).filter(|a| a.first <= invocation).map(|a| &a.result)
    }

    /// The states this test case mocks.
    pub fn states(&self) -> impl Iterator<Item = &str> {
        self.responses.keys().map(String::as_str)
    }

    /// Whether it mocks the state called `state`.
    pub fn mocks(&self, state: &str) -> bool {
        self.responses.contains_key(state)
    }
}

/// Reads the test case `case` of state machine `machine` from a MockConfigFile's text. Every
/// problem is reported, one per line.
pub fn load_test_case(text: &str, machine: &str, case: &str) -> Result<TestCase, Vec<String>> {
    let root: Value =
        json_value::from_str(text).map_err(|e| vec![format!("the mock config is not valid JSON: {e}")])?;
    let cases = root
        .pointer(&format!("/StateMachines/{}/TestCases", crate::asl::escape_pointer(machine)))
        .and_then(Value::as_object);
    let Some(cases) = cases else {
        return Err(vec![format!("the mock config has no StateMachines.\"{machine}\".TestCases")]);
    };
    let Some(mapping) = cases.get(case).and_then(Value::as_object) else {
        let known: Vec<&str> = cases.keys().map(|k| &**k).collect();
        return Err(vec![format!(
            "no test case \"{case}\" for state machine \"{machine}\" (it has: {})",
            known.join(", ")
        )]);
    };
    let mocked = root.get("MockedResponses").and_then(Value::as_object);
    let mut problems = Vec::new();
    let mut responses = HashMap::new();
    for (state, name) in mapping {
        let Some(name) = name.as_str() else {
            problems.push(format!(
                "test case \"{case}\": the mock for state \"{state}\" must be the name of a MockedResponses entry"
            ));
            continue;
        };
        match mocked.and_then(|m| m.get(name)) {
            Some(entry) => match responses_of(name, entry) {
                Ok(list) => {
                    responses.insert(state.to_string(), list);
                }
                Err(mut errors) => problems.append(&mut errors),
            },
            None => problems.push(format!(
                "test case \"{case}\": state \"{state}\" uses \"{name}\", which MockedResponses does not define"
            )),
        }
    }
    if problems.is_empty() {
        Ok(TestCase { name: case.to_owned(), responses })
    } else {
        Err(problems)
    }
}

/// A MockedResponses entry as ranges of invocation numbers from 0, in order; gaps and overlaps
/// are errors.
fn responses_of(name: &str, entry: &Value) -> Result<Vec<Answer>, Vec<String>> {
    let Some(map) = entry.as_object() else {
        return Err(vec![format!("MockedResponses \"{name}\" must be an object of invocation ranges")]);
    };
    let mut ranges = Vec::new();
    let mut problems = Vec::new();
    for (key, response) in map {
        match (parse_range(key), parse_response(response)) {
            (Some(range), Ok(result)) => ranges.push((range, result)),
            (None, _) => problems.push(format!(
                "MockedResponses \"{name}\": \"{key}\" is not an invocation number or range like \"0\" or \"1-3\""
            )),
            (_, Err(message)) => problems.push(format!("MockedResponses \"{name}\" \"{key}\": {message}")),
        }
    }
    ranges.sort_by_key(|((start, _), _)| *start);
    let mut list: Vec<Answer> = Vec::new();
    for ((first, last), result) in ranges {
        let next = list.last().map_or(0, |a| a.last.saturating_add(1));
        if first != next {
            problems.push(format!(
                "MockedResponses \"{name}\": invocation {next} has no response (the next range starts at {first})"
            ));
            break;
        }
        list.push(Answer { first, last, result });
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

fn parse_range(key: &str) -> Option<(usize, usize)> {
    let (start, end) = match key.split_once('-') {
        Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
        None => {
            let n = key.trim().parse().ok()?;
            (n, n)
        }
    };
    (start <= end).then_some((start, end))
}

fn parse_response(response: &Value) -> Result<TaskResult, String> {
    if let Some(value) = response.get("Return") {
        return Ok(TaskResult::Succeeded(value.clone()));
    }
    let Some(throw) = response.get("Throw") else {
        return Err("a response needs \"Return\" or \"Throw\"".into());
    };
    // Both may be left out, as a SendTaskFailure may leave them out.
    let text = |key: &str| match throw.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.to_string())),
        Some(_) => Err(format!("\"Throw\" \"{key}\" must be a string")),
    };
    Ok(TaskResult::Failed { error: text("Error")?, cause: text("Cause")? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn config(responses: Value) -> String {
        json!({
            "StateMachines": {"M": {"TestCases": {"T": {"A": "R"}}}},
            "MockedResponses": {"R": responses}
        })
        .to_string()
    }

    #[test]
    fn ranges_count_invocations() {
        let case = load_test_case(
            &config(json!({"0-1": {"Throw": {"Error": "E", "Cause": "c"}}, "2": {"Return": {"ok": 1}}})),
            "M",
            "T",
        );
        let case = case.expect("valid");
        let failed = TaskResult::failed("E", "c");
        assert_eq!(case.response("A", 0), Some(&failed));
        assert_eq!(case.response("A", 1), Some(&failed));
        assert_eq!(case.response("A", 2), Some(&TaskResult::Succeeded(json!({"ok": 1}))));
        assert_eq!(case.response("A", 3), None);
        assert_eq!(case.response("B", 0), None);
    }

    // 300 ranges of a hundred thousand invocations each stay 300 entries.
    #[test]
    fn ranges_are_kept_as_ranges() {
        let entry: serde_json::Map<String, serde_json::Value> = (0..300)
            .map(|i| (format!("{}-{}", i * 100_000, i * 100_000 + 99_999), serde_json::json!({"Return": i})))
            .collect();
        let case = load_test_case(&config(json!(entry)), "M", "T").expect("valid");
        assert_eq!(case.response("A", 29_999_999), Some(&TaskResult::Succeeded(json!(299))));
        assert_eq!(case.response("A", 150_000), Some(&TaskResult::Succeeded(json!(1))));
        assert_eq!(case.response("A", 30_000_000), None);
    }

    #[test]
    fn gaps_unknown_names_and_bad_keys_are_reported() {
        let gap = load_test_case(&config(json!({"0": {"Return": 1}, "2": {"Return": 2}})), "M", "T");
        assert_eq!(gap.err().map(|p| p.len()), Some(1));
        let bad_key = load_test_case(&config(json!({"first": {"Return": 1}})), "M", "T");
        assert!(bad_key.err().is_some_and(|p| p[0].contains("\"first\" is not an invocation number")));
        let unknown =
            load_test_case(&json!({"StateMachines": {"M": {"TestCases": {"T": {"A": "Nope"}}}}}).to_string(), "M", "T");
        assert!(unknown.err().is_some_and(|p| p[0].contains("\"Nope\", which MockedResponses does not define")));
        let no_case = load_test_case(&config(json!({"0": {"Return": 1}})), "M", "Other");
        assert!(no_case.err().is_some_and(|p| p[0].contains("no test case \"Other\"")));
        let neither = load_test_case(&config(json!({"0": {"Nothing": 1}})), "M", "T");
        assert!(neither.err().is_some_and(|p| p[0].contains("needs \"Return\" or \"Throw\"")));
        let bad_error = load_test_case(&config(json!({"0": {"Throw": {"Error": 1}}})), "M", "T");
        assert!(bad_error.err().is_some_and(|p| p[0].contains("\"Throw\" \"Error\" must be a string")));
    }

    // A SendTaskFailure may give neither error nor cause (recorded: callback/test_callback
    // `test_sqs_failure_in_wait_for_task_tok_no_error_field`); so may a mocked Throw.
    #[test]
    fn a_throw_may_leave_out_error_and_cause() {
        let case = load_test_case(&config(json!({"0": {"Throw": {}}})), "M", "T").expect("valid");
        assert_eq!(case.response("A", 0), Some(&TaskResult::Failed { error: None, cause: None }));
    }
}

//! JSON text → [`StateMachine`], collecting every problem instead of stopping at the first.

use serde_json::{Map, Value};

use super::diagnostic::{Code, Diagnostic};
use super::model::{State, StateKind, StateMachine};
use super::span::locate;

/// Loads a definition, or returns every problem found in it.
pub fn load(text: &str) -> Result<StateMachine, Vec<Diagnostic>> {
    let root: Value = serde_json::from_str(text).map_err(|e| vec![json_error(&e)])?;
    let mut loader = Loader {
        text,
        problems: Vec::new(),
    };
    let machine = loader.machine(&root);
    match machine {
        Some(machine) if loader.problems.is_empty() => Ok(machine),
        _ => Err(loader.problems),
    }
}

fn json_error(error: &serde_json::Error) -> Diagnostic {
    Diagnostic {
        code: Code::InvalidJson,
        message: format!("The definition is not valid JSON: {error}"),
        pointer: String::new(),
        line: error.line().max(1),
        column: error.column().max(1),
    }
}

struct Loader<'t> {
    text: &'t str,
    problems: Vec<Diagnostic>,
}

impl Loader<'_> {
    fn report(&mut self, code: Code, pointer: &str, message: String) {
        let (line, column) = locate(self.text, pointer).map_or((1, 1), |l| (l.line, l.column));
        self.problems.push(Diagnostic {
            code,
            message,
            pointer: pointer.to_owned(),
            line,
            column,
        });
    }

    fn machine(&mut self, root: &Value) -> Option<StateMachine> {
        let fields = self.object(root, "", "The definition")?;
        let comment = fields
            .get("Comment")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let start_at = self.required_string(fields, "", "StartAt");
        let declared: Vec<&str> = match fields.get("States") {
            Some(Value::Object(map)) => map.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let states = self.states(fields);
        let (start_at, states) = (start_at?, states?);
        let machine = StateMachine {
            comment,
            start_at,
            states,
        };
        self.check_targets(&machine, &declared);
        Some(machine)
    }

    fn states(&mut self, fields: &Map<String, Value>) -> Option<Vec<State>> {
        let Some(value) = fields.get("States") else {
            self.report(
                Code::MissingField,
                "",
                "The definition has no \"States\" field".into(),
            );
            return None;
        };
        let map = self.object(value, "/States", "\"States\"")?;
        let states = map
            .iter()
            .filter_map(|(name, v)| self.state(name, v))
            .collect();
        Some(states)
    }

    fn state(&mut self, name: &str, value: &Value) -> Option<State> {
        let pointer = format!("/States/{}", escape(name));
        let fields = self.object(value, &pointer, &format!("State \"{name}\""))?;
        let type_name = self.required_string(fields, &pointer, "Type")?;
        let Some(kind) = StateKind::from_type(&type_name) else {
            let message = format!("State \"{name}\" has unknown Type \"{type_name}\"");
            self.report(Code::UnknownStateType, &format!("{pointer}/Type"), message);
            return None;
        };
        let next = fields
            .get("Next")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Some(State {
            name: name.to_owned(),
            kind,
            next,
        })
    }

    /// Reports `StartAt` and `Next` names that no key under `States` declares (a declared state
    /// that failed to load is reported once, where it is, and not again at every reference).
    fn check_targets(&mut self, machine: &StateMachine, declared: &[&str]) {
        if !declared.contains(&machine.start_at.as_str()) {
            let message = format!("StartAt names no state: \"{}\"", machine.start_at);
            self.report(Code::UnknownState, "/StartAt", message);
        }
        for state in &machine.states {
            let Some(next) = &state.next else { continue };
            if !declared.contains(&next.as_str()) {
                let pointer = format!("/States/{}/Next", escape(&state.name));
                let message = format!(
                    "State \"{}\" has Next \"{next}\", which names no state",
                    state.name
                );
                self.report(Code::UnknownState, &pointer, message);
            }
        }
    }

    fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.report(
                Code::WrongType,
                pointer,
                format!("{what} must be a JSON object"),
            );
        }
        object
    }

    fn required_string(
        &mut self,
        fields: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Option<String> {
        match fields.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.report(
                    Code::WrongType,
                    &format!("{pointer}/{key}"),
                    format!("\"{key}\" must be a string"),
                );
                None
            }
            None => {
                self.report(
                    Code::MissingField,
                    pointer,
                    format!("Missing required field \"{key}\""),
                );
                None
            }
        }
    }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(Code, String)> {
        load(text)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.code, d.pointer))
            .collect()
    }

    #[test]
    fn loads_states_in_definition_order() {
        let m = load(
            r#"{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"A"},"A":{"Type":"Succeed"}}}"#,
        );
        let m = m.expect("valid");
        assert_eq!(m.state_names(), vec!["B", "A"]);
        assert_eq!(m.state("B").map(|s| s.kind), Some(StateKind::Pass));
        assert_eq!(m.state("A").map(|s| s.kind), Some(StateKind::Succeed));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let text = r#"{"StartAt":"X","States":{"A":{"Type":"Sleep"},"B":{"Type":"Pass","Next":"Z"},"C":{}}}"#;
        assert_eq!(
            codes(text),
            vec![
                (Code::UnknownStateType, "/States/A/Type".to_owned()),
                (Code::MissingField, "/States/C".to_owned()),
                (Code::UnknownState, "/StartAt".to_owned()),
                (Code::UnknownState, "/States/B/Next".to_owned()),
            ]
        );
    }

    #[test]
    fn bad_json_is_one_diagnostic_with_its_line() {
        let problems = load("{\n  \"StartAt\": }").err().unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].code, problems[0].line), (Code::InvalidJson, 2));
    }

    #[test]
    fn wrong_types_are_reported_where_they_are() {
        assert_eq!(
            codes(r#"{"StartAt":3,"States":[]}"#),
            vec![
                (Code::WrongType, "/StartAt".to_owned()),
                (Code::WrongType, "/States".to_owned()),
            ]
        );
        assert_eq!(codes("[]"), vec![(Code::WrongType, String::new())]);
    }

    #[test]
    fn pointers_escape_slashes_in_state_names() {
        assert_eq!(
            codes(r#"{"StartAt":"a/b","States":{"a/b":{"Type":"Nope"}}}"#),
            vec![(Code::UnknownStateType, "/States/a~1b/Type".to_owned()),]
        );
    }
}

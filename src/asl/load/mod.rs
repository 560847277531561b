//! JSON text → [`StateMachine`], collecting every problem instead of stopping at the first.
//!
//! One file per part of the spec: [`fields`] reads typed values, [`kinds`] the fields of each
//! state type, [`choice`] Choice rules, [`errors`] `Retry` and `Catch`, [`graph`] the checks that
//! need the whole workflow (transition targets, reachability).

mod choice;
mod distributed;
mod errors;
mod fields;
mod graph;
mod kinds;
mod scope;

use std::rc::Rc;

use json_value::Value;

use super::diagnostic::{Code, Diagnostic};
use super::model::{DataFlow, QueryLanguage, State, StateKind, StateMachine, Transition, Workflow};
use super::source::Source;
use fields::Fields;

/// The longest state name AWS accepts.
const MAX_NAME_LENGTH: usize = 80;

/// Loads a definition (JSON, or YAML), or returns every problem found in it.
pub fn load(text: &str) -> Result<StateMachine, Vec<Diagnostic>> {
    load_source(&Source::read(text).map_err(|d| vec![d])?)
}

/// Loads a definition already read from its text.
pub fn load_source(source: &Source) -> Result<StateMachine, Vec<Diagnostic>> {
    let mut loader = Loader { source, problems: Vec::new(), language: QueryLanguage::JsonPath };
    let machine = loader.machine(&source.value);
    match machine {
        Some(machine) if loader.problems.is_empty() => Ok(machine),
        _ => Err(loader.problems),
    }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

struct Loader<'s> {
    source: &'s Source<'s>,
    problems: Vec<Diagnostic>,
    /// The query language of the state being loaded.
    language: QueryLanguage,
}

/// Fields only JSONPath states have.
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Result",
    "ItemsPath",
    "Iterator",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
];
/// Fields only JSONata states have.
const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items"];

const TOP_LEVEL_FIELDS: &[&str] = &["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"];
const BRANCH_FIELDS: &[&str] = &["Comment", "StartAt", "States"];
const PROCESSOR_FIELDS: &[&str] = &["Comment", "StartAt", "States", "ProcessorConfig"];

impl Loader<'_> {
    fn report(&mut self, code: Code, pointer: &str, message: impl Into<String>) {
        let (line, column) = self.source.line_column(pointer);
        let message = message.into();
        self.problems.push(Diagnostic { code, message, pointer: pointer.to_owned(), line, column });
    }

    fn machine(&mut self, root: &Value) -> Option<StateMachine> {
        let fields = self.object(root, "")?;
        self.check_known(&fields, TOP_LEVEL_FIELDS, "the top level");
        let query_language = self.query_language(&fields).unwrap_or_default();
        if fields.get("Version").is_some_and(|v| v != "1.0") {
            self.report(Code::InvalidValue, &fields.at("Version"), "\"Version\" must be \"1.0\"");
        }
        let timeout_seconds = self.positive_integer(&fields, "TimeoutSeconds");
        let workflow = self.workflow(&fields, query_language)?;
        self.check_scopes(&workflow);
        self.check_unique_names(&workflow);
        let text = self.source.text;
        let uses_context = text.contains("$$") || text.contains("$states.context");
        let uses_execution_context = reads_execution_context(text);
        Some(StateMachine { workflow, timeout_seconds, query_language, uses_context, uses_execution_context })
    }

    fn query_language(&mut self, fields: &Fields) -> Option<QueryLanguage> {
        match fields.get("QueryLanguage")? {
            Value::String(s) if &**s == "JSONPath" => Some(QueryLanguage::JsonPath),
            Value::String(s) if &**s == "JSONata" => Some(QueryLanguage::Jsonata),
            _ => {
                let message = "\"QueryLanguage\" must be \"JSONPath\" or \"JSONata\"";
                self.report(Code::InvalidValue, &fields.at("QueryLanguage"), message);
                None
            }
        }
    }

    /// `StartAt` + `States` of the top level, a branch or an item processor.
    fn workflow(&mut self, fields: &Fields, language: QueryLanguage) -> Option<Rc<Workflow>> {
        let comment = self.optional_string(fields, "Comment");
        let start_at = self.required_string(fields, "StartAt");
        let Some(states_value) = fields.get("States") else {
            self.report(Code::MissingField, &fields.pointer, "Missing required field \"States\"");
            return None;
        };
        let states_fields = self.object(states_value, fields.at("States"))?;
        let mut states: Vec<State> = Vec::with_capacity(states_fields.map.len());
        let loaded = states_fields
            .map
            .iter()
            .filter_map(|(name, value)| self.state(name, value, states_fields.at(name), language));
        states.extend(loaded);
        let loaded = states.len() == states_fields.map.len();
        let workflow = Workflow::new(comment, start_at?, states);
        self.check_graph(&workflow, fields, states_fields.map, loaded);
        Some(Rc::new(workflow))
    }

    /// A Parallel branch (`processor == false`) or a Map's `ItemProcessor`/`Iterator`.
    fn nested_workflow(
        &mut self,
        value: &Value,
        pointer: &str,
        processor: bool,
        language: QueryLanguage,
    ) -> Option<Rc<Workflow>> {
        let fields = self.object(value, pointer)?;
        let (allowed, what) =
            if processor { (PROCESSOR_FIELDS, "an item processor") } else { (BRANCH_FIELDS, "a branch") };
        self.check_known(&fields, allowed, what);
        let outer = self.language;
        let workflow = self.workflow(&fields, language);
        self.language = outer;
        workflow
    }

    fn state(&mut self, name: &Rc<str>, value: &Value, pointer: String, inherited: QueryLanguage) -> Option<State> {
        if name.chars().count() > MAX_NAME_LENGTH {
            let message = format!("State name \"{name}\" is longer than {MAX_NAME_LENGTH} characters");
            self.report(Code::NameTooLong, &pointer, message);
        }
        let fields = self.object(value, pointer)?;
        let type_name = self.required_str(&fields, "Type")?;
        let Some(allowed) = kinds::allowed_fields(type_name) else {
            let message = format!("State \"{name}\" has unknown Type \"{type_name}\"");
            self.report(Code::UnknownStateType, &fields.at("Type"), message);
            return None;
        };
        self.check_state_fields(&fields, allowed, type_name);
        let query_language = self.state_language(&fields, inherited)?;
        self.language = query_language;
        self.check_language_fields(&fields, type_name);
        let transition = self.transition(&fields, type_name);
        let io = self.data_flow(&fields);
        let (retry, catch) = (self.retriers(&fields), self.catchers(&fields));
        let assign = self.assign(&fields);
        let arguments = self.jsonata_template(&fields, "Arguments");
        let output = self.jsonata_template(&fields, "Output");
        let kind = self.kind(type_name, &fields, inherited)?;
        let transition = transition?;
        Some(State {
            name: name.clone(),
            kind,
            transition,
            io,
            retry,
            catch,
            assign,
            query_language,
            arguments,
            output,
        })
    }

    /// The state's query language (its own `QueryLanguage`, else the state machine's).
    fn state_language(&mut self, fields: &Fields, inherited: QueryLanguage) -> Option<QueryLanguage> {
        let language = self.query_language(fields).unwrap_or(inherited);
        if inherited == QueryLanguage::Jsonata && language == QueryLanguage::JsonPath {
            let message = "A state cannot use JSONPath when the state machine's QueryLanguage is JSONata";
            self.report(Code::InvalidValue, &fields.at("QueryLanguage"), message);
            return None;
        }
        Some(language)
    }

    /// `Next` or `End`; Choice, Succeed and Fail have neither.
    fn transition(&mut self, fields: &Fields, type_name: &str) -> Option<Option<Transition>> {
        if matches!(type_name, "Choice" | "Succeed" | "Fail") {
            return Some(None);
        }
        let next = self.optional_string(fields, "Next");
        let end = match fields.get("End") {
            None => false,
            Some(Value::Bool(end)) => *end,
            Some(_) => {
                self.report(Code::WrongType, &fields.at("End"), "\"End\" must be a boolean");
                return None;
            }
        };
        match (next, end) {
            (Some(next), false) => Some(Some(Transition::Next(next))),
            (None, true) => Some(Some(Transition::End)),
            (Some(_), true) => {
                self.report(
                    Code::FieldConflict,
                    &fields.at("End"),
                    "A state cannot have both \"Next\" and \"End\": true",
                );
                None
            }
            (None, false) => {
                let message = "A state must have either \"Next\" or \"End\": true";
                self.report(Code::MissingField, &fields.pointer, message);
                None
            }
        }
    }

    /// Fields of the other query language are rejected, as AWS rejects them.
    fn check_language_fields(&mut self, fields: &Fields, type_name: &str) {
        let (foreign, language) = match self.language {
            QueryLanguage::JsonPath => (JSONATA_ONLY, "JSONPath"),
            QueryLanguage::Jsonata => (JSONPATH_ONLY, "JSONata"),
        };
        for key in foreign.iter().filter(|k| fields.get(k).is_some()) {
            if *key == "Result" && type_name != "Pass" {
                continue;
            }
            let message = format!("Field \"{key}\" is not supported in {language} states");
            self.report(Code::UnknownField, &fields.at(key), message);
        }
    }

    fn data_flow(&mut self, fields: &Fields) -> DataFlow {
        DataFlow {
            input_path: self.nullable_path(fields, "InputPath", false),
            parameters: self.template(fields, "Parameters"),
            result_selector: self.template(fields, "ResultSelector"),
            result_path: self.nullable_path(fields, "ResultPath", true),
            output_path: self.nullable_path(fields, "OutputPath", false),
        }
    }

    /// A state's fields: the common ones and its type's own (the message made only if needed).
    fn check_state_fields(&mut self, fields: &Fields, allowed: [&[&str]; 2], type_name: &str) {
        let known = |key: &str| allowed.iter().any(|names| names.contains(&key));
        if fields.map.keys().any(|k| !known(k)) {
            self.check_known(fields, &[allowed[0], allowed[1]].concat(), &format!("a {type_name} state"));
        }
    }

    fn check_known(&mut self, fields: &Fields, allowed: &[&str], what: &str) {
        let unknown: Vec<String> =
            fields.map.keys().filter(|k| !allowed.contains(&&***k)).map(|k| k.to_string()).collect();
        for key in unknown {
            self.report(Code::UnknownField, &fields.at(&key), format!("Field \"{key}\" is not allowed in {what}"));
        }
    }

    fn object<'v>(&mut self, value: &'v Value, pointer: impl Into<String> + AsRef<str>) -> Option<Fields<'v>> {
        match value {
            Value::Object(map) => Some(Fields { map, pointer: pointer.into() }),
            _ => {
                let pointer = pointer.as_ref();
                let what =
                    if pointer.is_empty() { "The definition".to_owned() } else { format!("\"{}\"", last_key(pointer)) };
                self.report(Code::WrongType, pointer, format!("{what} must be a JSON object"));
                None
            }
        }
    }
}

/// Whether some `$$` in the text may reach `$$.Execution`: any `$$` not followed by one of the
/// other top-level members.
fn reads_execution_context(text: &str) -> bool {
    const OTHERS: [&str; 4] = [".Map.", ".State.", ".Task.", ".StateMachine."];
    ["$$", "$states.context"].into_iter().any(|root| {
        text.match_indices(root).any(|(at, _)| {
            let rest = text.get(at + root.len()..).unwrap_or_default();
            !OTHERS.iter().any(|o| rest.starts_with(o))
        })
    })
}

fn last_key(pointer: &str) -> String {
    pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
}

/// The loaded state kind's own fields for a `Type` (dispatch to [`kinds`]).
impl Loader<'_> {
    fn kind(&mut self, type_name: &str, fields: &Fields, language: QueryLanguage) -> Option<StateKind> {
        match type_name {
            "Pass" => Some(StateKind::Pass(self.pass(fields))),
            "Task" => self.task(fields).map(StateKind::Task),
            "Choice" => self.choice(fields).map(StateKind::Choice),
            "Wait" => self.wait(fields).map(StateKind::Wait),
            "Succeed" => Some(StateKind::Succeed),
            "Fail" => self.fail(fields).map(StateKind::Fail),
            "Parallel" => self.parallel(fields, language).map(StateKind::Parallel),
            "Map" => self.map(fields, language).map(|m| StateKind::Map(Box::new(m))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;

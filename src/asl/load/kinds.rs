//! The fields each state type has, and the loaders of each type's own fields.

use super::fields::Fields;
use super::Loader;
use crate::asl::diagnostic::Code;
use crate::asl::model::{Count, Fail, Map, Parallel, Pass, Payload, QueryLanguage, Seconds, Task, Text, Wait};
use crate::data::intrinsic::Function;
use crate::data::payload::Template;
use crate::data::timestamp;

const COMMON: [&str; 3] = ["Type", "Comment", "QueryLanguage"];
const PASS: &[&str] =
    &["Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Assign", "Output"];
const TASK: &[&str] = &[
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Retry",
    "Catch",
    "Resource",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
    "Arguments",
    "Output",
    "Assign",
];
const CHOICE: &[&str] = &["Choices", "Default", "InputPath", "OutputPath", "Assign", "Output"];
const WAIT: &[&str] = &[
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Seconds",
    "Timestamp",
    "SecondsPath",
    "TimestampPath",
    "Assign",
    "Output",
];
const SUCCEED: &[&str] = &["InputPath", "OutputPath", "Output"];
const FAIL: &[&str] = &["Error", "ErrorPath", "Cause", "CausePath"];
const PARALLEL: &[&str] = &[
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Retry",
    "Catch",
    "Branches",
    "Arguments",
    "Output",
    "Assign",
];
const MAP: &[&str] = &[
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "ItemsPath",
    "ItemSelector",
    "Parameters",
    "Iterator",
    "ItemProcessor",
    "ResultSelector",
    "ResultPath",
    "Retry",
    "Catch",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ItemReader",
    "ResultWriter",
    "Label",
    "ItemBatcher",
    "Items",
    "Arguments",
    "Output",
    "Assign",
];

/// The fields a state of type `type_name` may have: the common ones and its own (`None`: no
/// such type).
pub(super) fn allowed_fields(type_name: &str) -> Option<[&'static [&'static str]; 2]> {
    let own = match type_name {
        "Pass" => PASS,
        "Task" => TASK,
        "Choice" => CHOICE,
        "Wait" => WAIT,
        "Succeed" => SUCCEED,
        "Fail" => FAIL,
        "Parallel" => PARALLEL,
        "Map" => MAP,
        _ => return None,
    };
    Some([&COMMON, own])
}

/// The intrinsic functions a Fail state's `ErrorPath`/`CausePath` may call: those that return a
/// string (AWS's amazon-states-language-service, `INTRINSIC_FUNC_REGEX_STRING_RETURN`, with its
/// message; confirmed by an AWS maintainer in awslabs/statelint#53).
fn returns_text(function: Function) -> bool {
    matches!(
        function,
        Function::ArrayGetItem
            | Function::Base64Encode
            | Function::Base64Decode
            | Function::Format
            | Function::JsonToString
            | Function::Hash
            | Function::Uuid
    )
}

impl Loader<'_> {
    pub(super) fn pass(&mut self, fields: &Fields) -> Pass {
        Pass { result: fields.get("Result").cloned() }
    }

    pub(super) fn task(&mut self, fields: &Fields) -> Option<Task> {
        let resource = self.required_string(fields, "Resource");
        let timeout = self.seconds(fields, "TimeoutSeconds");
        let heartbeat = self.seconds(fields, "HeartbeatSeconds");
        if let (Some(Seconds::Fixed(t)), Some(Seconds::Fixed(h))) = (&timeout, &heartbeat) {
            if h >= t {
                let message = "\"HeartbeatSeconds\" must be smaller than \"TimeoutSeconds\"";
                self.report(Code::InvalidValue, &fields.at("HeartbeatSeconds"), message);
            }
        }
        let credentials = self.credentials(fields);
        Some(Task { resource: super::super::Resource::parse(&resource?), timeout, heartbeat, credentials })
    }

    /// `Credentials`: an object with `RoleArn` (a string, or JSONata) or `RoleArn.$` (a path or
    /// intrinsic), nothing else. AWS-recorded (LocalStack's snapshot
    /// credentials/test_credentials_base): `{}` and unknown fields are SCHEMA_VALIDATION_FAILED
    /// "The field 'RoleArn' is required but was missing".
    fn credentials(&mut self, fields: &Fields) -> Option<Payload> {
        let value = fields.get("Credentials")?;
        let pointer = fields.at("Credentials");
        let Some(map) = value.as_object() else {
            self.report(Code::WrongType, &pointer, "\"Credentials\" must be a JSON object");
            return None;
        };
        let role_keys = map.keys().filter(|k| matches!(&***k, "RoleArn" | "RoleArn.$")).count();
        if role_keys != 1 {
            self.report(Code::MissingField, &pointer, "The field 'RoleArn' is required but was missing");
        }
        for key in map.keys().filter(|k| !matches!(&***k, "RoleArn" | "RoleArn.$")) {
            self.report(
                Code::UnknownField,
                &format!("{pointer}/{}", super::escape(key)),
                format!("Field '{key}' is not supported"),
            );
        }
        match self.language {
            QueryLanguage::JsonPath => self.template(fields, "Credentials").map(Payload::JsonPath),
            QueryLanguage::Jsonata => self.jsonata_template(fields, "Credentials").map(Payload::Jsonata),
        }
    }

    /// `<key>` (a positive integer) or `<key>Path` (a reference path), not both.
    fn seconds(&mut self, fields: &Fields, key: &str) -> Option<Seconds> {
        if let Some(Ok(expression)) = self.jsonata_expression(fields, key) {
            return Some(Seconds::Expression(expression));
        }
        let path_key = format!("{key}Path");
        let fixed = self.positive_integer(fields, key).map(Seconds::Fixed);
        let path = self.path(fields, &path_key, true).map(Seconds::Path);
        if fields.get(key).is_some() && fields.get(&path_key).is_some() {
            let message = format!("\"{key}\" and \"{path_key}\" cannot both be set");
            self.report(Code::FieldConflict, &fields.at(&path_key), message);
        }
        fixed.or(path)
    }

    pub(super) fn wait(&mut self, fields: &Fields) -> Option<Wait> {
        let present: Vec<&str> = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
            .into_iter()
            .filter(|k| fields.get(k).is_some())
            .collect();
        if present.len() != 1 {
            let message =
                "A Wait state must have exactly one of \"Seconds\", \"Timestamp\", \"SecondsPath\", \"TimestampPath\"";
            self.report(Code::FieldConflict, &fields.pointer, message);
            return None;
        }
        let key = present.first().copied()?;
        if let Some(Ok(expression)) = self.jsonata_expression(fields, key) {
            let wait = if key == "Seconds" {
                Wait::SecondsExpression(expression)
            } else {
                Wait::TimestampExpression(expression)
            };
            return Some(wait);
        }
        match key {
            "Seconds" => self.integer_in(fields, "Seconds", 0, super::fields::MAX_SECONDS).map(Wait::Seconds),
            "Timestamp" => self.wait_timestamp(fields),
            "SecondsPath" => self.path(fields, "SecondsPath", true).map(Wait::SecondsPath),
            _ => self.path(fields, "TimestampPath", true).map(Wait::TimestampPath),
        }
    }

    fn wait_timestamp(&mut self, fields: &Fields) -> Option<Wait> {
        let text = self.optional_string(fields, "Timestamp")?;
        let millis = timestamp::parse_millis(&text);
        if millis.is_none() {
            let message = format!("\"Timestamp\" is not an ISO-8601 extended offset date-time: {text}");
            self.report(Code::InvalidValue, &fields.at("Timestamp"), message);
        }
        millis.map(Wait::Timestamp)
    }

    pub(super) fn fail(&mut self, fields: &Fields) -> Option<Fail> {
        let error = self.fail_text(fields, "Error")?;
        let cause = self.fail_text(fields, "Cause")?;
        Some(Fail { error, cause })
    }

    /// `Error`/`Cause` (a string) or `ErrorPath`/`CausePath` (a path or intrinsic function).
    fn fail_text(&mut self, fields: &Fields, key: &str) -> Option<Option<Text>> {
        let path_key = format!("{key}Path");
        match (fields.get(key), fields.get(&path_key)) {
            (Some(_), Some(_)) => {
                self.report(
                    Code::FieldConflict,
                    &fields.at(&path_key),
                    format!("\"{key}\" and \"{path_key}\" cannot both be set"),
                );
                None
            }
            (Some(_), None) => match self.jsonata_expression(fields, key) {
                Some(Ok(expression)) => Some(Some(Text::Jsonata(expression))),
                _ => self.optional_string(fields, key).map(|s| Some(Text::Literal(s))),
            },
            (None, Some(_)) => {
                let text = self.optional_string(fields, &path_key)?;
                match Template::parse_dynamic(&text) {
                    Ok(Template::Intrinsic(call)) if !returns_text(call.function) => {
                        let message = format!("\"{path_key}\" must be a valid JSONPath or an intrinsic function expression that returns a string (ArrayGetItem, Base64Encode, Base64Decode, Format, JsonToString, Hash, or UUID)");
                        self.report(Code::InvalidIntrinsic, &fields.at(&path_key), message);
                        None
                    }
                    Ok(template) => Some(Some(Text::Computed(template))),
                    Err(message) => {
                        self.report(Code::InvalidPath, &fields.at(&path_key), format!("\"{path_key}\": {message}"));
                        None
                    }
                }
            }
            (None, None) => Some(None),
        }
    }

    pub(super) fn parallel(&mut self, fields: &Fields, language: QueryLanguage) -> Option<Parallel> {
        let Some(value) = fields.get("Branches") else {
            self.report(Code::MissingField, &fields.pointer, "Missing required field \"Branches\"");
            return None;
        };
        let Some(items) = value.as_array().filter(|a| !a.is_empty()) else {
            self.report(Code::WrongType, &fields.at("Branches"), "\"Branches\" must be a non-empty array");
            return None;
        };
        let pointer = fields.at("Branches");
        let branches: Vec<_> = items
            .iter()
            .enumerate()
            .filter_map(|(i, b)| self.nested_workflow(b, &format!("{pointer}/{i}"), false, language))
            .collect();
        (branches.len() == items.len()).then_some(Parallel { branches })
    }

    pub(super) fn map(&mut self, fields: &Fields, language: QueryLanguage) -> Option<Map> {
        let label = self.label(fields);
        let processor_field = if fields.get("Iterator").is_some() { "Iterator" } else { "ItemProcessor" };
        let processor = self.item_processor(fields, language);
        let items_path = match fields.get("ItemsPath") {
            None => "$".parse().ok(),
            Some(_) => self.path(fields, "ItemsPath", true),
        };
        let item_selector = self.item_selector(fields);
        let items = self.jsonata_template(fields, "Items");
        let max_concurrency = self.count(fields, "MaxConcurrency");
        let tolerated_failure_count = self.count(fields, "ToleratedFailureCount");
        let tolerated_failure_percentage = self.count(fields, "ToleratedFailurePercentage");
        let distributed = self.distributed(fields, processor.as_ref(), label);
        if let Some(Count::Fixed(p)) = tolerated_failure_percentage {
            if p > 100.0 {
                let message = "\"ToleratedFailurePercentage\" must be between 0 and 100";
                self.report(Code::InvalidValue, &fields.at("ToleratedFailurePercentage"), message);
            }
        }
        Some(Map {
            items_path: items_path?,
            items,
            item_selector,
            processor: processor?,
            processor_field,
            max_concurrency,
            tolerated_failure_count,
            tolerated_failure_percentage,
            distributed,
        })
    }

    /// `Label`: at most 40 characters, not empty, none of `' ?*<>{}[]:;,\\|^~$#%&\`"` nor a
    /// control character (AWS's Map Run label rules, as LocalStack's AWS-validated test
    /// `test_sfn_api_map_run` exercises them; AWS: INVALID_LABEL_NAME).
    fn label(&mut self, fields: &Fields) -> Option<String> {
        let label = self.optional_string(fields, "Label")?;
        const FORBIDDEN: &str = " ?*<>{}[]:;,\\|^~$#%&`\"";
        let why = if label.is_empty() {
            Some("it is empty")
        } else if label.chars().count() > 40 {
            Some("it is longer than 40 characters")
        } else if label.chars().any(|c| FORBIDDEN.contains(c) || c.is_control()) {
            Some("it holds a character that is not allowed (white space, ?*<>{}[]:;,\\|^~$#%&`\" or a control character)")
        } else {
            None
        };
        if let Some(why) = why {
            let message = format!("Invalid Label \"{label}\": {why}");
            self.report(Code::InvalidLabelName, &fields.at("Label"), message);
        }
        Some(label)
    }

    fn item_processor(
        &mut self,
        fields: &Fields,
        language: QueryLanguage,
    ) -> Option<std::rc::Rc<crate::asl::model::Workflow>> {
        match (fields.get("ItemProcessor"), fields.get("Iterator")) {
            (Some(_), Some(_)) => {
                self.report(
                    Code::FieldConflict,
                    &fields.at("Iterator"),
                    "\"ItemProcessor\" and \"Iterator\" cannot both be set",
                );
                None
            }
            (Some(p), None) => self.nested_workflow(p, &fields.at("ItemProcessor"), true, language),
            (None, Some(p)) => self.nested_workflow(p, &fields.at("Iterator"), true, language),
            (None, None) => {
                self.report(Code::MissingField, &fields.pointer, "Missing required field \"ItemProcessor\"");
                None
            }
        }
    }

    fn item_selector(&mut self, fields: &Fields) -> Option<Payload> {
        if fields.get("ItemSelector").is_some() && fields.get("Parameters").is_some() {
            self.report(
                Code::FieldConflict,
                &fields.at("Parameters"),
                "\"ItemSelector\" and \"Parameters\" cannot both be set",
            );
        }
        if self.language == QueryLanguage::Jsonata {
            return self.jsonata_template(fields, "ItemSelector").map(Payload::Jsonata);
        }
        self.template(fields, "ItemSelector").or_else(|| self.template(fields, "Parameters")).map(Payload::JsonPath)
    }

    /// `<key>` (a non-negative number) or `<key>Path` (a reference path), not both.
    pub(super) fn count(&mut self, fields: &Fields, key: &str) -> Option<Count> {
        if let Some(Ok(expression)) = self.jsonata_expression(fields, key) {
            return Some(Count::Expression(expression));
        }
        let path_key = format!("{key}Path");
        if fields.get(key).is_some() && fields.get(&path_key).is_some() {
            self.report(
                Code::FieldConflict,
                &fields.at(&path_key),
                format!("\"{key}\" and \"{path_key}\" cannot both be set"),
            );
        }
        if let Some(path) = self.path(fields, &path_key, true) {
            return Some(Count::Path(path));
        }
        let value = fields.get(key)?;
        match value
            .as_f64()
            .filter(|n| *n >= 0.0 && (key != "MaxConcurrency" && key != "ToleratedFailureCount" || value.is_u64()))
        {
            Some(n) => Some(Count::Fixed(n)),
            None => {
                self.report(Code::InvalidValue, &fields.at(key), format!("\"{key}\" must be a non-negative number"));
                None
            }
        }
    }
}

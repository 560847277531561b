//! `Retry` and `Catch`: Retriers and Catchers, and the rule that `States.ALL` stands alone and last.

use json_value::Value;

use super::fields::Fields;
use super::fields::MAX_SECONDS;
use super::Loader;
use crate::asl::diagnostic::Code;
use crate::asl::model::{Catcher, QueryLanguage, Retrier, MAX_EXECUTION_SECONDS};

const RETRIER_FIELDS: &[&str] =
    &["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"];
const CATCHER_FIELDS: &[&str] = &["ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"];

impl Loader<'_> {
    pub(super) fn retriers(&mut self, fields: &Fields) -> Vec<Retrier> {
        self.each_entry(fields, "Retry", Self::retrier)
    }

    pub(super) fn catchers(&mut self, fields: &Fields) -> Vec<Catcher> {
        self.each_entry(fields, "Catch", Self::catcher)
    }

    /// Loads each object of the array `key` with `load`, which also learns whether it is the last.
    fn each_entry<T>(&mut self, fields: &Fields, key: &str, load: fn(&mut Self, &Fields, bool) -> Option<T>) -> Vec<T> {
        let entries = self.entries(fields, key);
        let count = entries.len();
        entries.iter().enumerate().filter_map(|(i, entry)| load(self, entry, i + 1 == count)).collect()
    }

    fn entries<'v>(&mut self, fields: &Fields<'v>, key: &str) -> Vec<Fields<'v>> {
        let Some(value) = fields.get(key) else { return Vec::new() };
        let Some(items) = value.as_array() else {
            self.report(Code::WrongType, &fields.at(key), format!("\"{key}\" must be an array"));
            return Vec::new();
        };
        let pointer = fields.at(key);
        items.iter().enumerate().filter_map(|(i, item)| self.object(item, format!("{pointer}/{i}"))).collect()
    }

    fn retrier(&mut self, fields: &Fields, last: bool) -> Option<Retrier> {
        self.check_known(fields, RETRIER_FIELDS, "a Retrier");
        let error_equals = self.error_equals(fields, last, "Retrier");
        let backoff_rate = self.number(fields, "BackoffRate").unwrap_or(2.0);
        if backoff_rate < 1.0 {
            self.report(Code::InvalidValue, &fields.at("BackoffRate"), "\"BackoffRate\" must be at least 1.0");
        }
        let full_jitter = match fields.get("JitterStrategy") {
            None => false,
            Some(Value::String(s)) if &**s == "FULL" => true,
            Some(Value::String(s)) if &**s == "NONE" => false,
            Some(_) => {
                self.report(
                    Code::InvalidValue,
                    &fields.at("JitterStrategy"),
                    "\"JitterStrategy\" must be \"FULL\" or \"NONE\"",
                );
                false
            }
        };
        Some(Retrier {
            error_equals: error_equals?,
            interval_seconds: self.positive_integer(fields, "IntervalSeconds").unwrap_or(1),
            max_attempts: self.integer_in(fields, "MaxAttempts", 0, MAX_SECONDS).unwrap_or(3),
            backoff_rate,
            max_delay_seconds: self.integer_in(fields, "MaxDelaySeconds", 1, MAX_EXECUTION_SECONDS),
            full_jitter,
        })
    }

    fn catcher(&mut self, fields: &Fields, last: bool) -> Option<Catcher> {
        self.check_known(fields, CATCHER_FIELDS, "a Catcher");
        let assign = self.assign(fields);
        let output = self.jsonata_template(fields, "Output");
        let misplaced = match self.language {
            QueryLanguage::JsonPath => "Output",
            QueryLanguage::Jsonata => "ResultPath",
        };
        if fields.get(misplaced).is_some() {
            let message = format!("Field \"{misplaced}\" is not supported in a Catcher of this query language");
            self.report(Code::UnknownField, &fields.at(misplaced), message);
        }
        let error_equals = self.error_equals(fields, last, "Catcher");
        let next = self.required_string(fields, "Next");
        let result_path = self.nullable_path(fields, "ResultPath", true);
        Some(Catcher { error_equals: error_equals?, next: next?, result_path, assign, output })
    }

    /// A non-empty array of error names; `States.ALL` only alone, in the last entry.
    fn error_equals(&mut self, fields: &Fields, last: bool, what: &str) -> Option<Vec<String>> {
        let Some(value) = fields.get("ErrorEquals") else {
            self.report(Code::MissingField, &fields.pointer, "Missing required field \"ErrorEquals\"");
            return None;
        };
        let names: Option<Vec<String>> = value
            .as_array()
            .filter(|a| !a.is_empty())
            .and_then(|a| a.iter().map(|n| n.as_str().map(str::to_owned)).collect());
        let Some(names) = names else {
            self.report(
                Code::WrongType,
                &fields.at("ErrorEquals"),
                "\"ErrorEquals\" must be a non-empty array of strings",
            );
            return None;
        };
        if names.iter().any(|n| n == "States.ALL") && (names.len() > 1 || !last) {
            let message = format!("\"States.ALL\" must appear alone in the last {what}'s \"ErrorEquals\"");
            self.report(Code::StatesAllNotLast, &fields.at("ErrorEquals"), message);
        }
        Some(names)
    }
}

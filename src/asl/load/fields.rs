//! Typed readers of definition fields; each reports a diagnostic where the value is wrong.

use json_value::{Map, Value};

use super::{escape, Loader};
use crate::asl::diagnostic::Code;
use crate::asl::model::{Payload, QueryLanguage};
use crate::data::jsonata::template::{expression_text, JsonataTemplate};
use crate::data::path::{Path, Root};
use crate::data::payload::Template;

/// The largest number of seconds AWS's schema accepts (`TimeoutSeconds`, `IntervalSeconds`, Wait
/// `Seconds`, …): 99,999,999.
pub(super) const MAX_SECONDS: u64 = 99_999_999;

/// A JSON object of the definition, and where it is.
pub(super) struct Fields<'v> {
    pub map: &'v Map,
    pub pointer: String,
}

impl<'v> Fields<'v> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key)
    }

    /// The JSON pointer of `key`'s value.
    pub fn at(&self, key: &str) -> String {
        let key = escape(key);
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + key.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        pointer.push_str(&key);
        pointer
    }
}

impl Loader<'_> {
    pub(super) fn optional_string(&mut self, fields: &Fields, key: &str) -> Option<String> {
        self.optional_str(fields, key).map(str::to_owned)
    }

    /// The string `key`, borrowed from the definition.
    pub(super) fn optional_str<'v>(&mut self, fields: &Fields<'v>, key: &str) -> Option<&'v str> {
        match fields.get(key)? {
            Value::String(s) => Some(s),
            _ => {
                self.report(Code::WrongType, &fields.at(key), format!("\"{key}\" must be a string"));
                None
            }
        }
    }

    pub(super) fn required_string(&mut self, fields: &Fields, key: &str) -> Option<String> {
        self.required_str(fields, key).map(str::to_owned)
    }

    pub(super) fn required_str<'v>(&mut self, fields: &Fields<'v>, key: &str) -> Option<&'v str> {
        if fields.get(key).is_none() {
            self.report(Code::MissingField, &fields.pointer, format!("Missing required field \"{key}\""));
            return None;
        }
        self.optional_str(fields, key)
    }

    /// A whole number ≥ `min`.
    pub(super) fn integer(&mut self, fields: &Fields, key: &str, min: u64) -> Option<u64> {
        let value = fields.get(key)?;
        match value.as_u64() {
            Some(n) if n >= min => Some(n),
            _ => {
                let message = format!("\"{key}\" must be an integer of at least {min}");
                self.report(Code::InvalidValue, &fields.at(key), message);
                None
            }
        }
    }

    pub(super) fn positive_integer(&mut self, fields: &Fields, key: &str) -> Option<u64> {
        self.integer_in(fields, key, 1, MAX_SECONDS)
    }

    /// A whole number in `min..=max` (AWS's schema bounds; amazon-states-language-service
    /// `json-schema/partial/common.json`).
    pub(super) fn integer_in(&mut self, fields: &Fields, key: &str, min: u64, max: u64) -> Option<u64> {
        let value = self.integer(fields, key, min)?;
        if value > max {
            let message = format!("\"{key}\" must be at most {max}");
            self.report(Code::InvalidValue, &fields.at(key), message);
            return None;
        }
        Some(value)
    }

    pub(super) fn number(&mut self, fields: &Fields, key: &str) -> Option<f64> {
        let value = fields.get(key)?;
        let number = value.as_f64();
        if number.is_none() {
            self.report(Code::WrongType, &fields.at(key), format!("\"{key}\" must be a number"));
        }
        number
    }

    /// A JSONPath string; with `reference`, one that names a single place (for `ResultPath` and
    /// the `…Path` fields that read one value).
    pub(super) fn path(&mut self, fields: &Fields, key: &str, reference: bool) -> Option<Path> {
        let value = fields.get(key)?;
        let Some(text) = value.as_str() else {
            self.report(Code::WrongType, &fields.at(key), format!("\"{key}\" must be a JSONPath string"));
            return None;
        };
        match text.parse::<Path>() {
            Ok(path) if reference && !path.is_reference_path() => {
                let message = format!("\"{key}\" must be a reference path (names and indices only): {text}");
                self.report(Code::InvalidPath, &fields.at(key), message);
                None
            }
            Ok(path) => Some(path),
            Err(e) => {
                let message = format!("\"{key}\" is not a valid JSONPath: {}", e.message);
                self.report(Code::InvalidPath, &fields.at(key), message);
                None
            }
        }
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: absent means `$`, `null` means `None`.
    pub(super) fn nullable_path(&mut self, fields: &Fields, key: &str, reference: bool) -> Option<Path> {
        match fields.get(key) {
            None => Some(Path::whole_input()),
            Some(Value::Null) => None,
            Some(_) => {
                let path = self.path(fields, key, reference);
                if let Some(p) = path.as_ref().filter(|p| key == "ResultPath" && p.root() != Root::Input) {
                    let message = format!("\"ResultPath\" can only write into the state input ($), not {}", p.text());
                    self.report(Code::InvalidPath, &fields.at(key), message);
                }
                path.or_else(|| Some(Path::whole_input()))
            }
        }
    }

    /// `Assign`: an object whose keys are variable names (with `.$` for paths and intrinsic
    /// functions), read like a payload template.
    pub(super) fn assign(&mut self, fields: &Fields) -> Option<Payload> {
        let value = fields.get("Assign")?;
        let Some(map) = value.as_object() else {
            self.report(Code::WrongType, &fields.at("Assign"), "\"Assign\" must be a JSON object");
            return None;
        };
        for key in map.keys() {
            let name = key.strip_suffix(".$").unwrap_or(key);
            if let Err(why) = check_variable_name(name) {
                let message = format!("\"{name}\" is not a valid variable name: {why}");
                self.report(Code::InvalidValue, &format!("{}/{}", fields.at("Assign"), super::escape(key)), message);
            }
        }
        match self.language {
            QueryLanguage::JsonPath => self.template(fields, "Assign").map(Payload::JsonPath),
            QueryLanguage::Jsonata => self.jsonata_template(fields, "Assign").map(Payload::Jsonata),
        }
    }

    /// A JSONata template (`Arguments`, `Output`, `Items`, …); `None` in JSONPath states, which
    /// report these fields elsewhere.
    pub(super) fn jsonata_template(&mut self, fields: &Fields, key: &str) -> Option<JsonataTemplate> {
        let value = fields.get(key)?;
        if self.language != QueryLanguage::Jsonata {
            return None;
        }
        match JsonataTemplate::parse(value) {
            Ok(template) => Some(template),
            Err(problems) => {
                for (relative, message) in problems {
                    self.report(Code::InvalidValue, &format!("{}{relative}", fields.at(key)), message);
                }
                None
            }
        }
    }

    /// A JSONata field that is a number or an expression (`TimeoutSeconds`, `MaxConcurrency`, …):
    /// `Some(Ok(expression))` for `"{% … %}"`, `Some(Err(()))` for anything else present.
    pub(super) fn jsonata_expression(&mut self, fields: &Fields, key: &str) -> Option<Result<JsonataTemplate, ()>> {
        let value = fields.get(key)?;
        let is_expression = value.as_str().and_then(expression_text).is_some();
        if self.language != QueryLanguage::Jsonata || !is_expression {
            return Some(Err(()));
        }
        self.jsonata_template(fields, key).map(Ok)
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`).
    pub(super) fn template(&mut self, fields: &Fields, key: &str) -> Option<Template> {
        let value = fields.get(key)?;
        if key == "ResultSelector" && !value.is_object() {
            self.report(Code::WrongType, &fields.at(key), "\"ResultSelector\" must be a JSON object");
            return None;
        }
        match Template::parse(value) {
            Ok(template) => Some(template),
            Err(problems) => {
                for (relative, message) in problems {
                    self.report(Code::InvalidIntrinsic, &format!("{}{relative}", fields.at(key)), message);
                }
                None
            }
        }
    }
}

/// AWS: a variable name starts with a letter or `_`, goes on with letters, digits and `_`, has at
/// most 80 characters, and is not the reserved `states` (developer guide, "Passing data between
/// states with variables").
fn check_variable_name(name: &str) -> Result<(), &'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => Err("it is empty"),
        Some(c) if !(c.is_alphabetic() || c == '_') => Err("it must start with a letter or _"),
        _ if !chars.all(|c| c.is_alphanumeric() || c == '_') => Err("only letters, digits and _ may follow"),
        _ if name.chars().count() > 80 => Err("it is longer than 80 characters"),
        _ if name == "states" => Err("$states is reserved"),
        _ => Ok(()),
    }
}

//! A Choice state's `Choices` and `Default`, and its rules.

use json_value::Value;

use super::fields::Fields;
use super::Loader;
use crate::asl::diagnostic::Code;
use crate::asl::model::{Choice, ChoiceBranch, QueryLanguage, Rule};
use crate::data::choice::{ChoiceRule, Comparator, Operand, OperandType};
use crate::data::timestamp;

const BOOLEAN_OPERATORS: [&str; 3] = ["And", "Or", "Not"];

impl Loader<'_> {
    pub(super) fn choice(&mut self, fields: &Fields) -> Option<Choice> {
        let default = self.optional_string(fields, "Default");
        let Some(value) = fields.get("Choices") else {
            self.report(Code::MissingField, &fields.pointer, "Missing required field \"Choices\"");
            return None;
        };
        let Some(items) = value.as_array().filter(|a| !a.is_empty()) else {
            self.report(Code::WrongType, &fields.at("Choices"), "\"Choices\" must be a non-empty array");
            return None;
        };
        let pointer = fields.at("Choices");
        let choices: Vec<_> =
            items.iter().enumerate().filter_map(|(i, rule)| self.top_rule(rule, &format!("{pointer}/{i}"))).collect();
        (choices.len() == items.len()).then_some(Choice { choices, default })
    }

    /// A rule of `Choices`: a rule with its `Next` and `Assign`.
    fn top_rule(&mut self, value: &Value, pointer: &str) -> Option<ChoiceBranch> {
        let fields = self.object(value, pointer)?;
        let next = self.required_string(&fields, "Next");
        let assign = self.assign(&fields);
        let output = self.jsonata_template(&fields, "Output");
        let rule = match self.language {
            QueryLanguage::JsonPath => self.rule(&fields, true).map(Rule::JsonPath),
            QueryLanguage::Jsonata => self.condition(&fields),
        };
        Some(ChoiceBranch { rule: rule?, next: next?, assign, output })
    }

    /// A JSONata rule: `Condition` (a boolean or an expression), `Next`, `Assign`, `Output`.
    fn condition(&mut self, fields: &Fields) -> Option<Rule> {
        let extra: Vec<String> = fields
            .map
            .keys()
            .filter(|k| !matches!(&***k, "Condition" | "Next" | "Assign" | "Output" | "Comment"))
            .map(|k| k.to_string())
            .collect();
        for key in extra {
            let message = format!("Field \"{key}\" is not allowed in a JSONata Choice rule (use \"Condition\")");
            self.report(Code::UnknownField, &fields.at(&key), message);
        }
        match fields.get("Condition") {
            Some(Value::Bool(_)) | Some(Value::String(_)) => {
                self.jsonata_template(fields, "Condition").map(Rule::Condition)
            }
            Some(_) => {
                let message = "\"Condition\" must be a boolean or a JSONata expression";
                self.report(Code::WrongType, &fields.at("Condition"), message);
                None
            }
            None => {
                self.report(Code::MissingField, &fields.pointer, "A JSONata Choice rule needs a \"Condition\"");
                None
            }
        }
    }

    /// One rule: exactly one of `And`, `Or`, `Not`, or a comparison with its `Variable`.
    fn rule(&mut self, fields: &Fields, top: bool) -> Option<ChoiceRule> {
        for key in ["Next", "Assign"] {
            if !top && fields.get(key).is_some() {
                self.report(
                    Code::UnknownField,
                    &fields.at(key),
                    format!("Only top-level Choice rules may have \"{key}\""),
                );
            }
        }
        if fields.get("Condition").is_some() {
            let message = "\"Condition\" is for JSONata states; JSONPath rules use \"Variable\" and an operator";
            self.report(Code::UnknownField, &fields.at("Condition"), message);
            return None;
        }
        let operators: Vec<String> = fields
            .map
            .keys()
            .filter(|k| !matches!(&***k, "Variable" | "Next" | "Comment" | "Assign"))
            .map(|k| k.to_string())
            .collect();
        let [operator] = operators.as_slice() else {
            let message = format!("A Choice rule must have exactly one operator; found {}", operators.len());
            self.report(Code::FieldConflict, &fields.pointer, message);
            return None;
        };
        if BOOLEAN_OPERATORS.contains(&operator.as_str()) {
            return self.boolean_rule(fields, operator);
        }
        self.comparison(fields, operator)
    }

    fn boolean_rule(&mut self, fields: &Fields, operator: &str) -> Option<ChoiceRule> {
        if fields.get("Variable").is_some() {
            self.report(
                Code::UnknownField,
                &fields.at("Variable"),
                format!("\"{operator}\" rules have no \"Variable\""),
            );
        }
        let value = fields.get(operator)?;
        let pointer = fields.at(operator);
        if operator == "Not" {
            let inner = self.object(value, &pointer)?;
            return self.rule(&inner, false).map(|r| ChoiceRule::Not(Box::new(r)));
        }
        let Some(items) = value.as_array().filter(|a| !a.is_empty()) else {
            self.report(Code::WrongType, &pointer, format!("\"{operator}\" must be a non-empty array of rules"));
            return None;
        };
        let mut rules = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let inner = self.object(item, format!("{pointer}/{i}"));
            rules.push(inner.and_then(|inner| self.rule(&inner, false)));
        }
        let rules: Option<Vec<ChoiceRule>> = rules.into_iter().collect();
        rules.map(|r| if operator == "And" { ChoiceRule::And(r) } else { ChoiceRule::Or(r) })
    }

    fn comparison(&mut self, fields: &Fields, operator: &str) -> Option<ChoiceRule> {
        let Some((comparator, is_path)) = Comparator::from_field(operator) else {
            self.report(Code::UnknownField, &fields.at(operator), format!("\"{operator}\" is not a Choice operator"));
            return None;
        };
        let variable = match fields.get("Variable") {
            Some(_) => self.path(fields, "Variable", false),
            None => {
                self.report(Code::MissingField, &fields.pointer, "A comparison needs a \"Variable\"");
                None
            }
        };
        let operand = if is_path {
            self.path(fields, operator, false).map(Operand::Path)
        } else {
            self.literal_operand(fields, operator, comparator.operand_type())
        };
        Some(ChoiceRule::Compare { variable: variable?, comparator, operand: operand? })
    }

    fn literal_operand(&mut self, fields: &Fields, operator: &str, expected: OperandType) -> Option<Operand> {
        let value = fields.get(operator)?;
        let valid = match expected {
            OperandType::String => value.is_string(),
            OperandType::Number => value.is_number(),
            OperandType::Boolean => value.is_boolean(),
            OperandType::Timestamp => value.as_str().and_then(timestamp::parse_nanos).is_some(),
        };
        if !valid {
            let kind = match expected {
                OperandType::String => "a string",
                OperandType::Number => "a number",
                OperandType::Boolean => "a boolean",
                OperandType::Timestamp => "an ISO-8601 timestamp string",
            };
            self.report(Code::WrongType, &fields.at(operator), format!("\"{operator}\" must be {kind}"));
            return None;
        }
        Some(Operand::Value(value.clone()))
    }
}

//! Short forms of Choice rules for edge labels: `$.inStock == true`, `$.n > 5`, `not(…)`.

use crate::asl::Rule;
use crate::data::choice::{ChoiceRule, Comparator, Operand};

const MAX_LABEL: usize = 40;

/// A Choice rule in a few characters.
pub fn rule_label(rule: &Rule) -> String {
    let text = match rule {
        Rule::JsonPath(rule) => choice_label(rule),
        Rule::Condition(template) => match template {
            crate::data::jsonata::template::JsonataTemplate::Expression(e) => e.source().to_owned(),
            crate::data::jsonata::template::JsonataTemplate::Literal(v) => v.to_string(),
            _ => "condition".to_owned(),
        },
    };
    shorten(&text)
}

fn choice_label(rule: &ChoiceRule) -> String {
    match rule {
        ChoiceRule::And(rules) => format!("and({})", rules.iter().map(choice_label).collect::<Vec<_>>().join(", ")),
        ChoiceRule::Or(rules) => format!("or({})", rules.iter().map(choice_label).collect::<Vec<_>>().join(", ")),
        ChoiceRule::Not(rule) => format!("not({})", choice_label(rule)),
        ChoiceRule::Compare { variable, comparator, operand } => {
            let operand = match operand {
                Operand::Value(v) => v.to_string(),
                Operand::Path(p) => p.text().to_owned(),
            };
            format!("{} {} {operand}", variable.text(), symbol(*comparator))
        }
    }
}

fn symbol(comparator: Comparator) -> &'static str {
    let name = comparator.name();
    if name.starts_with("Is") {
        return match comparator {
            Comparator::IsNull => "is null:",
            Comparator::IsPresent => "is present:",
            Comparator::IsNumeric => "is numeric:",
            Comparator::IsString => "is string:",
            Comparator::IsBoolean => "is boolean:",
            _ => "is timestamp:",
        };
    }
    match name
        .trim_start_matches("String")
        .trim_start_matches("Numeric")
        .trim_start_matches("Boolean")
        .trim_start_matches("Timestamp")
    {
        "Equals" => "==",
        "LessThan" => "<",
        "GreaterThan" => ">",
        "LessThanEquals" => "<=",
        "GreaterThanEquals" => ">=",
        _ => "matches",
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX_LABEL - 1).collect();
    format!("{cut}…")
}

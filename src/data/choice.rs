//! Choice rules: the comparison operators, `And`/`Or`/`Not`, and how AWS evaluates them (no type
//! coercion: a comparison whose variable has the wrong type is simply false).

use json_value::Value;

use super::context::ContextObject;
use super::path::Path;
use super::timestamp;
use super::variables::{eval_path, Variables};
use crate::asl::{ErrorName, Failure};

/// A Choice rule (without its `Next`, which the [`crate::asl::Choice`] keeps).
#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceRule {
    /// `"And": [rules]`: all true.
    And(Vec<ChoiceRule>),
    /// `"Or": [rules]`: any true.
    Or(Vec<ChoiceRule>),
    /// `"Not": rule`.
    Not(Box<ChoiceRule>),
    /// `"Variable": path, "<Comparator>": operand`.
    Compare {
        /// `Variable`.
        variable: Path,
        /// Which operator.
        comparator: Comparator,
        /// The operator's value, or the path its `…Path` twin names.
        operand: Operand,
    },
}

impl ChoiceRule {
    /// Whether the rule holds for the effective `input` (`context`: the context object, for `$$`).
    /// A path that matches nothing fails with States.Runtime, except under `IsPresent`.
    pub fn eval(&self, input: &Value, context: &dyn ContextObject, variables: &Variables) -> Result<bool, Failure> {
        let env = (input, context, variables);
        match self {
            ChoiceRule::And(rules) => all(rules, env),
            ChoiceRule::Or(rules) => any(rules, env),
            ChoiceRule::Not(rule) => rule.eval(input, context, variables).map(|b| !b),
            ChoiceRule::Compare { variable, comparator, operand } => {
                let value = read(variable, env)?;
                if value.is_none() && *comparator != Comparator::IsPresent {
                    return Err(invalid_path(variable));
                }
                match operand {
                    Operand::Value(v) => Ok(comparator.compare(value.as_ref(), v)),
                    Operand::Path(p) => {
                        let v = read(p, env)?.ok_or_else(|| invalid_path(p))?;
                        Ok(comparator.compare(value.as_ref(), &v))
                    }
                }
            }
        }
    }
}

/// `$`, `$$` and the variables a rule reads.
type Env<'a> = (&'a Value, &'a dyn ContextObject, &'a Variables);

fn all(rules: &[ChoiceRule], (input, context, variables): Env) -> Result<bool, Failure> {
    for rule in rules {
        if !rule.eval(input, context, variables)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn any(rules: &[ChoiceRule], (input, context, variables): Env) -> Result<bool, Failure> {
    for rule in rules {
        if rule.eval(input, context, variables)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The value `path` names, `None` when it names nothing (an undefined variable is an error).
fn read(path: &Path, (input, context, variables): Env) -> Result<Option<Value>, Failure> {
    match eval_path(path, input, context, variables)? {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.limit => Err(Failure::new(crate::asl::ErrorName::Runtime, e.message)),
        Err(_) => Ok(None),
    }
}

// AWS: States.Runtime "Invalid path '$.x': The choice state's condition path references an
// invalid value." for a Variable (or a …Path operand) that matches nothing.
fn invalid_path(path: &Path) -> Failure {
    Failure::new(
        ErrorName::Runtime,
        format!("Invalid path '{}': The choice state's condition path references an invalid value.", path.text()),
    )
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// The plain operator's literal (`"StringEquals": "x"`).
    Value(Value),
    /// The `…Path` twin's path (`"StringEqualsPath": "$.x"`).
    Path(Path),
}

/// The comparison operators of ASL, without the `Path` suffix (that is [`Operand::Path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `StringEquals`.
    StringEquals,
    /// `StringLessThan`.
    StringLessThan,
    /// `StringGreaterThan`.
    StringGreaterThan,
    /// `StringLessThanEquals`.
    StringLessThanEquals,
    /// `StringGreaterThanEquals`.
    StringGreaterThanEquals,
    /// `StringMatches` (`*` wildcard; `\*` and `\\` escapes).
    StringMatches,
    /// `NumericEquals`.
    NumericEquals,
    /// `NumericLessThan`.
    NumericLessThan,
    /// `NumericGreaterThan`.
    NumericGreaterThan,
    /// `NumericLessThanEquals`.
    NumericLessThanEquals,
    /// `NumericGreaterThanEquals`.
    NumericGreaterThanEquals,
    /// `BooleanEquals`.
    BooleanEquals,
    /// `TimestampEquals`.
    TimestampEquals,
    /// `TimestampLessThan`.
    TimestampLessThan,
    /// `TimestampGreaterThan`.
    TimestampGreaterThan,
    /// `TimestampLessThanEquals`.
    TimestampLessThanEquals,
    /// `TimestampGreaterThanEquals`.
    TimestampGreaterThanEquals,
    /// `IsNull`.
    IsNull,
    /// `IsPresent`.
    IsPresent,
    /// `IsNumeric`.
    IsNumeric,
    /// `IsString`.
    IsString,
    /// `IsBoolean`.
    IsBoolean,
    /// `IsTimestamp`.
    IsTimestamp,
}

/// What kind of literal an operator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandType {
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean (`BooleanEquals` and the `Is*` tests).
    Boolean,
    /// An ISO-8601 timestamp string.
    Timestamp,
}

use Comparator as C;

impl Comparator {
    /// Every operator, in the spec's order.
    pub const ALL: [Comparator; 23] = [
        C::StringEquals,
        C::StringLessThan,
        C::StringGreaterThan,
        C::StringLessThanEquals,
        C::StringGreaterThanEquals,
        C::StringMatches,
        C::NumericEquals,
        C::NumericLessThan,
        C::NumericGreaterThan,
        C::NumericLessThanEquals,
        C::NumericGreaterThanEquals,
        C::BooleanEquals,
        C::TimestampEquals,
        C::TimestampLessThan,
        C::TimestampGreaterThan,
        C::TimestampLessThanEquals,
        C::TimestampGreaterThanEquals,
        C::IsNull,
        C::IsPresent,
        C::IsNumeric,
        C::IsString,
        C::IsBoolean,
        C::IsTimestamp,
    ];

    /// The field name, as ASL spells it.
    pub fn name(self) -> &'static str {
        match self {
            C::StringEquals => "StringEquals",
            C::StringLessThan => "StringLessThan",
            C::StringGreaterThan => "StringGreaterThan",
            C::StringLessThanEquals => "StringLessThanEquals",
            C::StringGreaterThanEquals => "StringGreaterThanEquals",
            C::StringMatches => "StringMatches",
            C::NumericEquals => "NumericEquals",
            C::NumericLessThan => "NumericLessThan",
            C::NumericGreaterThan => "NumericGreaterThan",
            C::NumericLessThanEquals => "NumericLessThanEquals",
            C::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            C::BooleanEquals => "BooleanEquals",
            C::TimestampEquals => "TimestampEquals",
            C::TimestampLessThan => "TimestampLessThan",
            C::TimestampGreaterThan => "TimestampGreaterThan",
            C::TimestampLessThanEquals => "TimestampLessThanEquals",
            C::TimestampGreaterThanEquals => "TimestampGreaterThanEquals",
            C::IsNull => "IsNull",
            C::IsPresent => "IsPresent",
            C::IsNumeric => "IsNumeric",
            C::IsString => "IsString",
            C::IsBoolean => "IsBoolean",
            C::IsTimestamp => "IsTimestamp",
        }
    }

    /// The operator a field names: `("StringEquals", false)` or `("StringEqualsPath", true)`.
    pub fn from_field(field: &str) -> Option<(Comparator, bool)> {
        let (base, is_path) = match field.strip_suffix("Path") {
            Some(base) => (base, true),
            None => (field, false),
        };
        let comparator = Self::ALL.into_iter().find(|c| c.name() == base)?;
        (!is_path || comparator.has_path_twin()).then_some((comparator, is_path))
    }

    /// Whether a `…Path` twin exists (every operator but `StringMatches` and the `Is*` tests).
    pub fn has_path_twin(self) -> bool {
        !matches!(self, C::StringMatches) && self.operand_type() != OperandType::Boolean || self == C::BooleanEquals
    }

    /// The type of the plain operator's literal.
    pub fn operand_type(self) -> OperandType {
        match self {
            C::StringEquals
            | C::StringLessThan
            | C::StringGreaterThan
            | C::StringLessThanEquals
            | C::StringGreaterThanEquals
            | C::StringMatches => OperandType::String,
            C::NumericEquals
            | C::NumericLessThan
            | C::NumericGreaterThan
            | C::NumericLessThanEquals
            | C::NumericGreaterThanEquals => OperandType::Number,
            C::TimestampEquals
            | C::TimestampLessThan
            | C::TimestampGreaterThan
            | C::TimestampLessThanEquals
            | C::TimestampGreaterThanEquals => OperandType::Timestamp,
            C::BooleanEquals
            | C::IsNull
            | C::IsPresent
            | C::IsNumeric
            | C::IsString
            | C::IsBoolean
            | C::IsTimestamp => OperandType::Boolean,
        }
    }

    /// Applies the operator to the variable's value (`None`: the variable's path matched
    /// nothing) and the operand's value.
    pub fn compare(self, variable: Option<&Value>, operand: &Value) -> bool {
        let Some(variable) = variable else {
            return self == C::IsPresent && operand == &Value::Bool(false);
        };
        match self.operand_type() {
            OperandType::String if self == C::StringMatches => string_matches(variable, operand),
            OperandType::String => compare_strings(self, variable, operand),
            OperandType::Number => compare_numbers(self, variable, operand),
            OperandType::Timestamp => compare_timestamps(self, variable, operand),
            OperandType::Boolean if self == C::BooleanEquals => {
                variable.is_boolean() && operand.is_boolean() && variable == operand
            }
            OperandType::Boolean => Some(self.test(variable)) == operand.as_bool(),
        }
    }

    /// The `Is*` type tests.
    fn test(self, value: &Value) -> bool {
        match self {
            C::IsNull => value.is_null(),
            C::IsPresent => true,
            C::IsNumeric => value.is_number(),
            C::IsString => value.is_string(),
            C::IsBoolean => value.is_boolean(),
            C::IsTimestamp => value.as_str().and_then(timestamp::parse_nanos).is_some(),
            _ => false,
        }
    }

    fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            C::StringEquals | C::NumericEquals | C::TimestampEquals => ordering == Equal,
            C::StringLessThan | C::NumericLessThan | C::TimestampLessThan => ordering == Less,
            C::StringGreaterThan | C::NumericGreaterThan | C::TimestampGreaterThan => ordering == Greater,
            C::StringLessThanEquals | C::NumericLessThanEquals | C::TimestampLessThanEquals => ordering != Greater,
            C::StringGreaterThanEquals | C::NumericGreaterThanEquals | C::TimestampGreaterThanEquals => {
                ordering != Less
            }
            _ => false,
        }
    }
}

/// Java compares strings by UTF-16 code units; so does AWS.
fn compare_strings(op: Comparator, variable: &Value, operand: &Value) -> bool {
    match (variable.as_str(), operand.as_str()) {
        (Some(a), Some(b)) => op.holds(a.encode_utf16().cmp(b.encode_utf16())),
        _ => false,
    }
}

fn compare_numbers(op: Comparator, variable: &Value, operand: &Value) -> bool {
    match (variable.as_f64(), operand.as_f64()) {
        (Some(a), Some(b)) if variable.is_number() => a.partial_cmp(&b).is_some_and(|o| op.holds(o)),
        _ => false,
    }
}

fn compare_timestamps(op: Comparator, variable: &Value, operand: &Value) -> bool {
    let parse = |v: &Value| v.as_str().and_then(timestamp::parse_nanos);
    match (parse(variable), parse(operand)) {
        (Some(a), Some(b)) => op.holds(a.cmp(&b)),
        _ => false,
    }
}

/// `StringMatches`: `*` matches any run of characters; `\*` a star and `\\` a backslash.
fn string_matches(variable: &Value, pattern: &Value) -> bool {
    let (Some(text), Some(pattern)) = (variable.as_str(), pattern.as_str()) else {
        return false;
    };
    let tokens = pattern_tokens(pattern);
    wildcard_match(&tokens, &text.chars().collect::<Vec<_>>())
}

#[derive(Clone, Copy, PartialEq)]
enum Token {
    Star,
    Char(char),
}

fn pattern_tokens(pattern: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            '*' => Token::Star,
            c => Token::Char(c),
        });
    }
    tokens
}

/// Iterative wildcard matching with backtracking to the last star: O(n·m) worst case, no recursion.
fn wildcard_match(pattern: &[Token], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::Char(c)) if Some(c) == text.get(t) => (p, t) = (p + 1, t + 1),
            Some(Token::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    (p, t) = (sp + 1, st + 1);
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern.get(p..).is_some_and(|rest| rest.iter().all(|t| *t == Token::Star))
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    fn check(op: &str, variable: Option<Value>, operand: Value, expected: bool) {
        let (comparator, _) = Comparator::from_field(op).expect("an operator");
        assert_eq!(comparator.compare(variable.as_ref(), &operand), expected, "{op} {variable:?} {operand}");
    }

    #[test]
    fn strings_compare_only_strings() {
        check("StringEquals", Some(json!("Hello")), json!("Hello"), true);
        check("StringEquals", Some(json!(" ")), json!("     "), false);
        check("StringEquals", Some(json!(1)), json!("1"), false);
        check("StringLessThan", Some(json!("a")), json!("b"), true);
        check("StringGreaterThanEquals", Some(json!("b")), json!("b"), true);
        check("StringLessThanEquals", Some(json!(null)), json!("b"), false);
    }

    #[test]
    fn numbers_compare_by_value_without_coercion() {
        check("NumericEquals", Some(json!(1)), json!(1.0), true);
        check("NumericEquals", Some(json!("1")), json!(1), false);
        check("NumericLessThan", Some(json!(-1.5)), json!(0), true);
        check("NumericGreaterThanEquals", Some(json!(2)), json!(2), true);
        check("NumericGreaterThan", Some(json!(true)), json!(0), false);
    }

    #[test]
    fn booleans_and_type_tests() {
        check("BooleanEquals", Some(json!(true)), json!(true), true);
        check("BooleanEquals", Some(json!(0)), json!(false), false);
        check("IsNull", Some(json!(null)), json!(true), true);
        check("IsNull", Some(json!(0)), json!(false), true);
        check("IsNumeric", Some(json!(1.1)), json!(true), true);
        check("IsString", Some(json!("")), json!(true), true);
        check("IsBoolean", Some(json!(false)), json!(true), true);
        check("IsTimestamp", Some(json!("2012-10-09T19:00:55Z")), json!(true), true);
        check("IsTimestamp", Some(json!("2012-10-09T19:00:55")), json!(true), false);
    }

    #[test]
    fn a_missing_variable_is_only_not_present() {
        check("IsPresent", None, json!(false), true);
        check("IsPresent", None, json!(true), false);
        check("IsPresent", Some(json!(null)), json!(true), true);
        check("IsNull", None, json!(true), false);
        check("StringEquals", None, json!("x"), false);
    }

    #[test]
    fn timestamps_compare_instants() {
        check("TimestampEquals", Some(json!("2012-10-09T20:00:55+01:00")), json!("2012-10-09T19:00:55Z"), true);
        check("TimestampLessThan", Some(json!("2012-10-09T19:00:55Z")), json!("2012-10-09T19:00:56Z"), true);
        check("TimestampGreaterThan", Some(json!(0)), json!("2012-10-09T19:00:55Z"), false);
    }

    #[test]
    fn string_matches_wildcards_and_escapes() {
        let table = [
            ("log-*.txt", "log-2024.txt", true),
            ("log-*.txt", "log-.txt", true),
            ("log-*.txt", "log-1.csv", false),
            ("*", "", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("a\\*b", "a*b", true),
            ("a\\*b", "aXb", false),
            ("a\\\\b", "a\\b", true),
        ];
        for (pattern, text, expected) in table {
            check("StringMatches", Some(json!(text)), json!(pattern), expected);
        }
    }

    #[test]
    fn field_names_with_and_without_path() {
        assert_eq!(Comparator::from_field("NumericEqualsPath"), Some((C::NumericEquals, true)));
        assert_eq!(Comparator::from_field("BooleanEqualsPath"), Some((C::BooleanEquals, true)));
        assert_eq!(Comparator::from_field("IsNull"), Some((C::IsNull, false)));
        assert_eq!(Comparator::from_field("IsNullPath"), None);
        assert_eq!(Comparator::from_field("StringMatchesPath"), None);
        assert_eq!(Comparator::from_field("Variable"), None);
    }
}

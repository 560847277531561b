//! Errors with jsonata-js's codes, fields and message catalogue (`errorCodes`
//! and `populateMessage` in jsonata.js).

use std::fmt;

/// An error raised while parsing or evaluating, shaped like jsonata-js's error
/// objects. Its fields ([`ErrorData`]) are reachable through `Deref`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Error(Box<ErrorData>);

impl std::ops::Deref for Error {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// The fields of an [`Error`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorData {
    /// The jsonata error code, e.g. `T1006`.
    pub code: String,
    /// Character offset in the source the error relates to (jsonata's `position`).
    pub position: Option<usize>,
    /// The token the error relates to.
    pub token: Option<String>,
    /// `JSON.stringify` of the offending value (`None` = undefined).
    pub value: Option<String>,
    /// `JSON.stringify` of the second offending value (`value2`).
    pub value2: Option<String>,
    /// Argument index (1-based) for signature errors.
    pub index: Option<usize>,
    /// Array member type for `T0412`.
    pub type_name: Option<String>,
    /// Exponent for `D3061` (already stringified).
    pub exp: Option<String>,
    /// Free-form message (`$error`, `$assert`, limits); overrides the template's `{{{message}}}`.
    pub message: Option<String>,
    /// Function name for `D3140`.
    pub function_name: Option<String>,
    /// The token is a number, boolean or null literal (rendered unquoted by `{{token}}`).
    pub token_literal: bool,
}

impl Error {
    /// A bare error with the given code.
    pub fn new(code: &str) -> Self {
        Error(Box::new(ErrorData { code: code.to_string(), ..Default::default() }))
    }

    /// Sets the position.
    pub fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    /// Sets the token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the `value` field to an already-stringified JSON text.
    pub fn value_json(mut self, json: Option<String>) -> Self {
        self.value = json;
        self
    }

    /// Sets the `value` field to a JSON string literal.
    pub fn value_str(mut self, s: &str) -> Self {
        self.value = Some(json_quote(s));
        self
    }

    /// Sets the `index` field.
    pub fn index(mut self, index: usize) -> Self {
        self.index = Some(index);
        self
    }

    /// Sets the free-form message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The message as jsonata-js's `populateMessage` builds it.
    pub fn text(&self) -> String {
        match template(&self.code) {
            Some(t) => self.fill(t),
            None => self.message.clone().unwrap_or_default(),
        }
    }

    fn field(&self, name: &str, raw: bool) -> String {
        let json = |v: &Option<String>| v.clone().unwrap_or_else(|| "undefined".into());
        let text = |v: &Option<String>| match v {
            Some(s) if raw => s.clone(),
            Some(s) if name == "token" && self.token_literal => s.clone(),
            Some(s) => json_quote(s),
            None => "undefined".into(),
        };
        match name {
            "token" => text(&self.token),
            "value" if raw => json(&self.value).trim_matches('"').to_string(),
            "value" => json(&self.value),
            "value2" => json(&self.value2),
            "index" => self.index.map(|i| i.to_string()).unwrap_or_else(|| "undefined".into()),
            "type" => text(&self.type_name),
            "exp" => json(&self.exp),
            "message" => text(&self.message),
            "functionName" => text(&self.function_name),
            _ => "undefined".into(),
        }
    }

    fn fill(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let triple = rest[start..].starts_with("{{{");
            let open = if triple { 3 } else { 2 };
            let close = if triple { "}}}" } else { "}}" };
            let after = &rest[start + open..];
            match after.find(close) {
                Some(end) => {
                    out.push_str(&self.field(&after[..end], triple));
                    rest = &after[end + close.len()..];
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.text())
    }
}

impl std::error::Error for Error {}

/// `JSON.stringify` of a string.
pub fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    json_value::write_string(s, &mut out);
    out
}

/// The message template for a code (jsonata-js `errorCodes`, plus this port's `U` codes).
pub fn template(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

/// Message of the depth limit, as jsonata's test harness words it.
pub const STACK_OVERFLOW: &str =
    "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.";
/// Message of the step limit, as jsonata's test harness words it.
pub const TIMEOUT: &str = "Expression evaluation timeout: Check for infinite loop";

const CODES: &[(&str, &str)] = &[
    ("S0101", "String literal must be terminated by a matching quote"),
    ("S0102", "Number out of range: {{token}}"),
    ("S0103", "Unsupported escape sequence: \\{{token}}"),
    ("S0104", "The escape sequence \\u must be followed by 4 hex digits"),
    ("S0105", "Quoted property name must be terminated with a backquote (`)"),
    ("S0106", "Comment has no closing tag"),
    ("S0201", "Syntax error: {{token}}"),
    ("S0202", "Expected {{value}}, got {{token}}"),
    ("S0203", "Expected {{value}} before end of expression"),
    ("S0204", "Unknown operator: {{token}}"),
    ("S0205", "Unexpected token: {{token}}"),
    ("S0206", "Unknown expression type: {{token}}"),
    ("S0207", "Unexpected end of expression"),
    ("S0208", "Parameter {{value}} of function definition must be a variable name (start with $)"),
    ("S0209", "A predicate cannot follow a grouping expression in a step"),
    ("S0210", "Each step can only have one grouping expression"),
    ("S0211", "The symbol {{token}} cannot be used as a unary operator"),
    ("S0212", "The left side of := must be a variable name (start with $)"),
    ("S0213", "The literal value {{value}} cannot be used as a step within a path expression"),
    ("S0214", "The right side of {{token}} must be a variable name (start with $)"),
    ("S0215", "A context variable binding must precede any predicates on a step"),
    ("S0216", "A context variable binding must precede the 'order-by' clause on a step"),
    ("S0217", "The object representing the 'parent' cannot be derived from this expression"),
    ("S0301", "Empty regular expressions are not allowed"),
    ("S0302", "No terminating / in regular expression"),
    ("S0402", "Choice groups containing parameterized types are not supported"),
    ("S0401", "Type parameters can only be applied to functions and arrays"),
    ("S0500", "Attempted to evaluate an expression containing syntax error(s)"),
    ("T0410", "Argument {{index}} of function {{token}} does not match function signature"),
    ("T0411", "Context value is not a compatible type with argument {{index}} of function {{token}}"),
    ("T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"),
    ("D1001", "Number out of range: {{value}}"),
    ("D1002", "Cannot negate a non-numeric value: {{value}}"),
    ("T1003", "Key in object structure must evaluate to a string; got: {{value}}"),
    ("D1004", "Regular expression matches zero length string"),
    ("T1005", "Attempted to invoke a non-function. Did you mean ${{{token}}}?"),
    ("T1006", "Attempted to invoke a non-function"),
    ("T1007", "Attempted to partially apply a non-function. Did you mean ${{{token}}}?"),
    ("T1008", "Attempted to partially apply a non-function"),
    ("D1009", "Multiple key definitions evaluate to same key: {{value}}"),
    ("D1010", "Attempted to access the Javascript object prototype"),
    ("T1010", "The matcher function argument passed to function {{token}} does not return the correct object structure"),
    ("T2001", "The left side of the {{token}} operator must evaluate to a number"),
    ("T2002", "The right side of the {{token}} operator must evaluate to a number"),
    ("T2003", "The left side of the range operator (..) must evaluate to an integer"),
    ("T2004", "The right side of the range operator (..) must evaluate to an integer"),
    ("D2005", "The left side of := must be a variable name (start with $)"),
    ("T2006", "The right side of the function application operator ~> must be a function"),
    ("T2007", "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause"),
    ("T2008", "The expressions within an order-by clause must evaluate to numeric or string values"),
    ("T2009", "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type"),
    ("T2010", "The expressions either side of operator {{token}} must evaluate to numeric or string values"),
    ("T2011", "The insert/update clause of the transform expression must evaluate to an object: {{value}}"),
    ("T2012", "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}"),
    ("T2013", "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function."),
    ("D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}."),
    ("D3001", "Attempting to invoke string function on Infinity or NaN"),
    ("D3010", "Second argument of replace function cannot be an empty string"),
    ("D3011", "Fourth argument of replace function must evaluate to a positive number"),
    ("D3012", "Attempted to replace a matched string with a non-string value"),
    ("D3020", "Third argument of split function must evaluate to a positive number"),
    ("D3030", "Unable to cast value to a number: {{value}}"),
    ("D3040", "Third argument of match function must evaluate to a positive number"),
    ("D3050", "The second argument of reduce function must be a function with at least two arguments"),
    ("D3060", "The sqrt function cannot be applied to a negative number: {{value}}"),
    ("D3061", "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}"),
    ("D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function"),
    ("D3080", "The picture string must only contain a maximum of two sub-pictures"),
    ("D3081", "The sub-picture must not contain more than one instance of the 'decimal-separator' character"),
    ("D3082", "The sub-picture must not contain more than one instance of the 'percent' character"),
    ("D3083", "The sub-picture must not contain more than one instance of the 'per-mille' character"),
    ("D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character"),
    ("D3085", "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'"),
    ("D3086", "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character"),
    ("D3087", "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character"),
    ("D3088", "The sub-picture must not contain a 'grouping-separator' at the end of the integer part"),
    ("D3089", "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character"),
    ("D3090", "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'"),
    ("D3091", "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'"),
    ("D3092", "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'"),
    ("D3093", "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'"),
    ("D3100", "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}"),
    ("D3110", "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}"),
    ("D3120", "Syntax error in expression passed to function eval: {{value}}"),
    ("D3121", "Dynamic error evaluating the expression passed to function eval: {{value}}"),
    ("D3130", "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by this implementation"),
    ("D3131", "In a decimal digit pattern, all digits must be from the same decimal group"),
    ("D3132", "Unknown component specifier {{value}} in date/time picture string"),
    ("D3133", "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}"),
    ("D3134", "The timezone integer format specifier cannot have more than four digits"),
    ("D3135", "No matching closing bracket ']' in date/time picture string"),
    ("D3136", "The date/time picture string is missing specifiers required to parse the timestamp"),
    ("D3137", "{{{message}}}"),
    ("D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more."),
    ("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0."),
    ("D3140", "Malformed URL passed to ${{{functionName}}}(): {{value}}"),
    ("D3141", "{{{message}}}"),
    // Codes of this port (not in jsonata-js): resource limits and host integration.
    ("U1001", "{{{message}}}"),
    ("U1002", "Value nested deeper than the configured maximum depth of {{{value}}}"),
    ("U1003", "Sequence longer than the configured maximum length of {{{value}}}"),
    ("U1004", "String longer than the configured maximum length of {{{value}}}"),
    ("U1005", "Expression nested too deeply to parse: it exceeds the parser's nesting depth"),
    ("U1006", "Invalid regular expression: {{{message}}}"),
    ("U1007", "No regular expression engine is installed"),
    ("U1008", "The result contains a value that cannot be represented as JSON (function or regex)"),
];

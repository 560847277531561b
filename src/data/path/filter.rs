//! Filters, `[?(@.price < 10 && @.isbn)]`, parsed after Jayway's `FilterCompiler`:
//!
//! ```text
//! or       = and { "||" and }
//! and      = operand { "&&" operand }
//! operand  = "!" operand | "(" or ")" | relation
//! relation = value [ operator value ]        a lone path tests that it exists
//! value    = [ "!" ] path | 'string' | "string" | number | true | false | null | [json] | {json}
//! ```
//!
//! Operators: `==` `!=` `===` `!==` `<` `<=` `>` `>=` and the words `in` `nin` `subsetof`
//! `anyof` `noneof` `size` `empty` `contains` (any case). Regular expressions (`=~ /…/`) are
//! refused, as are Jayway's `all`, `type` and `matches`.

use json_value::Value;

use super::parse::{closing_quote, matching_close, parse_query, skip_ws, too_deep, unescape};
use super::step::Query;
use super::{PathError, MAX_DEPTH};

/// A filter's condition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    /// `a || b || …`
    Or(Vec<Expr>),
    /// `a && b && …`
    And(Vec<Expr>),
    /// `!a`
    Not(Box<Expr>),
    /// `@.isbn` (expected `true`) or `!@.isbn` (expected `false`).
    Exists { query: Query, expected: bool },
    /// `left op right`
    Compare { left: Operand, op: Operator, right: Operand },
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operand {
    /// `@.a` (the tested item) or `$.a` (the document).
    Query(Query),
    /// A literal, already parsed.
    Literal(Value),
}

/// A relational operator (Jayway's `RelationalOperator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`: same kind of value and `==`.
    TypedEq,
    /// `!==`
    TypedNe,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`: the left value is an element of the right array.
    In,
    /// `nin`: the left value is no element of the right array.
    Nin,
    /// `subsetof`: every element of the left array is in the right one.
    SubsetOf,
    /// `anyof`: some element of the left array is in the right one.
    AnyOf,
    /// `noneof`: no element of the left array is in the right one.
    NoneOf,
    /// `size`: the length of a string or array.
    Size,
    /// `empty`: whether a string, array or object is empty.
    Empty,
    /// `contains`: a substring, or an element of an array.
    Contains,
}

/// Message for `=~`.
const NO_REGEX: &str = "Regular expressions (=~ /…/) are not supported in filters";

/// Parses a filter's condition, the text between `[?(` and `)]`; `offset` is its character
/// position in the whole path and `depth` the nesting so far.
pub(crate) fn parse(text: &str, offset: usize, depth: usize) -> Result<Expr, PathError> {
    let mut parser = FilterParser { text, bytes: text.as_bytes(), pos: 0, offset };
    let expr = parser.or(depth)?;
    parser.pos = skip_ws(parser.bytes, parser.pos);
    match text.get(parser.pos..) {
        Some(rest) if !rest.is_empty() => {
            Err(PathError::new(format!("Expected end of filter expression instead of: {rest}")))
        }
        _ => Ok(expr),
    }
}

/// A cursor over a filter's text.
struct FilterParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    offset: usize,
}

/// One more level of nesting, or the error past [`MAX_DEPTH`].
fn deeper(depth: usize) -> Result<usize, PathError> {
    if depth >= MAX_DEPTH {
        Err(too_deep())
    } else {
        Ok(depth + 1)
    }
}

impl FilterParser<'_> {
    fn peek(&mut self) -> Option<u8> {
        self.pos = skip_ws(self.bytes, self.pos);
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    /// Consumes `token` if it comes next.
    fn eat(&mut self, token: &str) -> bool {
        self.pos = skip_ws(self.bytes, self.pos);
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn position(&self) -> usize {
        self.offset + self.text.get(..self.pos).map_or(self.pos, |head| head.chars().count())
    }

    fn or(&mut self, depth: usize) -> Result<Expr, PathError> {
        let mut terms = vec![self.and(depth)?];
        while self.eat("||") {
            terms.push(self.and(depth)?);
        }
        Ok(flatten(terms, Expr::Or))
    }

    fn and(&mut self, depth: usize) -> Result<Expr, PathError> {
        let mut terms = vec![self.operand(depth)?];
        while self.eat("&&") {
            terms.push(self.operand(depth)?);
        }
        Ok(flatten(terms, Expr::And))
    }

    /// `!operand`, `(or)` or a relation. A `!` right before a path belongs to the path.
    fn operand(&mut self, depth: usize) -> Result<Expr, PathError> {
        match self.peek() {
            Some(b'!') if !self.bang_before_path() => {
                self.pos += 1;
                let inner = self.operand(deeper(depth)?)?;
                Ok(Expr::Not(Box::new(inner)))
            }
            Some(b'(') => {
                self.pos += 1;
                let inner = self.or(deeper(depth)?)?;
                if !self.eat(")") {
                    let at = self.position();
                    return Err(PathError::new(format!("Expected ')' at position {at} in filter")));
                }
                Ok(inner)
            }
            _ => self.relation(depth),
        }
    }

    /// Whether the `!` at `self.pos` is followed by `@` or `$`.
    fn bang_before_path(&self) -> bool {
        let next = skip_ws(self.bytes, self.pos + 1);
        matches!(self.bytes.get(next), Some(b'@' | b'$'))
    }

    /// `value [operator value]`; without an operator the value must be a path (existence).
    fn relation(&mut self, depth: usize) -> Result<Expr, PathError> {
        let (left, negated) = self.value(depth)?;
        let before_operator = self.pos;
        if let Some(op) = self.operator()? {
            // Jayway drops a `!` before a compared path: `!@.a == 1` is `@.a == 1`.
            let (right, _) = self.value(depth)?;
            return Ok(Expr::Compare { left, op, right });
        }
        self.pos = before_operator;
        match left {
            Operand::Query(query) => Ok(Expr::Exists { query, expected: !negated }),
            Operand::Literal(value) => {
                Err(PathError::new(format!("Expected a comparison after the literal {value} in filter")))
            }
        }
    }

    /// A path (with whether a `!` preceded it) or a literal.
    fn value(&mut self, depth: usize) -> Result<(Operand, bool), PathError> {
        match self.peek() {
            Some(b'!') => {
                self.pos += 1;
                match self.peek() {
                    Some(b'@' | b'$') => Ok((self.path(depth)?, true)),
                    _ => Err(PathError::new("Unexpected character: !")),
                }
            }
            Some(b'@' | b'$') => Ok((self.path(depth)?, false)),
            Some(_) => Ok((Operand::Literal(self.literal()?), false)),
            None => Err(PathError::new(format!("Expected a value at position {} in filter", self.position()))),
        }
    }

    /// A path inside the filter, up to a blank, an operator, `)`, `&`, `|` or `,`.
    fn path(&mut self, depth: usize) -> Result<Operand, PathError> {
        let start = self.pos;
        let mut end = start + 1;
        while let Some(&b) = self.bytes.get(end) {
            match b {
                b'[' => match matching_close(self.bytes, end, b'[', b']') {
                    Some(close) => end = close + 1,
                    None => return Err(PathError::new("Square brackets do not match in filter")),
                },
                b'(' if self.bytes.get(end + 1) == Some(&b')') => end += 2,
                b')' | b'<' | b'>' | b'=' | b'!' | b'~' | b'&' | b'|' | b',' => break,
                _ if b.is_ascii_whitespace() => break,
                _ => end += 1,
            }
        }
        let text = self.text.get(start..end).unwrap_or_default();
        let query = parse_query(text, true, self.position(), deeper(depth)?)?;
        self.pos = end;
        Ok(Operand::Query(query))
    }

    /// A string, keyword, number or JSON literal.
    fn literal(&mut self) -> Result<Value, PathError> {
        match self.bytes.get(self.pos).copied() {
            Some(b'\'' | b'"') => self.string(),
            Some(b'[') => self.json(b'[', b']'),
            Some(b'{') => self.json(b'{', b'}'),
            Some(b'/') => Err(PathError::new(NO_REGEX)),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => Ok(self.keyword().unwrap_or_else(|| self.bare_word())),
            _ => self.number(),
        }
    }

    /// A word without quotes (`@.lang == es`): a string. Jayway would read it as a number and
    /// fail, but AWS accepts it, and its own samples compare with it as a string
    /// (aws-samples/step-functions-workflows-collection `parallel-translate`:
    /// `$[?(@.TargetLanguageCode==es)].TranslatedText`; `textract-analyze-expense`:
    /// `[?(@.Type == AMOUNT_PAID)]`). Reading it as a string is our choice; AWS documents nothing.
    fn bare_word(&mut self) -> Value {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(|b| b.is_ascii_alphanumeric() || b"_-.".contains(b)) {
            self.pos += 1;
        }
        Value::from(self.text.get(start..self.pos).unwrap_or_default().to_owned())
    }

    fn string(&mut self) -> Result<Value, PathError> {
        let Some(end) = closing_quote(self.bytes, self.pos) else {
            return Err(PathError::new(format!(
                "String literal does not have matching quotes in filter: {}",
                self.rest()
            )));
        };
        let raw = self.text.get(self.pos + 1..end).unwrap_or_default();
        self.pos = end + 1;
        Ok(Value::from(unescape(raw)))
    }

    /// `true`, `false` or `null`, as a whole word.
    fn keyword(&mut self) -> Option<Value> {
        for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
            let after = self.bytes.get(self.pos + word.len()).copied();
            let whole = !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            if self.rest().starts_with(word) && whole {
                self.pos += word.len();
                return Some(value);
            }
        }
        None
    }

    /// A number as Jayway reads it (`BigDecimal`): `12`, `-1.5`, `2e3`, `.5`.
    fn number(&mut self) -> Result<Value, PathError> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(|b| b.is_ascii_digit() || b"+-.eE".contains(b)) {
            self.pos += 1;
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        if text.is_empty() {
            return Err(PathError::new(format!("Unexpected value in filter: {}", self.rest())));
        }
        parse_number(text).ok_or_else(|| PathError::new(format!("Failed to parse number literal in filter: {text}")))
    }

    /// A JSON array or object; single-quoted strings are allowed, as in Jayway.
    fn json(&mut self, open: u8, close: u8) -> Result<Value, PathError> {
        let Some(end) = matching_close(self.bytes, self.pos, open, close) else {
            return Err(PathError::new(format!("JSON literal not closed in filter: {}", self.rest())));
        };
        let raw = self.text.get(self.pos..=end).unwrap_or_default();
        let value = serde_json::from_str(&double_quoted(raw))
            .map_err(|_| PathError::new(format!("Invalid JSON literal in filter: {raw}")))?;
        self.pos = end + 1;
        Ok(value)
    }

    /// A relational operator, or `None` when the next text is not one.
    fn operator(&mut self) -> Result<Option<Operator>, PathError> {
        let Some(first) = self.peek() else {
            return Ok(None);
        };
        let start = self.pos;
        let symbolic = b"<>=!~".contains(&first);
        while let Some(&b) = self.bytes.get(self.pos) {
            let same_kind = if symbolic { b"<>=!~".contains(&b) } else { b.is_ascii_alphabetic() };
            if !same_kind {
                break;
            }
            self.pos += 1;
        }
        let op = operator_named(self.text.get(start..self.pos).unwrap_or_default())?;
        if op.is_none() {
            self.pos = start;
        }
        Ok(op)
    }
}

/// The operator spelled `word`; `None` for a word that is no operator (the caller backs up).
fn operator_named(word: &str) -> Result<Option<Operator>, PathError> {
    let op = match word.to_ascii_lowercase().as_str() {
        "" => None,
        "==" => Some(Operator::Eq),
        "!=" => Some(Operator::Ne),
        "===" => Some(Operator::TypedEq),
        "!==" => Some(Operator::TypedNe),
        "<" => Some(Operator::Lt),
        "<=" => Some(Operator::Le),
        ">" => Some(Operator::Gt),
        ">=" => Some(Operator::Ge),
        "in" => Some(Operator::In),
        "nin" => Some(Operator::Nin),
        "subsetof" => Some(Operator::SubsetOf),
        "anyof" => Some(Operator::AnyOf),
        "noneof" => Some(Operator::NoneOf),
        "size" => Some(Operator::Size),
        "empty" => Some(Operator::Empty),
        "contains" => Some(Operator::Contains),
        "=~" => return Err(PathError::new(NO_REGEX)),
        "all" | "type" | "matches" => return Err(PathError::new(format!("Filter operator {word} is not supported!"))),
        _ if word.bytes().all(|b| b.is_ascii_alphabetic()) => None,
        // Jayway's `RelationalOperator.fromString` message.
        _ => return Err(PathError::new(format!("Filter operator {word} is not supported!"))),
    };
    Ok(op)
}

/// One term as itself, several combined by `combine`.
fn flatten(mut terms: Vec<Expr>, combine: fn(Vec<Expr>) -> Expr) -> Expr {
    if terms.len() == 1 {
        if let Some(term) = terms.pop() {
            return term;
        }
    }
    combine(terms)
}

/// A number literal: an integer when it is one, else a finite double.
pub(crate) fn parse_number(text: &str) -> Option<Value> {
    if let Ok(int) = text.parse::<i64>() {
        return Some(Value::from(int));
    }
    let float: f64 = text.parse().ok()?;
    json_value::Number::from_f64(float).map(Value::Number)
}

/// `raw` with single-quoted strings rewritten in double quotes, for serde_json.
fn double_quoted(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'') => {
                quote = Some('\'');
                out.push('"');
            }
            (None, _) => {
                if c == '"' {
                    quote = Some('"');
                }
                out.push(c);
            }
            (Some(_), '\\') => match chars.next() {
                Some('\'') => out.push('\''),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            (Some(q), _) if c == q => {
                quote = None;
                out.push('"');
            }
            (Some('\''), '"') => out.push_str("\\\""),
            (Some(_), _) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use json_value::json;

    use super::super::Path;
    use super::{Expr, Operand, Operator};

    /// `path` does not parse, with `message`.
    fn refuse(path: &str, message: &str) {
        assert_eq!(Path::parse(path).map_err(|e| e.message), Err(message.to_string()), "{path}");
    }

    /// The condition of a filter as parsed.
    fn condition(filter: &str) -> Expr {
        let path = Path::parse(&format!("$[?({filter})]")).unwrap_or_else(|e| panic!("{filter}: {e}"));
        match path.query.steps.first() {
            Some(super::super::step::Step::Filter(expr)) => (**expr).clone(),
            other => panic!("{filter}: {other:?}"),
        }
    }

    #[test]
    fn literals() {
        let right = |filter: &str| match condition(filter) {
            Expr::Compare { right: Operand::Literal(value), .. } => value,
            other => panic!("{filter}: {other:?}"),
        };
        assert_eq!(right("@ == 'it\\'s'"), json!("it's"));
        assert_eq!(right("@ == \"a\\\"b\""), json!("a\"b"));
        assert_eq!(right("@ == -12"), json!(-12));
        assert_eq!(right("@ == 1.5e2"), json!(150.0));
        assert_eq!(right("@ == .5"), json!(0.5));
        assert_eq!(right("@ == true"), json!(true));
        assert_eq!(right("@ == null"), json!(null));
        assert_eq!(right("@ in ['a', \"b\", 1, [2]]"), json!(["a", "b", 1, [2]]));
        assert_eq!(right("@ == {'k': 'it\\'s \"q\"'}"), json!({"k": "it's \"q\""}));
    }

    #[test]
    fn grammar() {
        assert!(matches!(condition("@.a"), Expr::Exists { expected: true, .. }));
        assert!(matches!(condition("!@.a"), Expr::Exists { expected: false, .. }));
        assert!(matches!(condition("@.a || @.b && @.c"), Expr::Or(terms) if terms.len() == 2));
        assert!(matches!(condition("(@.a || @.b) && @.c"), Expr::And(terms) if terms.len() == 2));
        assert!(matches!(condition("!(@.a)"), Expr::Not(_)));
        assert!(matches!(condition("@.a NIN [1]"), Expr::Compare { op: Operator::Nin, .. }));
        assert!(matches!(condition("@['a b'] == 1"), Expr::Compare { op: Operator::Eq, .. }));
        assert!(matches!(condition("1 < @.a"), Expr::Compare { op: Operator::Lt, .. }));
    }

    // AWS accepts words without quotes and its samples compare with them as strings
    // (step-functions-workflows-collection parallel-translate: `$[?(@.TargetLanguageCode==es)]`).
    #[test]
    fn words_without_quotes_are_strings() {
        let word = |filter: &str| match condition(filter) {
            Expr::Compare { right: Operand::Literal(value), .. } => value,
            other => panic!("{other:?}"),
        };
        use json_value::Value;
        assert_eq!(word("@.lang==es"), Value::String("es".into()));
        assert_eq!(word("@.Type == AMOUNT_PAID"), Value::String("AMOUNT_PAID".into()));
        assert_eq!(word("@.x == tru"), Value::String("tru".into()));
        assert_eq!(word("@.x == nullable"), Value::String("nullable".into()));
        assert_eq!(word("@.x == null"), Value::Null);
    }

    #[test]
    fn malformed_filters() {
        refuse("$.a[?(@.x =~ /abc/i)]", "Regular expressions (=~ /…/) are not supported in filters");
        refuse("$.a[?(@.x == /abc/)]", "Regular expressions (=~ /…/) are not supported in filters");
        refuse("$.a[?(@.x <> 1)]", "Filter operator <> is not supported!");
        refuse("$.a[?(@.x all [1])]", "Filter operator all is not supported!");
        refuse("$.a[?(@.x == )]", "Expected a value at position 13 in filter");
        refuse("$.a[?(1)]", "Expected a comparison after the literal 1 in filter");
        refuse("$.a[?(@.x == 1 @.y)]", "Expected end of filter expression instead of: @.y");
        refuse("$.a[?(@.x foo 1)]", "Expected end of filter expression instead of: foo 1");
        refuse("$.a[?(!1)]", "Expected a comparison after the literal 1 in filter");
        refuse("$.a[?(@.x == !1)]", "Unexpected character: !");
        refuse("$.a[?((@.x @.y))]", "Expected ')' at position 11 in filter");
        refuse("$.a[?((@.x)]", "Filter opened at position 5 is not closed with ')]'");
        refuse("$.a[?(@.x == 'abc)]", "Filter opened at position 5 is not closed with ')]'");
        refuse("$.a[?(@.x == [1,,2])]", "Invalid JSON literal in filter: [1,,2]");
        refuse("$.a[?(@.x == [1, )]", "JSON literal not closed in filter: [1, ");
        refuse("$.a[?(@.x == 1-)]", "Failed to parse number literal in filter: 1-");
        refuse("$.a[?(@.x[ == 1)]", "Square brackets do not match in filter");
        refuse("$.a[?(@.x.y. == 1)]", "Path must not end with a '.' or '..'");
        refuse("$.a[?($$.x == 1)]", "Illegal character at position 7 expected '.' or '['");
    }
}

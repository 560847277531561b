//! The intrinsic-call grammar: `States.Name(arg, …)`, where an argument is a string literal
//! `'…'`, a JSON number, `true`, `false`, `null`, a path starting with `$`, or a nested call.
//! Whitespace may surround every token.

use super::template;
use super::{Arg, Call, Function, IntrinsicError};
use json_value::Number;

/// How deeply calls may nest in one field: AWS's developer guide says "You can nest up to 10
/// intrinsic functions within a field", which we read as depth (the outermost call is level 1).
pub const MAX_NESTING: usize = 10;

/// Whether `text` is meant as an intrinsic call: `States.` and a name, then `(`. Such a text is
/// given to [`parse`] (which reports what else is wrong) rather than to the path parser.
pub fn is_intrinsic(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("States.") else {
        return false;
    };
    let name = rest.bytes().take_while(|b| is_name_byte(*b)).count();
    name > 0 && rest.get(name..).is_some_and(|r| r.trim_start().starts_with('('))
}

/// Parses `States.Format('x {}', $.a, States.ArrayLength($.b))`; `parse_path` turns a path
/// argument's text into `P` and its `Err` is reported with the path.
pub fn parse<P>(text: &str, parse_path: &dyn Fn(&str) -> Result<P, String>) -> Result<Call<P>, IntrinsicError> {
    let mut parser = Parser { text, pos: 0, parse_path };
    parser.skip_whitespace();
    let call = parser.call(1)?;
    parser.skip_whitespace();
    match parser.peek() {
        None => Ok(call),
        Some(_) => Err(parser.error("unexpected text after the intrinsic call")),
    }
}

/// The argument-count problems in `call` and its nested calls. AWS accepts such a definition and
/// fails with `Invalid arguments in States.…` when the call runs (AWS recording States.Hash-017),
/// so these are warnings for the editor, not load errors.
pub fn lint<P>(call: &Call<P>) -> Vec<IntrinsicError> {
    let mut found = Vec::new();
    lint_into(call, &mut found);
    found
}

fn lint_into<P>(call: &Call<P>, found: &mut Vec<IntrinsicError>) {
    let count = call.args.len();
    if !call.function.accepts(count) {
        let message = format!(
            "{} {} but is given {count}: AWS accepts the definition, then the call fails when it runs",
            call.function,
            call.function.arity_text()
        );
        found.push(IntrinsicError { message });
    }
    for arg in &call.args {
        if let Arg::Call(inner) = arg {
            lint_into(inner, found);
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

struct Parser<'t, 'p, P> {
    text: &'t str,
    pos: usize,
    parse_path: &'p dyn Fn(&str) -> Result<P, String>,
}

impl<'t, P> Parser<'t, '_, P> {
    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn error(&self, what: &str) -> IntrinsicError {
        let column = self.text.get(..self.pos).map_or(0, |s| s.chars().count()) + 1;
        IntrinsicError { message: format!("{what} (character {column} of the intrinsic call)") }
    }

    /// `States.Name(args)`, at nesting level `depth`.
    fn call(&mut self, depth: usize) -> Result<Call<P>, IntrinsicError> {
        if depth > MAX_NESTING {
            return Err(
                self.error(&format!("intrinsic functions nest deeper than AWS's limit of {MAX_NESTING} levels"))
            );
        }
        let start = self.pos;
        let function = self.function()?;
        self.skip_whitespace();
        if self.peek() != Some('(') {
            return Err(self.error(&format!("expected '(' after {function}")));
        }
        self.pos += 1;
        let (args, raw_template) = self.args(function, depth)?;
        let template = raw_template.map(|raw| template::compile(raw, true));
        Ok(Call { function, args, text: self.text.get(start..self.pos).unwrap_or("").to_owned(), template })
    }

    fn function(&mut self) -> Result<Function, IntrinsicError> {
        let rest = self.rest();
        let name_end = rest
            .strip_prefix("States.")
            .map(|after| "States.".len() + after.bytes().take_while(|b| is_name_byte(*b)).count())
            .unwrap_or(0);
        let name = rest.get(..name_end).unwrap_or("");
        let Some(function) = Function::from_name(name) else {
            let shown = if name.is_empty() { rest } else { name };
            return Err(self.error(&format!("unknown intrinsic function '{shown}'")));
        };
        self.pos += name_end;
        Ok(function)
    }

    /// The arguments after `(`, through `)`; also the raw text of `States.Format`'s template when
    /// it is a string literal.
    fn args(&mut self, function: Function, depth: usize) -> Result<(Vec<Arg<P>>, Option<&'t str>), IntrinsicError> {
        let mut args = Vec::new();
        let mut raw_template = None;
        self.skip_whitespace();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok((args, raw_template));
        }
        loop {
            self.skip_whitespace();
            let (arg, raw) = self.arg(depth)?;
            if args.is_empty() && function == Function::Format {
                raw_template = raw;
            }
            args.push(arg);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok((args, raw_template));
                }
                Some(_) => return Err(self.error("expected ',' or ')' after an argument")),
                None => return Err(self.error(&format!("unterminated call to {function}: missing ')'"))),
            }
        }
    }

    /// One argument; for a string literal, also its raw text between the quotes.
    fn arg(&mut self, depth: usize) -> Result<(Arg<P>, Option<&'t str>), IntrinsicError> {
        let rest = self.rest();
        match self.peek() {
            Some('\'') => {
                let (value, raw) = self.string_literal()?;
                Ok((Arg::String(value), Some(raw)))
            }
            Some('$') => Ok((Arg::Path(self.path()?), None)),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok((Arg::Number(self.number()?), None)),
            Some(_) if rest.starts_with("States.") => Ok((Arg::Call(Box::new(self.call(depth + 1)?)), None)),
            Some(c) if c.is_ascii_alphabetic() => Ok((self.keyword()?, None)),
            Some(',' | ')') => Err(self.error("missing argument")),
            Some(c) => Err(self.error(&format!(
                "unexpected '{c}': an argument is a 'string', a number, true, false, null, a $path or an intrinsic call"
            ))),
            None => Err(self.error("unterminated call: missing ')'")),
        }
    }

    /// `'…'` with AWS's four escapes `\'`, `\{`, `\}`, `\\`; any other backslash makes AWS reject
    /// the definition (LocalStack validation case ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION).
    fn string_literal(&mut self) -> Result<(String, &'t str), IntrinsicError> {
        let open = self.pos;
        let body = self.rest().get(1..).unwrap_or("");
        let mut value = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    self.pos = open + 1 + i + 1;
                    return Ok((value, body.get(..i).unwrap_or("")));
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('\'' | '{' | '}' | '\\'))) => value.push(e),
                    Some((j, e)) => {
                        self.pos = open + 1 + j;
                        let what = format!(
                            "illegal escape '\\{e}' in a string literal: only \\', \\{{, \\}} and \\\\ are allowed"
                        );
                        return Err(self.error(&what));
                    }
                    None => break,
                },
                _ => value.push(c),
            }
        }
        self.pos = open;
        Err(self.error("unterminated string literal: missing closing '"))
    }

    /// A JSON number: `-1`, `0.5`, `1e3` (not `1.`, `.5`, `01` or `+1`).
    fn number(&mut self) -> Result<Number, IntrinsicError> {
        let rest = self.rest();
        let len =
            rest.bytes().take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')).count();
        let source = rest.get(..len).unwrap_or("");
        let number = source.parse::<Number>().map_err(|_| self.error(&format!("invalid number '{source}'")))?;
        self.pos += len;
        Ok(integer_zero(number, source))
    }

    fn keyword(&mut self) -> Result<Arg<P>, IntrinsicError> {
        let rest = self.rest();
        let word = rest.get(..rest.bytes().take_while(|b| is_name_byte(*b)).count());
        let arg = match word.unwrap_or("") {
            "true" => Arg::Boolean(true),
            "false" => Arg::Boolean(false),
            "null" => Arg::Null,
            other => return Err(self.error(&format!("unexpected '{other}': strings are quoted with '"))),
        };
        self.pos += word.map_or(0, str::len);
        Ok(arg)
    }

    /// A path runs to the first `,`, `)` or whitespace outside brackets (`$['a b']`, `$[0,1]`).
    fn path(&mut self) -> Result<P, IntrinsicError> {
        let rest = self.rest();
        let len = path_len(rest);
        let source = rest.get(..len).unwrap_or("");
        let path = (self.parse_path)(source).map_err(|why| self.error(&format!("invalid path '{source}': {why}")))?;
        self.pos += len;
        Ok(path)
    }
}

/// `-0` is the integer 0 (serde_json reads it as the float -0.0; Java reads an integer).
pub(super) fn integer_zero(number: Number, source: &str) -> Number {
    let integer = !source.contains(['.', 'e', 'E']);
    if integer && number.as_f64() == Some(0.0) {
        Number::from(0u8)
    } else {
        number
    }
}

/// The length of the path at the start of `text`.
fn path_len(text: &str) -> usize {
    let mut brackets = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '[' => brackets += 1,
            ']' => brackets = brackets.saturating_sub(1),
            '\'' | '"' if brackets > 0 => quote = Some(c),
            ',' | ')' if brackets == 0 => return i,
            c if c.is_whitespace() && brackets == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

/// The escaped text of a `States.Format` literal template, compiled (exposed for tests).
#[cfg(test)]
pub(super) fn literal_template<P>(call: &Call<P>) -> Option<&template::Template> {
    call.template.as_ref()
}

#[cfg(test)]
mod tests {
    use super::{is_intrinsic, lint, literal_template, parse, Arg, MAX_NESTING};
    use crate::data::intrinsic::template::Piece;
    use crate::data::intrinsic::testing::{fails_to_parse, parse_text};
    use crate::data::intrinsic::Function;
    use json_value::Number;

    #[test]
    fn recognises_calls() {
        assert!(is_intrinsic("States.Format('x')"));
        assert!(is_intrinsic("States.UUID ()"));
        assert!(is_intrinsic("States.Nope("));
        assert!(!is_intrinsic("$.States.Format('x')"));
        assert!(!is_intrinsic("States.Format"));
        assert!(!is_intrinsic("States.(x)"));
        assert!(!is_intrinsic(" States.Array()"));
    }

    #[test]
    fn argument_kinds() {
        let call =
            parse_text("States.Array( 'a' , -2.5, 3, true, false, null, $.x, $$.Execution.Id, $v, States.UUID() )");
        assert_eq!(call.function, Function::Array);
        let number = |s: &str| Arg::Number(s.parse::<Number>().expect("number"));
        assert_eq!(
            call.args.get(..6),
            Some(
                &[
                    Arg::String("a".into()),
                    number("-2.5"),
                    number("3"),
                    Arg::Boolean(true),
                    Arg::Boolean(false),
                    Arg::Null
                ][..]
            )
        );
        assert_eq!(
            call.args.get(6..9),
            Some(&[Arg::Path("$.x".into()), Arg::Path("$$.Execution.Id".into()), Arg::Path("$v".into())][..])
        );
        let Some(Arg::Call(nested)) = call.args.get(9) else { panic!("a nested call") };
        assert_eq!((nested.function, nested.text.as_str()), (Function::Uuid, "States.UUID()"));
        assert_eq!(
            call.text,
            "States.Array( 'a' , -2.5, 3, true, false, null, $.x, $$.Execution.Id, $v, States.UUID() )"
        );
    }

    #[test]
    fn paths_keep_brackets_and_quotes() {
        let call = parse_text("States.Array($['a b'], $.c[0,1], $.d[?(@.e == 'f,)')], $)");
        let paths: Vec<_> = call
            .args
            .iter()
            .map(|a| match a {
                Arg::Path(p) => p.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(paths, ["$['a b']", "$.c[0,1]", "$.d[?(@.e == 'f,)')]", "$"]);
    }

    #[test]
    fn escapes() {
        // Reserved characters (developer guide): \' \{ \} \\ stand for ' { } \.
        let call = parse_text(r"States.StringSplit('it\'s \{a\} \\ b', ' ')");
        assert_eq!(call.args.first(), Some(&Arg::String(r"it's {a} \ b".into())));
        // A raw newline or double quote inside a literal is fine (AWS escape_sequence case).
        assert_eq!(parse_text("States.Array('a\nb\"c')").args.first(), Some(&Arg::String("a\nb\"c".into())));
        fails_to_parse(r#"States.StringToJson('{\"a\": 1}')"#, "illegal escape '\\\"'");
        fails_to_parse(r"States.Base64Decode('YWJj\nZA==')", "illegal escape '\\n'");
        fails_to_parse(r"States.Array('\u0041')", "illegal escape '\\u'");
    }

    #[test]
    fn format_literal_templates_are_compiled_at_load() {
        let call = parse_text(r"States.Format('\{{}\}', $.a)");
        assert_eq!(
            literal_template(&call),
            Some(&Ok(vec![Piece::Text("{".into()), Piece::Hole, Piece::Text("}".into())]))
        );
        assert_eq!(literal_template(&parse_text("States.Format($.t, 1)")), None);
        assert_eq!(literal_template(&parse_text("States.Array('{}')")), None);
    }

    #[test]
    fn syntax_errors() {
        fails_to_parse("States.Format('abc", "unterminated string literal");
        fails_to_parse("States.Format('abc\\", "unterminated string literal");
        fails_to_parse("States.Array(1, 2", "missing ')'");
        fails_to_parse("States.Array(", "missing ')'");
        fails_to_parse("States.Array($.a, )", "missing argument");
        fails_to_parse("States.Array(,)", "missing argument");
        fails_to_parse("States.Array(1 2)", "expected ',' or ')'");
        fails_to_parse("States.Array($.a) trailing", "unexpected text after");
        fails_to_parse("States.Array([1,2])", "unexpected '['");
        fails_to_parse("States.Array(\"a\")", "unexpected '\"'");
        fails_to_parse("States.Array(hello)", "unexpected 'hello'");
        fails_to_parse("States.Array(True)", "unexpected 'True'");
        fails_to_parse("States.Array States.Array", "expected '(' after States.Array");
    }

    #[test]
    fn numbers_follow_json() {
        for bad in ["1.", ".5", "01", "+1", "1e", "--1", "1e309"] {
            fails_to_parse(&format!("States.Array({bad})"), "");
        }
        let call = parse_text("States.Array(-0, 1e3, 1.5E-2, 18446744073709551615)");
        let shown: Vec<String> = call
            .args
            .iter()
            .map(|a| match a {
                Arg::Number(n) => n.to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(shown, ["0", "1000.0", "0.015", "18446744073709551615"]);
    }

    #[test]
    fn unknown_functions() {
        fails_to_parse("States.Foo(1)", "unknown intrinsic function 'States.Foo'");
        fails_to_parse("States.format('x')", "unknown intrinsic function 'States.format'");
        fails_to_parse("States.Array(States.Nope())", "unknown intrinsic function 'States.Nope'");
        fails_to_parse("Format('x')", "unknown intrinsic function 'Format('x')'");
    }

    #[test]
    fn bad_paths_are_reported_with_the_path() {
        let reject = |p: &str| if p.contains('!') { Err("no bangs".to_owned()) } else { Ok(p.to_owned()) };
        let error = parse("States.Array($.a!)", &reject).expect_err("rejected path");
        assert_eq!(error.message, "invalid path '$.a!': no bangs (character 14 of the intrinsic call)");
    }

    #[test]
    fn nesting_is_limited_to_ten_levels() {
        let nest = |levels: usize| format!("{}1{}", "States.Array(".repeat(levels), ")".repeat(levels));
        assert_eq!(MAX_NESTING, 10);
        parse_text(&nest(10));
        fails_to_parse(&nest(11), "nest deeper than AWS's limit of 10 levels");
        // Far deeper input stops at the limit instead of recursing.
        fails_to_parse(&nest(100_000), "nest deeper");
        // Ten functions side by side are one level deeper than their parent, not ten.
        parse_text(&format!("States.Array({})", vec!["States.UUID()"; 30].join(", ")));
    }

    #[test]
    fn wrong_argument_counts_parse_and_are_linted() {
        let call = parse_text("States.Format('{}', States.Hash('a'), States.UUID(1), States.MathRandom(1))");
        let messages: Vec<String> = lint(&call).into_iter().map(|e| e.message).collect();
        assert_eq!(messages, [
            "States.Hash takes 2 arguments but is given 1: AWS accepts the definition, then the call fails when it runs",
            "States.UUID takes no arguments but is given 1: AWS accepts the definition, then the call fails when it runs",
            "States.MathRandom takes 2 to 3 arguments but is given 1: AWS accepts the definition, then the call fails when it runs",
        ]);
        assert!(lint(&parse_text("States.Array()")).is_empty());
    }
}

//! The tokenizer (lexer) of parser.js, one token at a time.
//! Positions are reported in UTF-16 code units, as in JavaScript.

use crate::error::Error;

/// Operators and their binding powers (`operators` in parser.js).
pub const OPERATORS: &[(&str, u32)] = &[
    (".", 75),
    ("[", 80),
    ("]", 0),
    ("{", 70),
    ("}", 0),
    ("(", 80),
    (")", 0),
    (",", 0),
    ("@", 80),
    ("#", 80),
    (";", 80),
    (":", 80),
    ("?", 20),
    ("+", 50),
    ("-", 50),
    ("*", 60),
    ("/", 60),
    ("%", 60),
    ("|", 20),
    ("=", 40),
    ("<", 40),
    (">", 40),
    ("^", 40),
    ("**", 60),
    ("..", 20),
    (":=", 10),
    ("!=", 40),
    ("<=", 40),
    (">=", 40),
    ("~>", 40),
    ("and", 30),
    ("or", 25),
    ("in", 40),
    ("&", 50),
    ("!", 0),
    ("~", 0),
];

/// Binding power of an operator in the `operators` table.
pub fn operator_bp(op: &str) -> u32 {
    OPERATORS.iter().find(|(o, _)| *o == op).map(|(_, bp)| *bp).unwrap_or(0)
}

fn is_operator_char(c: char) -> bool {
    "[]{}(),@#;:?+-*/%|=<>^&!~.".contains(c)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{B}')
}

/// The value carried by a token.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenValue {
    /// Operator symbol.
    Operator(String),
    /// Field name (also backquoted names).
    Name(String),
    /// Variable name without `$`.
    Variable(String),
    /// String literal.
    Str(String),
    /// Number literal.
    Number(f64),
    /// `true`/`false`.
    Bool(bool),
    /// `null`.
    Null,
    /// Regex literal: pattern and flags (always ending with `g`).
    Regex(String, String),
}

/// A token and its position.
#[derive(Debug, Clone)]
pub struct Token {
    /// The token.
    pub value: TokenValue,
    /// Start position (UTF-16 units).
    pub position: usize,
}

/// The tokenizer state over the source.
pub struct Tokenizer {
    chars: Vec<char>,
    utf16: Vec<usize>,
    pos: usize,
}

impl Tokenizer {
    /// A tokenizer over `source`.
    pub fn new(source: &str) -> Self {
        let chars: Vec<char> = source.chars().collect();
        let mut utf16 = Vec::with_capacity(chars.len() + 1);
        let mut acc = 0;
        for c in &chars {
            utf16.push(acc);
            acc += c.len_utf16();
        }
        utf16.push(acc);
        Tokenizer { chars, utf16, pos: 0 }
    }

    /// Length of the source in UTF-16 units.
    pub fn source_len(&self) -> usize {
        self.utf16.last().copied().unwrap_or(0)
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn upos(&self, i: usize) -> usize {
        self.utf16.get(i).copied().unwrap_or_else(|| self.source_len())
    }

    fn err(&self, code: &str, i: usize) -> Error {
        Error::new(code).at(self.upos(i))
    }

    fn make(&self, value: TokenValue, start: usize) -> Token {
        // jsonata's `create` records the position *after* the token
        let _ = start;
        Token { value, position: self.upos(self.pos) }
    }

    fn substring(&self, a: usize, b: usize) -> String {
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())].iter().collect()
    }

    /// The next token; `prefix` = true forbids a regex (after an operand).
    pub fn next(&mut self, prefix: bool) -> Result<Option<Token>, Error> {
        self.skip_space_and_comments()?;
        let Some(c) = self.at(self.pos) else {
            return Ok(None);
        };
        let start = self.pos;
        if !prefix && c == '/' {
            self.pos += 1;
            let (p, f) = self.scan_regex()?;
            return Ok(Some(self.make(TokenValue::Regex(p, f), start)));
        }
        if let Some(op) = self.double_operator(c) {
            self.pos += 2;
            return Ok(Some(self.make(TokenValue::Operator(op.into()), start)));
        }
        if is_operator_char(c) {
            self.pos += 1;
            return Ok(Some(self.make(TokenValue::Operator(c.to_string()), start)));
        }
        if c == '"' || c == '\'' {
            let s = self.scan_string(c)?;
            return Ok(Some(self.make(TokenValue::Str(s), start)));
        }
        if let Some(tok) = self.scan_number(start)? {
            return Ok(Some(tok));
        }
        if c == '`' {
            return self.scan_backquote(start).map(Some);
        }
        Ok(self.scan_name(start))
    }

    fn skip_space_and_comments(&mut self) -> Result<(), Error> {
        loop {
            while self.at(self.pos).is_some_and(is_space) {
                self.pos += 1;
            }
            if self.at(self.pos) != Some('/') || self.at(self.pos + 1) != Some('*') {
                return Ok(());
            }
            self.skip_comment()?;
        }
    }

    fn skip_comment(&mut self) -> Result<(), Error> {
        let comment_start = self.pos;
        self.pos += 2;
        loop {
            if self.at(self.pos) == Some('*') && self.at(self.pos + 1) == Some('/') {
                self.pos += 2;
                return Ok(());
            }
            self.pos += 1;
            if self.pos >= self.chars.len() {
                return Err(self.err("S0106", comment_start));
            }
        }
    }

    fn double_operator(&self, c: char) -> Option<&'static str> {
        let n = self.at(self.pos + 1)?;
        Some(match (c, n) {
            ('.', '.') => "..",
            (':', '=') => ":=",
            ('!', '=') => "!=",
            ('>', '=') => ">=",
            ('<', '=') => "<=",
            ('*', '*') => "**",
            ('~', '>') => "~>",
            _ => return None,
        })
    }

    fn is_closing_slash(&self, i: usize, depth: i32) -> bool {
        if self.at(i) != Some('/') || depth != 0 {
            return false;
        }
        let mut backslashes = 0;
        while i > backslashes && self.at(i - backslashes - 1) == Some('\\') {
            backslashes += 1;
        }
        backslashes % 2 == 0
    }

    fn scan_regex(&mut self) -> Result<(String, String), Error> {
        let start = self.pos;
        let mut depth = 0i32;
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            if self.is_closing_slash(self.pos, depth) {
                let pattern = self.substring(start, self.pos);
                if pattern.is_empty() {
                    return Err(self.err("S0301", self.pos));
                }
                self.pos += 1;
                let fstart = self.pos;
                while matches!(self.at(self.pos), Some('i') | Some('m')) {
                    self.pos += 1;
                }
                let flags = self.substring(fstart, self.pos) + "g";
                return Ok((pattern, flags));
            }
            let prev_escape = self.pos > 0 && self.chars[self.pos - 1] == '\\';
            if "([{".contains(c) && !prev_escape {
                depth += 1;
            }
            if ")]}".contains(c) && !prev_escape {
                depth -= 1;
            }
            self.pos += 1;
        }
        Err(self.err("S0302", self.pos))
    }

    fn scan_string(&mut self, quote: char) -> Result<String, Error> {
        self.pos += 1;
        let mut s = Utf16Builder::default();
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            if c == quote {
                self.pos += 1;
                return Ok(s.finish());
            }
            if c == '\\' {
                self.pos += 1;
                self.escape(&mut s)?;
            } else {
                s.push(c);
            }
            self.pos += 1;
        }
        Err(self.err("S0101", self.pos))
    }

    /// An escape sequence after `\\` (JSON escapes plus `\\uXXXX`).
    fn escape(&mut self, s: &mut Utf16Builder) -> Result<(), Error> {
        let e = self.at(self.pos).unwrap_or('\0');
        let c = match e {
            '"' | '\\' | '/' => e,
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => return self.unicode_escape(s),
            _ => return Err(self.err("S0103", self.pos).token(e.to_string())),
        };
        s.push(c);
        Ok(())
    }

    /// `\\u` followed by hex digits (jsonata tests `/^[0-9a-fA-F]+$/` on the next four characters).
    fn unicode_escape(&mut self, s: &mut Utf16Builder) -> Result<(), Error> {
        let hex = self.substring(self.pos + 1, self.pos + 5);
        if hex.is_empty() || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
            return Err(self.err("S0104", self.pos));
        }
        s.push_unit(u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD));
        self.pos += 4;
        Ok(())
    }

    fn scan_number(&mut self, start: usize) -> Result<Option<Token>, Error> {
        let len = number_literal_len(&self.chars[self.pos..]);
        if len == 0 {
            return Ok(None);
        }
        let text = self.substring(self.pos, self.pos + len);
        let n: f64 = text.parse().unwrap_or(f64::NAN);
        if n.is_finite() {
            self.pos += len;
            return Ok(Some(self.make(TokenValue::Number(n), start)));
        }
        Err(self.err("S0102", self.pos).token(text))
    }

    fn scan_backquote(&mut self, start: usize) -> Result<Token, Error> {
        self.pos += 1;
        match self.chars[self.pos.min(self.chars.len())..].iter().position(|&c| c == '`') {
            Some(off) => {
                let name = self.substring(self.pos, self.pos + off);
                self.pos += off + 1;
                Ok(self.make(TokenValue::Name(name), start))
            }
            None => {
                self.pos = self.chars.len();
                Err(self.err("S0105", self.pos))
            }
        }
    }

    fn scan_name(&mut self, start: usize) -> Option<Token> {
        let mut i = self.pos;
        while i < self.chars.len() && !is_space(self.chars[i]) && !is_operator_char(self.chars[i]) {
            i += 1;
        }
        if self.chars[self.pos] == '$' {
            let name = self.substring(self.pos + 1, i);
            self.pos = i;
            return Some(self.make(TokenValue::Variable(name), start));
        }
        let name = self.substring(self.pos, i);
        self.pos = i;
        let value = match name.as_str() {
            "or" | "in" | "and" => TokenValue::Operator(name),
            "true" => TokenValue::Bool(true),
            "false" => TokenValue::Bool(false),
            "null" => TokenValue::Null,
            "" if self.pos == self.chars.len() => return None,
            _ => TokenValue::Name(name),
        };
        Some(self.make(value, start))
    }
}

/// Builds a string from characters and UTF-16 code units: surrogate pairs are
/// combined, lone surrogates (unrepresentable in Rust strings) become U+FFFD.
#[derive(Default)]
struct Utf16Builder {
    out: String,
    pending_high: Option<u32>,
}

impl Utf16Builder {
    fn flush(&mut self) {
        if self.pending_high.take().is_some() {
            self.out.push('\u{FFFD}');
        }
    }

    fn push(&mut self, c: char) {
        self.flush();
        self.out.push(c);
    }

    fn push_unit(&mut self, unit: u32) {
        if let Some(high) = self.pending_high.take() {
            if (0xDC00..0xE000).contains(&unit) {
                let cp = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00);
                self.out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                return;
            }
            self.out.push('\u{FFFD}');
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.pending_high = Some(unit);
        } else {
            self.out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// Length of a match of `^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?` (0 if none).
fn number_literal_len(c: &[char]) -> usize {
    let digit = |i: usize| c.get(i).is_some_and(|d| d.is_ascii_digit());
    let mut i = 0;
    if c.first() == Some(&'-') {
        i = 1;
    }
    match c.get(i) {
        Some('0') => i += 1,
        Some(d) if d.is_ascii_digit() => {
            while digit(i) {
                i += 1;
            }
        }
        _ => return 0,
    }
    if c.get(i) == Some(&'.') && digit(i + 1) {
        i += 1;
        while digit(i) {
            i += 1;
        }
    }
    if matches!(c.get(i), Some('e') | Some('E')) {
        let mut j = i + 1;
        if matches!(c.get(j), Some('+') | Some('-')) {
            j += 1;
        }
        if digit(j) {
            while digit(j) {
                j += 1;
            }
            i = j;
        }
    }
    i
}

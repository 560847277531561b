//! JSON text → [`Value`], without recursion and within bounds: nesting deeper than
//! [`ParseOptions::max_depth`] is an error (AWS's Jackson refuses documents nested deeper than
//! 1,000 levels), integers beyond 64 bits keep their digits, numbers a double cannot hold
//! (`1e400`) are an error, `-0` is the integer 0, and a member name repeated in one object is an
//! error or, as Jackson reads it by default, the last one wins (keeping the first one's place).

use std::rc::Rc;

use super::{Array, Map, Number, Value};

/// How to read JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// The deepest nesting of arrays and objects accepted.
    pub max_depth: usize,
    /// Whether a member name repeated in one object is an error (else the last one wins).
    pub reject_duplicate_keys: bool,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions { max_depth: 1000, reject_duplicate_keys: false }
    }
}

/// Why text is not JSON, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The JSON pointer of the array or object being read (`""`: the document itself).
    pub pointer: String,
    /// For a member name repeated in one object: the name.
    pub duplicate: Option<String>,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

/// Reads JSON text with the default options.
pub fn from_str(text: &str) -> Result<Value, ParseError> {
    from_str_with(text, ParseOptions::default())
}

/// Reads JSON text.
pub fn from_str_with(text: &str, options: ParseOptions) -> Result<Value, ParseError> {
    let mut parser =
        Parser { text, bytes: text.as_bytes(), pos: 0, options, open: Vec::new(), names: Default::default() };
    let value = parser.document()?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("trailing characters after the JSON value"));
    }
    Ok(value)
}

/// A container being read.
enum Open {
    Array(Vec<Value>),
    Object(Map, Option<(Rc<str>, usize)>),
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    options: ParseOptions,
    open: Vec<Open>,
    names: Names,
}

/// The short strings read last, by a hash of their text: the objects of an array (or the states
/// of a definition) repeat the same names and values, which then share one string instead of
/// each allocating its own.
struct Names([Option<Rc<str>>; 64]);

impl Default for Names {
    fn default() -> Names {
        Names(std::array::from_fn(|_| None))
    }
}

impl Names {
    /// Names longer than this are not shared (rarely repeated, costly to compare).
    const LONGEST: usize = 32;

    fn get(&mut self, text: &str) -> Rc<str> {
        if text.len() > Self::LONGEST {
            return Rc::from(text);
        }
        let slot = &mut self.0[Self::slot(text.as_bytes())];
        match slot {
            Some(name) if **name == *text => name.clone(),
            _ => slot.insert(Rc::from(text)).clone(),
        }
    }

    /// A slot from the length and three bytes of the text (constant time: two texts sharing a
    /// slot only cost an allocation).
    fn slot(bytes: &[u8]) -> usize {
        let byte = |i: usize| bytes.get(i).map_or(0, |&b| usize::from(b));
        let mixed = bytes.len().wrapping_mul(31) ^ byte(0).wrapping_mul(7) ^ byte(bytes.len() / 2).wrapping_mul(131);
        (mixed ^ byte(bytes.len().wrapping_sub(1)).wrapping_mul(17)) % 64
    }
}

impl Parser<'_> {
    /// One value, containers read with an explicit stack: after each complete value, place it
    /// in the open container (or return it) and read what follows it.
    fn document(&mut self) -> Result<Value, ParseError> {
        let mut value = self.value_start()?;
        loop {
            value = match value.take() {
                Some(done) => match self.place(done)? {
                    Some(root) => return Ok(root),
                    None => self.after_member()?,
                },
                None => self.first_member()?,
            };
        }
    }

    /// A scalar (`Some`), or `None` after opening an array or object.
    fn value_start(&mut self) -> Result<Option<Value>, ParseError> {
        self.skip_ws();
        let open = match self.peek() {
            Some(b'[') => Open::Array(Vec::new()),
            Some(b'{') => Open::Object(Map::new(), None),
            Some(_) => return self.scalar().map(Some),
            None => return Err(self.error("EOF while parsing a value")),
        };
        if self.open.len() >= self.options.max_depth {
            let message = format!("the document is nested deeper than {} levels", self.options.max_depth);
            return Err(self.error(&message));
        }
        self.pos += 1;
        self.open.push(open);
        Ok(None)
    }

    /// Puts a finished value in the open container; `Some(root)` when it is the whole document.
    fn place(&mut self, value: Value) -> Result<Option<Value>, ParseError> {
        let reject = self.options.reject_duplicate_keys;
        match self.open.last_mut() {
            None => return Ok(Some(value)),
            Some(Open::Array(items)) => items.push(value),
            Some(Open::Object(map, key)) => {
                let Some((key, at)) = key.take() else { return Ok(None) };
                // One lookup: the member is set, and was there before if the old value comes back.
                if map.insert(key.clone(), value).is_some() && reject {
                    self.pos = at;
                    let mut error = self.error(&format!("duplicate member \"{key}\""));
                    error.duplicate = Some(key.to_string());
                    return Err(error);
                }
            }
        }
        Ok(None)
    }

    /// Just after `[` or `{`: it closes at once, or its first member starts.
    fn first_member(&mut self) -> Result<Option<Value>, ParseError> {
        self.skip_ws();
        match (self.peek(), self.open.last()) {
            (Some(b']'), Some(Open::Array(_))) | (Some(b'}'), Some(Open::Object(..))) => self.close(),
            (_, Some(Open::Object(..))) => {
                self.key()?;
                self.value_start()
            }
            _ => self.value_start(),
        }
    }

    /// After a member: a comma and the next one, or the end of the container.
    fn after_member(&mut self) -> Result<Option<Value>, ParseError> {
        self.skip_ws();
        match (self.peek(), self.open.last()) {
            (Some(b','), Some(Open::Array(_))) => {
                self.pos += 1;
                self.value_start()
            }
            (Some(b','), Some(Open::Object(..))) => {
                self.pos += 1;
                self.key()?;
                self.value_start()
            }
            (Some(b']'), Some(Open::Array(_))) | (Some(b'}'), Some(Open::Object(..))) => self.close(),
            (None, _) => Err(self.error("EOF while parsing a list or an object")),
            (_, Some(Open::Array(_))) => Err(self.error("expected ',' or ']'")),
            _ => Err(self.error("expected ',' or '}'")),
        }
    }

    fn close(&mut self) -> Result<Option<Value>, ParseError> {
        self.pos += 1;
        Ok(match self.open.pop() {
            Some(Open::Array(items)) => Some(Value::Array(Array::from(items))),
            Some(Open::Object(map, _)) => Some(Value::Object(map)),
            None => None,
        })
    }

    /// `"name" :` of an object member.
    fn key(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a member name in double quotes"));
        }
        let at = self.pos;
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error("expected ':' after the member name"));
        }
        self.pos += 1;
        if let Some(Open::Object(_, slot)) = self.open.last_mut() {
            *slot = Some((key, at));
        }
        Ok(())
    }

    fn scalar(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a value")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// A number, checked against JSON's grammar.
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        let mut integer = true;
        if self.eat(b'.') {
            integer = false;
            self.required_digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            integer = false;
            let _ = self.eat(b'+') || self.eat(b'-');
            self.required_digits()?;
        }
        let text = &self.text[start..self.pos];
        let number =
            if integer { Number::from_big_integer(text) } else { text.parse().ok().and_then(Number::from_f64) };
        number.map(Value::Number).ok_or_else(|| {
            self.pos = start;
            self.error("number out of range")
        })
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), ParseError> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.error("invalid number"));
        }
        self.digits();
        Ok(())
    }

    /// A string literal (the opening quote at `pos`), escapes decoded; one allocation when it
    /// has no escape.
    /// A string: a short one without escapes is shared with the same text read before (member
    /// names above all, and values such as `"Type": "Pass"`).
    fn string(&mut self) -> Result<Rc<str>, ParseError> {
        let start = self.pos + 1;
        let end = start + super::write::plain_prefix(&self.bytes[start..]);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(self.names.get(&self.text[start..end]));
        }
        self.pos = start;
        self.escaped_string().map(Rc::from)
    }

    /// The rest of a string literal that has escapes.
    fn escaped_string(&mut self) -> Result<String, ParseError> {
        let mut out = String::new();
        loop {
            let start = self.pos;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        self.pos += 1;
        let c = self.peek().ok_or_else(|| self.error("EOF while parsing a string"))?;
        self.pos += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.error("invalid escape")),
        })
    }

    /// `\uXXXX`, with a surrogate pair read as one character.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).ok_or_else(|| self.error("lone surrogate in a \\u escape"));
        }
        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
            return Err(self.error("lone surrogate in a \\u escape"));
        }
        self.pos += 2;
        let low = self.hex4()?;
        let code = 0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.error("lone surrogate in a \\u escape"));
        }
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or_else(|| self.error("invalid \\u escape"))?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> ParseError {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        ParseError { message: message.to_owned(), line, column, pointer: self.pointer(), duplicate: None }
    }

    /// Where the parser is: the open containers, by member name or index.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for open in &self.open {
            let segment = match open {
                Open::Array(items) => items.len().to_string(),
                Open::Object(_, Some((key, _))) => key.replace('~', "~0").replace('/', "~1"),
                Open::Object(_, None) => continue,
            };
            pointer.push('/');
            pointer.push_str(&segment);
        }
        pointer
    }
}

//! JSONata's regular expressions on the browser's own `RegExp`, as jsonata-js runs them: the
//! wasm build leaves the port's built-in engine out (smaller), and patterns mean exactly what
//! they mean in JavaScript. [`install`] once per wasm instance (page and engine Worker), before
//! the first expression with a regular expression is parsed.
//!
//! The port speaks UTF-8 byte offsets, `RegExp` UTF-16 indices: offsets are converted through
//! a table of the subject text, kept while one regular expression scans the same text.

use std::cell::RefCell;

use jsonata::{CompiledRegex, RegexEngine, RegexMatch};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript `RegExp`.
    #[wasm_bindgen(extends = js_sys::Object, js_name = RegExp)]
    type Pattern;

    /// `new RegExp(pattern, flags)`: a bad pattern throws a SyntaxError.
    #[wasm_bindgen(constructor, catch, js_class = "RegExp")]
    fn new(pattern: &str, flags: &str) -> Result<Pattern, JsValue>;

    /// `regexp.lastIndex = index`: where the next `exec` starts (UTF-16).
    #[wasm_bindgen(method, setter, js_name = lastIndex)]
    fn set_last_index(this: &Pattern, index: u32);

    /// `regexp.exec(text)` on a string already in JavaScript (null when nothing matches).
    #[wasm_bindgen(method)]
    fn exec(this: &Pattern, text: &js_sys::JsString) -> Option<js_sys::Array>;
}

/// Makes JSONata use the browser's `RegExp`; later calls change nothing.
pub fn install() {
    let _ = jsonata::install_regex_engine(Box::new(BrowserRegex));
}

/// The engine: `new RegExp(pattern, flags)`.
struct BrowserRegex;

impl RegexEngine for BrowserRegex {
    fn compile(&self, pattern: &str, flags: &str) -> Result<Box<dyn CompiledRegex>, String> {
        let regexp = construct(pattern, &exec_flags(flags))?;
        Ok(Box::new(Compiled { regexp, subject: RefCell::new(None) }))
    }
}

/// JSONata's flags (`i`, `m`, and `g`, which it always adds), plus `d` for the groups' indices.
fn exec_flags(flags: &str) -> String {
    let mut out: String = flags.chars().filter(|c| matches!(c, 'i' | 'm')).collect();
    out.push_str("gd");
    out
}

/// `new RegExp(pattern, flags)`; a bad pattern is the SyntaxError's message.
fn construct(pattern: &str, flags: &str) -> Result<Pattern, String> {
    Pattern::new(pattern, flags).map_err(|e| syntax_error(&e))
}

/// A SyntaxError's message without JavaScript's "Invalid regular expression: " (the port says it).
fn syntax_error(error: &JsValue) -> String {
    let message = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
    message.strip_prefix("Invalid regular expression: ").unwrap_or(&message).to_owned()
}

/// A compiled `RegExp`, with the text it last scanned.
struct Compiled {
    regexp: Pattern,
    subject: RefCell<Option<Subject>>,
}

impl CompiledRegex for Compiled {
    fn exec(&self, text: &str, from: usize) -> Option<RegexMatch> {
        if from > text.len() {
            return None;
        }
        let mut subject = self.subject.borrow_mut();
        if subject.as_ref().is_none_or(|s| s.text != text) {
            *subject = Some(Subject::new(text));
        }
        let subject = subject.as_ref()?;
        self.regexp.set_last_index(subject.to_utf16(from) as u32);
        let found = self.regexp.exec(&subject.js)?;
        let indices = js_sys::Reflect::get(&found, &"indices".into()).ok()?.dyn_into::<js_sys::Array>().ok()?;
        let (start, end) = subject.range(&indices.get(0))?;
        let groups = (1..indices.length()).map(|i| subject.range(&indices.get(i))).collect();
        Some(RegexMatch { start, end, groups })
    }
}

/// A text in both encodings: the JavaScript string and, unless it is ASCII (offsets equal),
/// the byte offset of every UTF-16 index.
struct Subject {
    text: String,
    js: js_sys::JsString,
    bytes_at: Option<Vec<usize>>,
}

impl Subject {
    fn new(text: &str) -> Subject {
        let bytes_at = (!text.is_ascii()).then(|| byte_offsets(text));
        Subject { text: text.to_owned(), js: text.into(), bytes_at }
    }

    /// The byte offset of UTF-16 index `unit` (inside a surrogate pair: the pair's start).
    fn to_byte(&self, unit: usize) -> usize {
        match &self.bytes_at {
            None => unit.min(self.text.len()),
            Some(table) => table.get(unit).copied().unwrap_or(self.text.len()),
        }
    }

    /// The UTF-16 index of byte offset `byte` (a char boundary).
    fn to_utf16(&self, byte: usize) -> usize {
        match &self.bytes_at {
            None => byte,
            Some(table) => table.partition_point(|b| *b < byte),
        }
    }

    /// An `indices` entry `[start, end]` as byte offsets (`None` for a group that took no part).
    fn range(&self, pair: &JsValue) -> Option<(usize, usize)> {
        let pair = pair.dyn_ref::<js_sys::Array>()?;
        let unit = |i| pair.get(i).as_f64().map(|u| self.to_byte(u as usize));
        Some((unit(0)?, unit(1)?))
    }
}

/// For each UTF-16 index of `text` (and its end), the byte offset it falls in.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut table = Vec::with_capacity(text.len() + 1);
    for (byte, c) in text.char_indices() {
        table.extend(std::iter::repeat_n(byte, c.len_utf16()));
    }
    table.push(text.len());
    table
}

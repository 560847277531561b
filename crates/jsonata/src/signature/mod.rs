//! Function signatures (signature.js): parsing `<...>` definitions and
//! validating (and fixing up) arguments against them.

mod matcher;
mod validate;

use crate::error::Error;
use crate::value::Value;

/// How many arguments a parameter matches (the regex quantifier signature.js builds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Quant {
    One,
    Optional,
    OptionalLazy,
    Plus,
    PlusLazy,
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// symbols accepted (the regex character class)
    pub(crate) set: String,
    pub(crate) quant: Quant,
    /// the type as written: `s`, `a`, `(sn)`, ...
    pub(crate) kind: String,
    /// `-`: use the context value when the argument is missing
    pub(crate) context: bool,
    /// the class for the context check (the regex before `-` added `?`)
    pub(crate) context_set: String,
    /// `a<n>` subtype
    pub(crate) subtype: Option<String>,
}

/// A parsed function signature.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The definition as written, e.g. `<s-:n>`.
    pub definition: String,
    params: Vec<Param>,
}

fn quant_after(q: Quant, c: char) -> Quant {
    match (q, c) {
        (Quant::One, '?') => Quant::Optional,
        (Quant::One, '+') => Quant::Plus,
        (Quant::Optional, '?') => Quant::OptionalLazy,
        (Quant::Plus, '?') => Quant::PlusLazy,
        (q, _) => q,
    }
}

/// Position of the bracket balancing the one at `start` (`findClosingBracket`).
fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut pos = start;
    while pos < chars.len() {
        pos += 1;
        match chars.get(pos) {
            Some(c) if *c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(c) if *c == open => depth += 1,
            _ => {}
        }
    }
    pos
}

fn param(set: &str, kind: char) -> Param {
    Param {
        set: set.into(),
        quant: Quant::One,
        kind: kind.to_string(),
        context: false,
        context_set: String::new(),
        subtype: None,
    }
}

/// Handles the symbol at `position`; returns the position of its last character.
fn parse_symbol(chars: &[char], position: usize, params: &mut Vec<Param>) -> Result<usize, (Error, usize)> {
    let symbol = chars[position];
    match symbol {
        's' | 'n' | 'b' | 'l' | 'o' => params.push(param(&format!("{symbol}m"), symbol)),
        'a' => params.push(param("asnblfom", 'a')),
        'f' => params.push(param("f", 'f')),
        'j' => params.push(param("asnblom", 'j')),
        'x' => params.push(param("asnblfom", 'x')),
        '-' => {
            if let Some(p) = params.last_mut() {
                p.context = true;
                p.context_set = p.set.clone();
                p.quant = quant_after(p.quant, '?');
            }
        }
        '?' | '+' => {
            if let Some(p) = params.last_mut() {
                p.quant = quant_after(p.quant, symbol);
            }
        }
        '(' => return parse_choice(chars, position, params),
        '<' => return parse_subtype(chars, position, params),
        _ => {}
    }
    Ok(position)
}

/// A choice of types `(sn)`.
fn parse_choice(chars: &[char], position: usize, params: &mut Vec<Param>) -> Result<usize, (Error, usize)> {
    let end = closing(chars, position, '(', ')');
    let choice: String = chars[position + 1..end.min(chars.len())].iter().collect();
    if choice.contains('<') {
        return Err((Error::new("S0402").value_str(&choice), position));
    }
    let mut p = param(&format!("{choice}m"), 'x');
    p.kind = format!("({choice})");
    params.push(p);
    Ok(end)
}

/// A type parameter `<...>` of the previous `a` or `f`.
fn parse_subtype(chars: &[char], position: usize, params: &mut [Param]) -> Result<usize, (Error, usize)> {
    let kind = params.last().map(|p| p.kind.clone());
    match params.last_mut().filter(|p| p.kind == "a" || p.kind == "f") {
        Some(p) => {
            let end = closing(chars, position, '<', '>');
            p.subtype = Some(chars[position + 1..end.min(chars.len())].iter().collect());
            Ok(end)
        }
        None => {
            let e = Error::new("S0401").value_json(kind.map(|k| crate::error::json_quote(&k)));
            Err((e, position))
        }
    }
}

impl Signature {
    /// Parses a signature (`parseSignature`); errors carry the offset in the definition.
    pub fn parse(signature: &str) -> Result<Signature, (Error, usize)> {
        let chars: Vec<char> = signature.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut position = 1;
        while position < chars.len() && chars[position] != ':' {
            position = parse_symbol(&chars, position, &mut params)? + 1;
        }
        Ok(Signature { definition: signature.to_string(), params })
    }

    /// Number of declared parameters.
    pub fn param_count(&self) -> usize {
        self.params.len()
    }
}

/// The plural type name used in T0412 messages.
pub(crate) fn plural(sub: &str) -> Option<&'static str> {
    Some(match sub {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => return None,
    })
}

/// `getSymbol`: the signature symbol of a value's type.
pub fn symbol(v: &Value<'_>) -> char {
    match v {
        Value::Function(_) => 'f',
        Value::String(_) => 's',
        Value::Number(_) => 'n',
        Value::Bool(_) => 'b',
        Value::Null => 'l',
        Value::Array(_) | Value::Json(json_value::Value::Array(_)) => 'a',
        Value::Object(_) | Value::Json(_) => 'o',
        Value::Undefined => 'm',
    }
}

/// `JSON.stringify(v)` for error values (no replacer, bounded depth).
pub fn json_of(v: &Value<'_>) -> Option<String> {
    let opts = crate::value::StringifyOptions { replacer: false, pretty: false, max_depth: 100, max_len: 100_000 };
    crate::value::stringify(v, opts).ok().flatten()
}

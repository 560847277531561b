//! Pluggable ECMAScript regular expressions. The host may install an engine
//! (e.g. one backed by the browser's `RegExp`); otherwise, with the default
//! `regress` feature, the `regress` crate is used.
//!
//! Index unit: all offsets exchanged through this trait are **byte offsets
//! into the UTF-8 `text`**, always on `char` boundaries.

use crate::error::Error;
use std::sync::OnceLock;

/// One match of a regex.
#[derive(Debug, Clone, PartialEq)]
pub struct RegexMatch {
    /// Byte offset of the start of the match.
    pub start: usize,
    /// Byte offset just past the end of the match.
    pub end: usize,
    /// Capture groups 1..n as byte ranges (`None` = the group did not participate).
    pub groups: Vec<Option<(usize, usize)>>,
}

/// A compiled regular expression.
pub trait CompiledRegex {
    /// The first match starting at or after byte offset `from` (like `exec` with `lastIndex = from`).
    fn exec(&self, text: &str, from: usize) -> Option<RegexMatch>;
}

/// A regular expression engine with ECMAScript syntax and semantics.
pub trait RegexEngine {
    /// Compiles `pattern` with `flags` (a subset of `i`, `m`, `g`); `Err` carries the syntax error.
    fn compile(&self, pattern: &str, flags: &str) -> Result<Box<dyn CompiledRegex>, String>;
}

static ENGINE: OnceLock<Box<dyn RegexEngine + Send + Sync>> = OnceLock::new();

/// Installs the process-wide regex engine; returns `false` if one was already installed.
pub fn install_regex_engine(engine: Box<dyn RegexEngine + Send + Sync>) -> bool {
    ENGINE.set(engine).is_ok()
}

fn engine() -> Option<&'static dyn RegexEngine> {
    if let Some(e) = ENGINE.get() {
        return Some(e.as_ref());
    }
    default_engine()
}

#[cfg(feature = "regress")]
fn default_engine() -> Option<&'static dyn RegexEngine> {
    static REGRESS: RegressEngine = RegressEngine;
    Some(&REGRESS)
}

#[cfg(not(feature = "regress"))]
fn default_engine() -> Option<&'static dyn RegexEngine> {
    None
}

/// Compiles a regex with the current engine (error `U1007` if there is none).
pub fn compile(pattern: &str, flags: &str) -> Result<Box<dyn CompiledRegex>, Error> {
    let e = engine().ok_or_else(|| Error::new("U1007"))?;
    e.compile(pattern, flags).map_err(|m| Error::new("U1006").message(m))
}

/// Validates a regex literal at parse time when an engine is available.
pub fn validate(pattern: &str, flags: &str) -> Result<(), Error> {
    match engine() {
        Some(e) => e.compile(pattern, flags).map(|_| ()).map_err(|m| Error::new("U1006").message(m)),
        None => Ok(()),
    }
}

/// The built-in engine backed by the `regress` crate.
#[cfg(feature = "regress")]
pub struct RegressEngine;

#[cfg(feature = "regress")]
struct RegressRegex(regress::Regex);

#[cfg(feature = "regress")]
impl RegexEngine for RegressEngine {
    fn compile(&self, pattern: &str, flags: &str) -> Result<Box<dyn CompiledRegex>, String> {
        let flags: String = flags.chars().filter(|c| *c == 'i' || *c == 'm').collect();
        regress::Regex::with_flags(pattern, flags.as_str())
            .map(|r| Box::new(RegressRegex(r)) as Box<dyn CompiledRegex>)
            .map_err(|e| e.to_string())
    }
}

#[cfg(feature = "regress")]
impl CompiledRegex for RegressRegex {
    fn exec(&self, text: &str, from: usize) -> Option<RegexMatch> {
        if from > text.len() {
            return None;
        }
        let m = self.0.find_from(text, from).next()?;
        let groups = m.captures.iter().map(|g| g.as_ref().map(|r| (r.start, r.end))).collect();
        Some(RegexMatch { start: m.range.start, end: m.range.end, groups })
    }
}

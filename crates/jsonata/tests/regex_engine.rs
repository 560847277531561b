//! A host-installed regex engine replaces the built-in one.

use jsonata::{install_regex_engine, CompiledRegex, Environment, Expression, Options, RegexEngine, RegexMatch};

/// A toy engine matching the pattern as a literal substring.
struct Literal;
struct LiteralRegex(String);

impl RegexEngine for Literal {
    fn compile(&self, pattern: &str, _flags: &str) -> Result<Box<dyn CompiledRegex>, String> {
        Ok(Box::new(LiteralRegex(pattern.to_string())))
    }
}

impl CompiledRegex for LiteralRegex {
    fn exec(&self, text: &str, from: usize) -> Option<RegexMatch> {
        let start = from + text.get(from..)?.find(&self.0)?;
        Some(RegexMatch { start, end: start + self.0.len(), groups: vec![] })
    }
}

#[test]
fn installed_engine_is_used() {
    assert!(install_regex_engine(Box::new(Literal)));
    assert!(!install_regex_engine(Box::new(Literal)));
    let expr = Expression::parse("$replace('a.b.c', /./, '-')").unwrap();
    let mut env = Environment::new(Options::default());
    assert_eq!(expr.evaluate(None, &mut env).unwrap(), Some(json_value::json!("a-b-c")));
}

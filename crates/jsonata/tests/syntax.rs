//! Parser behaviour: 2.1-only syntax is rejected, errors carry jsonata's codes.

use jsonata::Expression;

fn code(src: &str) -> String {
    Expression::parse(src).map(|_| "ok".to_string()).unwrap_or_else(|e| e.code.clone())
}

#[test]
fn jsonata_2_1_operators_are_rejected() {
    assert_ne!(code("a ?? b"), "ok");
    assert_ne!(code("a ?: b"), "ok");
    assert_eq!(code("a ?? b"), "S0211");
    assert_eq!(code("a ?: b"), "S0211");
}

#[test]
fn syntax_errors_have_codes_and_positions() {
    let e = Expression::parse("foo.bar(").unwrap_err();
    assert_eq!(e.code, "S0203");
    assert_eq!(e.to_string(), "S0203: Expected \")\" before end of expression");
    let e = Expression::parse("\"abc").unwrap_err();
    assert_eq!((e.code.as_str(), e.position), ("S0101", Some(4)));
    assert_eq!(code("1 ! 2"), "S0204");
    assert_eq!(code("/* x"), "S0106");
    assert_eq!(code("a.1"), "S0213");
    assert_eq!(code("function(a){1}"), "S0208");
    assert_eq!(code("%"), "S0217");
}

#[test]
fn regex_literals_parse_without_evaluation() {
    assert_eq!(code("/[a-z]+/i"), "ok");
    assert_eq!(code("//"), "S0301");
    assert_eq!(code("/abc"), "S0302");
}

//! The intrinsic for generic operation: `States.Format`.

use super::eval::{shallow, Eval, Problem};
use super::template::{self, Piece};
use super::{java, Call};
use json_value::{Number, Value};

/// AWS's cause when the values do not match the template's `{}`s.
const COUNT_MISMATCH: &str =
    "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}.";

/// `States.Format(template, value…)`: the template with each `{}` replaced by the next value,
/// written as Java's `toString()` writes it (LocalStack's AWS-validated test_format: strings as
/// is, `null`, `1.1`, objects as `{Arg1=1, Arg2=[]}`). A template that is not a string is written
/// the same way first. A stray brace, or as many values as `{}`s, fails when the call runs.
pub(super) fn eval_format<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let runtime_template;
    let (compiled, values) = match &call.template {
        Some(literal) => (literal, ev.args_from(call, 1)?),
        None => {
            let mut values = ev.args_from(call, 0)?.into_iter();
            let template = values.next().unwrap_or(Value::Null);
            runtime_template = template::compile(&to_java_string(&template, call)?, false);
            (&runtime_template, values.collect())
        }
    };
    let pieces = compiled.as_ref().map_err(|error| Problem::Invalid(error.message().to_owned()))?;
    if template::holes(pieces) != values.len() {
        return Err(Problem::Invalid(COUNT_MISMATCH.to_owned()));
    }
    let mut out = String::new();
    let mut values = values.iter();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Hole => {
                let value = values.next().unwrap_or(&Value::Null);
                shallow(value, call.function)?;
                write_java(value, &mut out);
            }
        }
    }
    Ok(Value::from(out))
}

fn to_java_string<P>(value: &Value, call: &Call<P>) -> Result<String, Problem> {
    if let Value::String(text) = value {
        return Ok(text.to_string());
    }
    shallow(value, call.function)?;
    let mut out = String::new();
    write_java(value, &mut out);
    Ok(out)
}

/// Appends `value` as Java's `toString()` of its Jackson-read object writes it: `null`, `true`,
/// `7`, `1.5`, `1.0E7`, text unquoted, `[a, 1]`, `{k=v, n=[]}`. Callers bound the depth.
fn write_java(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&java_number(number)),
        Value::String(text) => out.push_str(text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_java(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push('=');
                write_java(item, out);
            }
            out.push('}');
        }
    }
}

fn java_number(number: &Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() => java::double_to_string(float),
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::{json, Value};

    fn format_one(value: Value, want: &str) {
        give("States.Format('<{}>', $.v)", json!({ "v": value }), Ok(json!(format!("<{want}>"))));
    }

    #[test]
    fn fills_holes_in_order() {
        give("States.Format('{} and {}', $.a, $.b)", json!({"a": "x", "b": "y"}), Ok(json!("x and y")));
        give("States.Format('none')", json!({}), Ok(json!("none")));
        give("States.Format('{}{}', 'a', 'b')", json!({}), Ok(json!("ab")));
        give("States.Format('  {}  ', '')", json!({}), Ok(json!("    ")));
        give("States.Format($.t, $.n)", json!({"t": "Hi {}!", "n": "Ann"}), Ok(json!("Hi Ann!")));
        give("States.Format('{}', States.JsonToString($.o))", json!({"o": {"k": 1}}), Ok(json!("{\"k\":1}")));
        give("States.Format('{}', States.Format('{}', 5))", json!({}), Ok(json!("5")));
        give("States.Format('x\"{}\"', 'q')", json!({}), Ok(json!("x\"q\"")));
    }

    #[test]
    fn values_are_written_like_java() {
        format_one(json!(null), "null");
        format_one(json!(true), "true");
        format_one(json!(-12), "-12");
        format_one(json!(2.25), "2.25");
        format_one(json!(3.0), "3.0");
        format_one(json!(12_345_678.5), "1.23456785E7");
        format_one(json!(18_446_744_073_709_551_615u64), "18446744073709551615");
        format_one(json!("plain"), "plain");
        format_one(json!({"Arg1": 1, "Arg2": []}), "{Arg1=1, Arg2=[]}");
        format_one(json!(["a", [1, null], {"k": "v"}]), "[a, [1, null], {k=v}]");
        format_one(json!({}), "{}");
    }

    #[test]
    fn escaped_braces_in_a_literal_template_are_text() {
        give(r"States.Format('\{{}\} it\'s \\', 1)", json!({}), Ok(json!(r"{1} it's \")));
        // A template from a path has no escapes: its braces are template syntax.
        give("States.Format($.t, 1)", json!({"t": "\\{}"}), Ok(json!("\\1")));
    }

    #[test]
    fn non_string_templates_are_written_first() {
        give("States.Format($.t)", json!({"t": 123}), Ok(json!("123")));
        give("States.Format($.t, 'x')", json!({"t": 123}), Err(super::COUNT_MISMATCH));
        give("States.Format(null)", json!({}), Ok(json!("null")));
    }

    #[test]
    fn template_and_count_errors() {
        // AWS recordings States.Format-018, -019, -020.
        let open = "Invalid template in States.Format: matching '}' not found for '{'.";
        let close = "Invalid template in States.Format: matching '{' not found for '}'.";
        give("States.Format('Hello {', $.a)", json!({"a": "x"}), Err(open));
        give("States.Format('Hello {{}}', $.a)", json!({"a": "x"}), Err(open));
        give("States.Format('}')", json!({}), Err(close));
        give("States.Format($.t)", json!({"t": "{x}"}), Err(open));
        give("States.Format('{} {}', 'a')", json!({}), Err(super::COUNT_MISMATCH));
        give("States.Format('{}', 'a', 'b')", json!({}), Err(super::COUNT_MISMATCH));
        give("States.Format('plain', 'a')", json!({}), Err(super::COUNT_MISMATCH));
    }

    #[test]
    fn no_call_builds_more_than_a_payload_holds() {
        let input = json!({"s": "x".repeat(100_000)});
        let text = "States.Format('{}{}{}', $.s, $.s, $.s)";
        let got = super::super::testing::run(text, input.clone()).expect_err("too large");
        assert_eq!(got.error, "States.DataLimitExceeded");
        assert!(got.cause.starts_with("States.Format built a value of 300002 bytes"), "{}", got.cause);
        assert!(super::super::testing::run("States.Format('{}{}', $.s, $.s)", input).is_ok());
    }
}

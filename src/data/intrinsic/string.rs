//! The intrinsic for string operation: `States.StringSplit`.

use super::eval::{string, Eval, Problem};
use super::Call;
use json_value::Value;

/// `States.StringSplit(text, delimiters)`: the pieces of `text` between any of the characters of
/// `delimiters`, empty pieces dropped (LocalStack's AWS-validated test_string_split: `",,,,"`
/// gives `[]`, `"This.is+a,test=string"` by `".+,="` gives five words; AWS recordings SSP-03..07
/// drop leading, trailing and adjacent empties). No delimiter characters: the whole text.
pub(super) fn eval_string_split<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (text, delimiters) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let text = string(text, call.function)?;
    let delimiters = string(delimiters, call.function)?;
    let pieces = text
        .split(|c: char| delimiters.contains(c))
        .filter(|piece| !piece.is_empty())
        .map(|piece| Value::from(piece.to_owned()));
    Ok(Value::Array(pieces.collect()))
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::json;

    fn split(text: &str, delimiters: &str, want: json_value::Value) {
        let input = json!({"t": text, "d": delimiters});
        give("States.StringSplit($.t, $.d)", input, Ok(want));
    }

    #[test]
    fn splits_on_each_delimiter_character() {
        split("a,b,c", ",", json!(["a", "b", "c"]));
        split("k=v;x=y", "=;", json!(["k", "v", "x", "y"]));
        split("1a2b3ab4", "ab", json!(["1", "2", "3", "4"]));
        split("a.b|c+d", ".|+", json!(["a", "b", "c", "d"]));
        split("line one\nline two", "\n", json!(["line one", "line two"]));
        split("é✓é", "✓", json!(["é", "é"]));
        give("States.StringSplit('x-y', '-')", json!({}), Ok(json!(["x", "y"])));
    }

    #[test]
    fn drops_empty_pieces() {
        split(",a,,b,", ",", json!(["a", "b"]));
        split(",,,", ",", json!([]));
        split("", ",", json!([]));
        split(" , ", ",", json!([" ", " "]));
        split("abc", "", json!(["abc"]));
    }

    #[test]
    fn only_strings() {
        let bad = "Invalid arguments in States.StringSplit";
        for args in ["123, ','", "'a,b', 1", "null, ','", "'a,b', null", "false, ','", "'a', $.l"] {
            give(&format!("States.StringSplit({args})"), json!({"l": [","]}), Err(bad));
        }
    }
}

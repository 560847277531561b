//! Intrinsics for data encoding and decoding: `States.Base64Encode`, `States.Base64Decode`.

use super::eval::{invalid, java_length, string, Eval, Problem};
use super::{Call, Function};
use json_value::Value;

/// The longest text the Base64 functions (and `States.Hash`) accept, in UTF-16 characters
/// (developer guide: "up to 10,000 characters"; AWS recordings: 10,001 fails).
pub(super) const MAX_CHARS: usize = 10_000;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `States.Base64Encode(text)`: standard Base64, with padding, of the text's UTF-8 bytes.
pub(super) fn eval_base64_encode<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let text = limited_text(ev.arg(call, 0)?, call.function)?;
    Ok(Value::from(encode(text.as_bytes())))
}

/// `States.Base64Decode(text)`: the decoded bytes as UTF-8 text (invalid sequences become
/// U+FFFD). Decoding is lenient like AWS's (AWS recordings B64D-015/017/019: `'!!!invalid!!!'`,
/// `'abc'` and `' YWJjZA== '` decode): characters outside the alphabet are skipped, the first `=`
/// ends the data, and a final group of 2 or 3 characters gives 1 or 2 bytes.
pub(super) fn eval_base64_decode<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let text = limited_text(ev.arg(call, 0)?, call.function)?;
    Ok(Value::from(String::from_utf8_lossy(&decode(&text)).into_owned()))
}

fn limited_text(value: Value, function: Function) -> Result<String, Problem> {
    let text = string(value, function)?;
    if java_length(&text) > MAX_CHARS {
        return Err(invalid(function));
    }
    Ok(text)
}

/// Standard Base64 with `=` padding.
pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [group.first(), group.get(1), group.get(2)].map(|b| b.copied().unwrap_or(0));
        let bits = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(bits >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The 6-bit value of a Base64 character.
fn sextet(byte: u8) -> Option<u32> {
    let value = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Lenient Base64 decoding (see [`eval_base64_decode`]).
pub(super) fn decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in text.bytes().take_while(|b| *b != b'=') {
        let Some(value) = sextet(byte) else { continue };
        bits = bits << 6 | value;
        count += 1;
        if count == 4 {
            out.extend_from_slice(&bits.to_be_bytes()[1..]);
            (bits, count) = (0, 0);
        }
    }
    match count {
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&((bits >> 2) as u16).to_be_bytes()),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};
    use crate::data::intrinsic::testing::give;
    use json_value::json;

    #[test]
    fn encode_table() {
        for (text, base64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(text.as_bytes()), base64);
            assert_eq!(decode(base64), text.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn base64_encode() {
        give("States.Base64Encode($.s)", json!({"s": "Hi there"}), Ok(json!("SGkgdGhlcmU=")));
        give("States.Base64Encode('')", json!({}), Ok(json!("")));
        give("States.Base64Encode($.s)", json!({"s": "é✓🙂"}), Ok(json!("w6ninJPwn5mC")));
        give("States.Base64Encode($.s)", json!({"s": "a\u{0}b"}), Ok(json!("YQBi")));
        give(
            "States.Base64Encode($.s)",
            json!({"s": "z".repeat(10_000)}),
            Ok(json!(encode("z".repeat(10_000).as_bytes()))),
        );
        let bad = "Invalid arguments in States.Base64Encode";
        give("States.Base64Encode($.s)", json!({"s": "z".repeat(10_001)}), Err(bad));
        // 5,000 astral characters are 10,000 UTF-16 units (Java's length): allowed; one more is not.
        give(
            "States.Base64Encode($.s)",
            json!({"s": "🙂".repeat(5_000)}),
            Ok(json!(encode("🙂".repeat(5_000).as_bytes()))),
        );
        give("States.Base64Encode($.s)", json!({"s": "🙂".repeat(5_001)}), Err(bad));
        for arg in ["123", "null", "true", "$.o", "$.l"] {
            give(&format!("States.Base64Encode({arg})"), json!({"o": {}, "l": ["x"]}), Err(bad));
        }
    }

    #[test]
    fn base64_decode() {
        give("States.Base64Decode($.s)", json!({"s": "SGkgdGhlcmU="}), Ok(json!("Hi there")));
        give("States.Base64Decode('')", json!({}), Ok(json!("")));
        give("States.Base64Decode('w6ninJPwn5mC')", json!({}), Ok(json!("é✓🙂")));
        give("States.Base64Decode(States.Base64Encode($.s))", json!({"s": "round trip"}), Ok(json!("round trip")));
        // Lenient, like AWS: junk skipped, missing padding tolerated, the first '=' ends the data.
        give("States.Base64Decode(' SGk= ')", json!({}), Ok(json!("Hi")));
        give("States.Base64Decode('S!G*k')", json!({}), Ok(json!("Hi")));
        give("States.Base64Decode('SGk')", json!({}), Ok(json!("Hi")));
        give("States.Base64Decode('SG==Zm9v')", json!({}), Ok(json!("H")));
        give("States.Base64Decode('S')", json!({}), Ok(json!("")));
        give("States.Base64Decode('/w==')", json!({}), Ok(json!("\u{FFFD}")));
        let bad = "Invalid arguments in States.Base64Decode";
        give("States.Base64Decode($.s)", json!({"s": "A".repeat(10_001)}), Err(bad));
        give("States.Base64Decode(123)", json!({}), Err(bad));
        give("States.Base64Decode($.o)", json!({"o": {}}), Err(bad));
    }
}

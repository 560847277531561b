//! The intrinsic for hash calculation: `States.Hash`.

use super::encoding::MAX_CHARS;
use super::eval::{invalid, java_length, shallow, string, Eval, Problem};
use super::Call;
use json_value::Value;
use sha2::Digest;

/// `States.Hash(data, algorithm)`: the lowercase hex digest of the data's UTF-8 bytes with
/// `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512` (exact spelling). Data that is not a string
/// is hashed as its JSON text (AWS recordings HASH-014/017 accept `123` and `{}`); data longer
/// than 10,000 characters fails (HASH-013).
pub(super) fn eval_hash<P>(ev: &mut Eval<P>, call: &Call<P>) -> Result<Value, Problem> {
    let (data, algorithm) = (ev.arg(call, 0)?, ev.arg(call, 1)?);
    let function = call.function;
    let data = match data {
        Value::String(text) => text.to_string(),
        other => {
            shallow(&other, function)?;
            other.to_json_string()
        }
    };
    if java_length(&data) > MAX_CHARS {
        return Err(invalid(function));
    }
    let digest = digest(data.as_bytes(), &string(algorithm, function)?).ok_or_else(|| invalid(function))?;
    Ok(Value::from(digest))
}

/// The lowercase hex digest of `bytes` with `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`.
pub(crate) fn digest(bytes: &[u8], algorithm: &str) -> Option<String> {
    Some(match algorithm {
        "MD5" => hex(&md5::Md5::digest(bytes)),
        "SHA-1" => hex(&sha1::Sha1::digest(bytes)),
        "SHA-256" => hex(&sha2::Sha256::digest(bytes)),
        "SHA-384" => hex(&sha2::Sha384::digest(bytes)),
        "SHA-512" => hex(&sha2::Sha512::digest(bytes)),
        _ => return None,
    })
}

/// `bytes` as lowercase hex, two digits each (a table, not `format!`: digests and UUIDs are
/// made per evaluation).
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::data::intrinsic::testing::give;
    use json_value::json;

    #[test]
    fn digests() {
        let input = json!({"s": "abc"});
        give("States.Hash($.s, 'MD5')", input.clone(), Ok(json!("900150983cd24fb0d6963f7d28e17f72")));
        give("States.Hash($.s, 'SHA-1')", input.clone(), Ok(json!("a9993e364706816aba3e25717850c26c9cd0d89d")));
        give(
            "States.Hash($.s, 'SHA-256')",
            input.clone(),
            Ok(json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
        );
        give(
            "States.Hash($.s, 'SHA-384')",
            input.clone(),
            Ok(json!(
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
            )),
        );
        give("States.Hash($.s, 'SHA-512')", input, Ok(json!("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")));
        give("States.Hash('', 'MD5')", json!({}), Ok(json!("d41d8cd98f00b204e9800998ecf8427e")));
    }

    #[test]
    fn non_string_data_is_hashed_as_json_text() {
        // md5("123") and md5("{\"a\":[1,true]}").
        give("States.Hash(123, 'MD5')", json!({}), Ok(json!("202cb962ac59075b964b07152d234b70")));
        give("States.Hash($.o, 'MD5')", json!({"o": {"a": [1, true]}}), Ok(json!("d74af47575b5b114ff6b8eb52829dfdc")));
    }

    #[test]
    fn invalid_arguments() {
        let bad = "Invalid arguments in States.Hash";
        give("States.Hash($.s, 'MD5')", json!({"s": "x".repeat(10_001)}), Err(bad));
        for algorithm in ["'md5'", "'SHA256'", "'sha-256'", "'MD-5'", "'SHA-224'", "''", "256", "null"] {
            give(&format!("States.Hash('data', {algorithm})"), json!({}), Err(bad));
        }
        give("States.Hash('data')", json!({}), Err(bad));
        give("States.Hash('data', 'MD5', 'x')", json!({}), Err(bad));
    }
}

//! `$base64encode`, `$base64decode` (Node's `Buffer` with `binary` strings) and
//! the URL functions (`encodeURIComponent`, `encodeURI`, `decodeURIComponent`, `decodeURI`).

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::value::Value;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn str0<'a>(args: &[Value<'a>]) -> Option<String> {
    arg(args, 0).as_str().map(str::to_string)
}

/// `base64encode(str)`: latin-1 bytes of the UTF-16 units, then base64.
pub fn base64encode<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str0(args) else {
        return Ok(Value::Undefined);
    };
    let bytes: Vec<u8> = s.encode_utf16().map(|u| (u & 0xFF) as u8).collect();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::string(out))
}

fn b64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// `base64decode(str)`: lenient base64 to a latin-1 string.
pub fn base64decode<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str0(args) else {
        return Ok(Value::Undefined);
    };
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = b64_value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(char::from(((acc >> bits) & 0xFF) as u8));
        }
    }
    Ok(Value::string(out))
}

fn encode(s: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

const UNRESERVED_MARKS: &str = "-_.!~*'()";
const RESERVED: &str = ";/?:@&=+$,#";

fn url_error(s: &str, name: &str) -> Error {
    let mut e = Error::new("D3140").value_str(s);
    e.function_name = Some(name.to_string());
    e
}

/// `encodeUrlComponent(str)`.
pub fn encode_url_component<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    Ok(str0(args).map(|s| Value::string(encode(&s, UNRESERVED_MARKS))).unwrap_or_default())
}

/// `encodeUrl(str)`.
pub fn encode_url<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let keep = format!("{UNRESERVED_MARKS}{RESERVED}");
    Ok(str0(args).map(|s| Value::string(encode(&s, &keep))).unwrap_or_default())
}

fn hex_at(b: &[u8], i: usize) -> Option<u8> {
    if b.get(i) != Some(&b'%') {
        return None;
    }
    let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
    u8::from_str_radix(h, 16).ok()
}

/// `decodeURIComponent` / `decodeURI` (the latter keeps escapes of reserved characters).
fn decode(s: &str, reserved: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let first = hex_at(b, i)?;
        let n = match first {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return None,
        };
        let mut bytes = vec![first];
        for k in 1..n {
            let next = hex_at(b, i + 3 * k)?;
            if next & 0xC0 != 0x80 {
                return None;
            }
            bytes.push(next);
        }
        let decoded = std::str::from_utf8(&bytes).ok()?;
        if n == 1 && reserved.contains(decoded) {
            out.extend_from_slice(&b[i..i + 3]);
        } else {
            out.extend_from_slice(decoded.as_bytes());
        }
        i += 3 * n;
    }
    String::from_utf8(out).ok()
}

/// `decodeUrlComponent(str)`.
pub fn decode_url_component<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str0(args) else {
        return Ok(Value::Undefined);
    };
    decode(&s, "").map(Value::string).ok_or_else(|| url_error(&s, "decodeUrlComponent"))
}

/// `decodeUrl(str)`.
pub fn decode_url<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(s) = str0(args) else {
        return Ok(Value::Undefined);
    };
    decode(&s, RESERVED).map(Value::string).ok_or_else(|| url_error(&s, "decodeUrl"))
}

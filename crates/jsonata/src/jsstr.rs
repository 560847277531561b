//! JavaScript string semantics over Rust UTF-8 strings: UTF-16 index
//! conversions, `substring`, `substr`, `indexOf`, code-point arrays and
//! UTF-16 ordering.

use std::cmp::Ordering;

/// `str.length` (UTF-16 code units).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Byte offset of UTF-16 index `u` (clamped; an index inside a surrogate pair rounds down).
pub fn utf16_to_byte(s: &str, u: usize) -> usize {
    let mut acc = 0;
    for (b, c) in s.char_indices() {
        if acc >= u {
            return b;
        }
        acc += c.len_utf16();
        if acc > u {
            return b;
        }
    }
    s.len()
}

/// UTF-16 index of byte offset `b`.
pub fn byte_to_utf16(s: &str, b: usize) -> usize {
    utf16_len(&s[..floor_boundary(s, b)])
}

fn floor_boundary(s: &str, mut b: usize) -> usize {
    if b >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Clamps a JS number argument to an index in `0..=len` (`ToIntegerOrInfinity` + clamp).
fn clamp_index(x: f64, len: usize) -> usize {
    if x.is_nan() || x <= 0.0 {
        0
    } else if x >= len as f64 {
        len
    } else {
        x.trunc() as usize
    }
}

/// `str.substring(start, end)` with UTF-16 indices.
pub fn substring(s: &str, start: f64, end: Option<f64>) -> String {
    let len = utf16_len(s);
    let a = clamp_index(start, len);
    let b = end.map(|e| clamp_index(e, len)).unwrap_or(len);
    let (a, b) = if a > b { (b, a) } else { (a, b) };
    s[utf16_to_byte(s, a)..utf16_to_byte(s, b)].to_string()
}

/// `str.indexOf(search, from)` returning a UTF-16 index.
pub fn index_of(s: &str, search: &str, from_utf16: usize) -> Option<usize> {
    let start = utf16_to_byte(s, from_utf16);
    s[start..].find(search).map(|b| byte_to_utf16(s, start + b))
}

/// `Array.from(str)`: the code points.
pub fn code_points(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// JS `<` on strings: UTF-16 code unit order.
pub fn compare_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_indices() {
        let s = "a😀b";
        assert_eq!(utf16_len(s), 4);
        assert_eq!(utf16_to_byte(s, 1), 1);
        assert_eq!(utf16_to_byte(s, 3), 5);
        assert_eq!(byte_to_utf16(s, 5), 3);
        assert_eq!(substring(s, 1.0, Some(3.0)), "😀");
        assert_eq!(index_of(s, "b", 0), Some(3));
        assert_eq!(code_points(s).len(), 3);
        assert_eq!(compare_utf16("\u{FF5E}", "😀"), Ordering::Greater);
    }
}

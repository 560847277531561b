//! JavaScript number semantics: `Number.prototype.toString`, `toPrecision`,
//! `toFixed`, `parseInt`, `parseFloat` and `Math.round`, emulated exactly.

/// Decimal digits and exponent of a finite, non-zero double: value = 0.d1d2d3... × 10^exp.
struct Decimal {
    digits: Vec<u8>,
    exp: i32,
}

/// Shortest round-trip digits (as JS `Number.prototype.toString` uses).
fn shortest(x: f64) -> Decimal {
    let s = format!("{:e}", x.abs());
    parse_sci(&s)
}

/// Parses Rust's `{:e}` output (`d.ddde±n`) into a [`Decimal`].
fn parse_sci(s: &str) -> Decimal {
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    Decimal { digits, exp: exp + 1 }
}

/// Decimal digits of |x| precise enough to round at significant digit `n` exactly:
/// 40+ correctly rounded digits, or the full expansion when they show an exact tie.
fn precise_digits(x: f64, n: usize) -> Decimal {
    let quick = parse_sci(&format!("{:.*e}", n.max(16) + 24, x.abs()));
    let tail = quick.digits.get(n..).unwrap_or(&[]);
    let tie = tail.first() == Some(&5) && tail[1..].iter().all(|d| *d == 0);
    if tie {
        // 1100 significant digits is more than any double's exact expansion
        parse_sci(&format!("{:.1100e}", x.abs()))
    } else {
        quick
    }
}

/// Exact decimal expansion of a double with `n` significant digits, rounding
/// ties away from zero (the rule JS `toPrecision`/`toFixed` use).
fn exact_digits(x: f64, n: usize) -> Decimal {
    round_digits(precise_digits(x, n), n)
}

/// Rounds a digit string to `n` significant digits, ties (and above) up.
fn round_digits(mut d: Decimal, n: usize) -> Decimal {
    if d.digits.len() <= n {
        d.digits.resize(n, 0);
        return d;
    }
    let round_up = d.digits[n] >= 5;
    d.digits.truncate(n);
    if round_up {
        let mut i = n;
        loop {
            if i == 0 {
                d.digits.insert(0, 1);
                d.digits.truncate(n.max(1));
                d.exp += 1;
                break;
            }
            i -= 1;
            if d.digits[i] == 9 {
                d.digits[i] = 0;
            } else {
                d.digits[i] += 1;
                break;
            }
        }
    }
    d
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|b| char::from(b'0' + b)).collect()
}

/// JavaScript `Number.prototype.toString()` for a double.
pub fn to_js_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let d = shortest(x);
    format!("{sign}{}", layout(&d.digits, d.exp))
}

/// Lays out digits with decimal exponent `n` per ECMA-262 Number::toString.
fn layout(digits: &[u8], n: i32) -> String {
    let k = digits.len() as i32;
    let ds = digits_str(digits);
    if k <= n && n <= 21 {
        format!("{ds}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &ds[..n as usize], &ds[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{ds}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let es = if e >= 0 { format!("+{e}") } else { format!("-{}", -e) };
        if k == 1 {
            format!("{ds}e{es}")
        } else {
            format!("{}.{}e{es}", &ds[..1], &ds[1..])
        }
    }
}

/// JavaScript `Number.prototype.toPrecision(p)` (1 ≤ p ≤ 100).
pub fn to_precision(x: f64, p: usize) -> String {
    if !x.is_finite() {
        return to_js_string(x);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let (ds, e) = if x == 0.0 {
        (vec![0u8; p], 0)
    } else {
        let d = exact_digits(x, p);
        (d.digits, d.exp - 1)
    };
    let s = digits_str(&ds);
    let p = p as i32;
    let body = if e < -6 || e >= p {
        let es = if e >= 0 { format!("+{e}") } else { format!("-{}", -e) };
        if p == 1 {
            format!("{s}e{es}")
        } else {
            format!("{}.{}e{es}", &s[..1], &s[1..])
        }
    } else if e == p - 1 {
        s
    } else if e >= 0 {
        format!("{}.{}", &s[..(e + 1) as usize], &s[(e + 1) as usize..])
    } else {
        format!("0.{}{s}", "0".repeat((-(e + 1)) as usize))
    };
    format!("{sign}{body}")
}

/// JavaScript `Number.prototype.toFixed(f)` (0 ≤ f ≤ 100).
pub fn to_fixed(x: f64, f: usize) -> String {
    if !x.is_finite() || x.abs() >= 1e21 {
        return to_js_string(x);
    }
    let digits = fixed_digits(x, f);
    let int_len = digits.len() - f;
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    out.push_str(&digits[..int_len]);
    if f > 0 {
        out.push('.');
        out.push_str(&digits[int_len..]);
    }
    out
}

/// The digits of |x| rounded to `f` fraction digits, at least `f + 1` long.
fn fixed_digits(x: f64, f: usize) -> String {
    if x == 0.0 {
        return "0".repeat(f + 1);
    }
    let exp = parse_sci(&format!("{:e}", x.abs())).exp;
    // significant digits needed so that `f` fraction digits remain
    let n = exp + f as i32;
    if n < 0 {
        return "0".repeat(f + 1);
    }
    let full = precise_digits(x, n as usize);
    let n = full.exp + f as i32;
    if n <= 0 {
        let up = n == 0 && full.digits.first().copied().unwrap_or(0) >= 5;
        return format!("{}{}", "0".repeat(f), if up { '1' } else { '0' });
    }
    let d = round_digits(full, n as usize);
    let mut s = digits_str(&d.digits);
    let len = (d.exp + f as i32).max(0) as usize;
    while s.len() < len {
        s.push('0');
    }
    if s.len() < f + 1 {
        s = format!("{}{s}", "0".repeat(f + 1 - s.len()));
    }
    s
}

/// JavaScript `Math.round` (ties towards +∞).
pub fn js_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = x.floor();
    let res = if x - r >= 0.5 { r + 1.0 } else { r };
    if res == 0.0 && x < 0.0 {
        -0.0
    } else {
        res
    }
}

/// JavaScript `parseFloat` applied to a string.
pub fn parse_float(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_whitespace);
    for (prefix, v) in [("Infinity", f64::INFINITY), ("+Infinity", f64::INFINITY), ("-Infinity", f64::NEG_INFINITY)] {
        if t.starts_with(prefix) {
            return v;
        }
    }
    let end = float_prefix_len(t.as_bytes());
    t[..end].parse::<f64>().unwrap_or(f64::NAN)
}

/// Length of the longest prefix of `b` that is a decimal literal.
fn float_prefix_len(b: &[u8]) -> usize {
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut has_digits = i > int_start;
    if i < b.len() && b[i] == b'.' {
        let f = i + 1;
        let mut j = f;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > f || has_digits {
            has_digits = has_digits || j > f;
            i = j;
        }
    }
    if !has_digits {
        return 0;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let ds = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > ds {
            i = j;
        }
    }
    i
}

/// JavaScript `parseInt(s, 10)` (or radix 16 with a `0x` prefix when radix is 0).
pub fn parse_int(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_whitespace);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, t) = if t.starts_with("0x") || t.starts_with("0X") { (16, &t[2..]) } else { (10, t) };
    let mut v = 0f64;
    let mut any = false;
    for c in t.chars() {
        match c.to_digit(radix) {
            Some(d) => {
                v = v * radix as f64 + d as f64;
                any = true;
            }
            None => break,
        }
    }
    if !any {
        return f64::NAN;
    }
    if neg {
        -v
    } else {
        v
    }
}

/// The characters JavaScript's `String.prototype.trim` and `parseInt` treat as white space.
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

/// JavaScript `Number(string)` conversion (`ToNumber` applied to a string).
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    let radix = match t.get(..2) {
        Some("0x") | Some("0X") => 16,
        Some("0o") | Some("0O") => 8,
        Some("0b") | Some("0B") => 2,
        _ => 0,
    };
    if radix != 0 {
        let mut v = 0f64;
        for c in t[2..].chars() {
            match c.to_digit(radix) {
                Some(d) => v = v * radix as f64 + d as f64,
                None => return f64::NAN,
            }
        }
        return if t.len() > 2 { v } else { f64::NAN };
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    if float_prefix_len(t.as_bytes()) == t.len() {
        t.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// JavaScript `Number.prototype.toString(radix)` for an integer-valued double.
pub fn to_radix_string(x: f64, radix: u32) -> String {
    if radix == 10 || !x.is_finite() {
        return to_js_string(x);
    }
    let neg = x < 0.0;
    let mut int = x.abs().trunc();
    let mut frac = x.abs() - int;
    let mut digits = Vec::new();
    if int == 0.0 {
        digits.push('0');
    }
    while int >= 1.0 {
        let d = (int % radix as f64) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('0'));
        int = (int / radix as f64).floor();
    }
    digits.reverse();
    let mut s: String = digits.into_iter().collect();
    if frac > 0.0 {
        s.push('.');
        let mut n = 0;
        while frac > 0.0 && n < 52 {
            frac *= radix as f64;
            let d = frac.trunc() as u32;
            s.push(std::char::from_digit(d, radix).unwrap_or('0'));
            frac -= d as f64;
            n += 1;
        }
    }
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_string_matches_js() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (2.5e25, "2.5e+25"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (100.0, "100"),
            (3.25159, "3.25159"),
        ];
        for (x, s) in cases {
            assert_eq!(to_js_string(*x), *s, "{x}");
        }
    }

    #[test]
    fn to_precision_matches_js() {
        assert_eq!(to_precision(123456789012345678.0, 15), "1.23456789012346e+17");
        assert_eq!(to_precision(0.1 + 0.2, 15), "0.300000000000000");
        assert_eq!(to_precision(1.0, 15), "1.00000000000000");
        assert_eq!(to_precision(1e-7, 15), "1.00000000000000e-7");
        assert_eq!(to_precision(0.0, 3), "0.00");
        assert_eq!(to_precision(1234567890123455.0, 15), "1.23456789012346e+15");
        assert_eq!(to_precision(99.99, 3), "100");
        assert_eq!(to_precision(-2.5, 1), "-3");
    }

    #[test]
    fn to_fixed_matches_js() {
        assert_eq!(to_fixed(1.005, 2), "1.00");
        assert_eq!(to_fixed(1.5, 0), "2");
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(0.000001, 2), "0.00");
        assert_eq!(to_fixed(123.456, 1), "123.5");
        assert_eq!(to_fixed(0.5, 0), "1");
        assert_eq!(to_fixed(0.05, 1), "0.1");
        assert_eq!(to_fixed(1e21, 2), "1e+21");
        assert_eq!(to_fixed(-1.25, 1), "-1.3");
        assert_eq!(to_fixed(0.0, 3), "0.000");
    }

    #[test]
    fn parsing_matches_js() {
        assert_eq!(parse_int("  42px"), 42.0);
        assert!(parse_int("x").is_nan());
        assert_eq!(parse_float("3.5e2abc"), 350.0);
        assert_eq!(string_to_number("0x1F"), 31.0);
        assert!(string_to_number("1e").is_nan());
        assert_eq!(js_round(-0.5), -0.0);
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(to_radix_string(255.0, 16), "ff");
        assert_eq!(to_radix_string(-10.0, 2), "-1010");
    }
}

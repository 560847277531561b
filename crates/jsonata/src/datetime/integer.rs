//! Integer formatting and parsing of datetime.js: `formatInteger`,
//! `analyseIntegerPicture`, `_formatInteger`, words, roman numerals, letters.

use super::words::{
    decimal_to_letters, decimal_to_roman, letters_to_decimal, number_to_words, roman_to_decimal, word_values,
    words_to_number,
};
use crate::error::Error;
use crate::number::to_js_string;

/// Primary format of an integer picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Primary {
    /// Decimal digits.
    Decimal,
    /// Spreadsheet letters.
    Letters,
    /// Roman numerals.
    Roman,
    /// English words.
    Words,
    /// Unsupported numbering sequence.
    Sequence,
}

/// Letter case of a format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Case {
    /// Upper case.
    Upper,
    /// Lower case.
    Lower,
    /// Title case.
    Title,
}

/// An analysed integer picture (`analyseIntegerPicture`).
#[derive(Debug, Clone)]
pub struct IntegerFormat {
    /// The primary format.
    pub primary: Primary,
    /// The case.
    pub case: Case,
    /// Ordinal form.
    pub ordinal: bool,
    /// Code point of the zero digit.
    pub zero_code: u32,
    /// Mandatory digits.
    pub mandatory_digits: usize,
    /// Optional digits.
    pub optional_digits: usize,
    /// Grouping separators are regular (then `separators` holds one entry: interval and char).
    pub regular: bool,
    /// Grouping separators (position from the right, character).
    pub separators: Vec<(usize, char)>,
    /// The picture token of an unsupported sequence.
    pub token: String,
    /// Year width for parsing (`n`).
    pub n: Option<i64>,
}

const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// `regularRepeat`: the common interval of the separators, or 0.
fn regular_repeat(seps: &[(usize, char)]) -> usize {
    let Some(first) = seps.first() else { return 0 };
    if seps.iter().any(|s| s.1 != first.1) {
        return 0;
    }
    let factor = seps.iter().map(|s| s.0).reduce(gcd).unwrap_or(0);
    if factor == 0 {
        return 0;
    }
    let positions: Vec<usize> = seps.iter().map(|s| s.0).collect();
    for i in 1..=positions.len() {
        if !positions.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}

fn base_format(primary: Primary, case: Case) -> IntegerFormat {
    IntegerFormat {
        primary,
        case,
        ordinal: false,
        zero_code: 0x30,
        mandatory_digits: 0,
        optional_digits: 0,
        regular: false,
        separators: Vec::new(),
        token: String::new(),
        n: None,
    }
}

/// `analyseIntegerPicture(picture)`.
pub fn analyse_integer_picture(picture: &str) -> Result<IntegerFormat, Error> {
    let (primary, modifier) = match picture.rfind(';') {
        None => (picture, None),
        Some(i) => (&picture[..i], Some(&picture[i + 1..])),
    };
    let mut f = match primary {
        "A" => base_format(Primary::Letters, Case::Upper),
        "a" => base_format(Primary::Letters, Case::Lower),
        "I" => base_format(Primary::Roman, Case::Upper),
        "i" => base_format(Primary::Roman, Case::Lower),
        "W" => base_format(Primary::Words, Case::Upper),
        "Ww" => base_format(Primary::Words, Case::Title),
        "w" => base_format(Primary::Words, Case::Lower),
        _ => decimal_pattern(primary)?,
    };
    f.ordinal = modifier.is_some_and(|m| m.starts_with('o'));
    Ok(f)
}

fn decimal_pattern(primary: &str) -> Result<IntegerFormat, Error> {
    let scan = scan_digits(primary)?;
    if scan.mandatory == 0 {
        let mut f = base_format(Primary::Sequence, Case::Lower);
        f.token = primary.to_string();
        return Ok(f);
    }
    let mut f = base_format(Primary::Decimal, Case::Lower);
    f.zero_code = scan.zero.unwrap_or(0x30);
    f.mandatory_digits = scan.mandatory;
    f.optional_digits = scan.optional;
    let regular = regular_repeat(&scan.seps);
    if regular > 0 {
        f.regular = true;
        f.separators = vec![(regular, scan.seps[0].1)];
    } else {
        f.separators = scan.seps;
    }
    Ok(f)
}

/// What a decimal-digit pattern contains.
struct DigitScan {
    zero: Option<u32>,
    mandatory: usize,
    optional: usize,
    seps: Vec<(usize, char)>,
}

/// Scans the picture right to left: digits (one decimal group only), `#`, separators.
fn scan_digits(primary: &str) -> Result<DigitScan, Error> {
    let mut scan = DigitScan { zero: None, mandatory: 0, optional: 0, seps: Vec::new() };
    let mut position = 0;
    for c in primary.chars().rev() {
        let cp = c as u32;
        if let Some(&g) = DECIMAL_GROUPS.iter().find(|&&g| cp >= g && cp <= g + 9) {
            scan.mandatory += 1;
            position += 1;
            if scan.zero.is_some_and(|z| z != g) {
                return Err(Error::new("D3131"));
            }
            scan.zero = Some(g);
        } else if c == '#' {
            position += 1;
            scan.optional += 1;
        } else {
            scan.seps.push((position, c));
        }
    }
    Ok(scan)
}

fn to_case(s: String, case: Case) -> String {
    match case {
        Case::Upper => s.to_uppercase(),
        Case::Lower => s.to_lowercase(),
        Case::Title => s,
    }
}

/// `_formatInteger(value, format)`.
pub fn format_integer(value: f64, f: &IntegerFormat, max_len: usize) -> Result<String, Error> {
    if !value.is_finite() && matches!(f.primary, Primary::Letters | Primary::Roman | Primary::Words) {
        // jsonata-js overflows its stack or loops forever here
        return Err(Error::new("D1001").value_json(Some("null".into())));
    }
    if f.mandatory_digits > max_len {
        return Err(Error::new("U1004").value_json(Some(max_len.to_string())));
    }
    let negative = value < 0.0;
    let value = value.abs();
    let mut s = match f.primary {
        Primary::Letters => decimal_to_letters(value, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            let r = decimal_to_roman(value, max_len)?;
            if f.case == Case::Upper {
                r.to_uppercase()
            } else {
                r
            }
        }
        Primary::Words => {
            let w = number_to_words(value, f.ordinal);
            if f.case == Case::Title {
                w
            } else {
                to_case(w, f.case)
            }
        }
        Primary::Decimal => format_decimal(value, f),
        Primary::Sequence => return Err(Error::new("D3130").value_str(&f.token)),
    };
    if negative {
        s.insert(0, '-');
    }
    Ok(s)
}

fn format_decimal(value: f64, f: &IntegerFormat) -> String {
    let mut digits: Vec<char> = to_js_string(value).chars().collect();
    if digits.len() < f.mandatory_digits {
        let pad = f.mandatory_digits - digits.len();
        digits.splice(0..0, std::iter::repeat_n('0', pad));
    }
    if f.zero_code != 0x30 {
        digits = digits.iter().map(|&c| char::from_u32(c as u32 + f.zero_code - 0x30).unwrap_or(c)).collect();
    }
    insert_separators(&mut digits, f);
    if f.ordinal {
        digits.extend(ordinal_suffix(&digits).chars());
    }
    digits.into_iter().collect()
}

/// Inserts the grouping separators (regular: every `n` digits from the right).
fn insert_separators(digits: &mut Vec<char>, f: &IntegerFormat) {
    if !f.regular {
        for &(pos, ch) in f.separators.iter().rev() {
            let at = digits.len().saturating_sub(pos);
            digits.insert(at, ch);
        }
        return;
    }
    if let Some(&(pos, ch)) = f.separators.first() {
        let n = digits.len().saturating_sub(1) / pos.max(1);
        for ii in (1..=n).rev() {
            let at = digits.len().saturating_sub(ii * pos);
            digits.insert(at, ch);
        }
    }
}

fn ordinal_suffix(digits: &[char]) -> &'static str {
    let teen = digits.len() > 1 && digits[digits.len() - 2] == '1';
    match digits.last() {
        Some('1') if !teen => "st",
        Some('2') if !teen => "nd",
        Some('3') if !teen => "rd",
        _ => "th",
    }
}

/// The `parse` function `generateRegex` builds for an integer format.
pub fn parse_integer_value(value: &str, f: &IntegerFormat) -> Result<f64, Error> {
    Ok(match f.primary {
        Primary::Letters => letters_to_decimal(value, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            roman_to_decimal(&if f.case == Case::Upper { value.to_string() } else { value.to_uppercase() })
        }
        Primary::Words => words_to_number(&value.to_lowercase()),
        Primary::Decimal => {
            let mut digits: String = value.to_string();
            if f.ordinal {
                let n = digits.chars().count().saturating_sub(2);
                digits = digits.chars().take(n).collect();
            }
            if f.regular {
                digits = digits.replace(',', "");
            } else {
                for (_, ch) in &f.separators {
                    digits = digits.replace(*ch, "");
                }
            }
            if f.zero_code != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| char::from_u32((c as u32).wrapping_sub(f.zero_code) + 0x30).unwrap_or(c))
                    .collect();
            }
            crate::number::parse_int(&digits)
        }
        Primary::Sequence => return Err(Error::new("D3130").value_str(&f.token)),
    })
}

/// The regex `generateRegex` builds for an integer format.
pub fn integer_regex(f: &IntegerFormat) -> Result<String, Error> {
    let upper = f.case == Case::Upper;
    let occurrences = match f.n {
        Some(n) if n > 0 => {
            if f.optional_digits == 0 {
                format!("{{{n}}}")
            } else {
                format!("{{{},{n}}}", n - f.optional_digits as i64)
            }
        }
        _ => "+".into(),
    };
    Ok(match f.primary {
        Primary::Letters => (if upper { "[A-Z]+" } else { "[a-z]+" }).into(),
        Primary::Roman => (if upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }).into(),
        Primary::Words => {
            let mut alts: Vec<String> = word_values().into_iter().map(|(w, _)| w).collect();
            alts.push("and".into());
            alts.push("[\\-, ]".into());
            format!("(?:{})+", alts.join("|"))
        }
        Primary::Decimal => {
            let mut r = format!("[0-9]{occurrences}");
            if f.ordinal {
                r += "(?:th|st|nd|rd)";
            }
            r
        }
        Primary::Sequence => return Err(Error::new("D3130").value_str(&f.token)),
    })
}

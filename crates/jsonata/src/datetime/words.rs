//! Numbers as English words, roman numerals and spreadsheet letters, and back
//! (datetime.js `numberToWords`, `wordsToNumber`, `decimalToRoman`, ...).

use crate::error::Error;

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// `numberToWords(value, ordinal)`.
pub fn number_to_words(value: f64, ordinal: bool) -> String {
    lookup_words(value, false, ordinal)
}

fn lookup_words(num: f64, prev: bool, ord: bool) -> String {
    if !num.is_finite() {
        return "undefined".into();
    }
    if num <= 19.0 {
        let w = if ord { ORDINALS.get(num.max(0.0) as usize) } else { FEW.get(num.max(0.0) as usize) };
        format!("{}{}", if prev { " and " } else { "" }, w.copied().unwrap_or("undefined"))
    } else if num < 100.0 {
        tens_words(num, prev, ord)
    } else if num < 1000.0 {
        hundreds_words(num, prev, ord)
    } else {
        large_words(num, prev, ord)
    }
}

fn tens_words(num: f64, prev: bool, ord: bool) -> String {
    let tens = (num / 10.0).floor() as usize;
    let rem = num % 10.0;
    let decade = tens.checked_sub(2).and_then(|i| DECADES.get(i)).copied().unwrap_or("undefined");
    let words = format!("{}{decade}", if prev { " and " } else { "" });
    if rem > 0.0 {
        format!("{words}-{}", lookup_words(rem, false, ord))
    } else if ord {
        format!("{}ieth", &words[..words.len() - 1])
    } else {
        words
    }
}

fn hundreds_words(num: f64, prev: bool, ord: bool) -> String {
    let hundreds = (num / 100.0).floor() as usize;
    let rem = num % 100.0;
    let mut words =
        format!("{}{} Hundred", if prev { ", " } else { "" }, FEW.get(hundreds).copied().unwrap_or("undefined"));
    if rem > 0.0 {
        words += &lookup_words(rem, true, ord);
    } else if ord {
        words += "th";
    }
    words
}

fn large_words(num: f64, prev: bool, ord: bool) -> String {
    let mag = ((num.log10() / 3.0).floor() as usize).clamp(1, MAGNITUDES.len());
    let factor = 10f64.powi(mag as i32 * 3);
    let mant = (num / factor).floor();
    let rem = num - mant * factor;
    let mut words =
        format!("{}{} {}", if prev { ", " } else { "" }, lookup_words(mant, false, false), MAGNITUDES[mag - 1]);
    if rem > 0.0 {
        words += &lookup_words(rem, true, ord);
    } else if ord {
        words += "th";
    }
    words
}

/// `wordValues`: word → value, in jsonata-js's insertion order.
pub fn word_values() -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = Vec::new();
    for (i, w) in FEW.iter().enumerate() {
        v.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in ORDINALS.iter().enumerate() {
        v.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lw = w.to_lowercase();
        let val = ((i + 2) * 10) as f64;
        v.push((lw.clone(), val));
        v.push((format!("{}ieth", &lw[..w.len() - 1]), val));
    }
    v.push(("hundredth".into(), 100.0));
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lw = w.to_lowercase();
        let val = 10f64.powi((i as i32 + 1) * 3);
        v.push((lw.clone(), val));
        v.push((format!("{lw}th"), val));
    }
    v
}

fn split_words(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < c.len() {
        let ws = |k: usize| c.get(k).is_some_and(|x| x.is_whitespace());
        let n = if c[i] == ',' && ws(i + 1) {
            2
        } else if ws(i) && c.get(i + 1..i + 4).is_some_and(|s| s == ['a', 'n', 'd']) && ws(i + 4) {
            5
        } else if ws(i) || c[i] == '\\' || c[i] == '-' {
            1
        } else {
            0
        };
        if n > 0 {
            parts.push(std::mem::take(&mut cur));
            i += n;
        } else {
            cur.push(c[i]);
            i += 1;
        }
    }
    parts.push(cur);
    parts
}

/// `wordsToNumber(text)`.
pub fn words_to_number(text: &str) -> f64 {
    let table = word_values();
    let mut segs: Vec<f64> = vec![0.0];
    for part in split_words(text) {
        let value = table.iter().find(|(w, _)| *w == part).map(|(_, v)| *v).unwrap_or(f64::NAN);
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

const ROMAN: [(f64, &str); 13] = [
    (1000.0, "m"),
    (900.0, "cm"),
    (500.0, "d"),
    (400.0, "cd"),
    (100.0, "c"),
    (90.0, "xc"),
    (50.0, "l"),
    (40.0, "xl"),
    (10.0, "x"),
    (9.0, "ix"),
    (5.0, "v"),
    (4.0, "iv"),
    (1.0, "i"),
];

/// `decimalToRoman(value)`, bounded by `max_len` characters.
pub fn decimal_to_roman(mut value: f64, max_len: usize) -> Result<String, Error> {
    if value / 1000.0 > max_len as f64 {
        return Err(Error::new("U1004").value_json(Some(max_len.to_string())));
    }
    let mut out = String::new();
    'outer: loop {
        for (n, s) in ROMAN {
            if value >= n {
                out.push_str(s);
                value -= n;
                continue 'outer;
            }
        }
        return Ok(out);
    }
}

/// `romanToDecimal(roman)`.
pub fn roman_to_decimal(roman: &str) -> f64 {
    let val = |c: char| match c {
        'M' => 1000.0,
        'D' => 500.0,
        'C' => 100.0,
        'L' => 50.0,
        'X' => 10.0,
        'V' => 5.0,
        'I' => 1.0,
        _ => f64::NAN,
    };
    let (mut decimal, mut max) = (0.0, 1.0);
    for c in roman.chars().rev() {
        let v = val(c);
        if v < max {
            decimal -= v;
        } else {
            max = v;
            decimal += v;
        }
    }
    decimal
}

/// `decimalToLetters(value, aChar)`.
pub fn decimal_to_letters(mut value: f64, a: char) -> String {
    let mut letters = Vec::new();
    while value > 0.0 {
        let code = a as u32 + ((value - 1.0) % 26.0) as u32;
        letters.push(char::from_u32(code).unwrap_or('?'));
        value = ((value - 1.0) / 26.0).floor();
    }
    letters.iter().rev().collect()
}

/// `lettersToDecimal(letters, aChar)`.
pub fn letters_to_decimal(letters: &str, a: char) -> f64 {
    let units: Vec<u16> = letters.encode_utf16().collect();
    let mut decimal = 0.0;
    for (i, u) in units.iter().rev().enumerate() {
        decimal += (*u as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    decimal
}

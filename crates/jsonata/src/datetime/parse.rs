//! `parseDateTime` (picture-driven `$toMillis`) and the ISO 8601 check of `toMillis`.

use super::calendar::{date_utc, parts};
use super::format::{fragment, Fragment, MONTHS};
use super::integer::{integer_regex, parse_integer_value, IntegerFormat};
use super::picture::{analyse_date_time_picture, Marker, Part};
use crate::error::Error;
use crate::number::parse_int;
use std::collections::BTreeMap;

/// How a captured group is turned into a component value.
enum Parser {
    Literal,
    Timezone(char, Option<char>),
    Integer(IntegerFormat),
    Names(Vec<(String, f64)>),
}

fn escape_regex(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".*+?^${}()|[]\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn names_lookup(m: &Marker) -> Result<Vec<(String, f64)>, Error> {
    let cut = |name: &str| match m.width.and_then(|w| w.max).filter(|x| *x != 0.0 && !x.is_nan()) {
        Some(max) => name.chars().take(max as usize).collect(),
        None => name.to_string(),
    };
    Ok(match m.component {
        'M' | 'x' => MONTHS.iter().enumerate().map(|(i, n)| (cut(n), (i + 1) as f64)).collect(),
        'F' => DAYS.iter().enumerate().map(|(i, n)| (cut(n), (i + 1) as f64)).collect(),
        'P' => vec![("am".into(), 0.0), ("AM".into(), 0.0), ("pm".into(), 1.0), ("PM".into(), 1.0)],
        c => return Err(Error::new("D3133").value_str(&c.to_string())),
    })
}

/// `generateRegex` for a datetime picture: regex pieces and their parsers.
fn generate(spec: &[Part]) -> Result<Vec<(String, char, Parser)>, Error> {
    let mut out = Vec::new();
    for part in spec {
        let m = match part {
            Part::Literal(s) => {
                out.push((escape_regex(s), '\0', Parser::Literal));
                continue;
            }
            Part::Marker(m) => m,
        };
        if m.component == 'Z' || m.component == 'z' {
            let sep = m.integer_format.as_ref().filter(|f| f.regular).and_then(|f| f.separators.first()).map(|s| s.1);
            let mut re = if m.component == 'z' { "GMT".to_string() } else { String::new() };
            re.push_str("[-+][0-9]+");
            if let Some(s) = sep {
                re.push(s);
                re.push_str("[0-9]+");
            }
            out.push((re, m.component, Parser::Timezone(m.component, sep)));
        } else if let Some(f) = &m.integer_format {
            let mut f = f.clone();
            f.n = Some(m.n);
            out.push((integer_regex(&f)?, m.component, Parser::Integer(f)));
        } else {
            out.push(("[a-zA-Z]+".into(), m.component, Parser::Names(names_lookup(m)?)));
        }
    }
    Ok(out)
}

fn parse_timezone(value: &str, component: char, sep: Option<char>) -> f64 {
    let v = if component == 'z' { value.get(3..).unwrap_or("") } else { value };
    let (h, m) = match sep.and_then(|s| v.find(s).map(|i| (s, i))) {
        Some((s, i)) => (parse_int(&v[..i]), parse_int(&v[i + s.len_utf8()..])),
        None if sep.is_some() => (parse_int(v), parse_int("")),
        None => {
            if v.chars().count() <= 3 {
                (parse_int(v), 0.0)
            } else {
                (parse_int(v.get(..3).unwrap_or(v)), parse_int(v.get(3..).unwrap_or("")))
            }
        }
    };
    h * 60.0 + m
}

/// `parseDateTime(timestamp, picture)`; `Ok(None)` = undefined.
pub fn parse_date_time(timestamp: &str, picture: &str, now: f64) -> Result<Option<f64>, Error> {
    let spec = analyse_date_time_picture(picture)?;
    let pieces = generate(&spec)?;
    let full: String = format!("^{}$", pieces.iter().map(|(r, _, _)| format!("({r})")).collect::<String>());
    let re = crate::regex::compile(&full, "i")?;
    let Some(m) = re.exec(timestamp, 0) else {
        return Ok(None);
    };
    let mut components: BTreeMap<char, f64> = BTreeMap::new();
    for (i, (_, comp, parser)) in pieces.iter().enumerate() {
        let text = m.groups.get(i).copied().flatten().and_then(|(a, b)| timestamp.get(a..b)).unwrap_or("");
        let value = match parser {
            Parser::Literal => continue,
            Parser::Timezone(c, sep) => Some(parse_timezone(text, *c, *sep)),
            Parser::Integer(f) => Some(parse_integer_value(text, f)?),
            Parser::Names(lookup) => lookup.iter().find(|(n, _)| n == text).map(|(_, v)| *v),
        };
        match value {
            Some(v) => components.insert(*comp, v),
            None => components.remove(comp),
        };
    }
    if components.is_empty() {
        return Ok(None);
    }
    resolve(components, now).map(Some)
}

fn mask_of(components: &Components, order: &str) -> u32 {
    order
        .chars()
        .fold(0, |mask, c| (mask << 1) | u32::from(components.get(&c).is_some_and(|v| *v != 0.0 && !v.is_nan())))
}

fn is_type(t: u32, mask: u32) -> bool {
    (!t & mask) == 0 && (t & mask) != 0
}

/// Which of the date (A-D) and time (A, B) component combinations were given.
struct Kinds {
    date_b: bool,
    date_c: bool,
    date_d: bool,
    time_b: bool,
}

/// The bit-mask classification of `parseDateTime`.
fn classify(c: &Components) -> Kinds {
    let dmask = mask_of(c, "YXMxWwdD");
    let date_a = is_type(161, dmask);
    let date_c = is_type(84, dmask);
    let tmask = mask_of(c, "PHhmsf");
    Kinds {
        date_b: !date_a && is_type(130, dmask),
        date_c,
        date_d: !date_c && is_type(72, dmask),
        time_b: !is_type(23, tmask) && is_type(47, tmask),
    }
}

type Components = BTreeMap<char, f64>;

/// Defaults missing components: most significant from `now`, least significant to zero;
/// a gap between specified components is D3136.
fn fill_defaults(c: &mut Components, k: &Kinds, now: f64) -> Result<(), Error> {
    let date_comps = if k.date_b {
        "YD"
    } else if k.date_c {
        "XxwF"
    } else if k.date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if k.time_b { "Phmsf" } else { "Hmsf" };
    let now_parts = parts(now);
    let (mut start_specified, mut end_specified) = (false, false);
    for part in date_comps.chars().chain(time_comps.chars()) {
        if let std::collections::btree_map::Entry::Vacant(slot) = c.entry(part) {
            if start_specified {
                slot.insert(if "MDd".contains(part) { 1.0 } else { 0.0 });
                end_specified = true;
            } else {
                slot.insert(match fragment(&now_parts, part) {
                    Fragment::Num(n) => n,
                    _ => f64::NAN,
                });
            }
        } else if end_specified {
            return Err(Error::new("D3136"));
        } else {
            start_specified = true;
        }
    }
    Ok(())
}

fn get(c: &Components, k: char) -> f64 {
    c.get(&k).copied().unwrap_or(f64::NAN)
}

/// Builds the timestamp from the components (`Date.UTC`, ordinal dates, 12-hour clock, zone).
fn resolve(mut c: Components, now: f64) -> Result<f64, Error> {
    let k = classify(&c);
    fill_defaults(&mut c, &k, now)?;
    let m = get(&c, 'M');
    c.insert('M', if m > 0.0 { m - 1.0 } else { 0.0 });
    if k.date_b {
        let jan1 = date_utc(get(&c, 'Y'), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        let derived = parts(jan1 + (get(&c, 'd') - 1.0) * 86_400_000.0);
        c.insert('M', derived.month as f64);
        c.insert('D', derived.day as f64);
    }
    if k.date_c || k.date_d {
        return Err(Error::new("D3136"));
    }
    if k.time_b {
        let h = get(&c, 'h');
        let pm = if get(&c, 'P') == 1.0 { 12.0 } else { 0.0 };
        c.insert('H', if h == 12.0 { 0.0 } else { h } + pm);
    }
    let millis =
        date_utc(get(&c, 'Y'), get(&c, 'M'), get(&c, 'D'), get(&c, 'H'), get(&c, 'm'), get(&c, 's'), get(&c, 'f'));
    let tz = c.get(&'Z').or_else(|| c.get(&'z')).copied().filter(|v| *v != 0.0 && !v.is_nan());
    Ok(millis - tz.unwrap_or(0.0) * 60.0 * 1000.0)
}

/// The `iso8601regex` test of `toMillis`.
pub fn is_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let within = |i: usize, lo: u8, hi: u8| b.get(i).is_some_and(|c| (lo..=hi).contains(c));
    if !(0..4).all(d) {
        return false;
    }
    let mut i = 4;
    while b.get(i) == Some(&b'-') && within(i + 1, b'0', b'3') && d(i + 2) {
        i += 3;
    }
    while b.get(i) == Some(&b'T')
        && within(i + 1, b'0', b'2')
        && d(i + 2)
        && b.get(i + 3) == Some(&b':')
        && within(i + 4, b'0', b'5')
        && d(i + 5)
        && b.get(i + 6) == Some(&b':')
        && within(i + 7, b'0', b'5')
        && d(i + 8)
    {
        i += 9;
    }
    if b.get(i) == Some(&b'.') && d(i + 1) {
        i += 1;
        while d(i) {
            i += 1;
        }
    }
    if b.get(i) == Some(&b'Z') {
        i += 1;
    } else if matches!(b.get(i), Some(b'+') | Some(b'-')) && within(i + 1, b'0', b'2') && d(i + 2) {
        let mut j = i + 3;
        if b.get(j) == Some(&b':') {
            j += 1;
        }
        if within(j, b'0', b'5') && d(j + 1) {
            i = j + 2;
        }
    }
    i == b.len()
}

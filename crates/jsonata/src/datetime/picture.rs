//! `analyseDateTimePicture`: the XPath F&O 9.8.4 picture string analysis of datetime.js.

use super::integer::{analyse_integer_picture, Case, IntegerFormat};
use crate::error::Error;
use crate::number::parse_int;

/// A width modifier `,min-max` (`None` = unspecified or `*`; NaN widths kept as NaN).
#[derive(Debug, Clone, Copy)]
pub struct Width {
    /// Minimum width.
    pub min: Option<f64>,
    /// Maximum width.
    pub max: Option<f64>,
}

/// A variable marker `[...]`.
#[derive(Debug, Clone)]
pub struct Marker {
    /// The component specifier letter.
    pub component: char,
    /// Width modifier.
    pub width: Option<Width>,
    /// First presentation modifier.
    pub presentation1: String,
    /// Second presentation modifier (`a`, `t`, `c` or `o`).
    pub presentation2: Option<char>,
    /// Name formatting case (`N`, `n`, `Nn`).
    pub names: Option<Case>,
    /// Integer format of numeric components.
    pub integer_format: Option<IntegerFormat>,
    /// Year digits to keep (`n`; -1 = all).
    pub n: i64,
}

/// A part of a picture.
#[derive(Debug, Clone)]
pub enum Part {
    /// Literal text.
    Literal(String),
    /// A variable marker.
    Marker(Marker),
}

fn default_presentation(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

fn parse_width(w: Option<&str>) -> Option<f64> {
    match w {
        None | Some("*") => None,
        Some(w) => Some(parse_int(w)),
    }
}

fn add_literal(spec: &mut Vec<Part>, chars: &[char], start: usize, end: usize) {
    if end > start {
        let lit: String = chars[start..end].iter().collect();
        spec.push(Part::Literal(lit.replace("]]", "]")));
    }
}

/// `analyseDateTimePicture(picture)`.
pub fn analyse_date_time_picture(picture: &str) -> Result<Vec<Part>, Error> {
    let chars: Vec<char> = picture.chars().collect();
    let mut spec = Vec::new();
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut spec, &chars, start, pos);
                spec.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut spec, &chars, start, pos);
            start = pos;
            pos = match chars[start..].iter().position(|&c| c == ']') {
                Some(off) => start + off,
                None => return Err(Error::new("D3135")),
            };
            let marker: String = chars[start + 1..pos].iter().filter(|c| !c.is_whitespace()).collect();
            spec.push(Part::Marker(analyse_marker(&marker)?));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut spec, &chars, start, pos.min(chars.len()));
    Ok(spec)
}

fn analyse_marker(marker: &str) -> Result<Marker, Error> {
    let component = marker.chars().next().unwrap_or('\0');
    let rest = &marker[component.len_utf8().min(marker.len())..];
    let (pres_mod, width) = split_width(rest);
    let mut m = Marker {
        component,
        width,
        presentation1: String::new(),
        presentation2: None,
        names: None,
        integer_format: None,
        n: -1,
    };
    let pm: Vec<char> = pres_mod.chars().collect();
    match pm.last() {
        None => match default_presentation(component) {
            Some(p) => m.presentation1 = p.to_string(),
            None => return Err(Error::new("D3132").value_str(&component.to_string())),
        },
        Some(&last) if pm.len() > 1 && "atco".contains(last) => {
            m.presentation2 = Some(last);
            m.presentation1 = pm[..pm.len() - 1].iter().collect();
        }
        Some(_) => m.presentation1 = pres_mod.to_string(),
    }
    analyse_presentation(&mut m)?;
    Ok(m)
}

/// Splits the presentation modifiers from the width modifier `,min-max`.
fn split_width(rest: &str) -> (&str, Option<Width>) {
    let Some(comma) = rest.rfind(',') else { return (rest, None) };
    let wm = &rest[comma + 1..];
    let (min, max) = match wm.find('-') {
        None => (Some(wm), None),
        Some(d) => (Some(&wm[..d]), Some(&wm[d + 1..])),
    };
    (&rest[..comma], Some(Width { min: parse_width(min), max: parse_width(max) }))
}

fn analyse_presentation(m: &mut Marker) -> Result<(), Error> {
    let p1: Vec<char> = m.presentation1.chars().collect();
    if p1.first() == Some(&'n') {
        m.names = Some(Case::Lower);
    } else if p1.first() == Some(&'N') {
        m.names = Some(if p1.get(1) == Some(&'n') { Case::Title } else { Case::Upper });
    } else if "YMDdFWwXxHhmsf".contains(m.component) {
        m.integer_format = Some(integer_marker(m)?);
    }
    if m.component == 'Z' || m.component == 'z' {
        m.integer_format = Some(analyse_integer_picture(&m.presentation1)?);
    }
    Ok(())
}

/// The integer format of a numeric component, with the width modifier applied (§9.8.4.4).
fn integer_marker(m: &mut Marker) -> Result<IntegerFormat, Error> {
    let mut pattern = m.presentation1.clone();
    if let Some(p2) = m.presentation2 {
        pattern.push(';');
        pattern.push(p2);
    }
    let mut f = analyse_integer_picture(&pattern)?;
    if let Some(min) = m.width.and_then(|w| w.min) {
        if (f.mandatory_digits as f64) < min {
            f.mandatory_digits = min as usize;
        }
    }
    if "YMD".contains(m.component) {
        m.n = -1;
        if let Some(max) = m.width.and_then(|w| w.max) {
            m.n = if max.is_nan() { 0 } else { max as i64 };
            f.mandatory_digits = m.n.max(0) as usize;
        } else if f.mandatory_digits + f.optional_digits >= 2 {
            m.n = (f.mandatory_digits + f.optional_digits) as i64;
        }
    }
    Ok(f)
}

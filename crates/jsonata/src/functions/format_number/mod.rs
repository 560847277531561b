//! `$formatNumber(value, picture, options)`: XPath F&O 3.1 `fn:format-number`
//! as implemented by functions.js `formatNumber`.

mod picture;
mod render;

use super::{arg, Call};
use crate::error::Error;
use crate::evaluator::{Evaluator, R};
use crate::value::Value;
use picture::{Analysis, Parts};

/// The decimal-format properties (defaults overridden by the `options` object).
struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: String,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
}

fn first_char(s: &str, default: char) -> char {
    s.chars().next().unwrap_or(default)
}

fn props(options: &Value<'_>) -> Props {
    let get = |k: &str, d: &str| options.get(k).as_str().map(str::to_string).unwrap_or_else(|| d.to_string());
    Props {
        decimal: first_char(&get("decimal-separator", "."), '.'),
        grouping: first_char(&get("grouping-separator", ","), ','),
        exponent: first_char(&get("exponent-separator", "e"), 'e'),
        minus: get("minus-sign", "-"),
        percent: first_char(&get("percent", "%"), '%'),
        per_mille: first_char(&get("per-mille", "\u{2030}"), '\u{2030}'),
        zero: first_char(&get("zero-digit", "0"), '0'),
        digit: first_char(&get("digit", "#"), '#'),
        pattern: first_char(&get("pattern-separator", ";"), ';'),
    }
}

/// The properties plus the derived decimal digit family and active characters.
struct Ctx {
    p: Props,
    digits: Vec<char>,
    active: Vec<char>,
}

fn index_of(s: &[char], c: char) -> Option<usize> {
    s.iter().position(|&x| x == c)
}

fn last_index_of(s: &[char], c: char) -> Option<usize> {
    s.iter().rposition(|&x| x == c)
}

impl Ctx {
    fn new(p: Props) -> Ctx {
        let zero = p.zero as u32;
        let digits: Vec<char> = (zero..zero + 10).filter_map(char::from_u32).collect();
        let mut active = digits.clone();
        active.extend([p.decimal, p.exponent, p.grouping, p.digit, p.pattern]);
        Ctx { p, digits, active }
    }

    fn is_digit(&self, c: char) -> bool {
        self.digits.contains(&c)
    }

    fn is_active(&self, c: char) -> bool {
        self.active.contains(&c)
    }
}

/// `formatNumber(value, picture, options)`.
pub fn format_number<'a>(_: &mut Evaluator<'a, '_>, args: &[Value<'a>], _: &Call<'a>) -> R<'a> {
    let Some(value) = arg(args, 0).as_f64() else {
        return Ok(Value::Undefined);
    };
    let picture: Vec<char> = arg(args, 1).as_str().unwrap_or_default().chars().collect();
    let ctx = Ctx::new(props(&arg(args, 2)));
    let subs: Vec<&[char]> = picture.split(|&c| c == ctx.p.pattern).collect();
    if subs.len() > 2 {
        return Err(Error::new("D3080"));
    }
    let parts: Vec<Parts> = subs.iter().map(|s| ctx.split_parts(s)).collect();
    for part in &parts {
        ctx.validate(part)?;
    }
    let mut vars: Vec<Analysis> = parts.iter().map(|pt| ctx.analyse(pt)).collect();
    if vars.len() == 1 {
        let mut neg = vars[0].clone();
        neg.prefix = format!("{}{}", ctx.p.minus, neg.prefix);
        vars.push(neg);
    }
    let pic = if value >= 0.0 { &vars[0] } else { &vars[1] };
    Ok(Value::string(ctx.format(value, pic)))
}

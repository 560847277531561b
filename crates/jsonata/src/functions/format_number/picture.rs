//! Picture analysis of `formatNumber`: splitting (F&O 4.7.2), validation (4.7.3)
//! and analysis (4.7.4).

use super::{index_of, last_index_of, Ctx};
use crate::error::Error;

/// The parts of a sub-picture.
#[derive(Clone)]
pub(super) struct Parts {
    pub(super) prefix: Vec<char>,
    pub(super) suffix: Vec<char>,
    pub(super) active: Vec<char>,
    pub(super) mantissa: Vec<char>,
    pub(super) exponent: Option<Vec<char>>,
    pub(super) integer: Vec<char>,
    pub(super) fractional: Vec<char>,
    pub(super) picture: Vec<char>,
}

/// The analysed sub-picture.
#[derive(Clone)]
pub(super) struct Analysis {
    pub(super) integer_grouping: Vec<usize>,
    pub(super) regular_grouping: usize,
    pub(super) min_integer: usize,
    pub(super) scaling: usize,
    pub(super) prefix: String,
    pub(super) fractional_grouping: Vec<usize>,
    pub(super) min_fraction: usize,
    pub(super) max_fraction: usize,
    pub(super) min_exponent: usize,
    pub(super) suffix: String,
    pub(super) picture: Vec<char>,
}

/// Minimum/maximum sizes of the integer and fractional parts.
struct Sizes {
    min_integer: usize,
    min_fraction: usize,
    max_fraction: usize,
}

impl Ctx {
    pub(super) fn split_parts(&self, sub: &[char]) -> Parts {
        let pre_end = sub.iter().position(|&c| self.is_active(c) && c != self.p.exponent).unwrap_or(sub.len());
        let suf_start =
            sub.iter().rposition(|&c| self.is_active(c) && c != self.p.exponent).map(|i| i + 1).unwrap_or(sub.len());
        let prefix = sub[..pre_end].to_vec();
        let suffix = sub[suf_start.max(pre_end)..].to_vec();
        let active = sub[prefix.len()..sub.len() - suffix.len()].to_vec();
        let exp_pos = sub.iter().skip(prefix.len()).position(|&c| c == self.p.exponent).map(|i| i + prefix.len());
        let (mantissa, exponent) = match exp_pos {
            Some(e) if e <= sub.len() - suffix.len() => {
                (active[..e.min(active.len())].to_vec(), Some(active.get(e + 1..).unwrap_or(&[]).to_vec()))
            }
            _ => (active.clone(), None),
        };
        let (integer, fractional) = match index_of(&mantissa, self.p.decimal) {
            None => (mantissa.clone(), suffix.clone()),
            Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
        };
        Parts { prefix, suffix, active, mantissa, exponent, integer, fractional, picture: sub.to_vec() }
    }

    /// Validates a sub-picture (F&O 4.7.3); like jsonata-js, the last failing rule wins.
    pub(super) fn validate(&self, parts: &Parts) -> Result<(), Error> {
        let (p, sub) = (&self.p, &parts.picture);
        let has = |c: char| index_of(sub, c).is_some();
        let repeated = |c: char| index_of(sub, c) != last_index_of(sub, c);
        let exp = parts.exponent.as_deref();
        let checks = [
            ("D3081", repeated(p.decimal)),
            ("D3082", repeated(p.percent)),
            ("D3083", repeated(p.per_mille)),
            ("D3084", has(p.percent) && has(p.per_mille)),
            ("D3085", !parts.mantissa.iter().any(|&c| self.is_digit(c) || c == p.digit)),
            ("D3086", parts.active.iter().any(|&c| !self.is_active(c))),
            ("D3087", self.grouping_beside_decimal(sub)),
            ("D3088", !has(p.decimal) && parts.integer.last() == Some(&p.grouping)),
            ("D3089", sub.windows(2).any(|w| w[0] == p.grouping && w[1] == p.grouping)),
            ("D3090", self.digit_before_optional(&parts.integer)),
            ("D3091", self.optional_before_digit(&parts.fractional)),
            ("D3092", exp.is_some_and(|e| !e.is_empty()) && (has(p.percent) || has(p.per_mille))),
            ("D3093", exp.is_some_and(|e| e.is_empty() || e.iter().any(|&c| !self.is_digit(c)))),
        ];
        match checks.iter().rev().find(|(_, failed)| *failed) {
            Some((code, _)) => Err(Error::new(code)),
            None => Ok(()),
        }
    }

    fn grouping_beside_decimal(&self, sub: &[char]) -> bool {
        let Some(d) = index_of(sub, self.p.decimal) else { return false };
        let before = d.checked_sub(1).and_then(|i| sub.get(i)) == Some(&self.p.grouping);
        before || sub.get(d + 1) == Some(&self.p.grouping)
    }

    fn digit_before_optional(&self, integer: &[char]) -> bool {
        index_of(integer, self.p.digit).is_some_and(|opt| integer[..opt].iter().any(|&c| self.is_digit(c)))
    }

    fn optional_before_digit(&self, fractional: &[char]) -> bool {
        last_index_of(fractional, self.p.digit).is_some_and(|opt| fractional[opt..].iter().any(|&c| self.is_digit(c)))
    }

    fn grouping_positions(&self, part: &[char], integer: &[char], to_left: bool) -> Vec<usize> {
        let mut positions = Vec::new();
        let counts = |s: &[char]| s.iter().filter(|&&c| self.is_digit(c) || c == self.p.digit).count();
        let mut gp = index_of(part, self.p.grouping);
        while let Some(g) = gp {
            let n = if to_left { counts(&part[..g.min(part.len())]) } else { counts(&part[g.min(part.len())..]) };
            positions.push(n);
            // jsonata-js searches the *integer part* for the next separator
            gp = integer.iter().skip(g + 1).position(|&c| c == self.p.grouping).map(|i| i + g + 1);
        }
        positions
    }

    /// Analyses a validated sub-picture.
    pub(super) fn analyse(&self, parts: &Parts) -> Analysis {
        let integer_grouping = self.grouping_positions(&parts.integer, &parts.integer, false);
        let sizes = self.sizes(parts);
        let min_exponent =
            parts.exponent.as_ref().map(|e| e.iter().filter(|&&c| self.is_digit(c)).count()).unwrap_or(0);
        Analysis {
            regular_grouping: regular(&integer_grouping),
            integer_grouping,
            min_integer: sizes.min_integer,
            scaling: parts.integer.iter().filter(|&&c| self.is_digit(c)).count(),
            prefix: parts.prefix.iter().collect(),
            fractional_grouping: self.grouping_positions(&parts.fractional, &parts.integer, true),
            min_fraction: sizes.min_fraction,
            max_fraction: sizes.max_fraction,
            min_exponent,
            suffix: parts.suffix.iter().collect(),
            picture: parts.picture.clone(),
        }
    }

    fn sizes(&self, parts: &Parts) -> Sizes {
        let count = |s: &[char], optional: bool| {
            s.iter().filter(|&&c| self.is_digit(c) || (optional && c == self.p.digit)).count()
        };
        let mut min_integer = count(&parts.integer, false);
        let mut min_fraction = count(&parts.fractional, false);
        let mut max_fraction = count(&parts.fractional, true);
        let exponent_present = parts.exponent.is_some();
        if min_integer == 0 && max_fraction == 0 {
            if exponent_present {
                min_fraction = 1;
                max_fraction = 1;
            } else {
                min_integer = 1;
            }
        }
        if exponent_present && min_integer == 0 && index_of(&parts.integer, self.p.digit).is_some() {
            min_integer = 1;
        }
        if min_integer == 0 && min_fraction == 0 {
            min_fraction = 1;
        }
        Sizes { min_integer, min_fraction, max_fraction }
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Regular grouping interval, or 0.
fn regular(indexes: &[usize]) -> usize {
    if indexes.is_empty() {
        return 0;
    }
    let factor = indexes.iter().copied().reduce(gcd).unwrap_or(0);
    if factor == 0 {
        return 0;
    }
    for i in 1..=indexes.len() {
        if !indexes.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}

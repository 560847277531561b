//! Rendering a number with an analysed picture (F&O 4.7.5, bullets 2-14).

use super::picture::Analysis;
use super::{index_of, Ctx};
use crate::functions::numeric::round;
use crate::number::to_fixed;

impl Ctx {
    /// Formats `value` with the chosen sub-picture.
    pub(super) fn format(&self, value: f64, pic: &Analysis) -> String {
        let adjusted = if index_of(&pic.picture, self.p.percent).is_some() {
            value * 100.0
        } else if index_of(&pic.picture, self.p.per_mille).is_some() {
            value * 1000.0
        } else {
            value
        };
        let (mantissa, exponent) = if pic.min_exponent == 0 { (adjusted, None) } else { scale(adjusted, pic.scaling) };
        let rounded = round(mantissa, Some(pic.max_fraction as f64));
        let mut s = self.layout(self.make_string(rounded, pic.max_fraction), pic);
        if let Some(e) = exponent {
            self.push_exponent(&mut s, e, pic);
        }
        format!("{}{}{}", pic.prefix, s.into_iter().collect::<String>(), pic.suffix)
    }

    /// Bullet 13: the exponent.
    fn push_exponent(&self, s: &mut Vec<char>, e: i32, pic: &Analysis) {
        let mut es: Vec<char> = self.make_string(e as f64, 0);
        while es.len() < pic.min_exponent {
            es.insert(0, self.p.zero);
        }
        s.push(self.p.exponent);
        if e < 0 {
            s.extend(self.p.minus.chars());
        }
        s.extend(es);
    }

    fn make_string(&self, value: f64, dp: usize) -> Vec<char> {
        let s = to_fixed(value.abs(), dp.min(100));
        s.chars().map(|c| if c.is_ascii_digit() { self.digits[(c as u8 - b'0') as usize] } else { c }).collect()
    }

    /// Bullets 7-12: decimal separator, zero trimming and padding, grouping.
    fn layout(&self, s: Vec<char>, pic: &Analysis) -> Vec<char> {
        let mut s = self.trim_and_pad(s, pic);
        self.group_integer(&mut s, pic);
        let dpos = index_of(&s, self.p.decimal).unwrap_or(0);
        for &pos in &pic.fractional_grouping {
            let at = (pos + dpos + 1).min(s.len());
            s.insert(at, self.p.grouping);
        }
        let dpos = index_of(&s, self.p.decimal);
        if index_of(&pic.picture, self.p.decimal).is_none() || dpos == Some(s.len() - 1) {
            s.pop();
        }
        s
    }

    /// Bullets 7-9: the decimal separator, no leading/trailing zeros, then padding.
    fn trim_and_pad(&self, mut s: Vec<char>, pic: &Analysis) -> Vec<char> {
        let z = self.p.zero;
        match index_of(&s, '.') {
            None => s.push(self.p.decimal),
            Some(i) => s[i] = self.p.decimal,
        }
        while s.first() == Some(&z) {
            s.remove(0);
        }
        while s.last() == Some(&z) {
            s.pop();
        }
        let dpos = index_of(&s, self.p.decimal).unwrap_or(0);
        let pad_left = pic.min_integer as isize - dpos as isize;
        let pad_right = pic.min_fraction as isize - (s.len() as isize - dpos as isize - 1);
        for _ in 0..pad_left.max(0) {
            s.insert(0, z);
        }
        for _ in 0..pad_right.max(0) {
            s.push(z);
        }
        s
    }

    /// Bullet 10: integer-part grouping separators.
    fn group_integer(&self, s: &mut Vec<char>, pic: &Analysis) {
        let mut dpos = index_of(s, self.p.decimal).unwrap_or(0);
        if pic.regular_grouping > 0 {
            let count = dpos.saturating_sub(1).checked_div(pic.regular_grouping).unwrap_or(0);
            for g in 1..=count {
                s.insert(dpos - g * pic.regular_grouping, self.p.grouping);
            }
            return;
        }
        for &pos in &pic.integer_grouping {
            if pos <= dpos {
                s.insert(dpos - pos, self.p.grouping);
            }
            dpos += 1;
        }
    }
}

/// Bullet 5: mantissa and exponent (bounded: jsonata-js loops forever on values <= 0).
fn scale(adjusted: f64, scaling: usize) -> (f64, Option<i32>) {
    let max_m = 10f64.powi(scaling as i32);
    let min_m = 10f64.powi(scaling as i32 - 1);
    let (mut m, mut e) = (adjusted, 0i32);
    let mut guard = 0;
    while m < min_m && guard < 400 {
        m *= 10.0;
        e -= 1;
        guard += 1;
    }
    while m > max_m && guard < 800 {
        m /= 10.0;
        e += 1;
        guard += 1;
    }
    (m, Some(e))
}

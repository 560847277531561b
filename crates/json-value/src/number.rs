//! JSON numbers: integers exactly (also those beyond 64 bits, kept as their digits, as AWS's
//! Jackson keeps them in a `BigInteger`), other numbers as doubles.

use std::rc::Rc;

/// A JSON number.
#[derive(Clone)]
pub struct Number(N);

#[derive(Clone)]
enum N {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A double (finite).
    Float(f64),
    /// An integer beyond 64 bits, as its decimal digits (with a leading `-` when negative).
    Big(Rc<str>),
}

impl Number {
    /// A double as a number; `None` for NaN and the infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }

    /// An integer too large for 64 bits, from its digits (`-` allowed); `None` for other text.
    pub fn from_big_integer(digits: &str) -> Option<Number> {
        let body = digits.strip_prefix('-').unwrap_or(digits);
        let valid = !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| match (digits.parse::<u64>(), digits.parse::<i64>()) {
            (Ok(u), _) => Number(N::PosInt(u)),
            (_, Ok(i)) => Number::from(i),
            _ => Number(N::Big(digits.into())),
        })
    }

    /// An integer that fits in `i64`.
    pub fn is_i64(&self) -> bool {
        match self.0 {
            N::PosInt(u) => u <= i64::MAX as u64,
            N::NegInt(_) => true,
            _ => false,
        }
    }

    /// A non-negative integer that fits in `u64`.
    pub fn is_u64(&self) -> bool {
        matches!(self.0, N::PosInt(_))
    }

    /// A double.
    pub fn is_f64(&self) -> bool {
        matches!(self.0, N::Float(_))
    }

    /// An integer beyond 64 bits.
    pub fn is_big(&self) -> bool {
        matches!(self.0, N::Big(_))
    }

    /// As `i64`, when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            _ => None,
        }
    }

    /// As `u64`, when it is a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(u) => Some(u),
            _ => None,
        }
    }

    /// As a double (an integer beyond 64 bits rounds to the nearest double).
    pub fn as_f64_lossy(&self) -> f64 {
        match &self.0 {
            N::PosInt(u) => *u as f64,
            N::NegInt(i) => *i as f64,
            N::Float(f) => *f,
            N::Big(digits) => digits.parse().unwrap_or(0.0),
        }
    }

    /// As a double, as `serde_json::Number::as_f64` answers.
    pub fn as_f64(&self) -> Option<f64> {
        Some(self.as_f64_lossy())
    }

    /// The digits of an integer beyond 64 bits.
    pub fn big_digits(&self) -> Option<&str> {
        match &self.0 {
            N::Big(digits) => Some(digits),
            _ => None,
        }
    }

    /// Appends the number as JSON text: integers as their digits, doubles as the shortest text
    /// that reads back the same (as `serde_json` writes them: `1.0`, `1e21`).
    pub fn write(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = match &self.0 {
            N::PosInt(u) => write!(out, "{u}"),
            N::NegInt(i) => write!(out, "{i}"),
            N::Float(f) => {
                out.push_str(&serde_json::Number::from_f64(*f).map_or_else(|| "null".into(), |n| n.to_string()));
                Ok(())
            }
            N::Big(digits) => {
                out.push_str(digits);
                Ok(())
            }
        };
    }

    /// The length of [`Number::write`]'s text.
    pub fn json_len(&self) -> usize {
        match &self.0 {
            N::PosInt(u) => digits(*u),
            N::NegInt(i) => digits(i.unsigned_abs()) + 1,
            N::Big(d) => d.len(),
            N::Float(_) => {
                let mut text = String::new();
                self.write(&mut text);
                text.len()
            }
        }
    }

    /// The same number for `serde_json` (an integer beyond 64 bits becomes a double).
    pub fn to_serde(&self) -> serde_json::Number {
        match &self.0 {
            N::PosInt(u) => (*u).into(),
            N::NegInt(i) => (*i).into(),
            N::Float(f) => serde_json::Number::from_f64(*f).unwrap_or_else(|| 0.into()),
            N::Big(_) => serde_json::Number::from_f64(self.as_f64_lossy()).unwrap_or_else(|| 0.into()),
        }
    }
}

fn digits(mut n: u64) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

impl std::str::FromStr for Number {
    type Err = ();

    /// A JSON number's text (`12`, `-1.5e3`, digits beyond 64 bits).
    fn from_str(text: &str) -> Result<Number, ()> {
        match crate::from_str(text) {
            Ok(crate::Value::Number(n)) => Ok(n),
            _ => Err(()),
        }
    }
}

impl PartialEq for Number {
    /// As `serde_json` compares: the same kind of number and the same value (`1` is not `1.0`).
    fn eq(&self, other: &Number) -> bool {
        match (&self.0, &other.0) {
            (N::PosInt(a), N::PosInt(b)) => a == b,
            (N::NegInt(a), N::NegInt(b)) => a == b,
            (N::Float(a), N::Float(b)) => a == b,
            (N::Big(a), N::Big(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        self.write(&mut text);
        f.write_str(&text)
    }
}

impl std::fmt::Debug for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Number {
                Number(N::PosInt(n as u64))
            }
        }
    )*};
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Number {
                if n < 0 {
                    Number(N::NegInt(n as i64))
                } else {
                    Number(N::PosInt(n as u64))
                }
            }
        }
    )*};
}

from_unsigned!(u8, u16, u32, u64, usize);
from_signed!(i8, i16, i32, i64, isize);

impl From<&serde_json::Number> for Number {
    fn from(n: &serde_json::Number) -> Number {
        if let Some(u) = n.as_u64() {
            Number(N::PosInt(u))
        } else if let Some(i) = n.as_i64() {
            Number::from(i)
        } else {
            Number(N::Float(n.as_f64().unwrap_or(0.0)))
        }
    }
}

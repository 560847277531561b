//! The Java behaviours that show through AWS's implementation: `Math.round`, `hashCode()` and
//! `HashMap` iteration order, `java.util.Random`, `Double.toString`. JSON values map to the Java
//! objects Jackson reads them as: `null`, `Boolean`, `Integer`/`Long`/`BigInteger`, `Double`,
//! `String`, `List`, `Map`.

use json_value::{Number, Value};

/// `Math.round(double)`: the nearest integer, halves toward positive infinity (2.5 → 3,
/// -2.5 → -2, -0.5 → 0); NaN is 0 and infinities saturate.
pub(super) fn round(x: f64) -> i64 {
    let floor = x.floor();
    let rounded = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    rounded as i64
}

/// `String.hashCode()`, over UTF-16 code units.
pub(super) fn string_hash(text: &str) -> i32 {
    text.encode_utf16().fold(0i32, |hash, unit| hash.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// `hashCode()` of the Java object Jackson reads `value` as. Recursive: callers bound the depth.
pub(super) fn hash_code(value: &Value) -> i32 {
    match value {
        Value::Null => 0,
        Value::Bool(true) => 1231,
        Value::Bool(false) => 1237,
        Value::Number(number) => number_hash(number),
        Value::String(text) => string_hash(text),
        Value::Array(items) => {
            items.iter().fold(1i32, |hash, item| hash.wrapping_mul(31).wrapping_add(hash_code(item)))
        }
        Value::Object(map) => {
            map.iter().fold(0i32, |hash, (key, item)| hash.wrapping_add(string_hash(key) ^ hash_code(item)))
        }
    }
}

fn number_hash(number: &Number) -> i32 {
    if let Some(integer) = number.as_i64() {
        match i32::try_from(integer) {
            Ok(small) => small,
            Err(_) => long_hash(integer as u64),
        }
    } else if let Some(big) = number.as_u64() {
        // BigInteger: 31 * high word + low word.
        ((big >> 32) as i32).wrapping_mul(31).wrapping_add(big as u32 as i32)
    } else {
        let float = number.as_f64().unwrap_or(0.0);
        let bits = if float.is_nan() { 0x7ff8_0000_0000_0000 } else { float.to_bits() };
        long_hash(bits)
    }
}

/// `Long.hashCode()` (also `Double.hashCode()` of the bits).
fn long_hash(bits: u64) -> i32 {
    (bits ^ (bits >> 32)) as u32 as i32
}

/// The bucket `HashMap` puts a key of this hash in, in a table of `capacity` (a power of two).
pub(super) fn bucket(hash: i32, capacity: usize) -> usize {
    let hash = hash as u32;
    ((hash ^ (hash >> 16)) as usize) & capacity.saturating_sub(1)
}

/// `HashMap.tableSizeFor`: the power of two at or above `n` (at least 1, at most 2^30).
fn table_size_for(n: usize) -> usize {
    n.clamp(1, 1 << 30).next_power_of_two()
}

/// How many entries a table of `capacity` holds before it doubles (load factor 0.75).
fn threshold(capacity: usize) -> usize {
    capacity / 4 * 3 + capacity % 4 * 3 / 4
}

/// The table a `HashMap` sizes itself to when it first receives `entries` entries at once.
fn presized(entries: usize) -> usize {
    table_size_for((entries as f32 / 0.75 + 1.0) as usize)
}

/// The table size of `new HashSet<>(list)` for a list of `len` items.
pub(super) fn hash_set_capacity(len: usize) -> usize {
    table_size_for(((len as f32 / 0.75) as usize).saturating_add(1).max(16))
}

/// The table size of a `HashMap` given all of `left` (`left_len` keys), then all of `right`
/// (`right_len` keys), ending with `merged_len` keys.
pub(super) fn merged_map_capacity(left_len: usize, right_len: usize, merged_len: usize) -> usize {
    let mut capacity = match (left_len, right_len) {
        (0, 0) => return 16,
        (0, right) => presized(right),
        (left, right) => {
            let capacity = presized(left);
            if right > threshold(capacity) {
                capacity * 2
            } else {
                capacity
            }
        }
    };
    while merged_len > threshold(capacity) && capacity < 1 << 30 {
        capacity *= 2;
    }
    capacity
}

/// `java.util.Random`: the 48-bit linear congruential generator.
pub(super) struct JavaRandom {
    seed: u64,
}

const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const MASK: u64 = (1 << 48) - 1;

impl JavaRandom {
    /// `new Random(seed)`.
    pub(super) fn new(seed: i64) -> JavaRandom {
        JavaRandom { seed: (seed as u64 ^ MULTIPLIER) & MASK }
    }

    fn next31(&mut self) -> i32 {
        self.seed = self.seed.wrapping_mul(MULTIPLIER).wrapping_add(0xB) & MASK;
        (self.seed >> 17) as i32
    }

    /// `nextInt(bound)` for `bound > 0`: uniform in `[0, bound)`.
    pub(super) fn next_int(&mut self, bound: i32) -> i32 {
        let bound = bound.max(1);
        let mask = bound - 1;
        let mut candidate = self.next31();
        if bound & mask == 0 {
            return ((i64::from(bound) * i64::from(candidate)) >> 31) as i32;
        }
        loop {
            let value = candidate % bound;
            if candidate.wrapping_sub(value).wrapping_add(mask) >= 0 {
                return value;
            }
            candidate = self.next31();
        }
    }
}

/// `Double.toString(double)`: shortest digits, plain between 10^-3 and 10^7 (`100.0`, `0.001`),
/// otherwise computerized scientific notation (`1.0E7`, `1.5E-4`).
pub(super) fn double_to_string(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into();
    }
    let magnitude = x.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        let plain = x.to_string();
        return if plain.contains('.') { plain } else { plain + ".0" };
    }
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mantissa = if mantissa.contains('.') { mantissa.to_owned() } else { format!("{mantissa}.0") };
    format!("{mantissa}E{exponent}")
}

/// The table size of a `new HashMap<>()` that received `len` keys one at a time (16, doubling
/// past three quarters full).
pub(super) fn grown_capacity(len: usize) -> usize {
    let mut capacity = 16;
    while len > threshold(capacity) && capacity < 1 << 30 {
        capacity *= 2;
    }
    capacity
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    #[test]
    fn math_round() {
        let cases = [(0.5, 1), (1.5, 2), (2.5, 3), (-0.5, 0), (-1.5, -1), (-2.5, -2), (1.49, 1)];
        for (x, want) in cases {
            assert_eq!(round(x), want, "{x}");
        }
        assert_eq!(round(0.499_999_999_999_999_94), 0);
        assert_eq!(round(f64::NAN), 0);
        assert_eq!(round(f64::INFINITY), i64::MAX);
    }

    #[test]
    fn hash_codes_match_java() {
        assert_eq!(string_hash("hello"), 99_162_322);
        assert_eq!(string_hash(""), 0);
        assert_eq!(hash_code(&json!([1, 2])), 994); // List.of(1, 2).hashCode()
        assert_eq!(hash_code(&json!({"a": 1})), 97 ^ 1);
        assert_eq!(hash_code(&json!({"a": 1, "b": 2})), hash_code(&json!({"b": 2, "a": 1})));
        assert_eq!(hash_code(&json!(-1)), -1);
        assert_eq!(hash_code(&json!(5_000_000_000i64)), long_hash(5_000_000_000));
        assert_eq!(hash_code(&json!(1.5)), 1_073_217_536); // Double.hashCode(1.5)
        assert_eq!(hash_code(&json!(true)), 1231);
    }

    #[test]
    fn table_sizes() {
        assert_eq!(hash_set_capacity(6), 16);
        assert_eq!(hash_set_capacity(12), 32);
        assert_eq!(presized(3), 8);
        assert_eq!(presized(1), 2);
        assert_eq!(threshold(2), 1);
        assert_eq!(threshold(16), 12);
        assert_eq!(merged_map_capacity(1, 1, 2), 4);
        assert_eq!(merged_map_capacity(3, 3, 4), 8);
        assert_eq!(merged_map_capacity(0, 0, 0), 16);
        assert_eq!(bucket(string_hash("constant_in_literal"), 16), 15);
    }

    #[test]
    fn java_random() {
        // new Random(42).nextInt(10) is 0: AWS's MathRandom(-5, 5, 42) gives -5.
        assert_eq!(JavaRandom::new(42).next_int(10), 0);
        assert_eq!(JavaRandom::new(42).next_int(99), 62);
        assert_eq!(JavaRandom::new(1).next_int(999), 105);
        assert_eq!(JavaRandom::new(7).next_int(8), JavaRandom::new(7).next_int(8));
    }

    #[test]
    fn doubles_print_like_java() {
        let cases = [
            (1.1, "1.1"),
            (100.0, "100.0"),
            (0.001, "0.001"),
            (1e7, "1.0E7"),
            (1.25e-4, "1.25E-4"),
            (-3.5, "-3.5"),
            (0.0, "0.0"),
            (123_456_789.5, "1.234567895E8"),
        ];
        for (x, want) in cases {
            assert_eq!(double_to_string(x), want);
        }
    }
}

//! The intrinsic for unique identifier generation: `States.UUID`.

use super::eval::{Eval, Problem};
use super::Call;
use crate::engine::rng::Rng;
use json_value::Value;

/// `States.UUID()`: a version 4 UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase)
/// from the execution's seeded generator.
pub(super) fn eval_uuid<P>(ev: &mut Eval<P>, _call: &Call<P>) -> Result<Value, Problem> {
    Ok(Value::from(uuid_v4(ev.rng)))
}

/// A random version 4 UUID.
pub(crate) fn uuid_v4(rng: &mut Rng) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
    bytes[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
    bytes[6] = bytes[6] & 0x0f | 0x40;
    bytes[8] = bytes[8] & 0x3f | 0x80;
    let hex = super::hash::hex(&bytes);
    let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or("");
    format!("{}-{}-{}-{}-{}", part(0..8), part(8..12), part(12..16), part(16..20), part(20..32))
}

#[cfg(test)]
mod tests {
    use super::uuid_v4;
    use crate::data::intrinsic::testing::{give, run_seeded};
    use crate::engine::rng::Rng;
    use json_value::json;

    fn is_v4(text: &str) -> bool {
        let groups: Vec<&str> = text.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let hex = text.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c));
        let variant = groups.get(3).and_then(|g| g.chars().next());
        lengths == [8, 4, 4, 4, 12]
            && hex
            && text.as_bytes().get(14) == Some(&b'4')
            && matches!(variant, Some('8' | '9' | 'a' | 'b'))
    }

    #[test]
    fn version_4_from_the_seed() {
        let mut rng = Rng::new(3);
        let (first, second) = (uuid_v4(&mut rng), uuid_v4(&mut rng));
        assert!(is_v4(&first) && is_v4(&second), "{first} {second}");
        assert_ne!(first, second);
        assert_eq!(uuid_v4(&mut Rng::new(3)), first);
        for seed in 0..100 {
            let got = run_seeded("States.UUID()", json!({}), seed).ok();
            assert!(got.as_ref().and_then(|v| v.as_str()).is_some_and(is_v4), "{got:?}");
        }
        give("States.UUID(1)", json!({}), Err("Invalid arguments in States.UUID"));
    }
}

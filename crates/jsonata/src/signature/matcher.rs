//! Matching the supplied-argument symbol string against the parameter list, as
//! the regex signature.js builds (`^(p1)(p2)...$`) would: greedy or lazy
//! quantifiers with backtracking, first match wins. Iterative and step-bounded,
//! so hostile signatures cannot exhaust the stack or loop for long.

use super::{Param, Quant};

/// Backtracking steps allowed for one match (a regex engine would not stop; a pathological
/// signature and argument list then simply fails to match).
const MAX_STEPS: usize = 100_000;

/// The lengths to try for parameter `p` at `pos`, in the regex's preference order.
fn options(p: &Param, s: &[char], pos: usize) -> Vec<usize> {
    let run = s[pos.min(s.len())..].iter().take_while(|c| p.set.contains(**c)).count();
    match (p.quant, run) {
        (Quant::One, 0) | (Quant::Plus, 0) | (Quant::PlusLazy, 0) => vec![],
        (Quant::One, _) => vec![1],
        (Quant::Optional, 0) | (Quant::OptionalLazy, 0) => vec![0],
        (Quant::Optional, _) => vec![1, 0],
        (Quant::OptionalLazy, _) => vec![0, 1],
        (Quant::Plus, n) => (1..=n).rev().collect(),
        (Quant::PlusLazy, n) => (1..=n).collect(),
    }
}

/// One backtracking level: the options of a parameter, the next to try, and its start.
struct Level {
    options: Vec<usize>,
    next: usize,
    start: usize,
}

/// Matches `params` against `s`; `anchored` requires consuming all of `s`.
/// Returns each parameter's matched range.
pub fn match_params(params: &[Param], s: &[char], anchored: bool) -> Option<Vec<(usize, usize)>> {
    let mut caps = vec![(0, 0); params.len()];
    let mut stack: Vec<Level> = Vec::new();
    let (mut i, mut pos, mut steps) = (0, 0, 0);
    loop {
        steps += 1;
        if steps > MAX_STEPS {
            return None;
        }
        if i == params.len() {
            if !anchored || pos == s.len() {
                return Some(caps);
            }
        } else {
            stack.push(Level { options: options(&params[i], s, pos), next: 0, start: pos });
        }
        (i, pos) = next_choice(&mut stack, &mut caps)?;
    }
}

/// Takes the next untried option, popping exhausted levels; `None` when none is left.
fn next_choice(stack: &mut Vec<Level>, caps: &mut [(usize, usize)]) -> Option<(usize, usize)> {
    loop {
        let level = stack.len().checked_sub(1)?;
        let top = &mut stack[level];
        if let Some(&len) = top.options.get(top.next) {
            top.next += 1;
            caps[level] = (top.start, top.start + len);
            return Some((level + 1, top.start + len));
        }
        stack.pop();
    }
}

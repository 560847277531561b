//! Borrowed documents as jsonata-js returns them. jsonata-js reads its input with `JSON.parse`,
//! so every number in a document it returns is a double, printed by `JSON.stringify`: `57.0`
//! comes back as `57`, `9007199254740993` as `9007199254740992`. A document returned (or placed
//! in a result) untouched is shared with the caller's, except for the arrays and objects that
//! hold such a number: those, and the containers above them, are rebuilt.

use super::convert::number;
use json_value::{Array, Map, Number, Value as Json};

/// `j` as `JSON.parse` would have read it: shared when every number in it already is a double's
/// JSON form (one pass, no recursion, nothing allocated for such documents).
pub fn as_parsed(j: &Json) -> Json {
    rebuild(j).unwrap_or_else(|| j.clone())
}

/// Whether a number is printed as the double it is read as (an integer within ±2^53, or a
/// fractional or very large double).
fn is_parsed_form(n: &Number) -> bool {
    match n.as_i64() {
        Some(i) => i.unsigned_abs() <= 1 << 53,
        None => n.is_f64() && number(n.as_f64_lossy()) == *n,
    }
}

/// A step of the rebuild.
enum Step<'j> {
    Enter(&'j Json),
    Array(&'j Array),
    Object(&'j Map),
}

/// The rebuilt document, or `None` when nothing in it changes. Post-order: each value leaves
/// `None` (unchanged) or its replacement on `done`; a container with a replaced member is rebuilt
/// around its other members, which stay shared.
fn rebuild(root: &Json) -> Option<Json> {
    let mut work = vec![Step::Enter(root)];
    let mut done: Vec<Option<Json>> = Vec::new();
    while let Some(step) = work.pop() {
        match step {
            Step::Enter(Json::Array(a)) => {
                work.push(Step::Array(a));
                work.extend(a.iter().rev().map(Step::Enter));
            }
            Step::Enter(Json::Object(m)) => {
                work.push(Step::Object(m));
                work.extend(m.values().rev().map(Step::Enter));
            }
            Step::Enter(Json::Number(n)) if !is_parsed_form(n) => {
                done.push(Some(Json::Number(number(n.as_f64_lossy()))));
            }
            Step::Enter(_) => done.push(None),
            Step::Array(a) => {
                let members = done.split_off(done.len().saturating_sub(a.len()));
                done.push(changed(members).map(|m| Json::from(kept(a.iter(), m))));
            }
            Step::Object(o) => {
                let members = done.split_off(done.len().saturating_sub(o.len()));
                let values = changed(members).map(|m| kept(o.values(), m));
                done.push(values.map(|v| Json::Object(o.keys().cloned().zip(v).collect())));
            }
        }
    }
    done.pop().flatten()
}

/// The members' replacements, when any member changed.
fn changed(members: Vec<Option<Json>>) -> Option<Vec<Option<Json>>> {
    members.iter().any(Option::is_some).then_some(members)
}

/// Each original member, or its replacement.
fn kept<'j>(originals: impl Iterator<Item = &'j Json>, replacements: Vec<Option<Json>>) -> Vec<Json> {
    originals.zip(replacements).map(|(original, new)| new.unwrap_or_else(|| original.clone())).collect()
}

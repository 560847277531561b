//! Transform expressions `| pattern | update, delete |` and `$clone`.

use super::frame::Frame;
use super::{Evaluator, R};
use crate::error::Error;
use crate::number::to_precision;
use crate::parser::ast::TransformParts;
use crate::signature::json_of;
use crate::value::{flags, too_deep, ObjMap, Value};

/// `functionClone`: `JSON.parse($string(arg))` as a deep copy with the same effects
/// (numbers through `toPrecision(15)`, functions as `""`, undefined dropped).
pub fn deep_clone<'a>(v: &Value<'a>, depth: usize, max: usize, work: &mut u64) -> R<'a> {
    *work += 1;
    if depth > max {
        return Err(too_deep(max));
    }
    Ok(match v {
        Value::Number(n) => clone_number(*n)?,
        Value::Function(_) => Value::string(""),
        Value::Array(_) if depth == 0 && v.has_flag(flags::OUTER_WRAPPER) => deep_clone(&v.at(0), depth, max, work)?,
        v if v.is_array() => {
            let mut items = Vec::with_capacity(v.len());
            for item in v.members() {
                let c = deep_clone(&item, depth + 1, max, work)?;
                items.push(if c.is_undefined() { Value::Null } else { c });
            }
            Value::array(items, 0)
        }
        v if v.is_object() => clone_object(v, depth, max, work)?,
        Value::String(s) => Value::string(&**s),
        other => other.clone(),
    })
}

/// A number after the `toPrecision(15)` replacer and a JSON round trip.
fn clone_number<'a>(n: f64) -> R<'a> {
    if n.is_infinite() {
        return Err(Error::new("D1001").value_json(Some("null".into())));
    }
    Ok(match to_precision(n, 15).parse::<f64>() {
        Ok(x) if x.is_finite() => Value::Number(x),
        _ => Value::Null,
    })
}

fn clone_object<'a>(v: &Value<'a>, depth: usize, max: usize, work: &mut u64) -> R<'a> {
    let mut map = ObjMap::new();
    for (k, item) in v.entries() {
        let c = deep_clone(&item, depth + 1, max, work)?;
        if !c.is_undefined() {
            map.insert(&k, c);
        }
    }
    Ok(Value::object(map))
}

impl<'a> Evaluator<'a, '_> {
    /// The transformer function of `evaluateTransformExpression`.
    #[inline(never)]
    pub fn transform(&mut self, parts: &TransformParts, obj: Value<'a>, env: &Frame<'a>) -> R<'a> {
        if obj.is_undefined() {
            return Ok(Value::Undefined);
        }
        let clone_fn = self.lookup(env, "clone");
        if !clone_fn.is_function() {
            return Err(Error::new("T2013").at(parts.position));
        }
        let result = self.apply(&clone_fn, vec![obj], &Value::Null, env)?;
        let matches = self.evaluate(&parts.pattern, &result, env)?;
        if matches.is_undefined() {
            return Ok(result);
        }
        let matches = if matches.is_array() { matches.members() } else { vec![matches] };
        for m in matches {
            self.apply_update(parts, &m, env)?;
            self.apply_delete(parts, &m, env)?;
        }
        Ok(result)
    }

    fn apply_update(&mut self, parts: &TransformParts, m: &Value<'a>, env: &Frame<'a>) -> Result<(), Error> {
        let update = self.evaluate(&parts.update, m, env)?;
        if update.is_undefined() {
            return Ok(());
        }
        if !update.is_object() {
            return Err(Error::new("T2011").at(parts.update.position).value_json(json_of(&update)));
        }
        if let Value::Object(target) = m {
            for (k, v) in update.entries() {
                target.map.borrow_mut().insert(&k, v);
            }
        }
        Ok(())
    }

    fn apply_delete(&mut self, parts: &TransformParts, m: &Value<'a>, env: &Frame<'a>) -> Result<(), Error> {
        let Some(delete) = &parts.delete else {
            return Ok(());
        };
        let deletions = self.evaluate(delete, m, env)?;
        if deletions.is_undefined() {
            return Ok(());
        }
        let list = if deletions.is_array() { deletions.members() } else { vec![deletions.clone()] };
        if !list.iter().all(Value::is_string) {
            return Err(Error::new("T2012").at(delete.position).value_json(json_of(&deletions)));
        }
        if let Value::Object(target) = m {
            for k in list {
                target.map.borrow_mut().remove(k.as_str().unwrap_or_default());
            }
        }
        Ok(())
    }
}

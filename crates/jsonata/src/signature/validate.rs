//! Argument validation against a signature (`validate(args, context)` and
//! `throwValidationError` of signature.js).

use super::matcher::match_params;
use super::{json_of, plural, symbol, Param, Signature};
use crate::error::Error;
use crate::value::Value;

impl Signature {
    /// Validates arguments, substituting the context value for missing `-`
    /// parameters and wrapping non-arrays for `a` parameters.
    pub fn validate<'a>(&self, args: &[Value<'a>], context: &Value<'a>) -> Result<Vec<Value<'a>>, Error> {
        let supplied: Vec<char> = args.iter().map(symbol).collect();
        let Some(caps) = match_params(&self.params, &supplied, true) else {
            return Err(self.validation_error(args, &supplied));
        };
        let mut validated = Vec::new();
        let mut arg_index = 0;
        for (p, &(s, e)) in self.params.iter().zip(caps.iter()) {
            if s == e {
                validated.push(missing_arg(p, args, context, &mut arg_index)?);
                continue;
            }
            let matched: String = supplied[s..e].iter().collect();
            // jsonata-js reads `arg` once per parameter; only `a` parameters re-read it per match
            let first = args.get(arg_index).cloned().unwrap_or_default();
            for single in supplied[s..e].iter() {
                let arg = args.get(arg_index).cloned().unwrap_or_default();
                let v = if p.kind == "a" { array_arg(p, *single, &matched, arg, arg_index)? } else { first.clone() };
                validated.push(v);
                arg_index += 1;
            }
        }
        Ok(validated)
    }

    /// `throwValidationError`: the first argument that breaks the match.
    fn validation_error(&self, args: &[Value<'_>], supplied: &[char]) -> Error {
        let mut good_to = 0;
        for index in 0..self.params.len() {
            match match_params(&self.params[..=index], supplied, false) {
                None => break,
                Some(caps) => good_to = caps.last().map(|c| c.1).unwrap_or(0),
            }
        }
        let bad = args.get(good_to).cloned().unwrap_or_default();
        Error::new("T0410").value_json(json_of(&bad)).index(good_to + 1)
    }
}

/// A parameter that matched nothing: the context value (for `-`) or the missing argument.
fn missing_arg<'a>(
    p: &Param,
    args: &[Value<'a>],
    context: &Value<'a>,
    arg_index: &mut usize,
) -> Result<Value<'a>, Error> {
    if p.context {
        if !p.context_set.contains(symbol(context)) {
            return Err(Error::new("T0411").value_json(json_of(context)).index(*arg_index + 1));
        }
        return Ok(context.clone());
    }
    *arg_index += 1;
    Ok(args.get(*arg_index - 1).cloned().unwrap_or_default())
}

/// An `a` argument: check the subtype (T0412) and wrap a non-array.
fn array_arg<'a>(p: &Param, single: char, matched: &str, arg: Value<'a>, idx: usize) -> Result<Value<'a>, Error> {
    if single == 'm' {
        return Ok(Value::Undefined);
    }
    if !subtype_ok(p, single, matched, &arg) {
        let mut e = Error::new("T0412").value_json(json_of(&arg)).index(idx + 1);
        e.type_name = p.subtype.as_deref().and_then(plural).map(String::from);
        return Err(e);
    }
    if single != 'a' {
        return Ok(Value::array(vec![arg], 0));
    }
    Ok(arg)
}

fn subtype_ok(p: &Param, single: char, matched: &str, arg: &Value<'_>) -> bool {
    let Some(sub) = &p.subtype else { return true };
    if single != 'a' {
        return matched == sub;
    }
    if arg.is_empty() {
        return true;
    }
    let item_type = symbol(&arg.at(0));
    sub.starts_with(item_type) && arg.members().iter().all(|v| symbol(v) == item_type)
}

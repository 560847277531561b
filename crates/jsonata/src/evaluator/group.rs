//! Object constructors and group-by: `evaluateGroupExpression` and `reduceTupleStream`.

use super::frame::Frame;
use super::tuple::frame_from_tuple;
use super::{Evaluator, R};
use crate::error::Error;
use crate::functions::append;
use crate::parser::ast::{Group, Node};
use crate::signature::json_of;
use crate::value::{array_index, flags, ObjMap, Str, Value};

/// Up to this many pairs an object constructor keeps its keys on the stack.
const SMALL_GROUP: usize = 8;

/// Sets `key` in `map`, sharing the key's string when it has one.
fn insert_key<'a>(map: &mut ObjMap<'a>, key: &Str<'a>, value: Value<'a>) {
    match key {
        Str::Owned(shared) => map.insert_shared(shared, value),
        Str::Borrowed(text) => map.insert(text, value),
    }
}

struct Entry<'a> {
    data: Value<'a>,
    expr_index: usize,
}

/// `reduceTupleStream`: merge a group of tuples into one tuple.
fn reduce_tuple_stream<'a>(stream: &Value<'a>) -> ObjMap<'a> {
    let mut result = ObjMap::new();
    if !stream.is_array() {
        for (k, v) in stream.entries() {
            result.insert(&k, v);
        }
        return result;
    }
    let members = stream.members();
    if let Some(first) = members.first() {
        for (k, v) in first.entries() {
            result.insert(&k, v);
        }
    }
    for t in members.iter().skip(1) {
        for (k, v) in t.entries() {
            let cur = result.get(&k).cloned().unwrap_or_default();
            result.insert(&k, append(cur, v));
        }
    }
    result
}

impl<'a> Evaluator<'a, '_> {
    /// `evaluateGroupExpression(expr, input, environment)`.
    #[inline(never)]
    pub fn evaluate_group(&mut self, expr: &Group, input: Value<'a>, env: &Frame<'a>) -> R<'a> {
        let reduce = input.has_flag(flags::TUPLE_STREAM);
        if !reduce && !input.is_array() {
            return self.single_group(expr, &input, env);
        }
        let mut items = if input.is_array() { input.members() } else { vec![input] };
        if items.is_empty() {
            items.push(Value::Undefined);
        }
        if let (false, [item]) = (reduce, items.as_slice()) {
            return self.single_group(expr, item, env);
        }
        let mut keys: Vec<String> = Vec::new();
        let mut groups: std::collections::BTreeMap<String, Entry<'a>> = std::collections::BTreeMap::new();
        for item in &items {
            let item_env = if reduce { frame_from_tuple(env, item) } else { env.clone() };
            let context = if reduce { item.get("@") } else { item.clone() };
            for (pair_index, pair) in expr.pairs.iter().enumerate() {
                let key = self.evaluate(&pair.0, &context, &item_env)?;
                let key = match key {
                    Value::Undefined => continue,
                    Value::String(s) => s.to_string(),
                    other => return Err(Error::new("T1003").at(expr.position).value_json(json_of(&other))),
                };
                match groups.get_mut(&key) {
                    Some(entry) => {
                        if entry.expr_index != pair_index {
                            return Err(Error::new("D1009").at(expr.position).value_str(&key));
                        }
                        entry.data = append(std::mem::take(&mut entry.data), item.clone());
                    }
                    None => {
                        keys.push(key.clone());
                        groups.insert(key, Entry { data: item.clone(), expr_index: pair_index });
                    }
                }
            }
        }
        self.group_values(expr, keys, groups, reduce, env)
    }

    /// `evaluateGroupExpression` over one item, not a tuple stream (an object constructor
    /// applied to one value, the usual case): each pair's key evaluated once, so a key met twice
    /// is two pairs' (D1009); the values evaluated in JavaScript's key order, as the general case
    /// does, without its grouping maps.
    fn single_group(&mut self, expr: &Group, item: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        if expr.pairs.len() > SMALL_GROUP {
            return self.keyed_group(expr, item, env);
        }
        // The keys, kept on the stack: most object constructors have a few pairs.
        let mut keys: [Option<(Str<'a>, usize)>; SMALL_GROUP] = std::array::from_fn(|_| None);
        let mut count = 0;
        for (pair_index, pair) in expr.pairs.iter().enumerate() {
            let Some(key) = self.group_key(expr, &pair.0, item, env)? else { continue };
            if keys[..count].iter().flatten().any(|(known, _)| **known == *key) {
                return Err(Error::new("D1009").at(expr.position).value_str(&key));
            }
            keys[count] = Some((key, pair_index));
            count += 1;
        }
        let integer_like = keys[..count].iter().flatten().any(|(key, _)| array_index(key).is_some());
        let keys = keys[..count].iter_mut().filter_map(Option::take);
        if integer_like {
            // `Object.keys` puts integer-like keys first: the general order.
            let mut order = ObjMap::with_capacity(count);
            keys.for_each(|(key, index)| insert_key(&mut order, &key, Value::Number(index as f64)));
            return self.group_in_key_order(expr, &order, item, env);
        }
        self.group_pairs(expr, keys.map(|(k, i)| (k, Some(i as f64))), item, env)
    }

    /// [`Self::single_group`] with many pairs: the keys in a map, in `Object.keys` order.
    fn keyed_group(&mut self, expr: &Group, item: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        let mut order = ObjMap::with_capacity(expr.pairs.len()); // key → the pair's index
        for (pair_index, pair) in expr.pairs.iter().enumerate() {
            let Some(key) = self.group_key(expr, &pair.0, item, env)? else { continue };
            if order.contains_key(&key) {
                return Err(Error::new("D1009").at(expr.position).value_str(&key));
            }
            insert_key(&mut order, &key, Value::Number(pair_index as f64));
        }
        self.group_in_key_order(expr, &order, item, env)
    }

    /// The object of the pairs' values, `order` mapping each key to its pair's index in
    /// `Object.keys` order.
    fn group_in_key_order(&mut self, expr: &Group, order: &ObjMap<'a>, item: &Value<'a>, env: &Frame<'a>) -> R<'a> {
        self.group_pairs(expr, order.iter().map(|(k, i)| (Str::Owned(k.clone()), i.as_f64())), item, env)
    }

    /// A pair's key: a string, or `None` when it is undefined (the pair is left out).
    fn group_key(
        &mut self,
        expr: &Group,
        key: &Node,
        item: &Value<'a>,
        env: &Frame<'a>,
    ) -> Result<Option<Str<'a>>, Error> {
        match self.evaluate(key, item, env)? {
            Value::Undefined => Ok(None),
            Value::String(s) => Ok(Some(s)),
            other => Err(Error::new("T1003").at(expr.position).value_json(json_of(&other))),
        }
    }

    /// The object of the pairs' values, evaluated in the keys' order.
    fn group_pairs(
        &mut self,
        expr: &Group,
        keys: impl Iterator<Item = (Str<'a>, Option<f64>)>,
        item: &Value<'a>,
        env: &Frame<'a>,
    ) -> R<'a> {
        let mut result = ObjMap::with_capacity(expr.pairs.len());
        for (key, index) in keys {
            let Some(pair) = index.and_then(|i| expr.pairs.get(i as usize)) else { continue };
            let value = self.evaluate(&pair.1, item, env)?;
            if !value.is_undefined() {
                insert_key(&mut result, &key, value);
            }
        }
        Ok(Value::object(result))
    }

    fn group_values(
        &mut self,
        expr: &Group,
        keys: Vec<String>,
        mut groups: std::collections::BTreeMap<String, Entry<'a>>,
        reduce: bool,
        env: &Frame<'a>,
    ) -> R<'a> {
        // JS iterates `Object.keys(groups)`: integer-like keys first
        let mut order = ObjMap::new();
        for k in &keys {
            order.insert(k, Value::Undefined);
        }
        let mut result = ObjMap::new();
        for (key, _) in order.iter() {
            let Some(entry) = groups.remove(&**key) else {
                continue;
            };
            let (context, item_env) = if reduce {
                let mut tuple = reduce_tuple_stream(&entry.data);
                let context = tuple.remove("@").unwrap_or_default();
                (context, frame_from_tuple(env, &Value::object(tuple)))
            } else {
                (entry.data, env.clone())
            };
            let value = self.evaluate(&expr.pairs[entry.expr_index].1, &context, &item_env)?;
            if !value.is_undefined() {
                result.insert_shared(key, value);
            }
        }
        Ok(Value::object(result))
    }
}

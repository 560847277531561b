//! JSON values whose clones share structure: strings, arrays and objects are reference counted,
//! so copying a 256 KiB document into a history event, a stage slot or a Map iteration costs a
//! pointer, and changing one member of an object copies only that object's table of members.
//! Each array and object knows its compact JSON size and its depth once asked (cached), so the
//! engine checks AWS's 256 KiB payload limit and the nesting limit in constant time for values it
//! has seen before. Dropping, serializing and measuring never recurse, so no value, however deep,
//! can overflow the stack.
//!
//! The counts are `Rc`, not `Arc`: a value belongs to one thread (the engine runs on one, natively
//! and in its Worker), and an atomic count costs ~8 ns per clone or drop on this project's
//! machines, where a state transition makes many. Send a value to another thread as JSON.
//!
//! The API follows `serde_json::Value` where it can (`get`, `as_str`, `pointer`, indexing), so
//! code reads the same; [`Value::from`] and [`Value::to_serde`] convert at the boundaries.
//!
//! ```
//! use json_value::{json, Value};
//! let order = json!({"id": "A1", "lines": [1, 2, 3]});
//! let mut copy = order.clone();                       // shares everything
//! copy.as_object_mut().unwrap().insert("paid", Value::Bool(true));
//! assert_eq!(order["lines"], copy["lines"]);           // still the same array
//! assert_eq!(copy.to_string(), r#"{"id":"A1","lines":[1,2,3],"paid":true}"#);
//! assert_eq!(copy.json_len(), copy.to_string().len());
//! ```

mod array;
mod convert;
mod members;
mod meta;
mod number;
mod object;
mod parse;
mod serde_impl;
pub mod wire;
mod write;

use std::rc::Rc;

pub use array::Array;
pub use number::Number;
pub use object::{Iter, Map};
pub use parse::{from_str, from_str_with, ParseError, ParseOptions};
pub use write::{escaped_len, to_string_prefix, to_string_pretty, write_compact, write_string};

/// A JSON value.
#[derive(Clone, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (shared).
    String(Rc<str>),
    /// An array (shared; copied on write).
    Array(Array),
    /// An object with its members in insertion order (shared; copied on write).
    Object(Map),
}

/// Builds a [`Value`] from JSON syntax, as `serde_json::json!` does.
#[macro_export]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::Value::from(::serde_json::json!($($json)+))
    };
}

/// Builds an object from `"key" => value` pairs without going through `serde` (each value is
/// anything [`Value::from`] takes, a [`Value`] included, and is moved, not copied). The names are
/// [`key!`]s: made once per call site, shared by every object built there.
#[macro_export]
macro_rules! object {
    ($($key:literal => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut map = $crate::Map::with_capacity(<[&str]>::len(&[$($key),*]));
        $( map.insert($crate::key!($key), $crate::Value::from($value)); )*
        $crate::Value::Object(map)
    }};
}

/// A member name written in the code, as a shared string made on first use (one per thread): the
/// objects the engine builds again and again (event details, `$$`) share their names instead of
/// copying them.
///
/// ```
/// let a = json_value::Map::from_iter([(json_value::key!("Name"), json_value::Value::Null)]);
/// assert_eq!(a.keys().next().map(|k| &**k), Some("Name"));
/// ```
#[macro_export]
macro_rules! key {
    ($name:literal) => {{
        ::std::thread_local! {
            static KEY: ::std::rc::Rc<str> = ::std::rc::Rc::from($name);
        }
        KEY.with(::std::rc::Rc::clone)
    }};
}

impl Value {
    /// A string value.
    pub fn string(text: impl Into<Rc<str>>) -> Value {
        Value::String(text.into())
    }

    /// `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// A number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// A string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// An array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// Whether it is an array or an object.
    pub(crate) fn is_container(&self) -> bool {
        matches!(self, Value::Array(_) | Value::Object(_))
    }

    /// An object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// A number that is an integer fitting in `i64`.
    pub fn is_i64(&self) -> bool {
        self.as_number().is_some_and(Number::is_i64)
    }

    /// A number that is a non-negative integer fitting in `u64`.
    pub fn is_u64(&self) -> bool {
        self.as_number().is_some_and(Number::is_u64)
    }

    /// A number stored as a double.
    pub fn is_f64(&self) -> bool {
        self.as_number().is_some_and(Number::is_f64)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as a double, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::as_f64_lossy)
    }

    /// The number as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as a `u64`, if it is a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The array, for changing (copied first if it is shared).
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(items) => Some(items.make_mut()),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The object, for changing (its table of members is copied first if it is shared).
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// A member of an object (`"key"`) or an element of an array (`3`).
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    /// The value an RFC 6901 JSON pointer designates.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut target = self;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            target = match target {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(target)
    }

    /// Takes the value out, leaving `null`.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }

    /// Whether both are the very same shared array or object (or equal scalars): a cheap test
    /// that implies equality.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Array(a), Value::Array(b)) => a.ptr_eq(b),
            (Value::Object(a), Value::Object(b)) => a.ptr_eq(b),
            (Value::String(a), Value::String(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The length in bytes of this value's compact JSON text (cached for arrays and objects).
    pub fn json_len(&self) -> usize {
        meta::of(self).len
    }

    /// How deeply arrays and objects nest in this value (0 for a scalar, 1 for `[]`).
    pub fn depth(&self) -> usize {
        meta::of(self).depth as usize
    }

    /// [`Value::json_len_and_depth`] when it costs no walk: a scalar's, or what an array or
    /// object cached (`None`: not measured yet).
    pub fn cached_len_and_depth(&self) -> Option<(usize, usize)> {
        meta::cached(self).map(|meta| (meta.len, meta.depth as usize))
    }

    /// [`Value::json_len`] and [`Value::depth`] at once (both are cached together).
    pub fn json_len_and_depth(&self) -> (usize, usize) {
        let meta = meta::of(self);
        (meta.len, meta.depth as usize)
    }

    /// The compact JSON text.
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(self.json_len());
        write_compact(self, &mut out);
        out
    }

    /// The same value as a `serde_json::Value` (a deep copy; for boundaries only).
    pub fn to_serde(&self) -> serde_json::Value {
        convert::to_serde(self)
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        convert::equal(self, other)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<i64> for Value {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<f64> for Value {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.into())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text.into())
    }
}

impl From<Rc<str>> for Value {
    fn from(text: Rc<str>) -> Value {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::Array(Array::from(items))
    }
}

impl From<Option<String>> for Value {
    /// The text, or `null`.
    fn from(text: Option<String>) -> Value {
        text.map_or(Value::Null, Value::from)
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::Object(map)
    }
}

impl<T: Into<Number>> From<T> for Value {
    fn from(n: T) -> Value {
        Value::Number(n.into())
    }
}

impl FromIterator<Value> for Value {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Value {
        Value::from(iter.into_iter().collect::<Vec<Value>>())
    }
}

/// What can index a [`Value`]: a member name or an element position.
pub trait Index {
    /// The value at this index, if any.
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value>;
}

impl Index for str {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        value.as_object().and_then(|map| map.get(self))
    }
}

impl Index for &str {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        (**self).index_into(value)
    }
}

impl Index for String {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(value)
    }
}

impl Index for usize {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        value.as_array().and_then(|items| items.get(*self))
    }
}

impl std::ops::IndexMut<&str> for Value {
    /// The member `key`, inserted as `null` when missing; `null` itself becomes an object first
    /// (as `serde_json` does). Any other value is replaced by an object.
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if !self.is_object() {
            *self = Value::Object(Map::new());
        }
        match self {
            Value::Object(map) => map.get_or_insert_with(key, || Value::Null),
            _ => unreachable_null(),
        }
    }
}

/// Never reached (the value was just made an object); kept panic-free all the same.
fn unreachable_null() -> &'static mut Value {
    Box::leak(Box::new(Value::Null))
}

const NULL: &Value = &Value::Null;

impl<I: Index> std::ops::Index<I> for Value {
    type Output = Value;

    /// The member or element, or `null` when there is none (as `serde_json` indexes).
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(NULL)
    }
}

#[cfg(test)]
mod tests;

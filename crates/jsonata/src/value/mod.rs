//! The evaluator's value model: JavaScript values as jsonata-js sees them,
//! with a variant that borrows the caller's `json_value::Value` lazily.

mod convert;
mod document;
mod drop;
mod function;
mod object;

pub use convert::{from_json_owned, number_to_json, stringify, to_json, too_deep, StringifyOptions};
pub use function::{Function, FunctionKind, HostFn, Lambda, LambdaBody, RegexValue};
pub use object::{array_index, ObjMap};

use json_value::Value as Json;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

/// A JSONata value (a JavaScript value as jsonata-js manipulates it).
#[derive(Clone, Default)]
pub enum Value<'a> {
    /// JavaScript `undefined` (no value).
    #[default]
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An IEEE double.
    Number(f64),
    /// A string (owned or borrowed from the input).
    String(Str<'a>),
    /// An array or sequence built during evaluation.
    Array(Rc<Array<'a>>),
    /// An object built during evaluation.
    Object(Rc<Object<'a>>),
    /// An array or object borrowed from the caller's document, navigated lazily.
    Json(&'a Json),
    /// A function: lambda, built-in, host function, regex or transform.
    Function(Rc<Function<'a>>),
}

/// A string that is either shared-owned or borrowed from the input document.
#[derive(Clone)]
pub enum Str<'a> {
    /// Owned, reference counted.
    Owned(Rc<str>),
    /// Borrowed from the input.
    Borrowed(&'a str),
}

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Str::Owned(s) => s,
            Str::Borrowed(s) => s,
        }
    }
}

/// Flags jsonata-js attaches to arrays.
pub mod flags {
    /// `sequence`: a result sequence rather than a JSON array.
    pub const SEQUENCE: u8 = 1;
    /// `keepSingleton`: do not unwrap a one-item sequence.
    pub const KEEP_SINGLETON: u8 = 2;
    /// `cons`: built by an array constructor.
    pub const CONS: u8 = 4;
    /// `outerWrapper`: wraps an input array.
    pub const OUTER_WRAPPER: u8 = 8;
    /// `tupleStream`: a stream of binding tuples.
    pub const TUPLE_STREAM: u8 = 16;
}

/// An array with jsonata-js's sequence flags.
#[derive(Default)]
pub struct Array<'a> {
    /// The members.
    pub items: Vec<Value<'a>>,
    flags: Cell<u8>,
}

impl<'a> Array<'a> {
    /// An array with the given members and flags.
    pub fn new(items: Vec<Value<'a>>, flags: u8) -> Self {
        Array { items, flags: Cell::new(flags) }
    }
    /// Whether a flag is set.
    pub fn has(&self, flag: u8) -> bool {
        self.flags.get() & flag != 0
    }
    /// Sets a flag (arrays are shared; flags are mutable as in JS).
    pub fn set(&self, flag: u8) {
        self.flags.set(self.flags.get() | flag);
    }
    /// The raw flags.
    pub fn flags(&self) -> u8 {
        self.flags.get()
    }
}

/// A mutable object (JS objects are shared and mutable; transforms rely on it).
#[derive(Default)]
pub struct Object<'a> {
    /// The properties.
    pub map: RefCell<ObjMap<'a>>,
}

impl<'a> Value<'a> {
    /// Wraps a borrowed JSON value without copying arrays, objects or strings. A number is
    /// read as the nearest double, as `JSON.parse` reads it (integers beyond 2^53 included).
    pub fn from_json(v: &'a Json) -> Self {
        match v {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.as_f64_lossy()),
            Json::String(s) => Value::String(Str::Borrowed(s)),
            Json::Array(_) | Json::Object(_) => Value::Json(v),
        }
    }

    /// An owned string value.
    pub fn string(s: impl Into<Rc<str>>) -> Self {
        Value::String(Str::Owned(s.into()))
    }

    /// A new array with flags.
    pub fn array(items: Vec<Value<'a>>, flags: u8) -> Self {
        Value::Array(Rc::new(Array::new(items, flags)))
    }

    /// A new sequence (`createSequence`).
    pub fn sequence(items: Vec<Value<'a>>) -> Self {
        Value::array(items, flags::SEQUENCE)
    }

    /// A new object.
    pub fn object(map: ObjMap<'a>) -> Self {
        Value::Object(Rc::new(Object { map: RefCell::new(map) }))
    }

    /// `typeof v === 'undefined'`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// `Array.isArray(v)`.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_) | Value::Json(Json::Array(_)))
    }

    /// A non-null, non-array object (not a function).
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_) | Value::Json(Json::Object(_)))
    }

    /// `isFunction` of utils.js.
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Function(_))
    }

    /// Array flags (0 for JSON arrays and non-arrays).
    pub fn flags(&self) -> u8 {
        match self {
            Value::Array(a) => a.flags(),
            _ => 0,
        }
    }

    /// Whether an array flag is set.
    pub fn has_flag(&self, flag: u8) -> bool {
        self.flags() & flag != 0
    }

    /// `isSequence` of utils.js.
    pub fn is_sequence(&self) -> bool {
        self.has_flag(flags::SEQUENCE)
    }

    /// Length of an array (0 for non-arrays).
    pub fn len(&self) -> usize {
        match self {
            Value::Array(a) => a.items.len(),
            Value::Json(Json::Array(a)) => a.len(),
            _ => 0,
        }
    }

    /// Whether an array is empty (true for non-arrays).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `arr[i]` (undefined when out of range or not an array).
    pub fn at(&self, i: usize) -> Value<'a> {
        match self {
            Value::Array(a) => a.items.get(i).cloned().unwrap_or_default(),
            Value::Json(Json::Array(a)) => a.get(i).map(Value::from_json).unwrap_or_default(),
            _ => Value::Undefined,
        }
    }

    /// The members of an array, one at a time (none for non-arrays): [`Value::members`]
    /// without collecting them into a new vector.
    pub fn members_iter(&self) -> impl Iterator<Item = Value<'a>> + '_ {
        let (items, json) = match self {
            Value::Array(a) => (Some(a.items.iter().cloned()), None),
            Value::Json(Json::Array(a)) => (None, Some(a.iter().map(Value::from_json))),
            _ => (None, None),
        };
        items.into_iter().flatten().chain(json.into_iter().flatten())
    }

    /// How many members [`Value::members_iter`] gives (0 for non-arrays).
    pub fn members_len(&self) -> usize {
        match self {
            Value::Array(a) => a.items.len(),
            Value::Json(Json::Array(a)) => a.len(),
            _ => 0,
        }
    }

    /// The members of an array (empty for non-arrays).
    pub fn members(&self) -> Vec<Value<'a>> {
        match self {
            Value::Array(a) => a.items.clone(),
            Value::Json(Json::Array(a)) => a.iter().map(Value::from_json).collect(),
            _ => Vec::new(),
        }
    }

    /// Property lookup on an object (`obj[key]`; undefined if absent).
    pub fn get(&self, key: &str) -> Value<'a> {
        match self {
            Value::Object(o) => o.map.borrow().get(key).cloned().unwrap_or_default(),
            Value::Json(Json::Object(m)) => m.get(key).map(Value::from_json).unwrap_or_default(),
            _ => Value::Undefined,
        }
    }

    /// `Object.keys(obj)` in JS order.
    pub fn keys(&self) -> Vec<Str<'a>> {
        self.entries().into_iter().map(|(k, _)| k).collect()
    }

    /// The entries of an object in JS property order.
    /// Keys of borrowed objects are borrowed too (nothing is copied).
    pub fn entries(&self) -> Vec<(Str<'a>, Value<'a>)> {
        match self {
            Value::Object(o) => o.map.borrow().iter().map(|(k, v)| (Str::Owned(k.clone()), v.clone())).collect(),
            Value::Json(Json::Object(m)) => {
                let mut e: Vec<(Str<'a>, Value<'a>)> =
                    m.iter().map(|(k, v)| (Str::Borrowed(k), Value::from_json(v))).collect();
                if e.iter().any(|(k, _)| array_index(k).is_some()) {
                    let rank = |k: &str| array_index(k).map(|n| n as u64).unwrap_or(u64::MAX);
                    e.sort_by_key(|(k, _)| rank(k));
                }
                e
            }
            _ => Vec::new(),
        }
    }

    /// Number of own properties of an object.
    pub fn object_len(&self) -> usize {
        match self {
            Value::Object(o) => o.map.borrow().len(),
            Value::Json(Json::Object(m)) => m.len(),
            _ => 0,
        }
    }

    /// Whether the object has the key.
    pub fn has_key(&self, key: &str) -> bool {
        match self {
            Value::Object(o) => o.map.borrow().contains_key(key),
            Value::Json(Json::Object(m)) => m.contains_key(key),
            _ => false,
        }
    }

    /// `typeof` as JavaScript reports it (functions are "function").
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null | Value::Array(_) | Value::Object(_) | Value::Json(_) => "object",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Function(_) => "function",
        }
    }

    /// JavaScript `===` (identity for arrays, objects and functions).
    pub fn strict_equals(&self, other: &Value<'_>) -> bool {
        fn same<T, U>(a: &Rc<T>, b: &Rc<U>) -> bool {
            std::ptr::eq(Rc::as_ptr(a) as *const u8, Rc::as_ptr(b) as *const u8)
        }
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => **a == **b,
            (Value::Array(a), Value::Array(b)) => same(a, b),
            (Value::Object(a), Value::Object(b)) => same(a, b),
            (Value::Json(a), Value::Json(b)) => std::ptr::eq(*a, *b),
            (Value::Function(a), Value::Function(b)) => same(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Undefined => write!(f, "undefined"),
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{}", crate::number::to_js_string(*n)),
            Value::String(s) => write!(f, "{:?}", &**s),
            Value::Array(a) => f.debug_list().entries(a.items.iter()).finish(),
            Value::Object(o) => f.debug_map().entries(o.map.borrow().iter()).finish(),
            Value::Json(j) => write!(f, "{j}"),
            Value::Function(_) => write!(f, "<function>"),
        }
    }
}

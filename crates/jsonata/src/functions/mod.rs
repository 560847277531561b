//! The built-in function library (functions.js, datetime.js entry points and
//! the functions jsonata.js registers), with their signatures.

mod aggregate;
mod encoding;
mod format_number;
mod hof;
mod misc;
pub(crate) mod numeric;
mod objects;
mod regexfns;
mod strings;

pub use misc::{boolean, is_array_of_numbers, is_array_of_strings, is_numeric, js_truthy};
pub use objects::append;
pub use strings::string;

use crate::error::Error;
use crate::evaluator::frame::Frame;
use crate::evaluator::Evaluator;
use crate::signature::Signature;
use crate::value::Value;
use std::sync::OnceLock;

/// The `this` of a built-in call: the context value and environment (`focus`).
pub struct Call<'a> {
    /// The context value (`this.input`).
    pub input: Value<'a>,
    /// The calling environment (`this.environment`).
    pub env: Frame<'a>,
}

/// Implementation of a built-in function.
pub type Imp = for<'a, 'e, 'x> fn(&'x mut Evaluator<'a, 'e>, &'x [Value<'a>], &'x Call<'a>) -> Result<Value<'a>, Error>;

/// A built-in function definition (`defineFunction(impl, signature)`).
pub struct Builtin {
    /// Name without `$`.
    pub name: &'static str,
    /// Signature definition.
    pub sig: &'static str,
    /// `implementation.length` in jsonata-js (the arity higher-order functions see).
    pub arity: usize,
    /// Number of declared parameters (`getNativeFunctionArguments`).
    pub params: usize,
    /// The implementation.
    pub imp: Imp,
    parsed: OnceLock<Signature>,
}

impl Builtin {
    /// The parsed signature.
    pub fn signature(&self) -> &Signature {
        self.parsed.get_or_init(|| match Signature::parse(self.sig) {
            Ok(s) => s,
            Err(_) => Signature::parse("<x*>").unwrap_or_else(|_| unreachable_signature()),
        })
    }
}

fn unreachable_signature() -> Signature {
    match Signature::parse("<>") {
        Ok(s) => s,
        Err(_) => unreachable_signature(),
    }
}

const fn b(name: &'static str, sig: &'static str, arity: usize, params: usize, imp: Imp) -> Builtin {
    Builtin { name, sig, arity, params, imp, parsed: OnceLock::new() }
}

/// `arg[i]` or undefined.
pub fn arg<'a>(args: &[Value<'a>], i: usize) -> Value<'a> {
    args.get(i).cloned().unwrap_or_default()
}

/// JS `<` on strings (UTF-16 order).
pub fn compare_strings(a: &str, b: &str) -> std::cmp::Ordering {
    crate::jsstr::compare_utf16(a, b)
}

static BUILTINS: [Builtin; 65] = [
    b("sum", "<a<n>:n>", 1, 1, aggregate::sum),
    b("count", "<a:n>", 1, 1, aggregate::count),
    b("max", "<a<n>:n>", 1, 1, aggregate::max),
    b("min", "<a<n>:n>", 1, 1, aggregate::min),
    b("average", "<a<n>:n>", 1, 1, aggregate::average),
    b("string", "<x-b?:s>", 1, 2, strings::string_fn),
    b("substring", "<s-nn?:s>", 3, 3, strings::substring),
    b("substringBefore", "<s-s:s>", 2, 2, strings::substring_before),
    b("substringAfter", "<s-s:s>", 2, 2, strings::substring_after),
    b("lowercase", "<s-:s>", 1, 1, strings::lowercase),
    b("uppercase", "<s-:s>", 1, 1, strings::uppercase),
    b("length", "<s-:n>", 1, 1, strings::length),
    b("trim", "<s-:s>", 1, 1, strings::trim),
    b("pad", "<s-ns?:s>", 3, 3, strings::pad),
    b("match", "<s-f<s:o>n?:a<o>>", 3, 3, regexfns::match_fn),
    b("contains", "<s-(sf):b>", 2, 2, regexfns::contains),
    b("replace", "<s-(sf)(sf)n?:s>", 4, 4, regexfns::replace),
    b("split", "<s-(sf)n?:a<s>>", 3, 3, regexfns::split),
    b("join", "<a<s>s?:s>", 2, 2, strings::join),
    b("formatNumber", "<n-so?:s>", 3, 3, format_number::format_number),
    b("formatBase", "<n-n?:s>", 2, 2, numeric::format_base),
    b("formatInteger", "<n-s:s>", 2, 2, crate::datetime::format_integer_fn),
    b("parseInteger", "<s-s:n>", 2, 2, crate::datetime::parse_integer_fn),
    b("number", "<(nsb)-:n>", 1, 1, numeric::number),
    b("floor", "<n-:n>", 1, 1, numeric::floor),
    b("ceil", "<n-:n>", 1, 1, numeric::ceil),
    b("round", "<n-n?:n>", 2, 2, numeric::round_fn),
    b("abs", "<n-:n>", 1, 1, numeric::abs),
    b("sqrt", "<n-:n>", 1, 1, numeric::sqrt),
    b("power", "<n-n:n>", 2, 2, numeric::power),
    b("random", "<:n>", 0, 0, numeric::random),
    b("boolean", "<x-:b>", 1, 1, misc::boolean_fn),
    b("not", "<x-:b>", 1, 1, misc::not),
    b("map", "<af>", 2, 2, hof::map),
    b("zip", "<a+>", 0, 0, hof::zip),
    b("filter", "<af>", 2, 2, hof::filter),
    b("single", "<af?>", 2, 2, hof::single),
    b("reduce", "<afj?:j>", 3, 3, hof::fold_left),
    b("sift", "<o-f?:o>", 2, 2, hof::sift),
    b("keys", "<x-:a<s>>", 1, 1, objects::keys),
    b("lookup", "<x-s:x>", 2, 2, objects::lookup),
    b("append", "<xx:a>", 2, 2, objects::append_fn),
    b("exists", "<x:b>", 1, 1, misc::exists),
    b("spread", "<x-:a<o>>", 1, 1, objects::spread),
    b("merge", "<a<o>:o>", 1, 1, objects::merge),
    b("reverse", "<a:a>", 1, 1, objects::reverse),
    b("each", "<o-f:a>", 2, 2, hof::each),
    b("error", "<s?:x>", 1, 1, misc::error),
    b("assert", "<bs?:x>", 2, 2, misc::assert),
    b("type", "<x:s>", 1, 1, misc::type_fn),
    b("sort", "<af?:a>", 2, 2, objects::sort),
    b("shuffle", "<a:a>", 1, 1, objects::shuffle),
    b("distinct", "<x:x>", 1, 1, objects::distinct),
    b("base64encode", "<s-:s>", 1, 1, encoding::base64encode),
    b("base64decode", "<s-:s>", 1, 1, encoding::base64decode),
    b("encodeUrlComponent", "<s-:s>", 1, 1, encoding::encode_url_component),
    b("encodeUrl", "<s-:s>", 1, 1, encoding::encode_url),
    b("decodeUrlComponent", "<s-:s>", 1, 1, encoding::decode_url_component),
    b("decodeUrl", "<s-:s>", 1, 1, encoding::decode_url),
    b("eval", "<sx?:x>", 2, 2, misc::eval),
    b("toMillis", "<s-s?:n>", 2, 2, crate::datetime::to_millis_fn),
    b("fromMillis", "<n-s?s?:s>", 3, 3, crate::datetime::from_millis_fn),
    b("clone", "<(oa)-:o>", 1, 1, misc::clone),
    b("now", "<s?s?:s>", 2, 2, crate::datetime::now_fn),
    b("millis", "<:n>", 0, 0, crate::datetime::millis_fn),
];

/// Finds a built-in by name (the static frame of jsonata.js).
pub fn lookup_builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

//! Testing one item against a filter, after Jayway's `PredicatePathToken.accept`, its
//! `ValueNode` classes and `EvaluatorFactory`. What a comparison sees of each side:
//! a string, a number, a boolean, `null`, a JSON array or object, or "undefined" (a path
//! that reaches nothing). Jayway's rules kept here:
//! - `==` compares numbers by value, and a number equals a string that reads as it
//!   (`1 == '1'`); `===` also wants the same kind; anything against undefined is unequal, so
//!   `!=` holds for a missing member;
//! - `<`, `<=`, `>`, `>=` order two numbers or two strings (by UTF-16 units), else are false;
//! - `in`, `nin`, `subsetof`, `anyof`, `noneof` want arrays; on another kind of value the
//!   whole filter fails for that item (Jayway's `InvalidPathException`);
//! - `size` compares a string's or an array's length; `empty` wants `true` or `false`;
//! - a lone path holds when it reaches something, even `null`.

use std::borrow::Cow;
use std::cmp::Ordering;

use json_value::{Number, Value};

use super::eval::{read, Fault};
use super::filter::{parse_number, Expr, Operand, Operator};
use super::step::Query;

/// Whether `item` passes the filter `expr`; `doc` is what `$` names inside it. An invalid
/// comparison fails the item, not the evaluation (Jayway catches `InvalidPathException`).
pub(crate) fn accept(expr: &Expr, item: &Value, doc: &Value) -> Result<bool, Fault> {
    match test(expr, item, doc) {
        Err(Fault::Fatal(message)) => Err(Fault::Fatal(message)),
        Err(Fault::Limit(message)) => Err(Fault::Limit(message)),
        Err(_) => Ok(false),
        Ok(passed) => Ok(passed),
    }
}

/// The condition's truth for `item`; the parser bounds the nesting, so the recursion too.
fn test(expr: &Expr, item: &Value, doc: &Value) -> Result<bool, Fault> {
    match expr {
        Expr::Or(terms) => {
            for term in terms {
                if test(term, item, doc)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Expr::And(terms) => {
            for term in terms {
                if !test(term, item, doc)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Expr::Not(inner) => Ok(!test(inner, item, doc)?),
        Expr::Exists { query, expected } => Ok(exists(query, item, doc)? == *expected),
        Expr::Compare { left, op, right } => {
            let left = operand(left, item, doc)?;
            let right = operand(right, item, doc)?;
            op.evaluate(left.as_deref(), right.as_deref())
        }
    }
}

/// The node a filter path starts from: the item for `@`, the document for `$`.
fn start<'a>(query: &Query, item: &'a Value, doc: &'a Value) -> &'a Value {
    if query.at_item {
        item
    } else {
        doc
    }
}

/// One side's value; `None` is Jayway's undefined (the path reaches nothing).
fn operand<'a>(side: &'a Operand, item: &'a Value, doc: &'a Value) -> Result<Option<Cow<'a, Value>>, Fault> {
    match side {
        Operand::Literal(value) => Ok(Some(Cow::Borrowed(value))),
        Operand::Query(query) => match read(query, start(query, item, doc), doc, false) {
            Ok(value) => Ok(Some(value)),
            Err(Fault::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        },
    }
}

/// Whether a lone path reaches something, read with Jayway's `REQUIRE_PROPERTIES` (any
/// missing member on the way means no); an indefinite path must reach at least one node.
fn exists(query: &Query, item: &Value, doc: &Value) -> Result<bool, Fault> {
    match read(query, start(query, item, doc), doc, true) {
        Ok(value) => Ok(query.is_definite() || !matches!(&*value, Value::Array(items) if items.is_empty())),
        Err(Fault::NotFound(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

impl Operator {
    /// Jayway's evaluator for this operator; `None` is undefined.
    pub(crate) fn evaluate(self, left: Option<&Value>, right: Option<&Value>) -> Result<bool, Fault> {
        let holds = match self {
            Operator::Eq => equals(left, right),
            Operator::Ne => !equals(left, right),
            Operator::TypedEq => kind(left) == kind(right) && equals(left, right),
            Operator::TypedNe => !(kind(left) == kind(right) && equals(left, right)),
            Operator::Lt => order(left, right).is_some_and(Ordering::is_lt),
            Operator::Le => order(left, right).is_some_and(Ordering::is_le),
            Operator::Gt => order(left, right).is_some_and(Ordering::is_gt),
            Operator::Ge => order(left, right).is_some_and(Ordering::is_ge),
            Operator::In => list(right)?.is_some_and(|items| contains(items, left)),
            Operator::Nin => !list(right)?.is_some_and(|items| contains(items, left)),
            Operator::SubsetOf => lists(left, right)?.is_some_and(|(l, r)| l.iter().all(|x| contains(r, Some(x)))),
            Operator::AnyOf => lists(left, right)?.is_some_and(|(l, r)| l.iter().any(|x| contains(r, Some(x)))),
            Operator::NoneOf => lists(left, right)?.is_some_and(|(l, r)| !l.iter().any(|x| contains(r, Some(x)))),
            Operator::Size => size(left, right),
            Operator::Empty => empty(left, right)?,
            Operator::Contains => contains_operator(left, right),
        };
        Ok(holds)
    }
}

/// Jayway's `ValueNode` class of a value, for `===`.
fn kind(value: Option<&Value>) -> u8 {
    match value {
        None => 0,
        Some(Value::String(_)) => 1,
        Some(Value::Number(_)) => 2,
        Some(Value::Bool(_)) => 3,
        Some(Value::Null) => 4,
        Some(Value::Array(_) | Value::Object(_)) => 5,
    }
}

/// Jayway's `==`: `left.equals(right)` of the two value nodes.
fn equals(left: Option<&Value>, right: Option<&Value>) -> bool {
    let (Some(left), Some(right)) = (left, right) else {
        return false;
    };
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b) == Some(Ordering::Equal),
        (Value::Number(a), Value::String(s)) => {
            number_in(s).is_some_and(|b| compare_numbers(a, &b) == Some(Ordering::Equal))
        }
        (Value::String(s), Value::Number(n)) => **s == n.to_string(),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Null, Value::Null) => true,
        (Value::Array(_) | Value::Object(_), Value::Array(_) | Value::Object(_)) => left == right,
        _ => false,
    }
}

/// The number a string spells (Jayway's `new BigDecimal(string)`), if it is one.
fn number_in(text: &str) -> Option<Number> {
    let numeric = |b: u8| b.is_ascii_digit() || b"+-.eE".contains(&b);
    if text.is_empty() || !text.bytes().all(numeric) {
        return None;
    }
    match parse_number(text)? {
        Value::Number(number) => Some(number),
        _ => None,
    }
}

/// Orders two numbers exactly when both are integers, else as doubles.
fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    let integer = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (integer(a), integer(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// The order of two numbers or two strings (Java's `String.compareTo`, by UTF-16 units).
fn order(left: Option<&Value>, right: Option<&Value>) -> Option<Ordering> {
    match (left?, right?) {
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b),
        (Value::String(a), Value::String(b)) => Some(a.encode_utf16().cmp(b.encode_utf16())),
        _ => None,
    }
}

/// The elements of an array operand: `None` for an object (Jayway's undefined list), an
/// invalid-path fault for anything else.
fn list(value: Option<&Value>) -> Result<Option<&[Value]>, Fault> {
    match value {
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(Value::Object(_)) => Ok(None),
        _ => Err(Fault::Invalid("Expected value list node".to_string())),
    }
}

/// The elements of both sides.
type Pair<'v> = (&'v [Value], &'v [Value]);

/// Both sides as lists, for `subsetof`, `anyof` and `noneof`.
fn lists<'v>(left: Option<&'v Value>, right: Option<&'v Value>) -> Result<Option<Pair<'v>>, Fault> {
    let right = list(right)?;
    let left = list(left)?;
    Ok(left.zip(right))
}

/// Whether some element equals `needle` (Java's `List.contains`, `needle.equals(element)`).
fn contains(items: &[Value], needle: Option<&Value>) -> bool {
    items.iter().any(|item| equals(needle, Some(item)))
}

/// `size`: a string's length in UTF-16 units or an array's length against a number.
fn size(left: Option<&Value>, right: Option<&Value>) -> bool {
    let Some(Value::Number(expected)) = right else {
        return false;
    };
    // Jayway reads the number with `BigDecimal.intValue()`, which truncates.
    let expected = expected.as_i64().or_else(|| expected.as_f64().map(|f| f.trunc() as i64));
    let actual = match left {
        Some(Value::String(text)) => text.encode_utf16().count() as i64,
        Some(Value::Array(items)) => items.len() as i64,
        Some(Value::Object(_)) => -1,
        _ => return false,
    };
    expected == Some(actual)
}

/// `empty`: whether a string, array or object is empty, against `true` or `false`.
fn empty(left: Option<&Value>, right: Option<&Value>) -> Result<bool, Fault> {
    let is_empty = match left {
        Some(Value::String(text)) => text.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(members)) => members.is_empty(),
        _ => return Ok(false),
    };
    match right {
        Some(Value::Bool(expected)) => Ok(is_empty == *expected),
        _ => Err(Fault::Invalid("Expected boolean node".to_string())),
    }
}

/// `contains`: a substring of a string, or an element of an array.
fn contains_operator(left: Option<&Value>, right: Option<&Value>) -> bool {
    match (left, right) {
        (Some(Value::String(text)), Some(Value::String(part))) => text.contains(&**part),
        (Some(Value::Array(items)), _) => contains(items, right),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use json_value::{json, Value};

    use super::super::Path;

    /// `path` evaluated on `input` gives `expected` (a value or an error message).
    fn give(path: &str, input: Value, expected: Result<Value, &str>) {
        let parsed = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(parsed.eval(&input).map_err(|e| e.message), expected.map_err(String::from), "{path}");
    }

    /// The store of Jayway's README.
    fn store() -> Value {
        json!({"store": {"book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
        ], "bicycle": {"color": "red", "price": 19.95}}, "expensive": 10})
    }

    #[test]
    fn jayway_readme_examples() {
        give(
            "$.store.book[*].author",
            store(),
            Ok(json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])),
        );
        give("$..author", store(), Ok(json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])));
        give("$.store..price", store(), Ok(json!([8.95, 12.99, 8.99, 22.99, 19.95])));
        give("$..book[2].title", store(), Ok(json!(["Moby Dick"])));
        give("$..book[-2].title", store(), Ok(json!(["Moby Dick"])));
        give("$..book[0,1].price", store(), Ok(json!([8.95, 12.99])));
        give("$..book[-2:].price", store(), Ok(json!([8.99, 22.99])));
        give("$..book[?(@.isbn)].title", store(), Ok(json!(["Moby Dick", "The Lord of the Rings"])));
        give("$.store.book[?(@.price < 10)].title", store(), Ok(json!(["Sayings of the Century", "Moby Dick"])));
        give("$..book[?(@.price <= $['expensive'])].price", store(), Ok(json!([8.95, 8.99])));
        give("$.store.book.length()", store(), Ok(json!(4)));
    }

    #[test]
    fn logic() {
        give("$..book[?(!@.isbn)].price", store(), Ok(json!([8.95, 12.99])));
        give("$..book[?(@.category == 'fiction' && @.price > 20)].price", store(), Ok(json!([22.99])));
        give("$..book[?(@.category == 'reference' || @.price > 20)].price", store(), Ok(json!([8.95, 22.99])));
        give("$..book[?(!(@.price < 10))].price", store(), Ok(json!([12.99, 22.99])));
        give("$..book[?((@.price < 9 || @.price > 20) && @.isbn)].price", store(), Ok(json!([8.99, 22.99])));
        give("$..book[?(@.price>20)].price", store(), Ok(json!([22.99])));
        give("$..book[?(!!@.isbn)].price", store(), Ok(json!([8.99, 22.99])));
        // Jayway FilterCompiler: a `!` before a compared path is dropped.
        give("$..book[?(!@.price == 8.95)].price", store(), Ok(json!([8.95])));
    }

    #[test]
    fn equality_follows_jayway_value_nodes() {
        let items = json!([{"x": 1}, {"x": "1"}, {"x": 1.0}, {"x": null}, {"x": true}, {}, {"x": [1]}]);
        give("$[?(@.x == 1)]", items.clone(), Ok(json!([{"x": 1}, {"x": "1"}, {"x": 1.0}])));
        give("$[?(@.x == '1')]", items.clone(), Ok(json!([{"x": 1}, {"x": "1"}, {"x": 1.0}])));
        give("$[?(@.x === '1')]", items.clone(), Ok(json!([{"x": "1"}])));
        give("$[?(@.x !== 1)]", items.clone(), Ok(json!([{"x": "1"}, {"x": null}, {"x": true}, {}, {"x": [1]}])));
        give("$[?(@.x == null)]", items.clone(), Ok(json!([{"x": null}])));
        give("$[?(@.x == true)]", items.clone(), Ok(json!([{"x": true}])));
        give("$[?(@.x == [1])]", items.clone(), Ok(json!([{"x": [1]}])));
        // Jayway: `!=` holds when the member is missing (undefined equals nothing).
        give("$[?(@.x != 1)]", items.clone(), Ok(json!([{"x": null}, {"x": true}, {}, {"x": [1]}])));
        give("$[?(@.x)]", items, Ok(json!([{"x": 1}, {"x": "1"}, {"x": 1.0}, {"x": null}, {"x": true}, {"x": [1]}])));
        give("$[?(@.o == {'k': 'v'})].n", json!([{"o": {"k": "v"}, "n": 1}, {"o": {}, "n": 2}]), Ok(json!([1])));
        give("$[?(@.a.b == -1.5)].n", json!([{"a": {"b": -1.5}, "n": 1}, {"a": 3, "n": 2}]), Ok(json!([1])));
    }

    #[test]
    fn ordering() {
        give("$[?(@ > 1)]", json!([1, 2, 3, "4"]), Ok(json!([2, 3])));
        give("$[?(@ >= 'b')]", json!(["a", "b", "c", 5]), Ok(json!(["b", "c"])));
        give(
            "$[?(@ < 9007199254740993)]",
            json!([9007199254740992_u64, 9007199254740993_u64]),
            Ok(json!([9007199254740992_u64])),
        );
        give("$[?(@.n <= 2e0)].n", json!([{"n": 1}, {"n": 2.0}, {"n": 3}]), Ok(json!([1, 2.0])));
    }

    #[test]
    fn word_operators() {
        let items = json!([{"t": ["a", "b"], "s": "abc"}, {"t": [], "s": ""}, {"t": ["z"], "s": "z"}]);
        give("$[?(@.s in ['abc', 'z'])].s", items.clone(), Ok(json!(["abc", "z"])));
        give("$[?(@.s nin ['abc', 'z'])].s", items.clone(), Ok(json!([""])));
        give("$[?(@.t contains 'a')].s", items.clone(), Ok(json!(["abc"])));
        give("$[?(@.s contains 'b')].s", items.clone(), Ok(json!(["abc"])));
        give("$[?(@.t size 2)].s", items.clone(), Ok(json!(["abc"])));
        give("$[?(@.s SIZE 3)].s", items.clone(), Ok(json!(["abc"])));
        give("$[?(@.t empty true)].s", items.clone(), Ok(json!([""])));
        give("$[?(@.s empty false)].s", items.clone(), Ok(json!(["abc", "z"])));
        give("$[?(@.t subsetof ['a', 'b', 'c'])].s", items.clone(), Ok(json!(["abc", ""])));
        give("$[?(@.t anyof ['z', 'b'])].s", items.clone(), Ok(json!(["abc", "z"])));
        give("$[?(@.t noneof ['z', 'b'])].s", items.clone(), Ok(json!([""])));
        // Jayway: a non-list operand is an InvalidPathException, so the item fails either way.
        give("$[?(@.s in 'abc')].s", items.clone(), Ok(json!([])));
        give("$[?(@.s nin 'abc')].s", items.clone(), Ok(json!([])));
        give("$[?(@.t empty 1)].s", items, Ok(json!([])));
    }

    #[test]
    fn nested_and_document_paths() {
        let doc = json!({"limit": 2, "rows": [{"v": [1, 5]}, {"v": [1]}, {"v": 3}], "obj": {"a": 1}});
        give("$.rows[?(@.v[?(@ > 2)])].v", doc.clone(), Ok(json!([[1, 5]])));
        give("$.rows[?(@.v.length() >= $.limit)].v", doc.clone(), Ok(json!([[1, 5]])));
        give("$.rows[?(@.v[0] == 1)].v", doc.clone(), Ok(json!([[1, 5], [1]])));
        // Jayway PredicatePathToken: on an object the filter tests the object itself.
        give("$.obj[?(@.a == 1)]", doc.clone(), Ok(json!([{"a": 1}])));
        give("$.obj[?(@.a == 2)]", doc, Ok(json!([])));
        give("$[?(@.x)]", json!([1, "x", null]), Ok(json!([])));
    }

    #[test]
    fn function_errors_end_the_evaluation() {
        let rows = json!([{"v": [1]}, {"v": []}]);
        give("$[?(@.v.sum() > 0)]", rows, Err("Aggregation function attempted to calculate value using empty array"));
    }
}

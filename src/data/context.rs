//! `$$`, the context object, as paths read it. A host that can give the value at a path of
//! member names without building the whole object does (the engine answers `$$.Map.Item.Index`
//! for each of 10,000 items from the item itself); the object is built only for a path that
//! needs it whole (`$$`, a wildcard, a filter) or names something it lacks, so every error is
//! worded from the whole object, as before.

use json_value::Value;

use super::path::Path;

/// The context object a path with the root `$$` reads.
pub trait ContextObject {
    /// The whole object (a lazy host builds it here, once).
    fn whole(&self) -> &Value;

    /// The value at `path` (rooted at `$$`) when this host knows it without building the
    /// whole object; `None`: read it in [`ContextObject::whole`]. Must agree with `whole`.
    fn at(&self, _path: &Path) -> Option<Value> {
        None
    }
}

/// A context object already built (tests, and hosts that have one).
impl ContextObject for Value {
    fn whole(&self) -> &Value {
        self
    }
}

/// The value `names` lead to through nested objects inside `value`, cloned; `None` when a
/// name is missing or meets something other than an object (the path's own evaluation then
/// says why, in Jayway's words).
pub fn member_at<'n>(value: &Value, names: impl IntoIterator<Item = &'n str>) -> Option<Value> {
    let mut current = value;
    for name in names {
        current = current.as_object()?.get(name)?;
    }
    Some(current.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    #[test]
    fn member_at_agrees_with_the_paths_evaluation_where_it_answers() {
        let context = json!({"Execution": {"Id": "arn:1", "Input": {"a": [1]}}, "Map": {"Item": {"Index": 2}}});
        for text in ["$$", "$$.Execution", "$$.Execution.Id", "$$.Execution.Input.a", "$$.Map.Item.Index"] {
            let path = Path::parse(text).expect("a path");
            let names: Vec<&str> = path.member_names().expect("member names").collect();
            assert_eq!(member_at(&context, names).as_ref(), path.eval(&context).ok().as_ref(), "{text}");
        }
        for text in ["$$.Task.Token", "$$.Execution.Id.x", "$$.Execution.Input.a.b"] {
            let path = Path::parse(text).expect("a path");
            let names: Vec<&str> = path.member_names().expect("member names").collect();
            assert_eq!(member_at(&context, names), None, "{text}");
        }
    }

    #[test]
    fn only_paths_of_member_names_have_them() {
        for text in ["$$.Execution[0]", "$$.*", "$$..Id", "$$.Map['Item','x']", "$$.Execution.Input.length()"] {
            assert!(Path::parse(text).expect("a path").member_names().is_none(), "{text}");
        }
    }
}

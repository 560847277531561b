//! The deep scan, `..target` (Jayway's `ScanPathToken`): the target step is tried on every
//! object and array under the scanned node, the node included, in Jayway's order (a node,
//! then the subtrees of its children). The walk keeps its own stack, so a deep document
//! cannot overflow the thread's.

use std::borrow::Cow;

use json_value::Value;

use super::eval::{children, At, Fault, Reader};
use super::predicate::accept;
use super::step::Step;

/// What a scan and its target step reached.
pub(super) enum Reached<'a> {
    /// Nodes for the next steps.
    Nodes(Vec<&'a Value>),
    /// Objects merged by a last `['a','b']`: the final results.
    Merged(Vec<Cow<'a, Value>>),
}

impl<'a> Reader<'_, 'a> {
    /// `..target` from each of `nodes`; `at` is where the target step sits.
    pub(super) fn scan_step(&self, nodes: &[&'a Value], target: Option<&Step>, at: At) -> Result<Reached<'a>, Fault> {
        let Some(target) = target else {
            return Ok(Reached::Nodes(Vec::new()));
        };
        let matched = self.scan(nodes, target, at)?;
        match target {
            Step::Names(names) if at.leaf => self.merge_all(&matched, names, at).map(Reached::Merged),
            _ => self.apply_scanned(&matched, target, at).map(Reached::Nodes),
        }
    }

    /// `..target`: the objects and arrays under each start node, the start included, in
    /// Jayway's order (a node, then its children's subtrees), that the target could apply to.
    fn scan(&self, starts: &[&'a Value], target: &Step, at: At) -> Result<Vec<&'a Value>, Fault> {
        let mut matched = Vec::new();
        for start in starts {
            let mut stack = vec![*start];
            while let Some(node) = stack.pop() {
                self.spend(1)?;
                if !(node.is_object() || node.is_array()) {
                    continue;
                }
                if self.scan_matches(target, node, at)? {
                    matched.push(node);
                }
                let before = stack.len();
                stack.extend(children(node).filter(|c| c.is_object() || c.is_array()));
                stack.get_mut(before..).unwrap_or_default().reverse();
            }
        }
        Ok(matched)
    }

    /// Jayway's scan predicates: which nodes the target step is tried on.
    fn scan_matches(&self, target: &Step, node: &Value, at: At) -> Result<bool, Fault> {
        Ok(match target {
            Step::Name(name) => node.as_object().is_some_and(|m| m.contains_key(name)),
            Step::Names(names) => node.as_object().is_some_and(|m| !at.leaf || names.iter().all(|n| m.contains_key(n))),
            Step::Index(_) | Step::Indices(_) | Step::Slice(..) => node.is_array(),
            Step::Wildcard => true,
            Step::Filter(expr) => accept(expr, node, self.doc)?,
            Step::Scan | Step::Function(_) => false,
        })
    }

    /// The target applied to the scanned nodes. Jayway's `walkArray` quirk: when the target is
    /// not the leaf, an array that matched yields all its elements (so `$..[0].a` reads `.a`
    /// of every element).
    fn apply_scanned(&self, matched: &[&'a Value], target: &Step, at: At) -> Result<Vec<&'a Value>, Fault> {
        let mut out = Vec::new();
        for node in matched {
            match node {
                Value::Array(items) if !at.leaf => out.extend(items.iter()),
                _ => self.apply(target, node, at, &mut out)?,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use json_value::{json, Value};

    use super::super::test_support::give;
    use super::super::Path;

    #[test]
    fn deep_scan_keeps_jayway_order() {
        give("$..x", json!({"x": 1, "a": {"x": 2, "b": [{"x": 3}]}}), Ok(json!([1, 2, 3])));
        give("$..x", json!({"a": {"x": 2}, "x": 1}), Ok(json!([1, 2])));
        give("$..[0]", json!({"a": [1, [2, 3]], "b": [4]}), Ok(json!([1, 2, 4])));
        give("$..*", json!({"a": {"b": 1}, "c": [2]}), Ok(json!([{"b": 1}, [2], 1, 2])));
        give("$..missing", json!({"a": [1]}), Ok(json!([])));
        give("$.a..b", json!({"a": {"b": 1}, "b": 2}), Ok(json!([1])));
        give("$..a.b", json!({"a": {"b": 1}, "c": {"a": 5}}), Ok(json!([1])));
        give("$..['a','b']", json!({"a": 1, "b": 2, "c": {"a": 3}}), Ok(json!([{"a": 1, "b": 2}])));
        // Jayway ScanPathToken.walkArray: a matched array feeds all its elements onwards.
        give("$..[0].v", json!({"a": [{"v": 1}, {"v": 2}]}), Ok(json!([1, 2])));
        give(
            "$..[?(@.v > 1)]",
            json!({"a": [{"v": 1}, {"v": 2}], "v": 3}),
            Ok(json!([{"a": [{"v": 1}, {"v": 2}], "v": 3}, {"v": 2}])),
        );
    }

    // `$..a` twelve times over a 157-byte document once used gigabytes (its results grow as
    // the binomial of its depth); the walk is bounded.
    #[test]
    fn repeated_deep_scans_stop_at_the_visit_budget() {
        let mut doc = json!(1);
        for _ in 0..26 {
            doc = json!({"a": doc});
        }
        assert!(doc.json_len() < 160);
        let path = Path::parse(&"$".chain_scans(12)).expect("valid");
        let found = path.eval(&doc);
        assert!(matches!(&found, Err(e) if e.message.contains("visits more than 10000000 values")), "{found:?}");
        assert_eq!(
            Path::parse("$..a..a").map(|p| p.eval(&doc).map(|v| v.as_array().map(|a| a.len()))),
            Ok(Ok(Some(325)))
        );
    }

    trait Chain {
        fn chain_scans(&self, n: usize) -> String;
    }

    impl Chain for str {
        fn chain_scans(&self, n: usize) -> String {
            format!("{self}{}", "..a".repeat(n))
        }
    }

    #[test]
    fn deep_documents_do_not_overflow() {
        let mut doc = json!({"x": 1});
        for _ in 0..100_000 {
            let mut wrapper = json_value::Map::new();
            wrapper.insert("a", Value::from(vec![doc]));
            doc = Value::Object(wrapper);
        }
        let found = Path::parse("$..x").map(|p| p.eval(&doc));
        let filtered = Path::parse("$..[?(@.x == 1)].x").map(|p| p.eval(&doc));
        drop(doc); // without recursion (json_value drops iteratively)
        assert_eq!(found, Ok(Ok(json!([1]))));
        assert_eq!(filtered, Ok(Ok(json!([1]))));
    }
}

//! The parsed form of a path: a root and its steps, named after Jayway's path tokens, with
//! Jayway's normalized text (`$['a'][0]`) and its rule for which paths are definite.

use super::filter::Expr;
use super::function::Function;

/// The steps after a root (`$` or `@`), as parsed once from the path text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    /// `@` (the item a filter tests) rather than `$` (the document).
    pub(crate) at_item: bool,
    /// The steps, in order; empty for `$` alone.
    pub(crate) steps: Vec<Step>,
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// `.name`, `['name']`: one member of an object.
    Name(String),
    /// `['a','b']`: at the leaf, an object made of those members (Jayway's "merge" case).
    Names(Vec<String>),
    /// `[0]`, `[-1]`: one element, counted from the end when negative.
    Index(i32),
    /// `[0,2]`: several elements.
    Indices(Vec<i32>),
    /// `[1:3]`, `[:2]`, `[-2:]`: a run of elements (start, end).
    Slice(Option<i32>, Option<i32>),
    /// `.*`, `[*]`: every member or element.
    Wildcard,
    /// `..`: the deep scan; the parser always puts another step after it.
    Scan,
    /// `[?(…)]`: the elements (or the object itself) that pass a filter.
    Filter(Box<Expr>),
    /// `.length()` and friends; the parser only allows it last.
    Function(Function),
}

impl Query {
    /// `$` or `@`, as Jayway prints the root.
    pub(crate) fn root_char(&self) -> char {
        if self.at_item {
            '@'
        } else {
            '$'
        }
    }

    /// Jayway's `isDefinite()`: every step is definite (see [`Step::is_definite`]).
    pub(crate) fn is_definite(&self) -> bool {
        let last = self.steps.len().saturating_sub(1);
        self.steps.iter().enumerate().all(|(i, step)| step.is_definite(i == last))
    }

    /// Jayway's `toString()` of the whole path, e.g. `$['a'][0]`.
    pub(crate) fn normalized(&self) -> String {
        self.prefix(self.steps.len())
    }

    /// The normalized text of the root and the first `count` steps: the "current path" that
    /// Jayway's messages name.
    pub(crate) fn prefix(&self, count: usize) -> String {
        let mut out = String::new();
        out.push(self.root_char());
        for step in self.steps.iter().take(count) {
            step.write_fragment(&mut out);
        }
        out
    }

    /// The normalized text of the steps from `index` on (Jayway's `toString()` of a token,
    /// which prints the token and everything after it).
    pub(crate) fn suffix(&self, index: usize) -> String {
        let mut out = String::new();
        for step in self.steps.iter().skip(index) {
            step.write_fragment(&mut out);
        }
        out
    }
}

impl Step {
    /// Jayway's `isTokenDefinite()`: a single name or index, a function, or several names at
    /// the leaf (which merge into one object).
    pub(crate) fn is_definite(&self, leaf: bool) -> bool {
        match self {
            Step::Name(_) | Step::Index(_) | Step::Function(_) => true,
            Step::Names(_) => leaf,
            _ => false,
        }
    }

    /// Appends Jayway's `getPathFragment()`: `['a']`, `['a', 'b']`, `[0]`, `[0,2]`, `[1:3]`,
    /// `[*]`, `..`, `[?]`, `.length()`.
    pub(crate) fn write_fragment(&self, out: &mut String) {
        match self {
            Step::Name(name) => write_names(out, std::slice::from_ref(name)),
            Step::Names(names) => write_names(out, names),
            Step::Index(index) => out.push_str(&format!("[{index}]")),
            Step::Indices(indices) => write_indices(out, indices),
            Step::Slice(from, to) => write_slice(out, *from, *to),
            Step::Wildcard => out.push_str("[*]"),
            Step::Scan => out.push_str(".."),
            Step::Filter(_) => out.push_str("[?]"),
            Step::Function(function) => {
                out.push('.');
                out.push_str(function.name());
                out.push_str("()");
            }
        }
    }

    /// This step's fragment alone, e.g. `['b']`.
    pub(crate) fn fragment(&self) -> String {
        let mut out = String::new();
        self.write_fragment(&mut out);
        out
    }
}

/// `['a', 'b']`, with `\` and `'` escaped so the text parses back to the same names. Several
/// names are joined with `", "`, as in the message AWS prints for them (see `eval.rs`).
fn write_names(out: &mut String, names: &[String]) {
    out.push('[');
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('\'');
        for c in name.chars() {
            if c == '\\' || c == '\'' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('\'');
    }
    out.push(']');
}

/// `[0,2]`: Jayway's `ArrayIndexOperation.toString()` joins with a bare comma.
fn write_indices(out: &mut String, indices: &[i32]) {
    let texts: Vec<String> = indices.iter().map(i32::to_string).collect();
    out.push('[');
    out.push_str(&texts.join(","));
    out.push(']');
}

/// `[1:3]`, `[:2]`, `[-2:]`.
fn write_slice(out: &mut String, from: Option<i32>, to: Option<i32>) {
    let text = |bound: Option<i32>| bound.map(|b| b.to_string()).unwrap_or_default();
    out.push_str(&format!("[{}:{}]", text(from), text(to)));
}

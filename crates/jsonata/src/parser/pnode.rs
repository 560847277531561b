//! The raw parse tree produced by the Pratt parser, before `processAST`.

use crate::signature::Signature;

/// A raw parse-tree node (the `this` objects of parser.js's nud/led functions).
#[derive(Debug)]
pub struct PNode {
    /// What the node is.
    pub kind: PKind,
    /// Token position.
    pub position: usize,
    /// Set by an empty predicate `[]`.
    pub keep_array: bool,
    /// Height of the subtree (bounded to keep later passes' recursion bounded).
    pub height: usize,
}

/// Raw node kinds.
#[derive(Debug)]
pub enum PKind {
    /// `(end)` used as an operand.
    End,
    /// A field name.
    Name(String),
    /// A variable (name without `$`).
    Variable(String),
    /// A string literal.
    Str(String),
    /// A number literal.
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A regex literal (pattern, flags).
    Regex(String, String),
    /// An operator token used as an operand (`and`, `or`, `in`, `?`).
    Op(String),
    /// A binary operator (including `.`, `[`, `:=`, `@`, `#`, `~>`, `..`).
    Binary(String, Box<PNode>, Box<PNode>),
    /// Group-by `lhs{...}`.
    Group(Box<PNode>, Vec<(PNode, PNode)>),
    /// Order-by `lhs^(...)`: (descending, expression) terms.
    Sort(Box<PNode>, Vec<(bool, PNode)>),
    /// Unary minus.
    Negate(Box<PNode>),
    /// Array constructor.
    Array(Vec<PNode>),
    /// Object constructor.
    Object(Vec<(PNode, PNode)>),
    /// `*`.
    Wildcard,
    /// `**`.
    Descendant,
    /// `%`.
    Parent,
    /// Function call or partial application.
    Function {
        /// What is invoked.
        procedure: Box<PNode>,
        /// The arguments (`?` placeholders included).
        args: Vec<PNode>,
        /// Whether any argument is a `?` placeholder.
        partial: bool,
    },
    /// Lambda definition.
    Lambda {
        /// Parameter names without `$`.
        args: Vec<String>,
        /// The declared signature.
        signature: Option<Signature>,
        /// The body.
        body: Box<PNode>,
    },
    /// `cond ? then : else`.
    Condition(Box<PNode>, Box<PNode>, Option<Box<PNode>>),
    /// `| pattern | update, delete |`.
    Transform(Box<PNode>, Box<PNode>, Option<Box<PNode>>),
    /// `( a; b; ... )`.
    Block(Vec<PNode>),
}

impl PNode {
    /// A node with the given kind and position; height from its children.
    pub fn new(kind: PKind, position: usize) -> Self {
        let height = 1 + child_height(&kind);
        PNode { kind, position, keep_array: false, height }
    }

    /// jsonata's `type` of the raw node (used in error tokens).
    pub fn is_variable(&self) -> bool {
        matches!(self.kind, PKind::Variable(_))
    }
}

fn max_h<'a>(it: impl Iterator<Item = &'a PNode>) -> usize {
    it.map(|n| n.height).max().unwrap_or(0)
}

fn child_height(kind: &PKind) -> usize {
    match kind {
        PKind::Binary(_, a, b) => a.height.max(b.height),
        PKind::Object(pairs) => max_h(pairs.iter().flat_map(|(k, v)| [k, v])),
        PKind::Group(a, pairs) => a.height.max(max_h(pairs.iter().flat_map(|(k, v)| [k, v]))),
        PKind::Sort(a, terms) => a.height.max(max_h(terms.iter().map(|(_, t)| t))),
        PKind::Negate(a) => a.height,
        PKind::Array(items) | PKind::Block(items) => max_h(items.iter()),
        PKind::Function { procedure, args, .. } => procedure.height.max(max_h(args.iter())),
        PKind::Lambda { body, .. } => body.height,
        PKind::Condition(a, b, c) | PKind::Transform(a, b, c) => {
            a.height.max(b.height).max(c.as_ref().map(|c| c.height).unwrap_or(0))
        }
        _ => 0,
    }
}

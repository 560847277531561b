//! The processed syntax tree the evaluator walks (the output of `processAST`).
//! It contains no `Rc`, so an [`crate::Expression`] is `Send + Sync`.

use crate::signature::Signature;
use std::sync::Arc;

/// A processed AST node: a kind plus the annotations processAST attaches.
/// The rarer annotations live in a boxed [`Annotations`] reachable through
/// `Deref`, which keeps nodes (and the parser's stack frames) small.
#[derive(Debug, Clone)]
pub struct Node {
    /// The node kind.
    pub kind: Kind,
    /// Source position (UTF-16 units, after the token as in jsonata-js).
    pub position: usize,
    /// `keepArray`.
    pub keep_array: bool,
    /// `keepSingletonArray` (paths).
    pub keep_singleton_array: bool,
    /// `consarray`.
    pub consarray: bool,
    /// `tuple`: this step/path produces a tuple stream.
    pub tuple: bool,
    /// The other annotations.
    pub ann: Box<Annotations>,
}

impl std::ops::Deref for Node {
    type Target = Annotations;
    fn deref(&self) -> &Annotations {
        &self.ann
    }
}

impl std::ops::DerefMut for Node {
    fn deref_mut(&mut self) -> &mut Annotations {
        &mut self.ann
    }
}

/// Annotations of a node other than the flags.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// `focus`: context variable binding `@$x`.
    pub focus: Option<String>,
    /// `index`: positional variable binding `#$i`.
    pub index: Option<String>,
    /// `ancestor`: the label this step binds for `%`.
    pub ancestor: Option<Slot>,
    /// `group`: group-by `{...}` on this step or path.
    pub group: Option<Box<Group>>,
    /// `predicate`: filters on a non-path expression.
    pub predicate: Option<Vec<Stage>>,
    /// `stages`: filters and index bindings on a path step.
    pub stages: Option<Vec<Stage>>,
    /// `seekingParent` (only used while processing).
    pub seeking_parent: Option<Vec<usize>>,
}

/// A parent slot: its id while processing and its final label.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Slot id.
    pub id: usize,
    /// The label (e.g. `!0`), final after processing.
    pub label: String,
}

/// A group-by / object constructor clause.
#[derive(Debug, Clone)]
pub struct Group {
    /// Key/value expression pairs.
    pub pairs: Vec<(Node, Node)>,
    /// Position of the `{`.
    pub position: usize,
}

/// A stage of a step: a filter predicate or an index binding.
#[derive(Debug, Clone)]
pub enum Stage {
    /// `[expr]`.
    Filter(Node),
    /// `#$name`.
    Index(String),
}

/// A sort term of `^(...)`.
#[derive(Debug, Clone)]
pub struct SortTerm {
    /// `>` was given.
    pub descending: bool,
    /// The sort key expression.
    pub expression: Node,
}

/// A lambda definition.
#[derive(Debug)]
pub struct LambdaDef {
    /// Parameter names without `$`.
    pub arguments: Vec<String>,
    /// The declared signature.
    pub signature: Option<Arc<Signature>>,
    /// The body.
    pub body: Arc<Node>,
    /// A tail-call thunk created by `tailCallOptimize`.
    pub thunk: bool,
}

/// The parts of a transform expression.
#[derive(Debug)]
pub struct TransformParts {
    /// The pattern selecting what to update.
    pub pattern: Node,
    /// The update object expression.
    pub update: Node,
    /// The optional deletion list.
    pub delete: Option<Node>,
    /// Position of the transform.
    pub position: usize,
}

/// Node kinds, named after jsonata-js's `type` values.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `path`: a sequence of steps.
    Path(Vec<Node>),
    /// `binary` operators: arithmetic, comparison, `and`, `or`, `in`, `&`, `..`.
    Binary(String, Box<Node>, Box<Node>),
    /// `unary` minus.
    Negate(Box<Node>),
    /// `unary` `[`: array constructor.
    Array(Vec<Node>),
    /// `unary` `{`: object constructor.
    Object(Group),
    /// `name`.
    Name(String),
    /// `string` literal.
    String(String),
    /// `number` literal.
    Number(f64),
    /// `value` literal true/false.
    Bool(bool),
    /// `value` literal null.
    Null,
    /// `wildcard`.
    Wildcard,
    /// `descendant`.
    Descendant,
    /// `parent`.
    Parent(Slot),
    /// `condition`.
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `block`.
    Block(Vec<Node>),
    /// `bind`: `$name := rhs`.
    Bind(String, Box<Node>),
    /// `regex` literal: pattern and flags.
    Regex(String, String),
    /// `function` call.
    Function(Box<Node>, Vec<Node>),
    /// `partial` application.
    Partial(Box<Node>, Vec<Node>),
    /// `lambda`.
    Lambda(Arc<LambdaDef>),
    /// `variable` (name without `$`).
    Variable(String),
    /// `apply`: `~>`.
    Apply(Box<Node>, Box<Node>),
    /// `transform`.
    Transform(Arc<TransformParts>),
    /// `sort` step.
    Sort(Vec<SortTerm>),
    /// The `?` placeholder of a partial application.
    Placeholder,
}

impl Node {
    /// A node with no annotations.
    pub fn new(kind: Kind, position: usize) -> Self {
        Node {
            kind,
            position,
            keep_array: false,
            keep_singleton_array: false,
            consarray: false,
            tuple: false,
            ann: Box::default(),
        }
    }

    /// jsonata-js's `type` string for this node.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Path(_) => "path",
            Kind::Binary(..) => "binary",
            Kind::Negate(_) | Kind::Array(_) | Kind::Object(_) => "unary",
            Kind::Name(_) => "name",
            Kind::String(_) => "string",
            Kind::Number(_) => "number",
            Kind::Bool(_) | Kind::Null => "value",
            Kind::Wildcard => "wildcard",
            Kind::Descendant => "descendant",
            Kind::Parent(_) => "parent",
            Kind::Condition(..) => "condition",
            Kind::Block(_) => "block",
            Kind::Bind(..) => "bind",
            Kind::Regex(..) => "regex",
            Kind::Function(..) => "function",
            Kind::Partial(..) => "partial",
            Kind::Lambda(_) => "lambda",
            Kind::Variable(_) => "variable",
            Kind::Apply(..) => "apply",
            Kind::Transform(_) => "transform",
            Kind::Sort(_) => "sort",
            Kind::Placeholder => "operator",
        }
    }

    /// jsonata-js's `value` of the node as a token string (`None` where it has none).
    pub fn value_token(&self) -> Option<String> {
        Some(match &self.kind {
            Kind::Binary(op, ..) => op.clone(),
            Kind::Name(s) | Kind::String(s) | Kind::Variable(s) => s.clone(),
            Kind::Number(n) => crate::number::to_js_string(*n),
            Kind::Bool(b) => b.to_string(),
            Kind::Null => "null".into(),
            Kind::Negate(_) => "-".into(),
            Kind::Array(_) => "[".into(),
            Kind::Object(_) => "{".into(),
            Kind::Wildcard => "*".into(),
            Kind::Descendant => "**".into(),
            Kind::Placeholder => "?".into(),
            Kind::Function(..) | Kind::Partial(..) => "(".into(),
            Kind::Bind(..) => ":=".into(),
            Kind::Apply(..) => "~>".into(),
            // processAST drops `value` for lambda, block, condition, transform, path, sort, parent
            _ => return None,
        })
    }

    /// Whether this is an array constructor (`unary` with value `[`).
    pub fn is_array_constructor(&self) -> bool {
        matches!(self.kind, Kind::Array(_))
    }
}

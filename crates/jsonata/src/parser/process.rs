//! The post-parse stage `processAST` of parser.js: flattens location paths
//! into steps, attaches predicates, stages, group-by, sort, focus/index
//! bindings and parent slots, and applies tail-call optimisation.

use super::ancestry::{push_ancestry, Ancestry};
use super::ast::{Group, Kind, LambdaDef, Node, SortTerm, Stage, TransformParts};
use super::pnode::{PKind, PNode};
use crate::error::Error;
use crate::number::to_js_string;
use std::sync::Arc;

/// State of one `processAST` run.
#[derive(Default)]
pub struct Processor {
    /// Parent slots.
    pub ancestry: Ancestry,
}

type R = Result<Node, Error>;

fn path_of(step: Node) -> Node {
    let pos = step.position;
    Node::new(Kind::Path(vec![step]), pos)
}

/// Applies `f` to the last step of a path, or to the node itself.
fn with_last_step<T>(result: &mut Node, f: impl FnOnce(&mut Node) -> T) -> T {
    if let Kind::Path(steps) = &mut result.kind {
        if let Some(last) = steps.last_mut() {
            return f(last);
        }
    }
    f(result)
}

fn is_path(n: &Node) -> bool {
    matches!(n.kind, Kind::Path(_))
}

impl Processor {
    /// `processAST(expr)`.
    #[inline(never)]
    pub fn process(&mut self, expr: PNode) -> R {
        let keep_array = expr.keep_array;
        let mut result = self.process_kind(expr.kind, expr.position, keep_array)?;
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    /// The `switch (expr.type)` of `processAST`; every arm is a call so the frame stays small.
    #[inline(never)]
    fn process_kind(&mut self, kind: PKind, pos: usize, keep_array: bool) -> R {
        match kind {
            PKind::Binary(op, lhs, rhs) => self.binary(&op, *lhs, *rhs, pos, keep_array),
            PKind::Group(lhs, pairs) => self.group(*lhs, pairs, pos),
            PKind::Sort(lhs, terms) => self.sort(*lhs, terms, pos),
            PKind::Negate(e) => self.negate(*e, pos),
            PKind::Array(items) => self.array(items, pos),
            PKind::Object(pairs) => self.object(pairs, pos),
            PKind::Function { procedure, args, partial } => self.function(*procedure, args, partial, pos),
            PKind::Lambda { args, signature, body } => self.lambda(args, signature, *body, pos),
            PKind::Condition(c, t, e) => self.condition(*c, *t, e, pos),
            PKind::Transform(p, u, d) => self.transform(*p, *u, d, pos),
            PKind::Block(items) => self.block(items, pos),
            PKind::Op(op) => self.operator(op, pos, keep_array),
            other => leaf(other, pos, keep_array, &mut self.ancestry),
        }
    }

    #[inline(never)]
    fn lambda(
        &mut self,
        args: Vec<String>,
        signature: Option<crate::signature::Signature>,
        body: PNode,
        pos: usize,
    ) -> R {
        let body = tail_call_optimize(self.process(body)?);
        let def = LambdaDef { arguments: args, signature: signature.map(Arc::new), body: Arc::new(body), thunk: false };
        Ok(Node::new(Kind::Lambda(Arc::new(def)), pos))
    }

    #[inline(never)]
    fn transform(&mut self, p: PNode, u: PNode, d: Option<Box<PNode>>, pos: usize) -> R {
        let parts = TransformParts {
            pattern: self.process(p)?,
            update: self.process(u)?,
            delete: d.map(|d| self.process(*d)).transpose()?,
            position: pos,
        };
        Ok(Node::new(Kind::Transform(Arc::new(parts)), pos))
    }

    #[inline(never)]
    fn operator(&mut self, op: String, pos: usize, keep_array: bool) -> R {
        match op.as_str() {
            "and" | "or" | "in" => {
                let mut pn = PNode::new(PKind::Name(op), pos);
                pn.keep_array = keep_array;
                self.process(pn)
            }
            "?" => Ok(Node::new(Kind::Placeholder, pos)),
            _ => Err(Error::new("S0201").at(pos).token(op)),
        }
    }

    #[inline(never)]
    fn binary(&mut self, op: &str, lhs: PNode, rhs: PNode, pos: usize, keep_array: bool) -> R {
        match op {
            "." => self.path(lhs, rhs),
            "[" => self.predicate(lhs, rhs, pos),
            ":=" => self.bind(lhs, rhs, pos),
            "@" => self.focus(lhs, rhs, pos, keep_array),
            "#" => self.index(lhs, rhs, pos),
            "~>" => {
                let l = self.process(lhs)?;
                let r = self.process(rhs)?;
                let keep = l.keep_array || r.keep_array;
                let mut result = Node::new(Kind::Apply(Box::new(l), Box::new(r)), pos);
                result.keep_array = keep;
                Ok(result)
            }
            _ => {
                let l = self.process(lhs)?;
                let r = self.process(rhs)?;
                let mut result = Node::new(Kind::Null, pos);
                push_ancestry(&mut result, &l);
                push_ancestry(&mut result, &r);
                result.kind = Kind::Binary(op.to_string(), Box::new(l), Box::new(r));
                Ok(result)
            }
        }
    }

    /// `:=`: the left side is a variable (checked by the parser).
    #[inline(never)]
    fn bind(&mut self, lhs: PNode, rhs: PNode, pos: usize) -> R {
        let name = match lhs.kind {
            PKind::Variable(v) => v,
            _ => String::new(),
        };
        let rhs = self.process(rhs)?;
        let mut result = Node::new(Kind::Null, pos);
        push_ancestry(&mut result, &rhs);
        result.kind = Kind::Bind(name, Box::new(rhs));
        Ok(result)
    }

    #[inline(never)]
    fn path(&mut self, lhs: PNode, rhs: PNode) -> R {
        let lstep = self.process(lhs)?;
        let lparent = match &lstep.kind {
            Kind::Parent(s) => Some(s.id),
            _ => None,
        };
        let mut result = if is_path(&lstep) { lstep } else { path_of(lstep) };
        if let Some(id) = lparent {
            result.seeking_parent = Some(vec![id]);
        }
        let rest = self.process(rhs)?;
        let Kind::Path(steps) = &mut result.kind else {
            return Err(Error::new("S0206"));
        };
        append_step(steps, rest);
        normalise_steps(steps)?;
        let keep = steps.iter().any(|s| s.keep_array);
        mark_constructors(steps);
        if keep {
            result.keep_singleton_array = true;
        }
        self.ancestry.resolve(&mut result)?;
        Ok(result)
    }

    #[inline(never)]
    fn predicate(&mut self, lhs: PNode, rhs: PNode, pos: usize) -> R {
        let mut result = self.process(lhs)?;
        let in_path = is_path(&result);
        let predicate = self.process(rhs)?;
        let ancestry = &mut self.ancestry;
        with_last_step(&mut result, |step| -> Result<(), Error> {
            if step.group.is_some() {
                return Err(Error::new("S0209").at(pos));
            }
            if let Some(slots) = predicate.seeking_parent.clone() {
                for slot in slots {
                    if ancestry.slots[slot].level == 1 {
                        ancestry.seek_parent(step, slot)?;
                    } else {
                        ancestry.slots[slot].level -= 1;
                    }
                }
                push_ancestry(step, &predicate);
            }
            let list = if in_path { &mut step.stages } else { &mut step.predicate };
            list.get_or_insert_with(Vec::new).push(Stage::Filter(predicate));
            Ok(())
        })?;
        Ok(result)
    }

    #[inline(never)]
    fn group(&mut self, lhs: PNode, pairs: Vec<(PNode, PNode)>, pos: usize) -> R {
        let mut result = self.process(lhs)?;
        if result.group.is_some() {
            return Err(Error::new("S0210").at(pos));
        }
        let mut out = Vec::new();
        for (k, v) in pairs {
            out.push((self.process(k)?, self.process(v)?));
        }
        result.group = Some(Box::new(Group { pairs: out, position: pos }));
        Ok(result)
    }

    #[inline(never)]
    fn sort(&mut self, lhs: PNode, terms: Vec<(bool, PNode)>, pos: usize) -> R {
        let result = self.process(lhs)?;
        let mut result = if is_path(&result) { result } else { path_of(result) };
        let mut sort_step = Node::new(Kind::Null, pos);
        let mut out = Vec::new();
        for (descending, t) in terms {
            let expression = self.process(t)?;
            push_ancestry(&mut sort_step, &expression);
            out.push(SortTerm { descending, expression });
        }
        sort_step.kind = Kind::Sort(out);
        if let Kind::Path(steps) = &mut result.kind {
            steps.push(sort_step);
        }
        self.ancestry.resolve(&mut result)?;
        Ok(result)
    }

    #[inline(never)]
    fn focus(&mut self, lhs: PNode, rhs: PNode, pos: usize, keep_array: bool) -> R {
        let name = match &rhs.kind {
            PKind::Variable(v) => v.clone(),
            _ => String::new(),
        };
        let mut result = self.process(lhs)?;
        with_last_step(&mut result, |step| {
            if step.stages.is_some() || step.predicate.is_some() {
                return Err(Error::new("S0215").at(pos));
            }
            if matches!(step.kind, Kind::Sort(_)) {
                return Err(Error::new("S0216").at(pos));
            }
            if keep_array {
                step.keep_array = true;
            }
            step.focus = Some(name);
            step.tuple = true;
            Ok(())
        })?;
        Ok(result)
    }

    #[inline(never)]
    fn index(&mut self, lhs: PNode, rhs: PNode, _pos: usize) -> R {
        let name = match &rhs.kind {
            PKind::Variable(v) => v.clone(),
            _ => String::new(),
        };
        let result = self.process(lhs)?;
        let mut result = if is_path(&result) {
            result
        } else {
            let mut step = result;
            if let Some(p) = step.predicate.take() {
                step.stages = Some(p);
            }
            path_of(step)
        };
        with_last_step(&mut result, |step| {
            match &mut step.stages {
                None => step.index = Some(name),
                Some(stages) => stages.push(Stage::Index(name)),
            }
            step.tuple = true;
        });
        Ok(result)
    }

    #[inline(never)]
    fn negate(&mut self, e: PNode, pos: usize) -> R {
        let expression = self.process(e)?;
        if let Kind::Number(n) = expression.kind {
            let mut r = expression;
            r.kind = Kind::Number(-n);
            return Ok(r);
        }
        let mut result = Node::new(Kind::Null, pos);
        push_ancestry(&mut result, &expression);
        result.kind = Kind::Negate(Box::new(expression));
        Ok(result)
    }

    #[inline(never)]
    fn array(&mut self, items: Vec<PNode>, pos: usize) -> R {
        let mut result = Node::new(Kind::Null, pos);
        let mut out = Vec::new();
        for item in items {
            let v = self.process(item)?;
            push_ancestry(&mut result, &v);
            out.push(v);
        }
        result.kind = Kind::Array(out);
        Ok(result)
    }

    #[inline(never)]
    fn object(&mut self, pairs: Vec<(PNode, PNode)>, pos: usize) -> R {
        let mut result = Node::new(Kind::Null, pos);
        let mut out = Vec::new();
        for (k, v) in pairs {
            let key = self.process(k)?;
            push_ancestry(&mut result, &key);
            let value = self.process(v)?;
            push_ancestry(&mut result, &value);
            out.push((key, value));
        }
        result.kind = Kind::Object(Group { pairs: out, position: pos });
        Ok(result)
    }

    #[inline(never)]
    fn function(&mut self, procedure: PNode, args: Vec<PNode>, partial: bool, pos: usize) -> R {
        let mut result = Node::new(Kind::Null, pos);
        let mut out = Vec::new();
        for a in args {
            let arg = self.process(a)?;
            push_ancestry(&mut result, &arg);
            out.push(arg);
        }
        let procedure = Box::new(self.process(procedure)?);
        result.kind = if partial { Kind::Partial(procedure, out) } else { Kind::Function(procedure, out) };
        Ok(result)
    }

    #[inline(never)]
    fn condition(&mut self, c: PNode, t: PNode, e: Option<Box<PNode>>, pos: usize) -> R {
        let mut result = Node::new(Kind::Null, pos);
        let c = self.process(c)?;
        push_ancestry(&mut result, &c);
        let t = self.process(t)?;
        push_ancestry(&mut result, &t);
        let e = match e {
            Some(e) => {
                let e = self.process(*e)?;
                push_ancestry(&mut result, &e);
                Some(Box::new(e))
            }
            None => None,
        };
        result.kind = Kind::Condition(Box::new(c), Box::new(t), e);
        Ok(result)
    }

    #[inline(never)]
    fn block(&mut self, items: Vec<PNode>, pos: usize) -> R {
        let mut result = Node::new(Kind::Null, pos);
        let mut out = Vec::new();
        for item in items {
            let part = self.process(item)?;
            push_ancestry(&mut result, &part);
            let cons = part.consarray || matches!(&part.kind, Kind::Path(s) if s.first().is_some_and(|f| f.consarray));
            if cons {
                result.consarray = true;
            }
            out.push(part);
        }
        result.kind = Kind::Block(out);
        Ok(result)
    }
}

/// Appends the processed right side of `.` to the steps (a path's steps are spliced in).
fn append_step(steps: &mut Vec<Node>, mut rest: Node) {
    match rest.kind {
        Kind::Path(rsteps) => steps.extend(rsteps),
        _ => {
            if let Some(p) = rest.predicate.take() {
                rest.stages = Some(p);
            }
            steps.push(rest);
        }
    }
}

/// String literal steps become names; number and value literals are S0213.
fn normalise_steps(steps: &mut [Node]) -> Result<(), Error> {
    for step in steps.iter_mut() {
        let literal = match &step.kind {
            Kind::Number(n) => to_js_string(*n),
            Kind::Bool(b) => b.to_string(),
            Kind::Null => "null".into(),
            Kind::String(s) => {
                step.kind = Kind::Name(s.clone());
                continue;
            }
            _ => continue,
        };
        return Err(Error::new("S0213").at(step.position).value_json(Some(literal)));
    }
    Ok(())
}

/// First and last array-constructor steps are flagged `consarray`.
fn mark_constructors(steps: &mut [Node]) {
    if let Some(first) = steps.first_mut() {
        if first.is_array_constructor() {
            first.consarray = true;
        }
    }
    if let Some(last) = steps.last_mut() {
        if last.is_array_constructor() {
            last.consarray = true;
        }
    }
}

/// Leaf nodes of `processAST` (names, literals, variables, regexes, `*`, `**`, `%`).
#[inline(never)]
fn leaf(kind: PKind, pos: usize, keep_array: bool, ancestry: &mut Ancestry) -> R {
    Ok(match kind {
        PKind::Name(n) => {
            let mut step = Node::new(Kind::Name(n), pos);
            step.keep_array = keep_array;
            let mut p = path_of(step);
            p.keep_singleton_array = keep_array;
            p
        }
        PKind::Parent => Node::new(Kind::Parent(ancestry.new_slot()), pos),
        PKind::Str(s) => Node::new(Kind::String(s), pos),
        PKind::Num(n) => Node::new(Kind::Number(n), pos),
        PKind::Bool(b) => Node::new(Kind::Bool(b), pos),
        PKind::Null => Node::new(Kind::Null, pos),
        PKind::Wildcard => Node::new(Kind::Wildcard, pos),
        PKind::Descendant => Node::new(Kind::Descendant, pos),
        PKind::Variable(v) => Node::new(Kind::Variable(v), pos),
        PKind::Regex(p, f) => {
            crate::regex::validate(&p, &f).map_err(|e| e.at(pos))?;
            Node::new(Kind::Regex(p, f), pos)
        }
        PKind::End => return Err(Error::new("S0207").at(pos).token("(end)")),
        _ => return Err(Error::new("S0206").at(pos)),
    })
}

/// `tailCallOptimize`: wrap a function call in tail position into a thunk lambda.
pub fn tail_call_optimize(mut expr: Node) -> Node {
    match expr.kind {
        Kind::Function(..) if expr.predicate.is_none() => {
            let pos = expr.position;
            let def = LambdaDef { arguments: vec![], signature: None, body: Arc::new(expr), thunk: true };
            Node::new(Kind::Lambda(Arc::new(def)), pos)
        }
        Kind::Condition(c, t, e) => {
            let t = Box::new(tail_call_optimize(*t));
            let e = e.map(|e| Box::new(tail_call_optimize(*e)));
            expr.kind = Kind::Condition(c, t, e);
            expr
        }
        Kind::Block(mut items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call_optimize(last));
            }
            expr.kind = Kind::Block(items);
            expr
        }
        _ => expr,
    }
}

//! The parser (parser.js): tokenizer, Pratt parser and `processAST`.

pub mod ancestry;
pub mod ast;
pub mod pnode;
pub mod pratt;
pub mod process;
pub mod tokenizer;

use crate::error::Error;
use ancestry::Ancestry;
use ast::{Kind, Node, Stage};
use std::sync::Arc;

/// Parses and processes an expression into the evaluator's AST.
pub fn parse(source: &str) -> Result<Node, Error> {
    let mut parser = pratt::Parser::new(source)?;
    let raw = parser.parse_all()?;
    let mut processor = process::Processor::default();
    let mut ast = processor.process(raw)?;
    if matches!(ast.kind, Kind::Parent(_)) || ast.seeking_parent.is_some() {
        // jsonata-js's parent and path nodes carry no position
        let mut e = Error::new("S0217").token(ast.type_name());
        if !matches!(ast.kind, Kind::Parent(_) | Kind::Path(_)) {
            e.position = Some(ast.position);
        }
        return Err(e);
    }
    resolve_labels(&mut ast, &processor.ancestry);
    Ok(ast)
}

/// Writes the final parent-slot labels into the tree and clears processing state.
fn resolve_labels(node: &mut Node, anc: &Ancestry) {
    node.seeking_parent = None;
    if let Some(slot) = &mut node.ancestor {
        slot.label = anc.slots[slot.id].label.clone();
    }
    if let Kind::Parent(slot) = &mut node.kind {
        slot.label = anc.slots[slot.id].label.clone();
    }
    for_each_child(node, &mut |c| resolve_labels(c, anc));
}

fn each_stage(stages: &mut Option<Vec<Stage>>, f: &mut dyn FnMut(&mut Node)) {
    for s in stages.iter_mut().flatten() {
        if let Stage::Filter(n) = s {
            f(n);
        }
    }
}

/// Calls `f` on every direct child of `node` (including annotations).
pub fn for_each_child(node: &mut Node, f: &mut dyn FnMut(&mut Node)) {
    each_stage(&mut node.predicate, f);
    each_stage(&mut node.stages, f);
    if let Some(g) = &mut node.group {
        for (k, v) in &mut g.pairs {
            f(k);
            f(v);
        }
    }
    match &mut node.kind {
        Kind::Path(items) | Kind::Array(items) | Kind::Block(items) => items.iter_mut().for_each(f),
        Kind::Binary(_, a, b) | Kind::Apply(a, b) => {
            f(a);
            f(b);
        }
        Kind::Negate(a) | Kind::Bind(_, a) => f(a),
        Kind::Object(g) => {
            for (k, v) in &mut g.pairs {
                f(k);
                f(v);
            }
        }
        Kind::Condition(a, b, c) => {
            f(a);
            f(b);
            if let Some(c) = c {
                f(c);
            }
        }
        Kind::Function(p, args) | Kind::Partial(p, args) => {
            f(p);
            args.iter_mut().for_each(f);
        }
        Kind::Lambda(def) => {
            if let Some(def) = Arc::get_mut(def) {
                if let Some(body) = Arc::get_mut(&mut def.body) {
                    f(body);
                }
            }
        }
        Kind::Transform(parts) => {
            if let Some(p) = Arc::get_mut(parts) {
                f(&mut p.pattern);
                f(&mut p.update);
                if let Some(d) = &mut p.delete {
                    f(d);
                }
            }
        }
        Kind::Sort(terms) => terms.iter_mut().for_each(|t| f(&mut t.expression)),
        _ => {}
    }
}

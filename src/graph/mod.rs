//! Definition → drawing: nodes, edges and positions, computed without a browser.
//!
//! A layered layout specialised for ASL (no general graph library: state machines are small, and a
//! layout that follows `StartAt` and the order of `States` stays put under small edits). Each
//! state goes in the layer of its shortest distance from `StartAt`; states of one layer are laid
//! out left to right in the order they are reached. Parallel branches and Map item processors are
//! laid out the same way, recursively, inside their state's box. Edges that go back up (loops)
//! are drawn around the side.

mod label;

use std::collections::{HashMap, VecDeque};

use crate::asl::{StateKind, StateMachine, Transition, Workflow};

pub use label::rule_label;

/// Width of a state's box.
pub const NODE_WIDTH: f64 = 170.0;
/// Height of a state's box.
pub const NODE_HEIGHT: f64 = 40.0;
const GAP_X: f64 = 30.0;
const GAP_Y: f64 = 46.0;
const PADDING: f64 = 14.0;
const HEADER: f64 = 24.0;

/// A laid-out definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Every state, nested ones included, with absolute positions.
    pub nodes: Vec<Node>,
    /// Every transition.
    pub edges: Vec<Edge>,
    /// The drawing's width.
    pub width: f64,
    /// The drawing's height.
    pub height: f64,
}

/// A state's box.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The state's name.
    pub name: String,
    /// Its `Type`.
    pub kind: &'static str,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (larger for Parallel and Map, which hold their branches).
    pub width: f64,
    /// Height.
    pub height: f64,
    /// How deeply it is nested (0: top level).
    pub depth: usize,
    /// Whether the workflow starts here (at its level).
    pub start: bool,
}

/// What an edge stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum EdgeKind {
    /// `Next`.
    Next,
    /// A Choice rule, with its short form.
    Rule(String),
    /// A Choice `Default`.
    Default,
    /// A Catcher's `Next`, with its errors.
    Catch(String),
}

/// A transition drawn as a polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// From this state.
    pub from: String,
    /// To this state.
    pub to: String,
    /// Why.
    pub kind: EdgeKind,
    /// The points to draw through.
    pub points: Vec<(f64, f64)>,
}

/// The visible part of a drawing (an SVG `viewBox`), for zooming and panning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl ViewBox {
    /// The whole drawing, with a margin.
    pub fn fit(graph: &Graph) -> ViewBox {
        const MARGIN: f64 = 20.0;
        ViewBox { x: -MARGIN, y: -MARGIN, width: graph.width + 3.0 * MARGIN, height: graph.height + 2.0 * MARGIN }
    }

    /// Zoomed by `factor` (2.0: twice as close) around the centre, within 1/8× and 8× of the fit.
    pub fn zoom(self, factor: f64, fit: ViewBox) -> ViewBox {
        let width = (self.width / factor).clamp(fit.width / 8.0, fit.width * 8.0);
        let height = width * self.height / self.width;
        let (cx, cy) = (self.x + self.width / 2.0, self.y + self.height / 2.0);
        ViewBox { x: cx - width / 2.0, y: cy - height / 2.0, width, height }
    }

    /// Moved by (`dx`, `dy`) in drawing units.
    pub fn pan(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox { x: self.x + dx, y: self.y + dy, ..self }
    }

    /// As the SVG attribute.
    pub fn attribute(&self) -> String {
        format!("{} {} {} {}", self.x, self.y, self.width, self.height)
    }
}

/// Lays out a state machine.
pub fn layout(machine: &StateMachine) -> Graph {
    let mut graph = Graph { nodes: Vec::new(), edges: Vec::new(), width: 0.0, height: 0.0 };
    let mut sizes = Sizes::default();
    let (width, height) = layout_workflow(&machine.workflow, (0.0, 0.0), 0, &mut graph, &mut sizes);
    graph.width = width;
    graph.height = height;
    graph
}

/// Each workflow's size, measured once (by the workflow's address): nested Parallels and Maps
/// are measured bottom-up, so layout is linear in the states however deep the nesting.
#[derive(Default)]
struct Sizes(HashMap<usize, (f64, f64)>);

/// The size a workflow needs, without placing it.
fn measure(workflow: &Workflow, sizes: &mut Sizes) -> (f64, f64) {
    let key = workflow as *const Workflow as usize;
    if let Some(size) = sizes.0.get(&key) {
        return *size;
    }
    let nodes: Vec<(f64, f64)> = workflow.states.iter().map(|s| node_size(&s.kind, sizes)).collect();
    let layers = layers(workflow);
    let width = row_widths(&layers, &nodes).into_iter().fold(NODE_WIDTH, f64::max);
    let rows: f64 = layers.iter().map(|row| row_height(row, &nodes)).sum();
    let height = (rows + GAP_Y * layers.len().saturating_sub(1) as f64).max(NODE_HEIGHT);
    sizes.0.insert(key, (width, height));
    (width, height)
}

fn row_widths(layers: &[Vec<usize>], nodes: &[(f64, f64)]) -> Vec<f64> {
    let width = |row: &Vec<usize>| {
        row.iter().map(|i| nodes.get(*i).map_or(0.0, |s| s.0)).sum::<f64>() + GAP_X * row.len().saturating_sub(1) as f64
    };
    layers.iter().map(width).collect()
}

fn row_height(row: &[usize], nodes: &[(f64, f64)]) -> f64 {
    row.iter().map(|i| nodes.get(*i).map_or(0.0, |s| s.1)).fold(0.0, f64::max)
}

/// The size of a state's box: a plain box, or one holding its branches side by side.
fn node_size(kind: &StateKind, sizes: &mut Sizes) -> (f64, f64) {
    let inner: Vec<(f64, f64)> = match kind {
        StateKind::Parallel(parallel) => parallel.branches.iter().map(|b| measure(b, sizes)).collect(),
        StateKind::Map(map) => vec![measure(&map.processor, sizes)],
        _ => return (NODE_WIDTH, NODE_HEIGHT),
    };
    let width = inner.iter().map(|(w, _)| w).sum::<f64>() + GAP_X * (inner.len().saturating_sub(1)) as f64;
    let height = inner.iter().map(|(_, h)| *h).fold(0.0, f64::max);
    ((width + 2.0 * PADDING).max(NODE_WIDTH), height + HEADER + 2.0 * PADDING)
}

/// Each state's layer: the longest path to it from `StartAt` once the edges that close a loop
/// are set aside, so every forward edge points down; unreachable states go last.
fn layers(workflow: &Workflow) -> Vec<Vec<usize>> {
    let edges = forward_edges(workflow);
    let mut incoming = vec![0usize; workflow.states.len()];
    for (_, to) in &edges {
        if let Some(n) = incoming.get_mut(*to) {
            *n += 1;
        }
    }
    let mut layer_of: HashMap<usize, usize> = HashMap::new();
    let mut queue: VecDeque<usize> = workflow.position(&workflow.start_at).into_iter().collect();
    if let Some(start) = queue.front() {
        layer_of.insert(*start, 0);
    }
    while let Some(index) = queue.pop_front() {
        let layer = layer_of.get(&index).copied().unwrap_or(0);
        for (_, to) in edges.iter().filter(|(from, _)| *from == index) {
            let entry = layer_of.entry(*to).or_insert(0);
            *entry = (*entry).max(layer + 1);
            if let Some(n) = incoming.get_mut(*to) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    queue.push_back(*to);
                }
            }
        }
    }
    let deepest = layer_of.values().copied().max().map_or(0, |d| d + 1);
    let mut result: Vec<Vec<usize>> = vec![Vec::new(); deepest];
    for index in 0..workflow.states.len() {
        if let Some(layer) = layer_of.get(&index).and_then(|l| result.get_mut(*l)) {
            layer.push(index);
        }
    }
    let unreached: Vec<usize> = (0..workflow.states.len()).filter(|i| !layer_of.contains_key(i)).collect();
    if !unreached.is_empty() {
        result.push(unreached);
    }
    result
}

/// The transitions reached from `StartAt` that do not close a loop (a depth-first search sets
/// aside each edge to a state still on its path).
fn forward_edges(workflow: &Workflow) -> Vec<(usize, usize)> {
    let successors: Vec<Vec<usize>> =
        workflow.states.iter().map(|s| targets(s).iter().filter_map(|(t, _)| workflow.position(t)).collect()).collect();
    let mut edges = Vec::new();
    let mut on_path = vec![false; workflow.states.len()];
    let mut done = vec![false; workflow.states.len()];
    let Some(start) = workflow.position(&workflow.start_at) else { return edges };
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    on_path[start] = true;
    while let Some((node, next)) = stack.last().copied() {
        let Some(&to) = successors.get(node).and_then(|s| s.get(next)) else {
            on_path[node] = false;
            done[node] = true;
            stack.pop();
            continue;
        };
        if let Some(top) = stack.last_mut() {
            top.1 += 1;
        }
        if on_path[to] {
            continue; // closes a loop
        }
        edges.push((node, to));
        if !done[to] {
            on_path[to] = true;
            stack.push((to, 0));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// Where a state goes, with why.
fn targets(state: &crate::asl::State) -> Vec<(String, EdgeKind)> {
    let mut out = Vec::new();
    if let Some(Transition::Next(next)) = &state.transition {
        out.push((next.clone(), EdgeKind::Next));
    }
    if let StateKind::Choice(choice) = &state.kind {
        for branch in &choice.choices {
            out.push((branch.next.clone(), EdgeKind::Rule(rule_label(&branch.rule))));
        }
        if let Some(default) = &choice.default {
            out.push((default.clone(), EdgeKind::Default));
        }
    }
    for catcher in &state.catch {
        out.push((catcher.next.clone(), EdgeKind::Catch(catcher.error_equals.join(", "))));
    }
    out
}

/// Places `workflow` with its top-left corner at `(left, top)`; returns its size.
fn layout_workflow(
    workflow: &Workflow,
    (left, top): (f64, f64),
    depth: usize,
    graph: &mut Graph,
    sizes: &mut Sizes,
) -> (f64, f64) {
    let layers = layers(workflow);
    let nodes: Vec<(f64, f64)> = workflow.states.iter().map(|s| node_size(&s.kind, sizes)).collect();
    let row_widths = row_widths(&layers, &nodes);
    let width = row_widths.iter().copied().fold(NODE_WIDTH, f64::max);
    let first_node = graph.nodes.len();
    let mut positions: HashMap<usize, (f64, f64, f64, f64)> = HashMap::new();
    let mut y = top;
    for (row, row_width) in layers.iter().zip(&row_widths) {
        let mut x = left + (width - row_width) / 2.0;
        for index in row {
            let (w, h) = nodes.get(*index).copied().unwrap_or((NODE_WIDTH, NODE_HEIGHT));
            positions.insert(*index, (x, y, w, h));
            x += w + GAP_X;
        }
        y += row_height(row, &nodes) + GAP_Y;
    }
    let height = (y - top - GAP_Y).max(NODE_HEIGHT);
    for (index, state) in workflow.states.iter().enumerate() {
        let Some(&(x, y, w, h)) = positions.get(&index) else { continue };
        graph.nodes.push(Node {
            name: state.name.to_string(),
            kind: state.kind.type_name(),
            x,
            y,
            width: w,
            height: h,
            depth,
            start: *state.name == *workflow.start_at,
        });
        place_children(state, (x, y, w), depth, graph, sizes);
    }
    add_edges(workflow, &positions, graph, first_node);
    (width, height)
}

/// Parallel branches side by side, or the Map's item processor, inside the state's box.
fn place_children(
    state: &crate::asl::State,
    (x, y, w): (f64, f64, f64),
    depth: usize,
    graph: &mut Graph,
    sizes: &mut Sizes,
) {
    let inner: Vec<&Workflow> = match &state.kind {
        StateKind::Parallel(parallel) => parallel.branches.iter().map(|b| b.as_ref()).collect(),
        StateKind::Map(map) => vec![map.processor.as_ref()],
        _ => return,
    };
    let total: f64 =
        inner.iter().map(|b| measure(b, sizes).0).sum::<f64>() + GAP_X * inner.len().saturating_sub(1) as f64;
    let mut left = x + (w - total) / 2.0;
    for branch in inner {
        let (bw, _) = layout_workflow(branch, (left, y + HEADER + PADDING), depth + 1, graph, sizes);
        left += bw + GAP_X;
    }
}

fn add_edges(workflow: &Workflow, positions: &HashMap<usize, (f64, f64, f64, f64)>, graph: &mut Graph, _first: usize) {
    for (index, state) in workflow.states.iter().enumerate() {
        let Some(&(fx, fy, fw, fh)) = positions.get(&index) else { continue };
        for (target, kind) in targets(state) {
            let Some(&(tx, ty, tw, _)) = workflow.position(&target).and_then(|t| positions.get(&t)) else { continue };
            let start = (fx + fw / 2.0, fy + fh);
            let end = (tx + tw / 2.0, ty);
            let points = if ty > fy {
                vec![start, end]
            } else {
                // A loop back up: out of the right side, up, and into the target's right side.
                let side = fx.max(tx) + fw.max(tw) + GAP_X / 2.0;
                vec![
                    (fx + fw, fy + fh / 2.0),
                    (side, fy + fh / 2.0),
                    (side, ty + NODE_HEIGHT / 2.0),
                    (tx + tw, ty + NODE_HEIGHT / 2.0),
                ]
            };
            graph.edges.push(Edge { from: state.name.to_string(), to: target, kind, points });
        }
    }
}

#[cfg(test)]
mod tests;

//! The definition drawn as SVG from [`crate::graph::layout`]: a shape per state type, Choice
//! rules on their edges, Catch edges dashed, Parallel and Map as boxes around their branches,
//! and each state coloured by its status in the last run.

use std::collections::HashMap;

use yew::prelude::*;

use crate::app::StateStatus;
use crate::graph::{Edge, EdgeKind, Graph, Node, ViewBox};

/// Props of [`GraphView`].
#[derive(Properties, PartialEq)]
pub struct GraphViewProps {
    /// The layout.
    pub graph: std::rc::Rc<Graph>,
    /// Each state's status in the last run.
    pub statuses: HashMap<String, StateStatus>,
    /// The selected state.
    pub selected: Option<String>,
    /// Retries per state in the last run.
    #[prop_or_default]
    pub retries: HashMap<String, u32>,
    /// Transitions the run took.
    #[prop_or_default]
    pub taken: std::collections::HashSet<(String, String)>,
    /// Each Distributed Map's Map Run counter.
    #[prop_or_default]
    pub counters: HashMap<String, String>,
    /// A state was clicked.
    pub on_select: Callback<String>,
}

/// The graph, with zoom buttons and drag-to-pan. Drawn again only when what it draws changes:
/// a keystroke that breaks the definition greys it from outside (the panel's `stale` class),
/// and one that mends it to an equal layout redraws nothing. One click and one key listener
/// for all its states.
#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let g = &props.graph;
    let fit = ViewBox::fit(g);
    let view = use_state(|| fit);
    {
        // A new layout (another definition) starts from the whole drawing again.
        let view = view.clone();
        use_effect_with(fit, move |fit| view.set(*fit));
    }
    let drag = use_mut_ref(|| None::<(f64, f64)>);
    let zoom = |factor: f64| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(if factor == 0.0 { fit } else { view.zoom(factor, fit) }))
    };
    let svg = use_node_ref();
    let (onpointerdown, onpointermove, onpointerup) = pan_handlers(&view, &drag, &svg);
    let (onclick, onkeydown) = super::panels::select_listeners(&props.on_select, "g.node[data-state]");
    let (groups, states): (Vec<&Node>, Vec<&Node>) = g.nodes.iter().partition(|n| matches!(n.kind, "Parallel" | "Map"));
    html! {
        <div class="graph-view">
        <div class="zoom">
            <button class="zoom-in" title="Zoom in" onclick={zoom(1.25)}>{ "+" }</button>
            <button class="zoom-out" title="Zoom out" onclick={zoom(0.8)}>{ "−" }</button>
            <button class="zoom-fit" title="Fit" onclick={zoom(0.0)}>{ "Fit" }</button>
        </div>
        <svg ref={svg} class="graph" viewBox={view.attribute()} role="group" aria-label="State machine graph"
            {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointerleave={onpointerup} {onclick} {onkeydown}>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            { for groups.iter().map(|n| node(n, props)) }
            { for g.edges.iter().map(|e| edge(e, props)) }
            { for states.iter().map(|n| node(n, props)) }
        </svg>
        </div>
    }
}

/// Drag to pan: pointer movements in screen pixels become drawing units.
fn pan_handlers(
    view: &UseStateHandle<ViewBox>,
    drag: &std::rc::Rc<std::cell::RefCell<Option<(f64, f64)>>>,
    svg: &NodeRef,
) -> (Callback<PointerEvent>, Callback<PointerEvent>, Callback<PointerEvent>) {
    let down = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            *drag.borrow_mut() = Some((f64::from(e.client_x()), f64::from(e.client_y())))
        })
    };
    let moved = {
        let (drag, view, svg) = (drag.clone(), view.clone(), svg.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((x0, y0)) = *drag.borrow() else { return };
            let width = svg.cast::<web_sys::Element>().map_or(1.0, |el| f64::from(el.client_width()).max(1.0));
            let scale = view.width / width;
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            view.set(view.pan((x0 - x) * scale, (y0 - y) * scale));
            *drag.borrow_mut() = Some((x, y));
        })
    };
    let up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    (down, moved, up)
}

fn node(n: &Node, props: &GraphViewProps) -> Html {
    let status = props.statuses.get(&n.name).map(|s| s.as_str());
    let selected = props.selected.as_deref() == Some(n.name.as_str());
    let class =
        classes!("node", n.kind.to_lowercase(), status, selected.then_some("selected"), n.start.then_some("start"));
    let (cx, cy) = (n.x + n.width / 2.0, n.y + n.height / 2.0);
    let shape = match n.kind {
        "Choice" => {
            let (w, h) = (n.width / 2.0, n.height / 2.0 + 4.0);
            html! { <polygon points={format!("{},{} {},{} {},{} {},{}", cx, cy - h, cx + w, cy, cx, cy + h, cx - w, cy)} /> }
        }
        "Succeed" | "Fail" => {
            html! { <rect x={n.x.to_string()} y={n.y.to_string()} width={n.width.to_string()} height={n.height.to_string()} rx="20" /> }
        }
        _ => {
            html! { <rect x={n.x.to_string()} y={n.y.to_string()} width={n.width.to_string()} height={n.height.to_string()} rx="6" /> }
        }
    };
    let label_y = if matches!(n.kind, "Parallel" | "Map") { n.y + 16.0 } else { cy + 4.0 };
    let title = format!("{} ({}){}", n.name, n.kind, status.map(|s| format!(", {s}")).unwrap_or_default());
    html! {
        <g {class} data-state={n.name.clone()} data-status={status.unwrap_or("idle")}
            tabindex="0" role="button" aria-pressed={selected.to_string()}>
            <title>{ title }</title>
            { shape }
            <text x={cx.to_string()} y={label_y.to_string()} text-anchor="middle">{ short(&n.name, 22) }</text>
            <text class="kind" x={(n.x + 6.0).to_string()} y={(n.y + 11.0).to_string()}>{ n.kind }</text>
            { for props.counters.get(&n.name).map(|text| html! {
                <text class="map-run-counter" x={(n.x + 6.0).to_string()} y={(n.y + n.height - 6.0).to_string()}>{ text }</text>
            }) }
            { for props.retries.get(&n.name).map(|count| html! {
                <text class="retries" x={(n.x + n.width - 6.0).to_string()} y={(n.y + 11.0).to_string()}>{ format!("retried ×{count}") }</text>
            }) }
        </g>
    }
}

fn edge(e: &Edge, props: &GraphViewProps) -> Html {
    let points: Vec<String> = e.points.iter().map(|(x, y)| format!("{x},{y}")).collect();
    let (class, label) = match &e.kind {
        EdgeKind::Next => ("edge next", None),
        EdgeKind::Rule(rule) => ("edge rule", Some(rule.clone())),
        EdgeKind::Default => ("edge default", Some("Default".to_owned())),
        EdgeKind::Catch(errors) => ("edge catch", Some(format!("catch {errors}"))),
    };
    // Rules label near their start, Default and Catch near their end, so labels of edges that
    // leave one Choice side by side do not overlap.
    let along = if matches!(e.kind, EdgeKind::Rule(_)) { 0.3 } else { 0.7 };
    let (lx, ly) = point_along(&e.points, along);
    html! {
        <g class={classes!(class, props.taken.contains(&(e.from.clone(), e.to.clone())).then_some("taken"))} data-from={e.from.clone()} data-to={e.to.clone()}>
            <polyline points={points.join(" ")} marker-end="url(#arrow)" />
            { for label.map(|l| html! { <text x={(lx + 4.0).to_string()} y={(ly - 3.0).to_string()}>{ short(&l, 40) }</text> }) }
        </g>
    }
}

/// The point a fraction `t` of the way along a two-point edge; a bend's middle point otherwise.
fn point_along(points: &[(f64, f64)], t: f64) -> (f64, f64) {
    match points {
        [] => (0.0, 0.0),
        [only] => *only,
        [a, b] => (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t),
        _ => points.get(points.len() / 2).copied().unwrap_or((0.0, 0.0)),
    }
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    format!("{}…", text.chars().take(max - 1).collect::<String>())
}

//! Layout snapshots: positions are deterministic, so small tables pin them down.

use super::*;
use crate::asl;

fn graph(definition: &str) -> Graph {
    layout(&asl::load(definition).expect("valid"))
}

fn node<'g>(g: &'g Graph, name: &str) -> &'g Node {
    g.nodes.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
}

#[test]
fn the_order_workflow_is_laid_out_in_layers() {
    let g = graph(crate::examples::order().definition);
    let rows: Vec<(&str, f64)> = g.nodes.iter().map(|n| (n.name.as_str(), n.y)).collect();
    assert_eq!(
        rows,
        [
            ("ValidateOrder", 0.0),
            ("CheckInventory", 86.0),
            ("InventoryChoice", 172.0),
            ("ProcessPayment", 258.0),
            ("NotifyFailure", 258.0),
            ("FailState", 344.0)
        ]
    );
    assert!(node(&g, "ProcessPayment").x < node(&g, "NotifyFailure").x);
    let labels: Vec<&EdgeKind> = g.edges.iter().map(|e| &e.kind).collect();
    assert!(labels.contains(&&EdgeKind::Rule("$.inStock == true".into())));
    assert!(labels.contains(&&EdgeKind::Default));
    assert!(labels.contains(&&EdgeKind::Catch("States.ALL".into())));
    assert_eq!((g.width, g.height), (370.0, 384.0));
}

#[test]
fn loops_go_around_the_side() {
    let g = graph(
        r#"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"B"}],"Default":"C"},"B":{"Type":"Pass","Next":"A"},"C":{"Type":"Succeed"}}}"#,
    );
    let back = g.edges.iter().find(|e| e.from == "B" && e.to == "A").expect("the loop");
    assert_eq!(back.points.len(), 4);
    assert!(back.points[1].0 > node(&g, "B").x + NODE_WIDTH);
}

#[test]
fn parallel_and_map_hold_their_branches() {
    let g = graph(
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
        {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}]}}}"#,
    );
    let (p, a, m, i) = (node(&g, "P"), node(&g, "A"), node(&g, "M"), node(&g, "I"));
    assert_eq!((p.depth, a.depth, m.depth, i.depth), (0, 1, 1, 2));
    for inner in [a, m] {
        assert!(inner.x >= p.x && inner.x + inner.width <= p.x + p.width && inner.y > p.y);
    }
    assert!(i.x >= m.x && i.y > m.y && i.y + i.height <= m.y + m.height);
}

#[test]
fn a_small_edit_elsewhere_keeps_the_positions() {
    let before = graph(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}"#);
    let after =
        graph(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"Next":"B"},"B":{"Type":"Succeed"}}}"#);
    assert_eq!(before, after);
}

#[test]
fn the_view_zooms_around_its_centre_within_bounds_and_pans() {
    let g = graph(crate::examples::order().definition);
    let fit = ViewBox::fit(&g);
    let closer = fit.zoom(2.0, fit);
    assert_eq!((closer.width, closer.height), (fit.width / 2.0, fit.height / 2.0));
    assert_eq!(
        (closer.x + closer.width / 2.0, closer.y + closer.height / 2.0),
        (fit.x + fit.width / 2.0, fit.y + fit.height / 2.0)
    );
    assert_eq!(fit.zoom(1000.0, fit).width, fit.width / 8.0);
    assert_eq!(
        fit.pan(10.0, -5.0).attribute(),
        format!("{} {} {} {}", fit.x + 10.0, fit.y - 5.0, fit.width, fit.height)
    );
}

/// Layout measures each nested workflow once: Parallels nested 24 deep, two branches each (a
/// 2 KB definition; before, layout was exponential in the nesting and froze the page).
#[test]
fn deeply_nested_parallels_lay_out_in_linear_time() {
    let mut branch = serde_json::json!({"StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": true}}});
    for depth in 0..24 {
        let name = format!("P{depth}");
        let other = serde_json::json!({"StartAt": format!("Q{depth}"), "States": {format!("Q{depth}"): {"Type": "Pass", "End": true}}});
        branch = serde_json::json!({"StartAt": name, "States": {name.clone(): {"Type": "Parallel", "Branches": [branch, other], "End": true}}});
    }
    let machine = crate::asl::load(&branch.to_string()).expect("valid");
    let started = std::time::Instant::now();
    let graph = layout(&machine);
    assert_eq!(graph.nodes.len(), 24 * 2 + 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());
    assert!(graph.nodes.iter().any(|n| n.depth == 24));
}

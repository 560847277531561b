//! A Map Run's summary as the page shows it: its counts by status (as `DescribeMapRun`'s
//! `executionCounts` and `itemCounts` name them) and its children filtered by status.

use crate::host::session::{ChildView, MapRunView};

/// How many child executions (and items) ended each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Child executions.
    pub total: usize,
    /// Succeeded.
    pub succeeded: usize,
    /// Failed or timed out.
    pub failed: usize,
    /// Aborted (the run failed first).
    pub aborted: usize,
    /// Items in all of them.
    pub items: usize,
}

/// The counts of `run`.
pub fn counts(run: &MapRunView) -> Counts {
    run.children.iter().fold(Counts { total: run.children.len(), ..Counts::default() }, |mut c, child| {
        match child.status.as_str() {
            "SUCCEEDED" => c.succeeded += 1,
            "ABORTED" => c.aborted += 1,
            _ => c.failed += 1,
        }
        c.items += child.items;
        c
    })
}

/// One line for the Map node and the Map Run's heading: "3 child executions: 2 succeeded, 1 failed".
pub fn summary(run: &MapRunView) -> String {
    let c = counts(run);
    let mut parts = vec![format!("{} succeeded", c.succeeded)];
    if c.failed > 0 {
        parts.push(format!("{} failed", c.failed));
    }
    if c.aborted > 0 {
        parts.push(format!("{} aborted", c.aborted));
    }
    let plural = if c.total == 1 { "" } else { "s" };
    format!("{} child execution{plural} ({} items): {}", c.total, c.items, parts.join(", "))
}

/// The counter each Distributed Map's node shows: "6 items · 3 ok · 1 failed" for its last Map Run.
pub fn node_counters(runs: &[MapRunView]) -> std::collections::HashMap<String, String> {
    let counter = |run: &MapRunView| {
        let c = counts(run);
        let mut text = format!("{} items · {} ok", c.items, c.succeeded);
        if c.failed > 0 {
            text.push_str(&format!(" · {} failed", c.failed));
        }
        if c.aborted > 0 {
            text.push_str(&format!(" · {} aborted", c.aborted));
        }
        text
    };
    runs.iter().map(|run| (run.state.clone(), counter(run))).collect()
}

/// The children (with their index) whose status is `status` (`None`: all).
pub fn filtered<'a>(run: &'a MapRunView, status: Option<&str>) -> Vec<(usize, &'a ChildView)> {
    let wanted = |child: &ChildView| match status {
        None => true,
        Some("FAILED") => child.status == "FAILED" || child.status == "TIMED_OUT",
        Some(status) => child.status == status,
    };
    run.children.iter().enumerate().filter(|(_, c)| wanted(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(status: &str, items: usize) -> ChildView {
        ChildView {
            name: "c".into(),
            status: status.into(),
            items,
            input: json_value::Value::Null,
            output: None,
            error: None,
            cause: None,
            events: Vec::new(),
        }
    }

    #[test]
    fn counts_and_filters_follow_the_children() {
        let run = MapRunView {
            state: "M".into(),
            arn: "arn".into(),
            status: "FAILED".into(),
            children: vec![child("SUCCEEDED", 2), child("FAILED", 2), child("TIMED_OUT", 1), child("ABORTED", 1)],
        };
        assert_eq!(counts(&run), Counts { total: 4, succeeded: 1, failed: 2, aborted: 1, items: 6 });
        assert_eq!(summary(&run), "4 child executions (6 items): 1 succeeded, 2 failed, 1 aborted");
        let failed: Vec<usize> = filtered(&run, Some("FAILED")).into_iter().map(|(i, _)| i).collect();
        assert_eq!(failed, [1, 2]);
        assert_eq!(filtered(&run, None).len(), 4);
        assert_eq!(node_counters(&[run])["M"], "6 items · 1 ok · 2 failed · 1 aborted");
    }
}

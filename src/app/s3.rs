//! The project's mock S3 (objects the user creates, edits and uploads) and the Map Run
//! drill-down selection. A run starts from the project's objects; what it writes is shown
//! apart ([`crate::app::run::Run::s3_written`]) and never changes the project, so each run
//! starts clean.

use super::state::State;

/// The most content one object may hold here (the page keeps projects in the browser).
pub const MAX_OBJECT_BYTES: usize = 1024 * 1024;

/// Adds `bucket`/`key`, or replaces its content.
pub fn put(mut state: State, bucket: String, key: String, body: String) -> State {
    let (bucket, key) = (bucket.trim().to_owned(), key.trim().trim_start_matches('/').to_owned());
    if let Err(why) = check(&bucket, &key, &body) {
        state.notice = Some(super::Notice::Problem(why));
        return state;
    }
    match state.s3.iter_mut().find(|(b, k, _)| *b == bucket && *k == key) {
        Some(object) => object.2 = body,
        None => state.s3.push((bucket, key, body)),
    }
    state.s3.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    state
}

/// Changes object `index`'s content.
pub fn edit(mut state: State, index: usize, body: String) -> State {
    if body.len() <= MAX_OBJECT_BYTES {
        if let Some(object) = state.s3.get_mut(index) {
            object.2 = body;
        }
    }
    state
}

/// Deletes object `index`.
pub fn remove(mut state: State, index: usize) -> State {
    if index < state.s3.len() {
        state.s3.remove(index);
    }
    state
}

/// Shows child execution `child` of the last run's Map Runs, if it exists.
pub fn select_child(state: State, child: Option<(usize, usize)>) -> State {
    let exists = |(run, index): (usize, usize)| state.run.map_runs.get(run).is_some_and(|r| index < r.children.len());
    let selected_child = child.filter(|c| exists(*c));
    State { selected_child, ..state }
}

/// S3's rules for names, in short: a bucket of 3–63 lowercase letters, digits, dots and
/// hyphens; a key of at most 1,024 bytes.
fn check(bucket: &str, key: &str, body: &str) -> Result<(), String> {
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    if !bucket_ok {
        return Err(format!(
            "\"{bucket}\" is not a bucket name S3 accepts (3 to 63 lowercase letters, digits, dots and hyphens)."
        ));
    }
    if key.len() > 1024 {
        return Err("An object key has at most 1,024 bytes.".into());
    }
    if body.len() > MAX_OBJECT_BYTES {
        return Err(format!("Objects here hold at most {} KB.", MAX_OBJECT_BYTES / 1024));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{reduce, Action};

    #[test]
    fn objects_are_added_replaced_edited_and_removed() {
        let put = |s, b: &str, k: &str, v: &str| reduce(s, Action::PutS3Object(b.into(), k.into(), v.into()));
        let state = put(State::default(), "orders", "b.csv", "x");
        let state = put(state, "orders", "/a.csv", "y");
        let state = put(state, "orders", "b.csv", "z");
        let keys: Vec<(&str, &str)> = state.s3.iter().map(|(_, k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(keys, [("a.csv", "y"), ("b.csv", "z")]);
        let state = reduce(state, Action::EditS3Object(0, "w".into()));
        let state = reduce(state, Action::RemoveS3Object(1));
        assert_eq!(state.s3, [("orders".into(), "a.csv".into(), "w".into())]);
        let refused = put(state, "Bad_Bucket", "k", "");
        assert!(refused.notice.is_some() && refused.s3.len() == 1);
    }

    #[test]
    fn the_project_keeps_its_objects_and_links_leave_large_ones_out() {
        let state = reduce(State::default(), Action::PutS3Object("inbox".into(), "small.json".into(), "[1]".into()));
        let big = "x".repeat(crate::share::MAX_LINK_S3_BYTES);
        let state = reduce(state, Action::PutS3Object("inbox".into(), "z-big.csv".into(), big));
        let project = state.project();
        assert_eq!(project.s3.len(), 2);
        let (linked, left_out) = crate::share::for_link(&project);
        assert_eq!((linked.s3.len(), left_out), (1, vec!["inbox/z-big.csv".to_owned()]));
        assert_eq!(state.run_spec().expect("runs").s3.len(), 2);
    }
}

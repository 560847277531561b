//! Round trips, old links, sizes, and garbage: a bad link is an error, never a panic.

use super::*;
use serde_json::json;

/// The order example as links carried it before projects had names.
fn order_project() -> Project {
    Project { name: String::new(), ..crate::examples::order().project() }
}

#[test]
fn projects_round_trip() {
    let mut project = order_project();
    assert_eq!(decode(&encode(&project)), Ok(project.clone()));
    project.handlers[1].1 = "export const handler = async (e) => ({ ...e, inStock: false }); // é ✓ 😀".into();
    project.selected_input = 2;
    project.static_responses.push(("arn:aws:states:::dynamodb:getItem".into(), "{\"Item\":{}}".into()));
    assert_eq!(decode(&format!("#{}", encode(&project))), Ok(project.clone()));
    project.name = "Orders, with mocks".into();
    project.mock_config = Some(include_str!("../../static/examples/order/mock-config.json").into());
    project.test_case = Some(("OrderProcessing".into(), "ThrottledTwice".into()));
    assert_eq!(decode(&encode(&project)), Ok(project));
}

#[test]
fn every_gallery_project_round_trips_and_so_do_edited_ones() {
    for example in crate::examples::gallery() {
        let mut project = example.project();
        assert_eq!(decode(&encode(&project)), Ok(project.clone()), "{}", example.title);
        project.selected_input = project.inputs.len() - 1;
        project.handler_limit_ms = 60_000;
        project.inputs.push(("ünïcödé ✓".into(), json!({"nested": {"list": [1, 2.5, null, true]}})));
        project.mock_config = Some(include_str!("../../static/examples/order/mock-config.json").into());
        assert_eq!(decode(&encode(&project)), Ok(project), "{} edited", example.title);
    }
}

// Links made by earlier builds must keep opening: this one was made by this version (v1).
#[test]
fn an_old_v1_link_still_opens() {
    let link = include_str!("../../tests/share/v1-order.txt").trim();
    let project = decode(link).expect("the v1 fixture opens");
    assert_eq!(project, order_project_as_of_v1());
}

fn order_project_as_of_v1() -> Project {
    let mut project = order_project();
    project.definition = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}".into();
    project.handlers.truncate(1);
    project.mock_config = None; // the order example offers its scenarios since; the v1 link has none
    project.inputs = vec![("in stock".into(), json!({"orderId": "A1001", "itemId": "I201", "qty": 2, "amount": 499}))];
    project
}

#[test]
fn the_order_project_fits_in_a_link_chat_apps_accept() {
    let link = encode(&order_project());
    assert!(link.len() < 4_000, "{} characters", link.len());
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    let good = encode(&order_project());
    let cases = [
        String::new(),
        "#".into(),
        "hello".into(),
        "v1/".into(),
        "v1/!!!!".into(),
        "v1/abc".into(),
        "v9/abcd".into(),
        format!("v1/{}", &good[3..good.len() / 2]),
        good.replace('A', "B"),
        format!("v1/{}", base64url::encode(b"not deflate at all")),
        format!("v1/{}", base64url::encode(&compress_to_vec(b"[1, 2, 3]", 9))),
        format!("v1/{}", base64url::encode(&compress_to_vec(&vec![b' '; MAX_PROJECT_BYTES + 10], 9))),
    ];
    for case in cases {
        assert!(decode(&case).is_err(), "{case:.60}");
    }
    assert_eq!(decode("v9/abcd"), Err(ShareError::UnknownVersion("v9".into())));
    let mut rng = crate::engine::rng::Rng::new(5);
    for _ in 0..2_000 {
        let len = (rng.next_u64() % 300) as usize;
        let junk: String = (0..len).map(|_| char::from(b"v1/AZaz09-_+=#%"[(rng.next_u64() % 15) as usize])).collect();
        let _ = decode(&junk);
    }
}

#[test]
fn a_selected_input_out_of_range_is_refused() {
    let mut project = order_project();
    project.selected_input = 9;
    assert!(matches!(decode(&encode(&project)), Err(ShareError::NotAProject(_))));
}

/// Prints a fresh v1 fixture (run with `--ignored --nocapture` to regenerate tests/share/v1-order.txt).
#[test]
#[ignore]
fn print_the_v1_fixture() {
    println!("{}", encode(&order_project_as_of_v1()));
}

/// Prints the order project's link length (for the notes).
#[test]
#[ignore]
fn print_the_order_link_length() {
    println!("order project link: {} characters", encode(&order_project()).len() + 1);
}

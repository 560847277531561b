use super::*;

#[test]
fn clones_share_and_writes_copy_only_what_changes() {
    let doc = json!({"big": {"list": [1, 2, 3]}, "n": 1});
    let mut changed = doc.clone();
    changed.as_object_mut().map(|m| m.insert("n", Value::from(2)));
    assert!(doc["big"].same(&changed["big"]));
    assert_eq!((doc["n"].as_i64(), changed["n"].as_i64()), (Some(1), Some(2)));
}

#[test]
fn sizes_and_depths_are_those_of_the_compact_text() {
    for text in [
        r#"{"a":[1,2.5,"x\n\"y\u0001"],"b":{},"c":[],"d":null,"e":true,"f":false,"g":-12}"#,
        r#"[[[[]]]]"#,
        r#""é""#,
        r#"123456789012345678901234567890"#,
        r#"{"k":1e21,"m":-0.0}"#,
        r#"["plain text, nothing to escape in it", "back\\slash\ttab\u001f", "\b\f\r", ""]"#,
    ] {
        let value = from_str(text).expect("valid");
        assert_eq!(value.json_len(), value.to_json_string().len(), "{text}");
        assert_eq!(value.json_len_and_depth(), (value.json_len(), value.depth()), "{text}");
    }
    assert_eq!(from_str("[[[[]]]]").map(|v| v.depth()), Ok(4));
    assert_eq!(json!({"a": [1]}).depth(), 2);
    assert_eq!(json!(1).depth(), 0);
}

#[test]
fn a_change_refreshes_the_cached_size() {
    let mut doc = json!({"a": [1]});
    assert_eq!(doc.json_len(), 9);
    doc.as_object_mut().map(|m| m.insert("b", Value::from("xyz")));
    assert_eq!((doc.json_len(), doc.to_json_string()), (19, r#"{"a":[1],"b":"xyz"}"#.to_owned()));
    if let Some(items) = doc.as_object_mut().and_then(|m| m.get_mut("a")).and_then(Value::as_array_mut) {
        items.push(Value::from(22));
    }
    assert_eq!(doc.json_len(), doc.to_json_string().len());
}

#[test]
fn an_insert_into_a_measured_object_updates_its_size_without_measuring_again() {
    let fresh = |value: &Value| from_str(&value.to_json_string()).map(|v| v.json_len_and_depth()).ok();
    let mut doc = json!({"a": [[1]], "b": "x", "c": {}});
    let _ = doc.json_len();
    let steps: Vec<(&str, Value)> = vec![
        ("b", json!("longer \"quoted\"")), // replaced by a longer scalar
        ("d\n", json!([1, 2])),            // added, with a key to escape
        ("b", json!([[[[]]]])),            // replaced by the deepest member
        ("b", json!(1)),                   // the deepest replaced by a shallower one: measured again
        ("a", json!(null)),
    ];
    for (key, value) in steps {
        let _ = value.json_len();
        let shared = doc.clone();
        doc.as_object_mut().map(|m| m.insert(key, value));
        assert_eq!(Some(doc.json_len_and_depth()), fresh(&doc), "after setting {key}");
        assert_eq!(Some(shared.json_len_and_depth()), fresh(&shared), "the clone before it");
    }
    let mut empty = json!({});
    let _ = empty.json_len();
    let member = json!({"x": 1});
    let _ = member.json_len();
    empty.as_object_mut().map(|m| m.insert("k", member));
    assert!(empty.as_object().and_then(Map::cached_meta).is_some(), "updated, not dropped");
    assert_eq!(Some(empty.json_len_and_depth()), fresh(&empty));
}

// Jackson, which AWS uses, keeps integers beyond 64 bits exactly (BigInteger); `-0` is 0.
#[test]
fn big_integers_keep_their_digits() {
    let value = from_str("[18446744073709551616, 18446744073709551617, -0, -9223372036854775809]").expect("valid");
    assert_eq!(value.to_string(), "[18446744073709551616,18446744073709551617,0,-9223372036854775809]");
    assert_ne!(value[0], value[1]);
    assert_eq!(from_str("1e400").err().map(|e| e.message), Some("number out of range".into()));
}

#[test]
fn parse_errors_are_located_and_bounded() {
    let err = from_str("{\n  \"a\": tru\n}").expect_err("bad");
    assert_eq!((err.line, err.column), (2, 8));
    let deep = "[".repeat(100_000);
    assert_eq!(from_str(&deep).err().map(|e| e.message), Some("the document is nested deeper than 1000 levels".into()));
    assert!(from_str("[1,]").is_err() && from_str("{\"a\" 1}").is_err() && from_str("01").is_err());
    assert!(from_str("\"\\ud800\"").is_err());
    assert_eq!(from_str("\"\\ud83d\\ude00\"").map(|v| v.to_string()), Ok("\"😀\"".to_owned()));
}

#[test]
fn duplicate_members_last_wins_or_fail() {
    assert_eq!(from_str(r#"{"a":1,"b":2,"a":3}"#).map(|v| v.to_string()), Ok(r#"{"a":3,"b":2}"#.to_owned()));
    let strict = ParseOptions { reject_duplicate_keys: true, ..ParseOptions::default() };
    let err = from_str_with("{\"a\":1,\n\"a\":3}", strict).expect_err("duplicate");
    assert_eq!((err.message.as_str(), err.line, err.column), ("duplicate member \"a\"", 2, 1));
}

#[test]
fn a_large_object_repeating_a_member_is_read_as_a_small_one_is() {
    let members: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{i}")).collect();
    let text = format!("{{{},\n\"k3\":\"again\",\"k20\":20}}", members.join(","));
    let read = from_str(&text).expect("last wins");
    assert_eq!((read["k3"].as_str(), read.as_object().map(|o| o.len())), (Some("again"), Some(21)));
    assert_eq!(read.as_object().and_then(|o| o.keys().nth(3).map(|k| &**k)), Some("k3"), "the first one's place");
    let strict = ParseOptions { reject_duplicate_keys: true, ..ParseOptions::default() };
    let err = from_str_with(&text, strict).expect_err("duplicate");
    assert_eq!((err.duplicate.as_deref(), err.line, err.column), (Some("k3"), 2, 1));
}

#[test]
fn an_error_inside_nested_arrays_names_each_item() {
    let err = from_str(r#"{"a": [1, [2, 3], [4, 5, x]]}"#).expect_err("not JSON");
    assert_eq!(err.pointer, "/a/2/2");
    let err = from_str(r#"[[1, 2, [3]], {"b": [6, ]}]"#).expect_err("not JSON");
    assert_eq!(err.pointer, "/1/b/1");
}

#[test]
fn deep_values_drop_compare_and_write_without_recursion() {
    let mut value = Value::Null;
    for _ in 0..200_000 {
        value = Value::from(vec![value]);
    }
    let copy = value.clone();
    assert_eq!(value.depth(), 200_000);
    assert!(value == copy);
    assert_eq!(value.to_json_string().len(), 400_004);
    let serde = value.to_serde();
    assert!(serde.is_array());
    std::mem::forget(serde); // serde_json drops recursively
    drop(value);
    drop(copy);
}

#[test]
fn deep_objects_and_mixed_nesting_drop_without_recursion() {
    let mut value = Value::Null;
    for i in 0..200_000 {
        value = if i % 2 == 0 {
            crate::object! {"a" => value, "b" => 1}
        } else {
            Value::from(vec![value, Value::Null])
        };
    }
    assert_eq!(value.depth(), 200_000);
    drop(value);
}

#[test]
fn converts_from_and_to_serde_json() {
    let original = serde_json::json!({"a": [1, -2, 2.5, "s", null, true], "b": {"c": {}}});
    let value = Value::from(&original);
    assert_eq!(value.to_serde(), original);
    assert_eq!(serde_json::to_value(&value).ok(), Some(original));
}

#[test]
fn pretty_text_is_serde_jsons() {
    let original = serde_json::json!({"a": [1, {"b": null}, []], "c": {}, "d": "x\ny"});
    let expected = serde_json::to_string_pretty(&original).unwrap_or_default();
    assert_eq!(to_string_pretty(&Value::from(&original)), expected);
    assert_eq!(to_string_pretty(&json!([])), "[]");
}

#[test]
fn a_prefix_stops_writing_at_its_limit() {
    let big = json!({"a": "x".repeat(100_000), "b": [1, 2, 3]});
    let prefix = crate::to_string_prefix(&big, 20);
    assert_eq!(prefix, "{\"a\":\"xxxxxxxxxxxxxx…");
    assert_eq!(crate::to_string_prefix(&json!([1, 2]), 20), "[1,2]");
    assert_eq!(crate::to_string_prefix(&json!("ééééé"), 4), "\"é…");
}

#[test]
fn a_repeated_member_is_located_by_pointer() {
    let options = crate::ParseOptions { max_depth: 1000, reject_duplicate_keys: true };
    let error = crate::from_str_with(r#"{"States": {"A": 1, "B": [{"x": 1, "x": 2}]}}"#, options).expect_err("refused");
    assert_eq!((error.pointer.as_str(), error.duplicate.as_deref()), ("/States/B/0", Some("x")));
    let error = crate::from_str_with(r#"{"States": {"A": 1, "A": 2}}"#, options).expect_err("refused");
    assert_eq!((error.pointer.as_str(), error.duplicate.as_deref()), ("/States", Some("A")));
}

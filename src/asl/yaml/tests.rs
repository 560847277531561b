use super::*;
use serde_json::json;

fn read(text: &str) -> Value {
    parse(text).unwrap_or_else(|e| panic!("{e:?}")).value
}

// YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3): only true/false are booleans, so a state
// named `Yes` or `No` stays a string, unlike YAML 1.1.
#[test]
fn plain_scalars_follow_the_yaml_1_2_core_schema() {
    let doc = read(
        "a: Yes\nb: no\nc: true\nd: ~\ne: 12\nf: -1.5e3\ng: 0x1F\nh: 0o17\ni: 2024-01-01\nj: '12'\nk:\nl: 1_000\n",
    );
    assert_eq!(
        doc,
        json!({"a": "Yes", "b": "no", "c": true, "d": null, "e": 12, "f": -1500.0, "g": 31, "h": 15, "i": "2024-01-01", "j": "12", "k": null, "l": "1_000"})
    );
    assert_eq!(read("- .5\n- 1.\n- +3\n"), json!([0.5, 1.0, 3]));
}

#[test]
fn an_asl_definition_reads_as_its_json() {
    let text = "Comment: A Hello World example\nStartAt: Hello\nStates:\n  Hello:\n    Type: Pass\n    Result:\n      message: \"Hi {name}\"\n    End: true\n";
    let doc = parse(text).expect("valid");
    assert_eq!(
        doc.value,
        json!({"Comment": "A Hello World example", "StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": {"message": "Hi {name}"}, "End": true}}})
    );
    let at = doc.locate("/States/Hello/Type").expect("located");
    assert_eq!((at.line, at.column, &text[at.start..at.end]), (5, 11, "Pass"));
    let at = doc.locate("/States/Hello").expect("located");
    assert_eq!((at.line, at.column), (5, 5));
}

#[test]
fn anchors_expand_and_bombs_are_refused() {
    assert_eq!(read("a: &x {k: 1}\nb: *x\n"), json!({"a": {"k": 1}, "b": {"k": 1}}));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    let err = parse(&bomb).expect_err("a bomb");
    assert!(err.message.contains("more than 1000000 values"), "{err:?}");
    // A long string repeated by aliases: few values, but far more text than AWS accepts.
    let long = format!("s: &s {}\nlist: [{}]\n", "y".repeat(100_000), ["*s"; 20].join(", "));
    let err = parse(&long).expect_err("a text bomb");
    assert!(err.message.contains("more than 1048576 characters of text"), "{err:?}");
}

#[test]
fn problems_are_located() {
    let err = parse("a: 1\na: 2\n").expect_err("duplicate");
    assert_eq!((err.line, err.message.as_str()), (2, "the key \"a\" appears twice in this mapping"));
    let err = parse("a: [1, 2\nb: 3\n").expect_err("unclosed");
    assert!(err.line >= 1, "{err:?}");
    let err = parse("a: .nan\n").expect_err("nan");
    assert_eq!(err.message, "the number .nan has no JSON form");
    let err = parse("a: 1\n---\nb: 2\n").expect_err("two documents");
    assert_eq!(err.message, "only one YAML document is allowed");
    // The parser stops nesting at 256 levels, so deep documents cannot exhaust the stack.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(parse(&deep).expect_err("deep").message, "recursion limit exceeded");
}

#[test]
fn cloudformation_short_tags_read_in_their_long_form() {
    assert_eq!(
        read("Resource: !GetAtt Fn.Arn\nTopic: !Ref MyTopic\nName: !Sub '${AWS::StackName}-x'\n"),
        json!({"Resource": {"Fn::GetAtt": "Fn.Arn"}, "Topic": {"Ref": "MyTopic"}, "Name": {"Fn::Sub": "${AWS::StackName}-x"}})
    );
    assert!(parse("a: !Custom x\n").is_err());
}

#[test]
fn byte_offsets_follow_wide_characters() {
    let text = "é: ü\nb: x\n";
    let doc = parse(text).expect("valid");
    let at = doc.locate("/b").expect("located");
    assert_eq!(&text[at.start..at.end], "x");
}

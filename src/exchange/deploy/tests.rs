use serde_json::{json, Value};

use super::*;
use crate::app::State;

fn order_template() -> (Value, Deployment) {
    let deployment = deployment(&State::default().project(), "order-processing").expect("JSON definition");
    (serde_json::from_str(&deployment.template).expect("the template is JSON"), deployment)
}

#[test]
fn the_order_template_has_the_machine_three_functions_a_topic_and_their_policies() {
    let (template, deployment) = order_template();
    assert_eq!(template["Transform"], "AWS::Serverless-2016-10-31");
    let resources = template["Resources"].as_object().expect("resources");
    let mut kinds: Vec<(&str, &str)> =
        resources.iter().map(|(id, r)| (id.as_str(), r["Type"].as_str().unwrap_or_default())).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            ("CheckInventoryFunction", "AWS::Serverless::Function"),
            ("OrdernotificationsTopic", "AWS::SNS::Topic"),
            ("ProcessPaymentFunction", "AWS::Serverless::Function"),
            ("StateMachine", "AWS::Serverless::StateMachine"),
            ("ValidateOrderFunction", "AWS::Serverless::Function"),
        ]
    );
    let properties = &resources["StateMachine"]["Properties"];
    assert_eq!(properties["Policies"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        properties["Policies"][3],
        json!({"SNSPublishMessagePolicy": {"TopicName": {"Fn::GetAtt": ["OrdernotificationsTopic", "TopicName"]}}})
    );
    assert_eq!(
        properties["DefinitionSubstitutions"]["ValidateOrderFunctionArn"],
        json!({"Fn::GetAtt": ["ValidateOrderFunction", "Arn"]})
    );
    assert!(deployment.warnings.is_empty(), "{:?}", deployment.warnings);
}

#[test]
fn the_definition_keeps_its_states_and_loses_the_playground_account() {
    let (template, _) = order_template();
    let definition = &template["Resources"]["StateMachine"]["Properties"]["Definition"];
    assert_eq!(definition["States"]["ValidateOrder"]["Parameters"]["FunctionName"], "${ValidateOrderFunctionArn}");
    assert_eq!(definition["States"]["NotifyFailure"]["Parameters"]["TopicArn"], "${OrdernotificationsTopicArn}");
    assert!(!definition.to_string().contains("123456789012"));
    // Once substituted, it is the playground's definition again and still loads.
    let back = definition.to_string().replace("${ValidateOrderFunctionArn}", "arn:aws:lambda:eu-west-1:1:function:v");
    assert!(crate::asl::load(&back).is_ok());
}

#[test]
fn each_function_carries_its_snippet_as_commonjs() {
    let (template, _) = order_template();
    let function = &template["Resources"]["CheckInventoryFunction"]["Properties"];
    assert_eq!(
        (function["Runtime"].as_str(), function["Handler"].as_str()),
        (Some(NODE_RUNTIME), Some("index.handler"))
    );
    let code = function["InlineCode"].as_str().expect("inline code");
    assert!(code.contains("const handler = async (event, context) => {"), "{code}");
    assert!(!code.contains("export "), "{code}");
    assert!(code.ends_with("exports.handler = handler;\n"));
}

#[test]
fn snippets_convert_to_commonjs_or_say_why_not() {
    assert_eq!(
        commonjs("export async function handler(event) {\n  return 1;\n}").as_deref(),
        Ok("async function handler(event) {\n  return 1;\n}\n\nexports.handler = handler;\n")
    );
    assert!(commonjs("export let handler = (e) => e;").is_ok());
    assert_eq!(commonjs("import fs from 'fs';\nexport const handler = 1;"), Err("it imports modules".into()));
    assert!(commonjs("export const other = 1;").is_err());
    assert!(commonjs("const handler = 1;").is_err());
}

#[test]
fn integrations_it_cannot_grant_are_reported() {
    let mut project = State::default().project();
    project.definition = json!({
        "StartAt": "Put",
        "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "t", "Item": {}}, "End": true}}
    })
    .to_string();
    let deployment = deployment(&project, "m").expect("JSON");
    assert_eq!(deployment.warnings.len(), 1);
    assert!(deployment.warnings[0].starts_with("arn:aws:states:::dynamodb:putItem"));
    project.definition = "{".into();
    assert!(super::deployment(&project, "m").is_err());
}

#[test]
fn computed_names_and_activities_are_reported_not_silently_left_out() {
    let mut project = State::default().project();
    project.definition = json!({
        "StartAt": "Call",
        "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName.$": "$.fn"}, "Next": "Notify"},
            "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn.$": "$.topic", "Message": "m"}, "Next": "Work"},
            "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "End": true}
        }
    })
    .to_string();
    let deployment = deployment(&project, "m").expect("JSON");
    assert_eq!(deployment.warnings.len(), 3, "{:?}", deployment.warnings);
    assert!(deployment.warnings[0].starts_with("FunctionName.$ computed at run time ($.fn)"));
    assert!(deployment.warnings[2].starts_with("arn:aws:states:us-east-1:123456789012:activity:review"));
}

#[test]
fn commands_name_the_stack_and_the_files() {
    let (_, deployment) = order_template();
    assert!(deployment
        .commands
        .contains("sam deploy --guided --template-file template.json --stack-name order-processing"));
    assert!(deployment.commands.contains("aws stepfunctions create-state-machine --name order-processing"));
    assert!(deployment.commands.contains("get-execution-history"));
}

#[test]
fn logical_ids_are_alphanumeric_and_unique() {
    let mut known = Vec::new();
    assert_eq!(logical_id(&mut known, "send-email", "Function"), "SendemailFunction");
    assert_eq!(logical_id(&mut known, "send_email", "Function"), "SendemailFunction2");
    assert_eq!(logical_id(&mut known, "send-email", "Function"), "SendemailFunction");
}

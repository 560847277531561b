//! State machine definitions inside AWS SAM and CloudFormation templates: the inline `Definition`
//! of an `AWS::Serverless::StateMachine` or `AWS::StepFunctions::StateMachine` (or its
//! `DefinitionString`), with CloudFormation's intrinsic functions turned into the `${Name}`
//! placeholders that `DefinitionSubstitutions` fills (`!GetAtt Fn.Arn` → `"${Fn.Arn}"`, `!Ref X`
//! → `"${X}"`, `!Sub "text"` → `"text"`), and the template's literal substitutions applied, as
//! the CloudFormation resource provider does (textually, before it reads the definition).

use serde_json::{Map, Value};

/// A definition found in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The resource's logical id.
    pub resource: String,
    /// The definition, placeholders for what only a deployment knows.
    pub definition: Value,
}

/// Every inline state machine definition of a template, in resource order.
pub fn definitions(template: &Value) -> Vec<Found> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else { return Vec::new() };
    resources.iter().filter_map(|(name, resource)| definition_of(name, resource)).collect()
}

fn definition_of(name: &str, resource: &Value) -> Option<Found> {
    let kind = resource.get("Type").and_then(Value::as_str)?;
    if !matches!(kind, "AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine") {
        return None;
    }
    let properties = resource.get("Properties")?;
    let definition = match (properties.get("Definition"), properties.get("DefinitionString")) {
        (Some(inline), _) => placeholders(inline),
        (None, Some(text)) => serde_json::from_str(&as_text(text)?).ok()?,
        _ => return None,
    };
    let substitutions = properties.get("DefinitionSubstitutions").and_then(Value::as_object);
    let definition = substitutions.map_or(definition.clone(), |s| substitute(&definition, s));
    Some(Found { resource: name.to_owned(), definition })
}

/// The definition with every intrinsic function replaced by its placeholder text.
fn placeholders(value: &Value) -> Value {
    if let Some(text) = intrinsic_text(value) {
        return Value::String(text);
    }
    match value {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), placeholders(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(placeholders).collect()),
        other => other.clone(),
    }
}

/// `{"Ref": "X"}` → `${X}`, `{"Fn::GetAtt": ["X", "Arn"]}` → `${X.Arn}`, `{"Fn::Sub": t}` → `t`,
/// `{"Fn::Join": [sep, parts]}` → the parts joined.
fn intrinsic_text(value: &Value) -> Option<String> {
    let map = value.as_object().filter(|m| m.len() == 1)?;
    let (function, argument) = map.iter().next()?;
    match function.as_str() {
        "Ref" => argument.as_str().map(|name| format!("${{{name}}}")),
        "Fn::GetAtt" => match argument {
            Value::String(path) => Some(format!("${{{path}}}")),
            Value::Array(parts) => {
                let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
                Some(format!("${{{}}}", parts.join(".")))
            }
            _ => None,
        },
        "Fn::Sub" | "Fn::Join" => as_text(value),
        _ => None,
    }
}

/// A string, or the text an `Fn::Sub` / `Fn::Join` of strings makes.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(map) => match map.iter().next() {
            Some((function, Value::String(text))) if function == "Fn::Sub" => Some(text.clone()),
            Some((function, Value::Array(parts))) if function == "Fn::Sub" => parts.first().and_then(as_text),
            Some((function, Value::Array(parts))) if function == "Fn::Join" => join(parts),
            _ => intrinsic_text(value),
        },
        _ => None,
    }
}

fn join(parts: &[Value]) -> Option<String> {
    let separator = parts.first()?.as_str()?;
    let pieces = parts.get(1)?.as_array()?;
    let texts: Option<Vec<String>> = pieces.iter().map(as_text).collect();
    Some(texts?.join(separator))
}

/// Replaces `${Name}` by the literal substitutions (strings, numbers, booleans) the template
/// gives; those computed by intrinsics stay placeholders. Inside a string the text is replaced;
/// a string that is exactly `${Name}` becomes the value (so `"${Seconds}"` can be a number, as
/// after CloudFormation's textual substitution).
fn substitute(definition: &Value, substitutions: &Map<String, Value>) -> Value {
    match definition {
        Value::String(text) => {
            if let Some(value) =
                text.strip_prefix("${").and_then(|t| t.strip_suffix('}')).and_then(|n| substitutions.get(n))
            {
                if !value.is_object() && !value.is_array() {
                    return value.clone();
                }
            }
            Value::String(substitutions.iter().fold(text.clone(), |text, (name, value)| match scalar_text(value) {
                Some(replacement) => text.replace(&format!("${{{name}}}"), &replacement),
                None => text,
            }))
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), substitute(v, substitutions))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, substitutions)).collect()),
        other => other.clone(),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sam_state_machine_gives_its_definition_with_placeholders() {
        let template = json!({"Resources": {
            "Fn": {"Type": "AWS::Serverless::Function"},
            "Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": {
                "DefinitionSubstitutions": {"Wait": 30, "Topic": {"Ref": "T"}},
                "Definition": {"StartAt": "A", "States": {
                    "A": {"Type": "Task", "Resource": {"Fn::GetAtt": ["Fn", "Arn"]}, "Next": "W"},
                    "W": {"Type": "Wait", "Seconds": "${Wait}", "Next": "P"},
                    "P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                          "Parameters": {"TopicArn": "${Topic}", "Message": {"Fn::Sub": "${AWS::StackName} done"}}, "End": true}}}}}}});
        let found = definitions(&template);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource, "Machine");
        let states = &found[0].definition["States"];
        assert_eq!(states["A"]["Resource"], "${Fn.Arn}");
        assert_eq!(states["W"]["Seconds"], 30);
        assert_eq!(states["P"]["Parameters"]["TopicArn"], "${Topic}");
        assert_eq!(states["P"]["Parameters"]["Message"], "${AWS::StackName} done");
    }

    #[test]
    fn a_definition_string_is_read_too() {
        let text = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}";
        let template = json!({"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine",
            "Properties": {"DefinitionString": {"Fn::Sub": text}}}}});
        assert_eq!(definitions(&template)[0].definition["StartAt"], "A");
        assert!(definitions(&json!({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}})).is_empty());
    }
}

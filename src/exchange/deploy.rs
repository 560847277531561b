//! The way out to AWS: a SAM template with the state machine, one Node.js Lambda per handler
//! snippet (the snippet as its code), an SNS topic per topic the definition publishes to, and the
//! IAM policies they need; plus the `sam` / `aws stepfunctions` commands to deploy and run it.
//!
//! The definition's hard-coded ARNs (the playground's `us-east-1:123456789012`) become
//! `${…}` `DefinitionSubstitutions` that point at the template's own resources, so the stack
//! deploys to whichever region and account `sam deploy` targets.

use serde_json::{json, Map, Value};

use crate::host::lambda::function_name;
use crate::share::Project;

/// The Lambda runtime the functions get (AWS's current Node.js LTS runtime).
pub const NODE_RUNTIME: &str = "nodejs22.x";

/// What the export produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    /// The SAM template, JSON (CloudFormation and `sam` read JSON templates as well as YAML).
    pub template: String,
    /// Commands to deploy and run it, with what to change.
    pub commands: String,
    /// What the template leaves to the user (integrations it cannot grant, snippets it could not
    /// convert), one line each.
    pub warnings: Vec<String>,
}

/// The deployment of `project`, whose state machine will be called `name`. Fails when the
/// definition is not JSON.
pub fn deployment(project: &Project, name: &str) -> Result<Deployment, String> {
    let definition: Value =
        serde_json::from_str(&project.definition).map_err(|e| format!("the definition is not JSON: {e}"))?;
    let mut found = Found::default();
    let definition = substitute(definition, None, &mut found);
    let mut warnings = Vec::new();
    let mut resources = Map::new();
    let mut substitutions = Map::new();
    let mut policies = Vec::new();
    for (logical, function) in &found.functions {
        let source = project.handlers.iter().find(|(f, _)| f == function).map(|(_, s)| s.as_str());
        let code = match source.map(commonjs) {
            Some(Ok(code)) => code,
            Some(Err(why)) => {
                warnings
                    .push(format!("{function}: {why}; its Lambda gets the snippet unchanged, fix it before deploying"));
                source.unwrap_or_default().to_owned()
            }
            None => {
                warnings.push(format!("{function} has no handler snippet: its Lambda returns its event"));
                ECHO_CODE.to_owned()
            }
        };
        resources.insert(logical.clone(), lambda_function(function, &code));
        substitutions.insert(format!("{logical}Arn"), json!({"Fn::GetAtt": [logical, "Arn"]}));
        policies.push(json!({"LambdaInvokePolicy": {"FunctionName": {"Ref": logical}}}));
    }
    for (logical, topic) in &found.topics {
        resources.insert(logical.clone(), json!({"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": topic}}));
        substitutions.insert(format!("{logical}Arn"), json!({"Ref": logical}));
        policies.push(json!({"SNSPublishMessagePolicy": {"TopicName": {"Fn::GetAtt": [logical, "TopicName"]}}}));
    }
    for resource in &found.others {
        warnings
            .push(format!("{resource}: the template grants no permission for it; add a policy to the state machine"));
    }
    let mut machine = json!({
        "Type": "AWS::Serverless::StateMachine",
        "Properties": {"Name": name, "Type": "STANDARD", "Definition": definition, "Policies": policies}
    });
    if !substitutions.is_empty() {
        machine["Properties"]["DefinitionSubstitutions"] = Value::Object(substitutions);
    }
    resources.insert("StateMachine".into(), machine);
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": format!("{name}: exported from ASL Playground"),
        "Resources": resources,
        "Outputs": {"StateMachineArn": {"Description": "start executions with this ARN", "Value": {"Ref": "StateMachine"}}}
    });
    let template = serde_json::to_string_pretty(&template).unwrap_or_default();
    Ok(Deployment { template, commands: commands(name), warnings })
}

/// The ARNs found in the definition, by the logical id given to each.
#[derive(Debug, Default)]
struct Found {
    /// Logical id and function name.
    functions: Vec<(String, String)>,
    /// Logical id and topic name.
    topics: Vec<(String, String)>,
    /// What the template cannot grant: other services, activities, computed names.
    others: Vec<String>,
}

impl Found {
    fn function(&mut self, name: &str) -> String {
        logical_id(&mut self.functions, name, "Function")
    }

    fn topic(&mut self, name: &str) -> String {
        logical_id(&mut self.topics, name, "Topic")
    }

    /// Something the template cannot grant (another service, an activity, a computed name).
    fn other(&mut self, what: String) {
        if !self.others.contains(&what) {
            self.others.push(what);
        }
    }
}

/// The logical id of `name` (`validateOrder` → `ValidateOrderFunction`), added when new.
fn logical_id(known: &mut Vec<(String, String)>, name: &str, suffix: &str) -> String {
    if let Some((logical, _)) = known.iter().find(|(_, n)| n == name) {
        return logical.clone();
    }
    let mut base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    if let Some(first) = base.get(..1) {
        base = first.to_ascii_uppercase() + &base[1..];
    }
    let mut logical = format!("{base}{suffix}");
    let mut n = 2;
    while known.iter().any(|(l, _)| *l == logical) {
        logical = format!("{base}{suffix}{n}");
        n += 1;
    }
    known.push((logical.clone(), name.to_owned()));
    logical
}

/// The definition with Lambda and SNS ARNs replaced by `${<LogicalId>Arn}`; `key` is the field
/// holding `value`.
fn substitute(value: Value, key: Option<&str>, found: &mut Found) -> Value {
    match value {
        Value::String(text) => Value::String(substitute_string(text, key, found)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| substitute(v, None, found)).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = substitute(v, Some(&k), found);
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

fn substitute_string(text: String, key: Option<&str>, found: &mut Found) -> String {
    if text.starts_with("arn:aws:lambda:") && text.contains(":function:") {
        return format!("${{{}Arn}}", found.function(&function_name(&text)));
    }
    if text.starts_with("arn:aws:sns:") {
        let topic = text.rsplit(':').next().unwrap_or_default().to_owned();
        return format!("${{{}Arn}}", found.topic(&topic));
    }
    let computed = text.contains("{%") || key.is_some_and(|k| k.ends_with(".$"));
    match key {
        Some("FunctionName" | "FunctionName.$" | "TopicArn" | "TopicArn.$") if computed => {
            found.other(format!("{} computed at run time ({text})", key.unwrap_or_default()));
        }
        Some("FunctionName") if !text.is_empty() => {
            return format!("${{{}Arn}}", found.function(&function_name(&text)));
        }
        Some("Resource") if text.starts_with("arn:aws:states:::") => {
            let service = text.trim_start_matches("arn:aws:states:::");
            if !service.starts_with("lambda:invoke") && !service.starts_with("sns:publish") {
                found.other(text.clone());
            }
        }
        Some("Resource") if text.starts_with("arn:") || computed => found.other(text.clone()),
        _ => {}
    }
    text
}

const ECHO_CODE: &str = "exports.handler = async (event) => event;\n";

/// A handler snippet as a CommonJS module for Lambda's inline code (saved as `index.js`, which
/// Node.js loads as CommonJS): `export const handler = …` or `export async function handler`
/// loses its `export`, and `exports.handler = handler` is appended. Snippets with other `import`
/// or `export` statements are not converted.
fn commonjs(source: &str) -> Result<String, String> {
    let mut converted = String::with_capacity(source.len() + 32);
    let mut exported = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix("export ").map(str::trim_start);
        match rest {
            Some(rest) if is_handler_declaration(rest) && !exported => {
                exported = true;
                converted.push_str(&line[..line.len() - trimmed.len()]);
                converted.push_str(rest);
            }
            Some(_) => return Err("it exports something other than `handler`".into()),
            None if trimmed.starts_with("import ") => return Err("it imports modules".into()),
            None => converted.push_str(line),
        }
        converted.push('\n');
    }
    if !exported {
        return Err("it does not `export const handler` or `export async function handler`".into());
    }
    converted.push_str("\nexports.handler = handler;\n");
    Ok(converted)
}

fn is_handler_declaration(rest: &str) -> bool {
    let words: Vec<&str> =
        rest.split(|c: char| c.is_whitespace() || c == '(' || c == '=').filter(|w| !w.is_empty()).take(3).collect();
    matches!(words.as_slice(), ["const" | "let" | "var" | "function", "handler", ..] | ["async", "function", "handler"])
}

fn lambda_function(function: &str, code: &str) -> Value {
    json!({
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Description": format!("{function}: the playground's handler snippet"),
            "Runtime": NODE_RUNTIME,
            "Handler": "index.handler",
            "InlineCode": code,
            "Timeout": 10
        }
    })
}

/// The commands to deploy the template and run the state machine.
fn commands(name: &str) -> String {
    format!(
        "# Deploy with AWS SAM (it creates the functions, topics, roles and the state machine).\n\
         # Save the template as template.json; `--guided` asks for the region and saves your answers.\n\
         sam deploy --guided --template-file template.json --stack-name {name} --capabilities CAPABILITY_IAM\n\
         \n\
         # The state machine's ARN is in the stack's outputs:\n\
         aws cloudformation describe-stacks --stack-name {name} --query \"Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue\" --output text\n\
         \n\
         # Start an execution with the input saved as input.json, then follow it:\n\
         aws stepfunctions start-execution --state-machine-arn <StateMachineArn> --input file://input.json\n\
         aws stepfunctions describe-execution --execution-arn <executionArn>\n\
         # Its history imports into the playground (Import), which replays it on the graph:\n\
         aws stepfunctions get-execution-history --execution-arn <executionArn> > history.json\n\
         \n\
         # Without SAM: the definition alone (save it as definition.asl.json, with your own Lambda and SNS\n\
         # ARNs in place of the playground's us-east-1 / 123456789012 ones) and a role Step Functions may assume:\n\
         aws stepfunctions create-state-machine --name {name} --type STANDARD --definition file://definition.asl.json --role-arn arn:aws:iam::<account-id>:role/<role-name>\n"
    )
}

#[cfg(test)]
mod tests;

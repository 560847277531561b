//! The Import / Export panel's logic: what a pasted text is, and each export's text and file name.
//! The formats themselves are in [`crate::exchange`].

use serde_json::Value;

use crate::asl::{Format, Source};

use super::state::State;
use crate::exchange::{deploy, history, mock_config};

/// What the user can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The ASL definition as typed.
    Definition,
    /// The last run's history, as `get-execution-history` prints it.
    History,
    /// The last run as a MockConfigFile test case (added to the imported file, if any).
    MockConfig,
    /// A SAM template deploying the workflow and its handlers.
    SamTemplate,
    /// The commands that deploy and run it.
    Commands,
}

impl Export {
    /// Every export, in the order the panel offers them.
    pub const ALL: [Export; 5] =
        [Export::Definition, Export::History, Export::MockConfig, Export::SamTemplate, Export::Commands];

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            Export::Definition => "Definition (ASL)",
            Export::History => "Execution history",
            Export::MockConfig => "MockConfigFile",
            Export::SamTemplate => "SAM template",
            Export::Commands => "AWS commands",
        }
    }

    /// The file a download is saved as.
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Definition => "definition.asl.json",
            Export::History => "history.json",
            Export::MockConfig => "mock-config.json",
            Export::SamTemplate => "template.json",
            Export::Commands => "deploy.sh",
        }
    }
}

/// An export's text and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// The file's content.
    pub text: String,
    /// Remarks (what the export leaves to the user).
    pub notes: Vec<String>,
}

/// The export `kind` of the project in `state`, or why there is none yet.
pub fn export(state: &State, kind: Export) -> Result<Exported, String> {
    let plain = |text: String| Exported { text, notes: Vec::new() };
    match kind {
        Export::Definition => Ok(plain(state.definition.clone())),
        Export::History => run_events(state).map(|events| plain(history::export(&events))),
        Export::MockConfig => {
            let events = run_events(state)?;
            let machine = state.test_case.as_ref().map_or_else(|| pascal_case(&state.name), |(m, _)| m.clone());
            let wanted =
                if state.run.imported { "ImportedHistory".to_owned() } else { pascal_case(&input_name(state)) };
            let case = free_case_name(state, &machine, &wanted);
            let text = mock_config::with_test_case(state.mock_config.as_deref(), &machine, &case, &events)?;
            let note = format!(
                "Test case \"{case}\" of state machine \"{machine}\" answers each task as the last run did. \
                 Run it: asl run definition.asl.json --input input.json --mock-config mock-config.json --name {machine} --test-case {case}. \
                 In Step Functions Local: set SFN_MOCK_CONFIG to the file's path and start the execution of \
                 arn:aws:states:us-east-1:123456789012:stateMachine:{machine}#{case}."
            );
            Ok(Exported { text, notes: vec![note] })
        }
        Export::SamTemplate => {
            let deployment = deploy::deployment(&state.project(), &kebab_case(&state.name))?;
            let mut notes = vec![DEPLOY_NOTE.to_owned()];
            notes.extend(deployment.warnings);
            Ok(Exported { text: deployment.template, notes })
        }
        Export::Commands => Ok(plain(deploy::deployment(&state.project(), &kebab_case(&state.name))?.commands)),
    }
}

/// `wanted`, or `wanted2`, `wanted3`… when the imported file already has a case of that name (it
/// is never overwritten).
fn free_case_name(state: &State, machine: &str, wanted: &str) -> String {
    let taken = state.test_cases();
    let is_free = |name: &str| !taken.iter().any(|(m, c)| m == machine && c == name);
    (1..)
        .map(|n| if n == 1 { wanted.to_owned() } else { format!("{wanted}{n}") })
        .find(|name| is_free(name))
        .unwrap_or_default()
}

/// What to change before deploying, shown with the template.
const DEPLOY_NOTE: &str =
    "Deploy it with `sam deploy --guided --template-file template.json` (see AWS commands): it asks for \
the region and uses your account. The playground's us-east-1 / 123456789012 ARNs are replaced by references to the \
stack's own functions and topics, so nothing else needs changing; each handler snippet becomes a Node.js function.";

fn run_events(state: &State) -> Result<std::cell::Ref<'_, [crate::engine::HistoryEvent]>, String> {
    match state.run.events.is_empty() {
        true => Err("Nothing has run yet: press Run (or import a history) first.".into()),
        false => Ok(state.run.events.slice()),
    }
}

fn input_name(state: &State) -> String {
    state.inputs.get(state.selected_input).map_or_else(|| "Case".to_owned(), |i| i.name.clone())
}

/// What a pasted or opened text turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Import {
    /// An execution history, to replay.
    History(history::Replay),
    /// A MockConfigFile.
    MockConfig(String),
    /// An ASL definition.
    Definition(String),
    /// An ASL definition made into JSON from what was imported (YAML, or a SAM or
    /// CloudFormation template), and a sentence saying what was done.
    Converted {
        /// The definition as pretty JSON.
        definition: String,
        /// What was converted from what.
        note: String,
    },
}

/// Recognises `text` (JSON, or YAML): a history (`events`), a MockConfigFile (`StateMachines`),
/// a definition (`States`), or a SAM or CloudFormation template holding one; anything else is
/// refused with the reason.
pub fn classify(text: &str) -> Result<Import, String> {
    let source = Source::read(text).map_err(|d| {
        format!("Import reads JSON or YAML, and this is neither: {} (line {}, column {})", d.message, d.line, d.column)
    })?;
    let value = &source.value.to_serde();
    let has = |key: &str| value.get(key).is_some();
    let yaml = source.format == Format::Yaml;
    if has("events") || value.is_array() {
        history::import(text).map(Import::History).map_err(|why| format!("This history cannot be replayed: {why}."))
    } else if has("StateMachines") || has("MockedResponses") {
        Ok(Import::MockConfig(text.to_owned()))
    } else if has("States") && yaml {
        let note = "The YAML definition was converted to JSON (YAML 1.2: `Yes` stays a string).".to_owned();
        Ok(Import::Converted { definition: pretty(value), note })
    } else if has("States") {
        Ok(Import::Definition(text.to_owned()))
    } else if has("Resources") {
        from_template(value, yaml)
    } else {
        Err("Import takes an ASL definition (JSON or YAML), a SAM or CloudFormation template, an execution history (aws stepfunctions get-execution-history) or a MockConfigFile; this is none of them.".into())
    }
}

/// The first state machine of a template, with a note naming it and the others.
fn from_template(template: &Value, yaml: bool) -> Result<Import, String> {
    let found = crate::exchange::template::definitions(template);
    let Some(first) = found.first() else {
        return Err("This template has no AWS::Serverless::StateMachine or AWS::StepFunctions::StateMachine with an inline Definition.".into());
    };
    let others: Vec<&str> = found.iter().skip(1).map(|f| f.resource.as_str()).collect();
    let mut note = format!(
        "The definition of {} was taken from the {} template; intrinsic functions became ${{…}} placeholders (DefinitionSubstitutions).",
        first.resource,
        if yaml { "YAML" } else { "JSON" }
    );
    if !others.is_empty() {
        note.push_str(&format!(" The template also defines: {}.", others.join(", ")));
    }
    Ok(Import::Converted { definition: pretty(&first.definition), note })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `in stock` → `InStock`: a name for a test case or state machine.
fn pascal_case(text: &str) -> String {
    let words = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let name: String = words.map(|w| w[..1].to_ascii_uppercase() + &w[1..]).collect();
    if name.is_empty() {
        "Playground".into()
    } else {
        name
    }
}

/// `Order processing` → `order-processing`: a stack or state machine name. CloudFormation wants
/// `[a-zA-Z][-a-zA-Z0-9]*` for stacks and Step Functions at most 80 characters for names.
fn kebab_case(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut name = match words.join("-") {
        joined if joined.is_empty() => "asl-playground".to_owned(),
        joined if joined.starts_with(|c: char| c.is_ascii_digit()) => format!("workflow-{joined}"),
        joined => joined,
    };
    name.truncate(80);
    name.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests;

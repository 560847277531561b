//! What an Express state machine may not use: AWS rejects `.sync` and `.waitForTaskToken`
//! integrations when the state machine's type is EXPRESS.

use super::diagnostic::{Code, Diagnostic};
use super::load::escape;
use super::model::{StateKind, StateMachine, Workflow};
use super::source::Source;

/// Every Task of `machine` (at any depth) whose resource Express workflows do not support.
pub fn express_problems(machine: &StateMachine, source: &Source) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut stack = vec![(machine.workflow.as_ref(), String::new())];
    while let Some((workflow, pointer)) = stack.pop() {
        visit(workflow, &pointer, source, &mut problems, &mut stack);
    }
    problems
}

fn visit<'w>(
    workflow: &'w Workflow,
    pointer: &str,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
    stack: &mut Vec<(&'w Workflow, String)>,
) {
    for state in &workflow.states {
        let here = format!("{pointer}/States/{}", escape(&state.name));
        match &state.kind {
            StateKind::Task(task)
                if task.resource.arn.ends_with(".waitForTaskToken") || task.resource.arn.contains(".sync") =>
            {
                let pointer = format!("{here}/Resource");
                let (line, column) = source.line_column(&pointer);
                problems.push(Diagnostic {
                    code: Code::InvalidValue,
                    message: format!("Express state machines do not support the resource \"{}\" (.sync and .waitForTaskToken are Standard only)", task.resource.arn),
                    pointer,
                    line,
                    column,
                });
            }
            StateKind::Parallel(parallel) => {
                for (i, branch) in parallel.branches.iter().enumerate() {
                    stack.push((branch.as_ref(), format!("{here}/Branches/{i}")));
                }
            }
            StateKind::Map(map) => stack.push((map.processor.as_ref(), format!("{here}/{}", map.processor_field))),
            _ => {}
        }
    }
}

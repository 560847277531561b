//! Workflow variables (`Assign`, read as `$name`): a chain of scopes. A Parallel branch or a Map
//! iteration reads the variables of the scope it started in and assigns only its own.

use std::collections::HashMap;
use std::rc::Rc;

use json_value::Value;

use super::context::ContextObject;
use super::path::{Path, PathError, Root};
use crate::asl::{ErrorName, Failure};

/// The document `path` reads: `input` (`$`), `context` (`$$`), or a variable's value (`$name`).
pub fn document<'a>(
    path: &Path,
    input: &'a Value,
    context: &'a dyn ContextObject,
    variables: &'a Variables,
) -> Result<&'a Value, Failure> {
    match path.root() {
        Root::Input => Ok(input),
        Root::Context => Ok(context.whole()),
        Root::Variable => {
            let name = path.variable().unwrap_or_default();
            variables.get(name).ok_or_else(|| undefined(name, path))
        }
    }
}

/// `path` evaluated in the document it reads ([`Path::eval`]); a `$$` path the context object
/// answers itself ([`ContextObject::at`]) does not build it. `Err`: an undefined variable.
pub fn eval_path(
    path: &Path,
    input: &Value,
    context: &dyn ContextObject,
    variables: &Variables,
) -> Result<Result<Value, PathError>, Failure> {
    match path.root() {
        Root::Input => {
            if let Some(found) = path.found(input) {
                return Ok(Ok(found.clone())); // the usual case, without the layers below
            }
        }
        Root::Context => {
            if let Some(value) = context.at(path) {
                return Ok(Ok(value));
            }
        }
        Root::Variable => {}
    }
    Ok(path.eval(document(path, input, context, variables)?))
}

// AWS: States.Runtime, "Invalid path '$x': The variable 'x' is not defined" (see tests/conformance
// for what is known of AWS's wording).
fn undefined(name: &str, path: &Path) -> Failure {
    Failure::new(ErrorName::Runtime, format!("Invalid path '{}': The variable '{name}' is not defined", path.text()))
}

/// The variables one frame sees: its own, then its parents'.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variables {
    values: HashMap<String, Value>,
    parent: Option<Rc<Variables>>,
}

impl Variables {
    /// The value of `name`: this scope's, else the nearest enclosing scope's.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let mut scope = Some(self);
        while let Some(current) = scope {
            if let Some(value) = current.values.get(name) {
                return Some(value);
            }
            scope = current.parent.as_deref();
        }
        None
    }

    /// A new scope inside `parent`, for a branch or an iteration.
    pub fn child(parent: &Rc<Variables>) -> Variables {
        Variables { values: HashMap::new(), parent: Some(parent.clone()) }
    }

    /// Sets `name` in this scope.
    pub fn assign(&mut self, name: String, value: Value) {
        self.values.insert(name, value);
    }

    /// Whether no scope in the chain holds a variable.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.parent.as_ref().is_none_or(|p| p.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use json_value::json;

    #[test]
    fn inner_scopes_read_outer_ones_and_shadow_them() {
        let mut outer = Variables::default();
        outer.assign("x".into(), json!(1));
        outer.assign("y".into(), json!(2));
        let outer = Rc::new(outer);
        let mut inner = Variables::child(&outer);
        inner.assign("y".into(), json!(20));
        assert_eq!((inner.get("x"), inner.get("y"), inner.get("z")), (Some(&json!(1)), Some(&json!(20)), None));
        assert_eq!(outer.get("y"), Some(&json!(2)));
    }
}

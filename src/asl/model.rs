//! The typed model of a definition, named after the States Language spec.

/// A loaded state machine: the top-level fields and its states in definition order.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// `Comment`, if any.
    pub comment: Option<String>,
    /// `StartAt`: the name of the first state.
    pub start_at: String,
    /// `States`, in the order the definition lists them.
    pub states: Vec<State>,
}

impl StateMachine {
    /// The states' names, in definition order.
    pub fn state_names(&self) -> Vec<&str> {
        self.states.iter().map(|s| s.name.as_str()).collect()
    }

    /// The state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.states.iter().find(|s| s.name == name)
    }
}

/// One named state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The key under `States`.
    pub name: String,
    /// `Type`.
    pub kind: StateKind,
    /// `Next`, for states that continue.
    pub next: Option<String>,
}

/// The eight state types of ASL (`Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateKind {
    /// `"Type": "Pass"`.
    Pass,
    /// `"Type": "Task"`.
    Task,
    /// `"Type": "Choice"`.
    Choice,
    /// `"Type": "Wait"`.
    Wait,
    /// `"Type": "Succeed"`.
    Succeed,
    /// `"Type": "Fail"`.
    Fail,
    /// `"Type": "Parallel"`.
    Parallel,
    /// `"Type": "Map"`.
    Map,
}

impl StateKind {
    /// Every state type, in the spec's order.
    pub const ALL: [StateKind; 8] = [
        StateKind::Pass,
        StateKind::Task,
        StateKind::Choice,
        StateKind::Wait,
        StateKind::Succeed,
        StateKind::Fail,
        StateKind::Parallel,
        StateKind::Map,
    ];

    /// The `Type` string, as ASL spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateKind::Pass => "Pass",
            StateKind::Task => "Task",
            StateKind::Choice => "Choice",
            StateKind::Wait => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail => "Fail",
            StateKind::Parallel => "Parallel",
            StateKind::Map => "Map",
        }
    }

    /// The state type named by a `Type` string.
    pub fn from_type(name: &str) -> Option<StateKind> {
        StateKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

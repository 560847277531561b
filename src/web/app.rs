//! The root component: owns the [`State`] through a reducer and lays out the panels.

use std::rc::Rc;

use yew::prelude::*;

use super::panels::{DefinitionEditor, HandlerList, InputPicker, StateList};
use crate::app::{reduce, Action, State};

/// [`State`] behind Yew's reducer hook; every change goes through [`reduce`].
#[derive(Default, PartialEq)]
struct Store(State);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Store(reduce(self.0.clone(), action)))
    }
}

/// A callback that turns a DOM-level value into an [`Action`] and dispatches it.
fn dispatcher<T: 'static>(store: &UseReducerHandle<Store>, make: fn(T) -> Action) -> Callback<T> {
    let store = store.clone();
    Callback::from(move |value| store.dispatch(make(value)))
}

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(Store::default);
    let state = &store.0;
    let on_reset = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::ResetToExample))
    };
    html! {
        <div class="playground">
            <header class="topbar">
                <h1>{ "ASL Playground" }</h1>
                <span class="tagline">{ "Amazon States Language, run in your browser" }</span>
                <button class="reset" onclick={on_reset}>{ "Reset to example" }</button>
            </header>
            <section class="panel editor-panel">
                <h2>{ "Definition" }</h2>
                <DefinitionEditor text={state.definition.clone()} on_change={dispatcher(&store, Action::EditDefinition)} />
            </section>
            <section class="panel side-panel">
                <h2>{ "States" }</h2>
                <StateList outline={state.outline.clone()} />
                <h2>{ "Input" }</h2>
                <InputPicker
                    inputs={state.inputs.clone()}
                    selected={state.selected_input}
                    on_select={dispatcher(&store, Action::SelectInput)}
                />
                <h2>{ "Lambda handlers" }</h2>
                <HandlerList handlers={state.handlers.clone()} />
            </section>
        </div>
    }
}

//! Autosave without a save per keystroke: the project is written to localStorage a moment
//! after the last change (a burst of typing is one save), and at once when the page is hidden,
//! closed or reloaded (`visibilitychange`, `pagehide`), so closing the tab loses nothing.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::persistence;
use crate::share::Project;

/// How long after the last change the save happens.
const SAVE_DELAY_MS: u32 = 400;

/// The change not saved yet, and whom to tell if saving fails.
type Pending = Rc<RefCell<Option<(Project, Callback<String>)>>>;

/// Saves `project` after each change once `enabled` (the link or save has been opened).
#[hook]
pub fn use_autosave(project: Project, enabled: bool, on_error: Callback<String>) {
    let pending: Pending = use_mut_ref(|| None);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listeners = flush_listeners(&pending);
            move || drop(listeners)
        });
    }
    use_effect_with((project, enabled), move |(project, enabled)| {
        if *enabled {
            *pending.borrow_mut() = Some((project.clone(), on_error));
            let later = pending.clone();
            *timer.borrow_mut() = Some(Timeout::new(SAVE_DELAY_MS, move || save(&later)));
        }
    });
}

fn flush_listeners(pending: &Pending) -> [EventListener; 2] {
    let on_hide = pending.clone();
    let on_hidden = pending.clone();
    [
        EventListener::new(&gloo::utils::window(), "pagehide", move |_| save(&on_hide)),
        EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
            if gloo::utils::document().hidden() {
                save(&on_hidden);
            }
        }),
    ]
}

fn save(pending: &Pending) {
    let Some((project, on_error)) = pending.borrow_mut().take() else { return };
    if let Err(why) = persistence::autosave(&project) {
        on_error.emit(format!("Your work could not be saved in this browser ({why}); copy a link to keep it."));
    }
}

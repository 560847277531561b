//! Opening a link without losing work: what the user had open is kept in Projects when it is
//! work they would otherwise lose, and a link whose handler code is someone else's says so.

use crate::examples::{self, Handler};
use crate::share::library::Library;
use crate::share::Project;

/// Whether opening something else would lose `current`: it is not an untouched example, not
/// saved by name as it is, and not the project being opened.
pub fn would_be_lost(current: &Project, library: &Library, opening: &Project) -> bool {
    let untouched = examples::gallery().iter().any(|e| e.project() == *current);
    !(untouched || library.contains(current) || current == opening)
}

/// A name for work kept when a link opened at `when`, unused in `library`.
pub fn kept_name(current: &Project, when: &str, library: &Library) -> String {
    let base = format!("{} (kept when a link opened, {when})", current.name.trim());
    let names = library.names();
    (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base} {n}") })
        .find(|name| !names.contains(name))
        .unwrap_or(base)
}

/// The functions whose handler code is neither an example's nor a generated echo: code from
/// whoever made the link.
pub fn foreign_handlers(handlers: &[Handler]) -> Vec<String> {
    let known: Vec<Handler> = examples::gallery().into_iter().flat_map(|e| e.handlers).collect();
    handlers
        .iter()
        .filter(|h| h.source != super::ECHO_HANDLER && !known.iter().any(|k| k.source == h.source))
        .map(|h| h.function_name.clone())
        .collect()
}

/// What the notice says when a link opened: nothing ran, whose code the handlers are, and
/// where the previous work went.
pub fn opened_notice(foreign: &[String], kept_as: Option<&str>) -> String {
    let mut text = "Opened from a link. Nothing has run: read the definition and handlers, then press Run.".to_owned();
    if !foreign.is_empty() {
        text.push_str(&format!(
            " Its handler code ({}) comes from whoever made the link: it runs only in a sandbox without network access or access to your saved projects, but read it before you run it.",
            foreign.join(", ")
        ));
    }
    if let Some(name) = kept_as {
        text.push_str(&format!(" Your previous work is saved in Projects as \"{name}\"."));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_work_that_would_be_lost_is_kept() {
        let example = examples::order().project();
        let edited = Project { definition: "{}".into(), ..example.clone() };
        let mut library = Library::default();
        assert!(!would_be_lost(&example, &library, &edited), "an untouched example");
        assert!(!would_be_lost(&edited, &library, &edited), "the link's own project");
        assert!(would_be_lost(&edited, &library, &example));
        library.save(&edited);
        assert!(!would_be_lost(&edited, &library, &example), "saved by name as it is");
    }

    #[test]
    fn a_kept_name_is_unused() {
        let project = Project { name: "Mine".into(), ..examples::order().project() };
        let mut library = Library::default();
        let first = kept_name(&project, "2026-12-01 10:00", &library);
        assert_eq!(first, "Mine (kept when a link opened, 2026-12-01 10:00)");
        library.save(&Project { name: first.clone(), ..project.clone() });
        assert_eq!(kept_name(&project, "2026-12-01 10:00", &library), format!("{first} 2"));
    }

    #[test]
    fn handler_code_from_elsewhere_is_named() {
        let mut handlers = examples::order().handlers;
        assert!(foreign_handlers(&handlers).is_empty());
        handlers[1].source = "export const handler = async () => fetch('x');".into();
        assert_eq!(foreign_handlers(&handlers), ["checkInventory"]);
        assert!(opened_notice(&["checkInventory".into()], Some("K"))
            .contains("(checkInventory) comes from whoever made the link"));
    }
}

//! Named projects kept in the browser: each saved as its share-link fragment (so old saves open
//! through the same versioned decoder as old links), in a small versioned JSON index.

use serde::{Deserialize, Serialize};

use super::{decode, encode, Project, ShareError};

/// The projects the user saved by name, most recently saved first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Library {
    /// The index's format.
    version: u32,
    /// Name and fragment of each project.
    projects: Vec<SavedProject>,
}

/// One saved project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedProject {
    /// Its name (unique in the library).
    pub name: String,
    /// Its share-link fragment (`v1/…`).
    pub link: String,
}

/// The most projects kept (localStorage holds about 5 MB; a project is a few KB).
pub const MAX_SAVED: usize = 50;

impl Library {
    /// The library stored as `text`; `None` when it is not one (the caller keeps it aside).
    pub fn parse(text: &str) -> Option<Library> {
        serde_json::from_str::<Library>(text).ok().filter(|l| l.version == 1)
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        serde_json::to_string(&Library { version: 1, projects: self.projects.clone() }).unwrap_or_default()
    }

    /// The saved projects' names, most recent first.
    pub fn names(&self) -> Vec<String> {
        self.projects.iter().map(|p| p.name.clone()).collect()
    }

    /// Saves `project` under its name, replacing a project of that name; beyond [`MAX_SAVED`],
    /// the oldest is dropped and its name returned.
    pub fn save(&mut self, project: &Project) -> Option<String> {
        self.version = 1;
        self.projects.retain(|p| p.name != project.name);
        self.projects.insert(0, SavedProject { name: project.name.clone(), link: encode(project) });
        let dropped = self.projects.get(MAX_SAVED).map(|p| p.name.clone());
        self.projects.truncate(MAX_SAVED);
        dropped
    }

    /// The project saved as `name`.
    pub fn open(&self, name: &str) -> Option<Result<Project, ShareError>> {
        self.projects.iter().find(|p| p.name == name).map(|p| decode(&p.link))
    }

    /// Whether `project` is saved, exactly as it is, under its name.
    pub fn contains(&self, project: &Project) -> bool {
        let link = encode(project);
        self.projects.iter().any(|p| p.name == project.name && p.link == link)
    }

    /// Forgets the project saved as `name`.
    pub fn delete(&mut self, name: &str) {
        self.projects.retain(|p| p.name != name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(name: &str, definition: &str) -> Project {
        Project { name: name.into(), definition: definition.into(), ..crate::examples::order().project() }
    }

    #[test]
    fn projects_are_saved_by_name_reopened_and_deleted() {
        let mut library = Library::default();
        library.save(&project("A", "{}"));
        library.save(&project("B", "{}"));
        library.save(&project("A", "{\"edited\": true}"));
        assert_eq!(library.names(), ["A", "B"]);
        assert_eq!(library.open("A"), Some(Ok(project("A", "{\"edited\": true}"))));
        let stored = Library::parse(&library.to_text()).expect("reads back");
        assert_eq!(stored, library);
        library.delete("A");
        assert_eq!((library.names(), library.open("A")), (vec!["B".to_owned()], None));
    }

    #[test]
    fn at_most_fifty_are_kept_the_oldest_go_first() {
        let mut library = Library::default();
        for i in 0..MAX_SAVED {
            assert_eq!(library.save(&project(&format!("P{i}"), "{}")), None);
        }
        assert_eq!(library.save(&project(&format!("P{MAX_SAVED}"), "{}")), Some("P0".to_owned()));
        assert_eq!(library.names().len(), MAX_SAVED);
        assert_eq!(library.names()[0], format!("P{MAX_SAVED}"));
        assert!(library.open("P0").is_none());
    }

    #[test]
    fn a_damaged_index_or_entry_is_reported_not_trusted() {
        assert_eq!(Library::parse("{"), None);
        assert_eq!(Library::parse("{\"version\": 9, \"projects\": []}"), None);
        let damaged =
            Library::parse(r#"{"version": 1, "projects": [{"name": "X", "link": "v1/AAAA"}]}"#).expect("index");
        assert!(matches!(damaged.open("X"), Some(Err(_))));
    }
}

//! The definition: Amazon States Language JSON loaded into a typed model.
//!
//! [`load`] parses a definition once and reports every problem it finds as a [`Diagnostic`]
//! carrying a JSON pointer and the line and column of the offending value.

mod diagnostic;
mod error;
mod express;
pub mod lint;
mod load;
mod model;
mod resource;
mod source;
mod span;
pub mod yaml;

pub use diagnostic::{Code, Diagnostic};
pub use error::{error_matches, ErrorName, Failure};
pub use express::express_problems;
pub use load::{escape as escape_pointer, load, load_source};
pub use model::*;
pub use resource::{Integration, Pattern, Resource};
pub use source::{Format, Source, MAX_DEFINITION_CHARS};
pub use span::{line_column, locate, Location};

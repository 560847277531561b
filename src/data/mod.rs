//! Pure data flow: ASL's JSONPath, intrinsic functions, payload templates, Choice rules, and the
//! state input/output pipeline.

pub mod choice;
pub mod context;
pub mod intrinsic;
pub mod io;
pub mod jsonata;
pub mod path;
pub mod payload;
pub mod timestamp;
pub mod variables;

//! ASL Playground: an interpreter of Amazon States Language (the language of AWS Step Functions)
//! that runs natively and in the browser.
//!
//! The crate is laid out after the ASL spec and the playground's layers:
//! - [`asl`]: the definition — loading JSON into a typed model, with every problem reported at once;
//! - [`examples`]: the projects the playground ships with (definition, handlers, named inputs);
//! - [`app`]: the playground's UI state as plain data, changed only by a pure `reduce`;
//! - `web` (wasm32 only): the Yew components that render [`app`] state.
//!
//! ```
//! use asl_playground::asl;
//!
//! let machine = asl::load(r#"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}"#)
//!     .expect("a valid definition");
//! assert_eq!(machine.start_at(), "Hello");
//! assert_eq!(machine.state_names(), vec!["Hello"]);
//! ```

pub mod app;
pub mod asl;
pub mod data;
pub mod engine;
pub mod examples;
pub mod exchange;
pub mod graph;
pub mod hash;
pub mod host;
pub mod share;

#[cfg(target_arch = "wasm32")]
pub mod web;

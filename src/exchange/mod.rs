//! What goes in and out of the playground besides links: execution histories as
//! `aws stepfunctions get-execution-history` prints them (exported from a run, imported for a
//! replay), MockConfigFiles for the `asl` CLI, Step Functions Local and LocalStack, and what it
//! takes to deploy to AWS (a SAM template and `aws stepfunctions` commands). Pure: the page only
//! moves the strings.

pub mod deploy;
pub mod history;
pub mod mock_config;
pub mod template;

//! Share links: the whole project in the URL fragment (`#v1/…`), no server involved. The project
//! is JSON, deflated, in base64url. Links carry their version; old versions keep opening through
//! [`decode`]'s migrations, and anything else — truncated, corrupted, hostile — is an error the
//! page reports while leaving the user's work alone.

mod base64url;
pub mod library;

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use serde::{Deserialize, Serialize};

/// The most a link may inflate to: larger is refused (no zip bombs).
pub const MAX_PROJECT_BYTES: usize = 2 * 1024 * 1024;

/// Everything a link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The definition's text.
    pub definition: String,
    /// Lambda handler snippets: function name and JavaScript source.
    pub handlers: Vec<(String, String)>,
    /// Named inputs: name and JSON document.
    pub inputs: Vec<(String, serde_json::Value)>,
    /// Which input Run uses.
    pub selected_input: usize,
    /// Other integrations' answers: resource and JSON text.
    #[serde(default)]
    pub static_responses: Vec<(String, String)>,
    /// A handler's time limit, in milliseconds.
    #[serde(default = "default_limit")]
    pub handler_limit_ms: u32,
    /// What the user calls the project (links from before it had a name have none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// An imported MockConfigFile's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_config: Option<String>,
    /// The test case (state machine, case) of `mock_config` that answers tasks, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_case: Option<(String, String)>,
    /// The mock S3's objects: bucket, key, content (an empty key: an empty bucket).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub s3: Vec<(String, String, String)>,
}

/// The most S3 content a link carries: larger objects stay out of links (they are kept in the
/// saved project), and the page says which.
pub const MAX_LINK_S3_BYTES: usize = 32 * 1024;

/// The project as a link carries it: S3 objects beyond [`MAX_LINK_S3_BYTES`] (in order) left
/// out; their keys.
pub fn for_link(project: &Project) -> (Project, Vec<String>) {
    let (mut kept, mut left_out, mut bytes) = (Vec::new(), Vec::new(), 0);
    for (bucket, key, body) in &project.s3 {
        bytes += body.len();
        if bytes > MAX_LINK_S3_BYTES {
            left_out.push(format!("{bucket}/{key}"));
        } else {
            kept.push((bucket.clone(), key.clone(), body.clone()));
        }
    }
    (Project { s3: kept, ..project.clone() }, left_out)
}

fn default_limit() -> u32 {
    5_000
}

/// Why a fragment did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// Not `v<N>/…`.
    NotALink,
    /// A version this playground does not know (a newer one, perhaps).
    UnknownVersion(String),
    /// The payload is not base64url, or not deflate, or too large.
    Corrupted(String),
    /// The payload is not a project.
    NotAProject(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotALink => write!(f, "this link does not hold a project"),
            ShareError::UnknownVersion(v) => write!(f, "this link was made by a newer playground (format {v})"),
            ShareError::Corrupted(why) => write!(f, "this link is damaged or cut short ({why})"),
            ShareError::NotAProject(why) => write!(f, "this link does not hold a valid project ({why})"),
        }
    }
}

/// The fragment (without `#`) for `project`.
pub fn encode(project: &Project) -> String {
    let json = serde_json::to_vec(project).unwrap_or_default();
    format!("v1/{}", base64url::encode(&compress_to_vec(&json, 9)))
}

/// The project in a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Project, ShareError> {
    let fragment = fragment.trim_start_matches('#');
    let (version, payload) = fragment.split_once('/').ok_or(ShareError::NotALink)?;
    match version {
        "v1" => decode_v1(payload),
        v if v.starts_with('v') && v.len() < 8 => Err(ShareError::UnknownVersion(v.to_owned())),
        _ => Err(ShareError::NotALink),
    }
}

fn decode_v1(payload: &str) -> Result<Project, ShareError> {
    let bytes = base64url::decode(payload).ok_or_else(|| ShareError::Corrupted("not base64url".into()))?;
    let json = decompress_to_vec_with_limit(&bytes, MAX_PROJECT_BYTES)
        .map_err(|e| ShareError::Corrupted(format!("{:?}", e.status)))?;
    let project: Project = serde_json::from_slice(&json).map_err(|e| ShareError::NotAProject(e.to_string()))?;
    if project.selected_input >= project.inputs.len().max(1) {
        return Err(ShareError::NotAProject("the selected input does not exist".into()));
    }
    Ok(project)
}

#[cfg(test)]
mod tests;

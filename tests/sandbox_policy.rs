//! The handler sandbox's policy (static/sandbox.html): its one inline script is allowed by hash
//! and nothing else is (no network, no other scripts), so an edit of the script must update the
//! hash. The behaviour itself (no storage, no network, no nested Workers, time limits) is tested
//! in a browser: tests/e2e.
#![cfg(not(target_arch = "wasm32"))]

use sha2::{Digest, Sha256};

const SANDBOX: &str = include_str!("../static/sandbox.html");

fn policy() -> &'static str {
    let start = SANDBOX.find("content=\"").map(|i| i + 9).expect("a CSP meta tag");
    let end = SANDBOX[start..].find('"').map(|i| start + i).expect("closed");
    &SANDBOX[start..end]
}

fn script() -> &'static str {
    let start = SANDBOX.find("<script>").map(|i| i + 8).expect("the inline script");
    let end = SANDBOX.rfind("</script>").expect("closed");
    &SANDBOX[start..end]
}

#[test]
fn the_inline_script_is_allowed_by_its_hash_and_nothing_else_is() {
    let hash = base64(&Sha256::digest(script().as_bytes()));
    let expected = format!("default-src 'none'; script-src 'sha256-{hash}' 'unsafe-eval'; worker-src blob:");
    assert_eq!(policy(), expected, "update static/sandbox.html's policy to this after editing its script");
    assert_eq!(SANDBOX.matches("<script").count(), 1, "one script, inline");
}

/// Standard base64 with padding (as CSP hashes are written).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_is_the_standard_one() {
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"M"), "TQ==");
}

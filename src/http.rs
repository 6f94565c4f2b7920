//! What both chat channels need at their HTTP borders: describing a failed request without its
//! URL (it can hold a bot token), reading only the first bytes of a download, and comparing
//! secrets in constant time.

/// The kind of a failed request, never its URL.
pub fn error_kind(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else if e.is_body() || e.is_decode() {
        "answer cut short".into()
    } else {
        "request failed".into()
    }
}

/// The first `max` bytes of a response body; the rest is not read.
pub async fn read_head(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    // Not all of `max` at once: a download of a few bytes may be allowed megabytes.
    let mut head = Vec::with_capacity(max.min(64 * 1024));
    while head.len() < max {
        match resp.chunk().await {
            Ok(Some(chunk)) => head.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(e) => return Err(error_kind(&e)),
        }
    }
    head.truncate(max);
    Ok(head)
}

/// Compares two secrets in time that does not depend on where they differ (only on whether
/// their lengths do).
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    let diff = given
        .iter()
        .zip(expected)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc-123", b"abc-123"));
        assert!(!same_secret(b"abc-124", b"abc-123"));
        assert!(!same_secret(b"abc", b"abc-123"));
        assert!(!same_secret(b"", b"x"));
    }
}

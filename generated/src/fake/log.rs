//! What the fake remembers about its calls: every request, and counts per method.

use std::time::Duration;

use serde_json::Value;

use crate::method::Encoding;

/// One call the fake received, whatever it answered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The Slack method named in the URL path, such as `admin.users.session.list`.
    pub method: String,
    /// The body's encoding, or `None` when its `Content-Type` was neither form nor JSON.
    pub encoding: Option<Encoding>,
    /// The arguments as a JSON object. When they fit the method's request type, form
    /// values are normalised to what they mean (lists, booleans, numbers) and both
    /// encodings of one request log alike; otherwise they are kept as sent.
    pub args: Value,
    /// When the call arrived, in real time since the fake started.
    pub at: Duration,
    /// The HTTP status of the answer (429 for a rate-limited call).
    pub status: u16,
    /// The label of the accepted token that made the call, if any: never its text.
    pub token: Option<String>,
}

/// Counts of one method's calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodStats {
    /// Every call received, refused ones included.
    pub calls: u64,
    /// The calls answered with HTTP 429.
    pub rate_limited: u64,
}

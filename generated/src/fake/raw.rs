//! Raw calls: a body the client would never send, posted as it is, and Slack's
//! envelope read back as it came.

use std::io;

use serde_json::Value;

use crate::method::Encoding;
use crate::token::Token;

/// The answer to [`FakeSlack::post`](super::FakeSlack::post), as the fake sent it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RawReply {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// The body as JSON; `Value::Null` when it was not JSON.
    pub body: Value,
}

impl RawReply {
    /// The `error` code of an `ok: false` envelope.
    pub fn error(&self) -> Option<&str> {
        self.body.get("error").and_then(Value::as_str)
    }

    /// Whether the envelope says `ok: true`.
    pub fn is_ok(&self) -> bool {
        self.body.get("ok").and_then(Value::as_bool) == Some(true)
    }
}

/// A JSON object as form pairs: text as it is, lists joined with commas, anything else
/// as its JSON text.
fn form_pairs(body: &Value) -> String {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in body.as_object().into_iter().flatten() {
        let value = match value {
            Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
            other => text(other),
        };
        form.append_pair(name, &value);
    }
    form.finish()
}

pub(crate) async fn post(
    base: &str,
    method: &str,
    token: &Token,
    encoding: Encoding,
    body: &Value,
) -> io::Result<RawReply> {
    let (content_type, bytes) = match encoding {
        Encoding::Json => ("application/json; charset=utf-8", body.to_string()),
        _ => ("application/x-www-form-urlencoded", form_pairs(body)),
    };
    let response = reqwest::Client::new()
        .post(format!("{base}/{method}"))
        .header(reqwest::header::AUTHORIZATION, token.bearer_header().map_err(io::Error::other)?)
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .map_err(io::Error::other)?;
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = response.bytes().await.map_err(io::Error::other)?;
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok(RawReply { status, retry_after, body })
}

//! The Slack token, kept out of every `Debug` output, log line and error message.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

/// A Slack user token (`xoxp-…`) that the client presents as `Authorization: Bearer`.
///
/// The token is a secret that can reset every session in an Enterprise organization,
/// so this type is built to leak it nowhere: its `Debug` output is a fixed redaction,
/// it has no `Display`, and its text is reached only through the plainly named
/// [`expose`](Token::expose). The only place the
/// token ever appears is the `Authorization` header, which is marked sensitive so
/// that the HTTP stack never prints it either.
///
/// ```
/// # use slack_admin_users_session::Token;
/// let token = Token::new("xoxp-1234");
/// assert_eq!(format!("{token:?}"), "Token(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Arc<str>);

impl Token {
    /// Wraps the token text, for example read from an environment variable.
    pub fn new(token: impl Into<String>) -> Self {
        Token(Arc::from(token.into()))
    }

    /// The token's text, for the one place that must have it: storing a rotated pair
    /// ([`RotatingToken::on_refresh`](crate::RotatingToken::on_refresh)). Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value, marked sensitive. Fails if the token holds
    /// characters that cannot appear in an HTTP header (such as a stray newline).
    pub(crate) fn bearer_header(&self) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token::new(token)
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token::new(token)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

//! Slack's token rotation in the fake: `oauth.v2.access` trades a refresh token, once,
//! for an access token that expires on the fake's clock and a new refresh token.

use std::time::Duration;

use serde_json::{json, Value};

use crate::token::Token;

/// The log label of the caller that every rotated access token stands for.
pub(crate) const ROTATED_LABEL: &str = "rotated";

/// The default life of a rotated access token, in Slack time: Slack's 12 hours.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// An app whose tokens rotate, as the fake knows it: what `oauth.v2.access` checks.
///
/// ```
/// # use std::time::Duration;
/// # use slack_admin_users_session::fake::TokenRotation;
/// let rotation = TokenRotation::new("app-1", "app-secret", "xoxe-1-first").lifetime(Duration::from_secs(600));
/// # let _ = rotation;
/// ```
#[derive(Debug, Clone)]
pub struct TokenRotation {
    pub(crate) client_id: String,
    pub(crate) client_secret: Token,
    pub(crate) first_refresh: Token,
    pub(crate) lifetime: Duration,
}

impl TokenRotation {
    /// The app `client_id` with `client_secret`, whose first refresh token is
    /// `refresh_token`.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Token>, refresh_token: impl Into<Token>) -> Self {
        TokenRotation {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            first_refresh: refresh_token.into(),
            lifetime: DEFAULT_TOKEN_LIFETIME,
        }
    }

    /// How long each access token lives, in Slack time ([`DEFAULT_TOKEN_LIFETIME`]).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }
}

/// One refresh the fake granted, for tests to read back.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Refresh {
    /// When the refresh was granted, in Slack time since the fake started.
    pub at: Duration,
    /// When the access token it issued expires, in Slack time since the fake started.
    pub expires_at: Duration,
}

/// The rotation's live state: the one refresh token that works now, the access tokens
/// issued so far with their expiry, and every refresh granted.
#[derive(Debug)]
pub(crate) struct Rotation {
    config: TokenRotation,
    refresh: Option<Token>,
    access: Vec<(Token, Duration)>,
    pub(crate) granted: Vec<Refresh>,
}

/// What an access token presented to a method is, as far as the rotation knows.
pub(crate) enum Access {
    Valid,
    Expired,
    Unknown,
}

impl Rotation {
    pub(crate) fn new(config: TokenRotation) -> Self {
        let refresh = Some(config.first_refresh.clone());
        Rotation { config, refresh, access: Vec::new(), granted: Vec::new() }
    }

    /// Checks an access token at Slack time `now`.
    pub(crate) fn check(&self, presented: &Token, now: Duration) -> Access {
        match self.access.iter().find(|(token, _)| token == presented) {
            Some((_, expires_at)) if now < *expires_at => Access::Valid,
            Some(_) => Access::Expired,
            None => Access::Unknown,
        }
    }

    /// Makes the refresh token in force unusable, as when an admin revokes the app's
    /// tokens: the next `oauth.v2.access` answers `invalid_refresh_token`.
    pub(crate) fn revoke(&mut self) {
        self.refresh = None;
    }

    /// Answers one `oauth.v2.access` call: the app's credentials (HTTP Basic, or the
    /// form's `client_id` and `client_secret`) and a `refresh_token` grant. `real_expiry`
    /// turns the Slack-time lifetime into the real seconds the answer states.
    pub(crate) fn refresh(
        &mut self,
        basic: Option<(String, String)>,
        form: &[(String, String)],
        now: Duration,
        real_expiry: impl Fn(Duration) -> Duration,
    ) -> Value {
        let field = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let (id, secret) = match basic {
            Some(pair) => pair,
            None => (field("client_id").unwrap_or_default(), field("client_secret").unwrap_or_default()),
        };
        let refused = |code: &str| json!({ "ok": false, "error": code });
        if id != self.config.client_id {
            return refused("invalid_client_id");
        }
        if Token::new(secret) != self.config.client_secret {
            return refused("bad_client_secret");
        }
        if field("grant_type").as_deref() != Some("refresh_token") {
            return refused("invalid_grant_type");
        }
        let presented = field("refresh_token").map(Token::new);
        if presented.is_none() || presented != self.refresh {
            return refused("invalid_refresh_token");
        }
        let n = self.granted.len() + 1;
        let access = format!("xoxe.xoxp-1-fake-{n}");
        let refresh = format!("xoxe-1-fake-{n}");
        let expires_at = now + self.config.lifetime;
        self.access.push((Token::new(access.as_str()), expires_at));
        self.refresh = Some(Token::new(refresh.as_str()));
        self.granted.push(Refresh { at: now, expires_at });
        let expires_in = real_expiry(self.config.lifetime).as_secs();
        json!({
            "ok": true,
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": expires_in,
            "token_type": "user",
            "user_id": "U0FAKEADMIN",
        })
    }
}

/// The user name and password of an `Authorization: Basic` header.
pub(crate) fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?.trim();
    let decoded = String::from_utf8(decode_base64(encoded)?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Standard base64 with padding, which is all HTTP Basic uses. Written out here rather
/// than taken as a dependency, for a dozen lines.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut bits = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            bits |= value(*c)? << (18 - 6 * i);
        }
        let produced = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&bits.to_be_bytes()[1..=produced]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_decode() {
        assert_eq!(basic_credentials("Basic YW5uOmh1bnRlcjI="), Some(("ann".into(), "hunter2".into())));
        assert_eq!(basic_credentials("Basic YXBwLTE6cw=="), Some(("app-1".into(), "s".into())));
        assert_eq!(basic_credentials("Bearer x"), None);
        assert_eq!(basic_credentials("Basic !!!!"), None);
    }
}

//! The tokens the fake accepts, each with a label (the only name the log uses), an
//! owner and their role, a kind and scopes, and the checks Slack makes on them before
//! a method runs: `not_allowed_token_type`, `is_bot`, `account_inactive`,
//! `missing_scope` and `not_an_admin`.

use super::model::{Org, Role};
use super::refusal::{Detail, Refusal};
use crate::method::{ApiError, Method};
use crate::token::Token;

/// The kind of token: these methods take only user tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A user token (`xoxp-`), the only kind the admin methods accept.
    User,
    /// A bot token (`xoxb-`): every method answers `not_allowed_token_type`.
    Bot,
}

/// A token the fake accepts, with what Slack would know about it.
///
/// Without an [`owner`](Self::owner) the token acts for an org owner who is not one of
/// the seeded users; without [`scopes`](Self::scopes) it has both
/// `admin.users:read` and `admin.users:write`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeToken {
    pub(crate) token: Token,
    pub(crate) label: String,
    pub(crate) owner: Option<(String, Role, bool)>,
    pub(crate) kind: TokenKind,
    pub(crate) scopes: Vec<String>,
}

/// The scopes a token has when the test names none.
const ALL_SCOPES: [&str; 2] = ["admin.users:read", "admin.users:write"];

impl FakeToken {
    /// An admin user token with both scopes, named `label` in the request log.
    pub fn new(label: impl Into<String>, token: impl Into<Token>) -> Self {
        FakeToken {
            token: token.into(),
            label: label.into(),
            owner: None,
            kind: TokenKind::User,
            scopes: ALL_SCOPES.map(str::to_owned).to_vec(),
        }
    }

    /// The user the token belongs to, added to the org with `role` when the fake starts.
    pub fn owner(mut self, user_id: impl Into<String>, role: Role) -> Self {
        self.owner = Some((user_id.into(), role, false));
        self
    }

    /// The token belongs to a bot user `user_id`: every method answers `is_bot`.
    pub fn bot_owner(mut self, user_id: impl Into<String>) -> Self {
        self.owner = Some((user_id.into(), Role::Member, true));
        self
    }

    /// The token's kind.
    pub fn kind(mut self, kind: TokenKind) -> Self {
        self.kind = kind;
        self
    }

    /// The token's scopes, replacing the default two.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The label the request log names the token by.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Who is calling: what the handlers need to know about the token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller<'a> {
    pub(crate) token: &'a FakeToken,
}

impl Caller<'_> {
    /// Whether the caller is the primary owner, who alone may end the primary owner's
    /// sessions.
    pub(crate) fn is_primary_owner(&self, org: &Org) -> bool {
        self.token
            .owner
            .as_ref()
            .is_some_and(|(id, ..)| org.user(id).is_some_and(|user| user.role == Role::PrimaryOwner))
    }

    /// The user the token belongs to: its owner, or, for a token without one, an org
    /// owner named after the token's label (`W0TOKEN1` for `token 1`), so that two
    /// tokens stand for two people.
    pub(crate) fn user_id(&self) -> String {
        match &self.token.owner {
            Some((id, ..)) => id.clone(),
            None => {
                let label: String = self.token.label.chars().filter(char::is_ascii_alphanumeric).collect();
                format!("W0{}", label.to_uppercase())
            }
        }
    }

    /// Slack's checks of the token for method `M`, in the order Slack makes them: the
    /// kind, a bot owner, a deleted owner, the scope, and last the owner's role. A
    /// method that needs no scope (`auth.test`) is open to every live token: only a
    /// deleted owner is refused.
    pub(crate) fn authorize<M: Method>(&self, org: &Org) -> Result<(), Refusal<M::Error>> {
        let code = |code: &str| Refusal::from(M::Error::from_code(code));
        if M::SCOPES.is_empty() {
            return match &self.token.owner {
                Some((id, ..)) if org.user(id).is_none() => Err(code("account_inactive")),
                _ => Ok(()),
            };
        }
        if self.token.kind != TokenKind::User {
            return Err(code("not_allowed_token_type"));
        }
        let owner = match &self.token.owner {
            None => None,
            Some((id, ..)) => Some(org.user(id).ok_or_else(|| code("account_inactive"))?),
        };
        if owner.is_some_and(|user| user.bot) {
            return Err(code("is_bot"));
        }
        let missing = M::SCOPES.iter().any(|needed| !self.token.scopes.iter().any(|has| has == needed));
        if missing {
            let detail = Detail::new().scopes(M::SCOPES.join(","), self.token.scopes.join(","));
            return Err(Refusal::new(M::Error::from_code("missing_scope"), detail));
        }
        if owner.is_some_and(|user| !user.role.is_admin()) {
            return Err(code("not_an_admin"));
        }
        Ok(())
    }
}

//! A typed refusal: the method's generated error variant plus the details Slack may
//! send beside the code (`needed`, `provided`, `warning`, `response_metadata`).

use serde_json::{json, Map, Value};

use crate::method::ApiError;

/// What Slack may send beside an error code, or beside a success: the scopes of a
/// `missing_scope`, a top-level `warning`, and `response_metadata`'s `warnings` and
/// `messages`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detail {
    /// `needed`: the scope the method needs.
    pub needed: Option<String>,
    /// `provided`: the scopes the token has, comma-separated.
    pub provided: Option<String>,
    /// The top-level `warning`.
    pub warning: Option<String>,
    /// `response_metadata.warnings`.
    pub warnings: Vec<String>,
    /// `response_metadata.messages`, each starting with a level such as `[ERROR]`.
    pub messages: Vec<String>,
}

impl Detail {
    /// No details.
    pub fn new() -> Self {
        Detail::default()
    }

    /// Sets `needed` and `provided`, as Slack sends them with `missing_scope`.
    pub fn scopes(mut self, needed: impl Into<String>, provided: impl Into<String>) -> Self {
        (self.needed, self.provided) = (Some(needed.into()), Some(provided.into()));
        self
    }

    /// Sets the top-level `warning`.
    pub fn warning(mut self, warning: impl Into<String>) -> Self {
        self.warning = Some(warning.into());
        self
    }

    /// Adds an entry to `response_metadata.warnings`.
    pub fn metadata_warning(mut self, warning: impl Into<String>) -> Self {
        self.warnings.push(warning.into());
        self
    }

    /// Adds an entry to `response_metadata.messages`.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.messages.push(message.into());
        self
    }

    /// Writes the details into an envelope object, beside what it already holds.
    pub(crate) fn write_into(&self, envelope: &mut Map<String, Value>) {
        let fields = [("needed", &self.needed), ("provided", &self.provided), ("warning", &self.warning)];
        for (name, value) in fields {
            if let Some(value) = value {
                envelope.insert(name.to_owned(), Value::String(value.clone()));
            }
        }
        if !self.warnings.is_empty() || !self.messages.is_empty() {
            let metadata = envelope.entry("response_metadata").or_insert_with(|| json!({}));
            if let Value::Object(metadata) = metadata {
                metadata.insert("warnings".to_owned(), json!(self.warnings));
                metadata.insert("messages".to_owned(), json!(self.messages));
            }
        }
    }

    /// The whole error envelope for `code` with these details.
    pub(crate) fn error_envelope(&self, code: &str) -> Value {
        let mut envelope = Map::new();
        envelope.insert("ok".to_owned(), Value::Bool(false));
        envelope.insert("error".to_owned(), Value::String(code.to_owned()));
        self.write_into(&mut envelope);
        Value::Object(envelope)
    }
}

/// A method's answer of `{"ok": false}`: one of its generated error variants, and any
/// details. Handlers given to [`FakeSlack::on`](super::FakeSlack::on) may return the
/// bare error enum, which converts into a refusal without details.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Refusal<E> {
    /// The error code, as the method's generated enum.
    pub error: E,
    /// What Slack sends beside the code (boxed: most refusals have none, and a bare
    /// refusal stays small).
    pub detail: Box<Detail>,
}

impl<E: ApiError> Refusal<E> {
    /// A refusal with `error` and `detail`.
    pub fn new(error: E, detail: Detail) -> Self {
        Refusal { error, detail: Box::new(detail) }
    }

    /// Adds `message` to `response_metadata.messages`.
    pub(crate) fn message(mut self, message: impl Into<String>) -> Self {
        self.detail.messages.push(message.into());
        self
    }

    pub(crate) fn envelope(&self) -> Value {
        self.detail.error_envelope(self.error.code())
    }
}

impl<E: ApiError> From<E> for Refusal<E> {
    fn from(error: E) -> Self {
        Refusal { error, detail: Box::default() }
    }
}

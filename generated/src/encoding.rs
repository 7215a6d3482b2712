//! How a request is written into an HTTP body: form fields or JSON.

use crate::error::BoxError;
use crate::method::Method;

/// The body format of requests. Slack accepts both for every `admin.users.session.*`
/// method; the default is [`Encoding::Form`], the format Slack documents first. A method
/// that accepts only one ([`Method::ENCODINGS`]) is always sent in that one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`, from [`Method::form_fields`]. No charset
    /// parameter is sent: the body is ASCII after percent-encoding, and Slack warns
    /// about a superfluous charset.
    #[default]
    Form,
    /// `application/json; charset=utf-8`, from the request's `Serialize` impl.
    Json,
}

/// An encoded request body with its content type.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The exact `Content-Type` of a form body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// The exact `Content-Type` of a JSON body. Slack asks for the charset on JSON bodies
/// and warns with `missing_charset` without it.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

impl Encoding {
    /// The encoding a call of `M` is sent in: this one when the method accepts it,
    /// otherwise the first the spec lists for it, so a method documented as taking forms
    /// only is never sent JSON, whatever the client's default or the call's option.
    pub(crate) fn accepted_by<M: Method>(self) -> Encoding {
        if M::ENCODINGS.contains(&self) {
            self
        } else {
            M::ENCODINGS.first().copied().unwrap_or(self)
        }
    }

    /// Encodes `request` once; the bytes are reused for every retry.
    pub(crate) fn encode<M: Method>(self, request: &M) -> Result<Payload, BoxError> {
        match self {
            Encoding::Form => Ok(Payload { content_type: FORM_CONTENT_TYPE, bytes: form_body(request) }),
            Encoding::Json => {
                let bytes = serde_json::to_vec(request)?;
                Ok(Payload { content_type: JSON_CONTENT_TYPE, bytes })
            }
        }
    }
}

fn form_body<M: Method>(request: &M) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in request.form_fields() {
        form.append_pair(name, &value);
    }
    form.finish().into_bytes()
}

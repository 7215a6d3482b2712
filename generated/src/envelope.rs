//! Reads Slack's meaning out of an HTTP answer: the `ok`/`error` envelope, warnings,
//! and the method's response type.

use serde::Deserialize;

use crate::error::{body_text, ApiErrorDetail, DetailFields, ErrorKind};
use crate::method::{ApiError, Method};
use crate::transport::RawResponse;

/// The fields every Slack answer may carry, whatever the method. Unknown fields are
/// ignored; the method's own response type reads them from the same bytes.
#[derive(Debug, Deserialize)]
struct Envelope {
    ok: Option<bool>,
    error: Option<String>,
    warning: Option<String>,
    needed: Option<String>,
    provided: Option<String>,
    response_metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    warnings: Option<Vec<String>>,
    messages: Option<Vec<String>>,
}

/// Turns one raw answer into the method's response or the reason it is not one.
pub(crate) fn interpret<M: Method>(raw: RawResponse) -> Result<M::Response, ErrorKind<M::Error>> {
    let status = raw.status;
    match status {
        200..=299 => answer::<M>(raw),
        300..=399 => Err(ErrorKind::Redirect { status, location: raw.location }),
        429 => Err(ErrorKind::RateLimited { retry_after: raw.retry_after }),
        500..=599 => Err(ErrorKind::Http { status, body: body_text(&raw.body) }),
        _ => Err(other_status::<M>(raw)),
    }
}

/// A 2xx answer: an envelope, then either the response or Slack's rejection.
fn answer<M: Method>(raw: RawResponse) -> Result<M::Response, ErrorKind<M::Error>> {
    let envelope: Envelope = serde_json::from_slice(&raw.body).map_err(|e| decode_error(&raw, &e))?;
    report(M::NAME, &envelope);
    match envelope.ok {
        None => Err(ErrorKind::MissingOk { status: raw.status, body: body_text(&raw.body) }),
        Some(false) => Err(rejection(envelope, &raw)),
        Some(true) => serde_json::from_slice(&raw.body).map_err(|e| decode_error(&raw, &e)),
    }
}

/// A 4xx other than 429. Slack sometimes answers errors with a 4xx and a normal
/// envelope; anything else (a proxy's page, say) is a plain HTTP failure.
fn other_status<M: Method>(raw: RawResponse) -> ErrorKind<M::Error> {
    match serde_json::from_slice::<Envelope>(&raw.body) {
        Ok(envelope) if envelope.ok == Some(false) && has_code(&envelope) => {
            report(M::NAME, &envelope);
            rejection(envelope, &raw)
        }
        _ => ErrorKind::Http { status: raw.status, body: body_text(&raw.body) },
    }
}

fn has_code(envelope: &Envelope) -> bool {
    envelope.error.as_deref().is_some_and(|code| !code.is_empty())
}

/// An `ok: false` envelope, mapped onto the method's error enum.
fn rejection<E: ApiError>(envelope: Envelope, raw: &RawResponse) -> ErrorKind<E> {
    let code = envelope.error.clone().filter(|code| !code.is_empty());
    let detail = detail(envelope, raw);
    match code {
        Some(code) => ErrorKind::Api { error: E::from_code(&code), detail },
        None => ErrorKind::MissingErrorCode { body: body_text(&raw.body), detail },
    }
}

fn detail(envelope: Envelope, raw: &RawResponse) -> ApiErrorDetail {
    let warnings = warnings(&envelope);
    let metadata = envelope.response_metadata;
    ApiErrorDetail::new(DetailFields {
        status: raw.status,
        needed: envelope.needed,
        provided: envelope.provided,
        warnings,
        messages: metadata.and_then(|m| m.messages).unwrap_or_default(),
        retry_after: raw.retry_after,
    })
}

/// All warning codes: the top-level `warning` (which Slack sends comma-separated when
/// there are several) and `response_metadata.warnings`.
fn warnings(envelope: &Envelope) -> Vec<String> {
    let top = envelope.warning.iter().flat_map(|w| w.split(',')).map(str::trim).filter(|w| !w.is_empty());
    let listed = envelope.response_metadata.iter().flat_map(|m| m.warnings.iter().flatten()).map(String::as_str);
    top.chain(listed).map(str::to_owned).collect()
}

/// Surfaces warnings and messages as `tracing` events: they flag requests Slack will
/// stop accepting one day, and nobody reads them unless something says them aloud.
fn report(method: &'static str, envelope: &Envelope) {
    for warning in warnings(envelope) {
        tracing::warn!(method, warning = %warning, "Slack warned about the request");
    }
    let messages = envelope.response_metadata.iter().flat_map(|m| m.messages.iter().flatten());
    for message in messages {
        tracing::warn!(method, message = %message, "Slack attached a message to the response");
    }
}

fn decode_error<E>(raw: &RawResponse, error: &serde_json::Error) -> ErrorKind<E> {
    let reason = if raw.body.is_empty() { String::from("empty body") } else { error.to_string() };
    ErrorKind::Decode { status: raw.status, body: body_text(&raw.body), reason }
}

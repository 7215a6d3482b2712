//! One HTTP exchange with Slack: send the request, read a bounded body, nothing more.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;

use crate::cause::ConnectFailure;
use crate::credentials::REQUEST_ID;
use crate::encode::Payload;
use crate::error::ErrorKind;
use crate::retry::parse_retry_after;

/// What came back from one attempt, before any Slack meaning is read into it.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) location: Option<String>,
    /// Slack's `X-Slack-Req-Id`, which Slack support asks for.
    pub(crate) request_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// Why an exchange produced no [`RawResponse`].
#[derive(Debug)]
pub(crate) enum Failure {
    Connect(ConnectFailure),
    Transport(reqwest::Error),
    TooLarge { limit: usize },
}

impl<E> From<Failure> for ErrorKind<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Connect(source) => ErrorKind::Connect(Box::new(source)),
            Failure::Transport(source) => ErrorKind::Transport(Box::new(source)),
            Failure::TooLarge { limit } => ErrorKind::BodyTooLarge { limit },
        }
    }
}

/// The HTTP side of a client: the connection pool and the body limit. The credentials
/// come with each exchange, since a rotating token changes between attempts.
#[derive(Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) max_body: usize,
    /// The proxy every call goes through, without its password, for error messages.
    pub(crate) proxy: Option<String>,
}

impl Transport {
    /// POSTs `payload` to `url` and reads the answer. Redirects are not followed (the
    /// HTTP client is built with redirects off) and their bodies are not read; nor
    /// are those of 429s, which carry nothing the client uses.
    pub(crate) async fn exchange(
        &self,
        url: &str,
        authorization: HeaderValue,
        payload: &Payload,
    ) -> Result<RawResponse, Failure> {
        let mut response = self
            .http
            .post(url)
            .header(AUTHORIZATION, authorization)
            .header(CONTENT_TYPE, payload.content_type)
            .header(ACCEPT, "application/json")
            .body(payload.bytes.clone())
            .send()
            .await
            .map_err(|error| self.classify(error))?;
        let status = response.status();
        let headers = response.headers();
        let retry_after = header_text(headers, RETRY_AFTER).and_then(parse_retry_after);
        let location = header_text(headers, LOCATION).map(str::to_owned);
        let request_id = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = if status.is_redirection() || status == StatusCode::TOO_MANY_REQUESTS {
            Vec::new()
        } else {
            read_body(&mut response, self.max_body).await?
        };
        Ok(RawResponse { status: status.as_u16(), retry_after, location, request_id, body })
    }

    fn classify(&self, error: reqwest::Error) -> Failure {
        if error.is_connect() {
            Failure::Connect(ConnectFailure::new(error, self.proxy.as_deref()))
        } else {
            Failure::Transport(error)
        }
    }
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Reads the body chunk by chunk and stops as soon as it passes `limit`, so that a
/// huge or endless body costs at most `limit` bytes of memory. A `Content-Length`
/// over the limit fails before anything is read.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, Failure> {
    let declared = response.content_length().unwrap_or(0);
    if declared > limit as u64 {
        return Err(Failure::TooLarge { limit });
    }
    // Trust the declared length for the first allocation only up to a modest size;
    // the limit, not the header, bounds what is finally held.
    let mut body = Vec::with_capacity(declared.min(64 * 1024) as usize);
    while let Some(chunk) = response.chunk().await.map_err(Failure::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(Failure::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

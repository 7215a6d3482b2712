//! The error every call returns: what went wrong, for which Slack method, after how many tries.

use std::fmt;
use std::time::Duration;

use crate::cause::{connect_cause, ConnectCause};
use crate::credentials::RefreshFailure;
use crate::method::{ApiError, ArgumentError, ErrorCategory, RetryClass};

/// A boxed error from a lower layer, such as the HTTP stack. Boxing keeps the HTTP
/// library's types out of this crate's public API.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The longest response body kept in an error, in bytes. Bodies of failed calls are
/// kept for diagnosis (an HTML page from a proxy, a truncated JSON document); past this
/// size they are cut so that an error stays cheap to log.
pub(crate) const MAX_BODY_IN_ERROR: usize = 16 * 1024;

/// A failed call to one Slack method.
///
/// `E` is the method's generated error enum, which has one variant for each code Slack
/// documents for that method, reached through [`Error::api_error`]. The enum is
/// `#[non_exhaustive]` because Slack adds codes over time, so a `match` on it names the
/// codes the caller handles and ends with a wildcard arm. Everything else that can go
/// wrong on the way (rate limits, proxies, timeouts, malformed bodies) is described by
/// [`ErrorKind`].
///
/// # What to do next
///
/// - [`Error::may_have_taken_effect`] says whether Slack may have acted on the request
///   despite the error: after a timeout, a response cut off, an HTTP 5xx, an unreadable
///   answer or a code Slack documents as "may have partly happened". The client never
///   re-sends such a request for a method the spec does not mark idempotent, so when it
///   is `true`, find out before trying again. For `admin.users.session.invalidate`,
///   list the user's sessions (`admin.users.session.list` with `team_id` and `user_id`)
///   and see whether the session is still there.
/// - [`Error::retry_after`] is Slack's own wait after a rate limit, uncapped: schedule
///   the work for after it.
///
/// The `Display` output names the method and what happened, for example
/// `admin.users.session.reset failed: user_not_found` or
/// `admin.users.session.list: HTTP 503 from Slack (after 5 attempts)`. It never
/// contains the token. Each message appears once in an error chain: when `Display`
/// already says it (Slack's code, an argument problem), [`source`](std::error::Error::source)
/// returns nothing more.
pub struct Error<E> {
    // Boxed so that `Result<T, Error<E>>` stays one pointer wide on the error side,
    // however large the method's error enum and the API details are.
    inner: Box<Inner<E>>,
}

struct Inner<E> {
    method: &'static str,
    attempts: u32,
    kind: ErrorKind<E>,
    may_have_taken_effect: bool,
    request_id: Option<String>,
}

/// What went wrong in a failed call.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// Slack answered `ok: false` with an error code.
    Api {
        /// The code, mapped onto the method's error enum.
        error: E,
        /// Everything else Slack said alongside the code.
        detail: ApiErrorDetail,
    },
    /// Slack answered HTTP 429 and the retry policy did not (or could no longer) wait,
    /// or the call was not sent at all because an earlier 429's wait for the method was
    /// still running and longer than the policy allows ([`Error::attempts`] is then 0).
    RateLimited {
        /// The wait Slack asked for in `Retry-After`, as sent (not capped); for a call
        /// not sent, what is left of it.
        retry_after: Option<Duration>,
    },
    /// An argument broke a rule from the spec; nothing was sent.
    InvalidArgument(ArgumentError),
    /// An HTTP status that is not a Slack answer: a 5xx from Slack or a proxy, or a
    /// 4xx whose body is not a Slack error envelope.
    Http {
        /// The HTTP status code.
        status: u16,
        /// The response body as lossy UTF-8, cut at 16 KiB.
        body: String,
    },
    /// Slack (or something in between) answered with a redirect. Redirects are never
    /// followed, so that the token is never sent to another host.
    Redirect {
        /// The 3xx status code.
        status: u16,
        /// The `Location` header, if there was a readable one.
        location: Option<String>,
    },
    /// The body is not the JSON Slack promises: empty, truncated, HTML, or a shape
    /// that does not match the method's response type.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// The response body as lossy UTF-8, cut at 16 KiB.
        body: String,
        /// Why decoding failed.
        reason: String,
    },
    /// The body is a JSON object without the `ok` field every Slack answer carries.
    MissingOk {
        /// The HTTP status code.
        status: u16,
        /// The response body as lossy UTF-8, cut at 16 KiB.
        body: String,
    },
    /// Slack answered `ok: false` but gave no error code.
    MissingErrorCode {
        /// The response body as lossy UTF-8, cut at 16 KiB.
        body: String,
        /// Whatever else came with the answer.
        detail: ApiErrorDetail,
    },
    /// Pagination stopped because Slack handed back a cursor it had already handed
    /// back before; following it would loop forever.
    RepeatedCursor {
        /// The cursor seen twice.
        cursor: String,
    },
    /// The response body was larger than the client's limit; reading stopped there.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Slack did not send a complete response (headers and body) in time.
    Timeout {
        /// The per-attempt timeout that ran out.
        after: Duration,
    },
    /// The whole call's deadline ([`CallOptions::deadline`](crate::CallOptions::deadline))
    /// passed before it had an answer: in an attempt, in a wait between attempts, or in
    /// the pacing queue.
    DeadlineExceeded {
        /// The deadline that ran out.
        after: Duration,
    },
    /// No token could be had for the call: the rotating token's refresh failed. Its
    /// category is `Authentication` when Slack refused the refresh.
    TokenRefresh(RefreshFailure),
    /// No connection to Slack could be opened (DNS, refused, TLS, connect timeout).
    Connect(BoxError),
    /// The connection failed while the request or response was in flight.
    Transport(BoxError),
    /// The request body could not be encoded.
    Encode(BoxError),
}

/// What Slack sent alongside an `ok: false` answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiErrorDetail {
    // Boxed because most failures carry no detail at all, and an inline detail would
    // make every `ErrorKind` (and every `Result` holding one) several times larger.
    fields: Box<DetailFields>,
}

/// The fields of an [`ApiErrorDetail`], filled in by the envelope reader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DetailFields {
    pub(crate) status: u16,
    pub(crate) needed: Option<String>,
    pub(crate) provided: Option<String>,
    pub(crate) warnings: Vec<String>,
    pub(crate) messages: Vec<String>,
    pub(crate) retry_after: Option<Duration>,
}

impl<E: ApiError> ErrorKind<E> {
    /// Whether Slack refused an attempt for its rate limit, by HTTP 429 or by a
    /// `rate-limited` code, and the wait it stated: `Some(None)` is a rate limit that came
    /// without a usable `Retry-After`. This one test serves the retry rule, the holds and
    /// [`Error::is_rate_limited`].
    pub(crate) fn rate_limit(&self) -> Option<Option<Duration>> {
        match self {
            ErrorKind::RateLimited { retry_after } => Some(*retry_after),
            ErrorKind::Api { error, detail } if error.retry_class() == RetryClass::RateLimited => {
                Some(detail.retry_after())
            }
            _ => None,
        }
    }

    /// Whether a failed attempt may have been acted on by Slack. This is the fact behind
    /// [`Error::may_have_taken_effect`].
    pub(crate) fn may_have_taken_effect(&self) -> bool {
        match self {
            ErrorKind::Api { error, .. } => {
                matches!(error.retry_class(), RetryClass::Transient | RetryClass::PartialSuccess)
            }
            // An answer arrived that cannot be read: it may well have been `ok: true`.
            ErrorKind::Decode { .. } | ErrorKind::MissingOk { .. } | ErrorKind::BodyTooLarge { .. } => true,
            ErrorKind::Http { .. } | ErrorKind::Timeout { .. } | ErrorKind::Transport(_) => true,
            _ => false,
        }
    }
}

impl ApiErrorDetail {
    pub(crate) fn new(fields: DetailFields) -> Self {
        ApiErrorDetail { fields: Box::new(fields) }
    }

    /// The HTTP status of the answer (usually 200).
    pub fn status(&self) -> u16 {
        self.fields.status
    }

    /// For `missing_scope`: the scope the method needs.
    pub fn needed(&self) -> Option<&str> {
        self.fields.needed.as_deref()
    }

    /// For `missing_scope`: the scopes the token has.
    pub fn provided(&self) -> Option<&str> {
        self.fields.provided.as_deref()
    }

    /// Warning codes from the top-level `warning` field and `response_metadata.warnings`.
    pub fn warnings(&self) -> &[String] {
        &self.fields.warnings
    }

    /// Free-text lines from `response_metadata.messages`, such as per-user failures.
    pub fn messages(&self) -> &[String] {
        &self.fields.messages
    }

    /// The `Retry-After` header of the answer, if it had one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.fields.retry_after
    }
}

impl<E: ApiError> Error<E> {
    /// The IDs among `ids` that Slack's answer names as failed, each with its own code:
    /// Slack writes one `[ERROR] <id>: <code>` line a user in `response_metadata.messages`
    /// when it refuses a call for some of the users it names.
    pub(crate) fn named_failures(&self, ids: &[String]) -> Vec<(String, String)> {
        let ErrorKind::Api { detail, .. } = &self.inner.kind else { return Vec::new() };
        let named = detail.messages().iter().filter_map(|line| {
            let (id, code) = line.trim().strip_prefix("[ERROR]")?.trim().split_once(':')?;
            let (id, code) = (id.trim(), code.trim());
            (ids.iter().any(|known| known == id) && !code.is_empty()).then(|| (id.to_owned(), code.to_owned()))
        });
        let mut named: Vec<(String, String)> = named.collect();
        named.dedup_by(|a, b| a.0 == b.0);
        named
    }

    /// This failure as it befell one user that Slack's answer named with `code`: the
    /// same call, request ID and detail, under that user's own code, which decides
    /// whether it may have acted.
    pub(crate) fn for_code(&self, code: &str) -> Error<E> {
        let kind = match &self.inner.kind {
            ErrorKind::Api { detail, .. } => ErrorKind::Api { error: E::from_code(code), detail: detail.clone() },
            _ => ErrorKind::Api { error: E::from_code(code), detail: ApiErrorDetail::default() },
        };
        let may_have_acted = kind.may_have_taken_effect();
        Error::new(self.inner.method, self.inner.attempts, kind)
            .with_effect(may_have_acted)
            .with_request_id(self.inner.request_id.clone())
    }
}

impl<E> Error<E> {
    pub(crate) fn new(method: &'static str, attempts: u32, kind: ErrorKind<E>) -> Self {
        Error { inner: Box::new(Inner { method, attempts, kind, may_have_taken_effect: false, request_id: None }) }
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.inner.request_id = request_id;
        self
    }

    /// Slack's ID for the last answer (its `X-Slack-Req-Id` header), which Slack
    /// support asks for; `None` when no answer came or it carried none.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    pub(crate) fn with_effect(mut self, may_have_taken_effect: bool) -> Self {
        self.inner.may_have_taken_effect = may_have_taken_effect;
        self
    }

    /// Whether Slack may have acted on the request even though the call failed.
    ///
    /// It is `true` exactly when some attempt of the call may have been acted on: it
    /// timed out after sending, its response was cut off or could not be read, it drew
    /// an HTTP status other than 429, or Slack answered with a code the spec marks
    /// `transient` or `partial-success` (such as `fatal_error`). It is `false` when
    /// nothing was sent (an invalid argument, a refused connection, a running rate-limit
    /// wait), when Slack refused the call with a rate limit, and when Slack answered
    /// with any other error code, which means it refused the call.
    ///
    /// When it is `true`, check before trying again, because the client does not
    /// re-send such a request for a method that is not idempotent. For
    /// `admin.users.session.invalidate`, list the user's sessions and see whether the
    /// session is gone; for `resetBulk`, list the users' sessions.
    pub fn may_have_taken_effect(&self) -> bool {
        self.inner.may_have_taken_effect
    }

    /// The Slack method that failed, for example `admin.users.session.reset`.
    pub fn method(&self) -> &'static str {
        self.inner.method
    }

    /// How many HTTP requests were sent for the call, retries included. Zero when the
    /// call failed before anything was sent.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.inner.kind
    }

    /// Takes the error apart, for matching by value.
    pub fn into_kind(self) -> ErrorKind<E> {
        self.inner.kind
    }

    /// The method's typed error, when Slack answered `ok: false` with a code.
    pub fn api_error(&self) -> Option<&E> {
        match &self.inner.kind {
            ErrorKind::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The details of an `ok: false` answer, when there was one.
    pub fn api_detail(&self) -> Option<&ApiErrorDetail> {
        match &self.inner.kind {
            ErrorKind::Api { detail, .. } | ErrorKind::MissingErrorCode { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The HTTP status of the last answer, if one arrived.
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Api { detail, .. } | ErrorKind::MissingErrorCode { detail, .. } => Some(detail.status()),
            ErrorKind::RateLimited { .. } => Some(429),
            ErrorKind::Http { status, .. }
            | ErrorKind::Redirect { status, .. }
            | ErrorKind::Decode { status, .. }
            | ErrorKind::MissingOk { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The wait Slack asked for in `Retry-After`, uncapped, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.inner.kind {
            ErrorKind::RateLimited { retry_after } => *retry_after,
            ErrorKind::Api { detail, .. } => detail.retry_after(),
            _ => None,
        }
    }

    /// The raw response body kept for diagnosis (lossy UTF-8, possibly cut).
    pub fn body(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Http { body, .. }
            | ErrorKind::Decode { body, .. }
            | ErrorKind::MissingOk { body, .. }
            | ErrorKind::MissingErrorCode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the call ran out of time: its last attempt's timeout, or the whole call's
    /// deadline.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Timeout { .. } | ErrorKind::DeadlineExceeded { .. })
    }

    /// Whether no connection could be opened.
    pub fn is_connect(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Connect(_))
    }

    /// Whether no connection could be opened because the server's TLS certificate was
    /// refused: untrusted (a TLS-inspecting proxy whose CA was not added), expired, or
    /// for another name. Such a call is not retried; it will not heal by itself.
    pub fn is_certificate_error(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Connect(source) if matches!(connect_cause(source.as_ref()), Some(ConnectCause::Certificate(_))))
    }

    /// Whether no connection could be opened because of the proxy: it refused its
    /// credentials, could not be reached, or would not open a tunnel to Slack.
    pub fn is_proxy_error(&self) -> bool {
        matches!(
            &self.inner.kind,
            ErrorKind::Connect(source) if matches!(
                connect_cause(source.as_ref()),
                Some(ConnectCause::ProxyAuthentication(_) | ConnectCause::ProxyUnreachable(_) | ConnectCause::ProxyTunnel(_))
            )
        )
    }
}

impl<E: ApiError> Error<E> {
    /// The Slack error code, when Slack answered `ok: false` with one.
    pub fn code(&self) -> Option<&str> {
        self.api_error().map(ApiError::code)
    }

    /// What kind of failure this is, the same way for every method, so that a caller
    /// can handle "the token no longer works" or "the target is gone" without listing
    /// each method's codes:
    ///
    /// - for an `ok: false` answer, the category the spec gives the code
    ///   ([`ErrorCategory::Undocumented`] for a code it does not document);
    /// - [`ErrorCategory::RateLimited`] for an HTTP 429, and for a call held back by
    ///   an earlier 429;
    /// - [`ErrorCategory::InvalidRequest`] for arguments refused before sending;
    /// - `None` for every failure that is not a verdict on the request: timeouts,
    ///   connection and HTTP failures, unreadable answers.
    ///
    /// ```
    /// # use slack_admin_users_session::{Error, method::{ApiError, ErrorCategory}};
    /// fn needs_new_token<E: ApiError>(error: &Error<E>) -> bool {
    ///     error.category() == Some(ErrorCategory::Authentication)
    /// }
    /// # let _ = needs_new_token::<slack_admin_users_session::AdminUsersSessionResetError>;
    /// ```
    pub fn category(&self) -> Option<ErrorCategory> {
        match &self.inner.kind {
            ErrorKind::Api { error, .. } => Some(error.category()),
            ErrorKind::RateLimited { .. } => Some(ErrorCategory::RateLimited),
            ErrorKind::InvalidArgument(_) => Some(ErrorCategory::InvalidRequest),
            ErrorKind::TokenRefresh(failure) if failure.is_refused() => Some(ErrorCategory::Authentication),
            _ => None,
        }
    }

    /// Whether Slack rate-limited the call, by HTTP 429 or by a `ratelimited`-class code.
    pub fn is_rate_limited(&self) -> bool {
        self.inner.kind.rate_limit().is_some()
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("method", &self.inner.method)
            .field("attempts", &self.inner.attempts)
            .field("kind", &self.inner.kind)
            .field("may_have_taken_effect", &self.inner.may_have_taken_effect)
            .field("request_id", &self.inner.request_id)
            .finish()
    }
}

impl<E: ApiError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = self.inner.method;
        match &self.inner.kind {
            ErrorKind::Api { error, detail } => write_api(f, method, error.code(), detail)?,
            ErrorKind::RateLimited { retry_after: Some(wait) } if self.inner.attempts == 0 => write!(
                f,
                "{method}: not sent, because Slack's rate-limit wait for this method has {} to run",
                Seconds(*wait)
            )?,
            ErrorKind::RateLimited { retry_after: Some(wait) } => {
                write!(f, "{method}: rate limited by Slack (HTTP 429, retry after {})", Seconds(*wait))?
            }
            ErrorKind::RateLimited { retry_after: None } => {
                write!(f, "{method}: rate limited by Slack (HTTP 429, no Retry-After)")?
            }
            ErrorKind::InvalidArgument(arg) => write!(f, "{method}: invalid arguments: {}", arg.problem())?,
            ErrorKind::Http { status, .. } => write!(f, "{method}: HTTP {status} from Slack")?,
            ErrorKind::Redirect { status, location } => write_redirect(f, method, *status, location.as_deref())?,
            ErrorKind::Decode { status, reason, .. } => {
                write!(f, "{method}: undecodable response from Slack (HTTP {status}): {reason}")?
            }
            ErrorKind::MissingOk { status, .. } => {
                write!(f, "{method}: Slack's response (HTTP {status}) has no `ok` field")?
            }
            ErrorKind::MissingErrorCode { .. } => {
                write!(f, "{method}: Slack answered `ok: false` without an error code")?
            }
            ErrorKind::RepeatedCursor { cursor } => write!(
                f,
                "{method}: Slack returned cursor `{cursor}` twice; pagination stopped to avoid an endless loop"
            )?,
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "{method}: response body exceeds the limit of {limit} bytes")?
            }
            ErrorKind::Timeout { after } => {
                write!(f, "{method}: no complete response from Slack within {}", Seconds(*after))?
            }
            ErrorKind::DeadlineExceeded { after } => {
                write!(f, "{method}: no answer within the call's deadline of {}", Seconds(*after))?
            }
            ErrorKind::TokenRefresh(failure) => write!(f, "{method}: not sent: {failure}")?,
            ErrorKind::Connect(source) => match connect_cause(source.as_ref()) {
                Some(ConnectCause::Other) | None => write!(f, "{method}: could not connect to Slack")?,
                Some(_) => write!(f, "{method}: could not connect to Slack: {source}")?,
            },
            ErrorKind::Transport(_) => write!(f, "{method}: connection to Slack failed mid-request")?,
            ErrorKind::Encode(_) => write!(f, "{method}: could not encode the request body")?,
        }
        if self.inner.attempts > 1 {
            write!(f, " (after {} attempts)", self.inner.attempts)?;
        }
        Ok(())
    }
}

impl<E: ApiError> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Slack's code and the argument problem are already in this error's own
        // message, so returning them as sources would print them twice.
        match &self.inner.kind {
            ErrorKind::Connect(source) | ErrorKind::Transport(source) | ErrorKind::Encode(source) => {
                Some(source.as_ref())
            }
            _ => None,
        }
    }
}

fn write_api(f: &mut fmt::Formatter<'_>, method: &str, code: &str, detail: &ApiErrorDetail) -> fmt::Result {
    write!(f, "{method} failed: {code}")?;
    match (detail.needed(), detail.provided()) {
        (Some(needed), Some(provided)) => write!(f, " (needed: {needed}; provided: {provided})"),
        (Some(needed), None) => write!(f, " (needed: {needed})"),
        _ => Ok(()),
    }
}

fn write_redirect(f: &mut fmt::Formatter<'_>, method: &str, status: u16, location: Option<&str>) -> fmt::Result {
    match location {
        Some(location) => write!(f, "{method}: HTTP {status} redirect to {location} was not followed"),
        None => write!(f, "{method}: HTTP {status} redirect was not followed"),
    }
}

/// Prints a duration the way a person reads it: `30s`, or `1.5s` for fractions.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.subsec_nanos() == 0 {
            write!(f, "{}s", self.0.as_secs())
        } else {
            write!(f, "{}s", self.0.as_secs_f64())
        }
    }
}

/// Turns a response body into text fit for an error: lossy UTF-8, cut at
/// [`MAX_BODY_IN_ERROR`] bytes on a character boundary, with a note saying how much
/// was dropped.
pub(crate) fn body_text(body: &[u8]) -> String {
    if body.len() <= MAX_BODY_IN_ERROR {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut text = String::from_utf8_lossy(&body[..MAX_BODY_IN_ERROR]).into_owned();
    // The cut may split a multi-byte character, which lossy decoding turns into one
    // replacement character at the end; that is the honest rendering of a cut.
    text.push_str(&format!(" … [cut; {} bytes in total]", body.len()));
    text
}

/// A client configuration that cannot work. The message never contains the token.
#[derive(Debug)]
pub struct BuildError {
    problem: Problem,
}

#[derive(Debug)]
pub(crate) enum Problem {
    BaseUrl {
        url: String,
        reason: &'static str,
    },
    Proxy {
        url: String,
        reason: &'static str,
    },
    /// The proxy an environment variable names cannot be used.
    ProxyVariable {
        variable: &'static str,
        url: String,
        reason: &'static str,
    },
    /// `proxy_credentials` was called, but no proxy is in use to give them to.
    UnusedProxyCredentials {
        reason: &'static str,
    },
    /// The `index`th text given to `add_root_certificate`, counting from 0.
    Certificate {
        index: usize,
        reason: &'static str,
    },
    /// Block `block` (from 0) of the `index`th `add_root_certificate` text is PEM, but
    /// its content is not a certificate the TLS stack can read.
    UnreadableCertificate {
        index: usize,
        block: usize,
    },
    Token,
    UserAgent,
    Http(reqwest::Error),
}

impl BuildError {
    pub(crate) fn new(problem: Problem) -> Self {
        BuildError { problem }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::BaseUrl { url, reason } => write!(f, "invalid Slack base URL `{url}`: {reason}"),
            Problem::Proxy { url, reason } => write!(f, "invalid proxy URL `{url}`: {reason}"),
            Problem::ProxyVariable { variable, url, reason } => {
                write!(f, "invalid proxy URL `{url}` in {variable}: {reason}")
            }
            Problem::UnusedProxyCredentials { reason } => {
                write!(f, "proxy credentials were given, but {reason}")
            }
            Problem::Certificate { index, reason } => write!(
                f,
                "the root certificate given in add_root_certificate call #{} cannot be used: {reason}",
                index + 1
            ),
            Problem::UnreadableCertificate { index, block } => write!(
                f,
                "the root certificate given in add_root_certificate call #{} cannot be used: its certificate #{} \
                 is not a readable X.509 certificate (cut short or damaged); check the PEM file it came from",
                index + 1,
                block + 1
            ),
            Problem::Token => f.write_str("the Slack token holds characters that cannot be sent in an HTTP header"),
            Problem::UserAgent => f.write_str("the user agent holds characters that cannot be sent in an HTTP header"),
            Problem::Http(_) => f.write_str("the HTTP client could not be set up"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            Problem::Http(source) => Some(source),
            _ => None,
        }
    }
}

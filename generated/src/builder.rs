//! Client configuration: defaults, validation, and assembly of the HTTP stack.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::client::{Client, Shared};
use crate::credentials::{Credentials, RotatingToken, Rotator};
use crate::error::{BuildError, Problem};
use crate::holds::Holds;
use crate::method::Encoding;
use crate::network::{self, ProxyChoice, ProxyCredentials, ProxySettings, Trust};
use crate::pacing::{Pacer, Pacing};
use crate::retry::RetryPolicy;
use crate::token::Token;
use crate::transport::Transport;

/// Configures and builds a [`Client`].
///
/// | Setting | Default |
/// | --- | --- |
/// | [`base_url`](Self::base_url) | [`DEFAULT_BASE_URL`](Self::DEFAULT_BASE_URL) (`https://slack.com/api`) |
/// | [`encoding`](Self::encoding) | [`Encoding::Form`] |
/// | [`connect_timeout`](Self::connect_timeout) | [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT) (10 s) |
/// | [`timeout`](Self::timeout) | [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT) (30 s per attempt, body included) |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default`] |
/// | [`pacing`](Self::pacing) | [`Pacing::off`] |
/// | [`max_body_size`](Self::max_body_size) | [`DEFAULT_MAX_BODY_SIZE`](Self::DEFAULT_MAX_BODY_SIZE) (8 MiB) |
/// | [`user_agent`](Self::user_agent) | `slack-admin-users-session/<version>` |
/// | [`proxy`](Self::proxy) | the environment's `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` |
/// | [`add_root_certificate`](Self::add_root_certificate) | none: only the bundled Mozilla roots ([`webpki_roots`](Self::webpki_roots)) are trusted |
///
/// ```no_run
/// # use std::time::Duration;
/// # use slack_admin_users_session::{Client, Pacing, RetryPolicy};
/// # fn main() -> Result<(), slack_admin_users_session::BuildError> {
/// let client = Client::builder(std::env::var("SLACK_ADMIN_TOKEN").unwrap_or_default())
///     .timeout(Duration::from_secs(15))
///     .retry_policy(RetryPolicy::new().max_attempts(3))
///     .pacing(Pacing::by_tier())
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    token: TokenChoice,
    base_url: String,
    allow_plain_http: bool,
    encoding: Encoding,
    connect_timeout: Duration,
    timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    pacing: Pacing,
    max_body: usize,
    user_agent: String,
    proxy: ProxySettings,
    trust: Trust,
}

impl ClientBuilder {
    /// Slack's Web API root, the default base URL.
    pub const DEFAULT_BASE_URL: &str = "https://slack.com/api";
    /// GovSlack's Web API root, for organizations on Slack's government cloud. Use it with
    /// [`base_url`](Self::base_url) or [`govslack`](Self::govslack).
    pub const GOVSLACK_BASE_URL: &str = "https://slack-gov.com/api";
    /// The default time allowed to open a connection: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default time allowed for one attempt, from sending the request to the last
    /// byte of the response body: 30 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default largest response body accepted: 8 MiB. The largest documented answer,
    /// a page of 1,000 sessions from `admin.users.session.list`, is well under 1 MiB.
    pub const DEFAULT_MAX_BODY_SIZE: usize = 8 * 1024 * 1024;

    pub(crate) fn new(token: Token) -> Self {
        ClientBuilder::with_token(TokenChoice::Fixed(token))
    }

    pub(crate) fn rotating(rotation: RotatingToken) -> Self {
        ClientBuilder::with_token(TokenChoice::Rotating(rotation))
    }

    fn with_token(token: TokenChoice) -> Self {
        ClientBuilder {
            token,
            base_url: Self::DEFAULT_BASE_URL.to_owned(),
            allow_plain_http: false,
            encoding: Encoding::default(),
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            timeout: Self::DEFAULT_TIMEOUT,
            deadline: None,
            retry: RetryPolicy::default(),
            pacing: Pacing::default(),
            max_body: Self::DEFAULT_MAX_BODY_SIZE,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: ProxySettings::default(),
            trust: Trust::default(),
        }
    }

    /// The URL that method names are appended to, as in `{base_url}/admin.users.session.list`.
    /// A trailing slash is ignored. It must be `https://`, except on a loopback host
    /// (`localhost`, any `127.0.0.0/8` address such as `127.0.0.1`, or `[::1]`), where
    /// `http://` is accepted for tests; such a plain-http loopback URL never goes through
    /// a proxy, so that no proxy reads its token.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sends every call to GovSlack ([`GOVSLACK_BASE_URL`](Self::GOVSLACK_BASE_URL)) instead of `slack.com`.
    pub fn govslack(self) -> Self {
        self.base_url(Self::GOVSLACK_BASE_URL)
    }

    /// Accepts an `http://` base URL on any host. The token then crosses the network in
    /// clear text, so this is only for test rigs on a network you trust.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// The default body format of requests.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for one attempt, from sending the request to the last byte of
    /// the response. Each retry gets the full time again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The default deadline for a whole call, every attempt and wait included (none by
    /// default); see [`CallOptions::deadline`](crate::CallOptions::deadline).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The default retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side pacing of calls per method.
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self
    }

    /// The largest response body accepted, in bytes; a larger one fails the call with
    /// [`ErrorKind::BodyTooLarge`](crate::ErrorKind::BodyTooLarge) without being read in full.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends every call through the proxy at `url`, such as `http://proxy.corp.example:3128`.
    /// An `https://` URL is tunnelled with `CONNECT`, so the proxy sees only where the
    /// call goes, never the token. Give credentials with
    /// [`proxy_credentials`](Self::proxy_credentials) rather than in the URL, so that
    /// they stay out of configuration files and logs.
    ///
    /// Without this, the client uses the proxy the environment names when it is built:
    /// `HTTPS_PROXY` for an `https://` base URL (Slack's), `HTTP_PROXY` only for an
    /// `http://` one, then `ALL_PROXY`, in either case, unless `NO_PROXY` lists the host.
    /// A URL that cannot be used, here or in those variables, fails
    /// [`build`](Self::build) naming it; the client never falls back to going direct.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy.choice = ProxyChoice::Explicit { url: url.into() };
        self
    }

    /// The user name and password for the proxy, sent as `Proxy-Authorization: Basic`:
    /// the one set with [`proxy`](Self::proxy) (before or after this call) or the
    /// environment's. The password never appears in `Debug` output or errors. With no
    /// proxy to give them to, [`build`](Self::build) fails rather than drop them.
    pub fn proxy_credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.proxy.credentials = Some(ProxyCredentials { username: username.into(), password: password.into() });
        self
    }

    /// Connects to Slack directly, ignoring any proxy the environment names.
    pub fn no_proxy(mut self) -> Self {
        self.proxy.choice = ProxyChoice::Direct;
        self
    }

    /// Trusts the certificate authorities in `pem` (one or more `BEGIN CERTIFICATE`
    /// blocks) as well, such as a company's own CA behind a TLS-inspecting proxy. Text
    /// that holds no readable certificate fails [`build`](Self::build), naming which
    /// call it came from.
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.trust.extra_pems.push(pem.as_ref().to_vec());
        self
    }

    /// Whether the bundled Mozilla roots (the `webpki-roots` crate) are trusted; on by
    /// default. Turn them off to trust only the authorities added with
    /// [`add_root_certificate`](Self::add_root_certificate) (and the system's, with
    /// `native_roots`).
    pub fn webpki_roots(mut self, enabled: bool) -> Self {
        self.trust.webpki_roots = enabled;
        self
    }

    /// Whether the operating system's trust store is trusted too, where a company
    /// installs its own authorities. Off by default; needs the `native-roots` feature.
    #[cfg(feature = "native-roots")]
    pub fn native_roots(mut self, enabled: bool) -> Self {
        self.trust.native_roots = enabled;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = checked_base_url(&self.base_url, self.allow_plain_http)?;
        let (http, proxy) = self.http_client(&base_url)?;
        let credentials = match self.token {
            TokenChoice::Fixed(token) => {
                Credentials::Static(token.bearer_header().map_err(|_| BuildError::new(Problem::Token))?)
            }
            TokenChoice::Rotating(rotation) => Credentials::Rotating(Box::new(
                Rotator::new(rotation, http.clone(), &base_url, self.timeout)
                    .ok_or_else(|| BuildError::new(Problem::Token))?,
            )),
        };
        let transport = Transport { http, max_body: self.max_body, proxy };
        let shared = Shared {
            transport,
            base_url,
            encoding: self.encoding,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            deadline: self.deadline,
            credentials,
            retry: self.retry,
            pacer: Pacer::new(self.pacing),
            holds: Holds::default(),
            user_agent: self.user_agent,
        };
        Ok(Client { shared: Arc::new(shared) })
    }

    /// The HTTP client, and the URL of the proxy it goes through, if any.
    fn http_client(&self, base_url: &str) -> Result<(reqwest::Client, Option<String>), BuildError> {
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::new(Problem::UserAgent))?;
        let http = reqwest::Client::builder()
            // Never follow redirects: a redirect would carry the Authorization header to
            // wherever the Location points. Callers get a typed error instead.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .user_agent(user_agent);
        let base = reqwest::Url::parse(base_url).map_err(|_| {
            BuildError::new(Problem::BaseUrl { url: base_url.to_owned(), reason: "not an absolute URL" })
        })?;
        let (http, proxy) = network::apply_proxy(http, &self.proxy, &base)?;
        let http = network::apply_trust(http, &self.trust)?;
        let http = http.build().map_err(|e| {
            network::unreadable_certificate(&self.trust).unwrap_or_else(|| BuildError::new(Problem::Http(e)))
        })?;
        Ok((http, proxy))
    }
}

/// The token the client starts from.
#[derive(Debug, Clone)]
enum TokenChoice {
    Fixed(Token),
    Rotating(RotatingToken),
}

/// Validates the base URL and drops trailing slashes.
fn checked_base_url(raw: &str, allow_plain_http: bool) -> Result<String, BuildError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let reject = |reason: &'static str| BuildError::new(Problem::BaseUrl { url: trimmed.to_owned(), reason });
    let url = reqwest::Url::parse(trimmed).map_err(|_| reject("not an absolute URL"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_plain_http || network::is_loopback(&url) => {}
        "http" => return Err(reject("plain http is accepted only on a loopback host")),
        _ => return Err(reject("the scheme must be https")),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(reject("it must not have a query or fragment"));
    }
    Ok(trimmed.to_owned())
}

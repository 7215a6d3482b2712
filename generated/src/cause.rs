//! Why a connection to Slack could not be opened, read once from the HTTP stack's error.
//!
//! A leaf: the error, retry and transport modules all read the cause, so it imports none
//! of them.

use std::fmt;

/// Why no connection to Slack could be opened, read from the HTTP stack's error once, so
/// that the call's message can name the cause and what to check.
#[derive(Debug)]
pub(crate) struct ConnectFailure {
    pub(crate) cause: ConnectCause,
    source: reqwest::Error,
}

/// The causes a caller can act on; the rest is `Other`, with the details in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConnectCause {
    /// The server's certificate was refused, for this reason (such as `UnknownIssuer`).
    Certificate(String),
    /// The proxy at this URL answered the tunnel request with 407.
    ProxyAuthentication(String),
    /// The proxy at this URL could not be reached.
    ProxyUnreachable(String),
    /// The proxy at this URL would not open a tunnel to Slack.
    ProxyTunnel(String),
    Other,
}

impl ConnectFailure {
    /// Reads the cause from `source`, a connect error of a client whose calls go through
    /// `proxy`. The causes are told by their messages: hyper-util keeps its tunnel error
    /// type private, and rustls's error reaches us inside an `io::Error`, whose `source`
    /// skips it. The loopback tests pin each message.
    pub(crate) fn new(source: reqwest::Error, proxy: Option<&str>) -> Self {
        let texts = chain_texts(&source);
        let has = |needle: &str| texts.iter().any(|text| text.contains(needle));
        let certificate = texts.iter().find_map(|text| text.split_once("invalid peer certificate: "));
        let cause = match (certificate, proxy) {
            (Some((_, reason)), _) => ConnectCause::Certificate(reason.to_owned()),
            (None, Some(proxy)) if has("proxy authorization required") => {
                ConnectCause::ProxyAuthentication(proxy.to_owned())
            }
            (None, Some(proxy)) if has("tunnel error: unsuccessful") => ConnectCause::ProxyTunnel(proxy.to_owned()),
            // Through a proxy, the only connection the client opens itself is to the proxy.
            (None, Some(proxy)) => ConnectCause::ProxyUnreachable(proxy.to_owned()),
            (None, None) => ConnectCause::Other,
        };
        ConnectFailure { cause, source }
    }
}

/// The message of every error in `error`'s source chain, itself included.
fn chain_texts(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    std::iter::successors(Some(error), |e| e.source()).map(ToString::to_string).collect()
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            ConnectCause::Certificate(reason) => write!(
                f,
                "the server's TLS certificate was refused ({reason}); if a TLS-inspecting proxy or a private \
                 certificate authority is in the way, trust its CA with `add_root_certificate`, or the system's \
                 store with `native_roots`"
            ),
            ConnectCause::ProxyAuthentication(proxy) => write!(
                f,
                "the proxy {proxy} refused its credentials (HTTP 407); check `proxy_credentials` or the user \
                 and password in the proxy URL"
            ),
            ConnectCause::ProxyUnreachable(proxy) => write!(
                f,
                "the proxy {proxy} could not be reached; check that it is up and its address (`proxy`, or \
                 HTTPS_PROXY)"
            ),
            ConnectCause::ProxyTunnel(proxy) => {
                write!(f, "the proxy {proxy} would not open a tunnel to Slack; check what it allows")
            }
            ConnectCause::Other => f.write_str("no connection could be opened"),
        }
    }
}

impl std::error::Error for ConnectFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The cause of a connect error, when the error came from [`ConnectFailure`].
pub(crate) fn connect_cause<'a>(
    error: &'a (dyn std::error::Error + Send + Sync + 'static),
) -> Option<&'a ConnectCause> {
    error.downcast_ref::<ConnectFailure>().map(|failure| &failure.cause)
}

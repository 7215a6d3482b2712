//! How the HTTP stack reaches Slack: proxies and the certificate authorities it trusts.

use std::fmt;
use std::net::IpAddr;

use crate::error::{BuildError, Problem};

/// Which proxy the client uses.
#[derive(Clone, Default)]
pub(crate) enum ProxyChoice {
    /// The environment's `HTTPS_PROXY` (or `HTTP_PROXY` for an `http://` base URL),
    /// `ALL_PROXY` and `NO_PROXY`, read when the client is built.
    #[default]
    Environment,
    /// No proxy at all, whatever the environment says.
    Direct,
    /// This proxy for every call.
    Explicit { url: String },
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::Environment => f.write_str("Environment"),
            ProxyChoice::Direct => f.write_str("Direct"),
            ProxyChoice::Explicit { url } => f.debug_struct("Explicit").field("url", &redacted_url(url)).finish(),
        }
    }
}

/// A user name and password for a proxy's `Proxy-Authorization: Basic`.
#[derive(Clone)]
pub(crate) struct ProxyCredentials {
    pub(crate) username: String,
    pub(crate) password: String,
}

impl fmt::Debug for ProxyCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyCredentials").field("username", &self.username).field("password", &"<redacted>").finish()
    }
}

/// The proxy settings as the builder collected them, in any order.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProxySettings {
    pub(crate) choice: ProxyChoice,
    pub(crate) credentials: Option<ProxyCredentials>,
}

/// Decides, once, which proxy the calls to `base` go through, and applies it to reqwest's
/// builder; the client talks to that one host only, so one decision holds for every call.
/// Returns the proxy's URL, without its password, for error messages.
///
/// - A plain-`http` base URL on a loopback host always goes direct: the token would cross
///   the proxy in clear, and a proxy's own loopback is not this machine's anyway.
/// - The environment's proxy is read by name (`HTTPS_PROXY` for an `https` base URL,
///   `HTTP_PROXY` for an `http` one, then `ALL_PROXY`; either case), and one that is set
///   but cannot be used fails the build, naming the variable; `NO_PROXY` is matched by
///   reqwest's own rules.
/// - Credentials apply to whichever proxy is used; given with no proxy anywhere, or with
///   `no_proxy()`, they fail the build instead of being dropped.
pub(crate) fn apply_proxy(
    http: reqwest::ClientBuilder,
    settings: &ProxySettings,
    base: &reqwest::Url,
) -> Result<(reqwest::ClientBuilder, Option<String>), BuildError> {
    let http = http.no_proxy();
    let url = match &settings.choice {
        ProxyChoice::Direct if settings.credentials.is_some() => {
            return Err(unused_credentials("no_proxy() turns every proxy off"))
        }
        ProxyChoice::Direct => return Ok((http, None)),
        ProxyChoice::Explicit { url } => checked_proxy_url(url, None)?,
        ProxyChoice::Environment => match environment_proxy(base)? {
            Some(url) => url,
            None if settings.credentials.is_some() => {
                return Err(unused_credentials("no proxy is set: call proxy(), or set HTTPS_PROXY"))
            }
            None => return Ok((http, None)),
        },
    };
    if is_plain_loopback(base) || exempted_by_no_proxy(&settings.choice, base) {
        return Ok((http, None));
    }
    let reject = |reason: &'static str| BuildError::new(Problem::Proxy { url: redacted_url(&url), reason });
    let mut proxy = reqwest::Proxy::all(url.as_str()).map_err(|_| reject("reqwest cannot use it"))?;
    if let Some(credentials) = &settings.credentials {
        proxy = proxy.basic_auth(&credentials.username, &credentials.password);
    }
    Ok((http.proxy(proxy), Some(redacted_url(&url))))
}

/// The proxy URL if it is one reqwest can use: absolute, `http` or `https`, with a host.
/// `variable` names the environment variable it came from, for the message.
fn checked_proxy_url(url: &str, variable: Option<&'static str>) -> Result<String, BuildError> {
    let reject = |reason: &'static str| match variable {
        Some(variable) => BuildError::new(Problem::ProxyVariable { variable, url: redacted_url(url), reason }),
        None => BuildError::new(Problem::Proxy { url: redacted_url(url), reason }),
    };
    let parsed = reqwest::Url::parse(url).map_err(|_| reject("not an absolute URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(reject("the scheme must be http or https"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(reject("it names no host"));
    }
    Ok(url.to_owned())
}

/// The proxy the environment names for `base`'s scheme, checked. A value without a
/// scheme is taken as `http://`, as curl and reqwest take it.
fn environment_proxy(base: &reqwest::Url) -> Result<Option<String>, BuildError> {
    let names: &[&'static str] = match base.scheme() {
        "http" => &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"],
        _ => &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"],
    };
    let found = names.iter().find_map(|name| {
        let value = std::env::var(name).ok().filter(|value| !value.trim().is_empty())?;
        Some((*name, value.trim().to_owned()))
    });
    let Some((variable, value)) = found else { return Ok(None) };
    let url = if value.contains("://") { value } else { format!("http://{value}") };
    checked_proxy_url(&url, Some(variable)).map(Some)
}

/// Whether the environment's `NO_PROXY` exempts `base`, by reqwest's own matcher (the
/// one it would have used itself). An explicit proxy is used for every call.
fn exempted_by_no_proxy(choice: &ProxyChoice, base: &reqwest::Url) -> bool {
    if !matches!(choice, ProxyChoice::Environment) {
        return false;
    }
    let no_proxy = ["NO_PROXY", "no_proxy"].iter().find_map(|name| std::env::var(name).ok()).unwrap_or_default();
    let matcher = hyper_util::client::proxy::matcher::Matcher::builder()
        .all("http://proxy.invalid".to_owned())
        .no(no_proxy)
        .build();
    base.as_str().parse().is_ok_and(|uri| matcher.intercept(&uri).is_none())
}

fn unused_credentials(reason: &'static str) -> BuildError {
    BuildError::new(Problem::UnusedProxyCredentials { reason })
}

/// Whether `url` is plain `http` to a loopback host: `localhost`, any `127.0.0.0/8`
/// address, or `[::1]`.
pub(crate) fn is_plain_loopback(url: &reqwest::Url) -> bool {
    url.scheme() == "http" && is_loopback(url)
}

/// Whether `url`'s host is a loopback host: `localhost`, any `127.0.0.0/8` address, or
/// `[::1]`.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The trust settings: extra certificate authorities and which built-in stores count.
#[derive(Clone)]
pub(crate) struct Trust {
    /// PEM texts given to `add_root_certificate`, in order.
    pub(crate) extra_pems: Vec<Vec<u8>>,
    pub(crate) webpki_roots: bool,
    #[cfg(feature = "native-roots")]
    pub(crate) native_roots: bool,
}

impl Default for Trust {
    fn default() -> Self {
        Trust {
            extra_pems: Vec::new(),
            webpki_roots: true,
            #[cfg(feature = "native-roots")]
            native_roots: false,
        }
    }
}

impl fmt::Debug for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Trust");
        s.field("extra_certificates", &self.extra_pems.len()).field("webpki_roots", &self.webpki_roots);
        #[cfg(feature = "native-roots")]
        s.field("native_roots", &self.native_roots);
        s.finish()
    }
}

/// Applies the trust settings. Each PEM text must hold at least one certificate; one
/// that holds none, or cannot be read, is an error that says which it was (by its place
/// among the `add_root_certificate` calls, since a PEM has no name).
pub(crate) fn apply_trust(
    mut http: reqwest::ClientBuilder,
    trust: &Trust,
) -> Result<reqwest::ClientBuilder, BuildError> {
    for (index, pem) in trust.extra_pems.iter().enumerate() {
        let reject = |reason: &'static str| BuildError::new(Problem::Certificate { index, reason });
        let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| reject("it is not valid PEM"))?;
        if certificates.is_empty() {
            return Err(reject("it holds no `BEGIN CERTIFICATE` block"));
        }
        for certificate in certificates {
            http = http.add_root_certificate(certificate);
        }
    }
    // Every built-in store off first, whatever reqwest's features: another package of
    // the program may turn on reqwest's `rustls-tls-native-roots`, and the system's
    // store must not come in with it. Then the stores asked for go back on, by name.
    http = http.tls_built_in_root_certs(false).tls_built_in_webpki_certs(trust.webpki_roots);
    #[cfg(feature = "native-roots")]
    {
        http = http.tls_built_in_native_certs(trust.native_roots);
    }
    Ok(http)
}

/// Which `add_root_certificate` text holds a block that is PEM but not a readable
/// certificate (cut short, damaged). reqwest checks only the PEM framing when it reads
/// the text and parses each certificate when the client is built, and that error names
/// no certificate; so after a failed build each one is tried alone, to name it.
pub(crate) fn unreadable_certificate(trust: &Trust) -> Option<BuildError> {
    for (index, pem) in trust.extra_pems.iter().enumerate() {
        let certificates = reqwest::Certificate::from_pem_bundle(pem).unwrap_or_default();
        for (block, certificate) in certificates.into_iter().enumerate() {
            let alone = reqwest::Client::builder().no_proxy().tls_built_in_root_certs(false);
            if alone.add_root_certificate(certificate).build().is_err() {
                return Some(BuildError::new(Problem::UnreadableCertificate { index, block }));
            }
        }
    }
    None
}

/// The URL with any password replaced, for error messages.
fn redacted_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // An unparsable URL may still hold `user:password@`; keep only what follows it.
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => format!("<credentials redacted>@{host}"),
            None => url.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(redacted_url("http://ann:hunter2@proxy.example:3128"), "http://ann:redacted@proxy.example:3128/");
        assert_eq!(redacted_url("http://ann:hunter2@bad host"), "<credentials redacted>@bad host");
        let credentials = ProxyCredentials { username: "ann".into(), password: "hunter2".into() };
        assert!(!format!("{credentials:?}").contains("hunter2"));
    }
}

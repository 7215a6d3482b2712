//! How the HTTP stack reaches Slack: proxies and the certificate authorities it trusts.

use std::fmt;

use crate::error::{BuildError, Problem};

/// Which proxy the client uses.
#[derive(Clone, Default)]
pub(crate) enum ProxyChoice {
    /// The environment's `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, read
    /// when the client is built (reqwest's own rule).
    #[default]
    Environment,
    /// No proxy at all, whatever the environment says.
    Direct,
    /// This proxy for every call.
    Explicit { url: String, credentials: Option<ProxyCredentials> },
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::Environment => f.write_str("Environment"),
            ProxyChoice::Direct => f.write_str("Direct"),
            ProxyChoice::Explicit { url, credentials } => {
                f.debug_struct("Explicit").field("url", &redacted_url(url)).field("credentials", credentials).finish()
            }
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

/// Applies the proxy choice to reqwest's builder. A URL reqwest cannot use is an error
/// that names it (without any password it holds), never a silent fall back to no proxy.
pub(crate) fn apply_proxy(
    http: reqwest::ClientBuilder,
    choice: &ProxyChoice,
) -> Result<reqwest::ClientBuilder, BuildError> {
    match choice {
        ProxyChoice::Environment => Ok(http),
        ProxyChoice::Direct => Ok(http.no_proxy()),
        ProxyChoice::Explicit { url, credentials } => {
            let reject = |reason: &'static str| BuildError::new(Problem::Proxy { url: redacted_url(url), reason });
            let parsed = reqwest::Url::parse(url).map_err(|_| reject("not an absolute URL"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(reject("the scheme must be http or https"));
            }
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(reject("it names no host"));
            }
            let mut proxy = reqwest::Proxy::all(url.as_str()).map_err(|_| reject("reqwest cannot use it"))?;
            if let Some(credentials) = credentials {
                proxy = proxy.basic_auth(&credentials.username, &credentials.password);
            }
            Ok(http.proxy(proxy))
        }
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

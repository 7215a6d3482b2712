//! From the global options to a `Client`: where the token comes from (never the command
//! line), which Slack, which proxy and which extra certificate authorities.

use std::path::Path;
use std::time::Duration;

use slack_admin_users_session::{method::Tier, Client, ClientBuilder, Pacing, Token};

use crate::cli::Global;
use crate::exit::Failure;

/// The environment variable the token is read from.
pub const TOKEN_VARIABLE: &str = "SLACK_ADMIN_TOKEN";

/// Why `--token` is refused.
pub const TOKEN_FLAG_REFUSED: &str = "--token is refused: a token on the command line is saved in your shell \
     history and shown to every user of this machine in the process list (ps). Put it in the SLACK_ADMIN_TOKEN \
     environment variable, or in a file only you can read and pass --token-file PATH. The token just typed may \
     already be in your shell history: remove it there, or revoke it.";

/// The client the global options describe, paced at Slack's rate limits.
pub fn client(global: &Global) -> Result<Client, Failure> {
    let token = token(global)?;
    configure(Client::builder(token), global)?.build().map_err(|e| Failure::usage(with_flag(e.to_string())))
}

/// A configuration error in the tool's words: the library names its builder calls, and
/// each `add_root_certificate` call here is one `--ca-cert`, in the order given.
fn with_flag(message: String) -> String {
    message.replace("add_root_certificate call #", "--ca-cert #")
}

/// The token: `--token` refused, then `--token-file`, then `SLACK_ADMIN_TOKEN`.
fn token(global: &Global) -> Result<Token, Failure> {
    if global.token.is_some() {
        return Err(Failure::usage(TOKEN_FLAG_REFUSED));
    }
    let text = match &global.token_file {
        Some(path) => read_token_file(path)?,
        None => std::env::var(TOKEN_VARIABLE).unwrap_or_default(),
    };
    let text = text.trim();
    if text.is_empty() {
        let source = match &global.token_file {
            Some(path) => format!("{} is empty", path.display()),
            None => format!("{TOKEN_VARIABLE} is not set"),
        };
        return Err(Failure::usage(format!(
            "no token: {source}. Set {TOKEN_VARIABLE} to an admin user token (xoxp-...), or pass --token-file PATH"
        )));
    }
    Ok(Token::new(text))
}

/// The first line of the token file; a warning on stderr when others may read it.
fn read_token_file(path: &Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read the token file {}: {e}", path.display())))?;
    warn_if_shared(path);
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!("warning: others may read the token file {} (chmod 600 it)", path.display());
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path) {}

/// Applies the network options and the pacing to `builder`.
fn configure(mut builder: ClientBuilder, global: &Global) -> Result<ClientBuilder, Failure> {
    if let Some(url) = &global.base_url {
        builder = builder.base_url(url);
    }
    if global.govslack {
        builder = builder.govslack();
    }
    if let Some(proxy) = &global.proxy {
        builder = builder.proxy(proxy);
    }
    if global.no_proxy {
        builder = builder.no_proxy();
    }
    for path in &global.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| Failure::usage(format!("cannot read the certificate file {}: {e}", path.display())))?;
        builder = builder.add_root_certificate(pem);
    }
    if let Some(seconds) = global.timeout {
        let timeout = Duration::try_from_secs_f64(seconds)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| Failure::usage(format!("--timeout takes a positive number of seconds, not {seconds}")))?;
        builder = builder.timeout(timeout);
    }
    Ok(builder.pacing(pacing(global.time_scale)?))
}

/// Pacing at every tier's rate, `scale` times faster for a fake Slack on a fast clock.
/// The tool always paces, so that a burst of calls waits on this side instead of being
/// answered with HTTP 429.
pub fn pacing(scale: f64) -> Result<Pacing, Failure> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Failure::usage(format!("--time-scale takes a positive number, not {scale}")));
    }
    let tiers = [Tier::Tier1, Tier::Tier2, Tier::Tier3, Tier::Tier4];
    Ok(tiers.into_iter().fold(Pacing::by_tier(), |pacing, tier| {
        pacing.tier_rate(tier, (f64::from(tier.per_minute()) * scale).round().max(1.0) as u32)
    }))
}

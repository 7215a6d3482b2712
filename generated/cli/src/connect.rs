//! From the global options, over the chosen profile's (`config`), to a `Client`: where
//! the token comes from (never the command line, never the config file), which Slack,
//! which proxy and which extra certificate authorities.

use std::path::Path;
use std::time::Duration;

use slack_admin_users_session::{method::Tier, Client, ClientBuilder, Pacing, Token};

use crate::cli::Global;
use crate::config::{self, Connection};
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
    if global.token.is_some() {
        return Err(Failure::usage(TOKEN_FLAG_REFUSED));
    }
    let connection = config::connection(global)?;
    let token = token(&connection)?;
    let builder = configure(Client::builder(token), &connection, global.time_scale)?;
    builder.build().map_err(|e| Failure::usage(with_origin(e.to_string(), &connection.ca_cert_origin)))
}

/// A configuration error in the tool's words: the library names its builder calls, and
/// each `add_root_certificate` call here is one CA certificate file, in the order given
/// where it was given (`--ca-cert`, or a profile's `ca_cert`).
fn with_origin(message: String, origin: &str) -> String {
    message.replace("add_root_certificate call #", &format!("{origin} #"))
}

/// The token: from the token file that `--token-file` or the profile names, else from
/// `SLACK_ADMIN_TOKEN`.
fn token(connection: &Connection) -> Result<Token, Failure> {
    let text = match &connection.token_file {
        Some(path) => read_token_file(path, &connection.token_file_origin)?,
        None => std::env::var(TOKEN_VARIABLE).unwrap_or_default(),
    };
    let text = text.trim();
    if text.is_empty() {
        let source = match &connection.token_file {
            Some(path) => format!("{} is empty", path.display()),
            None => format!("{TOKEN_VARIABLE} is not set"),
        };
        return Err(Failure::usage(format!(
            "no token: {source}. Set {TOKEN_VARIABLE} to an admin user token (xoxp-...), or pass --token-file PATH"
        )));
    }
    Ok(Token::new(text))
}

/// The first line of the token file that `origin` names, once it is known that only
/// its owner can read it.
fn read_token_file(path: &Path, origin: &str) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read the token file {} ({origin}): {e}", path.display())))?;
    refuse_if_shared(path)?;
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

/// Refuses a token file that anyone but its owner can read: the token would be theirs
/// too. The message gives the command that fixes it.
#[cfg(unix)]
fn refuse_if_shared(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map(|meta| meta.permissions().mode()).unwrap_or(0);
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "the token file {path} can be read by others (its mode is {:o}), so the token is refused: make it \
         readable by you alone with `chmod 600 {path}`, then run this again",
        mode & 0o777,
        path = path.display()
    )))
}

#[cfg(not(unix))]
fn refuse_if_shared(_: &Path) -> Result<(), Failure> {
    Ok(())
}

/// Applies the network options and the pacing to `builder`.
fn configure(mut builder: ClientBuilder, connection: &Connection, time_scale: f64) -> Result<ClientBuilder, Failure> {
    if let Some(url) = &connection.base_url {
        builder = builder.base_url(url);
    }
    if connection.govslack {
        builder = builder.govslack();
    }
    if let Some(proxy) = &connection.proxy {
        builder = builder.proxy(proxy);
    }
    if connection.no_proxy {
        builder = builder.no_proxy();
    }
    for path in &connection.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| Failure::usage(format!("cannot read the certificate file {}: {e}", path.display())))?;
        builder = builder.add_root_certificate(pem);
    }
    if let Some(seconds) = connection.timeout {
        let timeout = Duration::try_from_secs_f64(seconds)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| Failure::usage(format!("--timeout takes a positive number of seconds, not {seconds}")))?;
        builder = builder.timeout(timeout);
    }
    Ok(builder.pacing(pacing(time_scale)?))
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

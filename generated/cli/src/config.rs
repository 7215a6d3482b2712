//! Profiles: the connection settings of each org an admin works on, named in
//! `config.toml` and chosen with `--profile NAME` or `SLACK_SESSIONS_PROFILE`, so that
//! the base URL (or GovSlack), token file, proxy, CA certificates and timeout are not
//! retyped every time. Options on the command line win over the profile. The file never
//! holds a token, only the path of a token file, which must be readable by its owner
//! alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::Global;
use crate::exit::Failure;

/// The environment variable that names the profile when `--profile` is not given.
pub const PROFILE_VARIABLE: &str = "SLACK_SESSIONS_PROFILE";

/// Where to connect and with what: the command line's options over the profile's.
#[derive(Debug, Default)]
pub struct Connection {
    /// The file the token is read from, when one is named.
    pub token_file: Option<PathBuf>,
    /// Where the token file was named, for messages: `--token-file` or the profile.
    pub token_file_origin: String,
    /// The Slack API URL, when not Slack's own.
    pub base_url: Option<String>,
    /// Whether to call GovSlack.
    pub govslack: bool,
    /// The proxy, when not the environment's.
    pub proxy: Option<String>,
    /// Whether to connect directly, ignoring the environment's proxy.
    pub no_proxy: bool,
    /// Extra CA certificates (PEM files), and where they were named.
    pub ca_cert: Vec<PathBuf>,
    /// Where the CA certificates were named: `--ca-cert` or the profile's `ca_cert`.
    pub ca_cert_origin: String,
    /// An attempt's time limit, in seconds.
    pub timeout: Option<f64>,
}

/// One profile of `config.toml`. Every key is optional; an unknown key is refused, so
/// that a misspelt one does not silently leave a setting out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    base_url: Option<String>,
    #[serde(default)]
    govslack: bool,
    token_file: Option<PathBuf>,
    proxy: Option<String>,
    #[serde(default)]
    no_proxy: bool,
    #[serde(default)]
    ca_cert: Vec<PathBuf>,
    timeout: Option<f64>,
    /// Read only to refuse it with a message of its own.
    token: Option<toml::Value>,
}

/// The file: its profiles by name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// The connection the command line asks for, over the profile it names (with
/// `--profile` or `SLACK_SESSIONS_PROFILE`), if it names one.
pub fn connection(global: &Global) -> Result<Connection, Failure> {
    let from_environment = std::env::var(PROFILE_VARIABLE).ok().filter(|name| !name.is_empty());
    let profile = match global.profile.clone().or(from_environment) {
        Some(name) => {
            let path = config_path().ok_or_else(|| {
                Failure::usage(format!("profile {name}: no config file: neither XDG_CONFIG_HOME nor HOME is set"))
            })?;
            let profile = load(&path, &name)?;
            Some((name, path, profile))
        }
        None => None,
    };
    Ok(merge(global, profile))
}

/// The options of `global`, each falling back to the profile's when not given.
fn merge(global: &Global, profile: Option<(String, PathBuf, Profile)>) -> Connection {
    let Some((name, path, profile)) = profile else {
        return Connection {
            token_file: global.token_file.clone(),
            token_file_origin: "--token-file".to_owned(),
            base_url: global.base_url.clone(),
            govslack: global.govslack,
            proxy: global.proxy.clone(),
            no_proxy: global.no_proxy,
            ca_cert: global.ca_cert.clone(),
            ca_cert_origin: "--ca-cert".to_owned(),
            timeout: global.timeout,
        };
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let resolve = |file: &Path| resolve(base, file);
    let named = |key: &str| format!("{key} of profile {name} in {}", path.display());
    // Where the command line names a Slack or a proxy, the profile's choice of either
    // gives way as a whole: --base-url over govslack = true, --no-proxy over proxy.
    let slack_given = global.base_url.is_some() || global.govslack;
    let proxy_given = global.proxy.is_some() || global.no_proxy;
    let (token_file, token_file_origin) = match &global.token_file {
        Some(file) => (Some(file.clone()), "--token-file".to_owned()),
        None => (profile.token_file.as_deref().map(resolve), named("token_file")),
    };
    let (ca_cert, ca_cert_origin) = if global.ca_cert.is_empty() {
        (profile.ca_cert.iter().map(|file| resolve(file)).collect(), named("ca_cert"))
    } else {
        (global.ca_cert.clone(), "--ca-cert".to_owned())
    };
    Connection {
        token_file,
        token_file_origin,
        base_url: if slack_given { global.base_url.clone() } else { profile.base_url },
        govslack: if slack_given { global.govslack } else { profile.govslack },
        proxy: if proxy_given { global.proxy.clone() } else { profile.proxy },
        no_proxy: if proxy_given { global.no_proxy } else { profile.no_proxy },
        ca_cert,
        ca_cert_origin,
        timeout: global.timeout.or(profile.timeout),
    }
}

/// The profile `name` of the config file at `path`.
fn load(path: &Path, name: &str) -> Result<Profile, Failure> {
    let at = |problem: String| Failure::usage(format!("profile {name}: {}: {problem}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|error| at(format!("cannot read the config file: {error}")))?;
    let mut file: File =
        toml::from_str(&text).map_err(|error| at(format!("not a config file this tool reads: {error}")))?;
    let Some(profile) = file.profiles.remove(name) else {
        let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
        let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
        return Err(at(format!("no [profiles.{name}] in it (its profiles: {known})")));
    };
    if profile.token.is_some() {
        return Err(at("it holds a token, which a config file never does: put the token in a file only you can read \
             (chmod 600 FILE) and name that file with token_file"
            .to_owned()));
    }
    if profile.base_url.is_some() && profile.govslack {
        return Err(at("it sets both base_url and govslack = true; keep one".to_owned()));
    }
    Ok(profile)
}

/// `file` as the profile names it: `~/` is the home folder, and a relative path is
/// relative to the config file's folder, so that a profile means the same from any
/// working directory.
fn resolve(base: &Path, file: &Path) -> PathBuf {
    if let (Ok(rest), Some(home)) = (file.strip_prefix("~"), home()) {
        return home.join(rest);
    }
    base.join(file)
}

/// The config file: `$XDG_CONFIG_HOME/slack-sessions/config.toml`, else
/// `~/.config/slack-sessions/config.toml`; on Windows `%APPDATA%\slack-sessions\config.toml`
/// unless XDG_CONFIG_HOME is set.
pub fn config_path() -> Option<PathBuf> {
    let variable = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    let folder = variable("XDG_CONFIG_HOME")
        .or_else(|| if cfg!(windows) { variable("APPDATA") } else { None })
        .or_else(|| Some(home()?.join(".config")))?;
    Some(folder.join("slack-sessions").join("config.toml"))
}

/// The user's home folder.
fn home() -> Option<PathBuf> {
    let name = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_a_profile_are_relative_to_the_config_file_or_the_home_folder() {
        let base = Path::new("/etc/slack-sessions");
        assert_eq!(resolve(base, Path::new("acme.token")), PathBuf::from("/etc/slack-sessions/acme.token"));
        assert_eq!(resolve(base, Path::new("/srv/acme.token")), PathBuf::from("/srv/acme.token"));
        if let Some(home) = home() {
            assert_eq!(resolve(base, Path::new("~/acme.token")), home.join("acme.token"));
        }
    }

    #[test]
    fn a_profile_reads_every_setting_and_refuses_an_unknown_key() {
        let text = r#"
            [profiles.gov]
            govslack = true
            token_file = "gov.token"
            proxy = "http://proxy.internal:3128"
            ca_cert = ["corp-ca.pem"]
            timeout = 12.5
        "#;
        let file: File = toml::from_str(text).expect("a config file");
        let gov = &file.profiles["gov"];
        assert!(gov.govslack && gov.token.is_none());
        assert_eq!((gov.ca_cert.len(), gov.timeout), (1, Some(12.5)));
        assert!(toml::from_str::<File>("[profiles.x]\nbase_ulr = \"https://x\"\n").is_err());
    }
}

//! Profiles in `$XDG_CONFIG_HOME/slack-sessions/config.toml`: a profile supplies the
//! base URL, the token file and the CA certificates; an option on the command line wins
//! over it; the file never holds a token, and a token file others can read is refused
//! with the command that fixes it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use slack_admin_users_session::fake::{Device, DEFAULT_TOKEN};

use crate::support::{output, tool, Org, Run, TempFile, SCALE};

/// A certificate authority's certificate, self-signed and valid until 2126, that only
/// has to load: the fake Slack speaks plain HTTP on loopback.
const CA: &str = "-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIUcLTWM+tTgCgeRfLp+HDm7C315uIwCgYIKoZIzj0EAwIw
ITEfMB0GA1UEAwwWc2xhY2stc2Vzc2lvbnMgdGVzdCBDQTAgFw0yNjEyMDcwMjQ2
MDZaGA8yMTI2MTExMzAyNDYwNlowITEfMB0GA1UEAwwWc2xhY2stc2Vzc2lvbnMg
dGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABANpjfsg8pvLUQO7AsuC
zA6llRZpb+qP+MPDVgaG0+TM9rqbhBzom3JxbHPoDjs+oktXpvq5itdgsWFlt3MW
U9ijUzBRMB0GA1UdDgQWBBReE1CZYnJAZrJVPj1HLUjK4KoBvTAfBgNVHSMEGDAW
gBReE1CZYnJAZrJVPj1HLUjK4KoBvTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0gAMEUCIAYDm+vgGfPcV2y2uFKbw5Y8XkCB09Log0iSs+7POFqEAiEA3D75
0kpvILMTL/HsJfXmQ9OjAw0pSffUy1O8q2p1WU0=
-----END CERTIFICATE-----
";

/// A config folder (`XDG_CONFIG_HOME`) under Cargo's temporary folder, removed when
/// dropped, with the token file and the CA certificate beside the config file.
struct Config {
    home: PathBuf,
}

impl Config {
    /// A config folder whose `config.toml` holds `profiles`, with `acme.token` (the
    /// fake's token, mode 600) and `corp-ca.pem` beside it.
    fn with(profiles: &str) -> Config {
        let scratch = TempFile::fresh();
        let home = scratch.path.with_extension("config");
        let folder = home.join("slack-sessions");
        std::fs::create_dir_all(&folder).expect("the config folder");
        std::fs::write(folder.join("config.toml"), profiles).expect("config.toml");
        std::fs::write(folder.join("acme.token"), format!("{DEFAULT_TOKEN}\n")).expect("the token file");
        std::fs::write(folder.join("corp-ca.pem"), CA).expect("the CA");
        std::fs::write(folder.join("broken-ca.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
            .expect("the broken CA");
        chmod(&folder.join("acme.token"), 0o600);
        Config { home }
    }

    /// The path of `name` in the config folder.
    fn file(&self, name: &str) -> PathBuf {
        self.home.join("slack-sessions").join(name)
    }

    /// The tool with `args`, the config folder as XDG_CONFIG_HOME, and no profile or
    /// token in its environment.
    fn tool(&self, args: &[&str]) -> Command {
        let mut command = tool(args);
        command.env("XDG_CONFIG_HOME", &self.home).env_remove("SLACK_SESSIONS_PROFILE");
        command.args(["--time-scale", &SCALE.to_string()]);
        command
    }

    async fn run(&self, args: &[&str]) -> Run {
        output(self.tool(args)).await
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

#[cfg(unix)]
fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn chmod(_: &std::path::Path, _: u32) {}

/// A URL where nothing listens.
fn dead_url() -> String {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    format!("http://127.0.0.1:{port}")
}

async fn org() -> Org {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org
}

#[tokio::test]
async fn a_profile_supplies_the_base_url_the_token_file_and_the_ca_certificates() {
    let org = org().await;
    let config = Config::with(&format!(
        "[profiles.acme]\nbase_url = \"{}\"\ntoken_file = \"acme.token\"\nca_cert = [\"corp-ca.pem\"]\ntimeout = 10\n\n\
         [profiles.broken]\nbase_url = \"{}\"\ntoken_file = \"acme.token\"\nca_cert = [\"broken-ca.pem\"]\n",
        org.fake.url(),
        org.fake.url()
    ));
    let run = config.run(&["list", "--profile", "acme", "--format", "jsonl"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json_lines().len(), 1, "the fake's session, through the profile's URL and token");
    // The environment variable chooses it too.
    let mut command = config.tool(&["list", "--format", "jsonl"]);
    command.env("SLACK_SESSIONS_PROFILE", "acme");
    let run = output(command).await;
    assert_eq!((run.code, run.json_lines().len()), (Some(0), 1), "{run:?}");
    // The CA certificates are the profile's: a broken one is named by its place there.
    let run = config.run(&["list", "--profile", "broken"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("ca_cert of profile broken in"), "{}", run.stderr);
    assert!(run.stderr.contains("is not a readable X.509 certificate"), "{}", run.stderr);
    // An unknown profile is named, with the ones there are.
    let run = config.run(&["list", "--profile", "acne"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("no [profiles.acne] in it (its profiles: acme, broken)"), "{}", run.stderr);
}

#[tokio::test]
async fn an_option_on_the_command_line_wins_over_the_profile() {
    let org = org().await;
    let config = Config::with(&format!(
        "[profiles.acme]\nbase_url = \"{}\"\ntoken_file = \"acme.token\"\nca_cert = [\"broken-ca.pem\"]\n",
        dead_url()
    ));
    let url = org.fake.url();
    let ca = config.file("corp-ca.pem").display().to_string();
    let run = config.run(&["list", "--profile", "acme", "--base-url", &url, "--ca-cert", &ca]).await;
    assert_eq!(run.code, Some(0), "--base-url and --ca-cert win: {run:?}");
    // --token-file wins over the profile's token file.
    let wrong = TempFile::with("xoxp-not-the-fakes-token\n");
    let wrong = wrong.path.display().to_string();
    let run =
        config.run(&["list", "--profile", "acme", "--base-url", &url, "--ca-cert", &ca, "--token-file", &wrong]).await;
    assert_eq!(run.code, Some(3), "the command line's token, which the fake refuses: {run:?}");
}

#[tokio::test]
async fn a_token_file_others_can_read_is_refused_with_the_fix_and_the_file_never_holds_a_token() {
    let org = org().await;
    let config =
        Config::with(&format!("[profiles.acme]\nbase_url = \"{}\"\ntoken_file = \"acme.token\"\n", org.fake.url()));
    let token = config.file("acme.token");
    chmod(&token, 0o644);
    let run = config.run(&["list", "--profile", "acme"]).await;
    if cfg!(unix) {
        assert_eq!(run.code, Some(2), "{run:?}");
        assert!(run.stderr.contains(&format!("chmod 600 {}", token.display())), "{}", run.stderr);
        assert!(!run.stderr.contains(DEFAULT_TOKEN), "{}", run.stderr);
        assert!(org.fake.requests().is_empty(), "nothing was sent");
        // --token-file is held to the same rule.
        let run =
            config.run(&["list", "--base-url", &org.fake.url(), "--token-file", &token.display().to_string()]).await;
        assert_eq!(run.code, Some(2), "{run:?}");
        assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    }
    let config = Config::with("[profiles.acme]\ntoken = \"xoxp-in-the-file\"\n");
    let run = config.run(&["list", "--profile", "acme"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("it holds a token, which a config file never does"), "{}", run.stderr);
    assert!(!run.stderr.contains("xoxp-in-the-file"), "{}", run.stderr);
}

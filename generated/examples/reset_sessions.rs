//! Signs a user out of their Slack sessions with `admin.users.session.reset`, and says
//! in plain words what happened.
//!
//! ```sh
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example reset_sessions -- W12345678
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example reset_sessions -- W12345678 --mobile-only
//! cargo run --example reset_sessions --features fake -- W12345678 --mobile-only --fake
//! ```
//!
//! `--fake` (with the `fake` feature) sends the same call, through the same code, to a
//! fake Slack started in the process and seeded with three sessions of the user, so the
//! program can be tried with no Slack organization and no token.
//!
//! The token is read from `SLACK_ADMIN_TOKEN`, never from the command line, where it
//! would end up in the shell history and the process list. It must be a user token of
//! an org owner or admin with the `admin.users:write` scope.
//!
//! Exit codes: 0 the sessions were reset; 1 Slack answered with an error code; 2 the
//! command line or the environment is wrong; 3 no usable answer came from Slack's API
//! (HTTP 429 after the retries, a timeout, no connection, an HTTP error).

use std::process::ExitCode;
use std::time::Duration;

use slack_admin_users_session::{
    method::Method, AdminUsersSessionResetError as ResetError, AdminUsersSessionResetRequest, Client, ClientBuilder,
    Error, ErrorKind,
};

/// The fake Slack `--fake` starts; without the feature no value of it can exist.
#[cfg(feature = "fake")]
type Fake = slack_admin_users_session::fake::FakeSlack;
#[cfg(not(feature = "fake"))]
type Fake = std::convert::Infallible;

const USAGE: &str = "\
usage: reset_sessions USER_ID [--mobile-only | --web-only] [--base-url URL | --fake]

Signs USER_ID out of all of their Slack sessions, so they have to sign in again.

  --mobile-only   end only the sessions on mobile clients
  --web-only      end only the browser sessions
  --base-url URL  send the call somewhere other than https://slack.com/api (a test server)
  --fake          send it to a fake Slack seeded with three sessions of USER_ID
                  (needs the `fake` feature; no token needed)

The token comes from the SLACK_ADMIN_TOKEN environment variable: a user token of an
org owner or admin with the admin.users:write scope.";

/// What the command line asked for.
struct Args {
    user_id: String,
    mobile_only: bool,
    web_only: bool,
    base_url: Option<String>,
    fake: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("error: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fake = match args.fake {
        true => match start_fake(&args.user_id).await {
            Ok(fake) => Some(fake),
            Err(problem) => {
                eprintln!("error: {problem}");
                return ExitCode::from(2);
            }
        },
        false => None,
    };
    let builder = match &fake {
        Some(fake) => fake_client_builder(fake),
        None => match slack_client_builder(&args) {
            Ok(builder) => builder,
            Err(code) => return code,
        },
    };
    let client = match builder.timeout(Duration::from_secs(20)).build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = reset(&client, &args).await;
    if let Some(fake) = &fake {
        report_fake(fake);
    }
    outcome
}

/// A builder for Slack itself, with the token from the environment.
fn slack_client_builder(args: &Args) -> Result<ClientBuilder, ExitCode> {
    let token = match std::env::var("SLACK_ADMIN_TOKEN") {
        Ok(token) if !token.trim().is_empty() => token.trim().to_owned(),
        _ => {
            eprintln!("error: set SLACK_ADMIN_TOKEN to a Slack user token (xoxp-...) of an org owner or admin");
            return Err(ExitCode::from(2));
        }
    };
    let builder = Client::builder(token);
    Ok(match &args.base_url {
        Some(url) => builder.base_url(url),
        None => builder,
    })
}

/// Starts a fake Slack in which `user_id` has a session on each kind of device.
#[cfg(feature = "fake")]
async fn start_fake(user_id: &str) -> Result<Fake, String> {
    use slack_admin_users_session::fake::Device;
    use slack_admin_users_session::ActiveSession;

    let fake = Fake::start().await.map_err(|error| format!("cannot start the fake Slack: {error}"))?;
    for (n, device) in [Device::Mobile, Device::Web, Device::Desktop].into_iter().enumerate() {
        fake.add_session(device, ActiveSession::new(user_id, "T0FAKE", 1_112_275_520_000 + n as i64));
    }
    println!("Using a fake Slack at {} where {user_id} has a mobile, a browser and a desktop session.", fake.url());
    Ok(fake)
}

#[cfg(not(feature = "fake"))]
async fn start_fake(_user_id: &str) -> Result<Fake, String> {
    Err("--fake needs the `fake` feature: cargo run --example reset_sessions --features fake -- USER_ID --fake".into())
}

#[cfg(feature = "fake")]
fn fake_client_builder(fake: &Fake) -> ClientBuilder {
    fake.client_builder()
}

#[cfg(not(feature = "fake"))]
fn fake_client_builder(fake: &Fake) -> ClientBuilder {
    match *fake {}
}

/// Shows what the call did to the fake organization.
#[cfg(feature = "fake")]
fn report_fake(fake: &Fake) {
    let left: Vec<String> = fake.sessions().iter().map(|s| s.session_id.to_string()).collect();
    println!("Sessions left in the fake Slack: {}", if left.is_empty() { "none".to_owned() } else { left.join(", ") });
}

#[cfg(not(feature = "fake"))]
fn report_fake(fake: &Fake) {
    match *fake {}
}

/// Sends the reset and explains the outcome.
async fn reset(client: &Client, args: &Args) -> ExitCode {
    let mut request = AdminUsersSessionResetRequest::new(&args.user_id);
    if args.mobile_only {
        request = request.mobile_only(true);
    }
    if args.web_only {
        request = request.web_only(true);
    }
    let which = match (args.mobile_only, args.web_only) {
        (true, _) => "mobile sessions",
        (_, true) => "browser sessions",
        _ => "sessions, on every device",
    };

    match client.admin_users_session_reset(&request).await {
        Ok(response) => {
            println!("Done: {} has been signed out of all {which}.", args.user_id);
            if let Some(warning) = response.warning {
                println!("Slack added a warning: {warning}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => explain(&args.user_id, &error),
    }
}

/// Prints what a failure means and what to do about it, and picks the exit code.
fn explain(user_id: &str, error: &Error<ResetError>) -> ExitCode {
    let Some(code) = error.api_error() else {
        return explain_transport(error);
    };
    let message = match code {
        ResetError::UserNotFound => format!("Slack has no user {user_id}. Check the ID (it starts with U or W)."),
        ResetError::CannotResetPrimaryOwner => {
            format!("{user_id} is the organization's primary owner; only they can reset their own sessions.")
        }
        ResetError::CannotResetBot => format!("{user_id} is a bot user, and bot sessions cannot be reset."),
        ResetError::NotAnAdmin => {
            "The token's owner is not an org owner or admin; only they may reset sessions.".to_owned()
        }
        ResetError::MissingScope => {
            let detail = error.api_detail();
            let needed = detail.and_then(|d| d.needed()).unwrap_or(AdminUsersSessionResetRequest::SCOPES[0]);
            let provided = detail.and_then(|d| d.provided()).unwrap_or("none listed");
            format!("The token lacks the {needed} scope (it has: {provided}). Reinstall the app with that scope.")
        }
        ResetError::InvalidAuth
        | ResetError::NotAuthed
        | ResetError::TokenRevoked
        | ResetError::TokenExpired
        | ResetError::AccountInactive => {
            format!("Slack does not accept the token ({}). Check SLACK_ADMIN_TOKEN.", code.code())
        }
        ResetError::NotAllowedTokenType | ResetError::IsBot => {
            "This needs a user token (xoxp-...), not a bot or app token.".to_owned()
        }
        ResetError::FeatureNotEnabled => {
            "The organization's Slack plan does not include session management (Enterprise only).".to_owned()
        }
        ResetError::UserSessionResetFailed | ResetError::InternalError | ResetError::ServiceUnavailable => {
            format!("Slack could not finish the reset ({}); trying again usually works.", code.code())
        }
        ResetError::Ratelimited => rate_limited(error),
        ResetError::Unknown(unknown) => {
            format!("Slack answered with `{}`, an error this client does not know yet.", unknown.as_str())
        }
        other => {
            format!("Slack refused the call: {} ({}).", other.code(), other.description().unwrap_or("no description"))
        }
    };
    eprintln!("Not done: {message}");
    ExitCode::from(1)
}

/// Failures that are not an answer from Slack's API.
fn explain_transport(error: &Error<ResetError>) -> ExitCode {
    let message = match error.kind() {
        ErrorKind::RateLimited { .. } => rate_limited(error),
        ErrorKind::Timeout { after } => {
            format!("Slack did not answer within {after:?}. The reset may or may not have happened; running it again is safe.")
        }
        ErrorKind::Connect(_) => "Could not connect to Slack. Check the network (or --base-url).".to_owned(),
        ErrorKind::InvalidArgument(problem) => {
            eprintln!("error: {}", problem.problem());
            return ExitCode::from(2);
        }
        _ => format!("The call failed: {error}."),
    };
    eprintln!("Not done: {message}");
    ExitCode::from(3)
}

fn rate_limited(error: &Error<ResetError>) -> String {
    match error.retry_after() {
        Some(wait) => format!("Slack is rate-limiting these calls; try again in {} s.", wait.as_secs().max(1)),
        None => "Slack is rate-limiting these calls; try again in a minute.".to_owned(),
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { user_id: String::new(), mobile_only: false, web_only: false, base_url: None, fake: false };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mobile-only" => parsed.mobile_only = true,
            "--web-only" => parsed.web_only = true,
            "--base-url" => parsed.base_url = Some(args.next().ok_or("--base-url needs a URL")?),
            "--fake" => parsed.fake = true,
            "-h" | "--help" => return Err("help requested".to_owned()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            user if parsed.user_id.is_empty() => parsed.user_id = user.to_owned(),
            extra => return Err(format!("unexpected argument `{extra}`; give one user ID")),
        }
    }
    if parsed.user_id.is_empty() {
        return Err("give the ID of the user to sign out".to_owned());
    }
    if parsed.mobile_only && parsed.web_only {
        return Err("choose at most one of --mobile-only and --web-only".to_owned());
    }
    if parsed.fake && parsed.base_url.is_some() {
        return Err("choose at most one of --base-url and --fake".to_owned());
    }
    Ok(parsed)
}

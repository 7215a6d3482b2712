//! The exit codes `slack-sessions` documents, and the failure that ends a run before or
//! outside a job's outcomes.

use std::fmt;
use std::process::ExitCode;

use slack_admin_users_session::{
    method::{ApiError, ErrorCategory, Method},
    AdminUsersSessionGetSettingsRequest, AdminUsersSessionListRequest, AuthTestRequest, Error,
};

/// How a run ended, as the process's exit code (the list is in `--help` and the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything asked for was done.
    Done = 0,
    /// Some targets or calls failed, or Slack could not be reached.
    SomeFailed = 1,
    /// The command line or the configuration is wrong.
    Usage = 2,
    /// Slack refused the token.
    Authentication = 3,
    /// Stopped by Ctrl-C.
    Interrupted = 130,
}

impl Exit {
    /// The exit code for a failed call: a refused token is 3, anything else 1.
    pub fn for_error<E: ApiError>(error: &Error<E>) -> Exit {
        Exit::for_category(error.category())
    }

    /// The exit code for a failure of this category: the token's (dead, or lacking a
    /// scope or role, so that every call would fail) is 3, anything else 1.
    pub fn for_category(category: Option<ErrorCategory>) -> Exit {
        match category {
            Some(ErrorCategory::Authentication | ErrorCategory::Permission) => Exit::Authentication,
            _ => Exit::SomeFailed,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A run that ended without outcomes to report: the message goes to stderr, the code to
/// the shell.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// What went wrong, in one or two sentences.
    pub message: String,
}

impl Failure {
    /// A wrong command line or configuration (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { exit: Exit::Usage, message: message.into() }
    }

    /// A run that ends with `exit` and says nothing more: what it had to say was said
    /// (a job's summary), or there is no one to say it to (a reader that closed the
    /// pipe once it had what it wanted).
    pub fn quiet(exit: Exit) -> Failure {
        Failure { exit, message: String::new() }
    }

    /// Whether there is nothing to print.
    pub fn is_quiet(&self) -> bool {
        self.message.is_empty()
    }

    /// A failed call, with the exit code its error calls for.
    pub fn call<E: ApiError>(error: &Error<E>) -> Failure {
        Failure { exit: Exit::for_error(error), message: describe(error) }
    }
}

/// Checks `request` against the argument rules the spec gives its method, before
/// anything is sent: an argument those rules forbid (a duration below Slack's bound) is
/// a wrong command line, exit 2, and not a target that failed.
pub fn check_arguments<M: Method>(request: &M) -> Result<(), Failure> {
    request.validate().map_err(|error| Failure::usage(format!("{error}; nothing was sent")))
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A call's error in words, with what to do about a refused token or a call that may
/// have taken effect.
pub fn describe<E: ApiError>(error: &Error<E>) -> String {
    let mut text = error.to_string();
    match error.category() {
        Some(ErrorCategory::Authentication) => text
            .push_str(" (Slack refused the token: check SLACK_ADMIN_TOKEN, --token-file or the profile's token_file)"),
        Some(ErrorCategory::Permission) => {
            text.push_str(" (the token may not do this: it needs an org owner or admin with admin.users:* scopes)")
        }
        _ if error.is_certificate_error() => text.push_str(
            " (behind a TLS-inspecting proxy or with a private CA, pass its certificate with --ca-cert FILE)",
        ),
        _ if error.is_proxy_error() => text.push_str(" (check --proxy, the user:password in its URL, or HTTPS_PROXY)"),
        _ if error.is_connect() => text.push_str(" (check --base-url, --proxy and the network)"),
        _ if error.is_timeout() => text.push_str(" (Slack or the network is slow: raise --timeout)"),
        _ => {}
    }
    if may_have_acted(error) {
        text.push_str("; Slack may have acted anyway");
    }
    text
}

/// The methods the tool calls that only read. A failed read changed nothing, even
/// where the client cannot tell whether Slack received it (a 404, a cut answer).
const READS: [&str; 3] =
    [AdminUsersSessionListRequest::NAME, AdminUsersSessionGetSettingsRequest::NAME, AuthTestRequest::NAME];

/// Whether Slack may have acted on a failed call: only a call that changes something
/// can have, and only when it may have reached Slack.
pub fn may_have_acted<E: ApiError>(error: &Error<E>) -> bool {
    error.may_have_taken_effect() && !READS.contains(&error.method())
}

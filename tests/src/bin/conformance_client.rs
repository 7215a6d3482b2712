//! The generated client's half of `cargo xtask conformance`: calls every method against a
//! Prism mock server and checks that each request is accepted and each answer decodes.
//!
//! `cargo xtask conformance` installs the tools, starts Prism and runs this program with
//! Prism's base URL. It lives here rather than in the xtask so that the xtask never
//! depends on the generated crate: `cargo xtask gen` must build even when the crate it
//! is about to regenerate does not.
//!
//! Usage: `conformance_client <base-url>`. Exit codes: 0 when every call passed, 1 when
//! any failed (each failure is printed), 64 when the command line was not understood.

use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::{
    method::{Encoding, Method},
    AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsRequest, AdminUsersSessionGetSettingsResponse,
    AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, AdminUsersSessionListResponse,
    AdminUsersSessionResetBulkRequest, AdminUsersSessionResetRequest, AdminUsersSessionSetSettingsRequest,
    AuthTestRequest, CallOptions, Client, RetryPolicy, METHOD_NAMES,
};

/// The time each call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// The token every request carries; Prism only checks that a bearer token is present.
const TOKEN: &str = "xoxp-conformance";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url] = args.as_slice() else {
        eprintln!("usage: conformance_client <base-url>");
        return ExitCode::from(64);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start a tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(drive(base_url)) {
        Ok(passed) => {
            println!("{passed} calls accepted and decoded");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
            ExitCode::FAILURE
        }
    }
}

/// Records the outcome of every call.
struct Calls {
    client: Client,
    /// `(method, encoding)` pairs that passed.
    covered: Vec<(&'static str, Encoding)>,
    failures: Vec<String>,
}

impl Calls {
    /// Calls `M` once per encoding and checks the decoded answer with `check`.
    async fn case<M: Method>(&mut self, label: &str, request: M, check: impl Fn(&M::Response) -> Result<(), String>) {
        for encoding in [Encoding::Form, Encoding::Json] {
            let options = CallOptions::new().encoding(encoding);
            let outcome = match self.client.call_with(&request, &options).await {
                Ok(response) => check(&response),
                Err(error) if error.status() == Some(422) => Err(format!("Prism rejected the request: {error}")),
                Err(error) => Err(error.to_string()),
            };
            self.record(M::NAME, encoding, label, outcome);
        }
    }

    fn record(&mut self, method: &'static str, encoding: Encoding, label: &str, outcome: Result<(), String>) {
        let encoding_name = match encoding {
            Encoding::Json => "json",
            _ => "form",
        };
        match outcome {
            Ok(()) => {
                println!("  ok    {method:<36} {encoding_name:<4}  {label}");
                self.covered.push((method, encoding));
            }
            Err(problem) => {
                println!("  FAIL  {method:<36} {encoding_name:<4}  {label}: {problem}");
                self.failures.push(format!("{method} ({encoding_name}, {label}): {problem}"));
            }
        }
    }

    /// Every method must have passed in both encodings.
    fn check_coverage(&mut self) {
        let missing: Vec<String> = METHOD_NAMES
            .iter()
            .flat_map(|name| [(*name, Encoding::Form, "form"), (*name, Encoding::Json, "json")])
            .filter(|(name, encoding, _)| !self.covered.iter().any(|(m, e)| m == name && e == encoding))
            .map(|(name, _, encoding)| format!("{name} ({encoding})"))
            .collect();
        if !missing.is_empty() {
            self.failures.push(format!("no passing call covers: {}", missing.join(", ")));
        }
    }
}

/// Runs every case; the number of passing calls, or every failure.
async fn drive(base_url: &str) -> Result<usize, Vec<String>> {
    let client = Client::builder(TOKEN)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(CALL_TIMEOUT)
        .build()
        .map_err(|e| vec![format!("cannot build the client: {e}")])?;
    let mut calls = Calls { client, covered: Vec::new(), failures: Vec::new() };
    reset_cases(&mut calls).await;
    invalidate_cases(&mut calls).await;
    list_cases(&mut calls).await;
    settings_cases(&mut calls).await;
    // auth.test takes no argument beyond the token; the jobs read its user and team.
    let whose = AuthTestRequest::new();
    calls.case("no argument", whose, |r| ok(r.ok && !r.user_id.is_empty() && !r.team_id.is_empty())).await;
    calls.check_coverage();
    if calls.failures.is_empty() {
        Ok(calls.covered.len())
    } else {
        Err(calls.failures)
    }
}

/// `n` distinct user IDs starting with `prefix`.
fn many(n: usize, prefix: &str) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:08}")).collect()
}

async fn reset_cases(calls: &mut Calls) {
    // reset: the user alone, then each narrowing flag, then both flags explicitly off.
    let reset = || AdminUsersSessionResetRequest::new("W12345678");
    calls.case("user_id only", reset(), |r| ok(r.ok)).await;
    calls.case("mobile_only=true", reset().mobile_only(true), |r| ok(r.ok)).await;
    calls.case("web_only=true", reset().web_only(true), |r| ok(r.ok)).await;
    calls.case("both flags false", reset().mobile_only(false).web_only(false), |r| ok(r.ok)).await;

    // resetBulk: the smallest and the largest list, and a list with a flag.
    calls.case("1 user_id", AdminUsersSessionResetBulkRequest::new(["W12345678"]), |r| ok(r.ok)).await;
    calls.case("1000 user_ids", AdminUsersSessionResetBulkRequest::new(many(1000, "W")), |r| ok(r.ok)).await;
    let two = AdminUsersSessionResetBulkRequest::new(["W12345678", "W98765432"]).web_only(true);
    calls.case("2 user_ids, web_only", two, |r| ok(r.ok)).await;
}

async fn invalidate_cases(calls: &mut Calls) {
    // The current form, with a session ID past 32 bits, and the deprecated one.
    let by_user = AdminUsersSessionInvalidateRequest::new_with_user_id(1112275520242, "U12345");
    calls.case("user_id", by_user, |r| ok(r.ok)).await;
    // The deprecated form is still in the spec and still callable, so it is exercised on purpose.
    #[allow(deprecated)]
    let by_team = AdminUsersSessionInvalidateRequest::new_with_team_id(12345, "T1234");
    calls.case("team_id (deprecated)", by_team, |r| ok(r.ok)).await;
}

async fn list_cases(calls: &mut Calls) {
    // No filters (an empty form body), the team/user pair, both limit bounds, and a
    // cursor full of characters that form encoding must escape.
    let list = AdminUsersSessionListRequest::new;
    calls.case("no arguments", list(), check_list).await;
    calls.case("team_id + user_id", list().team_id_and_user_id("T1234", "U1234"), check_list).await;
    calls.case("limit=1", list().limit(1), check_list).await;
    calls.case("limit=1000", list().limit(1000), check_list).await;
    let cursor = list().cursor("dXNlcjpVMDYx+TkZU/VDI=&x=1").limit(100);
    calls.case("cursor with reserved characters", cursor, check_list).await;
    for encoding in [Encoding::Form, Encoding::Json] {
        let outcome = drain_list_stream(&calls.client, encoding).await;
        calls.record(AdminUsersSessionListRequest::NAME, encoding, "stream over every page", outcome);
    }
}

async fn settings_cases(calls: &mut Calls) {
    // getSettings: one user and many.
    calls.case("1 user_id", AdminUsersSessionGetSettingsRequest::new(["U1234"]), check_get_settings).await;
    calls.case("1000 user_ids", AdminUsersSessionGetSettingsRequest::new(many(1000, "U")), check_get_settings).await;

    // setSettings: each setting alone, both, and the duration bounds.
    let set =
        |ids: &[&str], duration| AdminUsersSessionSetSettingsRequest::new_with_duration(ids.iter().copied(), duration);
    calls.case("duration=180 (minimum)", set(&["U12345"], 180), |r| ok(r.ok)).await;
    calls.case("duration=315569520 (maximum)", set(&["U12345"], 315_569_520), |r| ok(r.ok)).await;
    let quit_only = AdminUsersSessionSetSettingsRequest::new_with_desktop_app_browser_quit(["U12345", "U67890"], false);
    calls.case("desktop_app_browser_quit only", quit_only, |r| ok(r.ok)).await;
    let both =
        AdminUsersSessionSetSettingsRequest::new_with_duration(many(1000, "U"), 86400).desktop_app_browser_quit(true);
    calls.case("both settings, 1000 user_ids", both, |r| ok(r.ok)).await;

    // clearSettings: one user and many.
    calls.case("1 user_id", AdminUsersSessionClearSettingsRequest::new(["U1234"]), |r| ok(r.ok)).await;
    calls.case("1000 user_ids", AdminUsersSessionClearSettingsRequest::new(many(1000, "U")), |r| ok(r.ok)).await;
}

fn ok(value: bool) -> Result<(), String> {
    if value {
        Ok(())
    } else {
        Err(String::from("decoded `ok: false` from a success example"))
    }
}

/// Prism answers with the spec's example page: two sessions and an empty cursor.
fn check_list(page: &AdminUsersSessionListResponse) -> Result<(), String> {
    ok(page.ok)?;
    let sessions = &page.active_sessions;
    let expected = (2, Some(1112275520242), true, false);
    let actual = (
        sessions.len(),
        sessions.first().map(|s| s.session_id),
        sessions.first().is_some_and(|s| s.recent.is_some()),
        sessions.get(1).is_some_and(|s| s.recent.is_some()),
    );
    if actual != expected {
        return Err(format!("the example page decoded as {actual:?}, expected {expected:?}"));
    }
    let first = &sessions[0];
    if first.created.as_ref().and_then(|c| c.os.as_deref()) != Some("OS X") || first.team_id != "E011E2SBBFC" {
        return Err(format!("the first session decoded as {first:?}"));
    }
    let cursor = page.response_metadata.as_ref().and_then(|m| m.next_cursor.as_deref());
    if cursor != Some("") {
        return Err(format!("next_cursor decoded as {cursor:?}, expected Some(\"\")"));
    }
    Ok(())
}

/// Follows the cursor through every page. Prism's example page has an empty cursor, so
/// the stream must end after one page with the example's two sessions.
async fn drain_list_stream(client: &Client, encoding: Encoding) -> Result<(), String> {
    let request = AdminUsersSessionListRequest::new().limit(2);
    // The generated `_stream` method uses the client's default encoding (form); the
    // runtime's `paginate_with` takes per-call options.
    let items: Vec<_> = match encoding {
        Encoding::Json => client.paginate_with(request, CallOptions::new().encoding(encoding)).collect().await,
        _ => client.admin_users_session_list_stream(request).collect().await,
    };
    let sessions = items.into_iter().collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.session_id).collect();
    if ids != [1112275520242, 1112275520367] {
        return Err(format!("the stream yielded sessions {ids:?}"));
    }
    Ok(())
}

fn check_get_settings(response: &AdminUsersSessionGetSettingsResponse) -> Result<(), String> {
    ok(response.ok)?;
    let settings = &response.session_settings;
    let decoded = settings.first().map(|s| (s.user_id.as_str(), s.desktop_app_browser_quit, s.duration));
    if settings.len() != 1 || decoded != Some(("U1234", Some(true), Some(315_569_520))) {
        return Err(format!("the example decoded as {settings:?}"));
    }
    if !response.no_settings_applied.is_empty() {
        return Err(format!("no_settings_applied decoded as {:?}", response.no_settings_applied));
    }
    Ok(())
}

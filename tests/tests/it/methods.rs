//! Every method, called through the generated client against a real server on 127.0.0.1:
//! what goes on the wire in both encodings, how a realistic answer decodes, and how every
//! documented error code of every method decodes.

use std::future::Future;
use std::pin::Pin;

use serde_json::{json, Value};
use slack_admin_users_session::{
    method::{ApiError, Encoding, Method},
    AdminUsersSessionClearSettingsError, AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsError,
    AdminUsersSessionGetSettingsRequest, AdminUsersSessionInvalidateError, AdminUsersSessionInvalidateRequest,
    AdminUsersSessionListError, AdminUsersSessionListRequest, AdminUsersSessionResetBulkError,
    AdminUsersSessionResetBulkRequest, AdminUsersSessionResetError, AdminUsersSessionResetRequest,
    AdminUsersSessionSetSettingsError, AdminUsersSessionSetSettingsRequest, AuthTestError, AuthTestRequest,
    CallOptions, Client, RetryPolicy,
};
use tests::{Recorded, Reply, Server};

/// The token every loopback test uses; tests elsewhere check it never leaks.
pub(crate) const TOKEN: &str = "xoxp-test-0123456789-secret";

/// A client for `server` with the default configuration apart from the base URL.
pub(crate) fn client(server: &Server) -> Client {
    Client::builder(TOKEN).base_url(server.url()).build().expect("a loopback client builds")
}

/// A session ID beyond 32 bits, as Slack's are, to catch any narrowing on the way.
const SESSION_ID: i64 = 1_112_275_520_242;

/// A server that gives the same success body to the three calls each wire test makes,
/// and the client pointed at it.
struct Loopback {
    server: Server,
    client: Client,
}

impl Loopback {
    async fn answering(reply: &str) -> Loopback {
        let server = Server::scripted(vec![Reply::json(reply); 3]).await;
        let client = client(&server);
        Loopback { server, client }
    }

    /// Sends `request` again with explicit options, once as a form and once as JSON, after
    /// the test's own call through the generated method, and returns both responses.
    async fn both_encodings<M: Method>(&self, request: &M) -> [M::Response; 2]
    where
        M::Error: std::fmt::Debug,
    {
        let form = CallOptions::new().encoding(Encoding::Form);
        let json = CallOptions::new().encoding(Encoding::Json);
        let as_form = self.client.call_with(request, &form).await;
        let as_json = self.client.call_with(request, &json).await;
        let as_form = as_form.unwrap_or_else(|e| panic!("{} as a form: {e:?}", M::NAME));
        let as_json = as_json.unwrap_or_else(|e| panic!("{} as JSON: {e:?}", M::NAME));
        [as_form, as_json]
    }

    /// Checks the three recorded requests: the generated method's (the client's default
    /// encoding, a form), then the explicit form, then the JSON one.
    #[track_caller]
    fn check_wire(&self, method: &str, form: &[(&str, &str)], body: Value) {
        let requests = self.server.requests();
        assert_eq!(requests.len(), 3, "{method}: one request per call, none retried");
        for recorded in &requests {
            assert_eq!(recorded.method, "POST", "{method}");
            assert_eq!(recorded.path, format!("/admin.users.session.{method}"));
            let bearer = format!("Bearer {TOKEN}");
            assert_eq!(recorded.header("authorization"), Some(bearer.as_str()), "{method}");
        }
        check_form(method, &requests[0], form);
        check_form(method, &requests[1], form);
        check_json(method, &requests[2], &body);
    }
}

/// The form body, compared as sorted pairs because field order carries no meaning.
#[track_caller]
fn check_form(method: &str, recorded: &Recorded, expected: &[(&str, &str)]) {
    // Exactly this value: a charset on a form body draws Slack's `superfluous_charset` warning.
    assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"), "{method}");
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    pairs.sort();
    assert_eq!(recorded.form(), pairs, "{method}: form body {}", recorded.text());
}

/// The JSON body, compared as a value so that key order and spacing do not matter.
#[track_caller]
fn check_json(method: &str, recorded: &Recorded, expected: &Value) {
    // A JSON body without a charset draws Slack's `missing_charset` warning.
    assert_eq!(recorded.header("content-type"), Some("application/json; charset=utf-8"), "{method}");
    let body: Value = serde_json::from_slice(&recorded.body)
        .unwrap_or_else(|e| panic!("{method}: the JSON body does not parse: {e}: {}", recorded.text()));
    assert_eq!(&body, expected, "{method}: JSON body");
}

#[tokio::test]
async fn reset_sends_the_user_and_flags_and_decodes_warnings() {
    let reply = r#"{"ok":true,"warning":"superfluous_charset","response_metadata":{
        "warnings":["superfluous_charset"],"messages":["[WARN] A Content-Type charset is not needed"]}}"#;
    let wire = Loopback::answering(reply).await;
    let request = AdminUsersSessionResetRequest::new("W12345678").mobile_only(true).web_only(false);
    let first = wire.client.admin_users_session_reset(&request).await.expect("reset succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let pairs = [("user_id", "W12345678"), ("mobile_only", "true"), ("web_only", "false")];
    wire.check_wire("reset", &pairs, json!({"user_id": "W12345678", "mobile_only": true, "web_only": false}));
    assert_eq!(first, form);
    assert_eq!(form, json);
    assert!(first.ok);
    assert_eq!(first.warning.as_deref(), Some("superfluous_charset"));
    let metadata = first.response_metadata.expect("the metadata decodes");
    assert_eq!(metadata.warnings, ["superfluous_charset"]);
    assert_eq!(metadata.messages.len(), 1);
}

#[tokio::test]
async fn reset_leaves_unset_flags_out_of_both_bodies() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionResetRequest::new("W12345678");
    let first = wire.client.admin_users_session_reset(&request).await.expect("reset succeeds");
    wire.both_encodings(&request).await;
    wire.check_wire("reset", &[("user_id", "W12345678")], json!({"user_id": "W12345678"}));
    assert!(first.ok && first.warning.is_none() && first.response_metadata.is_none());
}

#[tokio::test]
async fn reset_bulk_joins_user_ids_in_forms_and_keeps_an_array_in_json() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionResetBulkRequest::new(["W12345678", "W98765432", "W13579246"]).mobile_only(true);
    let first = wire.client.admin_users_session_reset_bulk(&request).await.expect("resetBulk succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let pairs = [("user_ids", "W12345678,W98765432,W13579246"), ("mobile_only", "true")];
    let body = json!({"user_ids": ["W12345678", "W98765432", "W13579246"], "mobile_only": true});
    wire.check_wire("resetBulk", &pairs, body);
    assert!(first.ok && form.ok && json.ok);
}

#[tokio::test]
async fn invalidate_sends_a_64_bit_session_id_with_the_user() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionInvalidateRequest::new_with_user_id(SESSION_ID, "U012S9M77JP");
    let first = wire.client.admin_users_session_invalidate(&request).await.expect("invalidate succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let pairs = [("session_id", "1112275520242"), ("user_id", "U012S9M77JP")];
    // A JSON number, not a string: Slack's own example sends the ID unquoted.
    wire.check_wire("invalidate", &pairs, json!({"session_id": SESSION_ID, "user_id": "U012S9M77JP"}));
    assert!(first.ok && form.ok && json.ok);
}

#[tokio::test]
#[allow(deprecated)]
async fn invalidate_still_takes_the_deprecated_team_id() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionInvalidateRequest::new_with_team_id(SESSION_ID, "T1234");
    wire.client.admin_users_session_invalidate(&request).await.expect("invalidate succeeds");
    wire.both_encodings(&request).await;
    let pairs = [("session_id", "1112275520242"), ("team_id", "T1234")];
    wire.check_wire("invalidate", &pairs, json!({"session_id": SESSION_ID, "team_id": "T1234"}));
}

#[tokio::test]
async fn list_sends_paging_and_filter_and_decodes_sessions() {
    // Slack's cursors are base64 and end in `=`, which a form body must percent-encode.
    let cursor = "dXNlcjpVMEc5V0ZYTlo=";
    let reply = r#"{"ok":true,"active_sessions":[
        {"user_id":"U012S9M77JP","team_id":"E011E2SBBFC","session_id":1112275520242,
         "created":{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.29.149","ip":"203.0.113.24"},
         "recent":{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.33.73","ip":"203.0.113.58"}},
        {"user_id":"U012S9M77JP","team_id":"E011E2SBBFC","session_id":1112275520367,
         "created":{"device_hardware":"iPhone","os":"iOS","os_version":"16.5","ip":"198.51.100.17"},
         "a_field_slack_added_later":{"nested":true}}],
        "response_metadata":{"next_cursor":"dXNlcjpVMEc5V0ZYTlp="}}"#;
    let wire = Loopback::answering(reply).await;
    let request =
        AdminUsersSessionListRequest::new().cursor(cursor).limit(100).team_id_and_user_id("E011E2SBBFC", "U012S9M77JP");
    let first = wire.client.admin_users_session_list(&request).await.expect("list succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let pairs = [("cursor", cursor), ("limit", "100"), ("team_id", "E011E2SBBFC"), ("user_id", "U012S9M77JP")];
    let body = json!({"cursor": cursor, "limit": 100, "team_id": "E011E2SBBFC", "user_id": "U012S9M77JP"});
    wire.check_wire("list", &pairs, body);
    assert!(wire.server.requests()[0].text().contains("dXNlcjpVMEc5V0ZYTlo%3D"), "`=` is percent-encoded");
    assert_eq!(first, form);
    assert_eq!(form, json);
    let sessions = &first.active_sessions;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].session_id, SESSION_ID);
    assert_eq!(sessions[0].team_id, "E011E2SBBFC");
    assert_eq!(sessions[0].created.as_ref().and_then(|c| c.slack_client_version.as_deref()), Some("4.29.149"));
    assert_eq!(sessions[0].recent.as_ref().and_then(|r| r.ip.as_deref()), Some("203.0.113.58"));
    assert_eq!(sessions[1].session_id, 1_112_275_520_367);
    assert!(sessions[1].recent.is_none(), "`recent` is absent when nothing changed");
    assert!(sessions[1].created.as_ref().is_some_and(|c| c.slack_client_version.is_none()));
    let next = first.response_metadata.as_ref().and_then(|m| m.next_cursor.as_deref());
    assert_eq!(next, Some("dXNlcjpVMEc5V0ZYTlp="));
}

#[tokio::test]
async fn get_settings_decodes_nullable_settings() {
    let reply = r#"{"ok":true,"session_settings":[
        {"user_id":"U1234","desktop_app_browser_quit":true,"duration":315569520},
        {"user_id":"U2345","desktop_app_browser_quit":null,"duration":28800},
        {"user_id":"U3456","desktop_app_browser_quit":false,"duration":null}],
        "no_settings_applied":["U5678"]}"#;
    let wire = Loopback::answering(reply).await;
    let request = AdminUsersSessionGetSettingsRequest::new(["U1234", "U2345", "U3456", "U5678"]);
    let first = wire.client.admin_users_session_get_settings(&request).await.expect("getSettings succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let body = json!({"user_ids": ["U1234", "U2345", "U3456", "U5678"]});
    wire.check_wire("getSettings", &[("user_ids", "U1234,U2345,U3456,U5678")], body);
    assert_eq!(first, form);
    assert_eq!(form, json);
    let settings = &first.session_settings;
    assert_eq!(settings.len(), 3);
    assert_eq!((settings[0].desktop_app_browser_quit, settings[0].duration), (Some(true), Some(315_569_520)));
    assert_eq!((settings[1].desktop_app_browser_quit, settings[1].duration), (None, Some(28_800)));
    assert_eq!((settings[2].desktop_app_browser_quit, settings[2].duration), (Some(false), None));
    assert_eq!(first.no_settings_applied, ["U5678"]);
}

#[tokio::test]
async fn get_settings_reads_absent_lists_as_empty() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionGetSettingsRequest::new(["U1234"]);
    let first = wire.client.admin_users_session_get_settings(&request).await.expect("getSettings succeeds");
    wire.both_encodings(&request).await;
    wire.check_wire("getSettings", &[("user_ids", "U1234")], json!({"user_ids": ["U1234"]}));
    assert!(first.session_settings.is_empty() && first.no_settings_applied.is_empty());
}

#[tokio::test]
async fn set_settings_sends_duration_and_quit_flag() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionSetSettingsRequest::new_with_duration(["U12345", "U67890"], 86_400)
        .desktop_app_browser_quit(false);
    let first = wire.client.admin_users_session_set_settings(&request).await.expect("setSettings succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    let pairs = [("user_ids", "U12345,U67890"), ("duration", "86400"), ("desktop_app_browser_quit", "false")];
    let body = json!({"user_ids": ["U12345", "U67890"], "duration": 86400, "desktop_app_browser_quit": false});
    wire.check_wire("setSettings", &pairs, body);
    assert!(first.ok && form.ok && json.ok);
}

#[tokio::test]
async fn clear_settings_sends_user_ids() {
    let wire = Loopback::answering(r#"{"ok":true}"#).await;
    let request = AdminUsersSessionClearSettingsRequest::new(["U1234", "U5678"]);
    let first = wire.client.admin_users_session_clear_settings(&request).await.expect("clearSettings succeeds");
    let [form, json] = wire.both_encodings(&request).await;
    wire.check_wire("clearSettings", &[("user_ids", "U1234,U5678")], json!({"user_ids": ["U1234", "U5678"]}));
    assert!(first.ok && form.ok && json.ok);
}

#[tokio::test]
async fn auth_test_sends_no_argument_and_decodes_whose_token_it_is() {
    let reply = r#"{"ok":true,"url":"https://example.enterprise.slack.com/","team":"Example","user":"admin",
        "team_id":"T0123ABCD","user_id":"W0123ABCD","enterprise_id":"E0123ABCD","is_enterprise_install":true,
        "expires_in":null}"#;
    let wire = Loopback::answering(reply).await;
    let answer = wire.client.auth_test(&AuthTestRequest::new()).await.expect("auth.test succeeds");
    let owner = wire.client.job_owner().await.expect("and names the job's owner");
    let requests = wire.server.requests();
    assert!(requests.iter().all(|r| r.method == "POST" && r.path == "/auth.test"), "{requests:?}");
    let bearer = format!("Bearer {TOKEN}");
    assert!(requests.iter().all(|r| r.header("authorization") == Some(bearer.as_str())));
    assert!(requests[0].text().is_empty(), "no argument is sent: {:?}", requests[0].text());
    assert_eq!((answer.user_id.as_str(), answer.team_id.as_str()), ("W0123ABCD", "T0123ABCD"));
    assert_eq!((owner.operator.as_str(), owner.org.as_str()), ("W0123ABCD", "E0123ABCD"), "the org is the enterprise");
}

/// A code no method documents, standing in for one Slack adds after this crate ships.
const UNDOCUMENTED: &str = "a_code_slack_adds_next_year";

/// The documented codes of each method, read from the spec's own tables rather than the
/// generated enums, so that the enums are checked against the source of truth.
fn documented_codes() -> Vec<(String, Vec<String>)> {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask::DEFAULT_SPEC)).expect("the spec is readable");
    let api = codegen::lower_spec(&text, xtask::DEFAULT_SPEC).unwrap_or_else(|d| panic!("{d}"));
    api.methods.iter().map(|m| (m.wire.clone(), m.errors.iter().map(|e| e.wire.clone()).collect())).collect()
}

/// Answers every documented code of one method in turn from one server, then an
/// undocumented one, and checks that each decodes to its own variant and the last to the
/// fallback with its text kept. Retries are off so a transient or rate-limited code is
/// returned as it is instead of being tried again.
async fn check_codes<M: Method>(request: M, codes: &[String], is_fallback: impl Fn(&M::Error) -> bool) {
    let mut replies: Vec<Reply> = codes.iter().map(|code| Reply::slack_error(code)).collect();
    replies.push(Reply::slack_error(UNDOCUMENTED));
    let server = Server::scripted(replies).await;
    let client = client(&server);
    let options = CallOptions::new().retry_policy(RetryPolicy::none());
    for code in codes.iter().map(String::as_str).chain([UNDOCUMENTED]) {
        let error = match client.call_with(&request, &options).await {
            Ok(_) => panic!("{}: `{code}` should fail the call", M::NAME),
            Err(error) => error,
        };
        let api = error.api_error().unwrap_or_else(|| panic!("{}: `{code}` is not an API error: {error}", M::NAME));
        assert_eq!(api.code(), code, "{}", M::NAME);
        assert_eq!(error.code(), Some(code), "{}", M::NAME);
        assert_eq!(is_fallback(api), code == UNDOCUMENTED, "{}: `{code}`", M::NAME);
    }
    assert_eq!(server.request_count(), codes.len() + 1, "{}: no call was retried", M::NAME);
}

#[tokio::test]
async fn every_documented_code_of_every_method_decodes_to_its_variant() {
    let tables = documented_codes();
    assert_eq!(tables.len(), 8, "the spec describes seven methods and auth.test");
    // Each method gets its own server, so the seven run side by side; one after another
    // they would take seven times as long for no extra coverage.
    let mut checks: Vec<Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
    for (method, codes) in &tables {
        assert!(!codes.is_empty(), "{method} documents no codes");
        match method.as_str() {
            "admin.users.session.reset" => {
                let request = AdminUsersSessionResetRequest::new("W12345678");
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionResetError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.resetBulk" => {
                let request = AdminUsersSessionResetBulkRequest::new(["W12345678"]);
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionResetBulkError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.invalidate" => {
                let request = AdminUsersSessionInvalidateRequest::new_with_user_id(SESSION_ID, "U012S9M77JP");
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionInvalidateError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.list" => {
                let request = AdminUsersSessionListRequest::new();
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionListError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.getSettings" => {
                let request = AdminUsersSessionGetSettingsRequest::new(["U1234"]);
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionGetSettingsError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.setSettings" => {
                let request = AdminUsersSessionSetSettingsRequest::new_with_duration(["U1234"], 28_800);
                let check = check_codes(request, codes, |e| matches!(e, AdminUsersSessionSetSettingsError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "admin.users.session.clearSettings" => {
                let request = AdminUsersSessionClearSettingsRequest::new(["U1234"]);
                let check =
                    check_codes(request, codes, |e| matches!(e, AdminUsersSessionClearSettingsError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            "auth.test" => {
                let check = check_codes(AuthTestRequest::new(), codes, |e| matches!(e, AuthTestError::Unknown(_)));
                checks.push(Box::pin(check));
            }
            other => panic!("a method without a test: {other}; add it here and a wire test above"),
        }
    }
    futures_util::future::join_all(checks).await;
}

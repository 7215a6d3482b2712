//! Every method, called through the generated client against a real server on 127.0.0.1:
//! what goes on the wire in both encodings, and how every documented error code decodes.

use serde_json::json;
use slack_admin_users_session::{
    AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsRequest, AdminUsersSessionInvalidateRequest,
    AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest, AdminUsersSessionResetRequest,
    AdminUsersSessionSetSettingsRequest, ApiError, CallOptions, Client, Encoding, Method, RetryPolicy,
};
use tests::{Recorded, Reply, Server};

pub(crate) const TOKEN: &str = "xoxp-test-0123456789-secret";

pub(crate) fn client(server: &Server) -> Client {
    Client::builder(TOKEN).base_url(server.url()).build().expect("a loopback client builds")
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    pairs.sort();
    pairs
}

/// Sends `request` once as a form and once as JSON against a server answering `reply`,
/// checks the path, headers and bodies, and returns both decoded responses.
async fn round_trip<M: Method>(request: &M, reply: &str, form: &[(&str, &str)], body: serde_json::Value) -> Vec<M::Response>
where
    M::Error: std::fmt::Debug,
{
    let server = Server::scripted(vec![Reply::json(reply), Reply::json(reply)]).await;
    let client = client(&server);
    let mut responses = Vec::new();
    for encoding in [Encoding::Form, Encoding::Json] {
        let options = CallOptions::new().encoding(encoding);
        let response = client.call_with(request, &options).await.unwrap_or_else(|e| panic!("{}: {e}", M::NAME));
        responses.push(response);
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{}: one request per encoding", M::NAME);
    for recorded in &requests {
        assert_eq!(recorded.method, "POST");
        assert_eq!(recorded.path, format!("/{}", M::NAME));
        assert_eq!(recorded.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
    check_form(&requests[0], form);
    check_json(&requests[1], &body);
    responses
}

fn check_form(recorded: &Recorded, expected: &[(&str, &str)]) {
    assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(recorded.form(), pairs(expected), "form body of {}", recorded.path);
}

fn check_json(recorded: &Recorded, expected: &serde_json::Value) {
    assert_eq!(recorded.header("content-type"), Some("application/json; charset=utf-8"));
    let body: serde_json::Value = serde_json::from_slice(&recorded.body).expect("the JSON body parses");
    assert_eq!(&body, expected, "JSON body of {}", recorded.path);
}

#[tokio::test]
async fn reset_sends_user_and_flags() {
    let request = AdminUsersSessionResetRequest::new("W12345678").mobile_only(true).web_only(false);
    let form = [("user_id", "W12345678"), ("mobile_only", "true"), ("web_only", "false")];
    let body = json!({"user_id": "W12345678", "mobile_only": true, "web_only": false});
    let responses = round_trip(&request, r#"{"ok":true}"#, &form, body).await;
    assert!(responses.iter().all(|r| r.ok));
}

#[tokio::test]
async fn reset_leaves_unset_flags_out() {
    let request = AdminUsersSessionResetRequest::new("W1");
    round_trip(&request, r#"{"ok":true}"#, &[("user_id", "W1")], json!({"user_id": "W1"})).await;
}

#[tokio::test]
async fn reset_bulk_joins_user_ids_in_forms_and_keeps_arrays_in_json() {
    let request = AdminUsersSessionResetBulkRequest::new(["W1", "W2", "W3"]).web_only(true);
    let form = [("user_ids", "W1,W2,W3"), ("web_only", "true")];
    let body = json!({"user_ids": ["W1", "W2", "W3"], "web_only": true});
    round_trip(&request, r#"{"ok":true}"#, &form, body).await;
}

#[tokio::test]
async fn invalidate_sends_a_64_bit_session_id_with_user_id() {
    let request = AdminUsersSessionInvalidateRequest::new_with_user_id(1_112_275_520_242, "U12345");
    let form = [("session_id", "1112275520242"), ("user_id", "U12345")];
    let body = json!({"session_id": 1_112_275_520_242_i64, "user_id": "U12345"});
    round_trip(&request, r#"{"ok":true}"#, &form, body).await;
}

#[tokio::test]
#[allow(deprecated)]
async fn invalidate_still_takes_the_deprecated_team_id() {
    let request = AdminUsersSessionInvalidateRequest::new_with_team_id(12345, "T1234");
    let form = [("session_id", "12345"), ("team_id", "T1234")];
    round_trip(&request, r#"{"ok":true}"#, &form, json!({"session_id": 12345, "team_id": "T1234"})).await;
}

#[tokio::test]
async fn list_sends_paging_and_filter_and_decodes_sessions() {
    let request = AdminUsersSessionListRequest::new().limit(100).cursor("5c3e53d5").team_id_and_user_id("T1", "U1");
    let form = [("limit", "100"), ("cursor", "5c3e53d5"), ("team_id", "T1"), ("user_id", "U1")];
    let body = json!({"limit": 100, "cursor": "5c3e53d5", "team_id": "T1", "user_id": "U1"});
    let reply = r#"{"ok":true,"active_sessions":[
        {"user_id":"U1","team_id":"E1","session_id":1112275520242,
         "created":{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.0","ip":"192.0.2.1"},
         "recent":{"ip":"192.0.2.7"}},
        {"user_id":"U1","team_id":"E1","session_id":7,"created":{"os":"iOS"},"extra_field_slack_added":1}],
        "response_metadata":{"next_cursor":"abc"}}"#;
    let responses = round_trip(&request, reply, &form, body).await;
    let page = &responses[0];
    assert_eq!(page.active_sessions.len(), 2);
    assert_eq!(page.active_sessions[0].session_id, 1_112_275_520_242);
    assert_eq!(page.active_sessions[0].recent.as_ref().and_then(|r| r.ip.as_deref()), Some("192.0.2.7"));
    assert!(page.active_sessions[1].recent.is_none());
    assert_eq!(page.response_metadata.as_ref().and_then(|m| m.next_cursor.as_deref()), Some("abc"));
}

#[tokio::test]
async fn get_settings_decodes_nullable_settings() {
    let request = AdminUsersSessionGetSettingsRequest::new(["U1", "U2"]);
    let reply = r#"{"ok":true,"session_settings":[
        {"user_id":"U1","desktop_app_browser_quit":true,"duration":315569520},
        {"user_id":"U2","desktop_app_browser_quit":null,"duration":null}],"no_settings_applied":["U3"]}"#;
    let responses = round_trip(&request, reply, &[("user_ids", "U1,U2")], json!({"user_ids": ["U1", "U2"]})).await;
    let settings = &responses[0].session_settings;
    assert_eq!(settings[0].duration, Some(315_569_520));
    assert_eq!(settings[0].desktop_app_browser_quit, Some(true));
    assert_eq!(settings[1].duration, None);
    assert_eq!(responses[0].no_settings_applied, ["U3"]);
}

#[tokio::test]
async fn set_settings_sends_duration_and_quit_flag() {
    let request = AdminUsersSessionSetSettingsRequest::new(["U1", "U2"]).duration(86_400).desktop_app_browser_quit(true);
    let form = [("user_ids", "U1,U2"), ("duration", "86400"), ("desktop_app_browser_quit", "true")];
    let body = json!({"user_ids": ["U1", "U2"], "duration": 86400, "desktop_app_browser_quit": true});
    round_trip(&request, r#"{"ok":true}"#, &form, body).await;
}

#[tokio::test]
async fn clear_settings_sends_user_ids() {
    let request = AdminUsersSessionClearSettingsRequest::new(["U1"]);
    round_trip(&request, r#"{"ok":true}"#, &[("user_ids", "U1")], json!({"user_ids": ["U1"]})).await;
}

/// The documented codes of each method, read from the spec's own tables.
fn documented_codes() -> Vec<(String, Vec<String>)> {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask::DEFAULT_SPEC)).expect("the spec is readable");
    let api = codegen::lower_spec(&text, xtask::DEFAULT_SPEC).unwrap_or_else(|d| panic!("{d}"));
    api.methods.iter().map(|m| (m.wire.clone(), m.errors.iter().map(|e| e.wire.clone()).collect())).collect()
}

/// Answers every documented code of one method in turn, then an undocumented one, and
/// checks each decodes to its own variant, and the last to the fallback.
async fn check_codes<M: Method>(request: M, codes: &[String], is_fallback: impl Fn(&M::Error) -> bool) {
    let mut replies: Vec<Reply> = codes.iter().map(|code| Reply::slack_error(code)).collect();
    replies.push(Reply::slack_error("brand_new_code"));
    let server = Server::scripted(replies).await;
    let client = client(&server);
    let options = CallOptions::new().retry_policy(RetryPolicy::none());
    for code in codes.iter().map(String::as_str).chain(["brand_new_code"]) {
        let error = client.call_with(&request, &options).await.err().unwrap_or_else(|| panic!("{code} should fail"));
        let api = error.api_error().unwrap_or_else(|| panic!("{}: {code} is not an API error: {error}", M::NAME));
        assert_eq!(api.code(), code, "{}", M::NAME);
        assert_eq!(is_fallback(api), code == "brand_new_code", "{}: {code}", M::NAME);
    }
    assert_eq!(server.request_count(), codes.len() + 1, "{}: no call was retried", M::NAME);
}

#[tokio::test]
async fn every_documented_code_of_every_method_decodes_to_its_variant() {
    use slack_admin_users_session::*;
    let tables = documented_codes();
    assert_eq!(tables.len(), 7, "the spec describes seven methods");
    for (method, codes) in &tables {
        match method.as_str() {
            "admin.users.session.reset" => {
                check_codes(AdminUsersSessionResetRequest::new("W1"), codes, |e| matches!(e, AdminUsersSessionResetError::Unknown(_))).await
            }
            "admin.users.session.resetBulk" => {
                check_codes(AdminUsersSessionResetBulkRequest::new(["W1"]), codes, |e| matches!(e, AdminUsersSessionResetBulkError::Unknown(_))).await
            }
            "admin.users.session.invalidate" => {
                check_codes(AdminUsersSessionInvalidateRequest::new_with_user_id(1, "U1"), codes, |e| matches!(e, AdminUsersSessionInvalidateError::Unknown(_))).await
            }
            "admin.users.session.list" => {
                check_codes(AdminUsersSessionListRequest::new(), codes, |e| matches!(e, AdminUsersSessionListError::Unknown(_))).await
            }
            "admin.users.session.getSettings" => {
                check_codes(AdminUsersSessionGetSettingsRequest::new(["U1"]), codes, |e| matches!(e, AdminUsersSessionGetSettingsError::Unknown(_))).await
            }
            "admin.users.session.setSettings" => {
                check_codes(AdminUsersSessionSetSettingsRequest::new(["U1"]).duration(28_800), codes, |e| matches!(e, AdminUsersSessionSetSettingsError::Unknown(_))).await
            }
            "admin.users.session.clearSettings" => {
                check_codes(AdminUsersSessionClearSettingsRequest::new(["U1"]), codes, |e| matches!(e, AdminUsersSessionClearSettingsError::Unknown(_))).await
            }
            other => panic!("a method without a test: {other}"),
        }
    }
}

//! The fake Slack (feature `fake`), driven through the real `Client` over 127.0.0.1:
//! every method's effect on the org in both encodings, Slack's code for each argument
//! rule, tokens, typed overrides, the request log, and shutdown on drop.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{
    method::Encoding, ActiveSession, AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsRequest,
    AdminUsersSessionInvalidateError, AdminUsersSessionInvalidateRequest, AdminUsersSessionListError,
    AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest, AdminUsersSessionResetError,
    AdminUsersSessionResetRequest, AdminUsersSessionResetResponse, AdminUsersSessionSetSettingsRequest, Client,
    RetryPolicy, UserSessionSettings,
};

const ENCODINGS: [Encoding; 2] = [Encoding::Form, Encoding::Json];

/// A client for `fake` that sends `encoding` and never retries, so each call is one
/// request and every answer reaches the test as it was.
pub(crate) fn client(fake: &FakeSlack, encoding: Encoding) -> Client {
    fake.client_builder().encoding(encoding).retry_policy(RetryPolicy::none()).build().expect("a loopback client")
}

/// [`client`] with the fake's token labelled `label`.
pub(crate) fn client_for(fake: &FakeSlack, label: &str, encoding: Encoding) -> Client {
    let builder = fake.client_builder_for(label).expect("a token with that label").encoding(encoding);
    builder.retry_policy(RetryPolicy::none()).build().expect("a loopback client")
}

/// Three sessions of U1 on T1, one per device, and one of U2.
fn seeded_org(fake: &FakeSlack) {
    fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1_112_275_520_001));
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1_112_275_520_002));
    fake.add_session(Device::Desktop, ActiveSession::new("U1", "T1", 1_112_275_520_003));
    fake.add_session(Device::Web, ActiveSession::new("U2", "T1", 1_112_275_520_004));
}

fn ids(sessions: &[ActiveSession]) -> Vec<i64> {
    sessions.iter().map(|s| s.session_id - 1_112_275_520_000).collect()
}

async fn listed(client: &Client, user: &str) -> Result<Vec<i64>, AdminUsersSessionListError> {
    let request = AdminUsersSessionListRequest::new().team_id_and_user_id("T1", user);
    match client.admin_users_session_list(&request).await {
        Ok(page) => Ok(ids(&page.active_sessions)),
        Err(error) => Err(error.api_error().cloned().expect("a Slack answer")),
    }
}

#[tokio::test]
async fn a_session_is_listed_reset_by_device_then_gone_in_both_encodings() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.expect("the fake starts");
        seeded_org(&fake);
        let client = client(&fake, encoding);
        assert_eq!(listed(&client, "U1").await, Ok(vec![1, 2, 3]), "{encoding:?}");

        let mobile = AdminUsersSessionResetRequest::new("U1").mobile_only(true);
        client.admin_users_session_reset(&mobile).await.expect("reset mobile");
        assert_eq!(listed(&client, "U1").await, Ok(vec![2, 3]), "{encoding:?}: the mobile session ended");

        let web = AdminUsersSessionResetRequest::new("U1").web_only(true);
        client.admin_users_session_reset(&web).await.expect("reset web");
        assert_eq!(listed(&client, "U1").await, Ok(vec![3]), "{encoding:?}: the browser session ended");

        client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U1")).await.expect("reset all");
        assert_eq!(listed(&client, "U1").await, Err(AdminUsersSessionListError::NoActiveSessions));
        assert_eq!(ids(&fake.sessions()), [4], "{encoding:?}: other users keep their sessions");
    }
}

#[tokio::test]
async fn reset_bulk_ends_sessions_only_once_its_job_has_run_on_the_scaled_clock() {
    for encoding in ENCODINGS {
        // 600 Slack seconds at 1000x: the job runs 0.6 s after the call.
        let fake = FakeSlack::builder().time_scale(1000.0).job_delay(Duration::from_secs(600)).start().await.unwrap();
        seeded_org(&fake);
        let client = client(&fake, encoding);
        let request = AdminUsersSessionResetBulkRequest::new(["U1", "U2"]).web_only(true);
        client.admin_users_session_reset_bulk(&request).await.expect("queued");
        assert_eq!(ids(&fake.sessions()), [1, 2, 3, 4], "{encoding:?}: nothing ends before the job runs");
        assert_eq!(fake.pending_jobs(), 1);
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(ids(&fake.sessions()), [1, 3], "{encoding:?}: the job ended both users' browser sessions");
        assert_eq!(fake.pending_jobs(), 0);
    }
}

#[tokio::test]
async fn invalidate_ends_one_session_then_answers_session_not_found() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.unwrap();
        seeded_org(&fake);
        let client = client(&fake, encoding);
        let request = AdminUsersSessionInvalidateRequest::new_with_user_id(1_112_275_520_002, "U1");
        client.admin_users_session_invalidate(&request).await.expect("the session is revoked");
        assert_eq!(ids(&fake.sessions()), [1, 3, 4], "{encoding:?}");
        let again = client.admin_users_session_invalidate(&request).await.expect_err("already gone");
        assert_eq!(again.api_error(), Some(&AdminUsersSessionInvalidateError::SessionNotFound));
        let wrong_owner = AdminUsersSessionInvalidateRequest::new_with_user_id(1_112_275_520_004, "U1");
        let error = client.admin_users_session_invalidate(&wrong_owner).await.expect_err("not U1's session");
        assert_eq!(error.api_error(), Some(&AdminUsersSessionInvalidateError::SessionNotFound));
        assert_eq!(ids(&fake.sessions()), [1, 3, 4], "{encoding:?}: a refused call changes nothing");
    }
}

#[tokio::test]
async fn settings_are_set_read_and_cleared_in_both_encodings() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.unwrap();
        ["U1", "U2", "U3"].iter().for_each(|user| fake.add_user(user));
        let client = client(&fake, encoding);
        let duration = AdminUsersSessionSetSettingsRequest::new_with_duration(["U1", "U2"], 28_800);
        client.admin_users_session_set_settings(&duration).await.expect("duration stored");
        let quit = AdminUsersSessionSetSettingsRequest::new_with_desktop_app_browser_quit(["U1"], true);
        client.admin_users_session_set_settings(&quit).await.expect("quit flag stored");

        let read = AdminUsersSessionGetSettingsRequest::new(["U1", "U2", "U3"]);
        let settings = client.admin_users_session_get_settings(&read).await.expect("read");
        let mut both = UserSessionSettings::new("U1");
        (both.duration, both.desktop_app_browser_quit) = (Some(28_800), Some(true));
        let mut only_duration = UserSessionSettings::new("U2");
        only_duration.duration = Some(28_800);
        assert_eq!(
            settings.session_settings,
            [both, only_duration],
            "{encoding:?}: a later call keeps the other setting"
        );
        assert_eq!(settings.no_settings_applied, ["U3"]);

        let clear = AdminUsersSessionClearSettingsRequest::new(["U1"]);
        client.admin_users_session_clear_settings(&clear).await.expect("cleared");
        let settings = client.admin_users_session_get_settings(&read).await.expect("read again");
        assert_eq!(settings.no_settings_applied, ["U1", "U3"], "{encoding:?}");
        assert_eq!(fake.settings("U1"), None);
    }
}

#[tokio::test]
async fn refusals_about_users_come_with_slacks_codes_through_the_client() {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_bot("B1");
    fake.add_primary_owner("U0");
    fake.add_session(Device::Web, ActiveSession::new("U0", "T1", 7));
    let client = client(&fake, Encoding::Form);
    let code = |user: &'static str| {
        let client = client.clone();
        async move {
            let request = AdminUsersSessionResetRequest::new(user);
            client.admin_users_session_reset(&request).await.expect_err("refused").api_error().cloned()
        }
    };
    assert_eq!(code("U404").await, Some(AdminUsersSessionResetError::UserNotFound));
    assert_eq!(code("B1").await, Some(AdminUsersSessionResetError::CannotResetBot));
    assert_eq!(code("U0").await, Some(AdminUsersSessionResetError::CannotResetPrimaryOwner));
    let owner_session = AdminUsersSessionInvalidateRequest::new_with_user_id(7, "U0");
    let error = client.admin_users_session_invalidate(&owner_session).await.expect_err("refused");
    assert_eq!(error.api_error(), Some(&AdminUsersSessionInvalidateError::CannotInvalidatePrimaryOwner));
    assert_eq!(fake.sessions().len(), 1);
}

/// Posts `body` to the fake as raw HTTP, bypassing the client's own argument checks,
/// and returns Slack's error code (or `ok` on success).
async fn raw_code(fake: &FakeSlack, method: &str, content_type: &str, body: &str) -> String {
    raw_code_as(fake, Some(slack_admin_users_session::fake::DEFAULT_TOKEN), method, content_type, body).await
}

/// [`raw_code`] for `list` with no `Authorization` header, the token (if any) in `body`.
async fn raw_code_without_token(fake: &FakeSlack, content_type: &str, body: &str) -> String {
    raw_code_as(fake, None, "list", content_type, body).await
}

async fn raw_code_as(fake: &FakeSlack, bearer: Option<&str>, method: &str, content_type: &str, body: &str) -> String {
    let request = reqwest::Client::new().post(format!("{}/admin.users.session.{method}", fake.url()));
    let request = match bearer {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    let response = request.header("content-type", content_type).body(body.to_owned()).send().await;
    let response = response.expect("the fake answers");
    assert_eq!(response.status(), 200, "{method} {body}: Slack answers refusals with HTTP 200");
    let answer: Value = serde_json::from_slice(&response.bytes().await.expect("a body")).expect("JSON");
    answer["error"].as_str().unwrap_or("ok").to_owned()
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json; charset=utf-8";

#[tokio::test]
async fn every_argument_rule_answers_with_slacks_code_in_both_encodings() {
    let fake = FakeSlack::start().await.unwrap();
    seeded_org(&fake);
    let cases: &[(&str, &str, &str, &str)] = &[
        ("list", FORM, "user_id=U1", "missing_team"),
        ("list", JSON, r#"{"user_id":"U1"}"#, "missing_team"),
        ("list", FORM, "team_id=T1", "missing_user"),
        ("list", JSON, r#"{"team_id":"T1"}"#, "missing_user"),
        ("list", FORM, "team_id=T9&user_id=U1", "team_not_found"),
        ("list", FORM, "limit=0", "invalid_arguments"),
        ("list", JSON, r#"{"limit":1001}"#, "invalid_arguments"),
        ("list", FORM, "limit=many", "invalid_arguments"),
        ("list", FORM, "cursor=bogus", "invalid_cursor"),
        ("setSettings", FORM, "user_ids=U1", "at_least_one_session_setting_required"),
        ("setSettings", JSON, r#"{"user_ids":["U1"]}"#, "at_least_one_session_setting_required"),
        ("setSettings", FORM, "user_ids=U1&duration=10", "invalid_arguments"),
        ("setSettings", JSON, r#"{"user_ids":["U1"],"duration":315569521}"#, "invalid_arguments"),
        ("setSettings", FORM, "user_ids=U1,U404&duration=28800", "user_not_found"),
        ("reset", FORM, "mobile_only=true", "invalid_arguments"),
        ("reset", FORM, "user_id=U1&mobile_only=1&web_only=true", "invalid_arguments"),
        ("reset", FORM, "user_id=U1&web_only=maybe", "invalid_arguments"),
        ("reset", JSON, r#"{"user_id":"U404"}"#, "user_not_found"),
        ("resetBulk", FORM, "user_ids=", "invalid_arguments"),
        ("resetBulk", JSON, r#"{"user_ids":"U1,U2"}"#, "invalid_arguments"),
        ("invalidate", FORM, "session_id=1112275520001", "invalid_arguments"),
        ("invalidate", JSON, r#"{"session_id":"x","user_id":"U1"}"#, "invalid_arguments"),
        ("getSettings", JSON, r#"{"user_ids":[]}"#, "invalid_arguments"),
        ("clearSettings", FORM, "user_ids=U404", "user_not_found"),
    ];
    for (method, content_type, body, code) in cases {
        assert_eq!(raw_code(&fake, method, content_type, body).await, *code, "{method} {body}");
    }
    let too_many = (0..1001).map(|n| format!("U{n}")).collect::<Vec<_>>().join(",");
    assert_eq!(raw_code(&fake, "resetBulk", FORM, &format!("user_ids={too_many}")).await, "invalid_arguments");
    assert_eq!(fake.sessions().len(), 4, "no refused call changed the org");
}

#[tokio::test]
async fn form_lists_and_booleans_are_read_as_slack_reads_them() {
    let fake = FakeSlack::start().await.unwrap();
    seeded_org(&fake);
    assert_eq!(raw_code(&fake, "reset", FORM, "user_id=U1&mobile_only=1").await, "ok");
    assert_eq!(ids(&fake.sessions()), [2, 3, 4], "`1` means true");
    assert_eq!(raw_code(&fake, "reset", FORM, "user_id=U1&web_only=false").await, "ok");
    assert_eq!(ids(&fake.sessions()), [4], "`false` means a reset of every device");
    assert_eq!(raw_code(&fake, "setSettings", FORM, "user_ids=U1%2CU2&desktop_app_browser_quit=1").await, "ok");
    assert_eq!(fake.settings("U2").and_then(|s| s.desktop_app_browser_quit), Some(true));
    assert_eq!(raw_code(&fake, "list", "text/html", "x").await, "invalid_post_type");
    assert_eq!(raw_code(&fake, "list", JSON, "[1]").await, "invalid_arguments");
}

#[tokio::test]
async fn a_missing_token_is_not_authed_and_a_wrong_one_invalid_auth() {
    let fake = FakeSlack::builder().token("xoxp-first-secret").token("xoxp-second-secret").start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    let request = AdminUsersSessionListRequest::new();
    let unauthenticated = reqwest::Client::new()
        .post(format!("{}/admin.users.session.list", fake.url()))
        .send()
        .await
        .expect("answers")
        .bytes()
        .await
        .expect("a body");
    let unauthenticated: Value = serde_json::from_slice(&unauthenticated).expect("JSON");
    assert_eq!(unauthenticated, json!({"ok": false, "error": "not_authed"}));

    let wrong = Client::builder("xoxp-wrong").base_url(fake.url()).allow_plain_http(true).build().unwrap();
    let error = wrong.admin_users_session_list(&request).await.expect_err("refused");
    assert_eq!(error.api_error(), Some(&AdminUsersSessionListError::InvalidAuth));
    for token in ["xoxp-first-secret", "xoxp-second-secret"] {
        let right = Client::builder(token).base_url(fake.url()).allow_plain_http(true).build().unwrap();
        assert!(right.admin_users_session_list(&request).await.is_ok(), "every accepted token works");
    }
    // A token sent as a form argument, as some old Slack clients do, stays out of the log.
    let in_body = reqwest::Client::new()
        .post(format!("{}/admin.users.session.list", fake.url()))
        .header("content-type", FORM)
        .body("token=xoxp-first-secret&limit=many")
        .send()
        .await
        .expect("answers");
    assert_eq!(in_body.status(), 200);
    assert_eq!(fake.requests().last().map(|r| r.args.clone()), Some(json!({"limit": "many"})));
    assert_eq!(fake.requests().last().and_then(|r| r.token.clone()).as_deref(), Some("token 1"));
    // JSON bodies must carry the token in the header, as Slack's pages say.
    assert_eq!(raw_code_without_token(&fake, JSON, r#"{"token":"xoxp-first-secret"}"#).await, "not_authed");
    assert_eq!(raw_code_without_token(&fake, FORM, "token=xoxp-first-secret").await, "ok");
    let shown = format!("{fake:?} {:?} {:?}", fake.requests(), FakeSlack::builder().token("xoxp-first-secret"));
    assert!(!shown.contains("secret"), "no token in the fake's Debug output or log: {shown}");
}

#[tokio::test]
async fn a_typed_override_replaces_the_model_for_its_method_only() {
    let fake = FakeSlack::start().await.unwrap();
    seeded_org(&fake);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    fake.on::<AdminUsersSessionResetRequest>(move |request| {
        log.lock().unwrap().push((request.user_id.clone(), request.mobile_only));
        if request.user_id == "U1" {
            Err(AdminUsersSessionResetError::UserSessionResetFailed)
        } else {
            let mut response = AdminUsersSessionResetResponse::new(true);
            response.warning = Some("superfluous_charset".to_owned());
            Ok(response)
        }
    });
    for encoding in ENCODINGS {
        let client = client(&fake, encoding);
        let refused = AdminUsersSessionResetRequest::new("U1").mobile_only(true);
        let error = client.admin_users_session_reset(&refused).await.expect_err("the override refuses U1");
        assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::UserSessionResetFailed), "{encoding:?}");
        let answer = client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U404")).await;
        assert_eq!(answer.expect("the override accepts anyone else").warning.as_deref(), Some("superfluous_charset"));
    }
    let expected = [("U1", Some(true)), ("U404", None)].map(|(user, flag)| (user.to_owned(), flag));
    assert_eq!(*seen.lock().unwrap(), [expected.clone(), expected].concat(), "both encodings decode alike");
    assert_eq!(fake.sessions().len(), 4, "the override, not the model, answered");
    let list = client(&fake, Encoding::Form).admin_users_session_list(&AdminUsersSessionListRequest::new()).await;
    assert_eq!(list.expect("other methods keep the model").active_sessions.len(), 4);
}

#[tokio::test]
async fn the_request_log_has_every_call_with_normalised_arguments() {
    let fake = FakeSlack::start().await.unwrap();
    seeded_org(&fake);
    let request = AdminUsersSessionResetBulkRequest::new(["U1", "U2"]).mobile_only(true);
    for encoding in ENCODINGS {
        client(&fake, encoding).admin_users_session_reset_bulk(&request).await.expect("queued");
    }
    assert_eq!(raw_code(&fake, "list", FORM, "user_id=U1").await, "missing_team");
    let log = fake.requests();
    assert_eq!(log.len(), 3);
    let expected = json!({"user_ids": ["U1", "U2"], "mobile_only": true});
    for (entry, encoding) in log.iter().zip(ENCODINGS) {
        assert_eq!(entry.method, "admin.users.session.resetBulk");
        assert_eq!(entry.encoding, Some(encoding));
        assert_eq!(entry.args, expected, "{encoding:?}: the form's `U1,U2` and `true` are a list and a bool");
        assert_eq!(entry.status, 200);
    }
    assert_eq!(log[2].method, "admin.users.session.list");
    assert_eq!(log[2].args, json!({"user_id": "U1"}));
    assert!(log.windows(2).all(|pair| pair[0].at <= pair[1].at), "in arrival order");
}

#[tokio::test]
async fn dropping_the_fake_closes_its_port() {
    let fake = FakeSlack::start().await.unwrap();
    let addr = fake.addr();
    tokio::net::TcpStream::connect(addr).await.expect("listening while alive");
    drop(fake);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the port still accepts connections a second after the drop");
}

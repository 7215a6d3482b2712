//! Runtime edge cases against a real server on 127.0.0.1: stalls after the headers,
//! chunked and cut bodies, refused connections, the details of Slack's error answers,
//! warnings, and client configuration.

use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use slack_admin_users_session::{
    method::Encoding, AdminUsersSessionResetError, AdminUsersSessionResetRequest, CallOptions, Client, Error,
    ErrorKind, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::TOKEN;

type ResetError = Error<AdminUsersSessionResetError>;

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W1")
}

fn no_retries() -> CallOptions {
    CallOptions::new().retry_policy(RetryPolicy::none())
}

/// Calls reset once against a server giving `reply`, with a client from `configure`.
async fn reset_with(reply: Reply, configure: impl FnOnce(Client) -> Client) -> (Result<bool, ResetError>, Server) {
    let server = Server::scripted(vec![reply]).await;
    let client = configure(Client::builder(TOKEN).base_url(server.url()).build().expect("client"));
    let result = client.call_with(&reset(), &no_retries()).await.map(|r| r.ok);
    (result, server)
}

async fn reset_error(reply: Reply) -> ResetError {
    reset_with(reply, |c| c).await.0.expect_err("the call must fail")
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_times_out() {
    let stalled = Reply::json(r#"{"ok":true}"#).body_after(Duration::from_secs(10));
    let server = Server::scripted(vec![stalled]).await;
    let client =
        Client::builder(TOKEN).base_url(server.url()).timeout(Duration::from_millis(300)).build().expect("client");
    let started = Instant::now();
    let error = client.call_with(&reset(), &no_retries()).await.expect_err("the body never comes");
    assert!(matches!(error.kind(), ErrorKind::Timeout { after } if *after == Duration::from_millis(300)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_eq!(error.to_string(), "admin.users.session.reset: no complete response from Slack within 0.3s");
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let script = vec![Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(10)), Reply::json(r#"{"ok":true}"#)];
    let server = Server::scripted(script).await;
    let policy = RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20));
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .retry_policy(policy)
        .build()
        .expect("client");
    assert!(client.call(&reset()).await.expect("the second attempt is quick").ok);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_chunked_body_past_the_limit_is_cut_off_while_streaming() {
    let (result, _) = reset_with(Reply::Chunked { body_len: 20 * 1024 * 1024 }, |c| c).await;
    let error = result.expect_err("too big");
    assert!(matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 8_388_608 }), "{error:?}");
    assert_eq!(error.to_string(), "admin.users.session.reset: response body exceeds the limit of 8388608 bytes");
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_accepted_and_one_byte_more_is_not() {
    let body = r#"{"ok":true}"#;
    for (limit, accepted) in [(body.len(), true), (body.len() - 1, false)] {
        let server = Server::scripted(vec![Reply::json(body)]).await;
        let client = Client::builder(TOKEN).base_url(server.url()).max_body_size(limit).build().expect("client");
        let result = client.call_with(&reset(), &no_retries()).await;
        assert_eq!(result.is_ok(), accepted, "limit {limit}: {:?}", result.err());
    }
}

#[tokio::test]
async fn a_response_cut_mid_body_is_a_transport_error_with_its_cause() {
    let error = reset_error(Reply::json(r#"{"ok":true,"warning":"superfluous_charset"}"#).cut_after(90)).await;
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    assert!(std::error::Error::source(&error).is_some(), "the HTTP stack's error is the source");
}

#[tokio::test]
async fn bytes_that_are_not_http_are_a_transport_error() {
    let error = reset_error(Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec())).await;
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = Client::builder(TOKEN).base_url(format!("http://127.0.0.1:{port}")).build().expect("client");
    let error = client.call_with(&reset(), &no_retries()).await.expect_err("nobody listens");
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.to_string(), "admin.users.session.reset: could not connect to Slack");
}

#[tokio::test]
async fn slack_error_details_are_kept_and_shown() {
    let body = r#"{"ok":false,"error":"missing_scope","needed":"admin.users:write","provided":"admin.users:read",
        "warning":"superfluous_charset","response_metadata":{"warnings":["missing_charset"],"messages":["[ERROR] scope"]}}"#;
    let error = reset_error(Reply::json(body).with_header("Retry-After", "3")).await;
    assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::MissingScope));
    let detail = error.api_detail().expect("an API error has details");
    assert_eq!(detail.needed(), Some("admin.users:write"));
    assert_eq!(detail.provided(), Some("admin.users:read"));
    assert_eq!(detail.warnings(), ["superfluous_charset", "missing_charset"]);
    assert_eq!(detail.messages(), ["[ERROR] scope"]);
    assert_eq!(detail.status(), 200);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(
        error.to_string(),
        "admin.users.session.reset failed: missing_scope (needed: admin.users:write; provided: admin.users:read)"
    );
    assert!(std::error::Error::source(&error).is_none(), "the code is in the message, so no source repeats it");
}

#[tokio::test]
async fn an_undocumented_code_keeps_its_wire_text() {
    let error = reset_error(Reply::slack_error("brand_new_code")).await;
    assert!(matches!(error.api_error(), Some(AdminUsersSessionResetError::Unknown(_))), "{error:?}");
    assert_eq!(error.code(), Some("brand_new_code"));
    assert_eq!(error.to_string(), "admin.users.session.reset failed: brand_new_code");
}

#[tokio::test]
async fn a_4xx_carrying_a_slack_envelope_is_an_api_error_and_any_other_4xx_is_http() {
    let error = reset_error(Reply::status_json(403, r#"{"ok":false,"error":"not_an_admin"}"#)).await;
    assert_eq!(error.code(), Some("not_an_admin"));
    assert_eq!(error.status(), Some(403));
    let error = reset_error(Reply::body(404, "text/html", "<h1>Not Found</h1>")).await;
    assert!(matches!(error.kind(), ErrorKind::Http { status: 404, body } if body == "<h1>Not Found</h1>"), "{error:?}");
    assert_eq!(error.to_string(), "admin.users.session.reset: HTTP 404 from Slack");
}

#[tokio::test]
async fn ok_true_with_the_wrong_shape_is_a_decode_error_that_keeps_the_body() {
    let body = r#"{"ok":true,"warning":5}"#;
    let error = reset_error(Reply::json(body)).await;
    match error.kind() {
        ErrorKind::Decode { status: 200, body: kept, reason } => {
            assert_eq!(kept, body);
            assert!(reason.contains("invalid type"), "{reason}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_huge_error_page_is_cut_for_display() {
    let page = format!("<html>{}</html>", "x".repeat(100_000));
    let error = reset_error(Reply::body(502, "text/html", &page)).await;
    let body = error.body().expect("an HTTP error keeps its body");
    assert!(body.starts_with("<html>xxx"));
    assert!(body.len() < 16 * 1024 + 100, "kept {} bytes", body.len());
    assert!(body.ends_with(&format!("[cut; {} bytes in total]", page.len())), "{}", &body[body.len() - 60..]);
}

#[tokio::test]
async fn five_hundreds_that_never_end_report_the_attempts() {
    let server = Server::start(|_, _| Reply::body(503, "text/html", "<html>down</html>")).await;
    let policy = RetryPolicy::new().max_attempts(3).backoff(Duration::from_millis(5), Duration::from_millis(20));
    let client = Client::builder(TOKEN).base_url(server.url()).retry_policy(policy).build().expect("client");
    let error = client.call(&reset()).await.expect_err("always 503");
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.request_count(), 3);
    assert_eq!(error.to_string(), "admin.users.session.reset: HTTP 503 from Slack (after 3 attempts)");
}

/// Keeps the fields of every `WARN` event, as `name=value` text.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl tracing::Subscriber for Warnings {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() == tracing::Level::WARN
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = String::new();
        event.record(&mut Fields(&mut line));
        self.0.lock().expect("not poisoned").push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn warnings_on_a_successful_call_become_warn_events() {
    let body = r#"{"ok":true,"warning":"superfluous_charset","response_metadata":{"warnings":["missing_charset"]}}"#;
    let warnings = Warnings::default();
    let _guard = tracing::subscriber::set_default(warnings.clone());
    let (result, _) = reset_with(Reply::json(body), |c| c).await;
    assert!(result.expect("the call succeeds"));
    let lines = warnings.0.lock().expect("not poisoned").clone();
    for code in ["superfluous_charset", "missing_charset"] {
        let expected = format!("method=\"admin.users.session.reset\" warning={code} ");
        assert!(lines.iter().any(|l| l.contains(&expected)), "no warning event for {code}: {lines:?}");
    }
}

#[tokio::test]
async fn the_base_url_may_have_a_path_and_a_trailing_slash() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#)]).await;
    let client = Client::builder(TOKEN).base_url(format!("{}/api/", server.url())).build().expect("client");
    client.call(&reset()).await.expect("ok");
    assert_eq!(server.requests()[0].path, "/api/admin.users.session.reset");
}

#[tokio::test]
async fn the_client_default_encoding_and_user_agent_are_sent() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#), Reply::json(r#"{"ok":true}"#)]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).encoding(Encoding::Json).build().expect("client");
    client.call(&reset()).await.expect("ok");
    let custom = Client::builder(TOKEN).base_url(server.url()).user_agent("incident-bot/2").build().expect("client");
    custom.call(&reset()).await.expect("ok");
    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(requests[0].text(), r#"{"user_id":"W1"}"#);
    assert!(requests[0].header("user-agent").is_some_and(|ua| ua.starts_with("slack-admin-users-session/")));
    assert_eq!(requests[1].header("user-agent"), Some("incident-bot/2"));
    assert_eq!(requests[1].header("content-type"), Some("application/x-www-form-urlencoded"));
}

#[test]
fn unsafe_configurations_are_refused_without_echoing_the_token() {
    let plain = Client::builder(TOKEN).base_url("http://slack.example.com/api").build().expect_err("plain http");
    assert!(plain.to_string().contains("loopback"), "{plain}");
    assert!(Client::builder(TOKEN).base_url("http://slack.example.com/api").allow_plain_http(true).build().is_ok());
    assert!(Client::builder(TOKEN).base_url("ftp://slack.com/api").build().is_err());
    assert!(Client::builder(TOKEN).base_url("https://slack.com/api?x=1").build().is_err());
    assert!(Client::builder(TOKEN).base_url("slack.com/api").build().is_err());
    let bad_token = format!("{TOKEN}\n");
    let error = Client::builder(bad_token.as_str()).build().expect_err("a newline cannot go in a header");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("secret"), "the token leaked into: {text}");
    }
}

#[test]
fn clients_errors_and_streams_can_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Client>();
    send_sync::<ResetError>();
    let client = Client::new(TOKEN);
    let request = reset();
    send(&client.call(&request));
    send(&client.admin_users_session_list_stream(slack_admin_users_session::AdminUsersSessionListRequest::new()));
}

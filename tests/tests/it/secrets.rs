//! The token never appears in `Debug` or `Display` output, in errors, or in `tracing`
//! events, and the events carry what an operator needs: method, attempt, status, wait.

use std::fmt::{Debug, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_admin_users_session::{
    AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest, AdminUsersSessionResetRequest, CallOptions,
    Client, RetryPolicy, Token,
};
use tests::{Reply, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::methods::TOKEN;

/// A subscriber that writes every span and event, with all their fields, into lines.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn push(&self, line: String) {
        self.lines.lock().expect("not poisoned").push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("not poisoned").clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.push(line);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Line(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().level());
        event.record(&mut Line(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn assert_secret(text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
    assert!(!text.contains("0123456789-secret"), "part of the token leaked into: {text}");
}

#[tokio::test]
async fn no_error_debug_display_or_log_line_contains_the_token() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let script = vec![
        Reply::rate_limited(Some("0")),
        Reply::slack_error("invalid_auth").with_header("X-Echo", TOKEN),
        Reply::body(502, "text/html", "<html>bad gateway</html>"),
        Reply::json("not json"),
        Reply::json(r#"{"warning":"no ok"}"#),
        Reply::json(r#"{"ok":false}"#),
        Reply::body(302, "text/plain", "moved").with_header("Location", "http://127.0.0.2:9/x"),
        Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{".to_vec()),
        Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(5)),
    ];
    let server = Server::scripted(script).await;
    let client = Client::builder(TOKEN).base_url(server.url()).build().expect("client");
    let none = CallOptions::new().retry_policy(RetryPolicy::none()).timeout(Duration::from_millis(200));
    let mut rendered =
        vec![format!("{client:?}"), format!("{:?}", Client::builder(TOKEN)), format!("{:?}", Token::new(TOKEN))];
    for _ in 0..9 {
        let error = client.call_with(&AdminUsersSessionResetRequest::new("W1"), &none).await.expect_err("fails");
        rendered.push(format!("{error}"));
        rendered.push(format!("{error:?}"));
        rendered.push(format!("{:?}", error.kind()));
    }
    let invalid =
        client.call(&AdminUsersSessionResetBulkRequest::new(Vec::<String>::new())).await.expect_err("invalid");
    rendered.push(format!("{invalid} {invalid:?}"));
    for text in rendered.iter().chain(capture.lines().iter()) {
        assert_secret(text);
    }
    assert!(capture.lines().len() > 9, "the calls were traced");
}

#[tokio::test]
async fn events_carry_method_attempt_status_and_wait() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server =
        Server::scripted(vec![Reply::rate_limited(Some("0")), Reply::json(r#"{"ok":true,"active_sessions":[]}"#)])
            .await;
    let client = Client::builder(TOKEN).base_url(server.url()).build().expect("client");
    client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.expect("the retry succeeds");
    let lines = capture.lines().join("\n");
    assert_secret(&lines);
    assert!(lines.contains("method=\"admin.users.session.list\""), "{lines}");
    assert!(lines.contains("attempt=1") && lines.contains("attempt=2"), "{lines}");
    assert!(lines.contains("status=429") && lines.contains("status=200"), "{lines}");
    assert!(lines.contains("wait_ms=0"), "{lines}");
}

#[tokio::test]
async fn the_call_span_names_the_ids_the_call_names_and_slacks_request_id() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#).with_header("X-Slack-Req-Id", "req-77")]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).build().expect("client");
    let request = slack_admin_users_session::AdminUsersSessionInvalidateRequest::new_with_user_id(42, "W9");
    client.call(&request).await.expect("ok");
    let lines = capture.lines().join("\n");
    assert!(lines.contains("span slack.call method=\"admin.users.session.invalidate\""), "{lines}");
    assert!(lines.contains("user_id=\"W9\"") && lines.contains("session_id=\"42\""), "{lines}");
    assert!(lines.contains("record request_id=\"req-77\""), "{lines}");
}

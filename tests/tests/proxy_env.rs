//! The environment's proxy is the default and `no_proxy()` bypasses it.
//!
//! This is a test binary of its own because it sets `HTTP_PROXY` for the whole process,
//! which would send every other loopback test's calls to the proxy too.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client};
use tests::{Reply, Server};

const TOKEN: &str = "xoxp-proxy-env-test";

#[tokio::test]
async fn the_environment_proxy_is_used_unless_no_proxy_is_set() {
    let slack = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    // A plain-HTTP proxy receives the request in absolute form and answers for Slack.
    let proxy = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    for name in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "http_proxy"] {
        std::env::remove_var(name);
    }
    std::env::set_var("HTTP_PROXY", proxy.url());
    let request = AdminUsersSessionResetRequest::new("W12345678");

    let by_default = Client::builder(TOKEN).base_url(slack.url()).build().expect("client");
    by_default.admin_users_session_reset(&request).await.expect("the call goes through the proxy");
    assert_eq!((proxy.request_count(), slack.request_count()), (1, 0), "the environment's proxy is the default");
    let expected = format!("{}/admin.users.session.reset", slack.url());
    assert_eq!(proxy.requests()[0].path, expected, "a proxied request names its target in full");

    let direct = Client::builder(TOKEN).base_url(slack.url()).no_proxy().build().expect("client");
    direct.admin_users_session_reset(&request).await.expect("the call goes straight to Slack");
    assert_eq!((proxy.request_count(), slack.request_count()), (1, 1), "no_proxy() ignores HTTP_PROXY");
    std::env::remove_var("HTTP_PROXY");
}

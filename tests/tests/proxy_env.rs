//! The environment's proxy is the default and `no_proxy()` bypasses it.
//!
//! This is a test binary of its own because it sets `HTTP_PROXY` for the whole process,
//! which would send every other loopback test's calls to the proxy too.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client};
use tests::{Reply, Server};

const TOKEN: &str = "xoxp-proxy-env-test";

/// One test, in two steps, because both steps set the process's environment.
#[tokio::test]
async fn the_environment_proxy_is_used_unless_no_proxy_is_set() {
    for name in
        ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"]
    {
        std::env::remove_var(name);
    }
    a_plain_http_proxy_serves_http_targets().await;
    an_https_proxy_tunnels_https_targets().await;
}

async fn a_plain_http_proxy_serves_http_targets() {
    let slack = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    // A plain-HTTP proxy receives the request in absolute form and answers for Slack.
    let proxy = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
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

async fn an_https_proxy_tunnels_https_targets() {
    use tests::proxy::ConnectProxy;
    use tests::tls::{TestCa, TlsFront};

    let ca = TestCa::new();
    let slack = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let front = TlsFront::start(&ca, slack.addr()).await;
    let proxy = ConnectProxy::start().await;
    std::env::set_var("HTTPS_PROXY", proxy.url());
    let request = AdminUsersSessionResetRequest::new("W12345678");
    let builder = || Client::builder(TOKEN).base_url(front.url()).add_root_certificate(&ca.ca_pem);

    builder().build().expect("client").admin_users_session_reset(&request).await.expect("through the tunnel");
    assert_eq!(proxy.tunnels().len(), 1, "HTTPS_PROXY is the default for an https base URL");
    builder().no_proxy().build().expect("client").admin_users_session_reset(&request).await.expect("direct");
    assert_eq!(proxy.tunnels().len(), 1, "no_proxy() ignores HTTPS_PROXY");
    assert_eq!(slack.request_count(), 2);
    std::env::remove_var("HTTPS_PROXY");
}

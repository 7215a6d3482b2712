//! The environment's proxy is the default and `no_proxy()` bypasses it.
//!
//! This is a test binary of its own because it sets `HTTP_PROXY` for the whole process,
//! which would send every other loopback test's calls to the proxy too.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client, RetryPolicy};
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
    an_unusable_https_proxy_fails_the_build_naming_the_variable();
}

async fn a_plain_http_proxy_serves_http_targets() {
    let slack = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    // A plain-HTTP proxy receives the request in absolute form and answers for Slack.
    let proxy = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    std::env::set_var("HTTP_PROXY", proxy.url());
    let request = AdminUsersSessionResetRequest::new("W12345678");

    // A test rig on plain http off loopback: the proxy answers for a host it never reaches.
    let rig = Client::builder(TOKEN).base_url("http://slack.test/api").allow_plain_http(true).build();
    rig.expect("client").admin_users_session_reset(&request).await.expect("the call goes through the proxy");
    assert_eq!((proxy.request_count(), slack.request_count()), (1, 0), "the environment's proxy is the default");
    let expected = "http://slack.test/api/admin.users.session.reset";
    assert_eq!(proxy.requests()[0].path, expected, "a proxied request names its target in full");

    // Plain http on loopback never crosses a proxy, which would read the token in clear.
    let loopback = Client::builder(TOKEN).base_url(slack.url()).build().expect("client");
    loopback.admin_users_session_reset(&request).await.expect("the call goes straight to the loopback server");
    assert_eq!((proxy.request_count(), slack.request_count()), (1, 1), "HTTP_PROXY is not used on loopback");

    let direct = Client::builder(TOKEN).base_url("http://slack.test/api").allow_plain_http(true).no_proxy();
    let direct = direct.retry_policy(RetryPolicy::none());
    let error = direct.build().expect("client").admin_users_session_reset(&request).await.expect_err("no DNS");
    assert!(error.is_connect() && !error.is_proxy_error(), "no_proxy() ignores HTTP_PROXY: {error:?}");
    assert_eq!(proxy.request_count(), 1);
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
    // Credentials given in code go to the environment's proxy too.
    let client = builder().proxy_credentials("ann", "hunter2").build().expect("client");
    client.admin_users_session_reset(&request).await.expect("through the tunnel");
    assert_eq!(proxy.tunnels()[1].header("proxy-authorization"), Some("Basic YW5uOmh1bnRlcjI="));
    std::env::remove_var("HTTPS_PROXY");

    // HTTP_PROXY alone never applies to an https base URL, Slack's included.
    std::env::set_var("HTTP_PROXY", proxy.url());
    builder().build().expect("client").admin_users_session_reset(&request).await.expect("direct");
    assert_eq!(proxy.tunnels().len(), 2, "HTTP_PROXY is for http:// base URLs only");
    assert_eq!(slack.request_count(), 4);
    std::env::remove_var("HTTP_PROXY");
}

fn an_unusable_https_proxy_fails_the_build_naming_the_variable() {
    std::env::set_var("HTTPS_PROXY", "http://[not a host");
    let error = Client::builder(TOKEN).build().expect_err("never a quiet fall back to going direct");
    assert_eq!(error.to_string(), "invalid proxy URL `http://[not a host` in HTTPS_PROXY: not an absolute URL");
    std::env::remove_var("HTTPS_PROXY");
    let error = Client::builder(TOKEN).proxy_credentials("ann", "hunter2").build().expect_err("nowhere to send them");
    assert_eq!(
        error.to_string(),
        "proxy credentials were given, but no proxy is set: call proxy(), or set HTTPS_PROXY"
    );
}

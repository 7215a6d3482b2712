//! Corporate networks: a private certificate authority, an explicit `CONNECT` proxy,
//! GovSlack's base URL, and the configuration errors each option can raise.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client, ClientBuilder, RetryPolicy};
use tests::proxy::ConnectProxy;
use tests::tls::{TestCa, TlsFront};
use tests::{Reply, Server};

use crate::methods::TOKEN;

async fn slack() -> Server {
    Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await
}

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W12345678")
}

#[tokio::test]
async fn a_private_ca_is_refused_by_default_and_trusted_once_added() {
    let (ca, server) = (TestCa::new(), slack().await);
    let front = TlsFront::start(&ca, server.addr()).await;

    let default = Client::builder(TOKEN).base_url(front.url()).no_proxy().build().expect("client");
    let error = default.admin_users_session_reset(&reset()).await.expect_err("an unknown CA is refused");
    assert!(error.is_connect(), "a certificate error is a failed connection: {error:?}");
    assert!(!error.may_have_taken_effect(), "nothing was sent before the handshake failed");
    assert_eq!(server.request_count(), 0, "no request may cross an untrusted TLS connection");

    let trusting = Client::builder(TOKEN)
        .base_url(front.url())
        .no_proxy()
        .add_root_certificate(&ca.ca_pem)
        .build()
        .expect("client");
    trusting.admin_users_session_reset(&reset()).await.expect("the added CA is trusted");
    let only_ours = Client::builder(TOKEN)
        .base_url(front.url())
        .no_proxy()
        .webpki_roots(false)
        .add_root_certificate(ca.ca_pem.as_bytes())
        .build()
        .expect("client");
    only_ours.admin_users_session_reset(&reset()).await.expect("the added CA alone is enough");
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.requests()[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[tokio::test]
async fn calls_tunnel_through_an_explicit_proxy_that_never_sees_the_token() {
    let (ca, server, proxy) = (TestCa::new(), slack().await, ConnectProxy::start().await);
    let front = TlsFront::start(&ca, server.addr()).await;
    let client = Client::builder(TOKEN)
        .base_url(front.url())
        .add_root_certificate(&ca.ca_pem)
        .proxy(proxy.url())
        .proxy_credentials("ann", "hunter2")
        .build()
        .expect("client");
    client.admin_users_session_reset(&reset()).await.expect("the call goes through the tunnel");

    let tunnels = proxy.tunnels();
    assert_eq!(tunnels.len(), 1, "{tunnels:?}");
    let tunnel = &tunnels[0];
    assert!(tunnel.head.starts_with(&format!("CONNECT {} ", front.addr())), "{}", tunnel.head);
    // "ann:hunter2" in base64: the credentials go to the proxy, and only there.
    assert_eq!(tunnel.header("proxy-authorization"), Some("Basic YW5uOmh1bnRlcjI="));
    assert!(!tunnel.head.contains(TOKEN), "the CONNECT request must not carry the token");
    assert!(!tunnel.client_bytes.is_empty(), "the request crossed the tunnel");
    let carried = String::from_utf8_lossy(&tunnel.client_bytes);
    assert!(!carried.contains(TOKEN) && !carried.contains("admin.users.session"), "the tunnel carries only TLS");
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.requests()[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert!(server.requests()[0].header("proxy-authorization").is_none(), "proxy credentials stay at the proxy");
}

#[test]
fn a_proxy_or_certificate_that_cannot_work_fails_the_build_naming_it() {
    let build = |builder: slack_admin_users_session::ClientBuilder| builder.build().expect_err("refused").to_string();
    let message = build(Client::builder(TOKEN).proxy("not a url"));
    assert_eq!(message, "invalid proxy URL `not a url`: not an absolute URL");
    let message = build(Client::builder(TOKEN).proxy("ftp://proxy.example:21"));
    assert_eq!(message, "invalid proxy URL `ftp://proxy.example:21`: the scheme must be http or https");
    let with_password =
        Client::builder(TOKEN).proxy("http://ann:hunter2@proxy.example:3128/").proxy_credentials("bo", "s3cret");
    let debug = format!("{with_password:?}");
    assert!(!debug.contains("hunter2") && !debug.contains("s3cret") && !debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("proxy.example:3128"), "the proxy's host is worth showing: {debug}");
    let message = build(with_password.base_url("ftp://x"));
    assert!(!message.contains("hunter2"), "{message}");
    let message =
        build(Client::builder(TOKEN).add_root_certificate(TestCa::new().ca_pem).add_root_certificate("hello"));
    assert_eq!(
        message,
        "the root certificate given in add_root_certificate call #2 cannot be used: \
         it holds no `BEGIN CERTIFICATE` block"
    );
    let broken = "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
    let message = build(Client::builder(TOKEN).add_root_certificate(broken));
    assert!(message.starts_with("the root certificate given in add_root_certificate call #1"), "{message}");
}

#[test]
fn govslack_is_one_call_away() {
    assert_eq!(ClientBuilder::GOVSLACK_BASE_URL, "https://slack-gov.com/api");
    let client = Client::builder(TOKEN).govslack().build().expect("client");
    assert!(format!("{client:?}").contains(r#"base_url: "https://slack-gov.com/api""#), "{client:?}");
}

#[test]
fn a_truncated_certificate_fails_the_build_naming_its_call_and_block() {
    let ca = TestCa::new();
    // Valid PEM framing and valid base64, but half a certificate: only the TLS stack's
    // parser can tell.
    let lines: Vec<&str> = ca.ca_pem.lines().collect();
    let truncated = format!("{}\n{}\n{}\n", lines[0], lines[1..lines.len() / 2].join("\n"), lines[lines.len() - 1]);
    let bundle = format!("{}{truncated}", ca.ca_pem);
    let error = Client::builder(TOKEN)
        .add_root_certificate(&ca.ca_pem)
        .add_root_certificate(bundle)
        .build()
        .expect_err("half a certificate cannot be trusted");
    assert_eq!(
        error.to_string(),
        "the root certificate given in add_root_certificate call #2 cannot be used: its certificate #2 is not a \
         readable X.509 certificate (cut short or damaged); check the PEM file it came from"
    );
}

/// "ann:hunter2" as a `Proxy-Authorization` value.
const ANN: &str = "Basic YW5uOmh1bnRlcjI=";

#[tokio::test]
async fn a_refused_certificate_says_so_and_what_to_check_and_is_not_retried() {
    let (ca, server) = (TestCa::new(), slack().await);
    let front = TlsFront::start(&ca, server.addr()).await;
    // The default policy retries a failed connection four more times; not this one.
    let client = Client::builder(TOKEN).base_url(front.url()).no_proxy().build().expect("client");
    let error = client.admin_users_session_reset(&reset()).await.expect_err("an unknown CA is refused");
    assert!(error.is_connect() && error.is_certificate_error() && !error.is_proxy_error(), "{error:?}");
    assert_eq!(
        error.to_string(),
        "admin.users.session.reset: could not connect to Slack: the server's TLS certificate was refused \
         (UnknownIssuer); if a TLS-inspecting proxy or a private certificate authority is in the way, trust its CA \
         with `add_root_certificate`, or the system's store with `native_roots`"
    );
    assert_eq!((error.attempts(), front.connections()), (1, 1), "a certificate error will not heal by itself");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_proxy_that_refuses_its_credentials_or_is_down_is_named() {
    let (ca, server, proxy) = (TestCa::new(), slack().await, ConnectProxy::requiring(ANN).await);
    let front = TlsFront::start(&ca, server.addr()).await;
    let builder = || Client::builder(TOKEN).base_url(front.url()).add_root_certificate(&ca.ca_pem);
    let client = builder().proxy(proxy.url()).proxy_credentials("ann", "wrong-password").build().expect("client");
    let error = client.admin_users_session_reset(&reset()).await.expect_err("the proxy answers 407");
    assert!(error.is_proxy_error() && !error.is_certificate_error(), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "admin.users.session.reset: could not connect to Slack: the proxy {} refused its credentials \
             (HTTP 407); check `proxy_credentials` or the user and password in the proxy URL",
            proxy.url()
        )),
        "{message}"
    );
    assert!(!message.contains("wrong-password") && !format!("{error:?}").contains("wrong-password"));
    assert_eq!(error.attempts(), 1, "a refused proxy password is not tried again");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let down = format!("http://{}", closed.local_addr().expect("an address"));
    drop(closed);
    let client = builder().proxy(&down).retry_policy(RetryPolicy::none()).build().expect("client");
    let error = client.admin_users_session_reset(&reset()).await.expect_err("nothing listens there");
    assert!(error.is_proxy_error(), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "admin.users.session.reset: could not connect to Slack: the proxy {down} could not be reached; check \
             that it is up and its address (`proxy`, or HTTPS_PROXY)"
        )
    );
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn credentials_given_before_the_proxy_reach_it() {
    let (ca, server, proxy) = (TestCa::new(), slack().await, ConnectProxy::requiring(ANN).await);
    let front = TlsFront::start(&ca, server.addr()).await;
    let client = Client::builder(TOKEN)
        .base_url(front.url())
        .add_root_certificate(&ca.ca_pem)
        .proxy_credentials("ann", "hunter2")
        .proxy(proxy.url())
        .build()
        .expect("client");
    client.admin_users_session_reset(&reset()).await.expect("the proxy accepts the credentials");
    assert_eq!(proxy.tunnels()[0].header("proxy-authorization"), Some(ANN));
    let message = Client::builder(TOKEN).no_proxy().proxy_credentials("ann", "hunter2").build().expect_err("unused");
    assert_eq!(message.to_string(), "proxy credentials were given, but no_proxy() turns every proxy off");
}

#[tokio::test]
async fn plain_http_on_any_loopback_address_never_crosses_a_proxy() {
    let proxy = ConnectProxy::start().await;
    for ip in ["127.0.0.1", "127.0.0.2"] {
        let server = Server::start_on(ip, |_, _| Reply::json(r#"{"ok":true}"#)).await;
        let client = Client::builder(TOKEN).base_url(server.url()).proxy(proxy.url()).build().expect("client");
        client.admin_users_session_reset(&reset()).await.expect("the call goes straight to the loopback server");
        assert_eq!(server.request_count(), 1, "{ip}");
    }
    assert!(proxy.tunnels().is_empty(), "the proxy saw nothing, so it read no token: {:?}", proxy.tunnels());
}

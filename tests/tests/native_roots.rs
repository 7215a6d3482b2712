//! The operating system's trust store stays out unless `native_roots(true)` asks for it,
//! even when another package of the program turns on reqwest's `rustls-tls-native-roots`
//! (this package's dev-dependency on reqwest does, as such a package would).
//!
//! This is a test binary of its own because it points `SSL_CERT_FILE`, which the system
//! store is read from, at a test CA for the whole process.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client};
use tests::tls::{TestCa, TlsFront};
use tests::{Reply, Server};

const TOKEN: &str = "xoxp-native-roots-test";

#[tokio::test]
async fn the_systems_store_is_not_trusted_uninvited() {
    let ca = TestCa::new();
    let store = std::env::temp_dir().join(format!("slack-native-roots-{}.pem", std::process::id()));
    std::fs::write(&store, &ca.ca_pem).expect("write the system store");
    std::env::set_var("SSL_CERT_FILE", &store);
    std::env::remove_var("SSL_CERT_DIR");
    let slack = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let front = TlsFront::start(&ca, slack.addr()).await;

    // The rig works: a plain reqwest client, with the native store its feature turns on,
    // trusts the CA through SSL_CERT_FILE.
    let plain = reqwest::Client::builder().no_proxy().build().expect("reqwest client");
    plain.post(format!("{}/api.test", front.url())).send().await.expect("the system store holds the test CA");

    let request = AdminUsersSessionResetRequest::new("W12345678");
    for builder in [Client::builder(TOKEN), Client::builder(TOKEN).webpki_roots(false)] {
        let client = builder.base_url(front.url()).no_proxy().build().expect("client");
        let error = client.admin_users_session_reset(&request).await.expect_err("the system store is not asked for");
        assert!(error.is_connect(), "{error:?}");
    }
    assert_eq!(slack.request_count(), 1, "only the rig's own request reached the server");
    let _ = std::fs::remove_file(store);
}

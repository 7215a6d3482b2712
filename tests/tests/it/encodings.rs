//! A method accepts only the body encodings its spec lists: a form-only method is sent as
//! a form even when the client's default or the call's option is JSON, while a method
//! that takes both is sent as asked.

use serde::Serialize;
use slack_admin_users_session::{
    method::{ArgumentError, Encoding, Method, Tier},
    AdminUsersSessionResetError, AdminUsersSessionResetResponse, CallOptions, Client,
};
use tests::{Reply, Server};

use crate::methods::TOKEN;

/// A method as the generator writes one whose spec lists only the form body (the real
/// spec has none, so this one is written out here).
#[derive(Debug, Clone, Serialize)]
struct FormOnly {
    user_id: String,
}

impl Method for FormOnly {
    const NAME: &'static str = "admin.demo.formOnly";
    const SCOPES: &'static [&'static str] = &["admin.users:write"];
    const TIER: Tier = Tier::PerMinute { calls: 1200, burst: None };
    const IDEMPOTENT: bool = false;
    const ENCODINGS: &'static [Encoding] = &[Encoding::Form];

    type Response = AdminUsersSessionResetResponse;
    type Error = AdminUsersSessionResetError;

    fn validate(&self) -> Result<(), ArgumentError> {
        Ok(())
    }

    fn form_fields(&self) -> Vec<(&'static str, String)> {
        Vec::from([("user_id", self.user_id.clone())])
    }
}

#[tokio::test]
async fn a_form_only_method_is_never_sent_as_json() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok": true}"#); 3]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).encoding(Encoding::Json).build().expect("client");
    let request = FormOnly { user_id: "W1".to_owned() };
    client.call(&request).await.expect("the default JSON gives way to the form");
    client.call_with(&request, &CallOptions::new().encoding(Encoding::Json)).await.expect("so does an explicit JSON");
    let both = slack_admin_users_session::AdminUsersSessionResetRequest::new("W1");
    client.call(&both).await.expect("a method taking both is sent as JSON");
    let requests = server.requests();
    for recorded in &requests[..2] {
        assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(recorded.form(), [("user_id".to_owned(), "W1".to_owned())]);
    }
    assert_eq!(requests[2].header("content-type"), Some("application/json; charset=utf-8"));
}

//! What goes wrong, said clearly on stderr with the documented exit code: a bad
//! argument, no token, a token on the command line, a refused token, an unreachable
//! URL, an unknown user, and `demo` in a build without its feature.

use std::net::TcpListener;

use crate::support::{output, tool, Org, TempFile};

#[tokio::test]
async fn a_bad_argument_is_a_usage_error() {
    let run = output(tool(&["list", "--format", "xml"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("invalid value 'xml' for '--format <FORMAT>'"), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let run = output(tool(&["list", "--ip", "300.1.2.3"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--ip"), "{}", run.stderr);

    let run = output(tool(&["sweep", "--mobil"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("tip: a similar argument exists: '--mobile'"), "{}", run.stderr);
}

#[tokio::test]
async fn no_token_is_a_configuration_error_that_says_where_to_put_one() {
    let run = output(tool(&["list"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("no token: SLACK_ADMIN_TOKEN is not set"), "{}", run.stderr);
    assert!(run.stderr.contains("--token-file"), "{}", run.stderr);

    let empty = TempFile::with("\n");
    let run = output(tool(&["list", "--token-file", &empty.path.display().to_string()])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("is empty"), "{}", run.stderr);

    let run = output(tool(&["list", "--token-file", "/nonexistent/token"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("cannot read the token file /nonexistent/token"), "{}", run.stderr);
}

#[tokio::test]
async fn a_token_on_the_command_line_is_refused_and_never_used() {
    let org = Org::new().await;
    let mut command = tool(&["list", "--token", "xoxp-typed-on-the-command-line"]);
    command.args(["--base-url", &org.fake.url()]);
    let run = output(command).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--token is refused"), "{}", run.stderr);
    assert!(run.stderr.contains("shell history") && run.stderr.contains("process list"), "{}", run.stderr);
    assert!(!run.stderr.contains("xoxp-typed"), "the token is not echoed: {}", run.stderr);
    assert!(org.fake.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_token_comes_from_the_environment_too() {
    let org = Org::new().await;
    org.session("U1", 1, slack_admin_users_session::fake::Device::Mobile, "iOS", "203.0.113.5");
    let mut command = tool(&["list", "--format", "jsonl", "--base-url", &org.fake.url()]);
    command.env("SLACK_ADMIN_TOKEN", slack_admin_users_session::fake::DEFAULT_TOKEN);
    let run = output(command).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json_lines().len(), 1);
}

#[tokio::test]
async fn a_refused_token_exits_3() {
    let org = Org::new().await;
    let wrong = TempFile::with("xoxp-not-the-fakes-token\n");
    let mut command = tool(&["reset", "U1", "--base-url", &org.fake.url()]);
    command.args(["--token-file", &wrong.path.display().to_string()]);
    let run = output(command).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("invalid_auth"), "{}", run.stderr);
    assert!(run.stderr.contains("Slack refused the token"), "{}", run.stderr);
    assert!(!run.stderr.contains("xoxp-not"), "the token is not echoed: {}", run.stderr);
}

#[tokio::test]
async fn a_sweep_with_a_refused_token_exits_3_before_listing_and_says_why() {
    let org = Org::new().await;
    org.session("U1", 1, slack_admin_users_session::fake::Device::Mobile, "iOS", "203.0.113.5");
    org.fake.revoke_token(slack_admin_users_session::fake::DEFAULT_TOKEN_LABEL);
    let run = org.run(&["sweep", "--mobile", "--format", "json"]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    // The job asks whose token it is before anything else, and stops there.
    assert!(run.stderr.contains("cannot tell whose token this is") && run.stderr.contains("token_revoked"));
    assert!(run.stderr.contains("Slack refused the token"), "{}", run.stderr);
    let methods: Vec<String> = org.fake.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["auth.test"]);
    assert_eq!(org.fake.sessions().len(), 1, "nothing was ended");
}

#[tokio::test]
async fn a_sweep_whose_listing_is_refused_exits_3_and_says_why_in_its_json_summary() {
    use slack_admin_users_session::{fake::Fault, AdminUsersSessionListRequest as List};
    let org = Org::new().await;
    org.session("U1", 1, slack_admin_users_session::fake::Device::Mobile, "iOS", "203.0.113.5");
    org.fake.fail::<List>(1, Fault::error("token_revoked"));
    let run = org.run(&["sweep", "--mobile", "--format", "json"]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    let document = run.json();
    assert_eq!(document["targets"], 0);
    let stopped = document["stopped"].as_str().expect("a reason");
    assert!(stopped.starts_with("listing sessions failed") && stopped.contains("token_revoked"), "{stopped}");
    assert_eq!(document["operator"], "W0DEFAULT", "auth.test answered before the listing: {document}");
    assert_eq!(org.fake.sessions().len(), 1, "nothing was ended");
}

#[tokio::test]
async fn an_unreachable_url_fails_with_exit_1_and_names_the_cause() {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let token = TempFile::with("xoxp-anything\n");
    let url = format!("http://127.0.0.1:{port}");
    let mut command = tool(&["list", "--base-url", &url, "--token-file", &token.path.display().to_string()]);
    command.args(["--timeout", "2"]);
    let run = output(command).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("could not connect to Slack"), "{}", run.stderr);
    assert!(run.stderr.contains("check --base-url"), "{}", run.stderr);
}

#[tokio::test]
async fn a_base_url_that_cannot_work_is_a_configuration_error() {
    let token = TempFile::with("xoxp-anything\n");
    let token = token.path.display().to_string();
    let run = output(tool(&["list", "--base-url", "http://slack.example.com/api", "--token-file", &token])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("plain http"), "{}", run.stderr);
}

#[tokio::test]
async fn an_unknown_user_fails_with_exit_1_and_slacks_code() {
    let org = Org::new().await;
    let run = org.run(&["reset", "U404", "--format", "json"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("reset U404: admin.users.session.reset") && run.stderr.contains("user_not_found"));
    let document = run.json();
    assert_eq!(document["failed"], 1);
    assert_eq!(document["outcomes"][0]["error_code"], "user_not_found");
    assert_eq!(document["outcomes"][0]["may_have_taken_effect"], false);
}

#[cfg(not(feature = "demo"))]
#[tokio::test]
async fn the_demo_without_its_feature_says_how_to_get_it() {
    let run = output(tool(&["demo"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("cargo install --path generated/cli --features demo"), "{}", run.stderr);
}

#[tokio::test]
async fn a_ca_cert_that_is_not_a_certificate_is_named_by_its_place() {
    let token = TempFile::with("xoxp-anything\n");
    let broken = TempFile::with("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    let (token, broken) = (token.path.display().to_string(), broken.path.display().to_string());
    let run = output(tool(&["list", "--token-file", &token, "--ca-cert", &broken])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("the root certificate given in --ca-cert #1 cannot be used: its certificate #1 is not a readable X.509 certificate"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_proxy_that_is_down_and_a_slow_slack_say_which_option_to_check() {
    let token = TempFile::with("xoxp-anything\n");
    let token = token.path.display().to_string();
    let closed = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port");
    let proxy = format!("http://{closed}");
    let run =
        output(tool(&["list", "--token-file", &token, "--proxy", &proxy, "--base-url", "https://127.0.0.1:9/api"]))
            .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(&format!("the proxy {proxy} could not be reached")), "{}", run.stderr);
    assert!(run.stderr.contains("(check --proxy, the user:password in its URL, or HTTPS_PROXY)"), "{}", run.stderr);

    // A server that takes the connection and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", silent.local_addr().expect("an address"));
    let mut command = tool(&["list", "--token-file", &token, "--base-url", &url, "--timeout", "0.2"]);
    command.env("NO_PROXY", "*");
    let run = output(command).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("no complete response from Slack within 0.2s"), "{}", run.stderr);
    assert!(run.stderr.contains("(Slack or the network is slow: raise --timeout)"), "{}", run.stderr);
}

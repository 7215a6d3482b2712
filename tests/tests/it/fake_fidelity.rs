//! The fake Slack's fidelity to Slack's documented codes and the controls a test has
//! over it, through the real `Client` in both encodings: bots, the primary owner,
//! unknown users, expired sessions, token roles, scopes and kinds, partial resetBulk,
//! the manual clock, raw calls, error details, targeted faults, undo, seeding and scale.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;
use slack_admin_users_session::fake::{Detail, Device, FakeSlack, FakeToken, Fault, Refusal, Role, TokenKind};
use slack_admin_users_session::{
    method::Encoding, ActiveSession, AdminUsersSessionClearSettingsError, AdminUsersSessionClearSettingsRequest,
    AdminUsersSessionGetSettingsError, AdminUsersSessionGetSettingsRequest, AdminUsersSessionInvalidateError,
    AdminUsersSessionInvalidateRequest, AdminUsersSessionListError, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkError, AdminUsersSessionResetBulkRequest, AdminUsersSessionResetError,
    AdminUsersSessionResetRequest, AdminUsersSessionResetResponse, AdminUsersSessionSetSettingsError,
    AdminUsersSessionSetSettingsRequest, Client, UserSessionSettings,
};

use crate::fake::{client, client_for};

const ENCODINGS: [Encoding; 2] = [Encoding::Form, Encoding::Json];

fn reset(user: &str) -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new(user)
}

#[tokio::test]
async fn bots_are_neither_listed_nor_reset_nor_given_settings_in_both_encodings() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.unwrap();
        fake.add_bot("B1");
        fake.add_session(Device::Web, ActiveSession::new("B1", "T1", 1));
        fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 2));
        let client = client(&fake, encoding);
        let all = client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.unwrap();
        assert_eq!(all.active_sessions.len(), 1, "{encoding:?}: the bot's session is not listed");
        let bot = AdminUsersSessionListRequest::new().team_id_and_user_id("T1", "B1");
        let error = client.admin_users_session_list(&bot).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionListError::BotsNotAllowed));
        let error = client.admin_users_session_reset(&reset("B1")).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::CannotResetBot));
        let read = AdminUsersSessionGetSettingsRequest::new(["U1", "B1"]);
        let error = client.admin_users_session_get_settings(&read).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionGetSettingsError::BotsNotAllowed));
        let set = AdminUsersSessionSetSettingsRequest::new_with_desktop_app_browser_quit(["B1"], true);
        let error = client.admin_users_session_set_settings(&set).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionSetSettingsError::BotsNotAllowed));
        assert_eq!(fake.settings("B1"), None);
        fake.put_settings(UserSessionSettings::new("B1"));
        let clear = AdminUsersSessionClearSettingsRequest::new(["B1"]);
        let error = client.admin_users_session_clear_settings(&clear).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionClearSettingsError::BotsNotAllowed));
        assert!(fake.settings("B1").is_some(), "{encoding:?}: a bot's settings are not cleared");
    }
}

#[tokio::test]
async fn invalidate_knows_unknown_users_and_expired_sessions() {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 2));
    assert!(fake.expire_session(2));
    for encoding in ENCODINGS {
        let client = client(&fake, encoding);
        let unknown = AdminUsersSessionInvalidateRequest::new_with_user_id(1, "U404");
        let error = client.admin_users_session_invalidate(&unknown).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionInvalidateError::UserNotFound), "{encoding:?}");
        let expired = AdminUsersSessionInvalidateRequest::new_with_user_id(2, "U1");
        let error = client.admin_users_session_invalidate(&expired).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionInvalidateError::SessionExpired), "{encoding:?}");
    }
    let listed = client(&fake, Encoding::Form).admin_users_session_list(&AdminUsersSessionListRequest::new()).await;
    assert_eq!(listed.unwrap().active_sessions.len(), 1, "an expired session is not listed");
    let stored = fake.sessions_with_devices();
    assert_eq!(
        stored.iter().map(|s| (s.device, s.expired)).collect::<Vec<_>>(),
        [(Device::Web, false), (Device::Web, true)]
    );
}

#[tokio::test]
async fn a_tokens_role_kind_and_scopes_decide_what_it_may_call() {
    let fake = FakeSlack::builder()
        .token_with(FakeToken::new("member", "xoxp-member").owner("U7", Role::Member))
        .token_with(FakeToken::new("reader", "xoxp-reader").owner("U8", Role::Admin).scopes(["admin.users:read"]))
        .token_with(FakeToken::new("bot-kind", "xoxb-bot").kind(TokenKind::Bot))
        .token_with(FakeToken::new("bot-owner", "xoxp-bot-owner").bot_owner("B9"))
        .token_with(FakeToken::new("owner", "xoxp-owner").owner("U0", Role::PrimaryOwner))
        .token_with(FakeToken::new("admin", "xoxp-admin").owner("U5", Role::Admin))
        .start()
        .await
        .unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U0", "T1", 1));
    for encoding in ENCODINGS {
        let code = |label: &'static str| {
            let client = client_for(&fake, label, encoding);
            async move { client.admin_users_session_reset(&reset("U0")).await.unwrap_err() }
        };
        assert_eq!(code("member").await.api_error(), Some(&AdminUsersSessionResetError::NotAnAdmin));
        let scope = code("reader").await;
        assert_eq!(scope.api_error(), Some(&AdminUsersSessionResetError::MissingScope));
        let detail = scope.api_detail().expect("details");
        assert_eq!((detail.needed(), detail.provided()), (Some("admin.users:write"), Some("admin.users:read")));
        assert_eq!(code("bot-kind").await.api_error(), Some(&AdminUsersSessionResetError::NotAllowedTokenType));
        assert_eq!(code("bot-owner").await.api_error(), Some(&AdminUsersSessionResetError::IsBot));
        assert_eq!(code("admin").await.api_error(), Some(&AdminUsersSessionResetError::CannotResetPrimaryOwner));
    }
    let reader = fake.client_builder_for("reader").unwrap().build().unwrap();
    reader.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.expect("read scope is enough");
    let owner = fake.client_builder_for("owner").unwrap().build().unwrap();
    owner.admin_users_session_reset(&reset("U0")).await.expect("the primary owner may reset themselves");
    assert!(fake.sessions().is_empty());
    let labels: Vec<_> = fake.requests().iter().map(|r| r.token.clone().unwrap_or_default()).collect();
    assert_eq!(labels.last().map(String::as_str), Some("owner"), "the log names the token by its label");
    assert!(!format!("{:?}", fake.requests()).contains("xoxp-"), "never by its text");

    fake.revoke_token("admin");
    let admin = fake.client_builder_for("admin").unwrap().build().unwrap();
    let error = admin.admin_users_session_reset(&reset("U0")).await.unwrap_err();
    assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::TokenRevoked));
    assert!(fake.remove_user("U8"));
    let error = reader.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.unwrap_err();
    assert_eq!(error.api_error(), Some(&AdminUsersSessionListError::AccountInactive));
}

#[tokio::test]
async fn reset_bulk_resets_whom_it_can_and_names_the_rest() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::builder().manual_clock().start().await.unwrap();
        fake.add_bot("B1");
        fake.add_primary_owner("U0");
        fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1));
        fake.add_session(Device::Mobile, ActiveSession::new("U0", "T1", 2));
        fake.add_session(Device::Desktop, ActiveSession::new("U1", "T1", 3));
        let client = client(&fake, encoding);
        let unknown = AdminUsersSessionResetBulkRequest::new(["U1", "U404"]);
        let error = client.admin_users_session_reset_bulk(&unknown).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionResetBulkError::UserNotFound), "{encoding:?}");
        assert_eq!(error.api_detail().unwrap().messages(), ["[ERROR] U404: user_not_found"]);
        let only_bot = AdminUsersSessionResetBulkRequest::new(["B1"]);
        let error = client.admin_users_session_reset_bulk(&only_bot).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionResetBulkError::CannotResetBot));
        assert!(fake.jobs().is_empty(), "{encoding:?}: nothing queued");

        let mixed = AdminUsersSessionResetBulkRequest::new(["U1", "B1", "U0"]).mobile_only(true);
        let error = client.admin_users_session_reset_bulk(&mixed).await.unwrap_err();
        assert_eq!(error.api_error(), Some(&AdminUsersSessionResetBulkError::FailedForSomeUsers), "{encoding:?}");
        let messages = error.api_detail().unwrap().messages();
        assert_eq!(messages, ["[ERROR] B1: cannot_reset_bot", "[ERROR] U0: session_reset_not_allowed"]);
        let jobs = fake.jobs();
        assert_eq!(
            (jobs[0].user_ids.clone(), jobs[0].due, jobs[0].mobile_only),
            (vec!["U1".to_owned()], Duration::from_secs(2), true),
            "{encoding:?}"
        );
        fake.advance(Duration::from_secs(1));
        assert_eq!(fake.sessions().len(), 3, "{encoding:?}: not due yet on the manual clock");
        fake.advance(Duration::from_secs(1));
        let left: Vec<i64> = fake.sessions().iter().map(|s| s.session_id).collect();
        assert_eq!(left, [2, 3], "{encoding:?}: U1's phone session ended, the owner's and the desktop stay");
    }
}

#[tokio::test]
async fn run_jobs_now_runs_a_queued_job_before_it_is_due_in_both_encodings() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::builder().job_delay(Duration::from_secs(3600)).start().await.unwrap();
        fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1));
        fake.add_session(Device::Web, ActiveSession::new("U2", "T1", 2));
        let request = AdminUsersSessionResetBulkRequest::new(["U1", "U2"]).web_only(true);
        client(&fake, encoding).admin_users_session_reset_bulk(&request).await.expect("queued");
        let jobs = fake.jobs();
        assert_eq!((jobs.len(), jobs[0].web_only, jobs[0].user_ids.len()), (1, true, 2), "{encoding:?}");
        assert!(jobs[0].due >= Duration::from_secs(3600), "an hour away on the real-time clock");
        assert_eq!(fake.sessions().len(), 2, "{encoding:?}: not run yet");
        fake.run_jobs_now();
        assert_eq!(fake.pending_jobs(), 0);
        let left: Vec<String> = fake.sessions().into_iter().map(|s| s.user_id).collect();
        assert_eq!(left, ["U1"], "{encoding:?}: only the browser session ended");
    }
}

#[tokio::test]
async fn a_client_waits_out_a_429_on_the_manual_clock_in_milliseconds() {
    let fake = FakeSlack::builder().manual_clock().start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    let client = fake.client().unwrap();
    let request = AdminUsersSessionListRequest::new();
    let started = Instant::now();
    for _ in 0..25 {
        client.admin_users_session_list(&request).await.expect("the client waits out every 429");
    }
    let elapsed = started.elapsed();
    let stats = fake.stats::<AdminUsersSessionListRequest>();
    assert_eq!((stats.calls, stats.rate_limited), (30, 5), "a burst of 20, then a 429 before each call");
    assert_eq!(fake.now(), Duration::from_secs(15), "five waits of Slack's 3 s");
    assert!(elapsed < Duration::from_millis(300), "no real second spent, not even a third: {elapsed:?}");
    eprintln!("25 Tier 2 calls with 5 waited-out 429s on the manual clock: {elapsed:?}");

    let fail_fast = crate::fake::client(&fake, Encoding::Form);
    fake.refill_buckets();
    for _ in 0..20 {
        fail_fast.admin_users_session_list(&request).await.expect("a refilled bucket allows a whole burst");
    }
}

#[tokio::test]
async fn a_scaled_clock_sends_retry_after_in_fractions_of_a_second() {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    let client = crate::fake::client(&fake, Encoding::Form);
    let request = AdminUsersSessionListRequest::new();
    // At once, so that they outrun the refill of 200 calls a second even on a busy machine.
    let answers = join_all((0..60).map(|_| client.admin_users_session_list(&request))).await;
    let wait = answers.iter().find_map(|answer| answer.as_ref().err()).and_then(|error| error.retry_after());
    let wait = wait.expect("refused past the burst");
    assert!(wait <= Duration::from_millis(5), "Slack's 3 s at 600x, not a real second: {wait:?}");
    let started = Instant::now();
    fake.client().unwrap().admin_users_session_list(&request).await.expect("waited out");
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn raw_calls_reach_the_fake_unchecked_and_answer_slacks_envelope() {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    for encoding in ENCODINGS {
        let zero = fake.post("list", encoding, &json!({"limit": 0})).await.unwrap();
        assert_eq!((zero.status, zero.error()), (200, Some("invalid_arguments")), "{encoding:?}");
        let many: Vec<String> = (0..1001).map(|n| format!("U{n}")).collect();
        let bulk = fake.post("resetBulk", encoding, &json!({ "user_ids": many })).await.unwrap();
        assert_eq!(bulk.error(), Some("invalid_arguments"));
        let none = fake.post("admin.users.session.setSettings", encoding, &json!({"user_ids": ["U1"]})).await.unwrap();
        assert_eq!(none.error(), Some("at_least_one_session_setting_required"));
        let listed = fake.post("list", encoding, &json!({})).await.unwrap();
        assert!(listed.is_ok() && listed.body["active_sessions"][0]["session_id"] == 1);
    }
}

#[tokio::test]
async fn faults_and_overrides_carry_error_details_and_can_be_undone_in_both_encodings() {
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.unwrap();
        fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
        let client = client(&fake, encoding);
        let detail =
            Detail::new().scopes("admin.users:write", "identify").warning("superfluous_charset").message("[ERROR] no");
        fake.fail::<AdminUsersSessionResetRequest>(1, Fault::error_with("missing_scope", &detail));
        let error = client.admin_users_session_reset(&reset("U1")).await.unwrap_err();
        let got = error.api_detail().expect("details");
        assert_eq!((got.needed(), got.provided()), (Some("admin.users:write"), Some("identify")));
        assert_eq!(
            (got.warnings(), got.messages()),
            (&["superfluous_charset".to_owned()][..], &["[ERROR] no".to_owned()][..])
        );

        fake.on_refusing::<AdminUsersSessionResetRequest>(|_| {
            Err(Refusal::new(
                AdminUsersSessionResetError::UserSessionResetFailed,
                Detail::new().message("[ERROR] busy"),
            ))
        });
        let error = client.admin_users_session_reset(&reset("U1")).await.unwrap_err();
        assert_eq!(error.api_detail().unwrap().messages(), ["[ERROR] busy"], "{encoding:?}");
        fake.on::<AdminUsersSessionResetRequest>(|_| {
            let mut ok = AdminUsersSessionResetResponse::new(true);
            ok.warning = Some("missing_charset".to_owned());
            Ok(ok)
        });
        assert_eq!(
            client.admin_users_session_reset(&reset("U1")).await.unwrap().warning.as_deref(),
            Some("missing_charset")
        );
        fake.remove_override::<AdminUsersSessionResetRequest>();
        fake.fail::<AdminUsersSessionResetRequest>(3, Fault::Status(503));
        fake.clear_faults();
        client.admin_users_session_reset(&reset("U1")).await.expect("the model again, no faults left");
        assert!(fake.sessions().is_empty());
        fake.clear_requests();
        assert!(fake.requests().is_empty());
        assert_eq!(fake.stats::<AdminUsersSessionResetRequest>().calls, 0);
    }
}

#[tokio::test]
async fn a_targeted_fault_fails_only_the_calls_that_name_its_user_in_both_encodings() {
    type Bulk = AdminUsersSessionResetBulkRequest;
    for encoding in ENCODINGS {
        let fake = FakeSlack::start().await.unwrap();
        ["U1", "W3"].iter().for_each(|user| fake.add_user(user));
        let names_w3 = |r: &Bulk| r.user_ids.iter().any(|id| id == "W3");
        fake.fail_when::<Bulk>(1, names_w3, Fault::error("user_session_reset_failed"));
        fake.fail::<AdminUsersSessionListRequest>(1, Fault::status_with_body(502, "text/html", "<h1>bad gateway</h1>"));
        let client = client(&fake, encoding);
        client.admin_users_session_reset_bulk(&Bulk::new(["U1"])).await.expect("not targeted");
        let error = client.admin_users_session_reset_bulk(&Bulk::new(["U1", "W3"])).await.unwrap_err();
        let expected = Some(&AdminUsersSessionResetBulkError::UserSessionResetFailed);
        assert_eq!(error.api_error(), expected, "{encoding:?}: the form's `U1,W3` is read as a list");
        client.admin_users_session_reset_bulk(&Bulk::new(["W3"])).await.expect("used up");
        let error = client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.unwrap_err();
        assert_eq!((error.status(), error.body()), (Some(502), Some("<h1>bad gateway</h1>")), "{encoding:?}");
    }
}

#[tokio::test]
async fn seeding_refuses_duplicates_and_removes_users_and_sessions() {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1));
    fake.add_user_with_role("U2", Role::Admin);
    let again = fake.try_add_session(Device::Web, ActiveSession::new("U2", "T2", 1)).unwrap_err();
    assert_eq!(again.to_string(), "the fake already has a session with ID 1");
    assert_eq!(fake.workspaces(), ["T1"], "a refused session adds nothing");
    let roles: Vec<_> = fake.users().into_iter().map(|u| (u.id, u.role, u.bot)).collect();
    assert_eq!(roles, [("U1".to_owned(), Role::Member, false), ("U2".to_owned(), Role::Admin, false)]);
    assert!(fake.remove_session(1) && !fake.remove_session(1));
    fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1));
    assert!(fake.remove_user("U1"));
    assert!(fake.sessions().is_empty());
    let error = client(&fake, Encoding::Form).admin_users_session_reset(&reset("U1")).await.unwrap_err();
    assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::UserNotFound));
    assert_eq!(AdminUsersSessionResetError::UserNotFound.code(), "user_not_found");
}

/// `size` sessions, two per user, all on workspace E1.
fn org_of(size: i64) -> impl Iterator<Item = (Device, ActiveSession)> {
    (0..size).map(|n| (Device::Web, ActiveSession::new(format!("W{:06}", n / 2), "E1", n)))
}

/// The shortest of `tries` timings of `run`, the one least disturbed by other work.
async fn fastest<F: std::future::Future<Output = ()>>(tries: usize, mut run: impl FnMut() -> F) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..tries {
        let started = Instant::now();
        run().await;
        best = best.min(started.elapsed());
    }
    best
}

/// How long seeding `orgs` fresh fakes with `size` sessions each takes, their start and
/// drop left out.
async fn seed_time(orgs: usize, size: i64) -> Duration {
    let mut fakes = Vec::new();
    for _ in 0..orgs {
        fakes.push(FakeSlack::start().await.unwrap());
    }
    let started = Instant::now();
    fakes.iter().for_each(|fake| fake.add_sessions(org_of(size)));
    started.elapsed()
}

/// Seeding costs what the sessions cost, and a page what the page costs: one org of
/// 100,000 sessions seeds in well under three times as long as ten orgs of 10,000 (the
/// same sessions, and about as long, so that other work on the machine weighs on both
/// alike), and a page from the end of 100,000 sessions takes well under four times a
/// page from 100. A cost that grew with the org's size (a scan, a quadratic insert)
/// would be ten times or more at these sizes, in a debug build too.
#[tokio::test]
async fn an_org_of_100_000_sessions_seeds_and_pages_in_time_proportional_to_the_work() {
    let (mut ten_small, mut one_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..2 {
        ten_small = ten_small.min(seed_time(10, 10_000).await);
        one_large = one_large.min(seed_time(1, 100_000).await);
    }
    let seed_ratio = one_large.as_secs_f64() / ten_small.as_secs_f64();
    assert!(seed_ratio < 3.0, "one org of 100,000 took {seed_ratio:.2}x ten of 10,000 ({one_large:?}/{ten_small:?})");

    let (large, small) = (FakeSlack::start().await.unwrap(), FakeSlack::start().await.unwrap());
    large.add_sessions(org_of(100_000));
    small.add_sessions(org_of(100));
    let (large_client, small_client) = (client(&large, Encoding::Form), client(&small, Encoding::Form));
    let page = |client: &Client, last: i64| {
        let request = AdminUsersSessionListRequest::new().limit(10).cursor(format!("sid_{}", last - 11));
        let client = client.clone();
        async move {
            let page = client.admin_users_session_list(&request).await.unwrap();
            assert_eq!(page.active_sessions.len(), 10);
            assert_eq!(page.response_metadata.and_then(|m| m.next_cursor).as_deref(), Some(""), "the last page");
        }
    };
    // Five pages each, of Tier 2's burst of 20 per fake.
    let small_page = fastest(5, || page(&small_client, 100)).await;
    let large_page = fastest(5, || page(&large_client, 100_000)).await;
    let page_ratio = large_page.as_secs_f64() / small_page.as_secs_f64();
    assert!(page_ratio < 4.0, "a page from 100,000 took {page_ratio:.2}x one from 100 ({large_page:?}/{small_page:?})");

    let one_user = AdminUsersSessionListRequest::new().team_id_and_user_id("E1", "W049999");
    assert_eq!(large_client.admin_users_session_list(&one_user).await.unwrap().active_sessions.len(), 2);
    eprintln!("seeding one org of 100,000 / ten of 10,000: {seed_ratio:.2}x ({one_large:?}); a page from 100,000 / from 100: {page_ratio:.2}x ({large_page:?})");
}

/// The fake's docs have a row for every code any of the seven methods documents.
#[test]
fn the_fakes_code_table_covers_every_documented_code() {
    use slack_admin_users_session::*;
    let docs = include_str!("../../../generated/src/fake/mod.rs");
    let table = &docs[docs.find("# How a test makes the fake answer").expect("the table")..];
    let codes = [
        AdminUsersSessionResetError::DOCUMENTED_CODES,
        AdminUsersSessionResetBulkError::DOCUMENTED_CODES,
        AdminUsersSessionInvalidateError::DOCUMENTED_CODES,
        AdminUsersSessionListError::DOCUMENTED_CODES,
        AdminUsersSessionGetSettingsError::DOCUMENTED_CODES,
        AdminUsersSessionSetSettingsError::DOCUMENTED_CODES,
        AdminUsersSessionClearSettingsError::DOCUMENTED_CODES,
    ];
    let missing: Vec<&str> = codes.concat().into_iter().filter(|code| !table.contains(&format!("`{code}`"))).collect();
    assert!(missing.is_empty(), "codes without a row: {missing:?}");
}

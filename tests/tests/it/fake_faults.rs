//! Faults queued on the fake Slack, one kind at a time, each seen through the real
//! client: an HTTP status, a Slack error code, a stall past the client's timeout, a
//! connection cut mid-body, and a 429 with a chosen `Retry-After`.

use std::time::{Duration, Instant};

use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
use slack_admin_users_session::{
    method::Encoding, ActiveSession, AdminUsersSessionListRequest, AdminUsersSessionResetError,
    AdminUsersSessionResetRequest, ErrorKind, RetryPolicy,
};

use crate::fake::client;

async fn seeded() -> FakeSlack {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    fake
}

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("U1")
}

#[tokio::test]
async fn a_status_fault_answers_the_next_n_calls_then_the_model_takes_over() {
    let fake = seeded().await;
    fake.fail::<AdminUsersSessionResetRequest>(2, Fault::Status(503));
    let client = client(&fake, Encoding::Form);
    for _ in 0..2 {
        let error = client.admin_users_session_reset(&reset()).await.expect_err("faulted");
        assert!(matches!(error.kind(), ErrorKind::Http { status: 503, .. }), "{error:?}");
        assert_eq!(fake.sessions().len(), 1, "a faulted call does not reach the model");
    }
    client.admin_users_session_reset(&reset()).await.expect("the third call is the model's");
    assert!(fake.sessions().is_empty());
}

#[tokio::test]
async fn an_error_fault_answers_with_slacks_envelope_and_code() {
    let fake = seeded().await;
    fake.fail::<AdminUsersSessionResetRequest>(1, Fault::error("fatal_error"));
    let error = client(&fake, Encoding::Json).admin_users_session_reset(&reset()).await.expect_err("faulted");
    assert_eq!(error.api_error(), Some(&AdminUsersSessionResetError::FatalError));
    assert_eq!(error.status(), Some(200));
    assert_eq!(fake.requests()[0].status, 200);
}

#[tokio::test]
async fn a_delay_past_the_clients_timeout_times_the_call_out() {
    let fake = seeded().await;
    fake.fail::<AdminUsersSessionListRequest>(1, Fault::Delay(Duration::from_secs(2)));
    let client = fake.client_builder().timeout(Duration::from_millis(200)).retry_policy(RetryPolicy::none());
    let client = client.build().unwrap();
    let started = Instant::now();
    let error = client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.expect_err("stalled");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "the client gave up at its own timeout");
    client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.expect("only one call stalls");
}

#[tokio::test]
async fn a_cut_body_fails_the_call_and_leaves_the_model_alone() {
    let fake = seeded().await;
    fake.fail::<AdminUsersSessionResetRequest>(1, Fault::CutBody);
    let error = client(&fake, Encoding::Form).admin_users_session_reset(&reset()).await.expect_err("cut");
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    assert_eq!(fake.sessions().len(), 1);
}

#[tokio::test]
async fn a_rate_limit_fault_sends_its_retry_after_and_the_client_waits_it_out() {
    let fake = seeded().await;
    fake.fail::<AdminUsersSessionResetRequest>(1, Fault::RateLimited { retry_after: 7 });
    let error = client(&fake, Encoding::Form).admin_users_session_reset(&reset()).await.expect_err("429");
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));

    fake.fail::<AdminUsersSessionResetRequest>(1, Fault::RateLimited { retry_after: 1 });
    let started = Instant::now();
    fake.client().unwrap().admin_users_session_reset(&reset()).await.expect("retried after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1), "the client honoured Retry-After");
    let stats = fake.stats::<AdminUsersSessionResetRequest>();
    assert_eq!((stats.calls, stats.rate_limited), (3, 2));
}

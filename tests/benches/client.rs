//! Client benchmarks: the generated client against a minimal hand-written reqwest call on
//! the same loopback server, and micro-benchmarks of request encoding and response
//! decoding, each next to a hand-written baseline.
//!
//! Run with `cargo bench -p tests --bench client`. After divan's table the bench runs a
//! paired comparison (rounds alternate generated and baseline, 10,000 calls each) and
//! prints the median ratio, the figure the ≤ 1.05 target in BENCHMARKS.md is about.
//!
//! The server is a minimal keep-alive HTTP/1.1 responder on 127.0.0.1, on its own thread
//! and tokio runtime, so that client and server each get a core.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::{black_box, Bencher};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::Serialize;
use slack_admin_users_session::{
    method::Method, AdminUsersSessionListRequest, AdminUsersSessionListResponse, AdminUsersSessionResetBulkRequest,
    AdminUsersSessionResetRequest, AdminUsersSessionResetResponse, Client,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::runtime::Runtime;

/// Sequential calls per sample of the end-to-end benchmarks.
const CALLS: usize = 10_000;
const TOKEN: &str = "xoxp-bench";
const USER_AGENT: &str = "slack-admin-users-session-bench";
const FORM: &str = "application/x-www-form-urlencoded";

mod support;

fn main() {
    divan::main();
    if !support::summary_wanted() {
        return;
    }
    println!("\npaired end-to-end ratio, generated client / hand-written reqwest ({CALLS} calls per side per round):");
    let rig = Rig::get();
    for (name, generated, baseline) in [
        ("reset", Rig::generated_reset as fn(&Rig, usize), Rig::baseline_reset as fn(&Rig, usize)),
        ("list", Rig::generated_list, Rig::baseline_list),
    ] {
        let mut ratios = Vec::new();
        let mut per_call = Vec::new();
        for round in 0..7u32 {
            // Alternate which side goes first so that drift on a busy machine cancels out.
            let (g, b) = if round.is_multiple_of(2) {
                let g = time(|| generated(rig, CALLS));
                (g, time(|| baseline(rig, CALLS)))
            } else {
                let b = time(|| baseline(rig, CALLS));
                (time(|| generated(rig, CALLS)), b)
            };
            ratios.push(g.as_secs_f64() / b.as_secs_f64());
            per_call.push((g / CALLS as u32, b / CALLS as u32));
        }
        let mut sorted = ratios.clone();
        sorted.sort_by(f64::total_cmp);
        let (g, b) = per_call[ratios.iter().position(|r| *r == sorted[sorted.len() / 2]).unwrap_or(0)];
        println!(
            "  {name:<5}: median ratio {:.3} (min {:.3}, max {:.3}; target <= 1.05); per call {:.1} µs vs {:.1} µs",
            sorted[sorted.len() / 2],
            sorted[0],
            sorted[sorted.len() - 1],
            g.as_secs_f64() * 1e6,
            b.as_secs_f64() * 1e6
        );
    }
}

// ---------------------------------------------------------------------------------------
// End to end: 10,000 sequential calls against one loopback server.

mod end_to_end {
    use super::*;

    /// `admin.users.session.reset` through the generated client: validation, encoding,
    /// retry bookkeeping, timeout, envelope check and typed decoding included.
    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
    fn reset_generated() {
        Rig::get().generated_reset(CALLS);
    }

    /// The same 10,000 requests with a hand-written reqwest call.
    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
    fn reset_baseline_reqwest() {
        Rig::get().baseline_reset(CALLS);
    }

    /// `admin.users.session.list` (filters and limit; a two-session page back).
    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
    fn list_generated() {
        Rig::get().generated_list(CALLS);
    }

    /// The same 10,000 list requests with a hand-written reqwest call.
    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
    fn list_baseline_reqwest() {
        Rig::get().baseline_list(CALLS);
    }
}

/// The server, the runtime the clients run on, and both clients.
struct Rig {
    runtime: Runtime,
    base_url: String,
    generated: Client,
    http: reqwest::Client,
    authorization: HeaderValue,
}

impl Rig {
    fn get() -> &'static Rig {
        static RIG: OnceLock<Rig> = OnceLock::new();
        RIG.get_or_init(|| {
            let addr = start_server();
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
            let base_url = format!("http://{addr}");
            let _guard = runtime.enter();
            let generated = Client::builder(TOKEN)
                .base_url(&base_url)
                .user_agent(USER_AGENT)
                .build()
                .expect("the generated client builds");
            // What a careful hand-written caller would configure: the same user agent, no
            // redirects, the same connect timeout. Nothing else.
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(10))
                .user_agent(USER_AGENT)
                .build()
                .expect("the reqwest client builds");
            let mut authorization = HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("a header value");
            authorization.set_sensitive(true);
            Rig { runtime, base_url, generated, http, authorization }
        })
    }

    fn generated_reset(&self, calls: usize) {
        let request = reset_request();
        self.runtime.block_on(async {
            for _ in 0..calls {
                let response = self.generated.admin_users_session_reset(&request).await.expect("reset succeeds");
                assert!(black_box(response).ok);
            }
        });
    }

    fn baseline_reset(&self, calls: usize) {
        let request = reset_request();
        let url = format!("{}/{}", self.base_url, AdminUsersSessionResetRequest::NAME);
        self.runtime.block_on(async {
            for _ in 0..calls {
                let body = hand_form_reset(&request);
                let response: AdminUsersSessionResetResponse = self.post(&url, body).await;
                assert!(black_box(response).ok);
            }
        });
    }

    fn generated_list(&self, calls: usize) {
        let request = list_request();
        self.runtime.block_on(async {
            for _ in 0..calls {
                let page = self.generated.admin_users_session_list(&request).await.expect("list succeeds");
                assert_eq!(black_box(page).active_sessions.len(), 2);
            }
        });
    }

    fn baseline_list(&self, calls: usize) {
        let request = list_request();
        let url = format!("{}/{}", self.base_url, AdminUsersSessionListRequest::NAME);
        self.runtime.block_on(async {
            for _ in 0..calls {
                let body = hand_form_list(&request);
                let page: AdminUsersSessionListResponse = self.post(&url, body).await;
                assert!(page.ok);
                assert_eq!(black_box(page).active_sessions.len(), 2);
            }
        });
    }

    /// The minimal hand-written call: the same headers and body, the whole body read,
    /// then parsed once into the same response type.
    async fn post<T: serde::de::DeserializeOwned>(&self, url: &str, body: String) -> T {
        let response = self
            .http
            .post(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, FORM)
            .header(ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .expect("the request is answered");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("the body arrives");
        serde_json::from_slice(&bytes).expect("the body decodes")
    }
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// Starts the loopback server on its own thread and returns its address.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
            tx.send(listener.local_addr().expect("an address")).expect("the bench waits for the address");
            while let Ok((stream, _)) = listener.accept().await {
                stream.set_nodelay(true).ok();
                tokio::spawn(serve(stream));
            }
        });
    });
    rx.recv().expect("the server starts")
}

/// Answers requests on one keep-alive connection: the head up to the blank line, then
/// `Content-Length` body bytes, then a fixed JSON answer chosen by path.
async fn serve(mut stream: tokio::net::TcpStream) {
    let reset = response(br#"{"ok":true}"#);
    let list = response(LIST_PAGE.as_bytes());
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = std::str::from_utf8(&buffer[..head_end]).unwrap_or("");
        let is_list = head.starts_with("POST /admin.users.session.list ");
        let length = head
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let total = head_end + 4 + length;
        while buffer.len() < total {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..total);
        let answer = if is_list { &list } else { &reset };
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

fn response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// The spec's example page of `admin.users.session.list`.
const LIST_PAGE: &str = r#"{"ok":true,"active_sessions":[{"user_id":"U012S9M77JP","team_id":"E011E2SBBFC","session_id":1112275520242,"created":{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.29.149","ip":"203.0.113.24"},"recent":{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.33.73","ip":"203.0.113.58"}},{"user_id":"U02B7QK4Z1M","team_id":"E011E2SBBFC","session_id":1112275520367,"created":{"device_hardware":"iPhone","os":"iOS","os_version":"16.5","slack_client_version":"23.06.10","ip":"198.51.100.17"}}],"response_metadata":{"next_cursor":""}}"#;

fn reset_request() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W12345678").mobile_only(true)
}

fn list_request() -> AdminUsersSessionListRequest {
    AdminUsersSessionListRequest::new().limit(100).team_id_and_user_id("T1234", "U1234")
}

fn bulk_request(users: usize) -> AdminUsersSessionResetBulkRequest {
    AdminUsersSessionResetBulkRequest::new((0..users).map(|i| format!("W{i:08}"))).web_only(true)
}

// ---------------------------------------------------------------------------------------
// Request encoding.

/// What the runtime does for a form body: `Method::form_fields`, then percent-encoding.
fn generated_form<M: Method>(request: &M) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in request.form_fields() {
        form.append_pair(name, &value);
    }
    form.finish()
}

/// The same body written by hand from the fields, without the intermediate list.
fn hand_form_reset(request: &AdminUsersSessionResetRequest) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("user_id", &request.user_id);
    if let Some(mobile_only) = request.mobile_only {
        form.append_pair("mobile_only", if mobile_only { "true" } else { "false" });
    }
    if let Some(web_only) = request.web_only {
        form.append_pair("web_only", if web_only { "true" } else { "false" });
    }
    form.finish()
}

fn hand_form_list(request: &AdminUsersSessionListRequest) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    if let Some(cursor) = &request.cursor {
        form.append_pair("cursor", cursor);
    }
    if let Some(limit) = request.limit {
        form.append_pair("limit", &limit.to_string());
    }
    if let Some(team_id) = &request.team_id {
        form.append_pair("team_id", team_id);
    }
    if let Some(user_id) = &request.user_id {
        form.append_pair("user_id", user_id);
    }
    form.finish()
}

fn hand_form_bulk(request: &AdminUsersSessionResetBulkRequest) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("user_ids", &request.user_ids.join(","));
    if let Some(mobile_only) = request.mobile_only {
        form.append_pair("mobile_only", if mobile_only { "true" } else { "false" });
    }
    if let Some(web_only) = request.web_only {
        form.append_pair("web_only", if web_only { "true" } else { "false" });
    }
    form.finish()
}

/// A hand-written JSON body type with the same fields and the same skipping of absent
/// optional arguments.
#[derive(Serialize)]
struct HandBulk<'a> {
    user_ids: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    web_only: Option<bool>,
}

#[derive(Serialize)]
struct HandList<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<&'a str>,
}

mod encode_form {
    use super::*;

    #[divan::bench(sample_count = 200)]
    fn reset_generated(bencher: Bencher) {
        let request = reset_request();
        assert_eq!(generated_form(&request), hand_form_reset(&request));
        bencher.bench(|| generated_form(black_box(&request)));
    }

    #[divan::bench(sample_count = 200)]
    fn reset_baseline_hand(bencher: Bencher) {
        let request = reset_request();
        bencher.bench(|| hand_form_reset(black_box(&request)));
    }

    #[divan::bench(sample_count = 200)]
    fn list_generated(bencher: Bencher) {
        let request = list_request();
        assert_eq!(generated_form(&request), hand_form_list(&request));
        bencher.bench(|| generated_form(black_box(&request)));
    }

    #[divan::bench(sample_count = 200)]
    fn list_baseline_hand(bencher: Bencher) {
        let request = list_request();
        bencher.bench(|| hand_form_list(black_box(&request)));
    }

    /// resetBulk with its maximum of 1,000 user IDs, comma-joined into one field.
    #[divan::bench(sample_count = 100)]
    fn bulk_1000_generated(bencher: Bencher) {
        let request = bulk_request(1000);
        assert_eq!(generated_form(&request), hand_form_bulk(&request));
        bencher.bench(|| generated_form(black_box(&request)));
    }

    #[divan::bench(sample_count = 100)]
    fn bulk_1000_baseline_hand(bencher: Bencher) {
        let request = bulk_request(1000);
        bencher.bench(|| hand_form_bulk(black_box(&request)));
    }
}

mod encode_json {
    use super::*;

    #[divan::bench(sample_count = 200)]
    fn list_generated(bencher: Bencher) {
        let request = list_request();
        bencher.bench(|| serde_json::to_vec(black_box(&request)).expect("encodes"));
    }

    #[divan::bench(sample_count = 200)]
    fn list_baseline_hand(bencher: Bencher) {
        let request = list_request();
        let hand = HandList {
            cursor: request.cursor.as_deref(),
            limit: request.limit,
            team_id: request.team_id.as_deref(),
            user_id: request.user_id.as_deref(),
        };
        assert_eq!(serde_json::to_vec(&hand).ok(), serde_json::to_vec(&request).ok());
        bencher.bench(|| serde_json::to_vec(black_box(&hand)).expect("encodes"));
    }

    #[divan::bench(sample_count = 100)]
    fn bulk_1000_generated(bencher: Bencher) {
        let request = bulk_request(1000);
        bencher.bench(|| serde_json::to_vec(black_box(&request)).expect("encodes"));
    }

    #[divan::bench(sample_count = 100)]
    fn bulk_1000_baseline_hand(bencher: Bencher) {
        let request = bulk_request(1000);
        let hand =
            HandBulk { user_ids: &request.user_ids, mobile_only: request.mobile_only, web_only: request.web_only };
        assert_eq!(serde_json::to_vec(&hand).ok(), serde_json::to_vec(&request).ok());
        bencher.bench(|| serde_json::to_vec(black_box(&hand)).expect("encodes"));
    }
}

// ---------------------------------------------------------------------------------------
// Response decoding.

/// A list page of `sessions` sessions, the largest being Slack's maximum of 1,000.
fn list_page(sessions: usize) -> String {
    let one = |i: usize| {
        format!(
            r#"{{"user_id":"U{i:08}","team_id":"E011E2SBBFC","session_id":{},"created":{{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.29.149","ip":"203.0.113.24"}},"recent":{{"device_hardware":"Intel","os":"OS X","os_version":"10.15.7","slack_client_version":"4.33.73","ip":"203.0.113.58"}}}}"#,
            1_112_275_520_242u64 + i as u64
        )
    };
    let sessions: Vec<String> = (0..sessions).map(one).collect();
    format!(
        r#"{{"ok":true,"active_sessions":[{}],"response_metadata":{{"next_cursor":"dXNlcjpVMDYx"}}}}"#,
        sessions.join(",")
    )
}

mod decode {
    use super::*;

    #[divan::bench(sample_count = 200)]
    fn reset_generated(bencher: Bencher) {
        bencher.bench(|| {
            serde_json::from_slice::<AdminUsersSessionResetResponse>(black_box(br#"{"ok":true}"#)).expect("decodes")
        });
    }

    #[divan::bench(sample_count = 200)]
    fn reset_baseline_value(bencher: Bencher) {
        bencher.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(br#"{"ok":true}"#)).expect("decodes"));
    }

    /// The spec's example page: two sessions.
    #[divan::bench(sample_count = 200)]
    fn list_2_generated(bencher: Bencher) {
        bencher.bench(|| {
            serde_json::from_slice::<AdminUsersSessionListResponse>(black_box(LIST_PAGE.as_bytes())).expect("decodes")
        });
    }

    #[divan::bench(sample_count = 200)]
    fn list_2_baseline_value(bencher: Bencher) {
        bencher
            .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(LIST_PAGE.as_bytes())).expect("decodes"));
    }

    /// A full page: 1,000 sessions, about 300 KB.
    #[divan::bench(sample_count = 50)]
    fn list_1000_generated(bencher: Bencher) {
        let page = list_page(1000);
        bencher.bench(|| {
            serde_json::from_slice::<AdminUsersSessionListResponse>(black_box(page.as_bytes())).expect("decodes")
        });
    }

    #[divan::bench(sample_count = 50)]
    fn list_1000_baseline_value(bencher: Bencher) {
        let page = list_page(1000);
        bencher.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(page.as_bytes())).expect("decodes"));
    }
}

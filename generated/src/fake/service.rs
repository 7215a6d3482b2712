//! How the fake answers one call, in Slack's order: an injected fault, then the token,
//! the body's type, the method, the rate limit, the token's rights, and finally the
//! method itself. Every call is logged and counted, whatever it was answered.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};

use super::args::RawArgs;
use super::faults::{Fault, Faults};
use super::handlers::Ctx;
use super::limits::{retry_after_header, slack_retry_after, Clock, Limiter};
use super::log::{MethodStats, RecordedRequest};
use super::model::Org;
use super::rotation::{self, Access, Rotation, ROTATED_LABEL};
use super::routes::Routes;
use super::tokens::{Caller, FakeToken};
use crate::credentials::RotatingToken;
use crate::method::Encoding;
use crate::token::Token;

/// One HTTP request, as the server read it. It has no `Debug`, so that the token in
/// `authorization` cannot end up in a log line.
pub(crate) struct Call {
    pub(crate) method: String,
    /// The `Authorization` header's value, if any. Never logged.
    pub(crate) authorization: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// What the server sends back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    /// A JSON body with this status, and `Retry-After` when rate limited.
    Json { status: u16, retry_after: Option<String>, body: Value },
    /// A body of any type with this status, as a proxy would send.
    Text { status: u16, content_type: String, body: String },
    /// The first half of this JSON body, then a cut connection.
    Cut { body: Value },
}

impl Reply {
    fn ok_false(code: &str) -> Reply {
        Reply::Json { status: 200, retry_after: None, body: json!({ "ok": false, "error": code }) }
    }

    pub(crate) fn status(&self) -> u16 {
        match self {
            Reply::Json { status, .. } | Reply::Text { status, .. } => *status,
            Reply::Cut { .. } => 200,
        }
    }
}

/// Everything a call may read or change, behind one lock.
pub(crate) struct State {
    pub(crate) org: Org,
    pub(crate) routes: Routes,
    pub(crate) faults: Faults,
    pub(crate) limiter: Limiter,
    pub(crate) log: Vec<RecordedRequest>,
    pub(crate) stats: BTreeMap<String, MethodStats>,
    /// The labels of the tokens a test revoked.
    pub(crate) revoked: BTreeSet<String>,
    /// Slack's token rotation, when the fake was started with one.
    pub(crate) rotation: Option<Rotation>,
}

/// The state shared by the server's connections and the `FakeSlack` handle.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) clock: Clock,
    pub(crate) tokens: Vec<FakeToken>,
    pub(crate) job_delay: Duration,
    /// Whether the org is on an Enterprise plan, which the seven methods need.
    pub(crate) enterprise: bool,
    /// The organization's ID, which `auth.test` answers.
    pub(crate) org_id: String,
    /// The number in the next answer's `X-Slack-Req-Id`.
    pub(crate) next_request_id: AtomicU64,
}

impl Shared {
    /// The state, with every reset job that is due by now already run, so that the
    /// model a call or a test sees is the one Slack would show at this moment.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        state.org.run_due_jobs(Some(self.clock.slack_now()));
        state
    }

    /// A fresh request ID for an answer's `X-Slack-Req-Id` header, as Slack sends on
    /// every answer.
    pub(crate) fn request_id(&self) -> String {
        format!("fake-req-{}", self.next_request_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// Takes the fault queued for the call, if any; the server waits out a delay
    /// before calling [`Shared::answer`].
    pub(crate) fn take_fault(&self, call: &Call) -> Option<Fault> {
        let raw = encoding_of(call).and_then(|encoding| RawArgs::parse(encoding, &call.body));
        self.lock().faults.next(&call.method, raw.as_ref())
    }

    /// Answers one call and records it.
    pub(crate) fn answer(&self, call: &Call, fault: Option<Fault>) -> Reply {
        let at = self.clock.elapsed();
        let encoding = encoding_of(call);
        let raw = encoding.and_then(|encoding| RawArgs::parse(encoding, &call.body));
        let mut state = self.lock();
        let authenticated = self.authenticate(&state, call, raw.as_ref());
        let token = authenticated.ok();
        let reply = match fault.and_then(faulted) {
            Some(reply) => reply,
            None => self.decide(&mut state, call, raw.as_ref(), authenticated),
        };
        let args = describe(&state, &call.method, raw.as_ref());
        let status = reply.status();
        let token = token.map(|index| self.tokens[index].label.clone());
        state.log.push(RecordedRequest { method: call.method.clone(), encoding, args, at, status, token });
        let stats = state.stats.entry(call.method.clone()).or_default();
        stats.calls += 1;
        stats.rate_limited += u64::from(status == 429);
        reply
    }

    /// The answer to a call that no fault replaced; `authenticated` is the call's token
    /// as [`Shared::authenticate`] found it, read once for the answer and the log.
    fn decide(
        &self,
        state: &mut State,
        call: &Call,
        raw: Option<&RawArgs>,
        authenticated: Result<usize, &'static str>,
    ) -> Reply {
        if call.method == RotatingToken::REFRESH_METHOD {
            return self.refresh(state, call);
        }
        let token = match authenticated {
            Ok(index) => index,
            Err(code) => return Reply::ok_false(code),
        };
        if state.revoked.contains(&self.tokens[token].label) {
            return Reply::ok_false("token_revoked");
        }
        let raw = match readable(call, raw) {
            Ok(raw) => raw,
            Err(code) => return Reply::ok_false(code),
        };
        let State { org, routes, limiter, .. } = state;
        let Some(endpoint) = routes.get(&call.method) else {
            return Reply::ok_false("unknown_method");
        };
        let now = self.clock.slack_now();
        if let Err(wait) = limiter.admit((token, endpoint.name()), endpoint.tier(), now) {
            return self.rate_limited(slack_retry_after(wait));
        }
        let caller = Caller { token: &self.tokens[token] };
        let mut ctx =
            Ctx { org, now, job_delay: self.job_delay, enterprise: self.enterprise, org_id: &self.org_id, caller };
        Reply::Json { status: 200, retry_after: None, body: endpoint.answer(raw, &mut ctx) }
    }

    /// HTTP 429 for a wait of `slack_wait` on the Slack clock, which `Retry-After` gives
    /// in real time. On the manual clock nobody but the test moves time on, so the
    /// fake moves it on by the wait itself, as if the client had waited it out, and
    /// asks for no real wait: a client waiting out a 429 there takes no real time.
    fn rate_limited(&self, slack_wait: Duration) -> Reply {
        if self.clock.is_manual() {
            self.clock.advance(slack_wait);
        }
        rate_limited(retry_after_header(self.clock.real_time_of(slack_wait)))
    }

    /// The index of the call's token among the accepted ones; Slack's code otherwise.
    /// The token is read from the `Authorization` header or, in a form body, from the
    /// `token` argument, as Slack's pages allow; a JSON body must use the header.
    /// A rotated access token stands for the rotation's caller, and answers
    /// `token_expired` once past its time on the fake's clock.
    fn authenticate(&self, state: &State, call: &Call, raw: Option<&RawArgs>) -> Result<usize, &'static str> {
        let header = call.authorization.as_deref().and_then(|header| header.strip_prefix("Bearer "));
        let presented = header.map(str::trim).map(str::to_owned).or_else(|| raw.and_then(RawArgs::form_token));
        let presented = presented.filter(|t| !t.is_empty()).ok_or("not_authed")?;
        let presented = Token::new(presented);
        if let Some(index) = self.tokens.iter().position(|token| token.token == presented) {
            return Ok(index);
        }
        match state.rotation.as_ref().map(|rotation| rotation.check(&presented, self.clock.slack_now())) {
            Some(Access::Valid) => {
                self.tokens.iter().position(|token| token.label == ROTATED_LABEL).ok_or("invalid_auth")
            }
            Some(Access::Expired) => Err("token_expired"),
            Some(Access::Unknown) | None => Err("invalid_auth"),
        }
    }

    /// `oauth.v2.access`, which needs no bearer token: the app's credentials and the
    /// refresh token in force buy a new pair. Without a rotation it is a method the fake
    /// does not serve.
    fn refresh(&self, state: &mut State, call: &Call) -> Reply {
        let Some(rotation) = state.rotation.as_mut() else {
            return Reply::ok_false("unknown_method");
        };
        let basic = call.authorization.as_deref().and_then(rotation::basic_credentials);
        let form: Vec<(String, String)> = form_urlencoded::parse(&call.body).into_owned().collect();
        let clock = &self.clock;
        let body = rotation.refresh(basic, &form, clock.slack_now(), |slack| clock.real_time_of(slack));
        Reply::Json { status: 200, retry_after: None, body }
    }
}

/// The parsed arguments, or Slack's code for a body it cannot read: none named by a
/// `Content-Type`, a type Slack does not take, or JSON that is not an object.
fn readable<'a>(call: &Call, raw: Option<&'a RawArgs>) -> Result<&'a RawArgs, &'static str> {
    match (raw, &call.content_type) {
        (Some(raw), _) => Ok(raw),
        (None, None) => Err("missing_post_type"),
        (None, Some(_)) if encoding_of(call).is_some() => Err("invalid_arguments"),
        (None, Some(_)) => Err("invalid_post_type"),
    }
}

/// HTTP 429 with Slack's `ratelimited` body and this `Retry-After`.
fn rate_limited(retry_after: String) -> Reply {
    Reply::Json { status: 429, retry_after: Some(retry_after), body: json!({ "ok": false, "error": "ratelimited" }) }
}

/// The answer a fault gives instead of the model's, which then does not change; `None`
/// for a delay, which the server has already waited out, so the call goes on as usual.
fn faulted(fault: Fault) -> Option<Reply> {
    let text = |status: u16| Reply::Text {
        status,
        content_type: "text/plain; charset=utf-8".to_owned(),
        body: format!("fake Slack: HTTP {status}"),
    };
    match fault {
        Fault::Status(status) => Some(text(status)),
        Fault::StatusBody { status, content_type, body } => Some(Reply::Text { status, content_type, body }),
        Fault::Error(code) => Some(Reply::ok_false(&code)),
        Fault::Envelope(body) => Some(Reply::Json { status: 200, retry_after: None, body }),
        Fault::RateLimited { retry_after } => Some(rate_limited(retry_after.to_string())),
        Fault::CutBody => Some(Reply::Cut { body: json!({ "ok": true, "warning": "the_rest_never_arrives" }) }),
        Fault::Delay(_) => None,
    }
}

fn describe(state: &State, method: &str, raw: Option<&RawArgs>) -> Value {
    // A refresh carries the app's secret and a refresh token: the log keeps neither.
    if method == RotatingToken::REFRESH_METHOD {
        return json!({ "grant_type": "refresh_token" });
    }
    match (raw, state.routes.get(method)) {
        (Some(raw), Some(endpoint)) => endpoint.describe(raw),
        (Some(raw), None) => raw.untyped(),
        (None, _) => Value::Null,
    }
}

/// The encoding a `Content-Type` names; a call without one is read as a form, which is
/// what Slack does with an empty body.
pub(crate) fn encoding_of(call: &Call) -> Option<Encoding> {
    let Some(content_type) = &call.content_type else {
        return call.body.is_empty().then_some(Encoding::Form);
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(Encoding::Form),
        "application/json" => Some(Encoding::Json),
        _ => None,
    }
}
